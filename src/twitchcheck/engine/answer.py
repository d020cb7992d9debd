"""The plain answer that leads every result, composed once for every door: what this most likely is, what to
do now, and exactly what would make it more urgent; and the note on the worry people bring (ALS/MND) when
nothing in the result argues against it.

Every sentence is a knowledge-base message or entry (messages.yaml `answer_*`, the level's action, the
concept `twitching_without_weakness`); this module only chooses and fills them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from twitchcheck.core.report import Level
from twitchcheck.knowledge.loader import KnowledgeBase
from twitchcheck.knowledge.model import Concept

WORRY_NOTE = "twitching_without_weakness"
"""The concept shown as a note on a result without a red flag (the ALS/MND worry)."""


@dataclass(frozen=True, slots=True)
class PlainAnswer:
    likely: str
    do_now: str
    more_urgent: str
    sources: tuple[str, ...]

    def as_data(self) -> dict[str, Any]:
        """The assessment's `answer` part."""
        return {
            "likely": self.likely,
            "do_now": self.do_now,
            "more_urgent": self.more_urgent,
            "sources": list(self.sources),
        }


def plain_answer(
    kb: KnowledgeBase,
    level: Level,
    top_sign: str | None,
    top_cause: str | None,
    benign: bool,
    emergency_number: str,
) -> PlainAnswer:
    """The three lines: the most serious sign that fired (else the top cause), the level's action, and the
    signs that would raise the level (for an emergency: call now, do not wait)."""
    used: list[str] = []

    def say(message_id: str, **values: str) -> str:
        used.append(message_id)
        return kb.message(message_id).format(**values)

    if top_sign is not None:
        likely = say("answer_likely_sign", sign=_lower_first(top_sign))
    elif top_cause is not None:
        likely = say(
            "answer_likely_benign" if benign else "answer_likely_cause", cause=_lower_first(top_cause)
        )
    else:
        likely = say("answer_likely_unclear")
    if level == "emergency":
        do_now = say("answer_now_emergency", number=emergency_number)
    else:
        do_now = kb.levels[level].action
    more_urgent = say(f"answer_escalate_{level}", number=emergency_number)
    sources = [reference.source for reference in kb.levels[level].references]
    for message_id in used:
        sources.extend(reference.source for reference in kb.messages[message_id].references)
    return PlainAnswer(likely, do_now, more_urgent, tuple(dict.fromkeys(sources)))


def worry_note(kb: KnowledgeBase, facts: Mapping[str, Any]) -> dict[str, Any] | None:
    """The ALS/MND note when its condition holds on the facts (which include `triage.`), else None."""
    concept = _worry_concept(kb)
    if concept is None or concept.when is None or concept.when.evaluate(facts) is not True:
        return None
    return {
        "id": concept.id,
        "title": concept.title,
        "text": concept.body,
        "grade": concept.grade,
        "grade_note": concept.grade_note,
        "sources": list(dict.fromkeys(reference.source for reference in concept.references)),
    }


@cache
def _worry_concept(kb: KnowledgeBase) -> Concept | None:
    return next((concept for concept in kb.concepts if concept.id == WORRY_NOTE), None)


def _lower_first(title: str) -> str:
    # "Muscle fatigue" reads as "Most likely: muscle fatigue."; a leading acronym ("ALS") stays as it is.
    if len(title) > 1 and title[0].isupper() and not title[1].isupper():
        return title[0].lower() + title[1:]
    return title
