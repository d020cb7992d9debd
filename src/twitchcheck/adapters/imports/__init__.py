"""Bring your data: whole exports of Apple Health, Strava, Garmin Connect and Google (Fit and Fitbit), and
single workout files, into the journal, with one event per workout whatever the sources.

`read_export(path, ...)` is pure: the file in, the records it holds out (as journal events with their
sources), nothing stored. `import_export(journal, path, ...)` reads, matches the records with each other and
with the journal (`_merge`), and writes the new ones in one transaction. The format is found from the content,
never the name: a zip is told apart by what it holds, a file by its first bytes.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import IO

from twitchcheck.adapters.imports._apple import read_apple_health, sniff
from twitchcheck.adapters.imports._apps import (
    IMPORTED_PREFIXES,
    is_garmin,
    is_strava,
    is_takeout,
    read_garmin,
    read_strava,
    read_takeout,
    workout_records,
)
from twitchcheck.adapters.imports._archive import Archive, archive_error, open_archive
from twitchcheck.adapters.imports._found import (
    IMPORT_TYPES,
    ONLY_NAMES,
    Collector,
    Found,
    Progress,
    no_progress,
)
from twitchcheck.adapters.imports._merge import (
    BODY_MASS_KG,
    BODY_MASS_START,
    DRINK_START,
    MATCHED_TYPES,
    WORKOUT_DURATION,
    WORKOUT_DURATION_SHARE,
    WORKOUT_START,
    TypeCounts,
    plan,
)
from twitchcheck.adapters.storage.journal import Journal
from twitchcheck.adapters.workout_files import SportTable, shipped_sports
from twitchcheck.core.errors import FieldProblem, InputError
from twitchcheck.journal.moments import read_moment

FORMATS = {
    "apple_health": "Apple Health export",
    "strava": "Strava bulk export",
    "garmin": "Garmin Connect data export",
    "takeout": "Google Takeout (Fit, Fitbit)",
    "fit": "FIT activity file",
    "gpx": "GPX track",
    "tcx": "TCX activity file",
    "strava_csv": "Strava activities.csv",
    "jsonl": "journal (JSON Lines)",
}
"""What `detect` can find, and how it is named to a person."""
MAX_SINGLE_FILE_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Reading:
    """What a file holds for the journal."""

    format: str
    found: list[Found]
    skipped: Counter[tuple[str, str]]
    not_used: Counter[str]


@dataclass(frozen=True)
class Summary:
    """What an import did: by event type, how many were read, added, already there, merged and skipped."""

    format: str
    counts: dict[str, TypeCounts]
    not_used: Counter[str] = field(default_factory=Counter)
    operation: int | None = None
    seqs: tuple[int, ...] = ()

    @property
    def added(self) -> int:
        return sum(counts.added for counts in self.counts.values())


def parse_only(text: str | None) -> frozenset[str]:
    """`--only workouts,fluid` as event types; InputError naming the unknown word."""
    if text is None or not text.strip():
        return frozenset(IMPORT_TYPES)
    chosen = set()
    for word in (part.strip().lower() for part in text.split(",")):
        if not word:
            continue
        if word not in ONLY_NAMES:
            allowed = "workouts, fluid, caffeine, body_mass, sleep"
            raise InputError([FieldProblem("--only", f"{word!r} is not one of {allowed}")], "option")
        chosen.add(ONLY_NAMES[word])
    return frozenset(chosen)


def _head(path: Path, label: str | None = None) -> bytes:
    try:
        with path.open("rb") as stream:
            return stream.read(65536)
    except FileNotFoundError:
        raise archive_error(label or str(path), "(file)", "no such file") from None
    except IsADirectoryError:
        raise archive_error(label or str(path), "(file)", "a directory, not a file") from None
    except OSError as error:
        raise archive_error(label or str(path), "(file)", f"cannot read: {error.strerror or error}") from None


def detect(path: Path, label: str | None = None) -> str:
    """The format of a file, from its content (see FORMATS); InputError naming the file (as `label`, by
    default its path) if it is none."""
    name = label or str(path)
    head = _head(path, name)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        with path.open("rb") as stream, open_archive(stream, name) as archive:
            return _zip_format(archive)
    if head[:2] == b"\x1f\x8b":
        return _single_format(_gunzip_head(path, name), name)
    return _single_format(head, name)


def _gunzip_head(path: Path, label: str) -> bytes:
    import gzip
    import zlib

    try:
        with gzip.open(path, "rb") as stream:
            return stream.read(65536)
    except (OSError, EOFError, zlib.error) as error:
        raise archive_error(label, "(file)", f"not a readable gzip file ({error})") from None


def _single_format(head: bytes, label: str) -> str:
    if len(head) >= 12 and head[8:12] == b".FIT":
        return "fit"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<"):
        if sniff(text):
            return "apple_health"
        if b"<gpx" in text[:4096]:
            return "gpx"
        if b"<TrainingCenterDatabase" in text[:4096]:
            return "tcx"
        raise archive_error(label, "(file)", "XML of another kind: not an Apple Health export, GPX or TCX")
    if text.startswith(b"{") or not text.strip():
        return "jsonl"
    first_line = text.split(b"\n", 1)[0]
    if b"Activity ID" in first_line and b"Activity Date" in first_line:
        return "strava_csv"
    kinds = ", ".join(FORMATS.values())
    raise archive_error(label, "(file)", f"not a kind of file twitchcheck imports ({kinds})")


def _zip_format(archive: Archive) -> str:
    if _apple_member(archive) is not None:
        return "apple_health"
    if is_strava(archive) is not None:
        return "strava"
    if is_garmin(archive):
        return "garmin"
    if is_takeout(archive):
        return "takeout"
    names = ", ".join(member.name for member in archive.members[:5]) or "nothing"
    raise archive_error(
        archive.label,
        "(zip)",
        "not an export twitchcheck reads (Apple Health, Strava, Garmin Connect, Google Takeout): "
        f"it holds {names}",
    )


def _apple_member(archive: Archive) -> str | None:
    """The name of the export's main XML file, found by content (its name depends on the phone's language)."""
    candidates = [
        member
        for member in archive.members
        if member.name.lower().endswith(".xml")
        and "workout-routes" not in member.name
        and not Path(member.name).name.startswith("export_cda")
        and member.name.count("/") <= 1
    ]
    for member in candidates[:10]:
        with member.open() as stream:
            if sniff(stream.read(8192)):
                return member.name
    return None


def read_export(
    path: Path,
    *,
    zone: tzinfo,
    only: Iterable[str] = IMPORT_TYPES,
    since: datetime | None = None,
    progress: Progress = no_progress,
    sports: SportTable | None = None,
    label: str | None = None,
) -> Reading:
    """Every record `path` holds for the journal; InputError naming each problem (file, place, field).

    `zone` is the journal's time zone (for files that keep UTC or local times without an offset); `only`
    the event types to bring in; `since` an aware moment before which records are left out; `label` names
    the file in messages (by default its path).
    """
    table = sports if sports is not None else shipped_sports()
    collector = Collector(frozenset(only), since)
    label = label or str(path)
    kind = detect(path, label)
    if kind == "jsonl":
        raise archive_error(
            label, "(file)", "a journal file (JSON Lines): import it with Journal.import_jsonl"
        )
    if kind in ("fit", "gpx", "tcx", "strava_csv"):
        suffix = {"fit": ".fit", "gpx": ".gpx", "tcx": ".tcx", "strava_csv": ".csv"}[kind]
        size = path.stat().st_size
        if size > MAX_SINGLE_FILE_BYTES:
            raise archive_error(label, "(file)", "larger than 256 MB: not a workout file")
        workout_records(path.read_bytes(), label, suffix, zone=zone, collector=collector, sports=table)
        progress(size, size, collector.counts)
    elif kind == "apple_health" and not _is_zip(path):
        with path.open("rb") as raw, _maybe_gunzip(raw, path) as stream:
            read_apple_health(
                stream,
                total=path.stat().st_size,
                label=label,
                collector=collector,
                sports=table,
                progress=progress,
            )
    else:
        with path.open("rb") as stream, open_archive(stream, label) as archive:
            if kind == "apple_health":
                name = _apple_member(archive)
                assert name is not None
                member = next(m for m in archive.members if m.name == name)
                with member.open() as inner:
                    read_apple_health(
                        inner,
                        total=member.size,
                        label=member.label,
                        collector=collector,
                        sports=table,
                        progress=progress,
                    )
                routes = sum(1 for m in archive.members if "workout-routes/" in m.name)
                if routes:
                    collector.not_used[
                        "workout routes (GPX beside export.xml: the workouts come from export.xml)"
                    ] += routes
            elif kind == "strava":
                csv_member = is_strava(archive)
                assert csv_member is not None
                read_strava(
                    archive, csv_member, zone=zone, collector=collector, sports=table, progress=progress
                )
            elif kind == "garmin":
                read_garmin(archive, zone=zone, collector=collector, sports=table, progress=progress)
            else:
                read_takeout(archive, zone=zone, collector=collector, sports=table, progress=progress)
    collector.check(f"{FORMATS[kind]} {label}")
    return Reading(kind, collector.found, collector.skipped, collector.not_used)


def _maybe_gunzip(raw: IO[bytes], path: Path) -> IO[bytes]:
    import gzip

    return gzip.GzipFile(fileobj=raw) if _head(path)[:2] == b"\x1f\x8b" else raw  # type: ignore[return-value]  # a GzipFile is a binary stream


def _is_zip(path: Path) -> bool:
    return _head(path)[:2] == b"PK"


def import_export(
    journal: Journal,
    path: Path,
    *,
    only: Iterable[str] = IMPORT_TYPES,
    since: datetime | None = None,
    progress: Progress = no_progress,
    sports: SportTable | None = None,
) -> Summary:
    """Read `path` and add what is new to `journal` in one transaction (all or nothing); re-importing adds
    nothing. Records already in the journal, or the same thing as one that is, add nothing."""
    reading = read_export(path, zone=journal.zone, only=only, since=since, progress=progress, sports=sports)
    return write_reading(journal, reading, path.name)


def write_reading(journal: Journal, reading: Reading, name: str) -> Summary:
    """Add what a reading holds that the journal does not, in one transaction (see `import_export`)."""
    keys = [record.event.id for record in reading.found if record.event.id is not None]
    known = journal.resolve_keys(keys)
    stored = []
    matched = [record for record in reading.found if record.event.type in MATCHED_TYPES]
    if matched:
        start = min(record.start for record in matched) - timedelta(days=2)
        end = max(record.start for record in matched) + timedelta(days=2)
        stored = journal.imported(MATCHED_TYPES, IMPORTED_PREFIXES, start, end)
    todo = plan(reading.found, stored, known, journal.zone, reading.skipped)
    result = journal.add_imported(
        todo.events, todo.sources, summary=f"import {name} ({FORMATS[reading.format]}): {{n}} event(s)"
    )
    return Summary(reading.format, todo.counts, reading.not_used, result.operation, result.seqs)


__all__ = [
    "BODY_MASS_KG",
    "BODY_MASS_START",
    "DRINK_START",
    "FORMATS",
    "IMPORT_TYPES",
    "WORKOUT_DURATION",
    "WORKOUT_DURATION_SHARE",
    "WORKOUT_START",
    "Reading",
    "Summary",
    "TypeCounts",
    "detect",
    "import_bytes",
    "import_export",
    "parse_only",
    "read_export",
    "write_reading",
]


def import_bytes(
    journal: Journal, data: bytes, filename: str, *, only: str | None = None, since: str | None = None
) -> Summary:
    """An uploaded export or workout file (the bytes of a request) imported into `journal` as the CLI's
    `journal import` does: the kind found from the content, all or nothing, re-importing adds nothing.

    Returns the import's `Summary`; InputError names the file's problems (or a bad `only` / `since`).
    """
    chosen = parse_only(only)
    start = read_moment(since, datetime.now(UTC), journal.zone, "since")[1] if since else None
    name = Path(filename or "upload").name or "upload"
    with tempfile.TemporaryDirectory(prefix="twitchcheck-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        reading = read_export(path, zone=journal.zone, only=chosen, since=start, label=name)
        return write_reading(journal, reading, name)
