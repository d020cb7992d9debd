"""A check with the person's journal: the journal fills in and can only raise; leaving it out is the report
alone; every door gets this from `services.checks` (tests/services/test_parity.py runs the doors)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from twitchcheck import KnowledgeBase
from twitchcheck.services import assess_report, assess_text, read_text
from twitchcheck.testing import MemoryJournal

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
REPORT = {"twitch": {"regions": ["calf"], "duration_days": 0.2, "started": "after_workout"}}


def _twitching(days: int) -> MemoryJournal:
    regions = ["calf", "quadriceps", "forearm", "biceps", "shoulder", "abdomen", "upper_back"]
    first = (NOW - timedelta(days=days)).date()
    return MemoryJournal.of(
        {"type": "twitch", "at": f"{first + timedelta(days=day)}T10:00Z", "regions": regions}
        for day in range(days)
    )


def test_a_journal_raises_the_check_and_says_how_many_events_it_used(kb: KnowledgeBase) -> None:
    journal = _twitching(22)
    check = assess_report(REPORT, now=NOW, journal=journal, knowledge=kb)
    assert check.assessment.level == "see_doctor"
    assert {flag.id for flag in check.assessment.red_flags} == {"persistent", "widespread"}
    assert check.journal_events == 22
    assert check.used_journal


def test_leaving_the_journal_out_is_the_report_alone(kb: KnowledgeBase) -> None:
    check = assess_report(REPORT, now=NOW, journal=_twitching(22), use_journal=False, knowledge=kb)
    assert check.assessment.level == "self_care"
    assert check.assessment.history is None
    assert check.journal_left_out
    assert not check.used_journal


def test_an_empty_journal_changes_nothing(kb: KnowledgeBase) -> None:
    check = assess_report(REPORT, now=NOW, journal=MemoryJournal(), knowledge=kb)
    assert check.assessment.history is None
    assert check.journal_events == 0


def test_text_and_report_take_the_journal_the_same_way(kb: KnowledgeBase) -> None:
    journal = _twitching(22)
    understanding = read_text("calves twitching since this morning after leg day", now=NOW, journal=journal)
    text = assess_text(understanding, now=NOW, journal=journal, knowledge=kb)
    report = assess_report(REPORT, now=NOW, journal=journal, knowledge=kb)
    assert text.assessment.level == report.assessment.level
    assert text.journal_events == report.journal_events == 22
