"""The text card: an assessment laid out for people with Rich. Every sentence shown comes from the assessment.

Order: the level (a panel that cannot be missed when it is an emergency), why, likely causes, the plan, the
questions that could change it, numbered sources, and the disclaimer last. Colour only on a terminal; Rich
drops it for pipes and files and honours NO_COLOR.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.text import Text

from twitchcheck.assessment import Assessment, CauseFinding, PlanStep, RedFlagFinding

EMERGENCY_PLAN_STEP = "call_emergency"
_BAR_CELLS = 20

_LEVEL_STYLE: Mapping[str, tuple[str, box.Box]] = {
    "emergency": ("bold red", box.DOUBLE),
    "urgent": ("bold dark_orange", box.HEAVY),
    "see_doctor": ("bold yellow", box.HEAVY),
    "self_care": ("bold green", box.ROUNDED),
}


def print_assessment(assessment: Assessment, console: Console) -> None:
    """Print the whole card."""
    numbers = {source.id: index for index, source in enumerate(assessment.sources, start=1)}
    console.print(level_panel(assessment))
    for title, body in (
        ("Why", _why(assessment, numbers)),
        ("Likely causes", _causes(assessment.causes, numbers)),
        ("Your plan", _plan(assessment.plan, numbers)),
        ("Questions that could change this", _questions(assessment)),
        ("Sources", _sources(assessment)),
    ):
        if body:
            console.print()
            console.print(Text(title, style="bold underline"))
            console.print(Padding(Group(*body), (0, 0, 0, 2)))
    console.print()
    console.print(Text(assessment.disclaimer, style="dim italic"))


def level_panel(assessment: Assessment) -> Panel:
    """The level, its headline and what to do now: first on the card, loud for an emergency."""
    level = assessment.triage.level
    style, frame = _LEVEL_STYLE.get(level, ("bold", box.ROUNDED))
    lines: list[RenderableType] = [Text(assessment.triage.headline, style=style)]
    if level == "emergency":
        lines.extend(
            Text(step.advice, style="bold") for step in assessment.plan if step.id == EMERGENCY_PLAN_STEP
        )
    top = (flag for flag in assessment.red_flags if flag.level == level)
    for flag_text in _unique(f"{flag.title}: {flag.what_to_do}" for flag in top):
        lines.append(Text(flag_text, style="bold" if level == "emergency" else ""))
    body = Group(*_spaced(lines))
    title = Text(
        f" {level.replace('_', ' ').upper()} ", style=f"{style} reverse" if level == "emergency" else style
    )
    return Panel(body, title=title, title_align="left", border_style=style, box=frame, padding=(1, 2))


def _why(assessment: Assessment, numbers: Mapping[str, int]) -> list[RenderableType]:
    parts: list[RenderableType] = [Text(assessment.triage.summary)]
    for flag in assessment.red_flags:
        parts.extend(_red_flag(flag, numbers, show_what_to_do=flag.level != assessment.triage.level))
    return parts


def _red_flag(
    flag: RedFlagFinding, numbers: Mapping[str, int], *, show_what_to_do: bool
) -> list[RenderableType]:
    """A red flag: why it fired and on which answers; what to do unless the level panel already says it."""
    style = _LEVEL_STYLE.get(flag.level, ("bold", box.ROUNDED))[0]
    head = Text("! ", style=style)
    head.append(flag.title, style=style)
    head.append(f" ({flag.level.replace('_', ' ')})", style="dim")
    head.append(_cite(flag.sources, numbers), style="dim")
    lines: list[RenderableType] = [Text(), head, Padding(Text(flag.reason), (0, 0, 0, 2))]
    if flag.answers:
        answered = "; ".join(f"{answer.field} = {format_value(answer.value)}" for answer in flag.answers)
        lines.append(Padding(Text(f"Your answers: {answered}", style="dim"), (0, 0, 0, 2)))
    if show_what_to_do:
        lines.append(Padding(Text(flag.what_to_do), (0, 0, 0, 2)))
    return lines


def _causes(causes: Sequence[CauseFinding], numbers: Mapping[str, int]) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for index, cause in enumerate(causes, start=1):
        if index > 1:
            parts.append(Text())
        head = Text(f"{index}. ")
        head.append(cause.title, style="bold")
        head.append(_cite(cause.sources, numbers), style="dim")
        parts.append(head)
        parts.append(Padding(score_bar(cause.score), (0, 0, 0, 3)))
        grade = Text("Evidence grade: ", style="dim")
        grade.append(cause.grade.replace("_", " "), style="bold")
        grade.append(f". {cause.grade_note}", style="dim")
        parts.append(Padding(grade, (0, 0, 0, 3)))
        parts.extend(Padding(Text(f"- {evidence}"), (0, 0, 0, 3)) for evidence in cause.evidence)
    return parts


def score_bar(score: float) -> Text:
    """`██████░░░░ 60%`: the cause's score as a bar and a percentage."""
    filled = round(max(0.0, min(1.0, score)) * _BAR_CELLS)
    bar = Text("█" * filled, style="cyan")
    bar.append("░" * (_BAR_CELLS - filled), style="dim")
    bar.append(f" {score:.0%}")
    return bar


def _plan(plan: Sequence[PlanStep], numbers: Mapping[str, int]) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for index, step in enumerate(plan, start=1):
        if index > 1:
            parts.append(Text())
        head = Text(f"{index}. ")
        head.append(step.title, style="bold")
        head.append(_cite(step.sources, numbers), style="dim")
        parts.append(head)
        parts.append(Padding(Text(step.advice), (0, 0, 0, 3)))
    return parts


def _questions(assessment: Assessment) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for question in assessment.next_questions:
        parts.append(Text(f"- {question.question}"))
        parts.append(Padding(Text(question.why, style="dim"), (0, 0, 0, 2)))
    return parts


def _sources(assessment: Assessment) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for index, source in enumerate(assessment.sources, start=1):
        line = Text(f"[{index}] ")
        line.append(source.title)
        if source.url:
            line.append("\n    ")
            line.append(source.url, style=f"link {source.url}")
        parts.append(line)
    return parts


def format_value(value: Any) -> str:
    """An answer as a person would say it: yes/no, a plain number, a list joined by commas."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return ", ".join(format_value(item) for item in value)
    return str(value)


def _cite(source_ids: Iterable[str], numbers: Mapping[str, int]) -> str:
    found = sorted({numbers[source_id] for source_id in source_ids if source_id in numbers})
    return f" [{', '.join(map(str, found))}]" if found else ""


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _spaced(lines: Sequence[RenderableType]) -> list[RenderableType]:
    spaced: list[RenderableType] = []
    for line in lines:
        if spaced:
            spaced.append(Text())
        spaced.append(line)
    return spaced
