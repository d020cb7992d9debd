"""The check: the knowledge base's questions in small groups (or a description in free text), then the result.

Without JavaScript it is a multi-step form: the answers so far travel in hidden fields and each POST moves to
the next group the skip logic allows. site.js posts the same forms with fetch and swaps in the fragment. The
order, skip logic and the stop for an emergency are `engine.answers`, shared with the CLI interview.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from twitchcheck.assessment import Assessment
from twitchcheck.engine.answers import (
    AnswerError,
    Step,
    answer_of,
    answer_options,
    answers_before,
    is_required,
    next_step,
    read_answer,
    shows_emergency,
    with_answer,
    with_placeholders,
)
from twitchcheck.engine.questions import should_ask
from twitchcheck.errors import InputError
from twitchcheck.knowledge.loader import KnowledgeBase
from twitchcheck.knowledge.model import Option, Question
from twitchcheck.web.deps import KnowledgeDep, NowDep, SettingsDep, verify_csrf
from twitchcheck.web.pages._render import ChromeDep, render

router = APIRouter()

_DIALABLE = re.compile(r"^\+?[0-9][0-9 ()-]{0,24}$")
MAX_HIDDEN_CHARS = 100_000


class DamagedForm(ValueError):
    """The hidden fields of a step were changed or cut: the check starts again."""


@dataclass(frozen=True)
class CheckState:
    """What a step's hidden fields carry: the answers so far, what a description gave, the steps taken."""

    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    given: frozenset[str] = frozenset()
    trail: tuple[int, ...] = ()
    position: int = 0

    @classmethod
    def read(cls, form: FormData, kb: KnowledgeBase) -> CheckState:
        """The state in a posted step; DamagedForm when it is not what the server wrote."""
        known = {question.id for question in kb.questions}
        try:
            answers = json.loads(_text(form, "answers") or "{}")
            given = json.loads(_text(form, "given") or "[]")
            trail = json.loads(_text(form, "trail") or "[]")
            position = int(_text(form, "position") or "0")
        except ValueError:
            raise DamagedForm from None
        fine = (
            isinstance(answers, dict)
            and all(isinstance(part, dict) for part in answers.values())
            and all(f"{section}.{name}" in known for section, part in answers.items() for name in part)
            and isinstance(given, list)
            and all(isinstance(item, str) and item in known for item in given)
            and isinstance(trail, list)
            and all(isinstance(item, int) and item >= 0 for item in trail)
            and position >= 0
        )
        if not fine:
            raise DamagedForm
        return cls(answers, frozenset(given), tuple(trail), position)


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    if not isinstance(value, str) or len(value) > MAX_HIDDEN_CHARS:
        return "" if value is None else "\x00"  # a file or an oversized value: not a number, not JSON
    return value


def emergency_number(given: str | None, default: str | None) -> str | None:
    """The emergency number to name: the one given (the CLI's --emergency-number), else the server's."""
    number = (given or "").strip()
    if not number:
        return default
    if not _DIALABLE.match(number):
        raise InputError([], "emergency number")
    return number


def dialable(number: str | None) -> str | None:
    """A number for a tel: link (digits and a leading +), or None when there is none to dial."""
    if number is None or not _DIALABLE.match(number):
        return None
    return re.sub(r"[^0-9+]", "", number)


@dataclass(frozen=True)
class ShownQuestion:
    """A question as the step shows it."""

    id: str
    prompt: str
    help: str
    answer: str
    unit: str | None
    required: bool
    choices: list[Option]


def _shown(kb: KnowledgeBase, question: Question) -> ShownQuestion:
    choices = answer_options(question)
    if question.answer == "bool" and not choices:
        choices = [Option(value="yes", label="Yes"), Option(value="no", label="No")]
    elif question.answer == "bool":
        choices = [Option(value="yes" if o.value is True else "no", label=o.label) for o in choices]
    elif question.answer == "regions":
        choices = [Option(value=region, label=info.label) for region, info in kb.regions.items()]
    return ShownQuestion(
        question.id, question.prompt, question.help, question.answer, question.unit, is_required(question),
        choices,
    )  # fmt: skip


def _form_values(value: Any) -> list[str]:
    """An answer as the strings its inputs carry."""
    if value is None:
        return []
    if isinstance(value, bool):
        return ["yes" if value else "no"]
    if isinstance(value, list):
        return [str(item) for item in value] or ["none"]
    if isinstance(value, float) and value.is_integer():
        return [str(int(value))]
    return [str(value)]


