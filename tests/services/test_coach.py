"""The coach's view of a club: everyone who shares, most serious first, from the stored statuses while current
(no journal opened for those), recomputed when missing or stale (never shown stale), filtered by level, and
no more than a coach may see."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pytest

from twitchcheck import KnowledgeBase
from twitchcheck.core.errors import InputError
from twitchcheck.journal.scenarios import JournalBuilder
from twitchcheck.services.coach import CSV_COLUMNS, coach_people, coach_table, wanted_levels
from twitchcheck.services.ports import SharingPerson
from twitchcheck.services.watch import CoachStatus, StoredStatus, current_status
from twitchcheck.testing import MemoryJournal

START = date(2026, 11, 1)
COACH = 99


def _built(*symptoms: str, days: int = 1) -> JournalBuilder:
    built = JournalBuilder(START)
    for day in range(days):
        built.twitch(day, regions=["calf"])
    for symptom in symptoms:
        built.symptom(days - 1, symptom, True, hour=21.2)
    return built


NOW = _built().moment(18, 23.5)


def _coach_part(stored: StoredStatus | None) -> CoachStatus | None:
    return CoachStatus.of(stored) if stored is not None else None


@dataclass
class FakeClub:
    """People sharing with one coach, each a MemoryJournal; counts the journals opened."""

    journals: dict[str, MemoryJournal] = field(default_factory=dict)
    opened: list[str] = field(default_factory=list)

    def person(self, email: str, built: JournalBuilder | None, *, stored_at: datetime | None = None) -> None:
        journal = MemoryJournal.of(built.events if built is not None else [])
        journal.changes = 1
        self.journals[email] = journal
        if stored_at is not None:
            current_status(journal, stored_at)

    def sharing_with(self, coach_id: int) -> list[SharingPerson]:
        assert coach_id == COACH
        return [
            SharingPerson(n, email, email, "UTC", journal.revision(), _coach_part(journal.stored_status()))
            for n, (email, journal) in enumerate(sorted(self.journals.items()), start=1)
        ]

    def journal_of(self, person: SharingPerson) -> MemoryJournal:
        self.opened.append(person.email)
        return self.journals[person.journal]


def _club() -> FakeClub:
    club = FakeClub()
    at = NOW - timedelta(hours=1)
    club.person("a-self-care@example.org", _built(days=1), stored_at=at)
    club.person("b-nothing@example.org", None, stored_at=at)
    club.person("c-emergency-older@example.org", _built("dark_urine", days=19), stored_at=at)
    club.person("d-see-doctor@example.org", _built(days=19), stored_at=at)
    club.person("e-urgent@example.org", _built("weakness", days=19), stored_at=at)
    club.person(
        "f-emergency-newer@example.org", _built("dark_urine", days=19), stored_at=at + timedelta(minutes=30)
    )
    return club


def test_the_most_serious_come_first_then_the_most_recently_updated(kb: KnowledgeBase) -> None:
    people = coach_people(_club(), COACH, NOW, kb)
    assert [(person.email, person.level) for person in people] == [
        ("f-emergency-newer@example.org", "emergency"),
        ("c-emergency-older@example.org", "emergency"),
        ("e-urgent@example.org", "urgent"),
        ("d-see-doctor@example.org", "see_doctor"),
        ("a-self-care@example.org", "self_care"),
        ("b-nothing@example.org", None),
    ]
    assert people[0].as_of > people[1].as_of
    assert people[-1].view.note  # why there is no level, in the knowledge base's words


def test_current_stored_statuses_are_read_without_opening_a_journal(kb: KnowledgeBase) -> None:
    club = _club()
    coach_people(club, COACH, NOW, kb)
    assert club.opened == []


def test_a_status_made_stale_by_a_change_is_recomputed_and_stored_not_shown(kb: KnowledgeBase) -> None:
    club = _club()
    journal = club.journals["a-self-care@example.org"]
    journal.events += _built("dark_urine", days=19).events[-1:]  # logged after the status was stored
    journal.changes += 1
    (person,) = [p for p in coach_people(club, COACH, NOW, kb) if p.email == "a-self-care@example.org"]
    assert person.level == "emergency"
    assert person.as_of == NOW
    assert club.opened == ["a-self-care@example.org"]
    stored = journal.stored_status()
    assert stored is not None
    assert stored.level == "emergency"
    assert stored.revision == journal.revision()
    coach_people(club, COACH, NOW + timedelta(minutes=1), kb)
    assert club.opened == ["a-self-care@example.org"]  # stored now: read, not recomputed


def test_a_status_made_stale_by_time_alone_is_recomputed(kb: KnowledgeBase) -> None:
    club = _club()
    later = NOW + timedelta(days=16)  # the dark urine has left the recent days
    people = {person.email: person for person in coach_people(club, COACH, later, kb)}
    assert people["c-emergency-older@example.org"].level != "emergency"
    assert people["c-emergency-older@example.org"].as_of == later
    assert "c-emergency-older@example.org" in club.opened


def test_someone_with_no_stored_status_yet_is_computed(kb: KnowledgeBase) -> None:
    club = FakeClub()
    club.person("new@example.org", _built("dark_urine", days=19))
    (person,) = coach_people(club, COACH, NOW, kb)
    assert person.level == "emergency"
    assert club.journals["new@example.org"].stored_status() is not None


def test_a_stored_status_for_another_emergency_number_is_not_current(kb: KnowledgeBase) -> None:
    club = _club()
    coach_people(club, COACH, NOW, kb, emergency_number="112")
    assert len(club.opened) == len(club.journals)


def test_the_filter_keeps_only_the_levels_asked_for(kb: KnowledgeBase) -> None:
    club = _club()
    urgent_or_worse = wanted_levels(["urgent", "emergency"])
    assert [p.level for p in coach_people(club, COACH, NOW, kb, levels=urgent_or_worse)] == [
        "emergency",
        "emergency",
        "urgent",
    ]
    nothing = coach_people(club, COACH, NOW, kb, levels=wanted_levels(["none"]))
    assert [p.email for p in nothing] == ["b-nothing@example.org"]
    assert wanted_levels([]) is None
    assert wanted_levels([""]) is None


def test_an_unknown_level_names_the_field() -> None:
    with pytest.raises(InputError) as raised:
        wanted_levels(["urgent", "see_doctor_today"])
    (problem,) = raised.value.problems
    assert problem.field == "level"
    assert "see_doctor_today" in problem.message
    assert "emergency" in problem.message


def test_a_coach_sees_no_answers_and_no_trend_numbers(kb: KnowledgeBase) -> None:
    club = _club()
    stored = club.journals["e-urgent@example.org"].stored_status()
    assert stored is not None
    assert any("answers" in flag for flag in stored.red_flags)
    assert any("numbers" in trend for trend in stored.trends)
    for person in coach_people(club, COACH, NOW, kb):
        text = json.dumps(person.view.to_json())
        assert '"answers"' not in text
        assert '"numbers"' not in text


def test_the_table_has_the_titles_and_when(kb: KnowledgeBase) -> None:
    people = coach_people(_club(), COACH, NOW, kb)
    header, first, *rest = coach_table(people)
    assert tuple(header) == CSV_COLUMNS == ("email", "level", "red_flags", "warnings", "as_of")
    assert first[:2] == ["f-emergency-newer@example.org", "emergency"]
    assert first[2] == "; ".join(flag["title"] for flag in people[0].view.red_flags)
    assert "Twitching that persists beyond two weeks" in first[2].split("; ")
    assert first[4] == people[0].as_of.isoformat()
    assert rest[-1][:3] == ["b-nothing@example.org", "", ""]
