"""Journal events: the `twitchcheck/journal-event/2` contract as pydantic models, and their place in time.

An event is what a person logged at a moment: a workout, a twitch, a symptom, a strength test, a limb
circumference, a drink, caffeine, body mass, a night's sleep, a stress level or a medicine taken. Version 2
of the contract only adds (symptoms, a twitch's severity, stress and medicine events), so every version-1
line is read unchanged. `at` is kept exactly as written (so export
gives back what was imported) and resolved to an aware instant with the journal's time zone: without an
offset it is local time, and a date alone means that day (its start, for ordering).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Annotated, Any, Literal, TypeAlias

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

from twitchcheck.core.errors import FieldProblem, InputError, problems_from
from twitchcheck.core.vocabulary import (
    EVENT_TYPES,
    MEDICINE_KINDS,
    SYMPTOMS,
    EventType,
    Frequency,
    LimbSide,
    MedicineKind,
    Region,
    Side,
    Site,
    StrengthTestName,
    SymptomName,
    WorkoutKind,
)

EVENT_SCHEMA_ID = "twitchcheck/journal-event/2"

_AT = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?$"
)


FIRST_YEAR, LAST_YEAR = 1900, 2200
"""Years a journal accepts: wide enough for any real log, narrow enough that no time zone overflows a date."""


def check_at(value: str) -> str:
    """`value` if it is a contract `at` naming a real moment in the accepted years; else ValueError."""
    if not _AT.fullmatch(value):
        raise ValueError(
            "not a date or date-time like 2026-11-02 or 2026-11-02T18:30 (with Z or +01:00 optional)"
        )
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("not a real date or time") from None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ValueError(f"the year must be between {FIRST_YEAR} and {LAST_YEAR}")
    return value


def _unique(items: list[str] | None) -> list[str] | None:
    if items is not None and len(set(items)) != len(items):
        raise ValueError("items must be unique")
    return items


def _whole(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


At = Annotated[str, Field(description="ISO 8601 date or date-time, as written")]
Scale = Annotated[int, BeforeValidator(_whole), Field(ge=0, le=5)]
"""A 0..5 rating; 3.0 is 3 (JSON Schema counts it an integer), 3.5 is refused."""


def _no_controls(value: str) -> str:
    # An id is a name to match on: a control character (NUL above all, which PostgreSQL cannot store) is
    # a mistake, never a name. Only those (Unicode's Cc): letters of any script, even unassigned ones, stay.
    if any(unicodedata.category(character) == "Cc" for character in value):
        raise ValueError("an id has no control characters")
    return value


NOTE_SIGN_PREFIX = "from-note-"
"""The id prefix of a symptom the status reads in an entry's note (`services.notes`): never stored, shown as
the note's words."""


class _Event(BaseModel):
    # Strict like the report: "30" is not a number and 1 is not true, exactly as in the JSON Schema.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    at: At
    id: Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_no_controls)] | None = None
    note: Annotated[str, Field(max_length=2000)] | None = None

    _check_at = field_validator("at")(check_at)

    @model_validator(mode="before")
    @classmethod
    def _nulls_left_out(cls, data: Any) -> Any:
        # One rule for null everywhere twitchcheck reads JSON (a report's --input, a journal line, the API):
        # null is the field not given. In a report that is "unknown"; in an event, the field left out. Both
        # spellings are one event (its key and its export are those of the event without the field), and
        # twitchcheck never writes null.
        if isinstance(data, Mapping):
            return {key: value for key, value in data.items() if value is not None}
        return data

    def to_contract(self) -> dict[str, Any]:
        """The event as one contract JSON object, `type` first: absent fields stay absent."""
        data = self.model_dump(mode="json", exclude_none=True)
        # 200 stays 200 (not 200.0), as a person writes it; JSON does not tell the two apart.
        return {"type": data.pop("type"), **{k: _whole(v) for k, v in data.items()}}


class WorkoutEvent(_Event):
    type: Literal["workout"] = "workout"
    duration_min: Annotated[float, Field(gt=0, le=1440)]
    rpe: Annotated[float, Field(ge=0, le=10)] | None = None
    kind: WorkoutKind | None = None
    worked_regions: list[Region] | None = None
    hot_environment: bool | None = None
    distance_km: Annotated[float, Field(ge=0, le=1000)] | None = None

    _check_regions = field_validator("worked_regions")(_unique)


