"""The Questionnaire in a real FHIR client: LHC-Forms (npm `lforms`) in Debian's headless chromium.

The form is filled in by clicking and typing; the QuestionnaireResponse LHC-Forms produces goes through
`twitchcheck check --input` and must give the assessment of the equivalent report. Screenshots go to
test-artifacts/screenshots/.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.adapters.fhir.support import LFORMS, require
from tests.conftest import REPO
from twitchcheck import KnowledgeBase, assess
from twitchcheck.adapters.fhir import questionnaire_json

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
PAGE = Path(__file__).with_name("lhc_forms.html")
SCRIPT = Path(sys.executable).with_name("twitchcheck")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Iterator[str]:
    """A local web server with the page, the generated Questionnaire, and lforms' built files."""
    require(LFORMS / "webcomponent" / "main.js")
    root = tmp_path_factory.mktemp("lhc-forms")
    (root / "lforms").symlink_to(LFORMS, target_is_directory=True)
    (root / "index.html").write_text(PAGE.read_text())
    (root / "questionnaire.json").write_text(json.dumps(questionnaire_json(kb)))
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def page(site: str) -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(site)
            page.wait_for_function("window.formStatus !== undefined", timeout=60_000)
            assert page.evaluate("window.formStatus") == "ready"
            yield page
        finally:
            browser.close()


def _field(page: Any, link_id: str) -> Any:
    return page.locator(f'[id="{link_id}/1/1"]')


def _choose(page: Any, link_id: str, *labels: str) -> None:
    """Pick answers of a list question as a person does: click the field, click the answer in the list."""
    for label in labels:
        _field(page, link_id).click()
        page.locator("#lhc-tools-searchResults li", has_text=label).first.click()


def _type(page: Any, link_id: str, text: str) -> None:
    field = _field(page, link_id)
    field.click()
    field.press_sequentially(text)
    field.press("Tab")


def _yes_no(page: Any, link_id: str, answer: bool) -> None:
    page.locator(f'[id="{link_id}/1/1|{"true" if answer else "false"}"]').click()


def _response(page: Any, name: str) -> dict[str, Any]:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"lhc-forms-{name}.png"), full_page=True)
    response: dict[str, Any] = page.evaluate("window.questionnaireResponse()")
    return response


def _check(response: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "response.json"
    path.write_text(json.dumps(response))
    result = subprocess.run(
        [str(SCRIPT), "check", "--input", str(path), "--format", "json", "--no-journal"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 0, result.stderr
    assessment: dict[str, Any] = json.loads(result.stdout)
    return assessment


def _same_result(assessment: dict[str, Any], report: dict[str, Any]) -> None:
    expected = assess(report).to_contract()
    assert assessment["triage"]["level"] == expected["triage"]["level"]
    assert [flag["id"] for flag in assessment["red_flags"]] == [flag["id"] for flag in expected["red_flags"]]
    assert [cause["id"] for cause in assessment["causes"]] == [cause["id"] for cause in expected["causes"]]
    assert _without_time(assessment) == _without_time(expected)


def _without_time(assessment: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in assessment.items() if key != "assessed_at"}


def test_a_form_filled_in_lhc_forms_gives_the_reports_assessment(
    page: Any, kb: KnowledgeBase, tmp_path: Path
) -> None:
    labels = {region: info.label for region, info in kb.regions.items()}
    _choose(page, "twitch.regions", labels["calf"], labels["quadriceps"])
    _type(page, "twitch.duration_days", "0.1")
    _choose(page, "twitch.started", "After")
    _yes_no(page, "symptoms.trouble_breathing", False)
    _yes_no(page, "symptoms.chest_pain", False)
    _type(page, "workout.rpe", "8")
    # Skip logic: the weight after the workout is asked only once the weight before it is given.
    after = _field(page, "hydration.body_mass_after_kg")
    assert after.count() == 0 or not after.is_visible()
    _type(page, "hydration.body_mass_before_kg", "61")
    after.wait_for(state="visible")
    _type(page, "hydration.body_mass_after_kg", "60.2")
    _type(page, "person.age", "29")
    response = _response(page, "benign")
    report = {
        "twitch": {"regions": ["calf", "quadriceps"], "duration_days": 0.1, "started": "after_workout"},
        "symptoms": {"trouble_breathing": False, "chest_pain": False},
        "workout": {"rpe": 8},
        "hydration": {"body_mass_before_kg": 61, "body_mass_after_kg": 60.2},
        "person": {"age": 29},
    }
    _same_result(_check(response, tmp_path), report)


def test_an_emergency_answered_in_lhc_forms_is_an_emergency(
    page: Any, kb: KnowledgeBase, tmp_path: Path
) -> None:
    _choose(page, "twitch.regions", kb.regions["calf"].label)
    _type(page, "twitch.duration_days", "0.5")
    _yes_no(page, "symptoms.trouble_breathing", True)
    response = _response(page, "emergency")
    assessment = _check(response, tmp_path)
    assert assessment["triage"]["level"] == "emergency"
    report = {"twitch": {"regions": ["calf"], "duration_days": 0.5}, "symptoms": {"trouble_breathing": True}}
    _same_result(assessment, report)
