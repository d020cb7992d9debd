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
