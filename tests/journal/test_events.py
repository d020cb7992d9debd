"""The journal-event contract as models: what is accepted, what is refused and how, and time resolution."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from tests.conftest import CONTRACT, contract_schema, generation_schema
from twitchcheck.core.errors import InputError
from twitchcheck.journal.events import History, TwitchEvent, parse_event, parse_events, resolve_at

BERLIN = ZoneInfo("Europe/Berlin")


def test_every_sample_line_parses_and_dumps_back_to_the_same_json() -> None:
    lines = (CONTRACT / "examples" / "journal-sample.jsonl").read_text().splitlines()
    for line in lines:
        assert parse_event(json.loads(line)).to_contract() == json.loads(line)


def test_a_dumped_event_validates_against_the_contract() -> None:
    event = parse_event({"type": "twitch", "at": "2026-11-02", "regions": ["calf"], "side": "left"})
    jsonschema.validate(event.to_contract(), contract_schema("journal-event-2.schema.json"))
    assert next(iter(event.to_contract())) == "type"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"type": "caffeine", "at": "2026-11-02T10:00", "mg": "200"}, "mg"),
        ({"type": "caffeine", "at": "2026-11-02T10:00", "mg": 0}, "mg"),
        ({"type": "caffeine", "at": "2026-02-30", "mg": 80}, "at"),
        ({"type": "caffeine", "at": "yesterday", "mg": 80}, "at"),
        ({"type": "sleep", "at": "2026-11-02", "hours": 7, "mood": "ok"}, "mood"),
        ({"type": "twitch", "at": "2026-11-02", "regions": []}, "regions"),
        ({"type": "twitch", "at": "2026-11-02", "regions": ["calf", "calf"]}, "regions"),
        ({"type": "symptom", "at": "2026-11-02", "symptom": "weakness"}, "present"),
        ({"type": "symptom", "at": "2026-11-02", "symptom": "weakness", "present": 1}, "present"),
        ({"type": "nap", "at": "2026-11-02"}, "type"),
        ({"at": "2026-11-02"}, "type"),
    ],
)
def test_a_bad_event_names_the_field(data: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_event(data)
    assert [problem.field for problem in caught.value.problems] == [field]


def test_time_without_offset_is_local_and_a_date_is_its_day() -> None:
    assert resolve_at("2026-07-01T12:00", BERLIN) == datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    assert resolve_at("2026-07-01T12:00Z", BERLIN) == datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert resolve_at("2026-07-01", BERLIN) == datetime(2026, 6, 30, 22, 0, tzinfo=UTC)


def test_history_orders_events_by_instant_and_gives_each_its_local_day() -> None:
    late = TwitchEvent(at="2026-07-01T23:30Z", regions=["calf"])  # 01:30 on 2 July in Berlin
    early = TwitchEvent(at="2026-07-01T08:00", regions=["calf"])
    history = History.of([late, early], BERLIN)
    assert [entry.event for entry in history.entries] == [early, late]
    assert [str(entry.day) for entry in history.entries] == ["2026-07-01", "2026-07-02"]
    assert len(history.until(datetime(2026, 7, 1, 12, tzinfo=UTC))) == 1


_GENERATED = st.builds(
    lambda event, at: {**event, "at": at},
    from_schema(generation_schema("journal-event-2.schema.json")),
    st.sampled_from(["2026-11-02", "2026-11-02T18:30", "2026-11-02T18:30:15.250Z", "2026-03-29T02:30+01:00"]),
)


@settings(max_examples=60, deadline=None)
@given(events=st.lists(_GENERATED, max_size=6))
def test_events_read_in_one_pass_are_those_read_one_by_one(events: list[dict[str, Any]]) -> None:
    texts = [json.dumps(event) for event in events]
    try:
        one_by_one = [parse_event(json.loads(text)) for text in texts]
    except InputError as error:  # schema-valid but refused by a model check: the same error, the same words
        refused = error
    else:
        assert parse_events(texts) == one_by_one
        return
    with pytest.raises(InputError) as caught:
        parse_events(texts)
    assert caught.value.problems == refused.problems


def test_events_read_in_one_pass_leave_nulls_out_and_name_a_bad_one_as_parse_event_does() -> None:
    drink = {"type": "fluid", "at": "2026-11-02T10:00", "ml": 250}
    texts = [json.dumps({**drink, "electrolytes": None, "note": None}), json.dumps(drink)]
    assert parse_events(texts) == [parse_event(drink)] * 2
    assert parse_events([]) == []
    bad = {"type": "caffeine", "at": "2026-11-02T10:00", "mg": "200"}
    with pytest.raises(InputError) as caught:
        parse_events([json.dumps(drink), json.dumps(bad)])
    with pytest.raises(InputError) as expected:
        parse_event(bad)
    assert caught.value.problems == expected.value.problems
    assert [problem.field for problem in caught.value.problems] == ["mg"]
    with pytest.raises(json.JSONDecodeError):  # two events in one stored text: not taken as two
        parse_events([json.dumps(drink), f"{json.dumps(drink)}, {json.dumps(drink)}"])
    with pytest.raises(json.JSONDecodeError):
        parse_events([""])
