"""Workout files as journal workouts: each format's mapping, stable ids, whole-file rejection, progress.

Every fixture is written here: FIT with fit-tool, GPX with gpxpy, TCX and Strava's activities.csv as text
shaped like real exports (Strava's header with its repeated columns, quoted commas, a multi-line description).
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import random
import warnings
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import gpxpy.gpx
import jsonschema
import pytest
from fit_tool import FitFileBuilder
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.session_message import SessionMessage
from fit_tool.profile.profile_type import FileType, Manufacturer, Sport, SubSport

from tests.conftest import contract_schema
from twitchcheck.adapters.workout_files import (
    FORMATS,
    check_sports,
    load_sports,
    read_workouts,
    sport_key,
    workout_format,
)
from twitchcheck.core.errors import InputError
from twitchcheck.journal.events import WorkoutEvent

START = datetime(2026, 11, 2, 18, 30, tzinfo=UTC)
PLUS_ONE = timezone(timedelta(hours=1))


class Progress:
    """Records progress callbacks."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def __call__(self, done: int, total: int) -> None:
        self.calls.append((done, total))

    def check(self) -> None:
        assert self.calls, "progress was never called"
        dones = [done for done, _ in self.calls]
        assert dones == sorted(dones)
        assert all(0 <= done <= total for done, total in self.calls)
        assert self.calls[-1][0] == self.calls[-1][1]


def problems_of(error: pytest.ExceptionInfo[InputError]) -> dict[str, str]:
    return {problem.field: problem.message for problem in error.value.problems}


def write(path: Path, data: bytes | str, *, gz: bool = False) -> Path:
    raw = data.encode() if isinstance(data, str) else data
    path.write_bytes(gzip.compress(raw, mtime=0) if gz else raw)
    return path


# -- FIT ----------------------------------------------------------------------------------------------------


def fit_bytes(sessions: Sequence[Mapping[str, Any]], serial: int | None = 3_901_234_567) -> bytes:
    """A FIT activity file: a file_id and one session message per mapping (fields by name, FIT units)."""
    builder = FitFileBuilder(auto_define=True)
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.DEVELOPMENT
    file_id.product = 0
    if serial is not None:
        file_id.serial_number = serial
    file_id.time_created = int(START.timestamp() * 1000)
    builder.add(file_id)
    for fields in sessions:
        session = SessionMessage()
        for name, value in fields.items():
            setattr(session, name, int(value.timestamp() * 1000) if isinstance(value, datetime) else value)
        builder.add(session)
    data: bytes = builder.build_bytes()
    return data


RUN_SESSION: dict[str, Any] = {
    "start_time": START,
    "timestamp": START + timedelta(minutes=50),
    "total_elapsed_time": 3000.0,
    "total_timer_time": 2700.0,
    "total_distance": 8420.0,
    "sport": Sport.RUNNING,
    "sub_sport": SubSport.GENERIC,
}


def test_a_fit_session_maps_start_timer_time_distance_and_sport(tmp_path: Path) -> None:
    path = write(tmp_path / "morning.fit", fit_bytes([RUN_SESSION]))
    [event] = read_workouts(path, zone=UTC)
    assert event == WorkoutEvent(
        at="2026-11-02T18:30:00+00:00",
        id="fit:3901234567:20261102T183000Z",
        note="Imported from morning.fit",
        duration_min=45.0,  # timer time: the auto-paused minutes are not exercise
        distance_km=8.42,
        kind="endurance",
        worked_regions=["calf", "quadriceps", "hamstring", "glute"],
    )
    assert event.rpe is None  # never invented
    assert event.hot_environment is None


def test_at_is_the_files_utc_instant_written_in_the_persons_zone(tmp_path: Path) -> None:
    path = write(tmp_path / "morning.fit", fit_bytes([RUN_SESSION]))
    [event] = read_workouts(path, zone=PLUS_ONE)
    assert event.at == "2026-11-02T19:30:00+01:00"


def test_fit_falls_back_to_elapsed_time_and_reads_the_sub_sport_first(tmp_path: Path) -> None:
    lifting = {
        "start_time": START,
        "total_elapsed_time": 3600.0,
        "sport": Sport.TRAINING,
        "sub_sport": SubSport.STRENGTH_TRAINING,
    }
    path = write(tmp_path / "gym.fit", fit_bytes([lifting]))
    [event] = read_workouts(path, zone=UTC)
    assert (event.duration_min, event.kind, event.worked_regions, event.distance_km) == (
        60.0,
        "strength",
        None,
        None,
    )


