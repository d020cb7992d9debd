"""Reading a current stored status reads none of the journal's events, and the stored status keeps what the
status dashboard draws (issue 15 part 4)."""

from __future__ import annotations

from datetime import date, datetime

from twitchcheck import KnowledgeBase
from twitchcheck.journal.events import History
from twitchcheck.journal.scenarios import JournalBuilder
from twitchcheck.services import log_events
from twitchcheck.services.watch import StoredStatus, current_status
from twitchcheck.testing import MemoryJournal

START = date(2026, 11, 1)


class CountingJournal(MemoryJournal):
    """A journal that counts how often its events are read."""

    reads: int = 0

    def history(self, until: datetime | None = None) -> History:
        self.reads += 1
        return super().history(until)


def _logged(kb: KnowledgeBase) -> tuple[CountingJournal, JournalBuilder]:
    built = JournalBuilder(START)
    for day in range(10):
        built.workout(day, 18, duration_min=60, rpe=7, regions=["calf"])
        built.twitch(day, 21, regions=["calf"])
    built.strength(0, "grip", 41.0, side="left")
    built.strength(7, "grip", 40.5, side="left")
    journal = CountingJournal()
    log_events(journal, built.events, now=built.moment(9, 21.5), knowledge=kb)
    return journal, built


def test_a_current_stored_status_reads_no_events(kb: KnowledgeBase) -> None:
    journal, built = _logged(kb)
    journal.reads = 0
    for minutes in (1, 10, 20):
        current = current_status(journal, built.moment(9, 21.5 + minutes / 60), kb)
        assert current.computed is None
    assert journal.reads == 0


def test_a_stale_status_reads_the_journal_once_and_hands_the_history_on(kb: KnowledgeBase) -> None:
    journal, built = _logged(kb)
    journal.changes += 1  # a change made elsewhere
    journal.reads = 0
    current = current_status(journal, built.moment(9, 21.6), kb)
    assert current.computed is not None
    assert current.history is not None
    assert len(current.history) == len(built.events)
    assert journal.reads == 1


def test_the_stored_status_keeps_the_numbers_the_dashboard_draws(kb: KnowledgeBase) -> None:
    journal, _ = _logged(kb)
    stored = journal.stored_status()
    assert stored is not None
    charts = stored.charts
    assert charts is not None
    assert sum(charts["twitch_days_weekly"]) == 10
    assert sum(charts["load_au_daily"]) == 10 * 60 * 7  # RPE x minutes, each day logged
    (grip,) = charts["strength"]
    assert (grip["label"], grip["side"], grip["values"]) == (kb.message("label_grip"), "left", [41.0, 40.5])
    assert charts["caffeine"] is None  # none logged


def test_the_chart_numbers_survive_the_stored_form(kb: KnowledgeBase) -> None:
    journal, _ = _logged(kb)
    stored = journal.stored_status()
    assert stored is not None
    assert StoredStatus.from_json(stored.to_json()) == stored
