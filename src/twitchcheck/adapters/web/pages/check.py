"""The check: the knowledge base's questions in small groups (or a description in free text), then the result.

Without JavaScript it is a multi-step form: the answers so far travel in hidden fields and each POST moves to
the next group the skip logic allows. site.js posts the same forms with fetch and swaps in the fragment. The
order, skip logic and the stop for an emergency are `engine.answers`, shared with the CLI interview.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Engine
from starlette.datastructures import FormData

from twitchcheck import services
from twitchcheck.adapters.storage.accounts import Account
from twitchcheck.adapters.storage.journal import Journal
from twitchcheck.adapters.web.deps import (
    EngineDep,
    KnowledgeDep,
    NowDep,
    OptionalUser,
    SettingsDep,
    journal_of,
    verify_csrf,
)
from twitchcheck.adapters.web.pages._render import ChromeDep, render
from twitchcheck.adapters.web.settings import Settings
from twitchcheck.core.assessment import Assessment
from twitchcheck.core.errors import InputError
from twitchcheck.core.jsonin import loads
from twitchcheck.core.limits import (
    COMMON_EMERGENCY_NUMBERS,
    EMERGENCY_NUMBER_HINT,
    check_emergency_number,
    dialable,
)
from twitchcheck.core.report import parse_report
from twitchcheck.engine.answers import (
    AnswerError,
    Step,
    answer_of,
    answer_options,
    answers_before,
    is_required,
    next_step,
    shows_emergency,
    with_answer,
)
from twitchcheck.engine.questions import should_ask
from twitchcheck.knowledge.loader import KnowledgeBase
from twitchcheck.knowledge.model import Option, Question
from twitchcheck.services.entries import AMOUNT_UNITS, TIME_UNITS, read_answer
from twitchcheck.services.understood import understood_view
from twitchcheck.text.model import MAX_TEXT_CHARS

router = APIRouter()

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
            # Strict JSON (core.jsonin): 50,000 "[" is a JsonInputError, a ValueError, not a RecursionError.
            answers = loads(_text(form, "answers") or "{}")
            given = loads(_text(form, "given") or "[]")
            trail = loads(_text(form, "trail") or "[]")
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


NUMBER_COOKIE = "emergency_number"
"""The person's own emergency number, remembered for a year: typed once, carried to every check form."""
_NUMBER_COOKIE_DAYS = 365


def emergency_number(given: str | None, default: str | None, request: Request | None = None) -> str | None:
    """The emergency number to name: the one given in the form, else the person's remembered one (a cookie),
    else the server's. InputError for a given one that is not a number; a damaged cookie is ignored."""
    number = check_emergency_number(given, None)
    if number is not None:
        return number
    remembered = request.cookies.get(NUMBER_COOKIE) if request is not None else None
    if remembered:
        try:
            return check_emergency_number(remembered, None) or default
        except InputError:
            pass
    return default


def remembered_number(request: Request, settings: Settings) -> str | None:
    """The person's remembered number (the cookie, when it is a number to dial), else the server's."""
    return emergency_number(None, settings.emergency_number, request)


def remember_number(response: HTMLResponse, form: FormData, settings: Settings) -> HTMLResponse:
    """Keep the number typed in a check form for the person's next forms; forget it when the start form's
    field was cleared."""
    given = _text(form, "emergency_number")
    try:
        number = check_emergency_number(given, None)
    except InputError:
        return response
    if number is not None:
        response.set_cookie(
            NUMBER_COOKIE, str(number), max_age=_NUMBER_COOKIE_DAYS * 86400, path="/", samesite="lax",
            secure=settings.secure_cookies,
        )  # fmt: skip
    elif _text(form, "action") == "start":
        response.delete_cookie(NUMBER_COOKIE, path="/")
    return response


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
    free: bool = False
    """Typed in words as well as numbers ("4 days", "16 oz"): no numeric keypad."""


def _shown(kb: KnowledgeBase, question: Question) -> ShownQuestion:
    choices = answer_options(question)
    if question.answer == "bool" and not choices:
        choices = [Option(value="yes", label="Yes"), Option(value="no", label="No")]
    elif question.answer == "bool":
        choices = [Option(value="yes" if o.value is True else "no", label=o.label) for o in choices]
    elif question.answer == "regions":
        choices = [Option(value=region, label=info.label) for region, info in kb.regions.items()]
    free = (question.unit or "") in (*TIME_UNITS, *AMOUNT_UNITS, "mg")
    return ShownQuestion(
        question.id, question.prompt, question.help, question.answer, question.unit, is_required(question),
        choices, free,
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
    no_journal: bool = False,
    follow_up: str | None = None,
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
            "no_journal": no_journal,
            "follow_up": follow_up,
            "form_action": "/check/text" if follow_up is not None else "/check",
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
            "journal_offered": getattr(chrome, "user", None) is not None,
        },
        status_code=status_code,
    )