def test_each_session_of_a_multisport_fit_file_is_a_workout(tmp_path: Path) -> None:
    ride = {
        "start_time": START + timedelta(hours=1),
        "total_timer_time": 1800.0,
        "total_distance": 15000.0,
        "sport": Sport.CYCLING,
    }
    path = write(tmp_path / "brick.fit", fit_bytes([RUN_SESSION, ride]))
    events = read_workouts(path, zone=UTC)
    assert [(e.kind, e.worked_regions, e.distance_km) for e in events] == [
        ("endurance", ["calf", "quadriceps", "hamstring", "glute"], 8.42),
        ("endurance", ["quadriceps", "calf", "glute"], 15.0),
    ]
    assert len({event.id for event in events}) == 2


def test_reading_a_fit_file_again_gives_the_same_ids_and_gz_reads_the_same(tmp_path: Path) -> None:
    data = fit_bytes([RUN_SESSION])
    plain = write(tmp_path / "123.fit", data)
    packed = write(tmp_path / "123.fit.gz", data, gz=True)
    first = read_workouts(plain, zone=UTC)
    assert read_workouts(plain, zone=UTC) == first
    assert [e.model_copy(update={"note": None}) for e in read_workouts(packed, zone=UTC)] == [
        e.model_copy(update={"note": None}) for e in first
    ]


def test_fit_progress_goes_by_bytes_to_the_end(tmp_path: Path) -> None:
    data = fit_bytes([RUN_SESSION])
    progress = Progress()
    read_workouts(write(tmp_path / "a.fit", data), zone=UTC, progress=progress)
    progress.check()
    assert progress.calls[-1] == (len(data), len(data))


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda data: data[: len(data) // 2], "corrupt or truncated"),
        (lambda data: data[:-3] + bytes([data[-3] ^ 0xFF]) + data[-2:], "corrupt or truncated"),
        (lambda _: b"this is not a fit file at all", "not a FIT file"),
        (lambda _: b"", "not a FIT file"),
    ],
)
def test_a_bad_fit_file_is_an_input_error_naming_the_file(tmp_path: Path, mangle: Any, message: str) -> None:
    path = write(tmp_path / "bad.fit", mangle(fit_bytes([RUN_SESSION])))
    with pytest.raises(InputError, match=message) as error:
        read_workouts(path, zone=UTC)
    assert str(path) in str(error.value)


