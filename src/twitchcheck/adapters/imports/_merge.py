"""One workout, whatever the sources: records that are the same thing become one journal event.

A run recorded by the watch (its FIT file), listed by Strava and copied into Apple Health is three records of
one workout. Records are the same when they are of one type and:

- workouts: start within `WORKOUT_START` of each other, last within `WORKOUT_DURATION` or
  `WORKOUT_DURATION_SHARE` of the longer (whichever allows more: moving time and elapsed time differ), and
  their kinds agree (`other` or an unknown kind agrees with any);
- nights of sleep: dated the same day;
- drinks and caffeine from two different apps: start within `DRINK_START` with amounts within 1%;
- body mass from two different apps: within `BODY_MASS_START` and `BODY_MASS_KG`;
- any two records with the same key (an export that repeats a record byte for byte).

Within an import, the richest record of a group is kept (the most of distance, effort, worked regions and a
specific kind; then the source with the most detail, such as sleep stages; then the preferred source), and
fills in what it lacks from the others. A group that matches an event already in the journal (an imported one,
kept or deleted) adds nothing: the journal's event is kept as it is (it may have been corrected by hand), and
the new records are recorded as its sources, so importing them again finds them already there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Any

from twitchcheck.adapters.imports._found import Found
from twitchcheck.adapters.storage.journal import Stored
from twitchcheck.journal.events import Event, parse_event, resolve_at

WORKOUT_START = timedelta(minutes=5)
WORKOUT_DURATION = timedelta(minutes=5)
WORKOUT_DURATION_SHARE = 0.2
DRINK_START = timedelta(minutes=1)
DRINK_AMOUNT_SHARE = 0.01
BODY_MASS_START = timedelta(minutes=10)
BODY_MASS_KG = 0.1
_WINDOW = {
    "workout": WORKOUT_START,
    "fluid": DRINK_START,
    "caffeine": DRINK_START,
    "body_mass": BODY_MASS_START,
}
_NOTE_MAX = 2000

MATCHED_TYPES = ("workout", "sleep")
"""Types matched against events already in the journal (drinks and body mass match by key only)."""


@dataclass
class TypeCounts:
    """What an import did with one type of record."""

    read: int = 0
    added: int = 0
    already_there: int = 0
    merged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    """Reason -> how many were left out."""


@dataclass(frozen=True)
class Plan:
    """What to write: new events, and source keys (-> the key of the event each was folded into)."""

    events: list[Event]
    sources: dict[str, str]
    counts: dict[str, TypeCounts]


@dataclass
class _Item:
    event: Event
    start: datetime
    key: str
    source: str
    rank: int
    detail: float = 0.0
    stored: Stored | None = None
    found: Found | None = None
    duplicates: int = 0


def _minutes(event: Event) -> float:
    return float(getattr(event, "duration_min", 0.0))


def _kinds_agree(a: Event, b: Event) -> bool:
    kind_a, kind_b = getattr(a, "kind", None), getattr(b, "kind", None)
    return kind_a in (None, "other") or kind_b in (None, "other") or kind_a == kind_b


def _amount(event: Event) -> float:
    for name in ("ml", "mg", "kg"):
        value = getattr(event, name, None)
        if isinstance(value, int | float):
            return float(value)
    return 0.0


def same(a: _Item, b: _Item) -> bool:
    """Whether two records of one type are one thing (see the module's rules)."""
    kind = a.event.type
    if kind != b.event.type:
        return False
    gap = abs(a.start - b.start)
    if kind == "workout":
        longer = max(_minutes(a.event), _minutes(b.event))
        allowed = max(WORKOUT_DURATION.total_seconds() / 60, WORKOUT_DURATION_SHARE * longer)
        return (
            gap <= WORKOUT_START
            and abs(_minutes(a.event) - _minutes(b.event)) <= allowed
            and _kinds_agree(a.event, b.event)
        )
    if kind == "sleep":
        return a.event.at == b.event.at
    if a.source == b.source:
        return False  # one app's two entries are two entries
    if kind in ("fluid", "caffeine"):
        larger = max(_amount(a.event), _amount(b.event))
        return gap <= DRINK_START and abs(_amount(a.event) - _amount(b.event)) <= DRINK_AMOUNT_SHARE * larger
    if kind == "body_mass":
        return gap <= BODY_MASS_START and abs(_amount(a.event) - _amount(b.event)) <= BODY_MASS_KG
    return False


def _richness(item: _Item) -> tuple[float, float, float, int]:
    event = item.event
    fields = 0.0
    if event.type == "workout":
        data = event.to_contract()
        fields = sum(1 for name in ("distance_km", "rpe", "worked_regions") if name in data)
        fields += 1 if data.get("kind") not in (None, "other") else 0
    hours = float(getattr(event, "hours", 0.0)) if event.type == "sleep" else 0.0
    return (fields, item.detail, hours, -item.rank)


def _combined(base: _Item, others: Sequence[_Item]) -> Event:
    """The base record, with what it lacks filled in from the others (richest first), and a note naming
    them."""
    data: dict[str, Any] = base.event.to_contract()
    if base.event.type == "workout":
        for other in others:
            extra = other.event.to_contract()
            if data.get("kind") in (None, "other") and extra.get("kind") not in (None, "other"):
                data["kind"] = extra["kind"]
                if "worked_regions" in extra:
                    data["worked_regions"] = extra["worked_regions"]
            for name in ("distance_km", "rpe", "hot_environment", "worked_regions"):
                if name not in data and name in extra and data.get("kind") == extra.get("kind"):
                    data[name] = extra[name]
    also = list(dict.fromkeys(other.source for other in others if other.source != base.source))
    if also:
        note = (data.get("note") or base.source) + "; also in " + ", ".join(also)
        data["note"] = note if len(note) <= _NOTE_MAX else note[: _NOTE_MAX - 3] + "..."
    return parse_event(data)


class _Groups:
    """Union-find over items; a group never holds two records of one source where that would make one
    app's two entries one (drinks, body mass)."""

    def __init__(self, items: Sequence[_Item]) -> None:
        self.parent = list(range(len(items)))
        self.sources: list[set[str]] = [{item.source} for item in items]

    def find(self, index: int) -> int:
        while self.parent[index] != index:
            self.parent[index] = self.parent[self.parent[index]]
            index = self.parent[index]
        return index

    def join(self, a: int, b: int, *, distinct_sources: bool = False) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b or (distinct_sources and self.sources[root_a] & self.sources[root_b]):
            return
        low, high = min(root_a, root_b), max(root_a, root_b)
        self.parent[high] = low
        self.sources[low] |= self.sources[high]


def plan(
    found: Sequence[Found],
    stored: Sequence[Stored],
    known: Mapping[str, int],
    zone: tzinfo,
    skipped: Mapping[tuple[str, str], int] | None = None,
) -> Plan:
    """What an import writes: `found` grouped with each other and with `stored` events (see the module)."""
    counts: dict[str, TypeCounts] = {}

    def count(kind: str) -> TypeCounts:
        return counts.setdefault(kind, TypeCounts())

    for (kind, reason), number in (skipped or {}).items():
        count(kind).skipped[reason] += number
    by_key: dict[str, _Item] = {}
    items: list[_Item] = []
    for record in found:
        count(record.event.type).read += 1
        key = record.event.id
        assert key is not None, "every imported record has a key"
        if key in by_key:
            by_key[key].duplicates += 1
            continue
        item = _Item(record.event, record.start, key, record.source, record.rank, record.detail, found=record)
        by_key[key] = item
        items.append(item)
    new_count = len(items)
    for journal_event in stored:
        assert journal_event.event.id is not None
        when = resolve_at(journal_event.event.at, zone)
        items.append(
            _Item(journal_event.event, when, journal_event.event.id, "journal", -1, stored=journal_event)
        )

    groups = _Groups(items)
    order = sorted(range(len(items)), key=lambda index: (items[index].event.type, items[index].start))
    by_day: dict[tuple[str, str], int] = {}
    for position, index in enumerate(order):
        item = items[index]
        if item.event.type == "sleep":
            first = by_day.setdefault(("sleep", item.event.at), index)
            groups.join(first, index)
            continue
        window = _WINDOW.get(item.event.type, timedelta(0))
        back = position - 1
        while back >= 0:
            other = items[order[back]]
            if other.event.type != item.event.type or item.start - other.start > window:
                break
            if (item.stored is None or other.stored is None) and same(item, other):
                groups.join(index, order[back], distinct_sources=item.event.type != "workout")
            back -= 1

    members: dict[int, list[_Item]] = {}
    for index, item in enumerate(items):
        members.setdefault(groups.find(index), []).append(item)

    events: list[Event] = []
    sources: dict[str, str] = {}
    for group in members.values():
        fresh = [item for item in group if item.stored is None]
        if not fresh:
            continue
        kind = fresh[0].event.type
        kept = [item for item in group if item.stored is not None]
        known_here = [item for item in fresh if item.key in known]
        if kept or known_here:
            seqs = [(item.stored.seq, item.key) for item in kept if item.stored is not None]
            target = min(seqs)[1] if seqs else known_here[0].key
            for item in fresh:
                if item.key in known:
                    count(kind).already_there += 1 + item.duplicates
                else:
                    count(kind).merged += 1 + item.duplicates
                    sources[item.key] = target
            continue
        ranked = sorted(fresh, key=_richness, reverse=True)
        base, others = ranked[0], ranked[1:]
        events.append(_combined(base, others) if others else base.event)
        count(kind).added += 1
        count(kind).merged += base.duplicates
        for other in others:
            count(kind).merged += 1 + other.duplicates
            sources[other.key] = base.key
    assert len(items) >= new_count
    return Plan(events, sources, counts)
