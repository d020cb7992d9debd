"""What is logged is assessed at once, and a check can be kept in the journal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from twitchcheck import KnowledgeBase
from twitchcheck.core.report import parse_report
from twitchcheck.journal.events import SymptomEvent, TwitchEvent, parse_event
from twitchcheck.services import log_events, save_check
from twitchcheck.services.logging import check_entries
from twitchcheck.testing import MemoryJournal

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)


def _symptom(name: str, present: bool = True) -> SymptomEvent:
    event = parse_event({"type": "symptom", "at": "2026-11-20T17:00Z", "symptom": name, "present": present})
    assert isinstance(event, SymptomEvent)
    return event


def test_logging_dark_urine_is_an_emergency_at_once(kb: KnowledgeBase) -> None:
    journal = MemoryJournal()
    logged = log_events(journal, [_symptom("dark_urine")], now=NOW, knowledge=kb)
    assert logged.added.added == 1
    assert logged.consequence is not None
    assert logged.consequence.level == "emergency"
    assert logged.consequence.red_flag_ids == ["rhabdomyolysis"]


def test_logging_nothing_alarming_has_no_consequence(kb: KnowledgeBase) -> None:
    journal = MemoryJournal()
    logged = log_events(journal, [_symptom("dark_urine", present=False)], now=NOW, knowledge=kb)
    assert logged.consequence is None
    workout = parse_event({"type": "workout", "at": "2026-11-20T16:00Z", "duration_min": 50, "rpe": 6})
    assert log_events(journal, [workout], now=NOW, knowledge=kb).consequence is None


def test_a_check_is_saved_as_its_twitch_and_symptom_entries(kb: KnowledgeBase) -> None:
    report = parse_report(
        {
            "twitch": {
                "regions": ["calf", "hamstring"],
                "duration_days": 3,
                "side": "left",
                "frequency": "frequent",
            },
            "symptoms": {"weakness": "tiredness", "dark_urine": False, "chest_pain": True},
        }
    )
    journal = MemoryJournal()
    logged = save_check(journal, report, now=NOW, knowledge=kb)
    twitch, *symptoms = journal.events
    assert isinstance(twitch, TwitchEvent)
    assert (twitch.regions, twitch.side, twitch.frequency) == (["calf", "hamstring"], "left", "frequent")
    assert {(event.symptom, event.present) for event in symptoms if isinstance(event, SymptomEvent)} == {
        ("dark_urine", False),
        ("chest_pain", True),
    }  # tiredness is not weakness: not logged
    assert logged.consequence is not None
    assert logged.consequence.level == "emergency"


def test_check_entries_are_stamped_now_in_the_journal_zone() -> None:
    report = parse_report({"twitch": {"regions": ["calf"], "duration_days": 1}})
    (twitch,) = check_entries(report, NOW.astimezone(UTC) - timedelta(seconds=30))
    assert twitch.at == "2026-11-20T17:59+00:00"
