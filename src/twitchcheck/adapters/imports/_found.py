"""What an import finds: each record as a journal event with where it came from, and what was passed over.

A reader offers every record it understands to a `Collector`, which applies `--only` and `--since`, counts
what it leaves out and why, and gathers the problems (a bad record is named, never dropped: any problem
rejects the whole import).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from twitchcheck.core.errors import FieldProblem, InputError
from twitchcheck.journal.events import Event

IMPORT_TYPES: tuple[str, ...] = ("workout", "fluid", "caffeine", "body_mass", "sleep")
"""The event types an export can bring in (`--only` chooses among them)."""

ONLY_NAMES: dict[str, str] = {
    "workouts": "workout",
    "workout": "workout",
    "fluid": "fluid",
    "water": "fluid",
    "caffeine": "caffeine",
    "body_mass": "body_mass",
    "weight": "body_mass",
    "sleep": "sleep",
}
"""The words `--only` takes for each type."""

MAX_PROBLEMS = 100
"""Problems listed by name; past this, the count of the rest."""

Progress = Callable[[int, int, Mapping[str, int]], None]
"""`progress(done, total, found)`: bytes (or files) read of the total, and the records found by type."""


def no_progress(done: int, total: int, found: Mapping[str, int]) -> None:
    """The default: nothing to show."""


@dataclass(frozen=True)
class Found:
    """One record of a source as a journal event (its `id` is the record's key) and where it came from."""

    event: Event
    start: datetime
    """The aware instant it began (a night: its first asleep minute), for matching across sources."""
    source: str
    """Who recorded it, as a person would say: `Apple Health (Apple Watch)`, `Strava`, `Garmin Connect`."""
    where: str
    """Where it is in the file: `export.xml line 1234`, `activities.csv row 3`."""
    rank: int
    """Which source to prefer when two are equally rich: lower first (a device file before a summary)."""
    end: datetime | None = None
    detail: float = 0.0
    """How much the record knows beyond its fields (a night with sleep stages), for choosing among sources."""


@dataclass
class Collector:
    """Takes each record a reader finds; keeps those wanted and counts the rest by type and reason."""

    only: frozenset[str] = frozenset(IMPORT_TYPES)
    since: datetime | None = None
    found: list[Found] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    skipped: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(type, reason) -> how many were left out."""
    not_used: Counter[str] = field(default_factory=Counter)
    """Kinds of record in the file the journal has no use for (heart rate, steps...) -> how many."""
    problems: list[FieldProblem] = field(default_factory=list)
    problem_count: int = 0

    def wants(self, kind: str) -> bool:
        """Whether records of a journal type are imported at all (so a reader can skip reading them)."""
        return kind in self.only

    def offer(self, found: Found) -> None:
        kind = found.event.type
        if kind not in self.only:
            self.skipped[(kind, "not chosen with --only")] += 1
        elif self.since is not None and found.start < self.since:
            self.skipped[(kind, "before --since")] += 1
        else:
            self.found.append(found)
            self.counts[kind] += 1

    def skip(self, kind: str, reason: str, count: int = 1) -> None:
        self.skipped[(kind, reason)] += count

    def problem(self, place: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(FieldProblem(place, message))

    def add_problems(self, error: InputError, prefix: str = "") -> None:
        for problem in error.problems:
            self.problem(f"{prefix}{problem.field}", problem.message)

    def check(self, what: str) -> None:
        """InputError naming every problem found (the import is refused whole), if there is any."""
        if not self.problem_count:
            return
        problems = list(self.problems)
        if self.problem_count > len(problems):
            more = self.problem_count - len(problems)
            problems.append(FieldProblem("(more)", f"and {more:,} more problem(s) like these"))
        raise InputError(problems, what)
