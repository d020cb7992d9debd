"""Workout files people have, as journal workouts: Garmin FIT, GPX, TCX and Strava's `activities.csv`.

Pure parsers: a file in, `WorkoutEvent`s out, nothing stored. `read_workouts` picks the reader by the file's
name (`.fit`, `.gpx`, `.tcx`, `.csv`, each also `.gz` as in Strava's bulk export) and checks the content is
what the name says. Each workout gets a stable `id` from the file (so importing a file again adds nothing),
its start as `at`, moving time (or elapsed time) as `duration_min`, distance, and from the sport table
(`sports.yaml`) its `kind` and `worked_regions`; `rpe` only where the file records one (Strava's Perceived
Exertion). A file with any bad workout is rejected whole, with every problem named by place and field.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from pathlib import Path

from twitchcheck.adapters.workout_files._common import (
    Progress,
    file_error,
    no_progress,
    read_bytes,
    to_events,
)
from twitchcheck.adapters.workout_files._fit import fit_drafts
from twitchcheck.adapters.workout_files._gpx import gpx_drafts
from twitchcheck.adapters.workout_files._sports import (
    Classified,
    SportTable,
    check_sports,
    load_sports,
    shipped_sports,
    sport_key,
)
from twitchcheck.adapters.workout_files._strava import strava_drafts
from twitchcheck.adapters.workout_files._tcx import tcx_drafts
from twitchcheck.journal.events import WorkoutEvent

FORMATS: dict[str, str] = {
    ".fit": "Garmin FIT activity",
    ".gpx": "GPX track",
    ".tcx": "Garmin Training Center (TCX) activity",
    ".csv": "Strava bulk export activities.csv",
}
"""Supported suffixes (each also with `.gz`) and what each holds."""


def workout_format(path: Path) -> str | None:
    """The format suffix of a workout file's name (`run.fit.gz` -> `.fit`), or None if not supported."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    if suffixes[-1:] == [".gz"]:
        suffixes.pop()
    suffix = suffixes[-1] if suffixes else ""
    return suffix if suffix in FORMATS else None


def read_workouts(
    path: Path,
    *,
    zone: tzinfo,
    progress: Callable[[int, int], None] | None = None,
    sports: SportTable | None = None,
) -> list[WorkoutEvent]:
    """The workouts in one file, in file order; InputError naming the file, and row or field, otherwise.

    `zone` is the person's time zone: files keep UTC, and `at` is that instant written in `zone` with its
    offset. `progress(done, total)` is called as the file is read (FIT: bytes; CSV: rows; GPX: tracks;
    TCX: activities) and ends with done == total. `sports` replaces the shipped sport table (for tests).
    """
    suffix = workout_format(path)
    if suffix is None:
        supported = ", ".join(f"{name} ({what})" for name, what in FORMATS.items())
        raise file_error(
            path, f"unknown kind of file {path.name!r}: supported are {supported}, each also .gz"
        )
    return workouts_from_bytes(read_bytes(path), path, suffix, zone=zone, progress=progress, sports=sports)


def workouts_from_bytes(
    data: bytes,
    path: Path,
    suffix: str,
    *,
    zone: tzinfo,
    progress: Callable[[int, int], None] | None = None,
    sports: SportTable | None = None,
) -> list[WorkoutEvent]:
    """`read_workouts` for a file's bytes (gzip already undone) in the format `suffix` names (`.fit`,
    `.gpx`, `.tcx`, `.csv`); `path` names the file in messages and notes (a member of an export, say)."""
    report: Progress = progress if progress is not None else no_progress
    table = sports if sports is not None else shipped_sports()
    if suffix == ".fit":
        drafts, what = fit_drafts(data, path, report), "session"
    elif suffix == ".gpx":
        drafts, what = gpx_drafts(data, path, report), "track"
    elif suffix == ".tcx":
        drafts, what = tcx_drafts(data, path, report), "activity"
    else:
        drafts, what = strava_drafts(data, path, report, table), "activity"
    return to_events(drafts, path=path, zone=zone, sports=table, what=what)


__all__ = [
    "FORMATS",
    "Classified",
    "SportTable",
    "check_sports",
    "load_sports",
    "read_workouts",
    "shipped_sports",
    "sport_key",
    "workout_format",
    "workouts_from_bytes",
]
