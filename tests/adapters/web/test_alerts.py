"""Alerts over HTTP, on SQLite and PostgreSQL: GET /api/v1/alerts, marking them seen, the stored status that
/status and the coach's view read (recomputed when a change or time made it stale), refreshed after edits."""

from __future__ import annotations

from datetime import timedelta

from tests.adapters.web.conftest import JSON, NOW, PASSWORD, ClientFactory, Clock, share_accepted

TWITCH = {"type": "twitch", "at": "2026-11-05T10:00Z", "regions": ["calf"]}
DARK_URINE = {"type": "symptom", "at": "2026-11-05T11:00Z", "symptom": "dark_urine", "present": True}


def test_a_warning_sign_logged_raises_one_alert_until_marked_seen(client_for: ClientFactory) -> None:
    alice = client_for("alice@example.org")
    assert alice.post("/api/v1/events", json=[TWITCH]).status_code == 201
    assert alice.get("/api/v1/alerts").json() == {"alerts": [], "coach": []}
    assert alice.post("/api/v1/events", json=[DARK_URINE]).status_code == 201
    (alert,) = alice.get("/api/v1/alerts?unseen=true").json()["alerts"]
    assert (alert["level"], alert["previous_level"], alert["rose"], alert["seen"]) == (
        "emergency",
        "self_care",
        True,
        False,
    )
    assert [flag["id"] for flag in alert["red_flags"]] == ["rhabdomyolysis"]
    assert alice.get("/api/v1/status").json()["triage"]["level"] == "emergency"
    assert len(alice.get("/api/v1/alerts").json()["alerts"]) == 1  # reading again raises none
    marked = alice.post("/api/v1/alerts/seen", json={"ids": [alert["id"]]})
    assert marked.json() == {"marked": 1}
    assert alice.get("/api/v1/alerts?unseen=true").json() == {"alerts": [], "coach": []}
    assert alice.get("/api/v1/alerts").json()["alerts"][0]["seen"] is True


def test_someone_elses_alerts_are_not_seen_or_marked(client_for: ClientFactory) -> None:
    alice, bob = client_for("alice@example.org"), client_for("bob@example.org")
    alice.post("/api/v1/events", json=[TWITCH, DARK_URINE])
    (alert,) = alice.get("/api/v1/alerts").json()["alerts"]
    assert bob.get("/api/v1/alerts").json() == {"alerts": [], "coach": []}
    assert bob.post("/api/v1/alerts/seen", json={"ids": [alert["id"]]}).json() == {"marked": 0}
    assert alice.get("/api/v1/alerts").json()["alerts"][0]["seen"] is False


def test_a_bad_seen_body_names_the_field(client_for: ClientFactory) -> None:
    alice = client_for("alice@example.org")
    bad = alice.post("/api/v1/alerts/seen", json={"ids": ["one"]})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "body.ids.0"
    assert alice.post("/api/v1/alerts/seen", content=b"[", headers=JSON).status_code == 422


def test_a_status_made_stale_by_time_is_never_shown(client_for: ClientFactory, clock: Clock) -> None:
    alice = client_for("alice@example.org")
    alice.post("/api/v1/events", json=[TWITCH, DARK_URINE])
    assert alice.get("/api/v1/status").json()["triage"]["level"] == "emergency"
    clock.moment = NOW + timedelta(days=16)  # the warning sign has left the recent days
    signed_in = alice.post("/api/v1/session", json={"email": "alice@example.org", "password": PASSWORD})
    assert signed_in.status_code == 200  # 16 days unused: the idle timeout ended the session
    assert alice.get("/api/v1/status").json()["triage"]["level"] == "self_care"
    assert len(alice.get("/api/v1/alerts").json()["alerts"]) == 1  # the fall raises none


def test_a_delete_and_an_undo_bring_the_stored_status_up_to_date(client_for: ClientFactory) -> None:
    alice, coach = client_for("alice@example.org"), client_for("coach@example.org")
    alice.post("/api/v1/events", json=[TWITCH])
    added = alice.post("/api/v1/events", json=[DARK_URINE]).json()
    share_accepted(alice, coach)
    alice_id = alice.get("/api/v1/account").json()["id"]
    assert coach.get(f"/api/v1/coach/people/{alice_id}").json()["level"] == "emergency"
    (seq,) = added["seqs"]
    assert alice.delete(f"/api/v1/events/{seq}", headers=JSON).status_code == 204
    assert coach.get(f"/api/v1/coach/people/{alice_id}").json()["level"] == "self_care"
    assert alice.post("/api/v1/undo", headers=JSON).json()["undone"] is not None
    assert len(alice.get("/api/v1/alerts").json()["alerts"]) == 2  # the undo raised it again, at once
    assert coach.get(f"/api/v1/coach/people/{alice_id}").json()["level"] == "emergency"
