"""A warning sign written in a journal entry's note counts in the journal's status, with the note's words as
its evidence; what a note negates, asks about, or says of someone else does not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from twitchcheck import KnowledgeBase
from twitchcheck.journal.events import Event, History, parse_event
from twitchcheck.services import journal_status, log_events, notes
from twitchcheck.services.notes import note_signs
from twitchcheck.services.watch import StoredStatus
from twitchcheck.testing import MemoryJournal

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)


def _at(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%MZ")


def _twitch(note: str | None = None, *, at: datetime = NOW - timedelta(hours=1)) -> Event:
    data: dict[str, Any] = {"type": "twitch", "at": _at(at), "regions": ["calf"], "id": "t1"}
    if note is not None:
        data["note"] = note
    return parse_event(data)


def _workout(at: datetime) -> Event:
    return parse_event(
        {"type": "workout", "at": _at(at), "duration_min": 90, "rpe": 9, "worked_regions": ["calf"]}
    )


def _status(events: list[Event], kb: KnowledgeBase) -> Any:
    return journal_status(History.of(events, UTC), NOW, kb)


def test_a_note_telling_dark_urine_after_a_hard_session_is_an_emergency(
    kb: KnowledgeBase,
) -> None:
    note = "calves jumping, and my pee looked like cola this morning"
    status = _status([_workout(NOW - timedelta(hours=20)), _twitch(note)], kb)
    assert status.level == "emergency"
    assert "rhabdomyolysis" in status.red_flag_ids
    assert status.events == 2  # what was logged: the sign read in the note is not an entry
    evidence = [item.evidence for item in status.assessment.history.filled]
    assert any('your note of 2026-11-20 17:00 says "pee looked like cola"' in text for text in evidence)


def test_the_same_journal_without_the_note_is_self_care(kb: KnowledgeBase) -> None:
    status = _status([_workout(NOW - timedelta(hours=20)), _twitch()], kb)
    assert status.level == "self_care"


def test_a_note_on_any_entry_counts_even_with_no_twitch_logged(kb: KnowledgeBase) -> None:
    sleep = parse_event(
        {"type": "sleep", "at": "2026-11-20", "hours": 5, "note": "nearly passed out on the stairs"}
    )
    status = _status([sleep], kb)
    assert status.level == "emergency"
    assert "cardiac" in status.red_flag_ids


def test_what_a_note_negates_or_says_of_someone_else_raises_nothing(kb: KnowledgeBase) -> None:
    for note in (
        "no dark urine, no swelling, felt fine",
        "my dad had a stroke at 70 so I worry",
        "legs weak and tired after the race, normal for me",
    ):
        assert note_signs(History.of([_twitch(note)], UTC), NOW, kb) == [], note
        assert _status([_twitch(note)], kb).level == "self_care", note


def test_a_note_counts_for_the_recent_window_exactly_as_a_logged_symptom(kb: KnowledgeBase) -> None:
    window = timedelta(days=kb.constants.journal_recent_days)
    note = "pee is brown"
    inside = note_signs(History.of([_twitch(note, at=NOW - window)], UTC), NOW, kb)
    assert [sign.symptom for sign in inside] == ["dark_urine"]
    outside = note_signs(History.of([_twitch(note, at=NOW - window - timedelta(minutes=1))], UTC), NOW, kb)
    assert outside == []


def test_logging_the_sign_absent_later_resolves_what_the_note_said(kb: KnowledgeBase) -> None:
    absent = parse_event({"type": "symptom", "at": _at(NOW - timedelta(minutes=30)), "symptom": "dark_urine",
                          "present": False})  # fmt: skip
    status = _status([_twitch("pee is brown", at=NOW - timedelta(days=2)), absent], kb)
    assert "rhabdomyolysis" not in status.red_flag_ids
    assert status.level != "self_care"  # a resolved episode of a warning sign still needs a doctor


def test_a_safety_net_sign_in_a_note_raises_the_level_to_its_own(kb: KnowledgeBase) -> None:
    note = "stung by a wasp on the run, lips and throat swelling up"
    status = _status([_twitch(note)], kb)
    assert status.level == "emergency"
    assert "anaphylaxis" in [warning.id for warning in status.assessment.warnings]
    at = _at(NOW - timedelta(hours=2))
    workout = parse_event({"type": "workout", "at": at, "duration_min": 40, "rpe": 5, "note": note})
    alone = _status([workout], kb)  # no twitch and no symptom logged: the note alone is assessed
    assert alone.level == "emergency"


def test_a_note_read_once_is_not_read_again_while_its_reading_is_kept(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`log` after a note: the reading kept with the stored status is used, so the reader is not loaded."""
    events = [_workout(NOW - timedelta(hours=20)), _twitch("my pee looked like cola this morning")]
    first = _status(events, kb)
    assert first.level == "emergency"

    def unread(note: str, when: datetime) -> Any:
        raise AssertionError(f"read again: {note!r} of {when}")

    monkeypatch.setattr(notes, "_read_note", unread)
    again = journal_status(History.of(events, UTC), NOW, kb, known_notes=first.note_readings)
    assert again.level == "emergency"
    assert again.note_readings == first.note_readings
    changed = {key + "x": value for key, value in first.note_readings.items()}  # kept by another reader
    with pytest.raises(AssertionError, match="read again"):
        journal_status(History.of(events, UTC), NOW, kb, known_notes=changed)