class TwitchEvent(_Event):
    type: Literal["twitch"] = "twitch"
    regions: Annotated[list[Region], Field(min_length=1)]
    side: Side | None = None
    frequency: Frequency | None = None
    painful_cramps: bool | None = None
    severity: (
        Annotated[int, Field(ge=0, le=5, description="0 (not at all) .. 5 (constant, disrupting)")] | None
    ) = None

    _check_regions = field_validator("regions")(_unique)


class SymptomEvent(_Event):
    type: Literal["symptom"] = "symptom"
    symptom: SymptomName
    present: bool


class StrengthTestEvent(_Event):
    type: Literal["strength_test"] = "strength_test"
    test: StrengthTestName
    side: Side | None = None
    value: Annotated[float, Field(ge=0, le=500)]


class CircumferenceEvent(_Event):
    type: Literal["circumference"] = "circumference"
    site: Site
    side: LimbSide
    cm: Annotated[float, Field(ge=5, le=150)]


class FluidEvent(_Event):
    type: Literal["fluid"] = "fluid"
    ml: Annotated[float, Field(gt=0, le=10000)]
    electrolytes: bool | None = None


class CaffeineEvent(_Event):
    type: Literal["caffeine"] = "caffeine"
    mg: Annotated[float, Field(gt=0, le=2000)]
    source: Annotated[str, Field(max_length=100)] | None = None


class BodyMassEvent(_Event):
    type: Literal["body_mass"] = "body_mass"
    kg: Annotated[float, Field(ge=20, le=300)]


class SleepEvent(_Event):
    type: Literal["sleep"] = "sleep"
    hours: Annotated[float, Field(ge=0, le=24)]


class StressEvent(_Event):
    type: Literal["stress"] = "stress"
    level: Scale
    """0 (none) .. 5 (extreme)."""


class MedicineEvent(_Event):
    """A medicine or supplement taken (version 2)."""

    type: Literal["medicine"] = "medicine"
    name: Annotated[str, Field(min_length=1, max_length=100)]
    kind: MedicineKind | None = None
    dose_mg: Annotated[float, Field(gt=0, le=100000)] | None = None


Event: TypeAlias = (
    WorkoutEvent
    | TwitchEvent
    | SymptomEvent
    | StrengthTestEvent
    | CircumferenceEvent
    | FluidEvent
    | CaffeineEvent
    | BodyMassEvent
    | SleepEvent
    | StressEvent
    | MedicineEvent
)
EVENT_MODELS: dict[str, type[_Event]] = {
    model.model_fields["type"].default: model
    for model in (
        WorkoutEvent, TwitchEvent, SymptomEvent, StrengthTestEvent, CircumferenceEvent,
        FluidEvent, CaffeineEvent, BodyMassEvent, SleepEvent, StressEvent, MedicineEvent,
    )
}  # fmt: skip

_ADAPTER: TypeAdapter[Event] = TypeAdapter(Annotated[Event, Field(discriminator="type")])


def parse_event(data: object) -> Event:
    """A validated event from one contract JSON object; InputError naming every bad field otherwise."""
    if isinstance(data, BaseModel) and type(data) in EVENT_MODELS.values():
        return data  # type: ignore[return-value]  # already one of the event models
    if not isinstance(data, Mapping):
        problem = FieldProblem("(event)", f"an event is a JSON object, not {type(data).__name__}")
        raise InputError([problem], "event")
    data = {key: value for key, value in data.items() if value is not None}  # null: not given (see _Event)
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in EVENT_MODELS:
        allowed = ", ".join(EVENT_TYPES)
        got = "missing" if kind is None else repr(kind)
        raise InputError([FieldProblem("type", f"must be one of {allowed} (got {got})")], "event")
    try:
        return _ADAPTER.validate_python(data)
    except ValidationError as error:
        # pydantic puts the union's tag (the event type) first in each location: drop it, once.
        problems = []
        for problem in problems_from(error, "journal-event"):
            field = problem.field.removeprefix(f"{kind}.") if problem.field != kind else "(event)"
            problems.append(FieldProblem(field, problem.message))
        raise InputError(problems, "event") from None


