"""Garmin FIT activity files, decoded with fitdecode: one workout per `session` message."""

from __future__ import annotations

import io
import struct
import warnings
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import fitdecode

from twitchcheck.adapters.workout_files._common import Draft, Progress, file_error, utc_stamp

_FIT_SIGNATURE = b".FIT"


def fit_drafts(data: bytes, path: Path, progress: Progress) -> list[Draft]:
    """A draft per session of a FIT file; InputError naming the file if it is not a whole, valid FIT file."""
    if len(data) < 12 or data[8:12] != _FIT_SIGNATURE:
        raise file_error(path, "not a FIT file (no .FIT signature in its header)")
    stream = io.BytesIO(data)
    total = len(data)
    serial: Any = None
    sessions: list[dict[str, Any]] = []
    try:
        # CRC checked, so a corrupt or cut-off file is an error rather than half a workout. fitdecode warns
        # about odd definitions on its way to that error; the error says it better, once.
        with (
            warnings.catch_warnings(action="ignore"),
            fitdecode.FitReader(stream, check_crc=fitdecode.CrcCheck.RAISE) as reader,
        ):
            for frame in reader:
                if frame.frame_type != fitdecode.FIT_FRAME_DATA:
                    continue
                if frame.name == "file_id" and frame.has_field("serial_number"):
                    serial = frame.get_value("serial_number")
                elif frame.name == "session":
                    sessions.append({field.name: field.value for field in frame.fields})
                progress(stream.tell(), total)
    # fitdecode raises its FitError for bad framing and CRC; corrupt bytes can also trip its internal asserts
    # and surface as these (found by fuzzing).
    except (
        fitdecode.FitError,
        struct.error,
        AssertionError,
        ArithmeticError,
        ValueError,
        LookupError,
        TypeError,
    ) as error:
        raise file_error(path, f"corrupt or truncated FIT file ({error})") from None
    progress(total, total)
    if not sessions:
        raise file_error(path, "no session in it: not an activity (a course, workout plan or settings file?)")
    return [_draft(index, session, serial) for index, session in enumerate(sessions, start=1)]


def _draft(index: int, session: dict[str, Any], serial: Any) -> Draft:
    timer_s = _number(session.get("total_timer_time"))
    elapsed_s = _number(session.get("total_elapsed_time"))
    duration_s, duration_field = (
        (timer_s, "total_timer_time") if timer_s else (elapsed_s, "total_elapsed_time")
    )
    start = session.get("start_time")
    if not isinstance(start, datetime):
        end = session.get("timestamp")
        start = end - timedelta(seconds=elapsed_s) if isinstance(end, datetime) and elapsed_s else None
    stamp = utc_stamp(start) if start is not None else f"session{index}"
    device = f"{serial}:" if isinstance(serial, int) else ""
    return Draft(
        where=f"session {index}",
        event_id=f"fit:{device}{stamp}",
        start=start,
        duration_s=duration_s,
        distance_m=_number(session.get("total_distance")),
        # The sub-sport is the more specific name (`strength_training` under `training`).
        sport_names=(_name(session.get("sub_sport")), _name(session.get("sport"))),
        source_fields={
            "at": "start_time",
            "duration_min": duration_field,
            "distance_km": "total_distance",
        },
    )


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _name(value: Any) -> str | None:
    # fitdecode gives an enum's name, or its number when the profile it ships does not know the value.
    return value if isinstance(value, str) else None
