"""Stage 2, field phrasings (`text/fields.py`): look-alikes, longer phrasings that say something else."""

from __future__ import annotations

import pytest

from twitchcheck.text import parse_text


def vomiting(text: str) -> object:
    return parse_text(text).fields.get("symptoms", {}).get("severe_headache_or_vomiting")


@pytest.mark.parametrize(
    "text",
    [
        "after the long ride I wanted to throw up but it passed",
        "felt like I was going to be sick on the last rep, calves twitching since",
        "nearly puked at the end of the intervals",
        "I feel like vomiting whenever I think about the race",
    ],
)
def test_the_urge_to_vomit_is_nausea_not_vomiting(text: str) -> None:
    understood = parse_text(text)
    assert vomiting(text) is None
    assert any(item.field == "symptoms.severe_headache_or_vomiting" for item in understood.ignored)


@pytest.mark.parametrize(
    "text",
    [
        "I threw up twice after the half, and I still feel like vomiting",
        "was sick three times on the drive home",
        "she wanted to stop, then vomited at the finish",
    ],
)
def test_vomiting_said_beside_an_urge_still_counts(text: str) -> None:
    assert vomiting(text) is True


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("calves twitching since the half yesterday. Confused? No more than usual.", "symptoms.confusion"),
        ("quads jumping after squats. Short of breath? Nope, not at all.", "symptoms.trouble_breathing"),
        ("twitchy calf since sunday. Dark pee? no", "symptoms.dark_urine"),
    ],
)
def test_a_sign_asked_as_a_question_and_answered_no_is_denied(text: str, path: str) -> None:
    section, name = path.split(".")
    assert parse_text(text).fields[section][name] is False


def test_a_question_answered_with_a_doubt_still_counts() -> None:
    understood = parse_text("calves twitching. Confused? Maybe a little, hard to say.")
    assert understood.fields["symptoms"]["confusion"] is True


def test_a_word_in_the_sentence_before_does_not_explain_away_swelling_of_a_part_named_with_it() -> None:
    fields = parse_text(
        "stubbed my toe on the stairs. my calf twitches and the back of my thigh puffed up"
    ).fields
    assert fields["symptoms"]["severe_pain_or_swelling"] is True


def test_a_word_in_the_sentence_before_still_explains_swelling_told_of_no_part() -> None:
    fields = parse_text("rolled my ankle on the trail. it swelled up and my calf twitches since then").fields
    assert "severe_pain_or_swelling" not in fields.get("symptoms", {})
