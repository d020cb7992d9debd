"""The journal through the API, on SQLite and PostgreSQL: log, list, show, replace, delete, undo, import,
export, status and triggers, for the signed-in person."""

from __future__ import annotations

import json
from pathlib import Path

from tests.adapters.web.conftest import JSON, ClientFactory
from tests.conftest import CONTRACT

SAMPLE = (CONTRACT / "examples" / "journal-sample.jsonl").read_text()
TWITCH = {"type": "twitch", "at": "2026-11-04T19:00", "regions": ["calf"], "frequency": "frequent"}
SLEEP = {"type": "sleep", "at": "2026-11-04T07:00", "hours": 6.5}


def test_log_list_show_replace_delete_and_undo(client_for: ClientFactory) -> None:
    client = client_for("a@example.org")
    added = client.post("/api/v1/events", json=[TWITCH, SLEEP])
    assert added.status_code == 201, added.text
    assert added.json()["added"] == 2
    twitch_seq, sleep_seq = added.json()["seqs"]

    listed = client.get("/api/v1/events").json()
    assert [item["event"]["type"] for item in listed] == ["sleep", "twitch"]  # time order
    assert client.get("/api/v1/events", params={"type": "sleep"}).json() == [
        {"seq": sleep_seq, "event": SLEEP}
    ]
    assert client.get(f"/api/v1/events/{twitch_seq}").json()["event"]["regions"] == ["calf"]

    replaced = client.put(f"/api/v1/events/{twitch_seq}", json={**TWITCH, "regions": ["hamstring"]})
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["event"] == {**TWITCH, "regions": ["hamstring"]}
    without_intensity = {key: value for key, value in TWITCH.items() if key != "frequency"}
    assert (
        client.put(f"/api/v1/events/{twitch_seq}", json=without_intensity).json()["event"]
        == without_intensity
    )

    assert client.delete(f"/api/v1/events/{sleep_seq}", headers=JSON).status_code == 204
    assert client.get(f"/api/v1/events/{sleep_seq}").status_code == 404
    undone = client.post("/api/v1/undo", headers=JSON).json()["undone"]
    assert undone["kind"] == "delete"
    assert client.get(f"/api/v1/events/{sleep_seq}").status_code == 200