_LIST_ADAPTER: TypeAdapter[list[Event]] = TypeAdapter(list[Annotated[Event, Field(discriminator="type")]])


def parse_events(texts: Sequence[str]) -> list[Event]:
    """The events of contract JSON objects as text (a journal's stored rows), each validated as `parse_event`
    validates it; InputError naming the first bad one's fields otherwise, as `parse_event` names them.

    All are validated in one pass of pydantic's own JSON reader (about a third faster than `json.loads` and
    `parse_event` one by one for the 9,735 events of a 3-year journal); anything that pass refuses is read
    again one by one, so that an error says what `parse_event` says (and a text that is not one JSON value,
    such as two objects with a comma between, fails as `json.loads` fails on it)."""
    try:
        events = _LIST_ADAPTER.validate_json(f"[{','.join(texts)}]")
    except ValueError:  # ValidationError included: find and name the first bad one
        pass
    else:
        if len(events) == len(texts):
            return events
    return [parse_event(json.loads(text)) for text in texts]


# -- time -------------------------------------------------------------------------------------------------


def local_zone() -> tzinfo:
    """This machine's time zone (for `at` values written without an offset)."""
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone


def resolve_at(at: str, zone: tzinfo) -> datetime:
    """The aware instant `at` means: without an offset, local time in `zone`; a date alone, its start."""
    if "T" not in at:
        return datetime.combine(date.fromisoformat(at), time(), zone)
    moment = datetime.fromisoformat(at)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def is_date_only(at: str) -> bool:
    return "T" not in at


@dataclass(frozen=True, slots=True)
class Timed:
    """An event placed in time: its aware instant and its local calendar day."""

    event: Event
    when: datetime
    day: date


@dataclass(frozen=True)
class History:
    """A person's journal as the analyses see it: events in time order, in one time zone.

    Build it with `History.of(events, zone)`; the analyses take it and a `now`, and never read a clock.
    """

    entries: tuple[Timed, ...]
    zone: tzinfo
    _by_type: dict[str, tuple[Timed, ...]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, events: Iterable[Event], zone: tzinfo | None = None) -> History:
        zone = zone if zone is not None else local_zone()
        entries = []
        for event in events:
            when = resolve_at(event.at, zone)
            entries.append(Timed(event, when, when.astimezone(zone).date()))
        entries.sort(key=lambda entry: entry.when)
        by_type: dict[str, list[Timed]] = {}
        for entry in entries:
            by_type.setdefault(entry.event.type, []).append(entry)
        return cls(tuple(entries), zone, {kind: tuple(items) for kind, items in by_type.items()})

    def of_type(self, kind: EventType) -> tuple[Timed, ...]:
        return self._by_type.get(kind, ())

    def painful_cramp_days(self, start: date, end: date) -> dict[str, set[date]]:
        """The days from `start` to `end` (inclusive) each region's twitching came with painful cramps, as
        logged (the report's presenting question and its timeline chart both show them)."""
        days: dict[str, set[date]] = {}
        for entry in self.of_type("twitch"):
            event = entry.event
            if isinstance(event, TwitchEvent) and event.painful_cramps and start <= entry.day <= end:
                for region in event.regions:
                    days.setdefault(region, set()).add(entry.day)
        return days

    def until(self, now: datetime) -> History:
        """Only what had been logged by `now` (for `status --as-of`)."""
        if not self.entries or self.entries[-1].when <= now:
            return self
        return History.of((entry.event for entry in self.entries if entry.when <= now), self.zone)

    def __len__(self) -> int:
        return len(self.entries)


def days_between(first: date, last: date) -> int:
    return (last - first).days


def day_start(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(), zone)


ONE_DAY = timedelta(days=1)

__all__: Sequence[str] = (
    "EVENT_MODELS",
    "EVENT_TYPES",
    "MEDICINE_KINDS",
    "NOTE_SIGN_PREFIX",
    "SYMPTOMS",
    "BodyMassEvent",
    "CaffeineEvent",
    "CircumferenceEvent",
    "Event",
    "FluidEvent",
    "History",
    "MedicineEvent",
    "SleepEvent",
    "StrengthTestEvent",
    "StressEvent",
    "SymptomEvent",
    "Timed",
    "TwitchEvent",
    "WorkoutEvent",
    "parse_event",
    "resolve_at",
)
