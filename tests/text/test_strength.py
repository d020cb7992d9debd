"""Stage 4a, weakness felt and not found (`text/strength.py`)."""

from __future__ import annotations

import pytest

from twitchcheck.text import parse_text


def weakness(text: str) -> object:
    return parse_text(text).fields.get("symptoms", {}).get("weakness")


@pytest.mark.parametrize(
    "text",
    [
        "my left arm feels a bit weak since monday, but I can still do my pull-ups with no problem",
        "thigh twitching for four days. Maybe the leg is weaker? I did lunges today without any problem.",
        "grip slightly weaker I think. Used the dynamometer at the gym, same number as last month.",
    ],
)
def test_a_slight_or_doubted_weakness_that_a_passed_test_did_not_bear_out_is_not_weakness(text: str) -> None:
    understood = parse_text(text)
    assert weakness(text) is None
    assert any(item.field == "symptoms.weakness" for item in understood.ignored)


@pytest.mark.parametrize(
    "text",
    [
        # Said plainly, or a loss of strength told in its own words: it stands.
        "my arm is weak, I can still lift the kettle but barely",
        "my hand is a bit weak and I can't open jars anymore, though I can still write",
        # Slight, but nothing said about a test passed.
        "my calf feels a little weak since the race and it twitches",
        # A doubted denial counts (recall first), as test_parse holds.
        "calf twitching since friday. I don't think my leg is weak? I can still do squats with no problem",
        # Getting worse is never a feeling to explain away.
        "my leg is a bit weak and getting weaker every week, I can still walk to the shop",
    ],
)
def test_weakness_said_plainly_untested_or_worsening_stands(text: str) -> None:
    assert weakness(text) in ("specific", "progressive")