def test_a_fit_file_without_a_session_is_not_an_activity(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no session"):
        read_workouts(write(tmp_path / "settings.fit", fit_bytes([])), zone=UTC)


def test_a_zero_length_fit_session_is_reported_by_session_and_field(tmp_path: Path) -> None:
    empty = {**RUN_SESSION, "total_timer_time": 0.0, "total_elapsed_time": 0.0}
    path = write(tmp_path / "oops.fit", fit_bytes([RUN_SESSION, empty]))
    with pytest.raises(InputError) as error:
        read_workouts(path, zone=UTC)
    assert list(problems_of(error)) == ["session 2 total_elapsed_time"]


# -- GPX ----------------------------------------------------------------------------------------------------


def gpx_text(*, timed: bool = True, kind: str | None = "running", segments: int = 2) -> str:
    """A GPX track going north at ~10 km/h, in `segments` segments of 10 minutes with 5-minute pauses."""
    document = gpxpy.gpx.GPX()
    track = gpxpy.gpx.GPXTrack(name="Evening, easy")
    track.type = kind  # type: ignore[assignment]  # gpxpy declares the attribute as None
    document.tracks.append(track)
    minute = 0
    for _ in range(segments):
        segment = gpxpy.gpx.GPXTrackSegment()
        track.segments.append(segment)
        for _ in range(11):
            time = START + timedelta(minutes=minute) if timed else None
            segment.points.append(gpxpy.gpx.GPXTrackPoint(48.0 + minute * 0.0015, 11.0, time=time))
            minute += 1
        minute += 4  # the pause, between segments
    return document.to_xml()


def test_a_gpx_track_maps_start_segment_time_distance_and_type(tmp_path: Path) -> None:
    [event] = read_workouts(write(tmp_path / "run.gpx", gpx_text()), zone=UTC)
    assert event.at == "2026-11-02T18:30:00+00:00"
    assert event.duration_min == 20.0  # two 10-minute segments; the 5 paused minutes between are not counted
    assert event.distance_km is not None
    assert 3.3 < event.distance_km < 3.4
    assert (event.kind, event.worked_regions) == ("endurance", ["calf", "quadriceps", "hamstring", "glute"])
    assert event.note == "Imported from run.gpx: Evening, easy"
    assert event.id is not None
    assert event.id.startswith("gpx:")


def test_gpx_ids_are_stable_and_gz_reads_the_same(tmp_path: Path) -> None:
    text = gpx_text()
    first = read_workouts(write(tmp_path / "a.gpx", text), zone=UTC)
    again = read_workouts(write(tmp_path / "b.gpx.gz", text, gz=True), zone=UTC)
    assert [e.id for e in first] == [e.id for e in again]


def test_a_gpx_without_a_type_has_no_kind_and_an_unknown_type_is_other(tmp_path: Path) -> None:
    [untyped] = read_workouts(write(tmp_path / "a.gpx", gpx_text(kind=None)), zone=UTC)
    [unknown] = read_workouts(write(tmp_path / "b.gpx", gpx_text(kind="kitesurfing")), zone=UTC)
    assert (untyped.kind, untyped.worked_regions) == (None, None)
    assert (unknown.kind, unknown.worked_regions) == ("other", None)


def test_a_gpx_without_times_is_rejected_naming_the_track(tmp_path: Path) -> None:
    path = write(tmp_path / "planned.gpx", gpx_text(timed=False))
    with pytest.raises(InputError) as error:
        read_workouts(path, zone=UTC)
    assert problems_of(error) == {
        "track 1 <time>": "its points have no times: no start or duration to import"
    }
    assert str(path) in str(error.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '<?xml version="1.0"?>\n<gpx version="1.1">\n<trk><trkseg>\n</gpx>',
            "not well-formed XML at line 4",
        ),
        ('<gpx version="1.1"><rte><rtept lat="1" lon="2"/></rte></gpx>', "no track"),
        ('<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaa">]><gpx>&a;</gpx>', "entities or a DTD"),
        ("<html><body>not a track</body></html>", "not a GPX file"),
    ],
)
def test_a_bad_gpx_file_is_an_input_error(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_workouts(write(tmp_path / "bad.gpx", text), zone=UTC)


# -- TCX ----------------------------------------------------------------------------------------------------

TCX = """      <?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
 <Activities>
  <Activity Sport="{sport}">
   <Id>2026-11-02T18:30:00Z</Id>
   <Lap StartTime="2026-11-02T18:30:00Z">
    <TotalTimeSeconds>{first_lap_s}</TotalTimeSeconds><DistanceMeters>10000.0</DistanceMeters>
    <Track><Trackpoint><Time>2026-11-02T18:30:00Z</Time></Trackpoint></Track>
   </Lap>
   <Lap StartTime="2026-11-02T18:50:00Z">
    <TotalTimeSeconds>1500</TotalTimeSeconds><DistanceMeters>12501.0</DistanceMeters>
   </Lap>
  </Activity>
 </Activities>
</TrainingCenterDatabase>
"""


def test_a_tcx_activity_sums_its_laps_even_with_stravas_leading_spaces(tmp_path: Path) -> None:
    path = write(tmp_path / "ride.tcx", TCX.format(sport="Biking", first_lap_s="1200.0"))
    progress = Progress()
    [event] = read_workouts(path, zone=UTC, progress=progress)
    assert event == WorkoutEvent(
        at="2026-11-02T18:30:00+00:00",
        id="tcx:20261102T183000Z",
        note="Imported from ride.tcx",
        duration_min=45.0,
        distance_km=22.501,
        kind="endurance",
        worked_regions=["quadriceps", "calf", "glute"],
    )
    progress.check()
    [again] = read_workouts(write(tmp_path / "ride.tcx.gz", path.read_bytes(), gz=True), zone=UTC)
    assert again.id == event.id


def test_a_tcx_lap_without_time_and_a_file_without_activity_are_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError) as error:
        read_workouts(write(tmp_path / "a.tcx", TCX.format(sport="Running", first_lap_s="n/a")), zone=UTC)
    assert problems_of(error) == {"Activity 1 Lap 1 TotalTimeSeconds": "missing or not a number"}
    course = '<TrainingCenterDatabase xmlns="x"><Courses><Course/></Courses></TrainingCenterDatabase>'
    with pytest.raises(InputError, match="no <Activity>"):
        read_workouts(write(tmp_path / "course.tcx", course), zone=UTC)


