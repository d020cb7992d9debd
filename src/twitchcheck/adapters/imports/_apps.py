"""Exports of Strava, Garmin Connect and Google (Fit and Fitbit in Takeout), and single workout files, as
records for the journal. Each reader takes an open, checked archive (see `_archive`) or a file's bytes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import ValidationError

from twitchcheck.adapters.imports._archive import Archive, Member
from twitchcheck.adapters.imports._found import Collector, Found, Progress
from twitchcheck.adapters.imports._units import to_unit
from twitchcheck.adapters.workout_files import SportTable, workouts_from_bytes
from twitchcheck.adapters.workout_files._common import format_at
from twitchcheck.core.errors import InputError, problems_from
from twitchcheck.core.jsonin import JsonInputError, loads
from twitchcheck.journal.events import SleepEvent, WorkoutEvent, resolve_at

RANKS = {".fit": 0, ".tcx": 1, ".gpx": 2, "garmin": 3, ".csv": 4, "fitbit": 6, "google": 7}
"""Which source to prefer between two equally rich records (lower first): a device's own file first."""
SOURCES = {".fit": "FIT file", ".tcx": "TCX file", ".gpx": "GPX file", ".csv": "Strava"}
IMPORTED_PREFIXES = ("fit:", "gpx:", "tcx:", "strava:", "garmin:", "fitbit:", "apple-health:")
"""The keys of imported events (matched against new imports); a logged or hand-written event has none."""
_WORKOUT_SUFFIXES = (".fit", ".gpx", ".tcx")


def _suffix(name: str) -> tuple[str | None, bool]:
    """A workout member's format (`.fit`, ...) and whether it is gzipped, from its name."""
    lower = name.lower()
    gz = lower.endswith(".gz")
    base = lower.removesuffix(".gz")
    for suffix in _WORKOUT_SUFFIXES:
        if base.endswith(suffix):
            return suffix, gz
    return None, gz


def workout_records(
    data: bytes,
    name: str,
    suffix: str,
    *,
    zone: tzinfo,
    collector: Collector,
    sports: SportTable,
    source: str | None = None,
    rank: int | None = None,
) -> None:
    """Offer the workouts of one workout file's bytes; its problems go to the collector, named by file."""
    if not collector.wants("workout"):
        collector.skip("workout", "not chosen with --only")
        return
    if data[:2] == b"\x1f\x8b":
        import gzip
        import zlib

        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as error:
            collector.problem(name, f"not a readable gzip file ({error})")
            return
    try:
        events = workouts_from_bytes(data, Path(name), suffix, zone=zone, sports=sports)
    except InputError as error:
        collector.add_problems(error, f"{name}: ")
        return
    label = source or f"{SOURCES[suffix]} {PurePosixPath(name).name}"
    for event in events:
        collector.offer(
            Found(event, resolve_at(event.at, zone), label, name, rank if rank is not None else RANKS[suffix])
        )


# -- Strava bulk export -----------------------------------------------------------------------------------


def is_strava(archive: Archive) -> Member | None:
    """The export's `activities.csv` (at its root, or one folder down)."""
    for member in archive.members:
        path = PurePosixPath(member.name)
        if path.name == "activities.csv" and len(path.parts) <= 2:
            return member
    return None


def read_strava(
    archive: Archive,
    csv_member: Member,
    *,
    zone: tzinfo,
    collector: Collector,
    sports: SportTable,
    progress: Progress,
) -> None:
    """activities.csv holds every activity's summary; the activity files beside it are the same activities,
    so they are counted, not decoded (decoding thousands of FIT files would take many minutes)."""
    progress(0, 1, collector.counts)
    workout_records(
        csv_member.read(), csv_member.label, ".csv", zone=zone, collector=collector, sports=sports
    )
    files = sum(1 for member in archive.members if _suffix(member.name)[0] is not None)
    if files:
        collector.not_used["activity files (activities.csv holds their summaries)"] += files
    progress(1, 1, collector.counts)


# -- Garmin Connect data export ---------------------------------------------------------------------------


def is_garmin(archive: Archive) -> bool:
    return any(
        "DI_CONNECT/" in member.name
        or member.name.endswith("_summarizedActivities.json")
        or PurePosixPath(member.name).name.startswith("UploadedFiles_")
        for member in archive.members
    )


def read_garmin(
    archive: Archive, *, zone: tzinfo, collector: Collector, sports: SportTable, progress: Progress
) -> None:
    """The activity summaries (`*_summarizedActivities.json`); without them, the FIT files in the nested
    `UploadedFiles_*.zip` archives (each checked like the export before it is opened)."""
    summaries = [m for m in archive.members if m.name.endswith("_summarizedActivities.json")]
    uploads = [m for m in archive.members if m.name.lower().endswith(".zip")]
    total = len(summaries) + len(uploads)
    done = 0
    for member in summaries:
        _garmin_summaries(member, zone=zone, collector=collector, sports=sports)
        done += 1
        progress(done, total, collector.counts)
    for upload in uploads:
        if summaries:
            collector.not_used["FIT files in UploadedFiles zips (the summaries cover them)"] += 1
            continue
        with archive.nested(upload) as inner:
            for member in inner.members:
                suffix, _ = _suffix(member.name)
                if suffix is not None:
                    workout_records(
                        member.read(), member.label, suffix, zone=zone, collector=collector, sports=sports
                    )
        done += 1
        progress(done, total, collector.counts)
    if not summaries:
        for member in archive.members:
            suffix, _ = _suffix(member.name)
            if suffix is not None:
                workout_records(
                    member.read(), member.label, suffix, zone=zone, collector=collector, sports=sports
                )


