"""Apple Health's export (`export.xml`, alone or in `export.zip`), streamed through defusedxml's SAX parser.

A phone with years of heart-rate samples gives an `export.xml` of 1 to 2 GB, so it is never loaded whole:
it is fed to an incremental parser a megabyte at a time, and only the records the journal uses are kept
(workouts, water, caffeine, body mass and sleep); every other record type is counted and passed over.

The export's DOCTYPE carries an internal DTD (element and attribute declarations only) that iOS 16.0 and 16.1
wrote malformed, which strict parsers refuse. The journal needs nothing from it, so the DOCTYPE is blanked out
before parsing, keeping its line breaks so that every line number stays true. A DOCTYPE that declares an
entity, or names an external DTD, is refused instead: that is how entity-expansion tricks (billion laughs) and
external-entity reads start, and no Health export has one. The parser itself still refuses any DTD or entity
(defusedxml, `forbid_dtd`), so nothing slips past the blanking.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import IO, Any
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler
from xml.sax.xmlreader import AttributesImpl

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser
from pydantic import ValidationError

from twitchcheck.adapters.imports._archive import CHUNK, archive_error
from twitchcheck.adapters.imports._found import Collector, Found, Progress
from twitchcheck.adapters.imports._units import to_unit
from twitchcheck.adapters.workout_files import SportTable
from twitchcheck.core.errors import problems_from
from twitchcheck.journal.events import (
    BodyMassEvent,
    CaffeineEvent,
    Event,
    FluidEvent,
    SleepEvent,
    WorkoutEvent,
)

SOURCE = "Apple Health"
RANK = 5
PREFIX = "apple-health:"

_QUANTITIES: dict[str, tuple[str, str]] = {
    "HKQuantityTypeIdentifierDietaryWater": ("fluid", "milliliter"),
    "HKQuantityTypeIdentifierDietaryCaffeine": ("caffeine", "milligram"),
    "HKQuantityTypeIdentifierBodyMass": ("body_mass", "kilogram"),
}
_DIMENSIONS = {"milliliter": "volume", "milligram": "mass", "kilogram": "mass"}
SLEEP_TYPE = "HKCategoryTypeIdentifierSleepAnalysis"
ASLEEP: dict[str, str] = {
    "HKCategoryValueSleepAnalysisAsleepUnspecified": "asleep",
    "HKCategoryValueSleepAnalysisAsleep": "asleep",  # before iOS 16
    "HKCategoryValueSleepAnalysisAsleepCore": "core",
    "HKCategoryValueSleepAnalysisAsleepDeep": "deep",
    "HKCategoryValueSleepAnalysisAsleepREM": "REM",
}
NOT_ASLEEP = {"HKCategoryValueSleepAnalysisInBed", "HKCategoryValueSleepAnalysisAwake"}
_WORKOUT_PREFIX = "HKWorkoutActivityType"
_DISTANCE_PREFIX = "HKQuantityTypeIdentifierDistance"
_ENERGY_TYPE = "HKQuantityTypeIdentifierActiveEnergyBurned"
_DATE = "%Y-%m-%d %H:%M:%S %z"
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_PROLOG_LIMIT = 4 * 1024 * 1024

NIGHT_STARTS_HOUR = 18
"""A night is the sleep that starts between 18:00 the evening before and 18:00 on the day it is dated (the
day of waking, as `log sleep` dates last night), in the zone the record was written in."""
AWAKE_FOR = timedelta(hours=2)
"""A night still open when the export was made, whose sleep ended less than this before, is in progress."""


def sniff(head: bytes) -> bool:
    """Whether the start of a file is an Apple Health export (by content: the file name depends on the
    phone's language, `导出.xml` in Chinese)."""
    return b"<HealthData" in head[:8192] or b"<!DOCTYPE HealthData" in head[:8192]


def read_apple_health(
    stream: IO[bytes],
    *,
    total: int,
    label: str,
    collector: Collector,
    sports: SportTable,
    progress: Progress,
) -> None:
    """Offer every workout, drink, caffeine, body mass and night in the export to `collector`."""
    handler = _Handler(label, collector, sports)
    parser = DefusedExpatParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    parser.setContentHandler(handler)
    handler.parser = parser
    head = _prolog(stream)
    done = len(head)
    try:
        parser.feed(_blank_doctype(head, label))
        progress(done, total, collector.counts)
        while data := stream.read(CHUNK):
            parser.feed(data)
            done += len(data)
            progress(min(done, total), total, collector.counts)
        parser.close()
    except SAXParseException as error:
        place = f"line {error.getLineNumber()}, column {error.getColumnNumber()}"
        reason = error.getMessage()
        hint = " (the file ends too early: a cut-off download?)" if "no element found" in reason else ""
        raise archive_error(label, place, f"not well-formed XML: {reason}{hint}") from None
    except DefusedXmlException as error:
        place = f"line {parser.getLineNumber()}"
        raise archive_error(label, place, f"XML with a DTD or entities is not accepted ({error})") from None
    if not handler.root_seen:
        raise archive_error(label, "(file)", "not an Apple Health export: no <HealthData> element")
    handler.finish_nights()
    progress(total, total, collector.counts)


def _prolog(stream: IO[bytes]) -> bytes:
    """The start of the file up to the end of its DOCTYPE (or its first megabyte when it has none)."""
    head = stream.read(CHUNK)
    while b"<!DOCTYPE" in head and not _doctype_end(head) and len(head) < _PROLOG_LIMIT:
        more = stream.read(CHUNK)
        if not more:
            break
        head += more
    return head


def _doctype_end(head: bytes) -> bool:
    start = head.find(b"<!DOCTYPE")
    return start >= 0 and _scan_doctype(head, start, "", check=False) is not None


def _line(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def _scan_doctype(head: bytes, start: int, label: str, *, check: bool = True) -> int | None:
    """The index just past the DOCTYPE's closing `>`, or None if it does not end in `head`.

    With `check`, an external DTD or an entity declaration is an InputError naming its line.
    """
    position = start + len(b"<!DOCTYPE")
    end = len(head)
    while position < end and head[position] not in b"[>":
        position += 1
    declaration = head[start:position]
    if check and (b"SYSTEM" in declaration or b"PUBLIC" in declaration):
        raise archive_error(
            label,
            f"line {_line(head, start)}",
            "the DOCTYPE names an external DTD: not accepted (no export has one)",
        )
    if position >= end:
        return None
    if head[position] == ord(">"):
        return position + 1
    position += 1
    while position < end:
        if head.startswith(b"<!--", position):
            close = head.find(b"-->", position + 4)
            if close < 0:
                return None
            position = close + 3
            continue
        char = head[position]
        if char in b"\"'":
            close = head.find(bytes([char]), position + 1)
            if close < 0:
                return None
            position = close + 1
            continue
        if check and head.startswith(b"<!ENTITY", position):
            raise archive_error(
                label,
                f"line {_line(head, position)}",
                "an entity declaration: not accepted (entity expansion is how billion-laughs and "
                "external-entity tricks work; no Health export declares one)",
            )
        if char == ord("]"):
            position += 1
            while position < end and head[position] in b" \t\r\n":
                position += 1
            if position < end and head[position] == ord(">"):
                return position + 1
            return None
        position += 1
    return None


def _blank_doctype(head: bytes, label: str) -> bytes:
    """`head` with its DOCTYPE replaced by as many line breaks as it spanned (every line number stays)."""
    start = head.find(b"<!DOCTYPE")
    root = head.find(b"<HealthData")
    if start < 0 or 0 <= root < start:
        return head
    end = _scan_doctype(head, start, label)
    if end is None:
        raise archive_error(
            label, f"line {_line(head, start)}", "the DOCTYPE does not end: a damaged or cut-off export"
        )
    return head[:start] + b"\n" * head.count(b"\n", start, end) + head[end:]


def _key(kind: str, *parts: str | None) -> str:
    digest = hashlib.sha256("|".join(part or "" for part in parts).encode()).hexdigest()[:20]
    return f"{PREFIX}{kind}:{digest}"


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _when(text: str | None) -> datetime | None:
    try:
        return datetime.strptime(text, _DATE) if text else None
    except ValueError:
        return None


def _at(moment: datetime) -> str:
    """The contract's `at`: the moment as the export wrote it, in the zone it was recorded in."""
    return moment.isoformat(timespec="seconds")


def sport_name(activity_type: str) -> str:
    """`HKWorkoutActivityTypeTraditionalStrengthTraining` -> `traditional_strength_training`."""
    return _CAMEL.sub("_", activity_type.removeprefix(_WORKOUT_PREFIX)).lower()


def _source_label(source: str | None) -> str:
    return f"{SOURCE} ({source[:100]})" if source else SOURCE


@dataclass
class _Segment:
    source: str
    stage: str
    start: datetime
    end: datetime
    line: int


class _Handler(ContentHandler):
    def __init__(self, label: str, collector: Collector, sports: SportTable) -> None:
        super().__init__()
        self.label = label
        self.collector = collector
        self.sports = sports
        self.parser: Any = None
        self.root_seen = False
        self.first = True
        self.in_correlation = 0
        self.workout: dict[str, str] | None = None
        self.workout_line = 0
        self.stats: list[dict[str, str]] = []
        self.segments: list[_Segment] = []
        self.export_date: datetime | None = None
        self.not_sleep = 0

    def line(self) -> int:
        return int(self.parser.getLineNumber())

    def place(self, line: int, field: str = "") -> str:
        return f"line {line}" + (f" {field}" if field else "")

    def startElement(self, name: str, attrs: AttributesImpl) -> None:  # SAX's name
        if name == "Record":
            if self.in_correlation:
                return  # a correlation's records appear again at the top level
            kind = attrs.get("type", "")
            if kind in _QUANTITIES:
                self.quantity(kind, attrs)
            elif kind == SLEEP_TYPE:
                self.sleep(attrs)
            else:
                self.collector.not_used[kind] += 1
        elif name == "Workout":
            if self.collector.wants("workout"):
                self.workout = dict(attrs.items())
                self.workout_line = self.line()
                self.stats = []
            else:
                self.collector.skip("workout", "not chosen with --only")
        elif name == "WorkoutStatistics":
            if self.workout is not None:
                self.stats.append(dict(attrs.items()))
        elif name == "Correlation":
            self.in_correlation += 1
        elif name == "ExportDate":
            self.export_date = _when(attrs.get("value"))
        elif self.first:
            if name != "HealthData":
                raise archive_error(
                    self.label, self.place(self.line()), f"not an Apple Health export (its root is <{name}>)"
                )
            self.root_seen = True
        self.first = False

    def endElement(self, name: str) -> None:  # SAX's name
        if name == "Workout" and self.workout is not None:
            self.finish_workout(self.workout, self.workout_line)
            self.workout = None
        elif name == "Correlation":
            self.in_correlation -= 1

    # -- records

    def quantity(self, record_type: str, attrs: AttributesImpl) -> None:
        kind, unit = _QUANTITIES[record_type]
        if not self.collector.wants(kind):
            self.collector.skip(kind, "not chosen with --only")
            return
        line = self.line()
        value_text, unit_text = attrs.get("value"), attrs.get("unit")
        start = _when(attrs.get("startDate"))
        value = _number(value_text)
        if start is None:
            self.collector.problem(
                self.place(line, "startDate"),
                f"not a date like 2026-11-02 18:30:00 +0100 (got {attrs.get('startDate')!r})",
            )
            return
        if value is None:
            self.collector.problem(self.place(line, "value"), f"not a number (got {value_text!r})")
            return
        amount = to_unit(value, unit_text, unit)
        if amount is None:
            self.collector.problem(
                self.place(line, "unit"),
                f"{unit_text!r} is not a unit of {_DIMENSIONS[unit]} twitchcheck knows",
            )
            return
        source = attrs.get("sourceName")
        fields: dict[str, object] = {
            "at": _at(start),
            "id": _key(
                kind,
                source,
                attrs.get("startDate"),
                attrs.get("endDate"),
                value_text,
                unit_text,
                attrs.get("creationDate"),
            ),
            "note": f"{SOURCE}: {source[:200]}" if source else SOURCE,
        }
        model: type[Event]
        if kind == "fluid":
            model, fields["ml"] = FluidEvent, round(amount, 1)
        elif kind == "caffeine":
            model, fields["mg"] = CaffeineEvent, round(amount, 1)
        else:
            model, fields["kg"] = BodyMassEvent, round(amount, 2)
        self.offer(model, fields, start, line, source, {"ml": "value", "mg": "value", "kg": "value"})

    def offer(
        self,
        model: type[Event],
        fields: dict[str, object],
        start: datetime,
        line: int,
        source: str | None,
        source_fields: dict[str, str],
        end: datetime | None = None,
        detail: float = 0.0,
    ) -> None:
        try:
            event = model.model_validate(fields)
        except ValidationError as error:
            for problem in problems_from(error, "journal-event"):
                field = source_fields.get(problem.field, problem.field)
                self.collector.problem(self.place(line, field), problem.message)
            return
        self.collector.offer(
            Found(event, start, _source_label(source), f"{self.label} line {line}", RANK, end, detail)
        )

    def finish_workout(self, attrs: dict[str, str], line: int) -> None:
        start, end = _when(attrs.get("startDate")), _when(attrs.get("endDate"))
        if start is None:
            self.collector.problem(
                self.place(line, "startDate"), f"not a date (got {attrs.get('startDate')!r})"
            )
            return
        duration_min: float | None = None
        duration = _number(attrs.get("duration"))
        if duration is not None:
            duration_min = to_unit(duration, attrs.get("durationUnit") or "min", "minute")
            if duration_min is None:
                self.collector.problem(
                    self.place(line, "durationUnit"),
                    f"not a unit of time (got {attrs.get('durationUnit')!r})",
                )
                return
        elif end is not None:
            duration_min = (end - start).total_seconds() / 60
        distance_km: float | None = None
        total = _number(attrs.get("totalDistance"))
        if total is not None:
            distance_km = to_unit(total, attrs.get("totalDistanceUnit"), "kilometer")
        energy: str | None = None
        for stat in self.stats:
            stat_type = stat.get("type", "")
            amount = _number(stat.get("sum"))
            if stat_type.startswith(_DISTANCE_PREFIX) and amount is not None and distance_km is None:
                distance_km = to_unit(amount, stat.get("unit"), "kilometer")
            elif stat_type == _ENERGY_TYPE and amount is not None:
                energy = f"{amount:.0f} {stat.get('unit', 'kcal')}"
        if energy is None and _number(attrs.get("totalEnergyBurned")) is not None:
            energy = f"{float(attrs['totalEnergyBurned']):.0f} {attrs.get('totalEnergyBurnedUnit', 'kcal')}"
        activity = attrs.get("workoutActivityType", "")
        classified = self.sports.classify([sport_name(activity)] if activity else [])
        source = attrs.get("sourceName")
        note = f"{SOURCE}: {source[:200]}" if source else SOURCE
        if activity:
            note += f", {sport_name(activity).replace('_', ' ')}"
        if energy:
            note += f", {energy}"
        fields: dict[str, object] = {
            "at": _at(start),
            "id": _key("workout", source, attrs.get("startDate"), attrs.get("endDate"), activity),
            "note": note,
        }
        if duration_min is not None:
            fields["duration_min"] = round(duration_min, 2)
        if distance_km is not None:
            fields["distance_km"] = round(distance_km, 3)
        if classified.kind is not None:
            fields["kind"] = classified.kind
        if classified.worked_regions is not None:
            fields["worked_regions"] = list(classified.worked_regions)
        self.offer(
            WorkoutEvent,
            fields,
            start,
            line,
            source,
            {"duration_min": "duration", "distance_km": "totalDistance"},
            end,
        )

    # -- sleep

    def sleep(self, attrs: AttributesImpl) -> None:
        if not self.collector.wants("sleep"):
            self.collector.skip("sleep", "not chosen with --only")
            return
        value = attrs.get("value", "")
        if value in NOT_ASLEEP:
            self.not_sleep += 1
            return
        line = self.line()
        stage = ASLEEP.get(value)
        if stage is None:
            self.collector.problem(
                self.place(line, "value"), f"not a sleep value twitchcheck knows (got {value!r})"
            )
            return
        start, end = _when(attrs.get("startDate")), _when(attrs.get("endDate"))
        if start is None or end is None or end < start:
            self.collector.problem(
                self.place(line, "startDate"), "no start and end, or it ends before it starts"
            )
            return
        self.segments.append(_Segment(attrs.get("sourceName", ""), stage, start, end, line))

    def finish_nights(self) -> None:
        if self.not_sleep:
            self.collector.not_used["sleep: in bed or awake (not counted as sleep)"] += self.not_sleep
        nights: dict[Any, dict[str, list[_Segment]]] = {}
        for segment in self.segments:
            day = (segment.start + timedelta(hours=24 - NIGHT_STARTS_HOUR)).date()
            nights.setdefault(day, {}).setdefault(segment.source, []).append(segment)
        for day, by_source in sorted(nights.items()):
            # One source per night: two apps recording the same night would count it twice. The source with
            # sleep stages (a watch) first, then the one that saw the most sleep.
            totals = {source: _union_seconds(segments) for source, segments in by_source.items()}
            staged = {
                source: any(s.stage in {"core", "deep", "REM"} for s in segs)
                for source, segs in by_source.items()
            }
            source = max(by_source, key=lambda name: (staged[name], totals[name], name))
            segments = by_source[source]
            first = min(s.start for s in segments)
            last = max(s.end for s in segments)
            window_end = datetime.combine(day, datetime.min.time(), first.tzinfo) + timedelta(
                hours=NIGHT_STARTS_HOUR
            )
            if (
                self.export_date is not None
                and self.export_date < window_end
                and self.export_date - last < AWAKE_FOR
            ):
                self.collector.skip("sleep", "a night still in progress when the export was made")
                continue
            stages: dict[str, float] = {}
            for stage in ("core", "deep", "REM", "asleep"):
                stages[stage] = _union_seconds([s for s in segments if s.stage == stage])
            shown = ", ".join(
                f"{name} {seconds / 3600:.1f} h"
                for name, seconds in stages.items()
                if seconds and name != "asleep"
            )
            note = f"{SOURCE}: {source[:200]}" + (f" ({shown})" if shown else "")
            others = len(by_source) - 1
            if others:
                note += f"; {others} other source(s) for this night left out"
            fields: dict[str, object] = {
                "at": day.isoformat(),
                "id": f"{PREFIX}sleep:{day.isoformat()}",
                "hours": round(totals[source] / 3600, 2),
                "note": note,
            }
            line = min(s.line for s in segments)
            self.offer(
                SleepEvent,
                fields,
                first,
                line,
                source,
                {"hours": "value"},
                last,
                detail=2.0 if staged[source] else 1.0,
            )


def _union_seconds(segments: list[_Segment]) -> float:
    """Seconds covered by the segments, overlaps counted once (exports repeat records byte for byte)."""
    spans = sorted((s.start, s.end) for s in segments)
    total = 0.0
    current_start: datetime | None = None
    current_end: datetime | None = None
    for start, end in spans:
        if current_end is None or start > current_end:
            if current_start is not None and current_end is not None:
                total += (current_end - current_start).total_seconds()
            current_start, current_end = start, end
        elif end > current_end:
            current_end = end
    if current_start is not None and current_end is not None:
        total += (current_end - current_start).total_seconds()
    return total
