"""Stage 3, assertion status (`text/context.py`, cues in `text/data/cues.yaml`): a sign set as a condition
for what to do next is not had yet."""

from __future__ import annotations

import pytest

from twitchcheck.text import parse_text


def symptoms(text: str) -> dict[str, object]:
    found: dict[str, object] = parse_text(text).fields.get("symptoms", {})
    return found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("calves twitching for a month; the GP said come back only if I notice real weakness", "weakness"),
        (
            "quads flicker since tuesday. Physio said to see a doctor if I develop any numbness",
            "numbness_or_tingling",
        ),
        (
            "shoulder twitch for 2 weeks, I'll go back if there is any trouble swallowing",
            "difficulty_swallowing",
        ),
    ],
)
def test_a_sign_set_as_a_condition_for_what_to_do_next_is_not_counted(text: str, name: str) -> None:
    assert symptoms(text).get(name) is None


@pytest.mark.parametrize(
    ("text", "name", "value"),
    [
        # Said as happening, the same sign counts.
        ("calves twitching for a month and I notice real weakness on the stairs", "weakness", "specific"),
        ("if I drink water too fast it goes the wrong way", "difficulty_swallowing", True),
    ],
)
def test_a_sign_said_as_happening_still_counts(text: str, name: str, value: object) -> None:
    assert symptoms(text).get(name) == value
