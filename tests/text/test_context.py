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


@pytest.mark.parametrize(
    "text",
    [
        "hamstrings twitching since the relay. I was sure I would black out, but I didn't.",
        "two days of forearm flickers; thought the heat would make me pass out, but i didnt",
    ],
)
def test_a_sign_taken_back_with_but_i_didnt_is_denied(text: str) -> None:
    assert symptoms(text)["fainted_or_collapsed"] is False


@pytest.mark.parametrize(
    "text",
    [
        "hamstrings twitching since the relay, nearly passed out but I didn't",
        "hamstrings twitching since the relay and I passed out, but I didn't hit my head",
    ],
)
def test_a_near_miss_or_a_but_about_something_else_still_counts(text: str) -> None:
    assert symptoms(text)["fainted_or_collapsed"] is True


def test_a_sign_of_another_person_is_not_counted_when_the_writer_asks_about_themselves() -> None:
    text = "After the 10k my running partner collapsed. This is about me, not her: my quads twitch since."
    assert "fainted_or_collapsed" not in symptoms(text)
    ignored = [item for item in parse_text(text).ignored if item.field == "symptoms.fainted_or_collapsed"]
    assert ignored
    assert "another person" in ignored[0].reason


def test_a_bystander_telling_of_another_person_still_counts() -> None:
    # Without the writer saying they ask about themselves, a sign told of another person is the patient's.
    assert symptoms("my son collapsed at the end of his 10k and his calves are twitching")[
        "fainted_or_collapsed"
    ]
