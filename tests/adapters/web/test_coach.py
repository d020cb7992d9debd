"""The coach's list of a club over HTTP, on SQLite and PostgreSQL: `GET /api/v1/coach/people` most serious
first with when each status was last updated, `?level=` (422 naming `query.level` for an unknown one), the
CSV export (`/api/v1/coach/people.csv`, formula cells neutralised), the coach page, never a stale status."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from tests.adapters.web.conftest import JSON, NOW, PASSWORD, ClientFactory, Clock, share_accepted
from twitchcheck.adapters.web.api.sharing import coach_csv
from twitchcheck.services.coach import CoachedPerson
from twitchcheck.services.status import CoachView

TWITCH = {"type": "twitch", "at": "2026-11-05T10:00Z", "regions": ["calf"]}
DARK_URINE = {"type": "symptom", "at": "2026-11-05T11:00Z", "symptom": "dark_urine", "present": True}
WEAKNESS = {"type": "symptom", "at": "2026-11-05T11:00Z", "symptom": "weakness", "present": True}
NOTE = "my own private note about the gym"


def _club(client_for: ClientFactory) -> tuple[TestClient, dict[str, int]]:
    """A coach and four people sharing with them: emergency, urgent, self care, nothing logged."""
    coach = client_for("coach@example.org")
    logged = {
        "self-care@example.org": [{**TWITCH, "note": NOTE}],
        "nothing@example.org": [],
        "emergency@example.org": [TWITCH, DARK_URINE],
        "urgent@example.org": [TWITCH, WEAKNESS],
    }
    ids = {}
    for email, events in logged.items():
        person = client_for(email)
        if events:
            assert person.post("/api/v1/events", json=events).status_code == 201
        share_accepted(person, coach)
        ids[email] = person.get("/api/v1/account").json()["id"]
    return coach, ids


def test_the_list_is_most_serious_first_with_when_each_was_updated(client_for: ClientFactory) -> None:
    coach, ids = _club(client_for)
    response = coach.get("/api/v1/coach/people")
    assert response.status_code == 200, response.text
    people = response.json()
    assert [(p["email"], p["level"]) for p in people] == [
        ("emergency@example.org", "emergency"),
        ("urgent@example.org", "urgent"),
        ("self-care@example.org", "self_care"),
        ("nothing@example.org", None),
    ]
    assert [p["id"] for p in people] == [ids[p["email"]] for p in people]
    assert all(p["as_of"] == "2026-11-05T12:00:00Z" for p in people)
    assert [flag["id"] for flag in people[0]["red_flags"]] == ["rhabdomyolysis"]
    assert people[-1]["note"]  # why there is no level
    assert set(people[0]) == {
        "id",
        "email",
        "as_of",
        "level",
        "headline",
        "red_flags",
        "warnings",
        "trends",
        "note",
    }


def test_the_list_shows_no_answers_notes_or_trend_numbers(client_for: ClientFactory) -> None:
    coach, _ = _club(client_for)
    text = json.dumps(coach.get("/api/v1/coach/people").json())
    assert NOTE not in text
    assert '"answers"' not in text
    assert '"numbers"' not in text
    assert "self-care@example.org" in text


def test_the_filter_keeps_the_levels_asked_for(client_for: ClientFactory) -> None:
    coach, _ = _club(client_for)
    urgent = coach.get("/api/v1/coach/people?level=urgent&level=emergency").json()
    assert [p["level"] for p in urgent] == ["emergency", "urgent"]
    assert [p["email"] for p in coach.get("/api/v1/coach/people?level=none").json()] == [
        "nothing@example.org"
    ]
    assert coach.get("/api/v1/coach/people?level=see_doctor").json() == []


@pytest.mark.parametrize("path", ["/api/v1/coach/people", "/api/v1/coach/people.csv"])
def test_an_unknown_level_is_a_problem_naming_the_query_field(client_for: ClientFactory, path: str) -> None:
    coach, _ = _club(client_for)
    response = coach.get(f"{path}?level=see_doctor_today")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    (error,) = response.json()["errors"]
    assert error["field"] == "query.level"
    assert "see_doctor_today" in error["message"]


def test_a_status_that_time_made_stale_is_never_listed_as_current(
    client_for: ClientFactory, clock: Clock
) -> None:
    coach, _ = _club(client_for)
    assert coach.get("/api/v1/coach/people").json()[0]["level"] == "emergency"
    clock.moment = NOW + timedelta(days=16)  # the warning sign has left the recent days
    signed_in = coach.post("/api/v1/session", json={"email": "coach@example.org", "password": PASSWORD})
    assert signed_in.status_code == 200  # 16 days unused: the idle timeout ended the session
    people = coach.get("/api/v1/coach/people").json()
    assert "emergency" not in [p["level"] for p in people]
    assert {p["as_of"] for p in people if p["level"] is not None} == {"2026-11-21T12:00:00Z"}


def test_a_change_is_listed_at_once(client_for: ClientFactory) -> None:
    coach, _ = _club(client_for)
    assert coach.get("/api/v1/coach/people?level=none").json() != []
    nothing = client_for()
    signed_in = nothing.post(
        "/api/v1/session", json={"email": "nothing@example.org", "password": "correct horse battery"}
    )
    assert signed_in.status_code in {200, 201, 204}, signed_in.text
    assert nothing.post("/api/v1/events", json=[TWITCH, DARK_URINE]).status_code == 201
    assert coach.get("/api/v1/coach/people?level=none").json() == []
    emails = [p["email"] for p in coach.get("/api/v1/coach/people?level=emergency").json()]
    assert sorted(emails) == ["emergency@example.org", "nothing@example.org"]


def test_the_csv_has_email_level_titles_and_when(client_for: ClientFactory) -> None:
    coach, _ = _club(client_for)
    response = coach.get("/api/v1/coach/people.csv")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["email", "level", "red_flags", "warnings", "as_of"]
    assert [row[:2] for row in rows[1:]] == [
        ["emergency@example.org", "emergency"],
        ["urgent@example.org", "urgent"],
        ["self-care@example.org", "self_care"],
        ["nothing@example.org", ""],
    ]
    listed = coach.get("/api/v1/coach/people").json()
    assert rows[1][2] == "; ".join(flag["title"] for flag in listed[0]["red_flags"])
    assert rows[1][4] == "2026-11-05T12:00:00+00:00"
    assert NOTE not in response.text
    only = list(csv.reader(io.StringIO(coach.get("/api/v1/coach/people.csv?level=urgent").text)))
    assert [row[0] for row in only] == ["email", "urgent@example.org"]


def test_the_csv_neutralises_what_a_spreadsheet_would_run(client_for: ClientFactory) -> None:
    coach = client_for("coach@example.org")
    for email in ("=2+3@example.org", "+1@example.org", "-1@example.org", "@sum@example.org"):
        person = client_for(email)
        share_accepted(person, coach)
    rows = list(csv.reader(io.StringIO(coach.get("/api/v1/coach/people.csv").text)))
    assert sorted(row[0] for row in rows[1:]) == [
        "'+1@example.org",
        "'-1@example.org",
        "'=2+3@example.org",
        "'@sum@example.org",
    ]


def test_the_csv_and_list_need_a_signed_in_coach(client_for: ClientFactory) -> None:
    anonymous = client_for()
    assert anonymous.get("/api/v1/coach/people.csv").status_code == 401
    assert anonymous.get("/api/v1/coach/people").status_code == 401
    assert client_for("loner@example.org").get("/api/v1/coach/people.csv").text.splitlines() == [
        "email,level,red_flags,warnings,as_of"
    ]


def test_the_coach_page_is_most_serious_first_filtered_with_a_csv_link(client_for: ClientFactory) -> None:
    coach, _ = _club(client_for)
    page = coach.get("/coach")
    assert page.status_code == 200, page.text
    order = [page.text.index(email) for email in ("emergency@", "urgent@", "self-care@", "nothing@")]
    assert order == sorted(order)
    assert 'href="/api/v1/coach/people.csv"' in page.text
    assert "As of" in page.text
    assert 'datetime="2026-11-05T12:00:00+00:00"' in page.text
    assert NOTE not in page.text
    filtered = coach.get("/coach?level=urgent")
    assert "urgent@example.org" in filtered.text
    assert "emergency@example.org" not in filtered.text.split('id="page-title"', 1)[1]  # (the banner aside)
    assert 'href="/api/v1/coach/people.csv?level=urgent"' in filtered.text
    bad = coach.get("/coach?level=see_doctor_today")
    assert bad.status_code == 422
    assert "query.level" in bad.text
    assert "Traceback" not in bad.text


def test_every_formula_start_is_neutralised_in_any_cell() -> None:
    flags = [{"title": "\tTab"}, {"title": "plain"}]
    warnings = [{"title": "\rcr"}]
    view = CoachView(datetime(2026, 11, 5, tzinfo=UTC), "urgent", None, flags, warnings, [], "", None)
    rows = list(csv.reader(io.StringIO(coach_csv([CoachedPerson(1, "@me@example.org", view)]))))
    assert rows[1] == ["'@me@example.org", "urgent", "'\tTab; plain", "'\rcr", "2026-11-05T00:00:00+00:00"]


def test_a_coach_can_stop_seeing_someone_who_shares(client_for: ClientFactory) -> None:
    """Issue 17, finding 6: a stranger (or a look-alike) who shares with a coach can be refused."""
    coach, ids = _club(client_for)
    stranger = ids["nothing@example.org"]
    assert coach.delete(f"/api/v1/coach/people/{stranger}", headers=JSON).status_code == 204
    listed = [person["email"] for person in coach.get("/api/v1/coach/people").json()]
    assert "nothing@example.org" not in listed
    assert len(listed) == 3
    assert coach.get(f"/api/v1/coach/people/{stranger}").status_code == 404
    again = coach.delete(f"/api/v1/coach/people/{stranger}", headers=JSON)
    assert again.status_code == 404
    assert again.json()["detail"] == "no one with this id shares with you"


def test_the_coach_page_has_a_stop_button_for_each_person(client_for: ClientFactory) -> None:
    coach, ids = _club(client_for)
    page = coach.get("/coach").text
    assert page.count("Stop seeing this person") == 4
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None
    ended = coach.post(
        f"/coach/people/{ids['self-care@example.org']}/end",
        content=f"csrf_token={token.group(1)}",
        headers={"content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert ended.status_code == 303
    after = coach.get("/coach?done=ended").text
    assert "is no longer shown to you" in after
    assert "self-care@example.org" not in after
    forged = coach.post(
        f"/coach/people/{ids['urgent@example.org']}/end",
        content="csrf_token=forged",
        headers={"content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert forged.status_code == 403
    assert "urgent@example.org" in coach.get("/coach").text


def test_a_coach_hears_of_a_change_once_with_nothing_more_than_the_coach_view(
    client_for: ClientFactory,
) -> None:
    """Issue 15: a coach with a share gets the same change for the people who share."""
    coach = client_for("coach@example.org")
    ana = client_for("ana@example.org")
    ana.post("/api/v1/events", json=TWITCH)
    share_accepted(ana, coach)
    assert coach.get("/api/v1/alerts").json()["coach"] == []  # nothing changed since she shared
    ana.post("/api/v1/events", json={**DARK_URINE, "note": NOTE})
    coached = coach.get("/api/v1/alerts?unseen=true").json()["coach"]
    assert len(coached) == 1
    alert = coached[0]
    assert alert["person"]["email"] == "ana@example.org"
    assert alert["level"] == "emergency"
    assert [flag["id"] for flag in alert["red_flags"]] == ["rhabdomyolysis"]
    assert NOTE not in json.dumps(alert)
    assert set(alert["red_flags"][0]) == {"id", "title"}  # no answers, no values
    page = coach.get("/coach")
    assert "ana@example.org:" in page.text  # the banner, on every page
    assert coach.post("/api/v1/alerts/seen", json={}).json()["marked"] == 1
    assert coach.get("/api/v1/alerts?unseen=true").json()["coach"] == []
    assert coach.get("/api/v1/alerts").json()["coach"][0]["seen"] is True
    assert ana.get("/api/v1/alerts?unseen=true").json()["alerts"]  # hers stay unseen until she sees them
    assert "ana@example.org:" not in coach.get("/coach").text


def test_the_coach_banner_button_hides_the_coach_alerts(client_for: ClientFactory) -> None:
    coach = client_for("coach@example.org")
    ana = client_for("ana@example.org")
    share_accepted(ana, coach)
    ana.post("/api/v1/events", json=[TWITCH, DARK_URINE])
    page = coach.get("/coach").text
    assert 'name="coach" value="1"' in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None
    hidden = coach.post(
        "/alerts/seen",
        content=f"csrf_token={token.group(1)}&coach=1&next=/coach",
        headers={"content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert hidden.status_code == 303
    assert "ana@example.org:" not in coach.get("/coach").text


def test_someone_who_stopped_sharing_raises_no_coach_alert(client_for: ClientFactory) -> None:
    coach = client_for("coach@example.org")
    ana = client_for("ana@example.org")
    share_accepted(ana, coach)
    coach_id = coach.get("/api/v1/account").json()["id"]
    assert ana.delete(f"/api/v1/shares/{coach_id}", headers=JSON).status_code == 204
    ana.post("/api/v1/events", json=[TWITCH, DARK_URINE])
    assert coach.get("/api/v1/alerts").json()["coach"] == []


def test_a_share_waits_for_the_coach_to_accept_and_can_be_refused(
    client_for: ClientFactory, clock: Clock
) -> None:
    """Issue 17: shares need the coach's acceptance (a stranger never appears in the coach's list unasked)."""
    coach = client_for("coach@example.org")
    ana = client_for("ana@example.org")
    ana.post("/api/v1/events", json=[TWITCH, DARK_URINE])
    stranger = client_for("stranger@example.org")
    for person in (ana, stranger):
        assert person.post("/api/v1/shares", json={"coach_email": "coach@example.org"}).status_code == 201
    ana_id = ana.get("/api/v1/account").json()["id"]
    stranger_id = stranger.get("/api/v1/account").json()["id"]
    assert coach.get("/api/v1/coach/people").json() == []  # nothing until accepted
    assert coach.get(f"/api/v1/coach/people/{ana_id}").status_code == 404
    assert ana.get("/api/v1/shares").json()[0]["accepted"] is False
    asking = coach.get("/api/v1/coach/requests").json()
    assert [item["person"]["email"] for item in asking] == ["ana@example.org", "stranger@example.org"]
    clock.moment += timedelta(minutes=5)
    assert coach.post(f"/api/v1/coach/requests/{ana_id}", headers=JSON).status_code == 204
    assert coach.delete(f"/api/v1/coach/people/{stranger_id}", headers=JSON).status_code == 204  # refused
    assert [item["email"] for item in coach.get("/api/v1/coach/people").json()] == ["ana@example.org"]
    assert coach.get(f"/api/v1/coach/people/{ana_id}").json()["level"] == "emergency"
    assert coach.get("/api/v1/coach/requests").json() == []
    assert ana.get("/api/v1/shares").json()[0]["accepted"] is True
    assert stranger.get("/api/v1/shares").json() == []
    again = coach.post(f"/api/v1/coach/requests/{ana_id}", headers=JSON)
    assert again.status_code == 404  # already accepted
    assert coach.get("/api/v1/alerts").json()["coach"] == []  # the alert came before the acceptance


def test_the_coach_page_accepts_and_refuses(client_for: ClientFactory) -> None:
    coach = client_for("coach@example.org")
    ana = client_for("ana@example.org")
    ana.post("/api/v1/events", json=TWITCH)
    assert ana.post("/api/v1/shares", json={"coach_email": "coach@example.org"}).status_code == 201
    page = coach.get("/coach").text
    assert "Asking to share with you" in page
    assert "ana@example.org" in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    action = re.search(r'action="(/coach/people/\d+/accept)"', page)
    assert token is not None
    assert action is not None
    accepted = coach.post(
        action.group(1),
        content=f"csrf_token={token.group(1)}",
        headers={"content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert accepted.status_code == 303
    after = coach.get("/coach?done=accepted").text
    assert "Asking to share with you" not in after
    assert "Stop seeing this person" in after
