"""After a description: ask only what it left missing (where, how long), and the one confirming question for
each warning sign it mentioned uncertainly. The CLI interview and the web check page ask the same.

A "no" to a confirming question takes back the uncertain mention, so the level is what the rest says (never
lower); a skipped one keeps it, and with it the escalation (when in doubt, a warning sign counts).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from twitchcheck.core.report import REQUIRED_FIELDS, Report
from twitchcheck.engine.answers import shows_emergency
from twitchcheck.engine.questions import interview_order
from twitchcheck.knowledge.loader import KnowledgeBase
from twitchcheck.knowledge.model import Question
from twitchcheck.text.model import Understanding


def uncertain_warning_signs(kb: KnowledgeBase, understanding: Understanding) -> list[str]:
    """The symptom fields set only by an uncertain mention, that the knowledge base has a question for."""
    asked = {question.id for question in kb.questions if question.status != "deprecated"}
    return [
        field for field in understanding.uncertain_fields if field.startswith("symptoms.") and field in asked
    ]


def follow_up_questions(kb: KnowledgeBase, understanding: Understanding) -> tuple[Question, ...]:
    """The questions to ask after a description: one confirming question for each uncertain warning sign
    (first: a "yes" may end the questions at once), then each required field it left missing. None when what
    it says for sure is already an emergency: the result comes first."""
    doubtful = uncertain_warning_signs(kb, understanding)
    sure = with_answers(understanding, dict.fromkeys(doubtful)) if doubtful else understanding
    if sure.fields and shows_emergency(kb, sure.fields):
        return ()
    order = interview_order(kb)
    missing = [question for question in order if question.id in understanding.missing]
    confirm = set(doubtful)
    return (*(question for question in order if question.id in confirm), *missing)


def with_answers(understanding: Understanding, answers: Mapping[str, Any]) -> Understanding:
    """`understanding` with the follow-up answers (field -> value; a skipped question is simply absent).

    An answer to a missing field fills it. An answer to a confirming question replaces the uncertain value:
    its notes are then the person's own (no longer uncertain), or, for "no", they are dropped, so that
    nothing rests on the mention any more. None takes a value back to unknown.
    """
    fields = {section: dict(values) for section, values in understanding.fields.items()}
    notes = list(understanding.notes)
    for path, value in answers.items():
        section, name = path.split(".", 1)
        if value is None:
            fields.get(section, {}).pop(name, None)
        else:
            fields.setdefault(section, {})[name] = value
        if path not in REQUIRED_FIELDS:
            said = value is True or value in ("specific", "progressive")
            notes = [
                note.model_copy(update={"uncertain": False}) if note.field == path else note
                for note in notes
                if note.field != path or said
            ]
    fields = {section: values for section, values in fields.items() if values}
    missing = [path for path in understanding.missing if answers.get(path) is None]
    report = Report.model_validate(fields) if not missing else None
    warnings = [
        warning
        for warning in understanding.warnings
        if not (warning.startswith("no twitch location") and "twitch.regions" in answers)
        and not (warning.startswith("how long the twitching") and "twitch.duration_days" in answers)
    ]
    return understanding.model_copy(
        update={"fields": fields, "report": report, "notes": notes, "missing": missing, "warnings": warnings}
    )


__all__ = ["follow_up_questions", "uncertain_warning_signs", "with_answers"]
