"""Assessing a description in free text: what it says, read in the person's time zone, assessed with their
journal the same way as a report (`checks`)."""

from __future__ import annotations

from datetime import datetime

from twitchcheck.knowledge.loader import KnowledgeBase, load_knowledge
from twitchcheck.services.checks import Check, history_facts, journal_history, with_journal
from twitchcheck.services.ports import JournalPort
from twitchcheck.text.assess import NotUnderstood, TextAssessment, assess_understanding
from twitchcheck.text.model import Understanding
from twitchcheck.text.parse import parse_text


def read_text(text: str, *, now: datetime, journal: JournalPort | None = None) -> Understanding:
    """What a description says, with calendar words ("since Tuesday") read in the person's time zone."""
    zone = journal.zone if journal is not None else None
    return parse_text(text, now=now.astimezone(zone))


def assess_text(
    understanding: Understanding,
    *,
    now: datetime,
    journal: JournalPort | None = None,
    use_journal: bool = True,
    knowledge: KnowledgeBase | None = None,
    emergency_number: str | None = None,
) -> Check:
    """Assess what a description was understood as (`read_text`), with the person's journal unless left out.

    NotUnderstood (an InputError naming the missing fields) when where or how long is missing and no warning
    sign was understood.
    """
    kb = knowledge if knowledge is not None else load_knowledge()
    history = journal_history(journal, use_journal, now)
    result = assess_understanding(
        understanding,
        knowledge=kb,
        now=now,
        history=history_facts(history),
        emergency_number=emergency_number,
    )
    check = with_journal(result.assessment, history, journal, use_journal)
    return Check(
        result.assessment,
        check.journal_events,
        check.journal_left_out,
        text=result,
        assumed=result.assumed,
        report=understanding.report,
    )


__all__ = ["NotUnderstood", "TextAssessment", "assess_text", "read_text"]