def _group_label(group: str) -> str:
    return group.replace("_", " ").capitalize()


def _show_step(
    request: Request,
    chrome: Any,
    kb: KnowledgeBase,
    step: Step,
    state: CheckState,
    number: str | None,
    *,
    values: dict[str, list[str]] | None = None,
    errors: dict[str, str] | None = None,
    understood: dict[str, Any] | None = None,
) -> HTMLResponse:
    shown_values = values if values is not None else {
        question.id: _form_values(answer_of(state.answers, question.id)) for question in step.questions
    }  # fmt: skip
    return render(
        request,
        chrome,
        "check/step.html",
        {
            "group_label": _group_label(step.group),
            "step_number": len(state.trail) + 1,
            "questions": [_shown(kb, question) for question in step.questions],
            "values": shown_values,
            "errors": errors or {},
            "labels": {question.id: question.prompt for question in step.questions},
            "answers_json": json.dumps(state.answers, separators=(",", ":")),
            "given_json": json.dumps(sorted(state.given)),
            "trail_json": json.dumps(list(state.trail)),
            "position": step.start,
            "can_go_back": True,
            "emergency_number": number,
            "understood": understood,
        },
        fragment="check/_step.html",
        status_code=422 if errors else 200,
    )


def _show_start(
    request: Request,
    chrome: Any,
    number: str | None,
    *,
    errors: dict[str, str] | None = None,
    text: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    from twitchcheck.text.model import MAX_TEXT_CHARS

    return render(
        request,
        chrome,
        "check/start.html",
        {
            "emergency_number": number,
            "errors": errors or {},
            "labels": {"text": "Description", "emergency_number": "Emergency number", "check": "Check"},
            "text": text,
            "max_text": MAX_TEXT_CHARS,
        },
        status_code=status_code,
    )


def _show_result(
    request: Request,
    chrome: Any,
    assessment: Assessment,
    number: str | None,
    *,
    text_result: dict[str, Any] | None = None,
) -> HTMLResponse:
    return render(
        request,
        chrome,
        "check/result.html",
        {**card_context(assessment, number), "emergency_number": number, "text_result": text_result},
        fragment="check/_result.html",
    )


def card_context(assessment: Assessment, number: str | None) -> dict[str, Any]:
    """What `_card.html` needs to show an assessment."""
    return {
        "a": assessment,
        "numbers": {source.id: index for index, source in enumerate(assessment.sources, start=1)},
        "tel": dialable(number),
        "level_label": assessment.triage.level.replace("_", " "),
    }


_NUMBER_ERROR = "give the number to dial, e.g. 112 or +44 999"


@router.get("/", response_class=HTMLResponse)
@router.get("/check", response_class=HTMLResponse)
def check_start(request: Request, chrome: ChromeDep, settings: SettingsDep) -> HTMLResponse:
    """The start of the check: the questions or a description."""
    given = request.query_params.get("emergency_number")
    try:
        number = emergency_number(given, settings.emergency_number)
    except InputError:
        return _show_start(request, chrome, None, errors={"emergency_number": _NUMBER_ERROR}, status_code=422)
    return _show_start(request, chrome, number)


@router.post("/check", response_class=HTMLResponse, dependencies=[Depends(verify_csrf)])
async def check_step(
    request: Request, chrome: ChromeDep, kb: KnowledgeDep, settings: SettingsDep, now: NowDep
) -> HTMLResponse:
    """One step of the check: read the group's answers, then show the next group or the result."""
    form = await request.form()
    try:
        number = emergency_number(_text(form, "emergency_number"), settings.emergency_number)
    except InputError:
        return _show_start(request, chrome, None, errors={"emergency_number": _NUMBER_ERROR}, status_code=422)
    try:
        state = CheckState.read(form, kb)
    except DamagedForm:
        return _show_start(
            request,
            chrome,
            number,
            errors={"check": "the form's saved answers were damaged; please start again"},
            status_code=400,
        )
    action = _text(form, "action") or "next"
    if action == "start":
        state = CheckState()
    if action == "back":
        if not state.trail:
            return _show_start(request, chrome, number)
        previous = state.trail[-1]
        kept = answers_before(kb, state.answers, previous, given=state.given)
        back = CheckState(kept, state.given, state.trail[:-1], previous)
        step = next_step(kb, kept, previous, given=state.given)
        if step is None:
            return _show_start(request, chrome, number)
        shown = {q.id: _form_values(answer_of(state.answers, q.id)) for q in step.questions}
        return _show_step(request, chrome, kb, step, back, number, values=shown)
    step = next_step(kb, state.answers, state.position, given=state.given)
    if step is None or action == "start":
        if step is None:
            return _assess(request, chrome, kb, state.answers, number, now)
        return _show_step(request, chrome, kb, step, state, number)
    answers: dict[str, dict[str, Any]] = state.answers
    values: dict[str, list[str]] = {}
    errors: dict[str, str] = {}
    for question in step.questions:
        raw = [item for item in form.getlist(f"q:{question.id}") if isinstance(item, str)]
        values[question.id] = raw
        if not should_ask(kb, question, answers):
            continue  # an earlier answer in this group ruled it out, as it would have when asked one by one
        try:
            answers = with_answer(answers, question.id, read_answer(question, raw, kb, answers))
        except AnswerError as error:
            errors[question.id] = str(error)
    if errors:
        return _show_step(request, chrome, kb, step, state, number, values=values, errors=errors)
    if shows_emergency(kb, answers):
        return _assess(request, chrome, kb, answers, number, now)
    following = next_step(kb, answers, step.end, given=state.given)
    if following is None:
        return _assess(request, chrome, kb, answers, number, now)
    moved = CheckState(answers, state.given, (*state.trail, step.start), following.start)
    return _show_step(request, chrome, kb, following, moved, number)


def _assess(
    request: Request,
    chrome: Any,
    kb: KnowledgeBase,
    answers: dict[str, dict[str, Any]],
    number: str | None,
    now: Any,
) -> HTMLResponse:
    from twitchcheck.engine.pipeline import assess

    # Only an emergency ends the questions before the required ones; their placeholders are shown.
    report, assumed = with_placeholders(answers)
    try:
        assessment = assess(report, knowledge=kb, now=now, emergency_number=number)
    except InputError as error:
        problems = {problem.field: problem.message for problem in error.problems}
        return _show_start(request, chrome, number, errors=problems, status_code=422)
    text_result = {"lines": [], "assumed": assumed, "uncertain": []} if assumed else None
    return _show_result(request, chrome, assessment, number, text_result=text_result)


@router.post("/check/text", response_class=HTMLResponse, dependencies=[Depends(verify_csrf)])
async def check_text(
    request: Request, chrome: ChromeDep, kb: KnowledgeDep, settings: SettingsDep, now: NowDep
) -> HTMLResponse:
    """A description in the person's own words: the result, or the questions for what it left out."""
    from twitchcheck.cli.understood import understood_lines
    from twitchcheck.text.assess import NotUnderstood, assess_understanding
    from twitchcheck.text.model import MAX_TEXT_CHARS
    from twitchcheck.text.parse import parse_text

    form = await request.form()
    text = form.get("text")
    text = text if isinstance(text, str) else ""
    try:
        number = emergency_number(_text(form, "emergency_number"), settings.emergency_number)
    except InputError:
        return _show_start(
            request, chrome, None, errors={"emergency_number": _NUMBER_ERROR}, text=text, status_code=422
        )
    if len(text) > MAX_TEXT_CHARS:
        message = f"longer than the limit of {MAX_TEXT_CHARS:,} characters"
        return _show_start(request, chrome, number, errors={"text": message}, status_code=422)
    if not text.strip():
        message = "describe where it twitches, since when, and anything else you notice"
        return _show_start(request, chrome, number, errors={"text": message}, text=text, status_code=422)
    understanding = parse_text(text, now=now.astimezone())
    lines = [line.plain for line in understood_lines(understanding)]
    try:
        result = assess_understanding(understanding, knowledge=kb, now=now, emergency_number=number)
    except NotUnderstood:
        answers = {section: dict(values) for section, values in understanding.fields.items()}
        given = frozenset(f"{section}.{name}" for section, values in answers.items() for name in values)
        state = CheckState(answers, given, (), 0)
        step = next_step(kb, answers, 0, given=given)
        if step is None:  # no question left to ask: say what is missing
            message = "not understood: say which muscle twitches and for how long"
            return _show_start(request, chrome, number, errors={"text": message}, text=text, status_code=422)
        understood = {"lines": lines, "missing": understanding.missing}
        return _show_step(request, chrome, kb, step, state, number, understood=understood)
    text_result = {
        "lines": lines,
        "assumed": result.assumed,
        "uncertain": result.uncertain_escalations,
    }
    return _show_result(request, chrome, result.assessment, number, text_result=text_result)
