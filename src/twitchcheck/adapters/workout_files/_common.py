"""What every workout-file reader shares: reading (and un-gzipping) the file, and turning what a file says
about one workout into a validated `WorkoutEvent`, with every problem named by place and field."""

from __future__ import annotations

import gzip
import hashlib
import io
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from pydantic import ValidationError

from twitchcheck.adapters.workout_files._sports import SportTable
from twitchcheck.core.errors import FieldProblem, InputError, problems_from
from twitchcheck.journal.events import WorkoutEvent

Progress = Callable[[int, int], None]
"""`progress(done, total)`: called as a file is read; `done` reaches `total` at the end."""

MAX_FILE_BYTES = 256 * 1024 * 1024
"""A day's FIT file is a few MB; past this (after gunzip) the file is not a workout, or is a zip bomb."""

MAX_DURATION_MIN = 1440.0
NOTE_MAX_CHARS = 2000


def no_progress(done: int, total: int) -> None:
    """The default progress callback: nothing to show."""


def file_error(path: Path, message: str, field: str = "(file)") -> InputError:
    """An InputError about the whole file, naming it."""
    return InputError([FieldProblem(field, message)], f"workout file {path}")


def read_bytes(path: Path) -> bytes:
    """The file's bytes, gunzipped when it is gzip (by its magic number, whatever its name)."""
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise file_error(path, f"cannot read: {error.strerror or error}") from None
    if data[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
                data = unzipped.read(MAX_FILE_BYTES + 1)
        except (OSError, EOFError, zlib.error) as error:
            raise file_error(path, f"not a readable gzip file ({error})") from None
    elif path.name.lower().endswith(".gz"):
        raise file_error(path, "named .gz but not gzip-compressed")
    if len(data) > MAX_FILE_BYTES:
        raise file_error(path, f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB: not a workout file")
    return data


@dataclass(frozen=True)
class Draft:
    """What a file says about one workout, before validation.

    `where` names the workout in the file ("row 3", "session 1", "track 1"); `source_fields` names, for each
    contract field, the file's field it came from, so that a problem names what the person can find.
    """

    where: str
    event_id: str
    start: datetime | None
    duration_s: float | None
    distance_m: float | None = None
    sport_names: Sequence[str | None] = ()
    rpe: float | None = None
    title: str | None = None
    source_fields: dict[str, str] | None = None
    problems: Sequence[FieldProblem] = ()
    """What the reader already found wrong; the usual checks add to it."""

    def field(self, contract_field: str) -> str:
        source = (self.source_fields or {}).get(contract_field, contract_field)
        return f"{self.where} {source}"


def to_event(
    draft: Draft, *, zone: tzinfo, sports: SportTable, file_name: str
) -> tuple[WorkoutEvent | None, list[FieldProblem]]:
    """The event a draft makes, or every problem with it (by place and field)."""
    problems = list(draft.problems)
    named = {problem.field for problem in problems}
    if draft.start is None and draft.field("at") not in named:
        problems.append(FieldProblem(draft.field("at"), "no start time"))
    if draft.duration_s is None:
        if draft.field("duration_min") not in named:
            problems.append(FieldProblem(draft.field("duration_min"), "no duration"))
    elif draft.duration_s <= 0:
        problems.append(FieldProblem(draft.field("duration_min"), "zero duration: not a workout to import"))
    elif draft.duration_s / 60 > MAX_DURATION_MIN:
        hours = draft.duration_s / 3600
        problems.append(FieldProblem(draft.field("duration_min"), f"{hours:.1f} hours: longer than a day"))
    if problems or draft.start is None or draft.duration_s is None:
        return None, problems

    classified = sports.classify(draft.sport_names)
    note = f"Imported from {file_name}" + (
        f": {draft.title.strip()}" if draft.title and draft.title.strip() else ""
    )
    fields: dict[str, object] = {
        "at": format_at(draft.start, zone),
        "id": draft.event_id,
        "note": note[:NOTE_MAX_CHARS],
        "duration_min": round(draft.duration_s / 60, 2),
    }
    if draft.distance_m is not None:
        fields["distance_km"] = round(draft.distance_m / 1000, 3)
    if draft.rpe is not None:
        fields["rpe"] = draft.rpe
    if classified.kind is not None:
        fields["kind"] = classified.kind
    if classified.worked_regions is not None:
        fields["worked_regions"] = list(classified.worked_regions)
    try:
        return WorkoutEvent.model_validate(fields), []
    except ValidationError as error:
        return None, [FieldProblem(draft.field(p.field), p.message) for p in problems_from(error)]


def to_events(
    drafts: Sequence[Draft], *, path: Path, zone: tzinfo, sports: SportTable, what: str
) -> list[WorkoutEvent]:
    """Every draft's event; if any is bad, InputError naming each bad one (the file is rejected whole)."""
    events: list[WorkoutEvent] = []
    problems: list[FieldProblem] = []
    for draft in drafts:
        event, found = to_event(draft, zone=zone, sports=sports, file_name=path.name)
        problems += found
        if event is not None:
            events.append(event)
    if problems:
        raise InputError(problems, f"workout file {path}")
    if not events:
        raise file_error(path, f"no {what} in it")
    return events


def as_utc(moment: datetime) -> datetime:
    """A file's timestamp as an aware UTC instant: FIT, GPX and TCX times without an offset are UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def format_at(moment: datetime, zone: tzinfo) -> str:
    """`at` for the contract: the instant in the person's zone, to the second, with its offset."""
    return as_utc(moment).astimezone(zone).replace(microsecond=0).isoformat()


def utc_stamp(moment: datetime) -> str:
    """A compact UTC stamp for ids: `20261102T183000Z`."""
    return as_utc(moment).strftime("%Y%m%dT%H%M%SZ")


def content_hash(*parts: object) -> str:
    """A short stable hash of the parts, for ids of files that carry no id of their own."""
    text = "|".join(str(part) for part in parts)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
