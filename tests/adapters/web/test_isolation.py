"""One person never reaches another's journal, by any route or number; a coach sees only what is shared."""

from __future__ import annotations

import json

from tests.adapters.web.conftest import JSON, ClientFactory
from tests.conftest import CONTRACT

SAMPLE = (CONTRACT / "examples" / "journal-sample.jsonl").read_text()
NOTE = "private: argued with my boss"
TWITCH = {"type": "twitch", "at": "2026-11-04T19:00", "regions": ["calf"], "note": NOTE}
NDJSON = {"Content-Type": "application/x-ndjson"}


def test_another_persons_events_are_not_found_by_any_route(client_for: ClientFactory) -> None:
    alice = client_for("alice@example.org")
    bob = client_for("bob@example.org")
    seq = alice.post("/api/v1/events", json=TWITCH).json()["seqs"][0]
    alice.post("/api/v1/events/import", content=SAMPLE.encode(), headers=NDJSON)

    assert bob.get(f"/api/v1/events/{seq}").status_code == 404
    assert bob.put(f"/api/v1/events/{seq}", json={**TWITCH, "regions": ["hand"]}).status_code == 404
    assert bob.delete(f"/api/v1/events/{seq}", headers=JSON).status_code == 404
    assert bob.get("/api/v1/events").json() == []
    assert bob.get("/api/v1/events/export").text == ""
    assert bob.get("/api/v1/status").status_code == 409  # Bob's own journal: nothing logged
    assert bob.post("/api/v1/undo", headers=JSON).json() == {"undone": None}  # never Alice's change
    assert bob.get("/api/v1/triggers").json()["twitch_days"] == 0
    exported = bob.get("/api/v1/account/export").text
    assert NOTE not in exported
    assert "alice" not in exported

    # Alice's event is untouched by all of that.
    assert alice.get(f"/api/v1/events/{seq}").json()["event"] == TWITCH
    assert NOTE in alice.get("/api/v1/account/export").text


def test_an_event_with_the_same_id_is_separate_in_each_journal(client_for: ClientFactory) -> None:
    alice = client_for("alice@example.org")
    bob = client_for("bob@example.org")
    event = {**TWITCH, "id": "shared-id"}
    assert alice.post("/api/v1/events", json=event).json()["added"] == 1
    assert bob.post("/api/v1/events", json={**event, "regions": ["hand"]}).json()["added"] == 1
    assert alice.get("/api/v1/events").json()[0]["event"]["regions"] == ["calf"]


def test_a_coach_sees_level_flags_and_trends_of_who_shares_and_nothing_after_unsharing(
    client_for: ClientFactory,
) -> None:
    alice = client_for("alice@example.org")
    coach = client_for("coach@example.org")
    stranger = client_for("eve@example.org")
    alice.post("/api/v1/events/import", content=SAMPLE.encode(), headers=NDJSON)
    alice.post("/api/v1/events", json=TWITCH)
    alice_id = alice.get("/api/v1/account").json()["id"]

    assert coach.get("/api/v1/coach/people").json() == []
    assert coach.get(f"/api/v1/coach/people/{alice_id}").status_code == 404

    shared = alice.post("/api/v1/shares", json={"coach_email": "Coach@Example.org "})
    assert shared.status_code == 201, shared.text
    assert [item["coach_email"] for item in alice.get("/api/v1/shares").json()] == ["coach@example.org"]
    assert coach.get("/api/v1/coach/people").json() == []  # until the coach accepts
    assert coach.post(f"/api/v1/coach/requests/{alice_id}", headers=JSON).status_code == 204
    listed = coach.get("/api/v1/coach/people").json()
    # The list's items keep their first fields (id, email) and add the status (issue 15 part 3).
    assert [{"id": item["id"], "email": item["email"]} for item in listed] == [
        {"id": alice_id, "email": "alice@example.org"}
    ]
    assert NOTE not in json.dumps(listed)
    assert '"answers"' not in json.dumps(listed)
    view = coach.get(f"/api/v1/coach/people/{alice_id}")
    assert view.status_code == 200, view.text
    body = view.json()
    assert set(body) == {
        "person",
        "as_of",
        "level",
        "headline",
        "red_flags",
        "warnings",
        "trends",
        "disclaimer",
    }
    assert body["level"] == alice.get("/api/v1/status").json()["triage"]["level"]
    text = json.dumps(body)
    assert NOTE not in text
    assert "pre-workout" not in text  # a logged event's own words
    assert '"answers"' not in text
    # The trends as the coach's page shows them, in words: not their numbers (exact twitch times, baselines,
    # caffeine in the last day), which the API once gave and the page never did (issue 17, finding 7).
    assert body["trends"], body
    assert all(set(trend) <= {"id", "finding", "flagged"} for trend in body["trends"]), body["trends"]
    assert '"numbers"' not in text

    # Someone else, and the coach on other routes, see nothing of Alice.
    assert stranger.get(f"/api/v1/coach/people/{alice_id}").status_code == 404
    assert coach.get("/api/v1/events").json() == []

    coach_id = shared.json()["coach_id"]
    assert alice.delete(f"/api/v1/shares/{coach_id}", headers=JSON).status_code == 204
    assert coach.get("/api/v1/coach/people").json() == []
    assert coach.get(f"/api/v1/coach/people/{alice_id}").status_code == 404
    assert alice.delete(f"/api/v1/shares/{coach_id}", headers=JSON).status_code == 404


def test_sharing_needs_an_existing_account_other_than_ones_own(client_for: ClientFactory) -> None:
    alice = client_for("alice@example.org")
    nobody = alice.post("/api/v1/shares", json={"coach_email": "nobody@example.org"})
    assert nobody.status_code == 422
    assert nobody.json()["errors"][0]["field"] == "body.coach_email"
    self_share = alice.post("/api/v1/shares", json={"coach_email": "alice@example.org"})
    assert self_share.status_code == 422
