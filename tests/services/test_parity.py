"""One answer everywhere: a matrix of person states through every door, one level and one set of red flags.

The check's doors: the CLI (`check --text`, `--input` with a report or a FHIR QuestionnaireResponse), the API
(`POST /api/v1/assessments` with the same three bodies; single-user, and signed in with accounts) and the web
check page. The status's doors: `twitchcheck status`, `GET /api/v1/status`, the status page, the coach's view,
the doctor's report and the FHIR RiskAssessment, for the same moment.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.adapters.cli.support import run
from tests.adapters.web.conftest import PASSWORD, Clock
from tests.adapters.web.pages.conftest import Pages
from twitchcheck import KnowledgeBase
from twitchcheck.adapters.clinical import build_report
from twitchcheck.adapters.fhir import export_bundle_json, questionnaire_response_json
from twitchcheck.adapters.storage.journal import Journal
from twitchcheck.adapters.web import create_app, deps
from twitchcheck.adapters.web.settings import Settings
from twitchcheck.core.report import parse_report
from twitchcheck.services import coach_view, journal_status

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
TEXT = "calves twitching since this morning after leg day, no weakness"
REPORT: dict[str, Any] = {
    "twitch": {"regions": ["calf"], "duration_days": 0.4, "started": "after_workout"},
    "workout": {"worked_regions": ["calf", "quadriceps", "hamstring", "glute"], "kind": "strength"},
    "symptoms": {"weakness": "none"},
}
SEVEN_PLACES = ["calf", "quadriceps", "forearm", "biceps", "shoulder", "abdomen", "upper_back"]


def _twitching_22_days() -> list[dict[str, Any]]:
    """Twitching every day for 22 days, in seven places, with no workout to explain it."""
    first = (NOW - timedelta(days=22)).date()
    return [
        {"type": "twitch", "at": f"{first + timedelta(days=day)}T10:00", "regions": SEVEN_PLACES}
        for day in range(22)
    ]


def _dark_urine() -> list[dict[str, Any]]:
    return [{"type": "symptom", "at": (NOW - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
             "symptom": "dark_urine", "present": True}]  # fmt: skip


def _weakening_grip() -> list[dict[str, Any]]:
    """Six weeks of leg days with calf twitching that evening, and a left grip falling week after week."""
    first = (NOW - timedelta(days=42)).date()
    events: list[dict[str, Any]] = []
    for day in range(1, 43):
        when = (first + timedelta(days=day - 1)).isoformat()
        if day % 2:
            events.append({"type": "workout", "at": f"{when}T18:00", "duration_min": 60, "rpe": 7,
                           "worked_regions": ["calf", "quadriceps"]})  # fmt: skip
            events.append({"type": "twitch", "at": f"{when}T21:00", "regions": ["calf"]})
        if day % 7 == 1:
            noise = (-0.8, 0.6, -0.3, 0.9, -0.5, 0.2)[day // 7]
            events.append({"type": "strength_test", "at": f"{when}T08:00", "test": "grip", "side": "left",
                           "value": round(42 - day * 0.2 + noise, 1)})  # fmt: skip
    return events


@dataclass(frozen=True)
class State:
    events: list[dict[str, Any]]
    accounts: bool
    check_level: str
    check_flags: frozenset[str]
    status_level: str | None


STATES = {
    "no journal": State([], False, "self_care", frozenset(), None),
    "22 days of twitching in 7 places": State(
        _twitching_22_days(), False, "see_doctor", frozenset({"persistent", "widespread"}), "see_doctor"
    ),
    "a logged dark-urine warning sign": State(
        _dark_urine(), False, "emergency", frozenset({"rhabdomyolysis"}), "emergency"
    ),
    "an accounts-mode person whose status is urgent": State(
        _weakening_grip(), True, "urgent", frozenset({"weakness"}), "urgent"
    ),
}

Answer = tuple[str, frozenset[str]]


def _answer(contract: dict[str, Any]) -> Answer:
    return contract["triage"]["level"], frozenset(flag["id"] for flag in contract["red_flags"])


_CARD_LEVEL = re.compile(r'class="card level-([a-z_]+)"')
_FINDING = re.compile(r'<li class="finding level-[a-z_]+">\s*<strong>([^<]+)</strong>')


def _page_answer(page: str, kb: KnowledgeBase) -> Answer:
    """The level and red flags a result or status page shows (by the red flags' titles)."""
    level = _CARD_LEVEL.search(page)
    assert level is not None, page[:2000]
    titles = {html.unescape(title.strip()) for title in _FINDING.findall(page)}
    ids = {flag.id for flag in kb.red_flags if flag.title in titles}
    return level.group(1), frozenset(ids)


def _qr(kb: KnowledgeBase) -> dict[str, Any]:
    return questionnaire_response_json(parse_report(REPORT), kb)


@dataclass
class Person:
    """A person in a state, with a way through every door."""

    state: State
    db: str
    web: TestClient
    pages: Pages
    journal: Journal
    coach: TestClient | None = None
    person_id: int | None = None


def _jsonl(events: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(event) + "\n" for event in events)


@pytest.fixture(params=list(STATES), ids=list(STATES))
def person(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Person]:
    state = STATES[request.param]
    db = f"sqlite:///{tmp_path / 'journal.db'}"
    app = create_app(Settings(database=db, accounts=state.accounts, zone="UTC", emergency_number="112"))
    app.dependency_overrides[deps.now] = Clock(NOW)
    with TestClient(app, follow_redirects=False) as web:
        coach: TestClient | None = None
        person_id: int | None = None
        if state.accounts:
            assert web.post("/api/v1/accounts", json={"email": "ann@example.org", "password": PASSWORD,
                                                       "zone": "UTC"}).status_code == 201  # fmt: skip
            person_id = web.get("/api/v1/account").json()["id"]
            coach = TestClient(app, follow_redirects=False)
            coach.post("/api/v1/accounts", json={"email": "coach@example.org", "password": PASSWORD})
            assert web.post("/api/v1/shares", json={"coach_email": "coach@example.org"}).status_code == 201
            accepted = coach.post(
                f"/api/v1/coach/requests/{person_id}", headers={"Content-Type": "application/json"}
            )
            assert accepted.status_code == 204
        if state.events:
            added = web.post(
                "/api/v1/events/import", content=_jsonl(state.events),
                headers={"Content-Type": "application/x-ndjson"},
            )  # fmt: skip
            assert added.status_code == 201, added.text
        engine = deps.app_engine(app.state, app.state.settings)
        name = "default"
        if person_id is not None:
            from twitchcheck.adapters.storage.accounts import get_account

            account = get_account(engine, person_id)
            assert account is not None
            name = account.journal_name
        journal = Journal(engine, name, zone="UTC")
        yield Person(state, db, web, Pages(web), journal, coach, person_id)
        if coach is not None:
            coach.close()


def _cli_check(person: Person, *args: str) -> Answer:
    db = ["--db", person.db] if person.state.events else []
    result = run("check", *args, "-f", "json", "--as-of", NOW.strftime("%Y-%m-%dT%H:%M"), *db)
    assert result.exit_code == 0, result.output
    if person.state.events:
        assert "Using your journal" in result.stderr  # it says so, and how to leave it out
        assert "--no-journal" in result.stderr
    return _answer(json.loads(result.stdout))


def test_every_door_gives_one_check_answer(person: Person, tmp_path: Path, kb: KnowledgeBase) -> None:
    state = person.state
    expected = (state.check_level, state.check_flags)
    answers: dict[str, Answer] = {}
    report_file = tmp_path / "report.json"
    report_file.write_text(json.dumps(REPORT))
    qr_file = tmp_path / "response.json"
    qr_file.write_text(json.dumps(_qr(kb)))
    if not state.accounts:  # the CLI's journal is this machine's, the single-user one
        answers["cli check --text"] = _cli_check(person, "--text", TEXT)
        answers["cli check --input report"] = _cli_check(person, "--input", str(report_file))
        answers["cli check --input QuestionnaireResponse"] = _cli_check(person, "--input", str(qr_file))
    for name, body in (("text", {"text": TEXT}), ("report", REPORT), ("QuestionnaireResponse", _qr(kb))):
        response = person.web.post("/api/v1/assessments", json=body)
        assert response.status_code == 200, response.text
        contract = response.json()
        if state.events:
            assert "history" in contract  # the result says the journal took part
            assert response.headers["Twitchcheck-Journal"].startswith("used")
        answers[f"api {name}"] = _answer(contract)
    page = person.pages.post("/check/text", {"text": TEXT})
    assert page.status_code == 200, page.text
    if state.events:
        assert "This used your journal" in page.text
        assert "Check again without my journal" in page.text
    answers["web check page"] = _page_answer(page.text, kb)
    assert answers == dict.fromkeys(answers, expected)


def test_leaving_the_journal_out_gives_the_report_alone(
    person: Person, tmp_path: Path, kb: KnowledgeBase
) -> None:
    alone = person.web.post("/api/v1/assessments?journal=false", json=REPORT).json()
    assert "history" not in alone
    assert _answer(alone) == ("self_care", frozenset())
    page = person.pages.post("/check/text", {"text": TEXT, "no_journal": "1"})
    assert _page_answer(page.text, kb) == ("self_care", frozenset())
    if not person.state.accounts and person.state.events:
        report_file = tmp_path / "report.json"
        report_file.write_text(json.dumps(REPORT))
        result = run("check", "--input", str(report_file), "-f", "json", "--no-journal", "--db", person.db)
        assert _answer(json.loads(result.stdout)) == ("self_care", frozenset())


def test_every_status_door_shows_one_level_and_one_set_of_red_flags(
    person: Person, kb: KnowledgeBase
) -> None:
    state = person.state
    if state.status_level is None:
        assert person.web.get("/api/v1/status").status_code == 409
        return
    expected = (state.status_level, state.check_flags)
    history = person.journal.history(until=NOW)
    answers: dict[str, Answer] = {}
    status = journal_status(history, NOW, kb)
    assert status.assessment is not None
    answers["services.journal_status"] = _answer(status.assessment.to_contract())
    api = person.web.get("/api/v1/status")
    assert api.status_code == 200, api.text
    answers["api status"] = _answer(api.json())
    answers["status page"] = _page_answer(person.web.get("/status").text, kb)
    if not state.accounts:
        cli = run("status", "--as-of", NOW.strftime("%Y-%m-%dT%H:%M"), "-f", "json", "--db", person.db)
        assert cli.exit_code == 0, cli.output
        answers["cli status"] = _answer(json.loads(cli.stdout))
    report = build_report(history, now=NOW, knowledge=kb)
    assert report.triage is not None
    answers["doctor's report"] = (report.triage.level, frozenset(flag.id for flag in report.red_flags))
    bundle = export_bundle_json(history, now=NOW, knowledge=kb)
    (risk,) = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "RiskAssessment"]
    flags = {coding["code"] for item in risk.get("prediction", []) for coding in item["outcome"]["coding"]
             if coding["system"].endswith("/CodeSystem/red-flag")}  # fmt: skip
    red_flags = frozenset(flags - {warning.id for warning in kb.warnings})
    answers["FHIR RiskAssessment"] = (risk["code"]["coding"][0]["code"], red_flags)
    view = coach_view(history, NOW, kb)
    answers["services.coach_view"] = (view.level or "", frozenset(flag["id"] for flag in view.red_flags))
    if person.coach is not None:
        coached = person.coach.get(f"/api/v1/coach/people/{person.person_id}")
        assert coached.status_code == 200, coached.text
        body = coached.json()
        assert all("answers" not in flag for flag in body["red_flags"])  # the coach's privacy rule
        answers["api coach view"] = (body["level"], frozenset(flag["id"] for flag in body["red_flags"]))
    assert answers == dict.fromkeys(answers, expected)


_LIKELY = re.compile(r"<dt>What this most likely is</dt><dd>([^<]+)</dd>")


def test_every_check_door_leads_with_one_plain_answer(person: Person) -> None:
    """The three lines are composed once: the CLI, the API and the check page show the same first line."""
    likely: dict[str, str] = {}
    if not person.state.accounts:
        db = ["--db", person.db] if person.state.events else []
        result = run("check", "--text", TEXT, "-f", "json", "--as-of", NOW.strftime("%Y-%m-%dT%H:%M"), *db)
        likely["cli check --text"] = json.loads(result.stdout)["answer"]["likely"]
    response = person.web.post("/api/v1/assessments", json={"text": TEXT})
    likely["api text"] = response.json()["answer"]["likely"]
    page = person.pages.post("/check/text", {"text": TEXT}).text
    found = _LIKELY.search(page)
    assert found is not None
    likely["web check page"] = html.unescape(found.group(1)).strip()
    assert len(set(likely.values())) == 1, likely
