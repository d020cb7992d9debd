"""A message's counts agree with their nouns ("1 test", "3 tests"), through the knowledge base's `say`."""

from __future__ import annotations

import string

from twitchcheck.knowledge.loader import load_knowledge
from twitchcheck.knowledge.wording import fill


def test_a_placeholder_names_the_noun_it_counts() -> None:
    assert fill("in {n:#test}", n=1) == "in 1 test"
    assert fill("in {n:#test}", n=4) == "in 4 tests"
    assert fill("over {days:g#day}", days=1.0) == "over 1 day"
    assert fill("over {days:g#day}", days=14.0) == "over 14 days"
    assert fill("{n:#person|people}", n=3) == "3 people"
    assert fill("{x:.1f} and {y}", x=2, y="plain") == "2.0 and plain"


def test_the_knowledge_base_says_one_test_not_one_tests() -> None:
    kb = load_knowledge()
    text = kb.say("trend_strength_too_few", test="Grip", side="right", n=1, window_weeks=8, min_readings=4)
    assert "1 test in the last 8 weeks" in text
    assert "1 tests" not in text


def test_no_message_counts_days_or_tests_without_naming_the_noun() -> None:
    """A count placeholder followed by its noun in the plural ("{n} tests") reads "1 tests" when n is 1."""
    kb = load_knowledge()
    for message in kb.messages.values():
        for literal, name, spec, _ in string.Formatter().parse(message.text):
            del literal
            if name is None:
                continue
            following = message.text.split("{" + name + (":" + spec if spec else "") + "}", 1)[1][:8]
            if name in ("n", "count", "days", "twitch_days", "rest_days", "days_logged", "known_days"):
                assert not following.lstrip().startswith(("tests", "days", "twitch logs", "places")), (
                    message.id,
                    following,
                )
