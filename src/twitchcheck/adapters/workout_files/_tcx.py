"""Garmin Training Center XML (TCX), read with the standard library through defusedxml.

No maintained TCX library exists for Python (python-tcxparser is small and idle), and a TCX summary is a few
elements: an Activity's Sport and Id (its start), and each Lap's TotalTimeSeconds and DistanceMeters.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from xml.etree.ElementTree import Element

from twitchcheck.adapters.workout_files._common import Draft, Progress, as_utc, file_error, utc_stamp
from twitchcheck.adapters.workout_files._xml import local_name, parse_xml
from twitchcheck.core.errors import FieldProblem


def tcx_drafts(data: bytes, path: Path, progress: Progress) -> list[Draft]:
    """A draft per Activity; InputError naming the file if it is not TCX or holds no activity."""
    root = parse_xml(data, path)
    if local_name(root) != "TrainingCenterDatabase":
        raise file_error(path, f"not a TCX file (its root element is <{local_name(root)}>)")
    activities = [element for element in root.iter() if local_name(element) == "Activity"]
    if not activities:
        raise file_error(path, "no <Activity> in it (a course or workout plan is not a workout done)")
    drafts = []
    for index, activity in enumerate(activities, start=1):
        drafts.append(_draft(index, activity))
        progress(index, len(activities))
    return drafts


def _draft(index: int, activity: Element) -> Draft:
    where = f"Activity {index}"
    problems: list[FieldProblem] = []
    laps = [child for child in activity if local_name(child) == "Lap"]
    start_text = _text(activity, "Id") or (laps[0].get("StartTime") if laps else None)
    start = _time(start_text)
    if start is None:
        problems.append(FieldProblem(f"{where} Id", f"not a start time (got {start_text!r})"))
    duration_s = 0.0
    distance_m: float | None = None
    for lap_number, lap in enumerate(laps, start=1):
        seconds = _number(_text(lap, "TotalTimeSeconds"))
        if seconds is None:
            problems.append(
                FieldProblem(f"{where} Lap {lap_number} TotalTimeSeconds", "missing or not a number")
            )
        else:
            duration_s += seconds
        metres = _number(_text(lap, "DistanceMeters"))
        if metres is not None:
            distance_m = (distance_m or 0.0) + metres
    if not laps:
        problems.append(FieldProblem(f"{where} Lap", "no laps: no duration to import"))
    return Draft(
        where=where,
        event_id=f"tcx:{utc_stamp(start)}" if start is not None else f"tcx:activity{index}",
        start=start,
        duration_s=duration_s,
        distance_m=distance_m,
        sport_names=(activity.get("Sport"),),
        source_fields={"at": "Id", "duration_min": "TotalTimeSeconds", "distance_km": "DistanceMeters"},
        problems=problems,
    )


def _text(parent: Element, name: str) -> str | None:
    for child in parent:
        if local_name(child) == name:
            return (child.text or "").strip()
    return None


def _time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return as_utc(datetime.fromisoformat(text))
    except ValueError:
        return None


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None