# -- Strava activities.csv ----------------------------------------------------------------------------------

# The header of a real bulk export (abridged at the end): names repeat, with other units the second time.
STRAVA_HEADER = [
    "Activity ID", "Activity Date", "Activity Name", "Activity Type", "Activity Description", "Elapsed Time",
    "Distance", "Max Heart Rate", "Relative Effort", "Commute", "Activity Private Note", "Activity Gear",
    "Filename", "Athlete Weight", "Bike Weight", "Elapsed Time", "Moving Time", "Distance", "Max Speed",
    "Average Speed", "Elevation Gain", "Relative Effort", "Perceived Exertion", "Prefer Perceived Exertion",
    "Perceived Relative Effort", "Total Weight Lifted",
]  # fmt: skip


def strava_csv(rows: Sequence[Mapping[str, str]], header: Sequence[str] = STRAVA_HEADER) -> str:
    """activities.csv text: a row's "Distance" fills the first Distance column, "Distance 2" the second."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        seen: dict[str, int] = {}
        cells = []
        for name in header:
            seen[name] = seen.get(name, 0) + 1
            key = name if seen[name] == 1 else f"{name} {seen[name]}"
            cells.append(row.get(key, ""))
        writer.writerow(cells)
    return out.getvalue()


RUN_ROW = {
    "Activity ID": "16012345678",
    "Activity Date": "Nov 2, 2026, 6:30:00 PM",
    "Activity Name": "Intervals, then home",
    "Activity Type": "Run",
    "Activity Description": "6 x 800 m\nlegs twitchy after",
    "Elapsed Time": "3000",
    "Distance": "10.02",
    "Relative Effort": "87",  # heart-rate based and open-ended: not an RPE, never used as one
    "Elapsed Time 2": "3000.0",
    "Moving Time": "2700.0",
    "Distance 2": "10020.400391",
    "Relative Effort 2": "87.0",
    "Perceived Exertion": "7.0",
    "Filename": "activities/17234.fit.gz",
}


def test_a_strava_row_maps_every_field_from_the_right_one_of_repeated_columns(tmp_path: Path) -> None:
    path = write(tmp_path / "activities.csv", strava_csv([RUN_ROW]))
    [event] = read_workouts(path, zone=UTC)
    assert event == WorkoutEvent(
        at="2026-11-02T18:30:00+00:00",
        id="strava:16012345678",
        note="Imported from activities.csv: Intervals, then home",
        duration_min=45.0,  # Moving Time
        distance_km=10.02,  # the second Distance column, in metres
        rpe=7.0,  # Perceived Exertion; Relative Effort is not a 1-10 rating
        kind="endurance",
        worked_regions=["calf", "quadriceps", "hamstring", "glute"],
    )


def test_strava_rows_of_other_sports_and_exports_without_the_second_block(tmp_path: Path) -> None:
    short_header = [
        "Activity ID",
        "Activity Date",
        "Activity Name",
        "Activity Type",
        "Elapsed Time",
        "Distance",
    ]
    rows = [
        {"Activity ID": "1", "Activity Date": "Nov 3, 2026, 7:00:00 AM", "Activity Type": "Swim",
         "Elapsed Time": "1800", "Distance": "1,500"},  # swims are in metres in the first Distance column
        {"Activity ID": "2", "Activity Date": "Nov 3, 2026, 12:00:00 PM", "Activity Type": "Weight Training",
         "Elapsed Time": "2400", "Distance": "0.0"},
        {"Activity ID": "3", "Activity Date": "Nov 4, 2026, 5:15:00 PM", "Activity Type": "Kitesurf",
         "Elapsed Time": "3600", "Distance": "12.5"},
    ]  # fmt: skip
    path = write(tmp_path / "activities.csv", strava_csv(rows, short_header))
    events = read_workouts(path, zone=UTC)
    assert [(e.id, e.kind, e.duration_min, e.distance_km, e.worked_regions) for e in events] == [
        ("strava:1", "endurance", 30.0, 1.5, ["shoulder", "upper_back", "chest", "triceps"]),
        ("strava:2", "strength", 40.0, 0.0, None),
        ("strava:3", "other", 60.0, 12.5, None),
    ]
    assert all(e.rpe is None for e in events)


def test_strava_progress_is_per_row_and_ids_are_stable_across_reads(tmp_path: Path) -> None:
    rows = [{**RUN_ROW, "Activity ID": str(number)} for number in range(5)]
    path = write(tmp_path / "activities.csv.gz", strava_csv(rows), gz=True)
    progress = Progress()
    events = read_workouts(path, zone=UTC, progress=progress)
    assert progress.calls == [(done, 5) for done in range(1, 6)]
    assert [e.id for e in events] == [e.id for e in read_workouts(path, zone=UTC)]


def test_a_strava_file_with_bad_rows_is_rejected_whole_naming_each_row_and_field(tmp_path: Path) -> None:
    rows = [
        RUN_ROW,
        {**RUN_ROW, "Activity ID": "2", "Elapsed Time": "0", "Elapsed Time 2": "0", "Moving Time": "0"},
        {**RUN_ROW, "Activity ID": "3", "Activity Date": "yesterday", "Perceived Exertion": "11"},
    ]
    path = write(tmp_path / "activities.csv", strava_csv(rows))
    with pytest.raises(InputError) as error:
        read_workouts(path, zone=UTC)
    # The first data row is row 2 (the header is row 1); a multi-line description shifts the lines.
    assert problems_of(error) == {
        "row 3 (line 4) Elapsed Time": "zero duration: not a workout to import",
        "row 4 (line 6) Activity Date": "not a date like 'Nov 2, 2026, 6:30:00 PM' (got 'yesterday')",
        "row 4 (line 6) Perceived Exertion": "Strava's scale is 1 to 10 (got 11)",
    }
    assert str(path) in str(error.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty: no header row"),
        (strava_csv([]), "no activities"),
        ("date,steps\n2026-11-02,9000\n", "not Strava's activities.csv"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
    ],
)
def test_a_bad_csv_is_an_input_error_naming_the_file(tmp_path: Path, text: str | bytes, message: str) -> None:
    path = write(tmp_path / "activities.csv", text)
    with pytest.raises(InputError, match=message) as error:
        read_workouts(path, zone=UTC)
    assert str(path) in str(error.value)


# -- any file -----------------------------------------------------------------------------------------------


def test_names_decide_the_format_and_unknown_or_missing_files_are_input_errors(tmp_path: Path) -> None:
    names = ("a.FIT", "b.gpx.gz", "activities.csv", "x.zip", "gz")
    assert [workout_format(Path(name)) for name in names] == [".fit", ".gpx", ".csv", None, None]
    assert set(FORMATS) == {".fit", ".gpx", ".tcx", ".csv"}
    with pytest.raises(InputError, match=r"unknown kind of file 'export\.zip'"):
        read_workouts(write(tmp_path / "export.zip", b"PK"), zone=UTC)
    with pytest.raises(InputError, match="cannot read"):
        read_workouts(tmp_path / "missing.fit", zone=UTC)
    with pytest.raises(InputError, match="not gzip-compressed"):
        read_workouts(write(tmp_path / "a.gpx.gz", gpx_text()), zone=UTC)
    with pytest.raises(InputError, match="not a readable gzip file"):
        read_workouts(write(tmp_path / "b.gpx.gz", gzip.compress(b"<gpx/>")[:-6]), zone=UTC)


def test_imported_workouts_meet_the_journal_event_contract(tmp_path: Path) -> None:
    schema = contract_schema("journal-event-2.schema.json")
    files = [
        write(tmp_path / "a.fit", fit_bytes([RUN_SESSION])),
        write(tmp_path / "b.gpx", gpx_text()),
        write(tmp_path / "c.tcx", TCX.format(sport="Running", first_lap_s="600")),
        write(tmp_path / "activities.csv", strava_csv([RUN_ROW])),
    ]
    for path in files:
        for event in read_workouts(path, zone=PLUS_ONE):
            jsonschema.validate(event.to_contract(), schema)


# -- the sport table ----------------------------------------------------------------------------------------


def test_the_shipped_sport_table_loads_and_maps_the_issues_examples() -> None:
    table = load_sports()
    cases = {
        "Run": "endurance", "Ride": "endurance", "Swim": "endurance", "Rowing": "endurance",
        "Weight Training": "strength", "HIIT": "hiit", "Crossfit": "hiit", "Soccer": "sport",
        "Tennis": "sport", "Yoga": "other",
    }  # fmt: skip
    assert {name: table.classify([name]).kind for name in cases} == cases
    rowing = ("upper_back", "biceps", "forearm", "quadriceps", "glute", "hamstring")
    assert table.classify(["Rowing"]).worked_regions == rowing
    assert (
        table.classify(["generic", "running"]).kind == "endurance"
    )  # a vague name never hides a specific one
    assert table.classify([None]).kind is None
    assert sport_key(" E-Bike  Ride ") == "e_bike_ride"


def test_a_bad_sport_table_is_rejected_with_every_problem() -> None:
    data = {
        "sports": [
            {"id": "running", "kind": "cardio", "names": ["running"]},
            {"id": "rowing", "kind": "endurance", "worked_regions": ["lats"], "names": ["Rowing"]},
            {"id": "jogging", "kind": "endurance", "names": ["running"], "colour": "red"},
            {"id": "running", "kind": "other", "names": ["walk"]},
        ]
    }
    with pytest.raises(InputError) as error:
        check_sports(data, "test.yaml")
    assert set(problems_of(error)) == {
        "sports[0].kind",
        "sports[1].worked_regions[0]",
        "sports[2].colour",
        "sports[3].id",
    }
    with pytest.raises(InputError) as error:
        check_sports({"sports": [{"id": "a", "kind": "other", "names": ["Rowing", "b"]},
                                 {"id": "b", "kind": "other", "names": ["b"]}]})  # fmt: skip
    assert problems_of(error) == {
        "sports[0].names[0]": "write it normalised, as 'rowing'",
        "sports[1].names[0]": "'b' is already a name of 'a'",
    }


# -- damaged files -------------------------------------------------------------------------------------------


def mutations(data: bytes, count: int, seed: int) -> list[bytes]:
    """`count` copies of `data` with a few bytes changed, cut out or put in (seeded: the same every run)."""
    rng = random.Random(seed)
    damaged = []
    for _ in range(count):
        copy = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            position = rng.randrange(len(copy))
            choice = rng.random()
            if choice < 0.5:
                copy[position] = rng.randrange(256)
            elif choice < 0.75:
                del copy[position : position + rng.randint(1, 20)]
            else:
                copy[position:position] = rng.randbytes(rng.randint(1, 5))
        damaged.append(bytes(copy))
    return damaged


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.fit", fit_bytes([RUN_SESSION])),
        ("a.gpx", gpx_text().encode()),
        ("a.tcx", TCX.format(sport="Running", first_lap_s="600").encode()),
        ("activities.csv", strava_csv([RUN_ROW]).encode()),
    ],
    ids=["fit", "gpx", "tcx", "csv"],
)
def test_a_damaged_file_gives_workouts_or_an_input_error_never_a_traceback_or_warning(
    tmp_path: Path, name: str, data: bytes
) -> None:
    # Fuzzing found fitdecode's internal asserts and warnings, and XML naming an unknown encoding ("UT-8").
    path = tmp_path / name
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for damaged in mutations(data, 150, seed=len(name)):
            path.write_bytes(damaged)
            with contextlib.suppress(InputError):
                read_workouts(path, zone=UTC)


def test_xml_naming_an_unknown_encoding_is_an_input_error(tmp_path: Path) -> None:
    path = write(tmp_path / "a.gpx", gpx_text().replace('encoding="UTF-8"', 'encoding="UT-8"'))
    with pytest.raises(InputError, match="unknown encoding"):
        read_workouts(path, zone=UTC)
