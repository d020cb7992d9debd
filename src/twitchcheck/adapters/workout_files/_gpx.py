"""GPX tracks, read with gpxpy: one workout per track that has timed points."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import gpxpy
import gpxpy.gpx

from twitchcheck.adapters.workout_files._common import Draft, Progress, as_utc, content_hash, file_error
from twitchcheck.adapters.workout_files._xml import local_name, parse_xml
from twitchcheck.core.errors import FieldProblem


def gpx_drafts(data: bytes, path: Path, progress: Progress) -> list[Draft]:
    """A draft per track; InputError naming the file if it is not GPX or has no track."""
    root = parse_xml(data, path)  # safe parse first: gpxpy uses the stdlib parser as it is
    if local_name(root) != "gpx":
        raise file_error(path, f"not a GPX file (its root element is <{local_name(root)}>)")
    try:
        document = gpxpy.parse(data.lstrip().decode("utf-8", errors="replace"))
    except (gpxpy.gpx.GPXException, ValueError) as error:
        raise file_error(path, f"not a valid GPX file ({error})") from None
    tracks = [track for track in document.tracks if any(segment.points for segment in track.segments)]
    if not tracks:
        raise file_error(path, "no track (<trk>) with points in it; routes and waypoints are not workouts")
    drafts = []
    for index, track in enumerate(tracks, start=1):
        drafts.append(_draft(index, track))
        progress(index, len(tracks))
    return drafts


def _draft(index: int, track: gpxpy.gpx.GPXTrack) -> Draft:
    # Each segment counts from its first to its last timed point: a pause between segments is not exercise.
    start: datetime | None = None
    duration_s = 0.0
    for segment in track.segments:
        times = [as_utc(point.time) for point in segment.points if point.time is not None]
        if times:
            start = min(times) if start is None else min(start, *times)
            duration_s += (max(times) - min(times)).total_seconds()
    timed = start is not None
    return Draft(
        where=f"track {index}",
        event_id=f"gpx:{content_hash(start.isoformat() if start else None, round(duration_s))}",
        start=start,
        duration_s=duration_s if timed else None,
        distance_m=track.length_2d() if timed else None,
        sport_names=(track.type,),
        title=track.name,
        source_fields={"at": "<time>", "duration_min": "<time>", "distance_km": "<trkpt>"},
        problems=()
        if timed
        else (
            FieldProblem(f"track {index} <time>", "its points have no times: no start or duration to import"),
        ),
    )
