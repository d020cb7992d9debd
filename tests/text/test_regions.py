"""Stage 5, twitching regions (`text/regions.py`): "back" that is not the back."""

from __future__ import annotations

import pytest

from twitchcheck.text import parse_text


def regions(text: str) -> set[str]:
    return set(parse_text(text).fields.get("twitch", {}).get("regions", ()))


@pytest.mark.parametrize(
    ("text", "named"),
    [
        # The back of another part is that part.
        ("for ten days my shins and the back of my knees keep flickering", {"shin"}),
        ("quads and back of my thighs have been jumping since saturday", {"quadriceps"}),
        # A round trip: "from ... to ... and back" is there and back again.
        ("since the 10k yesterday the twitch wanders from my left calf to my right calf and back", {"calf"}),
    ],
)
def test_back_listed_with_a_region_is_not_the_back_when_it_is_the_back_of_a_part_or_a_round_trip(
    text: str, named: set[str]
) -> None:
    found = regions(text)
    assert named <= found
    assert not found & {"upper_back", "lower_back"}


@pytest.mark.parametrize(
    "text",
    [
        "for a week my arms and back have been twitching",
        "twitching spread to my arms and back over the last fortnight",
        "two weeks of twitches in my legs, shoulders and back",
    ],
)
def test_back_listed_with_regions_is_still_the_back(text: str) -> None:
    assert {"upper_back", "lower_back"} <= regions(text)


def test_a_region_listed_with_the_back_of_another_keeps_both() -> None:
    assert {"forearm", "hand"} <= regions("for three weeks my left forearm and the back of my hand twitch")


@pytest.mark.parametrize(
    "text",
    [
        'my left calf has flickered since lunch, so I googled "leg twitching" and panicked',
        "calf jumping since my run this morning, I looked up arm twitches too and now I'm scared",
    ],
)
def test_a_region_named_in_a_search_is_not_where_it_twitches(text: str) -> None:
    assert regions(text) == {"calf"}


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (
            "two weeks ago my shin began flickering on the sofa. next my forearm and my traps.",
            {"shin", "forearm", "upper_back"},
        ),
        (
            "for ten days my left quad has been jumping. then my bicep, my calf too!",
            {"quadriceps", "biceps", "calf"},
        ),
    ],
)
def test_a_sentence_of_body_parts_alone_after_twitching_lists_where_it_went(
    text: str, named: set[str]
) -> None:
    assert named <= regions(text)


def test_a_sentence_of_body_parts_that_says_something_else_is_not_twitching() -> None:
    found = regions("for ten days my left quad has been jumping. my bicep and calf ache from curls and runs.")
    assert "quadriceps" in found
    assert not found & {"biceps", "calf"}


def test_a_region_not_taken_as_twitching_is_listed_in_ignored_with_the_reason() -> None:
    understood = parse_text("for a week my eyelid keeps flickering. I stretch my hamstring every night.")
    assert understood.fields["twitch"]["regions"] == ["eyelid"]
    dropped = [item for item in understood.ignored if item.field == "twitch.regions"]
    assert [item.words for item in dropped] == ["hamstring"]
    assert "no twitch word" in dropped[0].reason


def side(text: str) -> object:
    return parse_text(text).fields.get("twitch", {}).get("side")


def test_a_bare_letter_is_a_side_only_before_a_region_or_a_comparison() -> None:
    assert side("my delts r twitching after presses") is None
    assert side("L quad fasciculations since the 5k") == "left"
    assert side("twitching both quads, L>R, since the 5k") in ("left", "both")


def test_a_region_with_a_twitch_word_just_after_with_twitches() -> None:
    understood = parse_text("10k finish, hamstrings with constant fasciculations, all else fine")
    notes = understood.notes_for("twitch.regions")
    assert [note.value for note in notes] == [["hamstring"]]
    assert not notes[0].uncertain


def test_a_clinicians_abdo_is_the_abdomen() -> None:
    from datetime import datetime

    text = "28M c/o fasc b/l calves, L biceps, abdo x5/52. Nil weakness."
    regions = parse_text(text, now=datetime(2026, 6, 1, 12)).fields["twitch"]["regions"]
    assert set(regions) == {"calf", "biceps", "abdomen"}


def test_a_part_said_of_anyone_is_not_where_it_twitches() -> None:
    from datetime import datetime

    text = "after crunches my abs keep spasming, they clench like a cramp in your leg, for 10 minutes"
    understood = parse_text(text, now=datetime(2026, 6, 1, 12))
    assert understood.fields["twitch"]["regions"] == ["abdomen"]
    assert any(item.words == "leg" and "anyone" in item.reason for item in understood.ignored)


def test_a_part_after_a_time_is_still_where_it_twitches() -> None:
    from datetime import datetime

    # "hour" ends in "ur", but is not "ur" (your): the calves are the writer's own
    text = "ran for an hour calves twitching since"
    assert parse_text(text, now=datetime(2026, 6, 1, 12)).fields["twitch"]["regions"] == ["calf"]
