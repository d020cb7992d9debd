"""Assessing a check: a report, a description in free text, or answers to the questions, with the person's
journal when they keep one (the same way from every door: CLI, pages, API, FHIR)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, overload

from twitchcheck.core.assessment import Assessment
from twitchcheck.core.report import Report
from twitchcheck.core.report import parse_report as parse_contract
from twitchcheck.engine.answers import with_placeholders
from twitchcheck.engine.history import HistoryFacts
from twitchcheck.engine.pipeline import assess as engine_assess
from twitchcheck.engine.questions import Answers
from twitchcheck.knowledge.loader import KnowledgeBase, load_knowledge
from twitchcheck.services.ports import JournalPort

if TYPE_CHECKING:
    from twitchcheck.journal.events import History
    from twitchcheck.text.assess import TextAssessment
    from twitchcheck.text.model import Understanding


def assess(
    report: Report | Mapping[str, Any],
    *,
    history: History | HistoryFacts | None = None,
    now: datetime | None = None,
    knowledge: KnowledgeBase | None = None,
    emergency_number: str | None = None,
    outside_signs: Sequence[str] = (),
) -> Assessment:
    """`twitchcheck.assess`: the engine's `assess`, taking a journal's `History` as it is.

    `history` (a journal's `History`, or any `engine.history.HistoryFacts`) fills what the report leaves
    unknown and can only raise the level. Deterministic; see `engine.pipeline.assess`.
    """
    return engine_assess(
        report,
        history=history_facts(history),
        now=now,
        knowledge=knowledge,
        emergency_number=emergency_number,
        outside_signs=outside_signs,
    )


def history_facts(history: History | HistoryFacts | None) -> HistoryFacts | None:
    """What the engine takes of a history: a journal's `History` through `JournalFacts`, anything else that
    provides `link` (the protocol) as it is."""
    if history is None or callable(getattr(history, "link", None)):
        return history  # type: ignore[return-value]  # a HistoryFacts (checked by its method)
    # Cold start: a check without a journal never loads the journal's analyses (services sit above the
    # journal, so this is no cycle; import-linter sees it).
    from twitchcheck.journal.link import JournalFacts

    return JournalFacts(history)  # type: ignore[arg-type]  # a History: JournalFacts checks it is one


@overload
def parse_report(data: str, *, now: datetime | None = None) -> Understanding: ...
@overload
def parse_report(data: Report | Mapping[str, Any], *, now: datetime | None = None) -> Report: ...
def parse_report(
    data: Report | Mapping[str, Any] | str, *, now: datetime | None = None
) -> Report | Understanding:
    """`twitchcheck.parse_report`: a validated Report from contract JSON (InputError naming every bad field),
    or, given free text, what it was understood as (`Understanding`; `now` resolves calendar words)."""
    if isinstance(data, str):
        # Not a cycle (services sit above text): the lexicon loads only for free text; a report stays cheap.
        from twitchcheck.text.parse import parse_text

        return parse_text(data, now=now)
    return parse_contract(data)


@dataclass(frozen=True)
class Check:
    """The result of a check, with how the person's journal took part."""

    assessment: Assessment
    journal_events: int = 0
    """Events of the person's journal that the assessment used (0: it used none)."""
    journal_left_out: bool = False
    """The person keeps a journal, and asked to leave it out this time."""
    text: TextAssessment | None = None
    """For a description: what it was understood as, and what had to be assumed."""
    assumed: Mapping[str, Any] = field(default_factory=dict)
    """Placeholders for required fields the answers left out (only to assess a warning sign)."""
    report: Report | None = None
    """The report assessed (before the journal's part), for saving it to the journal."""

    @property
    def used_journal(self) -> bool:
        return self.journal_events > 0

    def to_contract(self) -> dict[str, Any]:
        """The assessment contract (for a description, with `understood`)."""
        if self.text is not None:
            return self.text.to_contract()
        return self.assessment.to_contract()


def journal_history(journal: JournalPort | None, use_journal: bool, now: datetime) -> History | None:
    if journal is None or not use_journal:
        return None
    history = journal.history(until=now)
    return history if history.entries else None


def with_journal(
    assessment: Assessment, history: History | None, journal: JournalPort | None, use: bool
) -> Check:
    events = assessment.history.events if assessment.history is not None and history is not None else 0
    return Check(assessment, events, journal is not None and not use)


def assess_report(
    report: Report | Mapping[str, Any],
    *,
    now: datetime,
    journal: JournalPort | None = None,
    use_journal: bool = True,
    knowledge: KnowledgeBase | None = None,
    emergency_number: str | None = None,
) -> Check:
    """Assess a report (the contract, or a QuestionnaireResponse already read as one), with the person's
    journal unless `use_journal` is False. InputError naming every bad field."""
    kb = knowledge if knowledge is not None else load_knowledge()
    parsed = parse_contract(report)
    history = journal_history(journal, use_journal, now)
    assessment = assess(parsed, history=history, now=now, knowledge=kb, emergency_number=emergency_number)
    check = with_journal(assessment, history, journal, use_journal)
    return Check(check.assessment, check.journal_events, check.journal_left_out, report=parsed)


def assess_answers(
    answers: Answers,
    *,
    now: datetime,
    journal: JournalPort | None = None,
    use_journal: bool = True,
    knowledge: KnowledgeBase | None = None,
    emergency_number: str | None = None,
) -> Check:
    """Assess the answers to the check's questions. Missing required fields (the questions stop early only
    for an emergency) take placeholders that cannot raise the level, and the result says so."""
    completed, assumed = with_placeholders(answers)
    check = assess_report(
        completed,
        now=now,
        journal=journal,
        use_journal=use_journal,
        knowledge=knowledge,
        emergency_number=emergency_number,
    )
    return Check(
        check.assessment,
        check.journal_events,
        check.journal_left_out,
        assumed=assumed,
        report=None if assumed else check.report,
    )


__all__ = ["Check", "assess", "assess_answers", "assess_report", "parse_report"]