def test_one_bad_event_adds_nothing_and_names_its_place(client_for: ClientFactory) -> None:
    client = client_for("a@example.org")
    response = client.post(
        "/api/v1/events", json=[TWITCH, {"type": "sleep", "at": "2026-11-04T07:00", "hours": 30}]
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert [error["field"] for error in response.json()["errors"]] == ["body[1].hours"]
    assert client.get("/api/v1/events").json() == []


def test_a_type_change_is_refused(client_for: ClientFactory) -> None:
    client = client_for("a@example.org")
    seq = client.post("/api/v1/events", json=TWITCH).json()["seqs"][0]
    response = client.put(f"/api/v1/events/{seq}", json=SLEEP)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.type"


def test_import_is_all_or_nothing_and_export_gives_it_back(client_for: ClientFactory) -> None:
    client = client_for("a@example.org")
    bad = SAMPLE + '{"type": "sleep", "at": "2026-11-04T07:00", "hours": "lots"}\n'
    refused = client.post(
        "/api/v1/events/import", content=bad.encode(), headers={"Content-Type": "application/x-ndjson"}
    )
    assert refused.status_code == 422
    line = len(SAMPLE.splitlines()) + 1
    assert refused.json()["errors"][0]["field"] == f"line {line}: hours"
    assert client.get("/api/v1/events").json() == []

    imported = client.post(
        "/api/v1/events/import", content=SAMPLE.encode(), headers={"Content-Type": "application/x-ndjson"}
    )
    assert imported.status_code == 201, imported.text
    assert imported.json()["added"] == len([line for line in SAMPLE.splitlines() if line.strip()])
    exported = client.get("/api/v1/events/export")
    assert exported.headers["content-type"].startswith("application/x-ndjson")
    sample = sorted((json.loads(line) for line in SAMPLE.splitlines() if line.strip()), key=lambda e: e["at"])
    got = [json.loads(line) for line in exported.text.splitlines()]
    # Local times come back with the journal's UTC offset (docs/journal.md), all else as written.
    assert [
        {**event, "at": event["at"][: len(want["at"])]} for event, want in zip(got, sample, strict=True)
    ] == sample
    assert all(
        event["at"] == want["at"] or "T" in want["at"] for event, want in zip(got, sample, strict=True)
    )
    again = client.post(
        "/api/v1/events/import", content=SAMPLE.encode(), headers={"Content-Type": "application/x-ndjson"}
    )
    assert again.json()["added"] == 0


def test_status_and_triggers_from_the_journal(client_for: ClientFactory) -> None:
    client = client_for("a@example.org")
    nothing = client.get("/api/v1/status")
    assert nothing.status_code == 409
    assert nothing.json()["detail"]
    client.post(
        "/api/v1/events/import", content=SAMPLE.encode(), headers={"Content-Type": "application/x-ndjson"}
    )
    status = client.get("/api/v1/status")
    assert status.status_code == 200, status.text
    body = status.json()
    assert body["triage"]["level"] in {"self_care", "see_doctor", "urgent", "emergency"}
    assert body["history"]["events"] > 0
    assert body["disclaimer"]
    earlier = client.get("/api/v1/status", params={"as_of": "2026-11-01"})
    assert earlier.status_code == 409  # nothing logged yet by then
    bad = client.get("/api/v1/status", params={"as_of": "someday"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "query.as_of"
    triggers = client.get("/api/v1/triggers")
    assert triggers.status_code == 200
    assert {"factors", "caveat", "days_observed"} <= set(triggers.json())


def test_an_unknown_event_is_404(client_for: ClientFactory) -> None:
    client = client_for("a@example.org")
    for response in (
        client.get("/api/v1/events/999999"),
        client.put("/api/v1/events/999999", json=TWITCH),
        client.delete("/api/v1/events/999999", headers=JSON),
    ):
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"


def test_signed_out_the_journal_routes_answer_401(client_for: ClientFactory) -> None:
    client = client_for()
    for response in (
        client.get("/api/v1/events"),
        client.post("/api/v1/events", json=TWITCH),
        client.get("/api/v1/status"),
        client.get("/api/v1/events/export"),
        client.post("/api/v1/undo", headers=JSON),
    ):
        assert response.status_code == 401
        assert response.json()["title"] == "Unauthorized"


def test_status_and_triggers_are_the_clis_json(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from tests.adapters.cli.support import run
    from twitchcheck.adapters.web import create_app
    from twitchcheck.adapters.web.settings import Settings

    database = str(tmp_path / "journal.db")
    (tmp_path / "sample.jsonl").write_text(SAMPLE)
    assert run("journal", "import", str(tmp_path / "sample.jsonl"), "--db", database).exit_code == 0
    moment = "2026-11-05T12:00"
    cli_status = json.loads(run("status", "--as-of", moment, "--format", "json", "--db", database).stdout)
    cli_triggers = json.loads(run("triggers", "--as-of", moment, "--format", "json", "--db", database).stdout)
    with TestClient(create_app(Settings(database=database)), base_url="http://localhost") as client:
        api_status = client.get("/api/v1/status", params={"as_of": moment}).json()
        api_triggers = client.get("/api/v1/triggers", params={"as_of": moment}).json()
    assert api_status == cli_status
    assert api_triggers == cli_triggers


def test_since_and_until_in_local_time_are_the_journals_zone(client_for: ClientFactory) -> None:
    client = client_for("a@example.org")  # Europe/Berlin: UTC+1 in November
    client.post("/api/v1/events", json=[TWITCH, SLEEP])
    later = client.get("/api/v1/events", params={"since": "2026-11-04T18:30"}).json()
    assert [item["event"]["type"] for item in later] == ["twitch"]
    in_utc = client.get("/api/v1/events", params={"since": "2026-11-04T18:30Z"}).json()
    assert in_utc == []  # 19:00 Berlin is 18:00 UTC
    until = client.get("/api/v1/events", params={"until": "2026-11-04T08:00"}).json()
    assert [item["event"]["type"] for item in until] == ["sleep"]


def test_a_typo_is_refused_naming_the_range_unless_confirmed(client_for: ClientFactory) -> None:
    client = client_for("typo@example.org")
    grip = {"type": "strength_test", "at": "2026-11-04T08:00", "test": "grip", "value": 320}
    refused = client.post("/api/v1/events", json=[SLEEP, grip])
    assert refused.status_code == 422
    (error,) = refused.json()["errors"]
    assert error["field"] == "body[1].value"
    assert "(2-100 kg)" in error["message"]
    assert "confirm=true" in error["message"]
    assert client.get("/api/v1/events").json() == []
    assert client.post("/api/v1/events", params={"confirm": "true"}, json=[SLEEP, grip]).status_code == 201


def test_logging_a_warning_sign_answers_with_the_emergency_it_makes(client_for: ClientFactory) -> None:
    client = client_for("urine@example.org")
    calm = client.post("/api/v1/events", json=SLEEP)
    assert calm.json()["status"] is None  # nothing that needs attention
    sign = {"type": "symptom", "at": "2026-11-05T10:00", "symptom": "dark_urine", "present": True}
    added = client.post("/api/v1/events", json=sign)
    assert added.status_code == 201, added.text
    status = added.json()["status"]
    assert status["level"] == "emergency"
    assert [flag["id"] for flag in status["red_flags"]] == ["rhabdomyolysis"]
    imported = client_for("import@example.org").post(
        "/api/v1/events/import",
        content=json.dumps(sign) + "\n",
        headers={"Content-Type": "application/x-ndjson"},
    )
    assert imported.status_code == 201, imported.text
    assert imported.json()["status"]["level"] == "emergency"


def test_every_event_type_can_be_listed_by_type(client_for: ClientFactory) -> None:
    client = client_for("types@example.org")
    stress = {"type": "stress", "at": "2026-11-04T09:00", "level": 3}
    medicine = {"type": "medicine", "at": "2026-11-04T09:00", "name": "magnesium", "kind": "magnesium"}
    assert client.post("/api/v1/events", json=[stress, medicine]).status_code == 201
    listed = client.get("/api/v1/events", params={"type": ["stress", "medicine"]})
    assert listed.status_code == 200, listed.text  # the filter's choices are the vocabulary's event types
    assert sorted(item["event"]["type"] for item in listed.json()) == ["medicine", "stress"]


def test_a_status_link_cannot_put_words_into_the_emergency_advice(client_for: ClientFactory) -> None:
    client = client_for("a@example.org")
    client.post(
        "/api/v1/events/import", content=SAMPLE.encode(), headers={"Content-Type": "application/x-ndjson"}
    )
    refused = client.get("/api/v1/status", params={"emergency_number": "0900-ATTACKER"})
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert [error["field"] for error in refused.json()["errors"]] == ["query.emergency_number"]
    assert "ATTACKER" not in refused.text
    assert client.get("/api/v1/status", params={"emergency_number": "+44 999"}).status_code == 200


def test_the_same_quick_log_twice_is_two_events_unless_it_is_the_same_id(client_for: ClientFactory) -> None:
    client = client_for("a@example.org")
    twitch = {"type": "twitch", "at": "2026-11-04T19:00", "regions": ["calf"]}
    first, second = (client.post("/api/v1/events", json=twitch) for _ in range(2))
    assert [first.json()["added"], second.json()["added"]] == [1, 1]
    assert len(client.get("/api/v1/events").json()) == 2  # two twitches in one minute are two twitches
    resent = [client.post("/api/v1/events", json={**twitch, "id": "t-1"}) for _ in range(2)]
    assert [(r.json()["added"], r.json()["already_there"]) for r in resent] == [(1, 0), (0, 1)]
    assert len(client.get("/api/v1/events").json()) == 3  # a re-sent id is the same event
