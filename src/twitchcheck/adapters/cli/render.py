"""The text card: an assessment laid out for people with Rich. Every sentence shown comes from the assessment.

Order: the level with the plain answer's three lines (a panel that cannot be missed when it is an emergency,
whose "What to do now" is then the plan's call step: the number said once, not again in the plan), why,
likely causes, the plan, the notes (the ALS/MND worry), the questions that could change it, numbered sources,
and the disclaimer last. Colour only on a terminal; Rich drops it for pipes and files and honours NO_COLOR.

The card reads the assessment's contract JSON (`Assessment.to_contract()`, or a stored status's, as kept)
through `CardView`, so that `twitchcheck status` prints a stored status without the pydantic models (about a
fifth of its start-up).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from twitchcheck.core.words import citation
from twitchcheck.services.understood import field_words, value_words

if TYPE_CHECKING:
    from twitchcheck.core.assessment import Assessment

EMERGENCY_PLAN_STEP = "call_emergency"
_BAR_CELLS = 20

_LEVEL_STYLE: Mapping[str, tuple[str, box.Box]] = {
    "emergency": ("bold red", box.DOUBLE),
    "urgent": ("bold dark_orange", box.HEAVY),
    "see_doctor": ("bold yellow", box.HEAVY),
    "self_care": ("bold green", box.ROUNDED),
}


_LISTS = frozenset(
    {"red_flags", "warnings", "causes", "plan", "next_questions", "sources", "notes", "answers", "evidence"}
)
"""The contract's lists that the JSON leaves out when empty (`notes`): absent reads as []."""


class CardView:
    """An assessment's contract JSON read as the card reads it: `view.triage.level`, `view.sources[0].url`.

    A key the contract leaves out when empty or unset (`answer`, `notes`, a source's `url`) reads as None or
    []; a nested object reads as another view; an answer's `value` is given as it is."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = data

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        value = self._data.get(name)
        if value is None:
            return [] if name in _LISTS else None
        if name == "value":
            return value
        if isinstance(value, Mapping):
            return CardView(value)
        if isinstance(value, list):
            return [CardView(item) if isinstance(item, Mapping) else item for item in value]
        return value


Words = tuple[Callable[[str], str], Callable[[str, Any], str]]
"""How a report field and its value are said (`field_words`, `value_words`; a stored status keeps them)."""

_KB_WORDS: Words = (field_words, value_words)


def print_assessment(
    assessment: Assessment | Mapping[str, Any], console: Console, words: Words | None = None
) -> None:
    """Print the whole card (lines without trailing blanks, so that a saved card diffs cleanly), of an
    assessment or of its contract JSON; `words` say the fields and values (by default the knowledge base's
    questions)."""
    data = assessment if isinstance(assessment, Mapping) else assessment.to_contract()
    with console.capture() as capture:
        for renderable in card(CardView(data), words or _KB_WORDS):
            console.print(renderable)
    console.file.write("\n".join(line.rstrip() for line in capture.get().splitlines()) + "\n")
    console.file.flush()


def card(assessment: CardView, words: Words = _KB_WORDS) -> list[RenderableType]:
    """The card, top to bottom."""
    numbers = {source.id: index for index, source in enumerate(assessment.sources, start=1)}
    parts: list[RenderableType] = [level_panel(assessment, numbers)]
    call = _call_step(assessment)
    rest_of_plan = [  # the call step is in the panel already
        step for step in assessment.plan if call is None or step.id != EMERGENCY_PLAN_STEP
    ]
    for title, body in (
        ("Why", _why(assessment, numbers, words)),
        ("Likely causes", _causes(assessment.causes, numbers)),
        ("Your plan", _plan(rest_of_plan, numbers)),
        *((note.title, _note(note, numbers)) for note in assessment.notes),
        ("Questions that could change this", _questions(assessment)),
        ("Sources", _sources(assessment)),
    ):
        if body:
            parts += [Text(), Text(title, style="bold underline"), _indent(Group(*body), 2)]
    parts += [Text(), Text(assessment.disclaimer, style="dim italic")]
    return parts


def _call_step(assessment: CardView) -> CardView | None:
    """An emergency's plan step to call for help (the number, who calls, what to do while waiting)."""
    if assessment.triage.level != "emergency":
        return None
    return next((step for step in assessment.plan if step.id == EMERGENCY_PLAN_STEP), None)


def level_panel(assessment: CardView, numbers: Mapping[str, int] | None = None) -> Panel:
    """The level, its headline, the plain answer and what to do now: first on the card, loud for an
    emergency, whose "What to do now" is the plan's call step (the emergency number said once, with what to
    do while waiting) in place of the answer's shorter line."""
    level = assessment.triage.level
    style, frame = _LEVEL_STYLE.get(level, ("bold", box.ROUNDED))
    lines: list[RenderableType] = [Text(assessment.triage.headline, style=style)]
    call = _call_step(assessment)
    if assessment.answer is not None:
        lines.append(plain_answer(assessment, numbers or {}, call))
    elif call is not None:
        lines.append(Text(call.advice + _cite(call.sources, numbers or {}), style="bold"))
    top = (flag for flag in (*assessment.red_flags, *assessment.warnings) if flag.level == level)
    for flag_text in _unique(f"{flag.title}: {flag.what_to_do}" for flag in top):
        lines.append(Text(flag_text, style="bold" if level == "emergency" else ""))
    body = Group(*_spaced(lines))
    title = Text(
        f" {level.replace('_', ' ').upper()} ", style=f"{style} reverse" if level == "emergency" else style
    )
    return Panel(body, title=title, title_align="left", border_style=style, box=frame, padding=(1, 2))


