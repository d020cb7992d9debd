"""The result page leads with a plain answer; the ALS/MND note; the call button and the person's number."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.adapters.web.pages.conftest import Pages, _client
from tests.adapters.web.pages.test_check import REQUIRED, start, step
from tests.adapters.web.pages.test_journal import log

CALM = "my calves twitch a bit since this morning after leg day, no weakness, no other symptoms"
EMERGENCY = "crushing chest pain after my run and my calves twitch"


@pytest.fixture
def unset(tmp_path: Path) -> Iterator[Pages]:
    """The single-user app with no emergency number configured."""
    yield from _client(tmp_path)


def _order(page: str, *markers: str) -> list[int]:
    return [page.index(marker) for marker in markers]


def test_a_calm_result_leads_with_three_lines_then_reasons_plan_and_folded_sources(single: Pages) -> None:
    page = single.post("/check/text", {"text": CALM}).text
    positions = _order(
        page,
        "What this most likely is",
        "What to do now",
        "What would make it more urgent",
        "Your plan",
        '<details class="sources"',
    )
    assert positions == sorted(positions)
    assert "Most likely:" in page
    assert "See a doctor the same day if a muscle becomes weak" in page
    # Sources are folded away, numbered, and every citation points into them.
    sources = page[page.index('<details class="sources"') :]
    assert " open" not in sources.split(">", 1)[0]
    for target in re.findall(r'class="cite" href="#(source-[a-z0-9_]+)"', page):
        assert f'id="{target}"' in sources


def test_a_calm_result_answers_the_als_worry_from_the_knowledge_base(single: Pages) -> None:
    page = single.post("/check/text", {"text": CALM}).text
    assert "Worried about ALS/MND?" in page
    assert "seven in ten healthy people" in page
    note = page[page.index("Worried about ALS/MND?") :]
    assert 'class="cite"' in note.split("</section>", 1)[0]


def test_no_reassurance_about_als_when_a_red_flag_is_present(single: Pages) -> None:
    page = single.post("/check/text", {"text": "my calf has twitched every day for three weeks"}).text
    assert "Twitching that persists beyond two weeks" in page
    assert "Worried about ALS/MND?" not in page
    page = single.post("/check/text", {"text": EMERGENCY}).text
    assert "Worried about ALS/MND?" not in page


def test_an_emergency_shows_the_configured_number_and_the_three_lines(single: Pages) -> None:
    page = single.post("/check/text", {"text": EMERGENCY}).text
    assert 'href="tel:112"' in page
    assert "Call 112 now." in page
    assert "already the most urgent level" in page
    assert "data-call-choice" not in page


def test_without_a_configured_number_an_emergency_offers_the_common_numbers(unset: Pages) -> None:
    page = unset.post("/check/text", {"text": EMERGENCY}).text
    assert "data-call-choice" in page
    for number in ("112", "911", "999", "000"):
        assert f'href="tel:{number}"' in page


def test_a_number_typed_in_the_questions_form_is_carried_to_the_description_form(unset: Pages) -> None:
    start(unset, number="911")
    # A later visit: both forms on the start page carry the person's number.
    page = unset.get("/check").text
    assert 'id="emergency_number" value="911"' in page
    assert '<input type="hidden" name="emergency_number" value="911">' in page
    # The description form, posted without the number, still calls it.
    result = unset.post("/check/text", {"text": EMERGENCY}).text
    assert 'href="tel:911"' in result
    assert "data-call-choice" not in result


def test_the_person_s_number_wins_over_the_server_s_and_a_cleared_field_forgets_it(single: Pages) -> None:
    first = start(single, number="999")
    result = step(single, step(single, first, REQUIRED), [("q:symptoms.chest_pain", "yes")])
    assert 'href="tel:999"' in result
    start(single, number="")  # cleared in the start form: back to the server's number
    result = single.post("/check/text", {"text": EMERGENCY}).text
    assert 'href="tel:112"' in result


def test_a_damaged_remembered_number_is_ignored_without_an_error(unset: Pages) -> None:
    unset.client.cookies.set("emergency_number", "call mum")
    page = unset.get("/check")
    assert page.status_code == 200
    result = unset.post("/check/text", {"text": EMERGENCY})
    assert result.status_code == 200
    assert "data-call-choice" in result.text


def test_an_emergency_logged_in_the_journal_calls_the_person_s_number(unset: Pages) -> None:
    start(unset, number="000")
    response = log(unset, "symptom", [("symptom", "dark_urine"), ("present", "yes")])
    page = unset.get(response.headers["location"]).text
    assert 'role="alert"' in page
    assert 'href="tel:000"' in page
    assert "data-call-choice" not in page
    status = unset.get("/status").text
    assert 'href="tel:000"' in status
