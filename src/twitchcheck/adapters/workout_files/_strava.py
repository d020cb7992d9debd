"""Strava's bulk-export `activities.csv`, read with the standard library's csv.

The export repeats header names: the first `Elapsed Time` and `Distance` columns are the summary as shown
(seconds; kilometres, but metres for swims), a second block repeats them in base units (seconds; metres)
beside `Moving Time`. Columns are found by name and position, so added or reordered columns do not matter.
Dates are UTC, written like `Nov 2, 2026, 6:30:00 PM`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from twitchcheck.adapters.workout_files._common import Draft, Progress, file_error
from twitchcheck.adapters.workout_files._sports import SportTable
from twitchcheck.core.errors import FieldProblem, InputError

ACTIVITY_ID = "Activity ID"
ACTIVITY_DATE = "Activity Date"
ACTIVITY_NAME = "Activity Name"
ACTIVITY_TYPE = "Activity Type"
ELAPSED_TIME = "Elapsed Time"
MOVING_TIME = "Moving Time"
DISTANCE = "Distance"
PERCEIVED_EXERTION = "Perceived Exertion"

# English exports use the first; other locales and older exports the rest.
_DATE_FORMATS = ("%b %d, %Y, %I:%M:%S %p", "%d %b %Y, %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")


class _Header:
    """Column positions by name: a name can stand at several positions."""

    def __init__(self, names: Sequence[str]) -> None:
        self.positions: dict[str, list[int]] = {}
        for position, name in enumerate(names):
            self.positions.setdefault(name.strip(), []).append(position)

    def values(self, row: Sequence[str], name: str) -> list[str]:
        """The row's non-empty values under `name`, in column order."""
        found = (row[position].strip() for position in self.positions.get(name, ()) if position < len(row))
        return [value for value in found if value]

    def first(self, row: Sequence[str], name: str) -> str | None:
        values = self.values(row, name)
        return values[0] if values else None


def strava_drafts(data: bytes, path: Path, progress: Progress, sports: SportTable) -> list[Draft]:
    """A draft per row; InputError naming the file (and line) if it is not Strava's activities.csv."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise file_error(path, f"not UTF-8 text (byte {error.start})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header_row = next(reader, None)
        # A quoted description can span lines, so each row keeps the line it starts on.
        rows: list[tuple[int, list[str]]] = []
        line = reader.line_num + 1
        for row in reader:
            rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as error:
        raise file_error(path, f"not readable as CSV at line {reader.line_num} ({error})") from None
    if header_row is None:
        raise file_error(path, "empty: no header row")
    header = _Header(header_row)
    missing = [name for name in (ACTIVITY_ID, ACTIVITY_DATE) if name not in header.positions]
    if not header.positions.keys() & {ELAPSED_TIME, MOVING_TIME}:
        missing.append(f"{ELAPSED_TIME} or {MOVING_TIME}")
    if missing:
        problems = [FieldProblem(f"row 1 (header) {name}", "column missing") for name in missing]
        raise InputError(
            [*problems, FieldProblem("(file)", "not Strava's activities.csv")], f"workout file {path}"
        )
    rows = [(line, row) for line, row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise file_error(path, "no activities: only a header row")
    drafts = []
    for done, (row_number, (line, row)) in enumerate(enumerate(rows, start=2), start=1):
        drafts.append(_draft(row_number, line, row, header, sports))
        progress(done, len(rows))
    return drafts


def _draft(row_number: int, line: int, row: Sequence[str], header: _Header, sports: SportTable) -> Draft:
    where = f"row {row_number}" if row_number == line else f"row {row_number} (line {line})"
    problems: list[FieldProblem] = []

    def number(name: str, text: str | None) -> float | None:
        if text is None:
            return None
        cleaned = text.replace(",", "") if _THOUSANDS.match(text) else text
        try:
            return float(cleaned)
        except ValueError:
            problems.append(FieldProblem(f"{where} {name}", f"not a number (got {text!r})"))
            return None

    activity_id = header.first(row, ACTIVITY_ID)
    if activity_id is None:
        problems.append(FieldProblem(f"{where} {ACTIVITY_ID}", "empty"))
    start = _date(header.first(row, ACTIVITY_DATE))
    if start is None:
        got = header.first(row, ACTIVITY_DATE)
        problems.append(
            FieldProblem(
                f"{where} {ACTIVITY_DATE}", f"not a date like 'Nov 2, 2026, 6:30:00 PM' (got {got!r})"
            )
        )
    # Moving time leaves out stops; a manual entry often has only elapsed time (or a zero moving time).
    moving_s = number(MOVING_TIME, header.first(row, MOVING_TIME))
    elapsed_s = number(ELAPSED_TIME, header.first(row, ELAPSED_TIME))
    duration_s, duration_field = (moving_s, MOVING_TIME) if moving_s else (elapsed_s, ELAPSED_TIME)
    if duration_s is None and moving_s is not None:  # a zero moving time and nothing else: report the zero
        duration_s, duration_field = moving_s, MOVING_TIME

    activity_type = header.first(row, ACTIVITY_TYPE)
    distances = header.values(row, DISTANCE)
    distance_m: float | None = None
    if len(header.positions.get(DISTANCE, ())) > 1 and len(distances) > 1:
        distance_m = number(DISTANCE, distances[1])  # the second Distance column: metres for every sport
    elif distances:
        shown = number(DISTANCE, distances[0])
        is_swim = sports.classify([activity_type]).sport_id == "swimming"
        distance_m = None if shown is None else shown if is_swim else shown * 1000

    rpe = number(PERCEIVED_EXERTION, header.first(row, PERCEIVED_EXERTION))
    if rpe is not None and not 1 <= rpe <= 10:
        problems.append(
            FieldProblem(f"{where} {PERCEIVED_EXERTION}", f"Strava's scale is 1 to 10 (got {rpe:g})")
        )
    return Draft(
        where=where,
        event_id=f"strava:{activity_id}",
        start=start,
        duration_s=duration_s,
        distance_m=distance_m,
        sport_names=(activity_type,),
        rpe=rpe,
        title=header.first(row, ACTIVITY_NAME),
        source_fields={
            "at": ACTIVITY_DATE,
            "duration_min": duration_field,
            "distance_km": DISTANCE,
            "rpe": PERCEIVED_EXERTION,
            "id": ACTIVITY_ID,
        },
        problems=problems,
    )


def _date(text: str | None) -> datetime | None:
    if not text:
        return None
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None
