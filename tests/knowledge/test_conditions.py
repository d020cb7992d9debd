"""The condition language: parsing, type checks, and three-valued evaluation."""

from __future__ import annotations

from typing import Any

import pytest

from twitchcheck.knowledge.conditions import ConditionError, parse_condition

DARK = {"fact": "symptoms.dark_urine", "is": True}
LONG = {"fact": "twitch.duration_days", "gt": 14}


@pytest.mark.parametrize(
    ("condition", "facts", "expected"),
    [
        (LONG, {"twitch.duration_days": 14}, False),  # the boundary: more than 14 days
        (LONG, {"twitch.duration_days": 14.01}, True),
        ({"fact": "twitch.duration_days", "gte": 14}, {"twitch.duration_days": 14}, True),
        ({"fact": "workout.rpe", "lt": 7}, {"workout.rpe": 7}, False),
        ({"fact": "workout.rpe", "lte": 7}, {"workout.rpe": 7}, True),
        (DARK, {}, None),  # not asked is unknown, never "no"
        (DARK, {"symptoms.dark_urine": False}, False),
        ({"fact": "symptoms.dark_urine", "is_not": True}, {}, True),  # "not reported as": two-valued
        ({"fact": "symptoms.dark_urine", "is_not": True}, {"symptoms.dark_urine": True}, False),
        ({"fact": "symptoms.dark_urine", "known": True}, {}, False),
        ({"fact": "symptoms.weakness", "in": ["specific", "progressive"]}, {"symptoms.weakness": "tiredness"}, False),
        ({"fact": "twitch.regions", "contains": "tongue"}, {"twitch.regions": ["calf", "tongue"]}, True),
        ({"fact": "context.medications", "contains_any": ["diuretic"]}, {"context.medications": ["statin"]}, False),
    ],
)
def test_leaves(condition: dict[str, Any], facts: dict[str, Any], expected: bool | None) -> None:
    assert parse_condition(condition).evaluate(facts) is expected


@pytest.mark.parametrize(
    ("left", "right", "all_", "any_"),
    [
        (True, True, True, True),
        (True, None, None, True),
        (False, None, False, None),
        (None, None, None, None),
        (False, False, False, False),
    ],
)
def test_kleene_all_and_any(left: bool | None, right: bool | None, all_: bool | None, any_: bool | None) -> None:
    facts = {name: value for name, value in (("symptoms.chest_pain", left), ("symptoms.confusion", right)) if value is not None}
    pair = [{"fact": "symptoms.chest_pain", "is": True}, {"fact": "symptoms.confusion", "is": True}]
    assert parse_condition({"all": pair}).evaluate(facts) is all_
    assert parse_condition({"any": pair}).evaluate(facts) is any_
    assert parse_condition({"not": {"all": pair}}).evaluate(facts) is (None if all_ is None else not all_)


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ({"fact": "symptoms.dark_urin", "is": True}, "unknown fact 'symptoms.dark_urin'"),
        ({"fact": "symptoms.weakness", "in": ["progresive"]}, "['progresive'] not among the values"),
        ({"fact": "symptoms.dark_urine", "gt": 1}, "is a bool, not a number"),
        ({"fact": "workout.rpe", "gt": "high"}, "compares with a number"),
        ({"fact": "workout.rpe", "gt": 7, "lt": 9}, "exactly one operator"),
        ({"all": []}, "non-empty list"),
        ({"any": [DARK, {"fact": "nope", "is": True}]}, "any[1].fact: unknown fact"),
        ("dark urine", "a condition is a mapping"),
        ({"fact": "symptoms.dark_urine", "is": "yes"}, "is true or false"),
    ],
)
def test_bad_conditions_are_rejected_with_their_path(condition: Any, message: str) -> None:
    with pytest.raises(ConditionError, match=message.replace("[", r"\[").replace("]", r"\]").replace(".", r"\.")):
        parse_condition(condition)


def test_explain_names_the_answers_that_made_it_true() -> None:
    condition = parse_condition({"all": [DARK, {"any": [LONG, {"fact": "workout.rpe", "gte": 9}]}]})
    facts = {"symptoms.dark_urine": True, "twitch.duration_days": 2, "workout.rpe": 10}
    assert condition.explain(facts) == [("symptoms.dark_urine", True), ("workout.rpe", 10)]
    assert condition.explain({"symptoms.dark_urine": False}) == []


def test_required_known_and_unknown_facts() -> None:
    condition = parse_condition({"all": [DARK, {"any": [LONG, {"fact": "twitch.duration_days", "lt": 1}]}]})
    assert condition.required_known() == {"symptoms.dark_urine", "twitch.duration_days"}
    assert condition.unknown_facts({"twitch.duration_days": 20}) == {"symptoms.dark_urine"}
    assert condition.unknown_facts({"symptoms.dark_urine": False}) == frozenset()
    assert "twitch.duration_days > 14" in condition.render()