ANSWER_LABELS = ("What this most likely is", "What to do now", "What would make it more urgent")


def plain_answer(
    assessment: CardView, numbers: Mapping[str, int], call: CardView | None = None
) -> RenderableType:
    """The three lines that lead the card (the assessment's `answer`), each under its label; with `call`
    (an emergency's call step), what to do now is that step's advice, in bold."""
    answer = assessment.answer
    if answer is None:
        return Text()
    do_now = Text(answer.do_now)
    if call is not None:
        do_now = Text(call.advice + _cite(call.sources, numbers), style="bold")
    rows: list[RenderableType] = [
        Text(ANSWER_LABELS[0], style="bold"),
        _indent(Text(answer.likely), 2),
        Text(ANSWER_LABELS[1], style="bold"),
        _indent(do_now, 2),
        Text(ANSWER_LABELS[2], style="bold"),
        _indent(Text(answer.more_urgent + _cite(answer.sources, numbers)), 2),
    ]
    return Group(*rows)


def _note(note: CardView, numbers: Mapping[str, int]) -> list[RenderableType]:
    body = Text(note.text)
    body.append(_cite(note.sources, numbers), style="dim")
    parts: list[RenderableType] = [body]
    if note.grade is not None:
        grade = Text("Evidence grade: ", style="dim")
        grade.append(note.grade.replace("_", " "), style="bold")
        grade.append(f". {note.grade_note}" if note.grade_note else ".", style="dim")
        parts.append(grade)
    return parts


def _why(assessment: CardView, numbers: Mapping[str, int], words: Words) -> list[RenderableType]:
    parts: list[RenderableType] = [Text(assessment.triage.summary)]
    for flag in (*assessment.red_flags, *assessment.warnings):
        shown = flag.level != assessment.triage.level
        parts += [Text(), _red_flag(flag, numbers, words, show_what_to_do=shown)]
    return parts


def _red_flag(
    flag: CardView, numbers: Mapping[str, int], words: Words, *, show_what_to_do: bool
) -> RenderableType:
    """A red flag: why it fired and on which answers; what to do unless the level panel already says it."""
    style = _LEVEL_STYLE.get(flag.level, ("bold", box.ROUNDED))[0]
    head = Text(flag.title, style=style)
    head.append(f" ({flag.level.replace('_', ' ')})", style="dim")
    head.append(_cite(flag.sources, numbers), style="dim")
    lines: list[RenderableType] = [head, Text(flag.reason)]
    if flag.answers:
        field, value = words
        answered = "; ".join(
            f"{field(answer.field)}: {value(answer.field, answer.value)}" for answer in flag.answers
        )
        lines.append(Text(f"Your answers: {answered}", style="dim"))
    if show_what_to_do:
        lines.append(Text(flag.what_to_do))
    return _hanging(Text("!", style=style), Group(*lines))


def _causes(causes: Sequence[CardView], numbers: Mapping[str, int]) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for index, cause in enumerate(causes, start=1):
        head = Text(cause.title, style="bold")
        head.append(_cite(cause.sources, numbers), style="dim")
        grade = Text("Evidence grade: ", style="dim")
        grade.append(cause.grade.replace("_", " "), style="bold")
        grade.append(f". {cause.grade_note}", style="dim")
        evidence = [_hanging(Text("-"), Text(item)) for item in cause.evidence]
        parts += [Text()] if index > 1 else []
        parts.append(_hanging(Text(f"{index}."), Group(head, score_bar(cause.score), grade, *evidence)))
    return parts


def score_bar(score: float) -> Text:
    """`██████░░░░ 60%`: the cause's score as a bar and a percentage."""
    filled = round(max(0.0, min(1.0, score)) * _BAR_CELLS)
    bar = Text("█" * filled, style="cyan")
    bar.append("░" * (_BAR_CELLS - filled), style="dim")
    bar.append(f" {score:.0%}")
    return bar


def _plan(plan: Sequence[CardView], numbers: Mapping[str, int]) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for index, step in enumerate(plan, start=1):
        head = Text(step.title, style="bold")
        head.append(_cite(step.sources, numbers), style="dim")
        parts += [Text()] if index > 1 else []
        parts.append(_hanging(Text(f"{index}."), Group(head, Text(step.advice))))
    return parts


def _questions(assessment: CardView) -> list[RenderableType]:
    return [
        _hanging(Text("-"), Group(Text(question.question), Text(question.why, style="dim")))
        for question in assessment.next_questions
    ]


def _sources(assessment: CardView) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for index, source in enumerate(assessment.sources, start=1):
        lines: list[RenderableType] = [Text(citation(source.title, source.publisher, source.year))]
        if source.url:  # never wrapped: a broken address cannot be copied
            lines.append(Text(source.url, style=f"link {source.url}", no_wrap=True, overflow="ignore"))
        parts.append(_hanging(Text(f"[{index}]"), Group(*lines)))
    return parts


def _cite(source_ids: Iterable[str], numbers: Mapping[str, int]) -> str:
    found = sorted({numbers[source_id] for source_id in source_ids if source_id in numbers})
    return f" [{', '.join(map(str, found))}]" if found else ""


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _hanging(marker: Text, body: RenderableType) -> Table:
    """`marker body`, with the body's wrapped lines indented under its first line."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row(marker, body)
    return grid


def _indent(renderable: RenderableType, cells: int) -> Padding:
    return Padding(renderable, (0, 0, 0, cells), expand=False)


def _spaced(lines: Sequence[RenderableType]) -> list[RenderableType]:
    spaced: list[RenderableType] = []
    for line in lines:
        if spaced:
            spaced.append(Text())
        spaced.append(line)
    return spaced