def _show_result(
    request: Request,
    chrome: Any,
    check: services.Check,
    number: str | None,
    *,
    again: dict[str, str] | None = None,
    can_save: bool = False,
) -> HTMLResponse:
    text_result: dict[str, Any] | None = None
    if check.text is not None:
        result = check.text
        view = understood_view(
            result.understanding,
            assumed=result.assumed,
            escalations=result.uncertain_escalations,
            second_opinion=result.second_opinion,
        )
        text_result = {"view": view, "assumed": dict(view.assumed), "uncertain": list(view.escalations)}
    elif check.assumed:
        text_result = {"view": None, "assumed": dict(check.assumed), "uncertain": []}
    return render(
        request,
        chrome,
        "check/result.html",
        {
            **card_context(check.assessment, number),
            "emergency_number": number,
            "text_result": text_result,
            "journal_events": check.journal_events,
            "journal_left_out": check.journal_left_out,
            "again": again or {},
            "report_json": json.dumps(check.report.to_contract(), separators=(",", ":"))
            if can_save and check.report is not None
            else None,
        },
        fragment="check/_result.html",
    )


def card_context(assessment: Assessment, number: str | None) -> dict[str, Any]:
    """What `_card.html` needs to show an assessment."""
    return {
        "a": assessment,
        "numbers": {source.id: index for index, source in enumerate(assessment.sources, start=1)},
        "tel": dialable(number),
        "common_numbers": COMMON_EMERGENCY_NUMBERS,
        "level_label": assessment.triage.level.replace("_", " "),
    }


_NUMBER_ERROR = EMERGENCY_NUMBER_HINT


@router.get("/", response_class=HTMLResponse)
@router.get("/check", response_class=HTMLResponse)
def check_start(request: Request, chrome: ChromeDep, settings: SettingsDep) -> HTMLResponse:
    """The start of the check: the questions or a description."""
    given = request.query_params.get("emergency_number")
    try:
        number = emergency_number(given, settings.emergency_number, request)
    except InputError:
        return _show_start(request, chrome, None, errors={"emergency_number": _NUMBER_ERROR}, status_code=422)
    return _show_start(request, chrome, number)


def _page_journal(engine: Engine, user: Account | None, settings: Settings) -> Journal | None:
    """The person's journal (signed in, or the single-user journal); None for someone not signed in."""
    return journal_of(engine, user, settings) if user is not None else None


def _no_journal(form: FormData) -> bool:
    return _text(form, "no_journal") == "1"


@router.post("/check", response_class=HTMLResponse, dependencies=[Depends(verify_csrf)])
async def check_step(
    request: Request,
    chrome: ChromeDep,
    kb: KnowledgeDep,
    settings: SettingsDep,
    now: NowDep,
    user: OptionalUser,
    engine: EngineDep,
) -> HTMLResponse:
    """One step of the check: read the group's answers, then show the next group or the result."""
    form = await request.form()
    response = _check_step(request, form, chrome, kb, settings, now, user, engine)
    return remember_number(response, form, settings)


def _check_step(
    request: Request,
    form: FormData,
    chrome: Any,
    kb: KnowledgeBase,
    settings: Settings,
    now: datetime,
    user: Account | None,
    engine: Engine,
) -> HTMLResponse:
    try:
        number = emergency_number(_text(form, "emergency_number"), settings.emergency_number, request)
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
    journal = _page_journal(engine, user, settings)
    no_journal = _no_journal(form)

    def result(answers: dict[str, dict[str, Any]]) -> HTMLResponse:
        return _assess(request, chrome, kb, answers, number, now, journal, no_journal)

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
        return _show_step(request, chrome, kb, step, back, number, values=shown, no_journal=no_journal)
    step = next_step(kb, state.answers, state.position, given=state.given)
    if step is None or action == "start":
        if step is None:
            return result(state.answers)
        return _show_step(request, chrome, kb, step, state, number, no_journal=no_journal)
    answers: dict[str, dict[str, Any]] = state.answers
    values: dict[str, list[str]] = {}
    errors: dict[str, str] = {}
    for question in step.questions:
        raw = [item for item in form.getlist(f"q:{question.id}") if isinstance(item, str)]
        values[question.id] = raw
        if not should_ask(kb, question, answers):
            continue  # an earlier answer in this group ruled it out, as it would have when asked one by one
        try:
            answers = with_answer(answers, question.id, read_answer(question, raw, kb, answers, now))
        except AnswerError as error:
            errors[question.id] = str(error)
    if errors:
        return _show_step(
            request, chrome, kb, step, state, number, values=values, errors=errors, no_journal=no_journal
        )
    if shows_emergency(kb, answers):
        return result(answers)
    following = next_step(kb, answers, step.end, given=state.given)
    if following is None:
        return result(answers)
    moved = CheckState(answers, state.given, (*state.trail, step.start), following.start)
    return _show_step(request, chrome, kb, following, moved, number, no_journal=no_journal)


