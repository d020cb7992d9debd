"""The journal's storage on SQLite and PostgreSQL: all or nothing, idempotent imports, undo, export."""

from __future__ import annotations

import io
import json
import sqlite3
import unicodedata
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from sqlalchemy import Engine, text

from tests.conftest import CONTRACT, generation_schema
from twitchcheck.adapters.storage.journal import Journal, JournalError, portable_at
from twitchcheck.adapters.storage.journal_tables import HEAD_REVISION
from twitchcheck.adapters.storage.location import resolve_url
from twitchcheck.core.errors import InputError
from twitchcheck.journal.events import FluidEvent, TwitchEvent, parse_event

SAMPLE = (CONTRACT / "examples" / "journal-sample.jsonl").read_text().splitlines()


def _exported(journal: Journal) -> list[dict[str, Any]]:
    out = io.StringIO()
    journal.export(out)
    return [json.loads(line) for line in out.getvalue().split("\n") if line]


def test_import_then_export_gives_back_the_same_events_oldest_first(journal: Journal) -> None:
    result = journal.import_jsonl(SAMPLE, source="sample")
    assert (result.added, result.already_there) == (9, 0)
    exported = _exported(journal)
    zone = ZoneInfo("Europe/Berlin")
    # Local times come back with the journal's offset (the same moment in any zone), all else as written.
    expected = [{**event, "at": portable_at(event["at"], zone)} for event in map(json.loads, SAMPLE)]
    assert sorted(map(json.dumps, exported)) == sorted(map(json.dumps, expected))
    times = [str(event["at"]) for event in exported]
    assert times == sorted(times)  # the sample's times are all local, so their text sorts like time


def test_importing_the_same_file_twice_adds_nothing(journal: Journal) -> None:
    journal.import_jsonl(SAMPLE)
    again = journal.import_jsonl(SAMPLE)
    assert (again.added, again.already_there, again.operation) == (0, 9, None)
    assert journal.count() == 9


def test_identical_lines_without_id_in_one_file_are_two_events_and_stay_two_on_reimport(
    journal: Journal,
) -> None:
    drink = '{"type": "fluid", "at": "2026-11-02T10:00", "ml": 250}'
    assert journal.import_jsonl([drink, drink]).added == 2
    assert journal.import_jsonl([drink, drink, drink]).added == 1
    assert journal.count() == 3


def test_a_file_with_bad_lines_is_refused_whole_naming_each_line_and_field(journal: Journal) -> None:
    lines = [
        SAMPLE[0],
        '{"type": "caffeine", "at": "2026-11-02T10:00", "mg": "lots"}',
        "",
        '{"type": "sleep", "at": "2026-11-02", "hours": 7, "hours": 8}',
        '{"type": "fluid", "at": "2026-11-31", "ml": 100}',
        "not json",
    ]
    with pytest.raises(InputError) as caught:
        journal.import_jsonl(lines)
    fields = [problem.field for problem in caught.value.problems]
    assert fields == ["line 2: mg", "line 4", "line 5: at", "line 6"]
    assert "duplicate key 'hours'" in caught.value.problems[1].message
    assert journal.count() == 0
    assert journal.operations() == []


def test_edit_delete_and_undo_walk_back_one_change_at_a_time(journal: Journal) -> None:
    journal.import_jsonl(SAMPLE)
    caffeine = next(s for s in journal.entries() if s.event.type == "caffeine")
    journal.edit(caffeine.seq, {"mg": 150, "source": None})
    assert journal.get(caffeine.seq).event.to_contract() == {
        "type": "caffeine",
        "at": "2026-11-02T17:45",
        "mg": 150,
    }
    journal.delete([caffeine.seq])
    assert journal.count() == 8
    with pytest.raises(InputError, match="no event"):
        journal.get(caffeine.seq)

    assert journal.undo() is not None  # the delete
    assert journal.count() == 9
    assert journal.undo() is not None  # the edit
    assert journal.get(caffeine.seq).event.to_contract() == json.loads(SAMPLE[1])
    assert journal.undo() is not None  # the import
    assert journal.count() == 0
    assert journal.undo() is None


