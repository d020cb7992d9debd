"""Stage 4, red flags told as a story (`text/meaning.py`, `text/data/meaning.yaml`)."""

from __future__ import annotations

import pytest

from twitchcheck.text import parse_text


def tense_limb(text: str) -> bool:
    return parse_text(text).fields.get("symptoms", {}).get("tense_painful_limb") is True


@pytest.mark.parametrize(
    "text",
    [
        "my calf twitches on and off, my fingers feel numb and tight when I type",
        "shin twitching since the match, both hands gone numb and tight in the cold",
    ],
)
def test_tightness_said_of_another_part_is_not_a_tense_shin_or_calf(text: str) -> None:
    assert not tense_limb(text)


@pytest.mark.parametrize(
    "text",
    [
        "after the game my shin is so tight and my foot has gone numb",
        "my calf twitches a bit, but my forearm is really tight and my fingers are tingling",
        "lower leg feels tight as a drum since the run, and now pins and needles in my toes",
        "after the climb my forearm, hand and fingers feel squeezed and numb",
    ],
)
def test_a_tight_shin_calf_or_forearm_with_numbness_is_still_a_tense_limb(text: str) -> None:
    assert tense_limb(text)


def test_the_part_nearest_the_tightness_is_the_one_it_is_said_of() -> None:
    assert tense_limb("calf twitching since sunday, fingers numb, and now my shin is tight and toes tingle")


@pytest.mark.parametrize(
    "text",
    [
        "first bootcamp in years on saturday; my thighs are locking up more every day and calves flicker",
        "did a hill session sunday, since then my calves have seized up worse by the day, quads twitch too",
    ],
)
def test_muscles_seizing_up_more_each_day_after_a_session_hint_at_muscle_breakdown(text: str) -> None:
    understood = parse_text(text)
    assert understood.fields["symptoms"]["severe_pain_or_swelling"] is True
    assert "symptoms.severe_pain_or_swelling" in understood.uncertain_fields


@pytest.mark.parametrize(
    "text",
    [
        "calf seized up in a cramp during the 10k, twitching since",
        "my thighs were sore after leg day but they ease more each day, little twitches",
    ],
)
def test_a_cramp_or_soreness_that_eases_is_not_muscle_breakdown(text: str) -> None:
    assert "severe_pain_or_swelling" not in parse_text(text).fields.get("symptoms", {})
