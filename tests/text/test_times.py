"""Stage 6, what each time is about (`text/times.py`): twitching told after a dated workout."""

from __future__ import annotations

from datetime import datetime

import pytest

from twitchcheck.text import parse_text

NOW = datetime(2026, 6, 10, 20, 0)  # a Wednesday evening


def duration(text: str) -> object:
    return parse_text(text, now=NOW).fields.get("twitch", {}).get("duration_days")


def test_twitching_told_in_the_story_of_a_dated_workout_has_lasted_since_it() -> None:
    text = "Did a hilly half marathon yesterday morning. Odd thing was my calf flickering on the way home."
    understood = parse_text(text, now=NOW)
    assert 0.9 <= understood.fields["twitch"]["duration_days"] <= 1.6
    assert "twitch.duration_days" in understood.uncertain_fields


@pytest.mark.parametrize(
    "text",
    [
        # Told before the workout: it may have begun long before it.
        "My calf was twitching. Went for a run yesterday.",
        # Goes back before the workout, or has gone on.
        "Played five-a-side yesterday. My calf twitches on and off.",
        "Went for a swim yesterday. My shoulder has been twitching.",
    ],
)
def test_twitching_that_may_predate_the_workout_is_not_dated_by_it(text: str) -> None:
    assert duration(text) is None


def test_texting_spellings_of_night_are_read() -> None:
    assert duration("my obliques keep twitching since last nite after the ab circuit") == 0.5


def test_a_possessive_weekday_in_the_words_after_a_workout_dates_the_workout() -> None:
    # NOW is a Wednesday evening: Monday's session was two days before.
    understood = parse_text("after monday's session my hamstrings started twitching and still are", now=NOW)
    assert understood.fields["twitch"]["started"] == "after_workout"
    assert 40 <= understood.fields["workout"]["hours_ago"] <= 60
    assert 1.5 <= understood.fields["twitch"]["duration_days"] <= 2.5


def test_words_after_a_longer_workout_name_say_the_twitching_followed_it() -> None:
    understood = parse_text("after yesterday's rowing class my forearms are twitching", now=NOW)
    assert understood.fields["twitch"]["started"] == "after_workout"


def test_twitching_at_the_finish_line_followed_the_race() -> None:
    understood = parse_text(
        "triathlon today; quads fasciculating at the finish line, settled with fluids", now=NOW
    )
    assert understood.fields["twitch"]["started"] == "after_workout"
    assert understood.fields["twitch"]["duration_days"] < 1


def test_an_onset_told_as_happening_now_is_within_hours() -> None:
    text = "watching tv and suddenly my thumb starts twitching, now my forearm is doing it too"
    understood = parse_text(text, now=NOW)
    assert understood.fields["twitch"]["duration_days"] < 1
    assert {"hand", "forearm"} <= set(understood.fields["twitch"]["regions"])
    assert "twitch.duration_days" in understood.uncertain_fields


def test_an_onset_told_in_the_present_that_recurs_gets_no_duration() -> None:
    assert duration("my calf starts twitching every time I sit down after a run") is None


@pytest.mark.parametrize(
    ("text", "days"),
    [
        # "a few days later" dates one event of the story from another; "two months ago" says since when
        ("Two months ago I had a flu jab. A few days later the twitching started in my arms and calves, "
         "it comes and goes.", 60.0),
        ("did the marathon and my quads started twitching that night. two weeks later it is still going",
         14.0),
        # "all day and night" says how constant it is; "for three weeks" says how long
        ("calf popping all day and night, i've been in hell for three weeks now", 21.0),
    ],
)  # fmt: skip
def test_an_interval_in_the_story_or_how_constant_it_is_does_not_date_the_twitching(
    text: str, days: float
) -> None:
    assert duration(text) == pytest.approx(days, abs=0.5)


def test_an_interval_alone_is_still_read_and_said_as_not_since_when() -> None:
    assert duration("my calf started twitching after the race. three days later it still twitches") == 3.0
    text = "Ran a 10k. A few days later my calf started twitching, for 2 weeks now."
    understood = parse_text(text, now=NOW)
    assert understood.fields["twitch"]["duration_days"] == 14.0
    assert any(
        item.words == "A few days" and "between two events" in item.reason for item in understood.ignored
    )
