"""The check's steps and answers, shared by the CLI interview and the web check."""

from __future__ import annotations

from typing import Any

import pytest

from twitchcheck.engine.answers import (
    AnswerError,
    answers_before,
    next_step,
    read_answer,
    shows_emergency,
    with_answer,
)
from twitchcheck.engine.questions import interview_order, should_ask
from twitchcheck.knowledge import load_knowledge
from twitchcheck.knowledge.model import Question

KB = load_knowledge()


def _question(field: str) -> Question:
    return next(question for question in interview_order(KB) if question.id == field)


def test_the_first_step_is_the_required_questions() -> None:
    step = next_step(KB, {}, 0)
    assert step is not None
    assert [question.id for question in step.questions] == ["twitch.regions", "twitch.duration_days"]


def test_warning_signs_come_straight_after_the_required_questions() -> None:
    answers = {"twitch": {"regions": ["calf"], "duration_days": 0.5}}
    first = next_step(KB, answers, 0)
    assert first is not None
    step = next_step(KB, answers, first.end)
    assert step is not None
    assert step.group == "warning_signs"
    assert "symptoms.chest_pain" in [question.id for question in step.questions]


def test_a_step_stops_at_a_question_its_own_group_must_decide_first() -> None:
    # twitch.trend is asked only for a twitch lasting over a day: with 0.5 days it is skipped.
    answers = {"twitch": {"regions": ["calf"], "duration_days": 0.5, "started": "after_workout"}}
    start = next(i for i, q in enumerate(interview_order(KB)) if q.id == "twitch.started")
    step = next_step(KB, answers, start + 1)
    assert step is not None
    assert "twitch.trend" not in [question.id for question in step.questions]
    longer = with_answer(answers, "twitch.duration_days", 5)
    step = next_step(KB, longer, start + 1)
    assert step is not None
    assert "twitch.trend" in [question.id for question in step.questions]


def test_questions_given_by_a_description_are_passed_over() -> None:
    step = next_step(KB, {"twitch": {"regions": ["calf"]}}, 0, given={"twitch.regions"})
    assert step is not None
    assert [question.id for question in step.questions] == ["twitch.duration_days"]


def test_no_step_is_left_after_the_last_question() -> None:
    assert next_step(KB, {}, len(interview_order(KB))) is None


def test_going_back_forgets_the_answers_from_that_step_on_but_not_the_description() -> None:
    answers: dict[str, dict[str, Any]] = {
        "twitch": {"regions": ["calf"], "duration_days": 1},
        "symptoms": {"chest_pain": False},
    }
    kept = answers_before(KB, answers, 1, given={"twitch.regions"})
    assert kept == {"twitch": {"regions": ["calf"]}}


def test_chest_pain_alone_is_an_emergency_even_before_the_required_answers() -> None:
    assert shows_emergency(KB, {"symptoms": {"chest_pain": True}})
    assert not shows_emergency(KB, {"symptoms": {"chest_pain": False}})


def test_form_answers_are_read_like_typed_ones() -> None:
    assert read_answer(_question("symptoms.chest_pain"), ["yes"], KB, {}) is True
    assert read_answer(_question("symptoms.chest_pain"), [""], KB, {}) is None
    assert read_answer(_question("twitch.regions"), ["calf", "quadriceps"], KB, {}) == ["calf", "quadriceps"]
    assert read_answer(_question("context.medications"), ["none"], KB, {}) == []
    assert read_answer(_question("twitch.duration_days"), ["1,5"], KB, {}) == 1.5


@pytest.mark.parametrize(
    ("field", "values", "message"),
    [
        ("twitch.regions", [], "needed"),
        ("twitch.duration_days", ["soon"], "not a number"),
        ("twitch.duration_days", ["-3"], "0"),
        ("context.medications", ["none", "statin"], "alone"),
    ],
)
def test_answers_that_do_not_fit_say_why(field: str, values: list[str], message: str) -> None:
    with pytest.raises(AnswerError, match=message):
        read_answer(_question(field), values, KB, {})


def _one_by_one(answers: dict[str, dict[str, Any]]) -> list[str]:
    """The questions the CLI asks, one at a time, when each is answered from `answers` (else skipped)."""
    asked: list[str] = []
    so_far: dict[str, dict[str, Any]] = {}
    for question in interview_order(KB):
        if should_ask(KB, question, so_far):
            asked.append(question.id)
            section, name = question.id.split(".", 1)
            if name in answers.get(section, {}):
                so_far = with_answer(so_far, question.id, answers[section][name])
    return asked


def _in_steps(answers: dict[str, dict[str, Any]]) -> list[str]:
    """The questions the web check shows, a group at a time, answered from `answers` the same way."""
    asked: list[str] = []
    so_far: dict[str, dict[str, Any]] = {}
    step = next_step(KB, so_far, 0)
    while step is not None:
        for question in step.questions:
            if should_ask(KB, question, so_far):  # as the page does: an earlier answer may rule it out
                asked.append(question.id)
                section, name = question.id.split(".", 1)
                if name in answers.get(section, {}):
                    so_far = with_answer(so_far, question.id, answers[section][name])
        step = next_step(KB, so_far, step.end)
    return asked


@pytest.mark.parametrize(
    "answers",
    [
        {"twitch": {"regions": ["calf"], "duration_days": 0.5}},
        {"twitch": {"regions": ["calf"], "duration_days": 5, "started": "at_rest"}},
        {
            "twitch": {"regions": ["calf"], "duration_days": 2, "started": "after_workout"},
            "hydration": {"body_mass_before_kg": 70},
            "stimulants": {"caffeine_mg": 200},
        },
    ],
)
def test_steps_ask_exactly_what_the_cli_asks_one_by_one(answers: dict[str, dict[str, Any]]) -> None:
    assert _in_steps(answers) == _one_by_one(answers)


def test_placeholders_fill_only_the_missing_required_fields_and_say_so() -> None:
    from twitchcheck.engine.answers import with_placeholders

    answers: dict[str, dict[str, Any]] = {"twitch": {"regions": ["hand"]}, "symptoms": {"chest_pain": True}}
    completed, assumed = with_placeholders(answers)
    assert completed["twitch"]["regions"] == ["hand"]
    assert set(assumed) == {"twitch.duration_days"}
    assert completed["twitch"]["duration_days"] == assumed["twitch.duration_days"]
    assert answers == {"twitch": {"regions": ["hand"]}, "symptoms": {"chest_pain": True}}  # not changed
    whole = {"twitch": {"regions": ["calf"], "duration_days": 2}}
    assert with_placeholders(whole) == (whole, {})
