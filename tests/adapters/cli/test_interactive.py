"""The interactive check: the knowledge base's questions, skips, validation, the early emergency stop."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.adapters.cli.support import ScriptedUser, flat, run, scripted_interview
from twitchcheck import KnowledgeBase, assess
from twitchcheck.adapters.cli.interview import (
    AnswerError,
    check_answer,
    parse_answer,
)
from twitchcheck.core.report import REQUIRED_FIELDS
from twitchcheck.engine.questions import interview_order as question_order
from twitchcheck.knowledge.model import Question
from twitchcheck.testing import EMERGENCY_FINDINGS

BENIGN = {
    "twitch.regions": "calves, quads",
    "twitch.duration_days": "0.2",
    "twitch.started": "after_workout",
    "workout.worked_regions": "calf, thighs, hamstrings",
    "workout.rpe": "8",
    "symptoms.weakness": "tiredness",
    **dict.fromkeys(
        (
            "symptoms.trouble_breathing",
            "symptoms.chest_pain",
            "symptoms.sudden_face_or_limb_weakness",
            "symptoms.difficulty_swallowing",
            "symptoms.slurred_speech",
            "symptoms.confusion",
            "symptoms.dark_urine",
            "symptoms.overheating",
            "symptoms.severe_headache_or_vomiting",
            "symptoms.severe_pain_or_swelling",
            "symptoms.muscle_wasting",
        ),
        "n",
    ),
}


def _question(kb: KnowledgeBase, field: str) -> Question:
    return next(question for question in kb.questions if question.id == field)


def _is_emergency(kb: KnowledgeBase) -> Any:
    return lambda report: assess(report, knowledge=kb).level == "emergency"


def test_required_fields_then_every_emergency_sign_before_routine_questions(kb: KnowledgeBase) -> None:
    order = [question.id for question in question_order(kb)]
    assert order[: len(REQUIRED_FIELDS)] == list(REQUIRED_FIELDS)
    after_required = order[len(REQUIRED_FIELDS) :]
    emergency_signs = [f"symptoms.{name}" for name in EMERGENCY_FINDINGS]
    last_sign = max(after_required.index(field) for field in emergency_signs)
    routine = [field for field in after_required[:last_sign] if not field.startswith("symptoms.")]
    assert routine == [], f"asked before a warning sign: {routine}"
    groups = [question.group for question in question_order(kb)][len(REQUIRED_FIELDS) :]
    seen: list[str] = []
    for group in groups:  # after the required fields, each group is asked in one go
        if not seen or seen[-1] != group:
            assert group not in seen
            seen.append(group)


def test_benign_answers_build_the_report_and_skips_stay_absent(kb: KnowledgeBase) -> None:
    report, user = scripted_interview(kb, BENIGN, _is_emergency(kb))
    assert report["twitch"] == {
        "regions": ["calf", "quadriceps"],
        "duration_days": 0.2,
        "started": "after_workout",
    }
    assert report["workout"]["worked_regions"] == ["calf", "quadriceps", "hamstring"]
    assert report["workout"]["rpe"] == 8.0
    assert report["symptoms"]["weakness"] == "tiredness"
    assert report["symptoms"]["chest_pain"] is False
    assert "side" not in report["twitch"]  # skipped: unknown, not "no"
    assert "hydration" not in report
    assert "twitch.trend" not in user.asked  # ask_when: only when it has lasted more than a day
    assert assess(report, knowledge=kb).level == "self_care"


def test_benign_session_through_stdin_gives_self_care(kb: KnowledgeBase) -> None:
    _, user = scripted_interview(kb, BENIGN, _is_emergency(kb))
    result = run("check", "--interactive", stdin=user.stdin())
    assert result.exit_code == 0, result.stderr
    assert flat(result.stdout).startswith(f"SELF CARE {kb.levels['self_care'].headline}")
    assert _question(kb, "twitch.regions").prompt in flat(result.stderr)  # questions go to stderr
    assert kb.levels["self_care"].headline not in result.stderr


def test_required_answers_then_end_of_input_assesses_the_rest_as_unknown() -> None:
    result = run("check", "--interactive", "--format", "json", stdin="calf\n0.2\n")
    assert result.exit_code == 0, result.stderr
    contract = json.loads(result.stdout)  # prompts never reach stdout
    assert contract["triage"]["level"] == "self_care"
    assert contract["next_questions"]  # the unanswered questions come back as next questions


def test_yes_to_a_warning_sign_stops_at_once_with_emergency(kb: KnowledgeBase) -> None:
    answers = {"twitch.regions": "calf", "twitch.duration_days": "0.2", "symptoms.chest_pain": "yes"}
    report, user = scripted_interview(kb, answers, _is_emergency(kb))
    assert "symptoms.chest_pain" in user.asked  # in the warning signs' checklist
    assert report["symptoms"]["chest_pain"] is True
    checklist = [field for field in user.asked if field.startswith("symptoms.")]

    result = run("check", "--interactive", stdin=user.stdin())
    assert result.exit_code == 0, result.stderr
    text = flat(result.stdout)
    assert text.startswith(f"EMERGENCY {kb.levels['emergency'].headline}")
    order = [question.id for question in question_order(kb)]
    next_prompt = _question(kb, order[order.index(checklist[-1]) + 1]).prompt
    assert next_prompt not in flat(result.stderr)  # the question after the checklist is never asked


def test_bad_answers_are_asked_again_with_the_reason(kb: KnowledgeBase) -> None:
    stdin = "elbow\ncalf\n\n-3\nsoon\n0.5\n"  # unknown region, required skipped, out of bounds, not a number
    result = run("check", "--interactive", "-f", "json", stdin=stdin)
    assert result.exit_code == 0, result.stderr
    errors = flat(result.stderr)
    assert "'elbow' is not a body part" in errors
    assert "greater than or equal to 0" in errors
    assert "'soon' is not a number" in errors
    prompt = _question(kb, "twitch.duration_days").prompt
    assert flat(result.stderr).count(prompt) == 1  # asked once, re-prompted without repeating the text


def test_end_of_input_before_the_required_answers_is_an_error() -> None:
    result = run("check", "--interactive", stdin="calf\n")
    assert result.exit_code == 2
    assert "twitch.duration_days" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("field", "text", "value"),
    [
        ("twitch.regions", "Calves; front of thigh and tongue", ["calf", "quadriceps", "tongue"]),
        ("twitch.regions", "calf, calves", ["calf"]),
        ("workout.worked_regions", "none", []),
        ("twitch.duration_days", "1,5", 1.5),
        ("hydration.fluid_ml", "3,000", 3000),  # a thousands separator, not 3 ml
        ("stimulants.caffeine_mg", "1,200.5", 1200.5),
        ("hydration.fluid_ml", "2,25", 2.25),
        ("hydration.urine_color", "4", 4),
        ("symptoms.chest_pain", "Y", True),
        ("symptoms.chest_pain", "no", False),
        ("symptoms.weakness", "2", "tiredness"),
        ("symptoms.weakness", "progressive", "progressive"),
        ("context.medications", "1, statin", ["diuretic", "statin"]),
        ("context.medications", "none", []),
    ],
)
def test_parse_answer(kb: KnowledgeBase, field: str, text: str, value: Any) -> None:
    assert parse_answer(_question(kb, field), text, kb) == value


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("twitch.regions", "elbow"),
        ("twitch.duration_days", "nan"),
        ("hydration.urine_color", "4.5"),
        ("symptoms.chest_pain", "maybe"),
        ("symptoms.weakness", "9"),
    ],
)
def test_parse_answer_rejects(kb: KnowledgeBase, field: str, text: str) -> None:
    with pytest.raises(AnswerError):
        parse_answer(_question(kb, field), text, kb)


def test_check_answer_uses_the_report_bounds(kb: KnowledgeBase) -> None:
    check_answer(_question(kb, "hydration.urine_color"), 8, {})
    with pytest.raises(AnswerError, match="less than or equal to 8"):
        check_answer(_question(kb, "hydration.urine_color"), 9, {})
    with pytest.raises(AnswerError, match="at least 1 item"):
        check_answer(_question(kb, "twitch.regions"), [], {})


def test_scripted_user_replays_what_it_answered(kb: KnowledgeBase) -> None:
    user = ScriptedUser(kb, {"twitch.regions": "calf"})
    user.console.print(_question(kb, "twitch.regions").prompt)
    assert user.read_line() == "calf"
    assert user.stdin() == "calf\n"


def test_the_warning_signs_come_as_one_checklist_and_enter_leaves_them_unknown(kb: KnowledgeBase) -> None:
    stdin = "calf\n0.2\n\n" + "done\n"
    result = run("check", "--interactive", "-f", "json", stdin=stdin)
    assert result.exit_code == 0, result.stderr
    asked = flat(result.stderr)
    assert asked.count("Do you have any of these?") == 1
    for field in ("symptoms.trouble_breathing", "symptoms.chest_pain", "symptoms.dark_urine"):
        assert _question(kb, field).prompt in asked
    assert asked.count("[y/n") <= 3  # the yes/no questions after the checklist (weakness comes between)
    contract = json.loads(result.stdout)
    assert contract["triage"]["level"] == "self_care"
    asked_next = {question["field"] for question in contract["next_questions"]}
    assert "symptoms.chest_pain" in asked_next  # skipped: unknown, never "no"
    for question in contract["next_questions"]:  # a question not answered never says it needs that level
        assert "This needs emergency care now" not in question["why"]


def test_a_checklist_takes_numbers_none_and_explains_itself(kb: KnowledgeBase) -> None:
    numbers = {question.id: n for n, question in enumerate(_signs(kb), start=1)}
    answered = run(
        "check",
        "--interactive",
        "-f",
        "json",
        stdin=f"calf\n0.2\n?\nseven\n{numbers['symptoms.chest_pain']}\n",
    )
    assert answered.exit_code == 0, answered.stderr
    shown = flat(answered.stderr)
    assert _question(kb, "symptoms.chest_pain").help in shown  # '?' says why each matters
    assert "'seven': type numbers from 1 to" in shown
    assert json.loads(answered.stdout)["triage"]["level"] == "emergency"

    none = run("check", "--interactive", "-f", "json", stdin="calf\n0.2\nnone\ndone\n")
    contract = json.loads(none.stdout)
    assert not any(question["field"] == "symptoms.chest_pain" for question in contract["next_questions"])


def _signs(kb: KnowledgeBase) -> list[Question]:
    return [
        question
        for question in question_order(kb)
        if question.group == "warning_signs" and question.answer == "bool"
    ]