def test_the_stored_status_keeps_what_notes_were_read_as(kb: KnowledgeBase) -> None:
    journal = MemoryJournal()
    log_events(journal, [_twitch("nearly passed out on the stairs")], now=NOW, knowledge=kb)
    stored = journal.stored_status()
    assert stored is not None
    assert stored.notes
    (reading,) = stored.notes.values()
    assert reading["signs"] == [["fainted_or_collapsed", "nearly passed out"]]
    assert StoredStatus.from_json(stored.to_json()).notes == stored.notes


def _g064() -> Any:
    from tests.text.outside_eval import load_part

    # A calf clenched for days after a long flight and a marathon: no sign the rules can name; the second
    # opinion reads it as needing a doctor today (tests/text/test_resemblance.py).
    return next(case for case in load_part("dev") if case.id == "g-064")


def test_a_saved_description_is_kept_in_the_note_and_its_second_opinion_counts_in_the_status(
    kb: KnowledgeBase,
) -> None:
    from twitchcheck.services import assess_text, read_text, save_check

    case = _g064()
    now = case.now.replace(tzinfo=UTC)
    journal = MemoryJournal()
    check = assess_text(read_text(case.text, now=now), now=now, knowledge=kb)
    assert check.assessment.level == "urgent"
    assert check.report is not None
    save_check(journal, check.report, now=now, knowledge=kb, description=case.text)
    twitch = next(item.event for item in journal.history().entries if item.event.type == "twitch")
    assert twitch.note is not None
    assert twitch.note.startswith("from a check: twitching for ")
    assert ". In your words: Possibly overthinking this" in twitch.note
    status = journal_status(journal.history(), now, kb)
    assert status.level == "urgent"
    assert status.assessment is not None
    assert "reads_like_urgent" in [item.id for item in status.assessment.warnings]


def test_the_second_opinion_in_a_note_adds_nothing_where_the_status_is_already_as_high(
    kb: KnowledgeBase,
) -> None:
    case = _g064()
    now = case.now.replace(tzinfo=UTC)
    note = case.text + " Also my pee looked like cola this morning."
    status = journal_status(History.of([_twitch(note, at=now - timedelta(hours=1))], UTC), now, kb)
    assert status.level == "emergency"  # the rules' dark urine: above the second opinion's urgent
    assert status.assessment is not None
    assert not [item for item in status.assessment.warnings if item.id.startswith(notes.OPINION_PREFIX)]


def test_a_short_note_gets_no_second_opinion(kb: KnowledgeBase) -> None:
    status = _status([_twitch("had 4 coffees and a spin class")], kb)
    assert status.level == "self_care"


def test_a_saved_description_longer_than_a_note_is_cut_at_a_word_and_says_so() -> None:
    from twitchcheck.core.report import Report
    from twitchcheck.services.logging import NOTE_LIMIT, check_note

    report = Report.model_validate({"twitch": {"regions": ["calf"], "duration_days": 2}})
    long = "my calf keeps twitching after the run\x00 " * 200
    note = check_note(report, long)
    assert len(note) <= NOTE_LIMIT
    assert note.endswith(
        f"(shortened: the description was {len(' '.join(long.replace(chr(0), '').split())):,} characters)"
    )
    assert "\x00" not in note
    assert check_note(report, "  \n ") == "from a check: twitching for 2 day(s)"


def test_the_second_opinions_prefix_is_the_readers() -> None:
    from twitchcheck.text.resemblance import SIGN_PREFIX

    assert notes.OPINION_PREFIX == SIGN_PREFIX
