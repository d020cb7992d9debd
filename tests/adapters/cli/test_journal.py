"""The journal's commands, as a person types them: log, list, edit, delete, undo, import, export."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.adapters.cli.support import flat, run
from tests.conftest import CONTRACT

SAMPLE = CONTRACT / "examples" / "journal-sample.jsonl"


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "journal.db")


def _export(db: str) -> list[dict[str, object]]:
    result = run("journal", "export", "--db", db)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_logging_with_units_and_relative_times(db: str) -> None:
    assert run("log", "fluid", "16oz", "--electrolytes", "--db", db).exit_code == 0
    assert run("log", "weight", "154lb", "--db", db).exit_code == 0
    assert run("log", "circumference", "calf", "left", "14.5in", "--db", db).exit_code == 0
    logged = run(
        "log", "workout", "-m", "70", "--rpe", "7", "-r", "quadriceps,glute", "--at", "-2h", "--db", db
    )
    assert logged.exit_code == 0, logged.output
    assert "Logged #4: 70 min workout, effort 7 of 10, worked quadriceps, glute" in logged.stdout
    events = {event["type"]: event for event in _export(db)}
    assert events["fluid"]["ml"] == 473.2
    assert events["body_mass"]["kg"] == 69.85
    assert events["circumference"]["cm"] == 36.8
    assert events["workout"]["worked_regions"] == ["quadriceps", "glute"]
    assert str(events["workout"]["at"]) < str(events["fluid"]["at"])  # two hours earlier, same offset


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["log", "fluid", "a lot"], "AMOUNT"),
        (["log", "fluid", "500kg"], "AMOUNT"),
        (["log", "weight", "70", "--at", "yesterday-ish"], "at"),
        (["log", "twitch", "calff"], "calff"),
        (["log", "sleep", "30"], "hours"),
        (["log", "workout", "-m", "60", "--rpe", "11"], "rpe"),
        (["log", "symptom", "sneezing"], "symptom"),
        (["log", "caffeine", "two cups"], "MG"),
    ],
)
def test_bad_entries_name_the_field_and_log_nothing(db: str, args: list[str], named: str) -> None:
    result = run(*args, "--db", db)
    assert result.exit_code == 2, result.output
    assert named in result.stderr
    assert "Traceback" not in result.output
    assert not Path(db).exists() or _export(db) == []


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("cramp", "twitchcheck log twitch calf --cramps"),
        ("palpitatons", "did you mean palpitations"),
    ],
)
def test_an_unknown_symptom_says_what_to_log_instead(db: str, typed: str, says: str) -> None:
    result = run("log", "symptom", typed, "--db", db)
    assert result.exit_code == 2
    assert says in result.stderr
    assert not Path(db).exists() or _export(db) == []


def test_a_symptom_typed_in_words_is_logged_and_help_lists_every_symptom(db: str) -> None:
    assert run("log", "symptom", "Chest pain", "--db", db).exit_code == 0
    assert [event["symptom"] for event in _export(db)] == ["chest_pain"]
    assert "tingling_lips_or_claw_hands" in run("log", "symptom", "--help").stdout.replace("\n", " ")


def test_list_edit_delete_and_undo(db: str) -> None:
    run("journal", "import", str(SAMPLE), "--db", db)
    listed = run("journal", "list", "--type", "caffeine", "--format", "json", "--db", db)
    (caffeine,) = [json.loads(line) for line in listed.stdout.splitlines()]
    number = str(caffeine["seq"])

    edited = run("journal", "edit", number, "--set", "mg=150", "--set", "source=null", "--db", db)
    assert edited.exit_code == 0, edited.output
    shown = json.loads(run("journal", "show", number, "--db", db).stdout)
    assert shown == {"type": "caffeine", "at": "2026-11-02T17:45", "mg": 150}

    bad = run("journal", "edit", number, "--set", "mg=-1", "--db", db)
    assert bad.exit_code == 2
    assert "mg" in bad.stderr

    assert run("journal", "delete", number, "--db", db).exit_code == 0
    assert run("journal", "show", number, "--db", db).exit_code == 2
    assert "Undone: delete" in run("journal", "undo", "--db", db).stdout
    assert "Undone: edit" in run("journal", "undo", "--db", db).stdout
    assert json.loads(run("journal", "show", number, "--db", db).stdout)["mg"] == 200


def test_import_twice_adds_nothing_and_a_bad_file_writes_nothing(db: str, tmp_path: Path) -> None:
    first = run("journal", "import", str(SAMPLE), "--db", db)
    assert "Imported 9 new events" in first.stdout
    again = run("journal", "import", str(SAMPLE), "--db", db)
    assert "Imported 0 new events" in again.stdout
    assert "9 already in the journal" in again.stdout

    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"type": "fluid", "at": "2026-11-05T10:00", "ml": 300}\n{"type": "fluid", "at": "2026-11-05"}\n'
    )
    result = run("journal", "import", str(bad), "--db", db)
    assert result.exit_code == 2
    assert "line 2: ml: required field is missing" in result.stderr
    assert len(_export(db)) == 9


def test_export_to_a_file_then_import_elsewhere_is_lossless(db: str, tmp_path: Path) -> None:
    run("journal", "import", str(SAMPLE), "--db", db)
    run("log", "twitch", "calf", "--side", "left", "--note", "after the run, ça va", "--db", db)
    out = tmp_path / "backup.jsonl"
    assert run("journal", "export", "--out", str(out), "--db", db).exit_code == 0
    other = str(tmp_path / "other.db")
    assert run("journal", "import", str(out), "--db", other).exit_code == 0
    assert _export(other) == _export(db)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_the_environment_variable_chooses_the_journal(tmp_path: Path) -> None:
    env = {"TWITCHCHECK_DB": str(tmp_path / "env.db")}
    assert run("log", "sleep", "7", env=env).exit_code == 0
    assert (tmp_path / "env.db").exists()
    info = run("journal", "info", env=env)
    assert "events:    1" in info.stdout


def test_an_unreachable_database_is_a_message_not_a_traceback() -> None:
    result = run("journal", "list", "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert result.exit_code == 1
    assert "cannot open the journal" in result.stderr
    assert "Traceback" not in result.output


def test_a_backdated_log_says_its_number(db: str) -> None:
    run("log", "sleep", "7", "--db", db)
    result = run("log", "fluid", "300", "--at", "-3d", "--db", db)
    assert "Logged #2: drank 300 ml" in result.stdout


def test_an_id_already_in_the_journal_with_other_content_refuses_the_file(db: str, tmp_path: Path) -> None:
    first = tmp_path / "a.jsonl"
    first.write_text(
        '{"type": "symptom", "at": "2026-11-02T10:00", "symptom": "weakness", "present": false, "id": "s1"}\n'
    )
    corrected = tmp_path / "b.jsonl"
    corrected.write_text(
        '{"type": "fluid", "at": "2026-11-02T11:00", "ml": 300}\n'
        '{"type": "symptom", "at": "2026-11-02T10:00", "symptom": "weakness", "present": true, "id": "s1"}\n'
    )
    run("journal", "import", str(first), "--db", db)
    result = run("journal", "import", str(corrected), "--db", db)
    assert result.exit_code == 2
    assert "line 2: id: 's1' is already in the journal with different content" in result.stderr
    assert len(_export(db)) == 1


def test_reading_commands_do_not_make_a_journal_at_a_mistyped_path(tmp_path: Path) -> None:
    missing = str(tmp_path / "typo" / "journal.db")
    for args in (["journal", "list"], ["journal", "export"], ["status"], ["triggers"], ["journal", "undo"]):
        result = run(*args, "--db", missing)
        assert result.exit_code == 1, (args, result.output)
        assert "there is no journal at" in result.stderr
    assert not (tmp_path / "typo").exists()


@pytest.mark.parametrize("location", ["", "sqlite://", "sqlite:///:memory:"])
def test_a_location_that_would_lose_the_journal_is_refused(location: str) -> None:
    result = run("log", "sleep", "7", "--db", location)
    assert result.exit_code == 1
    assert "Logged" not in result.stdout


def test_notes_are_shown_as_typed_not_as_markup(db: str) -> None:
    run("log", "fluid", "100", "--note", "[/] [red]alarm[/red] \x1b[2J", "--db", db)
    listed = run("journal", "list", "--db", db)
    assert listed.exit_code == 0, listed.output
    assert "[/] [red]alarm[/red] ?[2J" in listed.stdout


@pytest.mark.parametrize("since", ["2026-13-01", "last week", "2026"])
def test_a_bad_since_names_the_option(db: str, since: str) -> None:
    run("log", "sleep", "7", "--db", db)
    result = run("journal", "list", "--since", since, "--db", db)
    assert result.exit_code == 2
    assert "--since" in result.stderr


def test_since_takes_the_same_words_as_at(db: str) -> None:
    run("log", "fluid", "300", "--at", "-3d", "--db", db)
    run("log", "fluid", "200", "--db", db)
    listed = run("journal", "list", "--since", "-1d", "--format", "json", "--db", db)
    assert [json.loads(line)["ml"] for line in listed.stdout.splitlines()] == [200]


def test_undoing_a_large_import_asks_first(db: str, tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    big.write_text(
        "".join(f'{{"type": "fluid", "at": "2026-11-02T10:00", "ml": {n + 1}}}\n' for n in range(150))
    )
    run("journal", "import", str(big), "--db", db)
    refused = run("journal", "undo", "--db", db)
    assert refused.exit_code == 2
    assert "150 events" in refused.stderr
    assert len(_export(db)) == 150
    assert "Undone: import" in run("journal", "undo", "--yes", "--db", db).stdout
    assert _export(db) == []


def test_a_file_with_a_byte_order_mark_imports(db: str, tmp_path: Path) -> None:
    source = tmp_path / "bom.jsonl"
    source.write_bytes(b"\xef\xbb\xbf" + SAMPLE.read_bytes())
    result = run("journal", "import", str(source), "--db", db)
    assert result.exit_code == 0, result.output
    assert len(_export(db)) == 9


def test_a_password_in_the_url_is_never_printed() -> None:
    result = run("journal", "list", "--db", "postgresql://u:s3cret@127.0.0.1:notaport/db")
    assert result.exit_code == 1
    assert "s3cret" not in result.output


def test_caffeine_by_drink_comes_from_the_cited_table(db: str) -> None:
    result = run("log", "caffeine", "--drink", "espresso", "--count", "2", "--db", db)
    assert result.exit_code == 0, result.output
    assert "Mayo Clinic" in result.stderr
    (event,) = _export(db)
    assert (event["mg"], event["source"]) == (126, "espresso")


@pytest.mark.parametrize(
    ("args", "named"),
    [(["--drink", "tea"], "--drink"), ([], "MG or --drink"), (["100", "--drink", "coffee"], "MG")],
)
def test_caffeine_needs_milligrams_or_a_known_drink(db: str, args: list[str], named: str) -> None:
    result = run("log", "caffeine", *args, "--db", db)
    assert result.exit_code == 2
    assert named in result.stderr


def test_a_future_time_is_refused_when_logging(db: str) -> None:
    result = run("log", "symptom", "dark_urine", "--at", "2099-12-24", "--db", db)
    assert result.exit_code == 2
    assert "--at" in result.stderr
    assert "future" in result.stderr


def test_a_bad_file_does_not_create_a_journal(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "fluid", "at": "2026-11-05"}\n')
    db = tmp_path / "new.db"
    result = run("journal", "import", str(bad), "--db", str(db))
    assert result.exit_code == 2
    assert not db.exists()


@pytest.mark.parametrize(
    ("args", "range_named"),
    [
        (["log", "strength", "grip", "320", "--side", "left"], "above the usual range for grip (2-100 kg)"),
        (["log", "strength", "grip", "1.5"], "below the usual range for grip (2-100 kg)"),
        (["log", "strength", "chair_stands", "51"], "chair stands (0-50 stands in 30 s)"),
        (["log", "circumference", "calf", "left", "83cm"], "calf (20-65 cm)"),
    ],
)
def test_a_typo_is_refused_with_the_range_unless_confirmed(
    db: str, args: list[str], range_named: str
) -> None:
    refused = run(*args, "--db", db)
    assert refused.exit_code == 2
    assert range_named in refused.stderr
    assert "run the command again with --confirm" in refused.stderr
    assert _export(db) == []
    assert run(*args, "--confirm", "--db", db).exit_code == 0
    assert len(_export(db)) == 1


def test_import_and_edit_refuse_a_typo_naming_the_line_unless_confirmed(db: str, tmp_path: Path) -> None:
    lines = tmp_path / "tests.jsonl"
    lines.write_text(
        '{"type": "strength_test", "at": "2026-01-05T08:00", "test": "grip", "value": 38}\n'
        '{"type": "strength_test", "at": "2026-01-12T08:00", "test": "grip", "value": 380}\n'
    )
    refused = run("journal", "import", str(lines), "--db", db)
    assert refused.exit_code == 2
    assert "line 2: value: 380 kg is above the usual range for grip (2-100 kg)" in refused.stderr
    assert run("journal", "import", str(lines), "--confirm", "--db", db).exit_code == 0
    edited = run("journal", "edit", "1", "--set", "value=3800", "--db", db)
    assert edited.exit_code == 2  # 3800 is past the contract's 500 anyway
    assert run("journal", "edit", "1", "--set", "value=120", "--db", db).exit_code == 2
    assert run("journal", "edit", "1", "--set", "value=120", "--confirm", "--db", db).exit_code == 0


def test_logging_a_warning_sign_says_at_once_what_the_journal_now_shows(tmp_path: Path) -> None:
    db = str(tmp_path / "journal.db")
    result = run("log", "symptom", "dark_urine", "--db", db)
    assert result.exit_code == 0, result.output
    assert "Logged #1: dark urine" in result.stdout
    shown = flat(result.stderr)
    assert "Your journal now shows: EMERGENCY" in shown
    assert "twitchcheck status" in shown
    calm = run("log", "sleep", "7", "--db", str(tmp_path / "other.db"))
    assert "Your journal now shows" not in calm.stderr


def test_a_log_that_changes_nothing_says_the_advice_in_one_line_not_again_in_full(tmp_path: Path) -> None:
    db = str(tmp_path / "journal.db")
    first = flat(run("log", "symptom", "muscle_wasting", "--db", db).stderr)
    assert "Your journal now shows: SEE DOCTOR" in first
    assert "Visible muscle wasting: Book a doctor's appointment" in first
    again = flat(run("log", "sleep", "7", "--db", db).stderr)
    assert "Your journal still shows: SEE DOCTOR. `twitchcheck status` gives the reasons." in again
    assert "Visible muscle wasting" not in again
    risen = flat(run("log", "symptom", "weakness", "--db", db).stderr)
    assert "Your journal now shows: URGENT" in risen  # a change is said in full again
    assert "Real weakness, not just tiredness: See a doctor today" in risen


def test_an_emergency_is_said_in_full_on_every_log(tmp_path: Path) -> None:
    db = str(tmp_path / "journal.db")
    run("log", "symptom", "dark_urine", "--db", db)
    again = flat(run("log", "fluid", "500ml", "--db", db).stderr)
    assert "Your journal now shows: EMERGENCY" in again
    assert "still shows" not in again


def test_an_import_with_a_warning_sign_says_so_too(tmp_path: Path) -> None:
    source = tmp_path / "events.jsonl"
    line = {"type": "symptom", "at": (datetime.now(UTC) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%MZ"),
            "symptom": "trouble_breathing", "present": True}  # fmt: skip
    source.write_text(json.dumps(line) + "\n")
    result = run("journal", "import", str(source), "--db", str(tmp_path / "journal.db"))
    assert result.exit_code == 0, result.output
    assert "Your journal now shows: EMERGENCY" in flat(result.stderr)


def test_check_save_keeps_the_twitch_and_symptoms_in_the_journal(tmp_path: Path) -> None:
    db = str(tmp_path / "journal.db")
    result = run("check", "--text", "calves twitching since yesterday, no weakness", "--save", "--db", db)
    assert result.exit_code == 0, result.output
    assert "Saved to your journal: 2 entries" in result.stderr
    listed = run("journal", "list", "-f", "json", "--db", db)
    entries = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [entry["type"] for entry in entries] == ["twitch", "symptom"]
    assert entries[0]["note"].endswith("In your words: calves twitching since yesterday, no weakness")


def test_caffeine_takes_milligrams_or_what_you_had_as_the_web_form_does(tmp_path: Path) -> None:
    db = str(tmp_path / "journal.db")
    assert run("log", "caffeine", "200mg", "--db", db).exit_code == 0
    espressos = run("log", "caffeine", "2 espressos", "--db", db)
    assert espressos.exit_code == 0, espressos.output
    assert "126 mg caffeine" in espressos.stdout
    refused = run("log", "caffeine", "lots", "--db", db)
    assert refused.exit_code == 2
    assert "MG: not caffeine like 200 mg" in refused.stderr


def test_log_workout_at_is_when_it_ended_so_hours_since_count_from_the_end(tmp_path: Path) -> None:
    from twitchcheck.adapters.storage.journal import Journal
    from twitchcheck.journal.events import resolve_at

    db = str(tmp_path / "journal.db")
    result = run("log", "workout", "--minutes", "90", "--at", "-2h", "--db", db)
    assert result.exit_code == 0, result.output
    journal = Journal.open(db, create=False)
    (entry,) = journal.history(until=datetime.now(UTC)).of_type("workout")
    ended = resolve_at(entry.event.at, journal.zone) + timedelta(minutes=90)
    hours_since_end = (datetime.now(UTC) - ended).total_seconds() / 3600
    assert round(hours_since_end) == 2
