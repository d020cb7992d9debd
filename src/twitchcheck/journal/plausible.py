"""Typos at entry: a strength test or a limb circumference outside the range its test or site can take
(knowledge/data/plausible.yaml) is refused, naming the range, unless the person confirms it. One rule for
every way in: the log commands, the web forms, the API and import all reach it through `Journal.add` and
`Journal.edit`."""

from __future__ import annotations

from collections.abc import Sequence

from twitchcheck.core.errors import FieldProblem, InputError
from twitchcheck.journal.events import CircumferenceEvent, Event, StrengthTestEvent
from twitchcheck.knowledge.loader import KnowledgeBase, load_knowledge

CONFIRM_HINT = "If it is right, confirm it"
"""How each problem ends; the CLI, the pages and the API each add how to confirm there."""


def _join(label: str) -> str:
    """`body[0].value` for a path, `line 4: value` for a line of a file."""
    return "." if label.endswith("]") else ": "


def _format(value: float) -> str:
    return format(value, "g")


def implausible(event: Event, knowledge: KnowledgeBase | None = None) -> FieldProblem | None:
    """The problem with a value outside its plausible range, or None (other events are never checked)."""
    qualifier: str
    if isinstance(event, StrengthTestEvent):
        kind, qualifier, field, value = "strength_test", event.test, "value", event.value
    elif isinstance(event, CircumferenceEvent):
        kind, qualifier, field, value = "circumference", event.site, "cm", event.cm
    else:
        return None
    kb = knowledge if knowledge is not None else load_knowledge()
    plausible = kb.plausible_range(kind, qualifier)
    if plausible is None or plausible.low <= value <= plausible.high:
        return None
    what = qualifier.replace("_", " ")
    side = "below" if value < plausible.low else "above"
    message = (
        f"{_format(value)} {plausible.unit} is {side} the usual range for {what} "
        f"({_format(plausible.low)}-{_format(plausible.high)} {plausible.unit}): a typo? {CONFIRM_HINT}."
    )
    return FieldProblem(field, message)


def check_plausible(
    events: Sequence[Event],
    *,
    confirmed: bool = False,
    labels: Sequence[str] | None = None,
    knowledge: KnowledgeBase | None = None,
) -> None:
    """InputError naming every implausible value (by `labels`, like "line 4", when given) unless confirmed."""
    if confirmed:
        return
    problems = []
    for index, event in enumerate(events):
        if event.type not in ("strength_test", "circumference"):
            continue
        problem = implausible(event, knowledge)
        if problem is not None:
            where = f"{labels[index]}{_join(labels[index])}{problem.field}" if labels else problem.field
            problems.append(FieldProblem(where, problem.message))
    if problems:
        raise InputError(problems, "event")