def _assess(
    request: Request,
    chrome: Any,
    kb: KnowledgeBase,
    answers: dict[str, dict[str, Any]],
    number: str | None,
    now: datetime,
    journal: Journal | None,
    no_journal: bool,
) -> HTMLResponse:
    # Only an emergency ends the questions before the required ones; their placeholders are shown.
    try:
        check = services.assess_answers(
            answers,
            now=now,
            journal=journal,
            use_journal=not no_journal,
            knowledge=kb,
            emergency_number=number,
        )
    except InputError as error:
        problems = {problem.field: problem.message for problem in error.problems}
        return _show_start(request, chrome, number, errors=problems, status_code=422)
    again = {"answers": json.dumps(answers, separators=(",", ":"))}
    return _show_result(request, chrome, check, number, again=again, can_save=journal is not None)


@router.post("/check/text", response_class=HTMLResponse, dependencies=[Depends(verify_csrf)])
async def check_text(
    request: Request,
    chrome: ChromeDep,
    kb: KnowledgeDep,
    settings: SettingsDep,
    now: NowDep,
    user: OptionalUser,
    engine: EngineDep,
) -> HTMLResponse:
    """A description in the person's own words: the result, or the questions for only what it left out (and
    the one confirming question for each warning sign it mentioned with doubt)."""
    form = await request.form()
    response = _check_text(request, form, chrome, kb, settings, now, user, engine)
    return remember_number(response, form, settings)


def _check_text(
    request: Request,
    form: FormData,
    chrome: Any,
    kb: KnowledgeBase,
    settings: Settings,
    now: datetime,
    user: Account | None,
    engine: Engine,
) -> HTMLResponse:
    text = form.get("text")
    text = text if isinstance(text, str) else ""
    try:
        number = emergency_number(_text(form, "emergency_number"), settings.emergency_number, request)
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
    journal = _page_journal(engine, user, settings)
    no_journal = _no_journal(form)
    understanding = services.read_text(text, now=now, journal=journal)
    questions = services.follow_up_questions(kb, understanding)
    step = Step("follow_up", questions, 0, len(questions)) if questions else None
    answers: dict[str, Any] = {}
    if step is not None and _text(form, "follow_up") == "1":
        # The answers to the follow-up questions: read them, then assess with them.
        values: dict[str, list[str]] = {}
        errors: dict[str, str] = {}
        report = {section: dict(values) for section, values in understanding.fields.items()}
        for question in questions:
            raw = [item for item in form.getlist(f"q:{question.id}") if isinstance(item, str)]
            values[question.id] = raw
            try:
                value = read_answer(question, raw, kb, report, now)
            except AnswerError as error:
                errors[question.id] = str(error)
                continue
            if value is not None:
                answers[question.id] = value
        if errors and shows_emergency(kb, services.with_answers(understanding, answers).fields):
            errors = {}  # a confirmed warning sign: the result comes first, where and how long can wait
        if errors:
            understood = {"view": (view := understood_view(understanding)), "missing": list(view.missing)}
            return _show_step(
                request, chrome, kb, step, CheckState(), number, values=values, errors=errors,
                understood=understood, no_journal=no_journal, follow_up=text,
            )  # fmt: skip
        step = None
    elif step is not None and not understanding.missing and not understanding.fields:
        step = None
    if step is not None:
        understood = {"view": (view := understood_view(understanding)), "missing": list(view.missing)}
        return _show_step(
            request, chrome, kb, step, CheckState(), number, values={}, understood=understood,
            no_journal=no_journal, follow_up=text,
        )  # fmt: skip
    answered = services.with_answers(understanding, answers) if answers else understanding
    try:
        check = services.assess_text(
            answered,
            now=now,
            journal=journal,
            use_journal=not no_journal,
            knowledge=kb,
            emergency_number=number,
        )
    except services.NotUnderstood:
        message = "not understood: say which muscle twitches and for how long"
        return _show_start(request, chrome, number, errors={"text": message}, text=text, status_code=422)
    again = {
        "text": text,
        **{
            f"q:{path}": _form_values(value)[0] if _form_values(value) else ""
            for path, value in answers.items()
            if not isinstance(value, list)
        },
    }
    if answers:
        again["follow_up"] = "1"
    return _show_result(request, chrome, check, number, again=again, can_save=journal is not None)


@router.post("/check/save", response_class=HTMLResponse, dependencies=[Depends(verify_csrf)])
async def save_check(
    request: Request,
    chrome: ChromeDep,
    kb: KnowledgeDep,
    settings: SettingsDep,
    now: NowDep,
    user: OptionalUser,
    engine: EngineDep,
) -> Response:
    """Save a check's result to the person's journal ("save this to my journal"): its twitch and symptoms."""
    form = await request.form()
    journal = _page_journal(engine, user, settings)
    if journal is None:
        return RedirectResponse("/signin?next=/check", status_code=303)
    try:
        data = loads(_text(form, "report") or "null")
        report = parse_report(data)
    except (ValueError, InputError):
        return _show_start(
            request, chrome, settings.emergency_number, errors={"check": "nothing to save"}, status_code=400
        )
    services.save_check(
        journal, report, now=now, knowledge=kb, emergency_number=settings.emergency_number,
        description=_text(form, "description") or None,
    )  # fmt: skip
    return RedirectResponse("/journal?done=logged", status_code=303)
