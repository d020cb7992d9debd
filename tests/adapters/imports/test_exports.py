"""Strava, Garmin and Google exports, and one workout whatever the sources: the same run from the watch's
FIT file, Strava's activities.csv and Apple Health is stored once, and importing any of them again adds
nothing. Runs on SQLite and PostgreSQL (the `journal` fixture)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.adapters.imports.samples import (
    START_UTC,
    Health,
    fitbit_exercise,
    fitbit_sleep,
    garmin_activity,
    garmin_zip,
    google_fit_tcx,
    strava_row,
    strava_zip,
    takeout_zip,
    write_file,
)
from tests.adapters.test_workout_files import RUN_SESSION, fit_bytes
from twitchcheck.adapters.imports import import_export, read_export
from twitchcheck.adapters.storage.journal import Journal
from twitchcheck.core.errors import InputError

BERLIN = ZoneInfo("Europe/Berlin")
# The same run everywhere: 2 November 2026, 17:30 UTC (18:30 in Berlin), 45 minutes moving, 8.42 km.
RUN = {**RUN_SESSION, "start_time": START_UTC, "timestamp": START_UTC + timedelta(minutes=50)}


def strava_export(tmp_path: Path) -> Path:
    rows = [
        strava_row(111, START_UTC + timedelta(seconds=4), "Evening Run", "Run", 3000, 2710, 8420.0, rpe="6"),
        strava_row(112, START_UTC + timedelta(days=1), "Leg day", "Weight Training", 3600, 3600, 0.0),
    ]
    return write_file(
        tmp_path / "strava_export.zip", strava_zip(rows, [("activities/111.fit.gz", b"\x1f\x8b")])
    )


def apple_export(tmp_path: Path) -> Path:
    # Apple Health holds the watch's own recording and Strava's copy of the same run (two apps, one run).
    health = (
        Health()
        .workout("Running", START_UTC.astimezone(BERLIN) + timedelta(seconds=50), 46.1, km=8.39)
        .workout(
            "Running", START_UTC.astimezone(BERLIN) + timedelta(seconds=4), 45.2, km=8.42, source="Strava"
        )
        .water(START_UTC.astimezone(BERLIN) + timedelta(hours=1), 500)
    )
    return write_file(tmp_path / "export.xml", health.xml())


def test_a_strava_bulk_export_reads_its_activities_csv(tmp_path: Path) -> None:
    reading = read_export(strava_export(tmp_path), zone=BERLIN)
    assert reading.format == "strava"
    run, lift = (found.event.to_contract() for found in reading.found)
    assert (run["id"], run["rpe"], run["kind"], run["distance_km"]) == ("strava:111", 6, "endurance", 8.42)
    assert lift["kind"] == "strength"
    assert reading.not_used["activity files (activities.csv holds their summaries)"] == 1


def test_a_garmin_export_reads_its_summaries_in_milliseconds_and_centimetres(tmp_path: Path) -> None:
    activities = [garmin_activity(9001, START_UTC, "running", 45, 8.42, "Berlin Running")]
    path = write_file(tmp_path / "garmin.zip", garmin_zip(activities, [("ann_9001.fit", fit_bytes([RUN]))]))
    reading = read_export(path, zone=BERLIN)
    [run] = [found.event.to_contract() for found in reading.found]
    assert run["at"] == "2026-11-02T18:30:00+01:00"
    assert (run["duration_min"], run["distance_km"], run["kind"]) == (45, 8.42, "endurance")
    assert run["note"] == "Garmin Connect: Berlin Running"


def test_a_garmin_export_without_summaries_reads_the_fit_files_in_its_nested_zips(tmp_path: Path) -> None:
    path = write_file(tmp_path / "garmin.zip", garmin_zip([], [("ann_9001.fit", fit_bytes([RUN]))]))
    [found] = read_export(path, zone=BERLIN).found
    assert found.event.id == "fit:3901234567:20261102T173000Z"
    assert found.where.endswith("UploadedFiles_0-_Part1.zip: ann_9001.fit")


def test_google_takeout_reads_fit_activities_and_fitbit_exercise_and_sleep(tmp_path: Path) -> None:
    tcx = [("2026-11-02T18_30_00+01_00_PT45M_Running.tcx", google_fit_tcx(START_UTC, 2700, 8420))]
    local = START_UTC.astimezone(BERLIN).replace(tzinfo=None) + timedelta(days=1)
    exercise = [fitbit_exercise(77, local, "Walk", 30, 2.4)]
    sleep = [
        fitbit_sleep(1, "2026-11-02", "2026-11-01T23:10:00.000", "2026-11-02T06:40:00.000", 410),
        fitbit_sleep(2, "2026-11-02", "2026-11-02T14:00:00.000", "2026-11-02T14:40:00.000", 35, stages=False),
    ]
    path = write_file(tmp_path / "takeout.zip", takeout_zip(tcx, exercise, sleep))
    reading = read_export(path, zone=BERLIN)
    by_type = {
        found.event.type: found.event.to_contract() for found in reading.found if found.source != "Google Fit"
    }
    fit_run = next(found for found in reading.found if found.source == "Google Fit").event.to_contract()
    assert (fit_run["duration_min"], fit_run["kind"]) == (45, "endurance")
    assert (
        by_type["workout"]["at"] == "2026-11-03T18:30:00"
    )  # Fitbit's local time, read in the journal's zone
    assert (by_type["workout"]["kind"], by_type["workout"]["distance_km"]) == ("endurance", 2.4)
    assert (by_type["sleep"]["at"], by_type["sleep"]["hours"]) == ("2026-11-02", 7.42)


def test_one_run_from_fit_strava_and_apple_health_is_one_workout_and_reimports_add_nothing(
    journal: Journal, tmp_path: Path
) -> None:
    fit = write_file(tmp_path / "Evening_Run.fit", fit_bytes([RUN]))
    strava = strava_export(tmp_path)
    apple = apple_export(tmp_path)

    first = import_export(journal, fit)
    assert first.counts["workout"].added == 1
    second = import_export(journal, strava)
    assert (second.counts["workout"].added, second.counts["workout"].merged) == (1, 1)  # the lift is new
    third = import_export(journal, apple)
    assert (third.counts["workout"].added, third.counts["workout"].merged) == (0, 2)
    assert third.counts["fluid"].added == 1

    runs = [e for e in journal.events() if e.type == "workout" and e.kind == "endurance"]
    assert len(runs) == 1
    assert runs[0].id == "fit:3901234567:20261102T173000Z"  # the journal's event is kept as it was
    count = journal.count()

    for path in (fit, strava, apple):
        again = import_export(journal, path)
        assert again.added == 0
        assert all(c.merged == 0 for c in again.counts.values()), "a re-import says already there"
        assert again.operation is None
    assert journal.count() == count


def test_within_one_import_the_richest_record_is_kept_and_filled_from_the_others(
    journal: Journal, tmp_path: Path
) -> None:
    summary = import_export(journal, apple_export(tmp_path))
    assert (summary.counts["workout"].added, summary.counts["workout"].merged) == (1, 1)
    [run] = [e for e in journal.events() if e.type == "workout"]
    assert "also in Apple Health (Strava)" in (run.note or "")


def test_undo_takes_back_an_import_with_its_merged_sources(journal: Journal, tmp_path: Path) -> None:
    import_export(journal, write_file(tmp_path / "run.fit", fit_bytes([RUN])))
    strava = strava_export(tmp_path)
    import_export(journal, strava)
    assert journal.undo() is not None
    assert [e.type for e in journal.events()] == ["workout"]
    again = import_export(journal, strava)  # the merged source was taken back too: it merges again
    assert (again.counts["workout"].added, again.counts["workout"].merged) == (1, 1)


def test_a_deleted_workout_stays_deleted_whichever_source_brings_it_again(
    journal: Journal, tmp_path: Path
) -> None:
    import_export(journal, write_file(tmp_path / "run.fit", fit_bytes([RUN])))
    [stored] = journal.entries()
    journal.delete([stored.seq])
    summary = import_export(journal, apple_export(tmp_path))
    assert summary.counts["workout"].added == 0
    assert [e.type for e in journal.events()] == ["fluid"]


def test_a_bad_activity_in_an_export_refuses_the_whole_export(journal: Journal, tmp_path: Path) -> None:
    rows = [
        strava_row(111, START_UTC, "Evening Run", "Run", 3000, 2710, 8420.0),
        strava_row(113, START_UTC, "Broken", "Run", 0, 0, 1.0),
    ]
    path = write_file(tmp_path / "strava.zip", strava_zip(rows))
    with pytest.raises(InputError) as error:
        import_export(journal, path)
    assert any("row 3" in p.field and "activities.csv" in p.field for p in error.value.problems)
    assert journal.count() == 0
