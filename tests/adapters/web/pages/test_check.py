"""The check pages: the questions in steps, skip logic, Back, the emergency stop, free text and the result."""

from __future__ import annotations

import html
import re

from tests.adapters.web.pages.conftest import Pages

_HIDDEN = re.compile(
    r'<input type="hidden" name="(answers|given|trail|position|emergency_number)" value="([^"]*)"'
)


def hidden(page: str) -> dict[str, str]:
    """The hidden state of a check step."""
    return {name: html.unescape(value) for name, value in _HIDDEN.findall(page)}


def step(pages: Pages, previous: str, answers: list[tuple[str, str]], action: str = "next") -> str:
    """Post one step of the check with its hidden state and the given answers; the next page's HTML."""
    response = pages.post("/check", [*hidden(previous).items(), *answers, ("action", action)])
    assert response.status_code in (200, 422), response.text
    return str(response.text)


def start(pages: Pages, number: str = "") -> str:
    response = pages.post("/check", {"action": "start", "position": "0", "emergency_number": number})
    assert response.status_code == 200
    return str(response.text)


REQUIRED = [("q:twitch.regions", "calf"), ("q:twitch.duration_days", "0.5")]


def test_the_check_starts_with_the_required_questions_and_their_explanations(single: Pages) -> None:
    page = start(single)
    assert "Check: Twitch" in page
    assert 'name="q:twitch.regions"' in page
    assert 'name="q:twitch.duration_days"' in page
    assert "Twitching only in the muscles you just trained" in page  # the question's help from the KB
    assert "<legend>" in page


def test_a_required_answer_left_blank_is_named_next_to_its_field(single: Pages) -> None:
    first = start(single)
    response = single.post(
        "/check", [*hidden(first).items(), ("q:twitch.duration_days", "1"), ("action", "next")]
    )
    assert response.status_code == 422
    assert 'href="#twitch-regions"' in response.text  # the error summary links to the field
    assert 'id="twitch-regions-error"' in response.text
    assert 'value="1"' in response.text  # what was typed is kept


def test_warning_signs_come_second_and_chest_pain_ends_the_check_with_an_emergency(single: Pages) -> None:
    first = start(single)
    second = step(single, first, REQUIRED)
    assert "Check: Warning signs" in second
    result = step(single, second, [("q:symptoms.chest_pain", "yes")])
    assert "Your result" in result
    assert 'role="alert"' in result
    assert 'href="tel:112"' in result  # the server's configured number
    assert "Sources" in result
    assert "Check:" not in result  # no more questions


def test_the_emergency_number_can_be_given_for_one_check(single: Pages) -> None:
    first = start(single, number="911")
    second = step(single, first, REQUIRED)
    result = step(single, second, [("q:symptoms.chest_pain", "yes")])
    assert 'href="tel:911"' in result


def test_a_bad_emergency_number_is_refused_by_name(single: Pages) -> None:
    response = single.get("/check?emergency_number=call%20mum")
    assert response.status_code == 422
    assert "Emergency number" in response.text


def test_back_shows_the_previous_step_with_its_answers(single: Pages) -> None:
    second = step(single, start(single), REQUIRED)
    back = step(single, second, [], action="back")
    assert "Check: Twitch" in back
    assert 'value="calf" checked' in back
    assert 'value="0.5"' in back
    assert hidden(back)["answers"] == "{}"


def test_a_calm_check_runs_to_a_result_with_causes_and_a_plan(single: Pages) -> None:
    page = step(single, start(single), REQUIRED)
    no_signs = [
        (f"q:{name}", "no")
        for name in re.findall(r'name="q:(symptoms\.[a-z_]+)" id="[^"]+-1" value="yes"', page)
    ]
    page = step(single, page, no_signs)
    for _ in range(20):
        if "Your result" in page:
            break
        page = step(single, page, [])
    assert "Your result" in page
    assert 'role="alert"' not in page
    assert "Your plan" in page
    assert "Level:" in page


def test_a_short_twitch_is_not_asked_whether_it_is_getting_worse(single: Pages) -> None:
    page = step(single, start(single), REQUIRED)
    seen = page
    for _ in range(20):
        if "Your result" in page:
            break
        page = step(
            single, page, [("q:twitch.started", "after_workout")] if "q:twitch.started" in page else []
        )
        seen += page
    assert "q:twitch.trend" not in seen  # asked only when the twitch lasts more than a day


def test_a_damaged_form_starts_again_without_a_server_error(single: Pages) -> None:
    response = single.post("/check", {"answers": "{not json", "position": "1", "action": "next"})
    assert response.status_code == 400
    assert "start again" in response.text


def test_a_described_emergency_goes_straight_to_the_result(single: Pages) -> None:
    response = single.post("/check/text", {"text": "crushing chest pain after my run and my calves twitch"})
    assert response.status_code == 200
    assert 'role="alert"' in response.text
    assert "What I understood from your words" in response.text


