"""Keep watch: the stored status is used while it is current, recomputed when the journal or time changes it,
and a rise is told once (an alert), a fall never."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from twitchcheck import KnowledgeBase
from twitchcheck.journal.scenarios import JournalBuilder
from twitchcheck.services import journal_status, log_events
from twitchcheck.services.watch import alert_lines, current_status, unseen_alerts
from twitchcheck.testing import MemoryJournal

START = date(2026, 11, 1)


def _day(day: int, **logged: bool) -> JournalBuilder:
    built = JournalBuilder(START)
    built.twitch(day, regions=["calf"])
    for symptom, present in logged.items():
        built.symptom(day, symptom, present, hour=21.2)
    return built


def test_twitching_that_crosses_two_weeks_raises_one_alert(kb: KnowledgeBase) -> None:
    journal = MemoryJournal()
    for day in range(20):
        log_events(journal, _day(day).events, now=_day(day).moment(day, 21.5), knowledge=kb)
    (alert,) = journal.alerts()
    assert (alert.previous_level, alert.level) == ("self_care", "see_doctor")
    assert [flag["id"] for flag in alert.red_flags] == ["persistent"]
    assert alert_lines(alert, kb) == [
        kb.message("alert_level_rose").format(level=kb.levels["see_doctor"].title),
        kb.message("alert_new_red_flag").format(title="Twitching that persists beyond two weeks"),
    ]


def test_an_alert_is_shown_once(kb: KnowledgeBase) -> None:
    journal = MemoryJournal()
    built = _day(0, dark_urine=True)
    log_events(journal, built.events, now=built.moment(0, 21.5), knowledge=kb)
    (alert,) = unseen_alerts(journal, built.moment(0, 22))
    assert alert.level == "emergency"
    assert unseen_alerts(journal, built.moment(0, 23)) == []
    assert len(journal.alerts()) == 1  # still listed, as seen


def test_the_stored_status_is_used_while_current_and_recomputed_after_a_change(kb: KnowledgeBase) -> None:
    journal = MemoryJournal()
    built = _day(0)
    log_events(journal, built.events, now=built.moment(0, 21.5), knowledge=kb)
    first = current_status(journal, built.moment(0, 21.6), kb)
    assert first.computed is None  # the status stored by the log, still current
    assert first.stored.level == "self_care"
    more = _day(0, dark_urine=True)
    journal.events.append(more.events[-1])
    journal.changes += 1
    after = current_status(journal, built.moment(0, 21.7), kb)
    assert after.computed is not None
    assert after.stored.level == "emergency"
    assert len(journal.alerts()) == 1


def test_a_warning_sign_that_came_and_went_expires_without_an_alert(kb: KnowledgeBase) -> None:
    journal = MemoryJournal()
    built = _day(0, dark_urine=True)
    log_events(journal, built.events, now=built.moment(0, 21.5), knowledge=kb)
    assert journal.status is not None
    assert journal.status.level == "emergency"
    later = current_status(journal, built.moment(15, 12), kb)
    assert later.computed is not None  # time made the stored status stale: never shown as current
    assert later.stored.level == "self_care"
    assert len(journal.alerts()) == 1  # the fall raises none


def _rich_journal() -> JournalBuilder:
    built = JournalBuilder(START)
    for day in range(0, 24):
        built.workout(day, hour=7.0, regions=["calf"])
        if day % 2 == 0:
            built.twitch(day, hour=8.5, regions=["calf"])
        built.add("caffeine", day, 6.5, mg=150)
        built.add("sleep", day, 6.0, hours=6.0 + (day % 3))
        if day % 4 == 0:
            built.add("strength_test", day, 9.0, test="grip", value=40.0 - day * 0.4, side="right")
    built.symptom(20, "dark_urine", True, hour=10.0)
    return built


def _timeless(trends: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # Caffeine on board falls by the minute; the stored status gives it as of its moment (docs/keep-watch.md).
    return [trend if trend["id"] != "caffeine" else {"id": "caffeine"} for trend in trends]


def test_the_status_does_not_change_before_its_valid_until(kb: KnowledgeBase) -> None:
    built = _rich_journal()
    journal = MemoryJournal.of(built.events)
    for day, hour in ((3, 10.0), (12, 8.0), (20, 10.5), (23, 6.9), (23, 23.0)):
        now = built.moment(day, hour)
        stored = current_status(journal, now, kb).stored
        assert stored.valid_until is not None
        assert stored.valid_until > now
        span = stored.valid_until - now
        for step in (0.25, 0.5, 0.75, 0.999):
            later = journal_status(journal.history(), now + span * step, kb)
            seen = current_status(journal, now + span * step, kb)
            assert seen.computed is None, (day, hour, step)
            assert later.level == stored.level
            assert later.red_flag_ids == stored.red_flag_ids
            assert _timeless(later.trends) == _timeless(stored.trends)
        after = current_status(journal, stored.valid_until + timedelta(seconds=1), kb)
        assert after.computed is not None
