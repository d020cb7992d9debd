"""`twitchcheck status` and `twitchcheck triggers` over a journal on disk, as a person runs them."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tests.adapters.cli.support import run
from twitchcheck.adapters.cli.dashboard import sparkline


def _journal(tmp_path: Path, lines: list[dict[str, object]]) -> str:
    source = tmp_path / "events.jsonl"
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    db = str(tmp_path / "journal.db")
    imported = run("journal", "import", str(source), "--db", db)
    assert imported.exit_code == 0, imported.output
    return db


def _weeks_of_training(weakening: bool, first: date = date(2026, 10, 1)) -> list[dict[str, object]]:
    """Six weeks of leg days with calf twitching that evening; grip on the left tested weekly."""
    events: list[dict[str, object]] = []
    for day in range(1, 43):
        when = (first + timedelta(days=day - 1)).isoformat()
        if day % 2:
            events.append({"type": "workout", "at": f"{when}T18:00", "duration_min": 60, "rpe": 7,
                           "worked_regions": ["calf", "quadriceps"]})  # fmt: skip
            events.append({"type": "twitch", "at": f"{when}T21:00", "regions": ["calf"]})
        if day % 7 == 1:
            noise = (-0.8, 0.6, -0.3, 0.9, -0.5, 0.2)[day // 7]
            value = 42 - (day * 0.2 if weakening else 0) + noise
            events.append({"type": "strength_test", "at": f"{when}T08:00", "test": "grip", "side": "left",
                           "value": round(value, 1)})  # fmt: skip
    return events


def test_status_json_is_an_assessment_with_the_trends_behind_it(
    tmp_path: Path, assessment_validator: Draft202012Validator
) -> None:
    db = _journal(tmp_path, _weeks_of_training(weakening=True))
    result = run("status", "--as-of", "2026-11-11", "--format", "json", "--db", db)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assessment_validator.validate(data)
    assert data["triage"]["level"] == "urgent"
    assert "weakness" in [flag["id"] for flag in data["red_flags"]]
    grip = next(trend for trend in data["history"]["trends"] if trend["id"].startswith("strength.grip"))
    assert grip["flagged"] is True
    assert grip["numbers"]["change_pct"] < -10


def test_post_workout_twitching_with_steady_grip_stays_self_care(tmp_path: Path) -> None:
    db = _journal(tmp_path, _weeks_of_training(weakening=False))
    data = json.loads(run("status", "--as-of", "2026-11-11", "-f", "json", "--db", db).stdout)
    assert data["triage"]["level"] == "self_care"
    assert data["red_flags"] == []


def test_the_dashboard_shows_the_trends_and_charts(tmp_path: Path) -> None:
    db = _journal(tmp_path, _weeks_of_training(weakening=True))
    result = run("status", "--as-of", "2026-11-11", "--db", db, env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "What time shows" in result.stdout
    assert "Grip (left) fell" in result.stdout
    assert "twitch days / week" in result.stdout
    assert "training load / day" in result.stdout
    assert "URGENT" in result.stdout


def test_as_of_looks_at_the_journal_as_it_was(tmp_path: Path) -> None:
    db = _journal(tmp_path, _weeks_of_training(weakening=True))
    early = json.loads(run("status", "--as-of", "2026-10-16", "-f", "json", "--db", db).stdout)
    assert early["triage"]["level"] == "self_care"  # two weeks in, the decline is not yet beyond noise


def test_no_twitch_but_a_logged_emergency_symptom_prints_an_emergency_assessment(
    tmp_path: Path, assessment_validator: Draft202012Validator
) -> None:
    db = _journal(
        tmp_path, [{"type": "symptom", "at": "2026-11-10T09:00", "symptom": "chest_pain", "present": True}]
    )
    result = run("status", "--as-of", "2026-11-11", "-f", "json", "--db", db)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assessment_validator.validate(data)
    assert data["triage"]["level"] == "emergency"
    assert data["triage"]["summary"].startswith("No twitching is logged")
    text = run("status", "--as-of", "2026-11-11", "--db", db)
    assert text.exit_code == 0, text.output
    assert "mergency" in text.stdout
    assert "Traceback" not in text.output


def test_a_journal_with_no_twitch_and_no_symptom_exits_2(tmp_path: Path) -> None:
    db = _journal(tmp_path, [{"type": "sleep", "at": "2026-11-10T07:00", "hours": 7}])
    result = run("status", "--as-of", "2026-11-11", "-f", "json", "--db", db)
    assert result.exit_code == 2
    assert "No twitching is logged" in result.stderr


def test_triggers_says_not_enough_data_for_a_short_journal(tmp_path: Path) -> None:
    db = _journal(tmp_path, _weeks_of_training(weakening=False)[:6])
    result = run("triggers", "--as-of", "2026-11-11", "-f", "json", "--db", db)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert all(not factor["enough_data"] for factor in data["factors"])
    assert "Not enough data yet" in data["factors"][0]["finding"]
    assert "not proof" in data["caveat"]


@pytest.mark.parametrize(
    ("values", "expected"),
    [([0, 0, 0], "▁▁▁"), ([1, 2, 3], "▁▄█"), ([None, 5, 5], " ██"), ([], "")],
)
def test_sparkline(values: list[float | None], expected: str) -> None:
    assert sparkline(values) == expected


def _recent() -> date:
    """`check` looks at the journal as of now: these journals end the day before the test runs."""
    return date.today() - timedelta(days=42)


def test_check_uses_the_journal_and_can_only_raise_the_level(tmp_path: Path) -> None:
    db = _journal(tmp_path, _weeks_of_training(weakening=True, first=_recent()))
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"twitch": {"regions": ["calf"], "duration_days": 0.2}}))
    alone = json.loads(run("check", "-i", str(report), "-f", "json", "--no-journal", "--db", db).stdout)
    assert alone["triage"]["level"] == "self_care"
    with_journal = run("check", "-i", str(report), "-f", "json", "--db", db)
    assert with_journal.exit_code == 0, with_journal.output
    assert "Using your journal" in with_journal.stderr
    data = json.loads(with_journal.stdout)
    assert data["triage"]["level"] == "urgent"  # the grip has been falling for weeks
    assert "history" in data


def test_check_without_a_journal_is_unchanged_and_a_missing_one_is_a_warning(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"twitch": {"regions": ["calf"], "duration_days": 0.2}}))
    plain = run("check", "-i", str(report), "-f", "json")
    assert plain.exit_code == 0
    assert "Using your journal" not in plain.stderr
    assert "history" not in json.loads(plain.stdout)
    demanded = run("check", "-i", str(report), "-f", "json", "--journal", "--db", str(tmp_path / "none.db"))
    assert demanded.exit_code == 0  # advice is never held back by a journal problem; it says so instead
    assert "not using the journal: there is no journal" in demanded.stderr
    assert "history" not in json.loads(demanded.stdout)


def test_check_text_uses_the_journal_too(tmp_path: Path) -> None:
    db = _journal(tmp_path, _weeks_of_training(weakening=True, first=_recent()))
    result = run("check", "--text", "calf twitching since this morning", "-f", "json", "--db", db)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["triage"]["level"] == "urgent"


def test_status_on_either_database(journal_url: str, tmp_path: Path) -> None:
    source = tmp_path / "events.jsonl"
    source.write_text("\n".join(json.dumps(line) for line in _weeks_of_training(weakening=True)) + "\n")
    assert run("journal", "import", str(source), "--db", journal_url).exit_code == 0
    result = run("status", "--as-of", "2026-11-11", "-f", "json", "--db", journal_url)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["triage"]["level"] == "urgent"


def test_no_journal_yet_is_not_a_warning_on_a_first_run(tmp_path: Path) -> None:
    for env in ({}, {"TWITCHCHECK_DB": str(tmp_path / "not-yet.db")}):
        result = run("check", "--text", "calf twitching since yesterday, cant breathe", "-f", "json", env=env)
        assert result.exit_code == 0, result.output
        assert result.stderr == ""
        assert json.loads(result.stdout)["triage"]["level"] == "emergency"


def test_a_journal_that_cannot_be_opened_never_holds_back_an_assessment(tmp_path: Path) -> None:
    (tmp_path / "a-folder.db").mkdir()
    result = run(
        "check", "--text", "calf twitching since yesterday, cant breathe", "-f", "json",
        env={"TWITCHCHECK_DB": str(tmp_path / "a-folder.db")},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "not using the journal" in result.stderr
    assert json.loads(result.stdout)["triage"]["level"] == "emergency"


def test_check_counts_a_journal_with_only_a_symptom(tmp_path: Path) -> None:
    db = str(tmp_path / "journal.db")
    run("log", "symptom", "trouble_breathing", "--db", db)
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"twitch": {"regions": ["calf"], "duration_days": 0.2}}))
    result = run("check", "-i", str(report), "-f", "json", "--db", db)
    assert json.loads(result.stdout)["triage"]["level"] == "emergency"


@pytest.mark.parametrize(("as_of", "message"), [("garbage", "--as-of"), ("", "--as-of: is empty")])
def test_a_bad_as_of_names_the_option(tmp_path: Path, as_of: str, message: str) -> None:
    db = _journal(tmp_path, _weeks_of_training(weakening=False))
    result = run("status", "--as-of", as_of, "--db", db)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_slow_grip_decline_with_no_twitch_logged_is_assessed(tmp_path: Path) -> None:
    # Grip falling 1% a week for five months, no twitch logged: progressive weakness needs a doctor today.
    events: list[dict[str, object]] = []
    value = 45.0
    for week in range(22):
        day = date(2026, 6, 1) + timedelta(weeks=week)
        events.append(
            {"type": "strength_test", "at": f"{day}T08:00", "test": "grip", "side": "right", "value": value}
        )
        value = round(value * 0.99, 1)
    db = _journal(tmp_path, events)
    result = run("status", "--as-of", "2026-11-01", "-f", "json", "--db", db)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["triage"]["level"] == "urgent"
    assert [flag["id"] for flag in data["red_flags"]] == ["weakness"]