def test_a_description_without_a_duration_asks_only_for_what_is_missing(single: Pages) -> None:
    response = single.post("/check/text", {"text": "my left calf is twitching"})
    assert response.status_code == 200
    assert "What I understood from your words" in response.text
    assert 'name="q:twitch.duration_days"' in response.text
    assert 'name="q:twitch.regions"' not in response.text


def test_an_empty_description_is_refused_by_name(single: Pages) -> None:
    response = single.post("/check/text", {"text": "  "})
    assert response.status_code == 422
    assert 'href="#text"' in response.text


def test_a_fetch_gets_only_the_changing_fragment(single: Pages) -> None:
    response = single.post("/check", {"action": "start", "position": "0"}, headers={"X-Fragment": "1"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Check: Twitch" in response.text


def test_a_form_without_its_csrf_token_is_refused_as_a_page(single: Pages) -> None:
    response = single.client.post("/check", data={"action": "start"})
    assert response.status_code == 403
    assert "<html" in response.text


def test_answers_changed_by_hand_are_refused_by_field_without_a_server_error(single: Pages) -> None:
    response = single.post(
        "/check", {"answers": '{"twitch": {"regions": "everywhere", "duration_days": -1}}', "position": "99"}
    )
    assert response.status_code == 422
    assert "twitch.regions" in response.text


def test_an_answer_for_a_field_that_is_not_a_question_starts_again(single: Pages) -> None:
    response = single.post("/check", {"answers": '{"admin": {"is": true}}', "position": "0"})
    assert response.status_code == 400


def test_answering_what_was_missing_gives_the_result_without_more_questions(single: Pages) -> None:
    asked = single.post("/check/text", {"text": "my left calf is twitching"})
    assert 'name="follow_up" value="1"' in asked.text
    result = single.post(
        "/check/text",
        {"text": "my left calf is twitching", "follow_up": "1", "q:twitch.duration_days": "since Tuesday"},
    )
    assert result.status_code == 200, result.text
    assert "Your result" in result.text
    assert 'class="card level-' in result.text


def test_a_duration_the_page_cannot_read_is_asked_again_saying_what_would_do(single: Pages) -> None:
    result = single.post(
        "/check/text",
        {"text": "my left calf is twitching", "follow_up": "1", "q:twitch.duration_days": "soonish"},
    )
    assert result.status_code == 422
    assert "4 days" in html.unescape(result.text)


def test_an_uncertain_warning_sign_is_confirmed_no_lowers_and_a_skip_keeps_it(single: Pages) -> None:
    text = "calf twitching for 2 days, maybe my pee is a bit dark?"
    asked = single.post("/check/text", {"text": text})
    assert 'name="q:symptoms.dark_urine"' in asked.text
    assert 'name="q:twitch.regions"' not in asked.text
    no = single.post("/check/text", {"text": text, "follow_up": "1", "q:symptoms.dark_urine": "no"})
    assert 'class="card level-self_care"' in no.text
    skipped = single.post("/check/text", {"text": text, "follow_up": "1", "q:symptoms.dark_urine": ""})
    assert 'class="card level-emergency"' in skipped.text


def test_the_result_lists_what_was_not_understood(single: Pages) -> None:
    page = single.post("/check/text", {"text": "calves twitching for 2 days, my dad had a seizure last year"})
    assert page.status_code == 200
    assert "Not understood as a finding" in page.text


def test_a_check_can_be_saved_to_the_journal(single: Pages) -> None:
    page = single.post("/check/text", {"text": "calves twitching since yesterday, no weakness"})
    assert "Save this to my journal" in page.text
    report = re.search(r'name="report" value="([^"]+)"', page.text)
    assert report is not None
    description = re.search(r'name="description" value="([^"]+)"', page.text)
    assert description is not None
    saved = single.post(
        "/check/save",
        {"report": html.unescape(report.group(1)), "description": html.unescape(description.group(1))},
    )
    assert saved.status_code == 303
    timeline = single.get("/journal").text
    assert "Twitching in calf" in timeline
    assert "No weakness (checked)" in timeline
    assert "In your words: calves twitching since yesterday, no weakness" in timeline


def test_the_plan_lists_the_stretches_and_names_its_figures_in_words(single: Pages) -> None:
    text = (
        "calves twitching since this morning after a 2 hour run, no weakness, 70 kg before and 68.5 kg after"
    )
    page = single.post("/check/text", {"text": text}).text
    assert "For your muscles:" in page
    assert "For your muscles:\n- " not in page
    assert re.search(r"<li>Calf stretch against a wall: ", page)
    assert "<dt>Body mass loss</dt><dd>1.5 kg</dd>" in page
    assert "body_mass" not in page.split("Your plan", 1)[1].split("</ol>", 1)[0]


def test_a_story_the_second_opinion_raises_shows_why_on_the_result(single: Pages) -> None:
    from tests.text.outside_eval import load_part

    case = next(case for case in load_part("dev") if case.id == "g-064")  # rules alone: self care
    response = single.post("/check/text", {"text": case.text})
    assert response.status_code == 200
    page = html.unescape(response.text)
    assert "See a doctor today" in page
    assert "Your description reads like those that needed a doctor today" in page
    assert "The words that weighed most:" in page