def test_a_bad_edit_names_the_field_and_changes_nothing(journal: Journal) -> None:
    journal.import_jsonl(SAMPLE)
    workout = next(s for s in journal.entries() if s.event.type == "workout")
    with pytest.raises(InputError) as caught:
        journal.edit(workout.seq, {"rpe": 11})
    assert [problem.field for problem in caught.value.problems] == ["rpe"]
    with pytest.raises(InputError, match="type"):
        journal.edit(workout.seq, {"type": "sleep"})
    assert journal.get(workout.seq).event == workout.event
    assert len(journal.operations()) == 1


def test_deleting_an_unknown_number_deletes_nothing(journal: Journal) -> None:
    journal.import_jsonl(SAMPLE)
    first = journal.entries()[0].seq
    with pytest.raises(InputError, match="#99999"):
        journal.delete([first, 99999])
    assert journal.count() == 9


def test_a_deleted_event_is_not_brought_back_by_reimporting(journal: Journal) -> None:
    journal.import_jsonl(SAMPLE)
    journal.delete([journal.entries()[0].seq])
    assert journal.import_jsonl(SAMPLE).added == 0
    assert journal.count() == 8


def test_history_reads_local_times_in_the_journals_zone(journal: Journal) -> None:
    journal.add([TwitchEvent(at="2026-07-01T01:30", regions=["calf"])])
    (entry,) = journal.history().entries
    assert entry.when.utcoffset() is not None
    assert entry.when.isoformat() == "2026-07-01T01:30:00+02:00"  # Berlin summer time
    assert str(entry.day) == "2026-07-01"


def test_reopening_keeps_the_events_and_the_zone(journal_url: str) -> None:
    with Journal.open(journal_url, zone="Asia/Tokyo") as first:
        first.add([FluidEvent(at="2026-01-01T08:00", ml=300)])
    with Journal.open(journal_url, zone="Europe/Berlin") as second:
        assert second.count() == 1
        assert str(second.zone) == "Asia/Tokyo"


def test_the_database_is_at_the_newest_migration(journal: Journal) -> None:
    with journal.engine.connect() as connection:
        assert connection.scalar(text("SELECT version_num FROM alembic_version")) == HEAD_REVISION


def test_an_unreachable_database_is_a_clear_error() -> None:
    with pytest.raises(JournalError, match="cannot open the journal at postgresql"):
        Journal.open("postgresql://nobody@127.0.0.1:1/none")


def test_where_the_journal_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert resolve_url(None, {}) == f"sqlite:///{tmp_path / 'data' / 'twitchcheck' / 'journal.db'}"
    assert resolve_url(None, {"TWITCHCHECK_DB": str(tmp_path / "x.db")}) == f"sqlite:///{tmp_path / 'x.db'}"
    assert resolve_url(str(tmp_path / "y.db"), {"TWITCHCHECK_DB": "z.db"}) == f"sqlite:///{tmp_path / 'y.db'}"
    assert resolve_url("postgresql://u@h/db", {}) == "postgresql+psycopg://u@h/db"
    assert resolve_url(None, {"TWITCHCHECK_DB": "sqlite:///a.db"}) == "sqlite:///a.db"


_MOMENTS = st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2100, 1, 1))
_AT = st.one_of(
    _MOMENTS.map(lambda moment: moment.date().isoformat()),
    _MOMENTS.map(lambda moment: moment.isoformat(timespec="minutes")),
    _MOMENTS.map(lambda moment: moment.isoformat(timespec="milliseconds") + "Z"),
    st.builds(
        lambda moment, minutes: moment.replace(tzinfo=timezone(timedelta(minutes=minutes))).isoformat(),
        _MOMENTS,
        st.integers(-12 * 60, 14 * 60),
    ),
)
# The contract's `at` pattern admits "0000-00-00"; real dates and times are drawn separately.
_EVENTS = st.builds(
    lambda event, at: {**event, "at": at}, from_schema(generation_schema("journal-event-2.schema.json")), _AT
)


