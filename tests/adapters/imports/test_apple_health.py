"""Apple Health's export: each record type the journal uses, units per record, time zones and DST, sleep
stages of iOS 16+, duplicates from two apps, the malformed iOS 16 DTD, and the records it passes over."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.adapters.imports.samples import BROKEN_IOS16_DTD, CEST, CET, Health, apple_zip, write_file
from twitchcheck.adapters.imports import read_export
from twitchcheck.adapters.imports._merge import plan
from twitchcheck.core.errors import InputError

BERLIN = ZoneInfo("Europe/Berlin")
EVENING = datetime(2026, 11, 2, 18, 30, tzinfo=CET)


def read(
    tmp_path: Path, health: Health, name: str = "export.xml", **options: object
) -> list[dict[str, object]]:
    path = write_file(tmp_path / name, health.xml())
    reading = read_export(path, zone=BERLIN, **options)  # type: ignore[arg-type]
    return [found.event.to_contract() for found in reading.found]


def test_units_are_read_per_record(tmp_path: Path) -> None:
    health = (
        Health()
        .water(EVENING, 16, unit="fl_oz_us")
        .water(EVENING + timedelta(hours=1), 0.5, unit="L")
        .water(EVENING + timedelta(hours=2), 1, unit="cup_us")
        .caffeine(EVENING, 0.095, unit="g")
        .body_mass(EVENING, 154, unit="lb")
        .body_mass(EVENING + timedelta(days=1), 70.2)
    )
    amounts = [(e["type"], e.get("ml") or e.get("mg") or e.get("kg")) for e in read(tmp_path, health)]
    assert amounts == [
        ("fluid", 473.2),
        ("fluid", 500),
        ("fluid", 236.6),
        ("caffeine", 95),
        ("body_mass", 69.85),
        ("body_mass", 70.2),
    ]


def test_times_keep_the_offset_they_were_recorded_in_across_a_dst_change(tmp_path: Path) -> None:
    summer = datetime(2026, 10, 24, 9, 0, tzinfo=CEST)  # the day before clocks go back in Europe
    winter = datetime(2026, 10, 26, 9, 0, tzinfo=CET)
    events = read(tmp_path, Health().water(summer, 300).water(winter, 300))
    assert [e["at"] for e in events] == ["2026-10-24T09:00:00+02:00", "2026-10-26T09:00:00+01:00"]


def test_sleep_stages_are_summed_into_nights_and_in_bed_is_not_sleep(tmp_path: Path) -> None:
    night = datetime(2026, 11, 1, 23, 0, tzinfo=CET)
    health = (
        Health()
        .sleep(night - timedelta(minutes=20), night + timedelta(hours=8), "InBed")
        .sleep(night, night + timedelta(hours=2), "AsleepCore")
        .sleep(night + timedelta(hours=2), night + timedelta(hours=3), "AsleepDeep")
        .sleep(night + timedelta(hours=3), night + timedelta(hours=3, minutes=20), "Awake")
        .sleep(night + timedelta(hours=3, minutes=20), night + timedelta(hours=5), "AsleepREM")
        .sleep(night + timedelta(hours=5), night + timedelta(hours=7), "AsleepUnspecified")
        # the same REM record again, byte for byte, as exports repeat them
        .sleep(night + timedelta(hours=3, minutes=20), night + timedelta(hours=5), "AsleepREM")
    )
    [sleep] = read(tmp_path, health)
    assert sleep["type"] == "sleep"
    assert sleep["at"] == "2026-11-02"  # dated the morning of waking, as `log sleep` dates last night
    assert sleep["hours"] == 6.67  # 2 + 1 + 1h40 + 2, overlaps once, in bed and awake not counted
    assert "core 2.0 h" in str(sleep["note"])
    assert "deep 1.0 h" in str(sleep["note"])


def test_a_night_across_the_dst_change_counts_the_extra_hour(tmp_path: Path) -> None:
    # 25 October 2026: clocks go back at 03:00 CEST. 23:00 CEST to 07:00 CET is nine hours asleep.
    start = datetime(2026, 10, 24, 23, 0, tzinfo=CEST)
    end = datetime(2026, 10, 25, 7, 0, tzinfo=CET)
    [sleep] = read(tmp_path, Health().sleep(start, end, "AsleepCore"))
    assert (sleep["at"], sleep["hours"]) == ("2026-10-25", 9)


def test_two_apps_recording_one_night_count_it_once_preferring_the_one_with_stages(tmp_path: Path) -> None:
    night = datetime(2026, 11, 1, 23, 0, tzinfo=CET)
    health = (
        Health()
        .sleep(night, night + timedelta(hours=7), "AsleepUnspecified", source="AutoSleep")
        .sleep(night, night + timedelta(hours=3), "AsleepCore")
        .sleep(night + timedelta(hours=3), night + timedelta(hours=4), "AsleepDeep")
        .sleep(night + timedelta(hours=4), night + timedelta(hours=6), "AsleepREM")
    )
    [sleep] = read(tmp_path, health)
    assert sleep["hours"] == 6  # the watch's staged night, not 7 + 6
    assert "Apple Watch" in str(sleep["note"])
    assert "1 other source(s)" in str(sleep["note"])


def test_a_night_still_going_on_when_the_export_was_made_is_left_for_the_next_export(tmp_path: Path) -> None:
    night = datetime(2026, 11, 23, 23, 0, tzinfo=CET)
    health = Health(export_date=night + timedelta(hours=6, minutes=30))
    health.sleep(night, night + timedelta(hours=6), "AsleepCore")
    path = write_file(tmp_path / "export.xml", health.xml())
    reading = read_export(path, zone=BERLIN)
    assert reading.found == []
    assert reading.skipped[("sleep", "a night still in progress when the export was made")] == 1


def test_a_workout_maps_its_activity_type_distance_and_energy(tmp_path: Path) -> None:
    health = (
        Health()
        .workout("Running", EVENING, 45.5, km=8.42)
        .workout("TraditionalStrengthTraining", EVENING + timedelta(days=1), 60, km=None)
        .workout(
            "Cycling",
            EVENING + timedelta(days=2),
            90,
            km=31.2,
            distance_type="HKQuantityTypeIdentifierDistanceCycling",
            legacy_totals=True,
        )
        .workout("Curling", EVENING + timedelta(days=3), 30, km=None)
    )
    run, lift, ride, curling = read(tmp_path, health)
    assert run["duration_min"] == 45.5
    assert run["distance_km"] == 8.42
    assert run["kind"] == "endurance"
    assert run["worked_regions"] == ["calf", "quadriceps", "hamstring", "glute"]
    assert "420 Cal" in str(run["note"])
    assert lift["kind"] == "strength"
    assert "worked_regions" not in lift  # depends on the session: never guessed
    assert (ride["kind"], ride["distance_km"], ride["worked_regions"]) == (
        "endurance",
        31.2,
        ["quadriceps", "calf", "glute"],
    )
    assert curling["kind"] == "other"


def test_records_are_dated_by_since_and_chosen_by_only(tmp_path: Path) -> None:
    health = (
        Health()
        .water(EVENING - timedelta(days=30), 250)
        .water(EVENING, 250)
        .workout("Walking", EVENING, 30, km=2.5)
    )
    path = write_file(tmp_path / "export.xml", health.xml())
    reading = read_export(path, zone=BERLIN, only={"fluid"}, since=EVENING - timedelta(days=1))
    assert [f.event.type for f in reading.found] == ["fluid"]
    assert reading.skipped[("fluid", "before --since")] == 1
    assert reading.skipped[("workout", "not chosen with --only")] == 1


def test_other_record_types_and_a_correlations_copies_are_passed_over(tmp_path: Path) -> None:
    health = (
        Health()
        .heart_rate(EVENING, 71)
        .steps(EVENING, 420)
        .heart_rate(EVENING, 90)
        .correlation_with_water(EVENING, 330)
    )
    path = write_file(tmp_path / "export.xml", health.xml())
    reading = read_export(path, zone=BERLIN)
    assert [f.event.to_contract()["ml"] for f in reading.found] == [330]  # once, not twice
    assert reading.not_used["HKQuantityTypeIdentifierHeartRate"] == 2
    assert reading.not_used["HKQuantityTypeIdentifierStepCount"] == 1


def test_duplicate_drinks_from_two_apps_become_one(tmp_path: Path) -> None:
    health = (
        Health()
        .water(EVENING, 250, source="WaterMinder")
        .water(EVENING + timedelta(seconds=30), 250, source="Hydro Coach")
        .water(EVENING + timedelta(minutes=1, seconds=30), 250, source="WaterMinder")  # a second glass
    )
    path = write_file(tmp_path / "export.xml", health.xml())
    reading = read_export(path, zone=BERLIN)
    todo = plan(reading.found, [], {}, BERLIN)
    assert len(todo.events) == 2
    assert (todo.counts["fluid"].added, todo.counts["fluid"].merged) == (2, 1)


def test_the_zip_the_health_app_shares_reads_like_its_xml_whatever_the_xmls_name(tmp_path: Path) -> None:
    health = Health().water(EVENING, 250).workout("Running", EVENING, 30, km=5)
    path = write_file(tmp_path / "export.zip", apple_zip(health.xml(), name="apple_health_export/导出.xml"))
    reading = read_export(path, zone=BERLIN)
    assert reading.format == "apple_health"
    assert sorted(f.event.type for f in reading.found) == ["fluid", "workout"]
    assert reading.not_used["workout routes (GPX beside export.xml: the workouts come from export.xml)"] == 1


def test_the_malformed_dtd_of_ios_16_is_read(tmp_path: Path) -> None:
    health = Health(dtd=BROKEN_IOS16_DTD).water(EVENING, 250)
    assert [e["ml"] for e in read(tmp_path, health)] == [250]


def test_every_bad_record_is_named_by_line_and_field_and_nothing_is_read(tmp_path: Path) -> None:
    health = (
        Health()
        .water(EVENING, 250)
        .water(EVENING, 3, unit="furlong")
        .body_mass(EVENING, 4000)
        .caffeine(EVENING, "lots")
    )
    path = write_file(tmp_path / "export.xml", health.xml())
    with pytest.raises(InputError) as error:
        read_export(path, zone=BERLIN)
    problems = {problem.field: problem.message for problem in error.value.problems}
    assert "furlong" in problems["line 52 unit"]
    assert "300" in problems["line 53 value"]  # the journal's upper bound for body mass
    assert "not a number" in problems["line 54 value"]
    assert "export.xml" in error.value.what
