"""The coach's view of a club: everyone who shares with a coach, most serious first, from their stored
statuses read together (`ports.ClubStatuses`), never one journal at a time while those are current.

A person whose stored status is missing or stale (their journal changed, or time alone changed it) is
computed now and stored (`services.watch.current_status`), so no one is shown a stale status as current.
What a coach sees of each is `status.coach_part`'s (no answers, no trend numbers).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal, get_args

from twitchcheck.core.errors import FieldProblem, InputError
from twitchcheck.core.vocabulary import LEVEL_RANK, LEVELS, Level
from twitchcheck.knowledge.loader import KnowledgeBase, load_knowledge
from twitchcheck.services.status import CoachView
from twitchcheck.services.watch import coach_view_of, current_status

if TYPE_CHECKING:
    from twitchcheck.services.ports import ClubStatuses, SharingPerson

NothingLogged = Literal["none"]
LevelFilter = Level | NothingLogged
"""What a coach may filter by: a triage level, or `none` (nothing logged to assess yet)."""
LEVEL_FILTERS: tuple[LevelFilter, ...] = (*LEVELS, *get_args(NothingLogged))

CSV_COLUMNS = ("email", "level", "red_flags", "warnings", "as_of")
"""The coach's CSV export: one row per person, the red flags' and warnings' titles only."""


@dataclass(frozen=True)
class CoachedPerson:
    """One person who shares with the coach: who, and what the coach may see of their status."""

    id: int
    email: str
    view: CoachView

    @property
    def level(self) -> str | None:
        return self.view.level

    @property
    def as_of(self) -> datetime:
        """When the status was last brought up to date (computed from the journal)."""
        return self.view.as_of

    @property
    def seriousness(self) -> int:
        """emergency 4 .. self_care 1; 0 when nothing is logged to assess."""
        return LEVEL_RANK[self.view.level] if self.view.level is not None else 0  # type: ignore[index]


def wanted_levels(values: Iterable[str]) -> frozenset[LevelFilter] | None:
    """The levels a coach asked for (`?level=`, repeatable); None for all. InputError naming `level`."""
    wanted = [value.strip() for value in values if value.strip()]
    unknown = [value for value in wanted if value not in LEVEL_FILTERS]
    if unknown:
        choices = ", ".join(LEVEL_FILTERS)
        said = [f"{value[:40]!r} is not a level: give one of {choices}" for value in unknown]
        problems = [FieldProblem("level", message) for message in said]
        raise InputError(problems, "filter")
    return frozenset(value for value in LEVEL_FILTERS if value in wanted) or None


def _current(
    club: ClubStatuses,
    person: SharingPerson,
    now: datetime,
    kb: KnowledgeBase,
    emergency_number: str | None,
) -> CoachView:
    kept = person.status
    if kept is not None and kept.view is not None and kept.is_current(person.revision, now, emergency_number):
        return kept.view
    journal = club.journal_of(person)
    return coach_view_of(current_status(journal, now, kb, emergency_number=emergency_number).stored)


def most_serious_first(people: Iterable[CoachedPerson]) -> list[CoachedPerson]:
    """Emergency, urgent, see a doctor, self care, then nothing logged; within a level the most recently
    updated first (then by email, so that the order is stable)."""
    return sorted(people, key=lambda person: (-person.seriousness, -person.as_of.timestamp(), person.email))


def coach_people(
    club: ClubStatuses,
    coach_id: int,
    now: datetime,
    knowledge: KnowledgeBase | None = None,
    *,
    levels: frozenset[LevelFilter] | None = None,
    emergency_number: str | None = None,
) -> list[CoachedPerson]:
    """Everyone who shares with the coach (only those at `levels`, when given), most serious first: each from
    their stored status while current, else computed now and stored."""
    kb = knowledge if knowledge is not None else load_knowledge()
    people = []
    for person in club.sharing_with(coach_id):
        view = _current(club, person, now, kb, emergency_number)
        if levels is not None and (view.level or "none") not in levels:
            continue
        people.append(CoachedPerson(person.id, person.email, view))
    return most_serious_first(people)


def coach_table(people: Sequence[CoachedPerson]) -> list[list[str]]:
    """The coach's export as rows of text, `CSV_COLUMNS` first: email, level (empty when nothing is logged),
    the red flags' titles and the warnings' titles (each joined by "; "), and as of when (ISO 8601, UTC)."""
    rows = [list(CSV_COLUMNS)]
    for person in people:
        view = person.view
        rows.append(
            [
                person.email,
                view.level or "",
                "; ".join(str(flag["title"]) for flag in view.red_flags),
                "; ".join(str(warning["title"]) for warning in view.warnings),
                view.as_of.isoformat(),
            ]
        )
    return rows


__all__ = [
    "CSV_COLUMNS",
    "LEVEL_FILTERS",
    "CoachedPerson",
    "LevelFilter",
    "coach_people",
    "coach_table",
    "most_serious_first",
    "wanted_levels",
]
