"""The condition language: parsing, type checks, and three-valued evaluation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twitchcheck.knowledge.conditions import ConditionError, evaluate_all, parse_condition, sort_outcomes

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
        (
            {"fact": "symptoms.weakness", "in": ["specific", "progressive"]},
            {"symptoms.weakness": "tiredness"},
            False,
        ),
        ({"fact": "twitch.regions", "contains": "tongue"}, {"twitch.regions": ["calf", "tongue"]}, True),
        (
            {"fact": "context.medications", "contains_any": ["diuretic"]},
            {"context.medications": ["statin"]},
            False,
        ),
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
def test_kleene_all_and_any(
    left: bool | None, right: bool | None, all_: bool | None, any_: bool | None
) -> None:
    facts = {
        name: value
        for name, value in (("symptoms.chest_pain", left), ("symptoms.confusion", right))
        if value is not None
    }
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
    with pytest.raises(
        ConditionError, match=message.replace("[", r"\[").replace("]", r"\]").replace(".", r"\.")
    ):
        parse_condition(condition)


def test_explain_names_the_answers_that_made_it_true() -> None:
    condition = parse_condition({"all": [DARK, {"any": [LONG, {"fact": "workout.rpe", "gte": 9}]}]})
    facts = {"symptoms.dark_urine": True, "twitch.duration_days": 2, "workout.rpe": 10}
    assert condition.explain(facts) == [("symptoms.dark_urine", True), ("workout.rpe", 10)]
    assert condition.explain({"symptoms.dark_urine": False}) == []


def test_required_known_and_render() -> None:
    condition = parse_condition({"all": [DARK, {"any": [LONG, {"fact": "twitch.duration_days", "lt": 1}]}]})
    assert condition.required_known() == {"symptoms.dark_urine", "twitch.duration_days"}
    assert "twitch.duration_days > 14" in condition.render()


# The generated code against a reference interpreter written straight from the three-valued truth tables.

FACT_VALUES: dict[str, Any] = {
    "symptoms.dark_urine": st.booleans(),
    "symptoms.weakness": st.sampled_from(["none", "tiredness", "specific", "progressive"]),
    "twitch.duration_days": st.floats(min_value=0, max_value=30),
    "twitch.regions": st.lists(
        st.sampled_from(["calf", "tongue", "eyelid", "biceps"]), min_size=1, unique=True
    ),
}
LEAVES = st.one_of(
    st.builds(lambda v: {"fact": "symptoms.dark_urine", "is": v}, st.booleans()),
    st.builds(lambda v: {"fact": "symptoms.dark_urine", "is_not": v}, st.booleans()),
    st.builds(lambda v: {"fact": "symptoms.dark_urine", "known": v}, st.booleans()),
    st.builds(
        lambda v: {"fact": "symptoms.weakness", "in": v},
        st.lists(st.sampled_from(["none", "tiredness", "specific", "progressive"]), min_size=1),
    ),
    st.builds(
        lambda op, v: {"fact": "twitch.duration_days", op: v},
        st.sampled_from(["gt", "gte", "lt", "lte"]),
        st.sampled_from([0, 1, 14, 14.5]),
    ),
    st.builds(lambda v: {"fact": "twitch.regions", "contains": v}, st.sampled_from(["calf", "tongue"])),
    st.builds(
        lambda v: {"fact": "twitch.regions", "contains_any": v},
        st.lists(st.sampled_from(["tongue", "eyelid"]), min_size=1),
    ),
)
CONDITIONS = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.builds(lambda items: {"all": items}, st.lists(inner, min_size=1, max_size=4)),
        st.builds(lambda items: {"any": items}, st.lists(inner, min_size=1, max_size=4)),
        st.builds(lambda item: {"not": item}, inner),
    ),
    max_leaves=12,
)


def _reference(raw: dict[str, Any], facts: dict[str, Any]) -> bool | None:
    if "all" in raw or "any" in raw:
        items: list[dict[str, Any]] = raw["all"] if "all" in raw else raw["any"]
        values = [_reference(item, facts) for item in items]
        decisive = ("all" in raw and False) or "any" in raw
        if decisive in values:
            return decisive
        return None if None in values else not decisive
    if "not" in raw:
        value = _reference(raw["not"], facts)
        return None if value is None else not value
    name = raw["fact"]
    op, operand = next((key, value) for key, value in raw.items() if key != "fact")
    value = facts.get(name)
    if op == "known":
        return (value is not None) is operand
    if op == "is_not":
        return bool(value != operand)
    if value is None:
        return None
    comparisons: dict[str, Callable[[], bool]] = {
        "is": lambda: bool(value == operand),
        "gt": lambda: bool(value > operand),
        "gte": lambda: bool(value >= operand),
        "lt": lambda: bool(value < operand),
        "lte": lambda: bool(value <= operand),
        "in": lambda: value in operand,
        "contains": lambda: operand in value,
        "contains_any": lambda: bool(set(operand) & set(value)),
    }
    return comparisons[op]()


@st.composite
def _facts(draw: st.DrawFn) -> dict[str, Any]:
    return {name: draw(values) for name, values in FACT_VALUES.items() if draw(st.booleans())}


@settings(max_examples=400, deadline=None)
@given(raw=CONDITIONS, facts=_facts())
def test_compiled_conditions_agree_with_the_reference_interpreter(
    raw: dict[str, Any], facts: dict[str, Any]
) -> None:
    assert parse_condition(raw).evaluate(facts) is _reference(raw, facts)


@settings(max_examples=100, deadline=None)
@given(raws=st.lists(CONDITIONS, min_size=1, max_size=6), facts=_facts())
def test_evaluate_all_agrees_with_each_condition(raws: list[dict[str, Any]], facts: dict[str, Any]) -> None:
    conditions = [parse_condition(raw) for raw in raws]
    assert evaluate_all(conditions)(facts) == tuple(condition.evaluate(facts) for condition in conditions)


@settings(max_examples=100, deadline=None)
@given(raws=st.lists(CONDITIONS, min_size=1, max_size=6), facts=_facts())
def test_sort_outcomes_agrees_with_each_condition(raws: list[dict[str, Any]], facts: dict[str, Any]) -> None:
    conditions = [parse_condition(raw) for raw in raws]
    outcomes = [condition.evaluate(facts) for condition in conditions]
    true, unknown = sort_outcomes(conditions)(facts)
    assert true == [index for index, outcome in enumerate(outcomes) if outcome is True]
    assert unknown == [index for index, outcome in enumerate(outcomes) if outcome is None]


def test_direct_facts_are_those_that_decide_alone() -> None:
    assert parse_condition(DARK).direct_facts() == {"symptoms.dark_urine"}
    either = parse_condition({"any": [DARK, {"fact": "symptoms.confusion", "is": True}]})
    assert either.direct_facts() == {"symptoms.dark_urine", "symptoms.confusion"}
    guarded = parse_condition({"all": [DARK, {"fact": "symptoms.overheating", "is_not": True}]})
    assert guarded.direct_facts() == {"symptoms.dark_urine"}
    both = parse_condition({"all": [DARK, {"fact": "symptoms.confusion", "is": True}]})
    assert both.direct_facts() == frozenset()  # needs two answers
    # A required field is always known, so a condition on it does not stand in the way of the answer.
    early = parse_condition({"all": [DARK, LONG]})
    assert early.direct_facts() == {"symptoms.dark_urine"}