def _json(member: Member, collector: Collector) -> Any:
    try:
        return loads(member.read().decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        collector.problem(member.label, f"not UTF-8 text (byte {error.start})")
    except JsonInputError as error:
        collector.problem(member.label, f"not readable JSON ({error})")
    return None


def _ms(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _garmin_summaries(member: Member, *, zone: tzinfo, collector: Collector, sports: SportTable) -> None:
    payload = _json(member, collector)
    if payload is None:
        return
    blocks = payload if isinstance(payload, list) else [payload]
    activities = [
        a for block in blocks if isinstance(block, dict) for a in block.get("summarizedActivitiesExport", [])
    ]
    if not activities and blocks:
        collector.problem(
            member.label, "no summarizedActivitiesExport list in it: not Garmin's activity summaries"
        )
        return
    for index, activity in enumerate(activities):
        where = f"{member.label} activity {index + 1}"
        if not isinstance(activity, dict):
            collector.problem(where, "not an object")
            continue
        if not collector.wants("workout"):
            collector.skip("workout", "not chosen with --only")
            continue
        start_ms = _ms(activity.get("beginTimestamp")) or _ms(activity.get("startTimeGmt"))
        duration_ms = _ms(activity.get("duration")) or _ms(activity.get("elapsedDuration"))
        if start_ms is None:
            collector.problem(f"{where} beginTimestamp", "missing or not a number of milliseconds")
            continue
        if duration_ms is None:
            collector.problem(f"{where} duration", "missing or not a number of milliseconds")
            continue
        start = datetime.fromtimestamp(start_ms / 1000, UTC)
        kind_name = activity.get("activityType")
        if isinstance(kind_name, dict):
            kind_name = kind_name.get("typeKey")
        names = [name for name in (kind_name, activity.get("sportType")) if isinstance(name, str)]
        classified = sports.classify(names)
        fields: dict[str, Any] = {
            "at": format_at(start, zone),
            "id": f"garmin:{activity.get('activityId', index)}",
            "duration_min": round(duration_ms / 60000, 2),
            "note": "Garmin Connect" + (f": {str(activity['name'])[:200]}" if activity.get("name") else ""),
        }
        distance_cm = _ms(activity.get("distance"))
        if distance_cm:
            fields["distance_km"] = round(distance_cm / 100_000, 3)  # Garmin keeps centimetres
        if classified.kind is not None:
            fields["kind"] = classified.kind
        if classified.worked_regions is not None:
            fields["worked_regions"] = list(classified.worked_regions)
        _offer_workout(fields, start, "Garmin Connect", where, RANKS["garmin"], collector)


def _offer_workout(
    fields: dict[str, Any], start: datetime, source: str, where: str, rank: int, collector: Collector
) -> None:
    try:
        event = WorkoutEvent.model_validate(fields)
    except ValidationError as error:
        for problem in problems_from(error, "journal-event"):
            collector.problem(f"{where} {problem.field}", problem.message)
        return
    collector.offer(Found(event, start, source, where, rank))


# -- Google Takeout: Fit and Fitbit -----------------------------------------------------------------------

_FITBIT_TIME = "%m/%d/%y %H:%M:%S"


def is_takeout(archive: Archive) -> bool:
    return any(member.name.startswith("Takeout/") for member in archive.members)


def read_takeout(
    archive: Archive, *, zone: tzinfo, collector: Collector, sports: SportTable, progress: Progress
) -> None:
    """Fit's activities (`Takeout/Fit/Activities/*.tcx`) and Fitbit's exercise and sleep logs
    (`Takeout/Fitbit/Global Export Data/exercise-*.json`, `sleep-*.json`)."""
    wanted: list[tuple[str, Member]] = []
    for member in archive.members:
        path = PurePosixPath(member.name)
        if "Fit" in path.parts and "Activities" in path.parts and path.suffix.lower() == ".tcx":
            wanted.append(("fit", member))
        elif "Fitbit" in path.parts and path.name.startswith("exercise-") and path.suffix == ".json":
            wanted.append(("exercise", member))
        elif "Fitbit" in path.parts and path.name.startswith("sleep-") and path.suffix == ".json":
            wanted.append(("sleep", member))
    if not wanted:
        names = ", ".join(m.name for m in archive.members[:5])
        collector.problem(
            archive.label,
            f"a Google Takeout without Fit activities or Fitbit exercise and sleep (it holds {names}...)",
        )
        return
    nights: dict[date, list[tuple[dict[str, Any], str]]] = {}
    for done, (kind, member) in enumerate(wanted, start=1):
        if kind == "fit":
            workout_records(
                member.read(),
                member.label,
                ".tcx",
                zone=zone,
                collector=collector,
                sports=sports,
                source="Google Fit",
                rank=RANKS["google"],
            )
        elif kind == "exercise":
            _fitbit_exercise(member, zone=zone, collector=collector, sports=sports)
        elif collector.wants("sleep"):
            _fitbit_sleep_logs(member, collector, nights)
        else:
            collector.skip("sleep", "not chosen with --only")
        progress(done, len(wanted), collector.counts)
    _fitbit_nights(nights, zone, collector)


def _fitbit_time(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    for pattern in (_FITBIT_TIME, "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    return None


def _fitbit_exercise(member: Member, *, zone: tzinfo, collector: Collector, sports: SportTable) -> None:
    payload = _json(member, collector)
    if payload is None:
        return
    if not isinstance(payload, list):
        collector.problem(member.label, "not a list of exercise logs")
        return
    for index, log in enumerate(payload):
        where = f"{member.label} entry {index + 1}"
        if not collector.wants("workout"):
            collector.skip("workout", "not chosen with --only")
            continue
        if not isinstance(log, dict):
            collector.problem(where, "not an object")
            continue
        # Fitbit writes local times without an offset: they are read in the journal's time zone.
        local = _fitbit_time(log.get("startTime"))
        duration_ms = _ms(log.get("activeDuration")) or _ms(log.get("duration"))
        if local is None:
            collector.problem(
                f"{where} startTime", f"not a time like 11/02/26 18:30:00 (got {log.get('startTime')!r})"
            )
            continue
        if duration_ms is None:
            collector.problem(f"{where} duration", "missing or not a number of milliseconds")
            continue
        name = log.get("activityName")
        classified = sports.classify([name] if isinstance(name, str) else [])
        fields: dict[str, Any] = {
            "at": local.isoformat(timespec="seconds"),
            "id": f"fitbit:{log.get('logId', index)}",
            "duration_min": round(duration_ms / 60000, 2),
            "note": "Fitbit" + (f": {name[:200]}" if isinstance(name, str) else ""),
        }
        distance = _ms(log.get("distance"))
        unit = {"Kilometer": "km", "Mile": "mi", "Meter": "m"}.get(str(log.get("distanceUnit", "Kilometer")))
        if distance and unit:
            km = to_unit(distance, unit, "kilometer")
            if km is not None:
                fields["distance_km"] = round(km, 3)
        if classified.kind is not None:
            fields["kind"] = classified.kind
        if classified.worked_regions is not None:
            fields["worked_regions"] = list(classified.worked_regions)
        _offer_workout(fields, resolve_at(fields["at"], zone), "Fitbit", where, RANKS["fitbit"], collector)


def _fitbit_sleep_logs(
    member: Member, collector: Collector, nights: dict[date, list[tuple[dict[str, Any], str]]]
) -> None:
    payload = _json(member, collector)
    if payload is None:
        return
    if not isinstance(payload, list):
        collector.problem(member.label, "not a list of sleep logs")
        return
    for index, log in enumerate(payload):
        where = f"{member.label} entry {index + 1}"
        day_text = log.get("dateOfSleep") if isinstance(log, dict) else None
        try:
            day = date.fromisoformat(day_text) if isinstance(day_text, str) else None
        except ValueError:
            day = None
        if day is None or not isinstance(log.get("minutesAsleep"), int | float):
            collector.problem(where, "needs a dateOfSleep like 2026-11-02 and minutesAsleep")
            continue
        nights.setdefault(day, []).append((log, where))


def _fitbit_nights(
    nights: dict[date, list[tuple[dict[str, Any], str]]], zone: tzinfo, collector: Collector
) -> None:
    for day, logs in sorted(nights.items()):
        asleep_min = sum(float(log["minutesAsleep"]) for log, _ in logs)
        starts = [t for t in (_fitbit_time(log.get("startTime")) for log, _ in logs) if t is not None]
        start = resolve_at(min(starts).isoformat(), zone) if starts else resolve_at(day.isoformat(), zone)
        staged = any(log.get("type") == "stages" for log, _ in logs)
        fields = {
            "at": day.isoformat(),
            "id": f"fitbit:sleep:{day.isoformat()}",
            "hours": round(asleep_min / 60, 2),
            "note": f"Fitbit ({len(logs)} sleep log(s))",
        }
        try:
            event = SleepEvent.model_validate(fields)
        except ValidationError as error:
            for problem in problems_from(error, "journal-event"):
                collector.problem(f"{logs[0][1]} minutesAsleep", problem.message)
            continue
        collector.offer(
            Found(
                event,
                start,
                "Fitbit",
                logs[0][1],
                RANKS["fitbit"],
                start + timedelta(minutes=asleep_min),
                2.0 if staged else 1.0,
            )
        )