@pytest.fixture(scope="module")
def shared_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with Journal.open(str(tmp_path_factory.mktemp("roundtrip") / "journal.db"), zone="UTC") as journal:
        yield journal.engine


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=st.lists(_EVENTS, min_size=1, max_size=8))
def test_import_then_export_round_trips_any_valid_events(
    shared_engine: Engine, events: list[dict[str, Any]]
) -> None:
    journal = Journal(shared_engine, f"j-{uuid4().hex}", zone="UTC")
    events = _unique_ids(events)
    # Generated values can lie outside their plausible range: confirmed, as a person restoring a backup would.
    journal.import_jsonl([json.dumps(event) for event in events], confirmed=True)
    exported = _exported(journal)
    # Events without an id all stay, even equal ones; local times come back with the journal's offset.
    portable = [{**event, "at": portable_at(event["at"], ZoneInfo("UTC"))} for event in events]
    assert sorted(_canonical(e) for e in exported) == sorted(_canonical(e) for e in portable)
    copy = Journal(shared_engine, f"j-{uuid4().hex}", zone="UTC")
    copy.import_jsonl([json.dumps(e) for e in exported], confirmed=True)
    assert _exported(copy) == exported


def _canonical(event: dict[str, Any]) -> str:
    return json.dumps(parse_event(event).to_contract(), sort_keys=True)


def _unique_ids(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events with each `id` once (a file giving one id to two different events is refused), and
    without control characters in it: the contract's schema allows them, the journal refuses them (NUL
    cannot be stored on PostgreSQL; issue 17, finding 8)."""
    seen: set[object] = set()
    kept = []
    for event in events:
        if "id" in event:
            event = {**event, "id": "".join(c for c in event["id"] if unicodedata.category(c) != "Cc")}
            if not event["id"]:
                event = {name: value for name, value in event.items() if name != "id"}
                kept.append(event)
                continue
            if event["id"] in seen:
                continue
            seen.add(event["id"])
        kept.append(event)
    return kept


def test_one_id_for_two_different_events_in_a_file_is_refused_and_a_repeated_event_kept_once(
    journal: Journal,
) -> None:
    same = '{"type": "fluid", "at": "2026-11-02T10:00", "ml": 250, "id": "a"}'
    other = '{"type": "fluid", "at": "2026-11-02T10:00", "ml": 300, "id": "a"}'
    with pytest.raises(InputError) as caught:
        journal.import_jsonl([same, other])
    assert [str(problem) for problem in caught.value.problems] == [
        "line 2: id: 'a' is already used on line 1 for a different event"
    ]
    assert journal.import_jsonl([same, same]).added == 1


def test_text_that_some_readers_take_for_a_line_break_is_exported_escaped(journal: Journal) -> None:
    journal.add([FluidEvent(at="2026-11-02T10:00", ml=250, note="sip\u2028gulp\x85done é")])
    out = io.StringIO()
    journal.export(out)
    assert out.getvalue().splitlines() == [out.getvalue().rstrip("\n")]
    assert "é" in out.getvalue()
    assert _exported(journal)[0]["note"] == "sip\u2028gulp\x85done é"


def test_an_id_already_stored_with_other_content_is_a_conflict_and_nothing_is_written(
    journal: Journal,
) -> None:
    journal.import_jsonl(['{"type": "sleep", "at": "2026-11-02", "hours": 7, "id": "n1"}'])
    with pytest.raises(InputError) as caught:
        journal.import_jsonl(
            [
                '{"type": "sleep", "at": "2026-11-03", "hours": 6}',
                '{"type": "sleep", "at": "2026-11-02", "hours": 5, "id": "n1"}',
            ]
        )
    assert [problem.field for problem in caught.value.problems] == ["line 2: id"]
    assert journal.count() == 1
    assert journal.import_jsonl(['{"type": "sleep", "at": "2026-11-02", "hours": 7, "id": "n1"}']).added == 0


def test_null_is_the_field_left_out_as_in_a_report(journal: Journal) -> None:
    # One rule with `check --input`: null means not given. It is the same event as the one without the field.
    assert (
        journal.import_jsonl(['{"type": "sleep", "at": "2026-11-02", "hours": 7, "note": null}']).added == 1
    )
    assert journal.import_jsonl(['{"type": "sleep", "at": "2026-11-02", "hours": 7}']).added == 0
    assert _exported(journal) == [{"type": "sleep", "at": "2026-11-02", "hours": 7}]
    with pytest.raises(InputError) as caught:  # a required field given as null is missing
        journal.import_jsonl(['{"type": "sleep", "at": "2026-11-02", "hours": null}'])
    assert [problem.field for problem in caught.value.problems] == ["line 1: hours"]


def test_local_times_keep_their_moment_in_a_journal_in_another_zone(shared_engine: Engine) -> None:
    # Logged in Berlin as local times (no offset), exported, imported in New York: the same moments.
    berlin = Journal(shared_engine, f"berlin-{uuid4().hex}", zone="Europe/Berlin")
    berlin.import_jsonl(
        [
            '{"type": "twitch", "at": "2026-11-02T18:30", "regions": ["calf"], "id": "t"}',
            '{"type": "sleep", "at": "2026-07-02T07:00", "hours": 7}',
            '{"type": "sleep", "at": "2026-11-03", "hours": 8}',
        ]
    )
    exported = _exported(berlin)
    # Each local time is written with Berlin's offset that day (summer and winter); a date stays a date.
    assert [event["at"] for event in exported] == [
        "2026-07-02T07:00+02:00",
        "2026-11-02T18:30+01:00",
        "2026-11-03",
    ]
    lines = [json.dumps(event) for event in exported]
    assert berlin.import_jsonl(lines).added == 0  # its own export is the same events
    new_york = Journal(shared_engine, f"ny-{uuid4().hex}", zone="America/New_York")
    new_york.import_jsonl(lines)
    moments = [
        entry.when
        for entry in new_york.history().entries
        if entry.event.type != "sleep" or "T" in entry.event.at
    ]
    assert moments == [entry.when for entry in berlin.history().entries if "T" in entry.event.at]
    assert _exported(new_york) == exported  # and exports them unchanged
    assert portable_at("2026-11-03", ZoneInfo("America/New_York")) == "2026-11-03"


def test_add_returns_the_numbers_of_the_events_it_added(journal: Journal) -> None:
    first = journal.add([FluidEvent(at="2026-11-02T10:00", ml=100, id="a")])
    second = journal.add(
        [FluidEvent(at="2026-11-01T10:00", ml=200, id="b"), FluidEvent(at="2026-11-02T10:00", ml=100, id="a")]
    )
    assert len(first.seqs) == 1
    assert len(second.seqs) == 1
    assert journal.get(second.seqs[0]).event.id == "b"


def test_a_database_with_other_tables_is_not_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE foo (x INTEGER)")
    with pytest.raises(JournalError, match="not a twitchcheck journal"):
        Journal.open(str(path))
    with sqlite3.connect(path) as connection:
        assert [
            row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ] == ["foo"]


def test_a_journal_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    Journal.open(str(path)).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(JournalError, match="newer twitchcheck"):
        Journal.open(str(path))


def test_reading_does_not_wait_for_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    with Journal.open(str(path)) as journal:
        journal.add([FluidEvent(at="2026-11-02T10:00", ml=100)])
    writer = sqlite3.connect(path, isolation_level=None, timeout=0)
    writer.execute("BEGIN IMMEDIATE")  # another process in the middle of a long import
    try:
        with Journal.open(str(path)) as reader:
            assert reader.count() == 1
            assert len(reader.entries()) == 1
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_the_head_revision_constant_is_the_newest_migration() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from twitchcheck.adapters.storage import journal as store
    from twitchcheck.adapters.storage.journal_tables import HEAD_REVISION

    config = Config()
    config.set_main_option("script_location", str(store._MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION
