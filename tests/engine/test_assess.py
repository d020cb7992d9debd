"""assess(): the leg-day example, exact boundaries, unknowns, the plan's numbers, citations."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from jsonschema import Draft202012Validator

from twitchcheck import Assessment, InputError, KnowledgeBase, assess
from twitchcheck.testing import EMERGENCY_FINDINGS, LEG_DAY, leg_day, minimal


def _flags(result: Assessment) -> set[str]:
    return {flag.id for flag in result.red_flags}


def test_leg_day_is_self_care_with_a_numeric_plan(
    kb: KnowledgeBase, assessment_validator: Draft202012Validator
) -> None:
    result = assess(LEG_DAY, knowledge=kb)
    assessment_validator.validate(result.to_contract())
    assert result.triage.level == "self_care"
    assert not result.red_flags
    causes = [cause.id for cause in result.causes]
    assert causes[0] == "muscle_fatigue"  # RPE 8, worked muscles, third day in a row
    assert {"dehydration", "stimulants"} <= set(causes)
    hydrate = next(step for step in result.plan if step.id == "hydrate")
    assert hydrate.numbers["rehydration_volume_l"] == pytest.approx(1.2)  # 0.8 kg lost x 1.5 L/kg
    assert "1.2 L" in hydrate.advice
    assert result.figures["body_mass_loss_pct"] == pytest.approx(1.311, abs=0.001)
    assert result.figures["caffeine_remaining_mg"] == pytest.approx(250 * 0.5 ** (3 / 5), abs=0.01)
    assert "harmless pattern" in result.triage.summary


def test_every_citation_is_listed_in_sources(kb: KnowledgeBase) -> None:
    result = assess(leg_day(symptoms={"weakness": "progressive"}), knowledge=kb)
    listed = {source.id for source in result.sources}
    cited = {s for flag in result.red_flags for s in flag.sources}
    cited |= {s for cause in result.causes for s in cause.sources}
    cited |= {s for step in result.plan for s in step.sources}
    assert result.answer is not None
    cited |= set(result.answer.sources)
    cited |= {s for note in result.notes for s in note.sources}
    assert cited == listed
    assert all(source.title for source in result.sources)


@pytest.mark.parametrize(("days", "flagged"), [(14, False), (14.001, True), (15, True), (0, False)])
def test_persistent_fires_strictly_after_two_weeks(kb: KnowledgeBase, days: float, flagged: bool) -> None:
    result = assess(minimal(duration_days=days), knowledge=kb)
    assert ("persistent" in _flags(result)) is flagged
    assert result.triage.level == ("see_doctor" if flagged else "self_care")


@pytest.mark.parametrize(("after_kg", "signal"), [(68.6, False), (68.59, True)])
def test_dehydration_signal_fires_strictly_over_two_percent(
    kb: KnowledgeBase, after_kg: float, signal: bool
) -> None:
    report = minimal(hydration={"body_mass_before_kg": 70.0, "body_mass_after_kg": after_kg})
    dehydration = [cause for cause in assess(report, knowledge=kb).causes if cause.id == "dehydration"]
    assert ("body_mass_loss_over_2pct" in (dehydration[0].signals if dehydration else [])) is signal


def test_unknown_is_not_no_it_becomes_a_question(kb: KnowledgeBase) -> None:
    result = assess(minimal(), knowledge=kb)
    assert result.triage.level == "self_care"
    asked = [question.field for question in result.next_questions]
    assert asked, "a bare report must prompt the warning-sign questions"
    assert any(field.startswith("symptoms.") for field in asked[:3])
    assert "could change this advice" in result.triage.summary
    answered = assess(minimal(symptoms={"trouble_breathing": False}), knowledge=kb)
    assert "symptoms.trouble_breathing" not in [question.field for question in answered.next_questions]


def test_red_flags_name_the_answers_that_set_them_off(kb: KnowledgeBase) -> None:
    result = assess(leg_day(symptoms={"dark_urine": True}), knowledge=kb)
    flag = result.red_flags[0]
    assert flag.id == "rhabdomyolysis"
    assert flag.level == "emergency"
    assert [(answer.field, answer.value) for answer in flag.answers] == [("symptoms.dark_urine", True)]


def test_emergency_plan_calls_for_help_and_drops_routine_self_care(kb: KnowledgeBase) -> None:
    result = assess(leg_day(symptoms={"confusion": True}), knowledge=kb)
    assert result.triage.level == "emergency"
    assert result.plan[0].id == "call_emergency"
    assert not {"hydrate", "stretch_cool_down", "replenish_electrolytes"} & {step.id for step in result.plan}
    assert result.triage.summary.startswith(kb.levels["emergency"].summary)


def test_confusion_alone_is_an_emergency_even_with_nothing_else_known(kb: KnowledgeBase) -> None:
    result = assess(minimal(symptoms={"confusion": True}), knowledge=kb)
    assert result.triage.level == "emergency"
    assert "hyponatremia" in _flags(result)


def test_the_emergency_number_can_be_configured(kb: KnowledgeBase) -> None:
    result = assess(minimal(symptoms={"chest_pain": True}), knowledge=kb, emergency_number="000")
    assert "000" in result.plan[0].advice


def test_now_only_stamps_the_result(kb: KnowledgeBase) -> None:
    now = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    stamped = assess(LEG_DAY, knowledge=kb, now=now)
    assert stamped.assessed_at == "2026-11-24T12:00:00+00:00"
    plain = assess(LEG_DAY, knowledge=kb)
    assert plain.assessed_at is None
    assert stamped.model_copy(update={"assessed_at": None}) == plain


def test_bad_input_raises_input_error_naming_fields(kb: KnowledgeBase) -> None:
    with pytest.raises(InputError) as caught:
        assess({"twitch": {"regions": ["calf"], "duration_days": 1}, "workout": {"rpe": 20}}, knowledge=kb)
    assert [problem.field for problem in caught.value.problems] == ["workout.rpe"]


def test_every_assessment_carries_the_disclaimer(kb: KnowledgeBase) -> None:
    for report in (LEG_DAY, minimal(), minimal(symptoms={"chest_pain": True})):
        assert assess(report, knowledge=kb).disclaimer == kb.message("disclaimer")


def test_causes_carry_grades_and_honest_notes(kb: KnowledgeBase) -> None:
    result = assess(leg_day(hydration={"body_mass_after_kg": 59.0}), knowledge=kb)
    dehydration = next(cause for cause in result.causes if cause.id == "dehydration")
    assert dehydration.grade == "low"
    assert 0 < dehydration.score <= 1
    assert any("%" in line for line in dehydration.evidence)
    scores = [cause.score for cause in result.causes]
    assert scores == sorted(scores, reverse=True)


def test_an_emergency_asks_nothing_more(kb: KnowledgeBase) -> None:
    result = assess(minimal(symptoms={"chest_pain": True}), knowledge=kb)
    assert result.triage.level == "emergency"
    assert result.next_questions == []
    urgent = assess(minimal(symptoms={"weakness": "specific"}), knowledge=kb)
    assert urgent.next_questions
    assert "could change this advice" in urgent.triage.summary  # emergency signs are still unasked


def test_a_plain_model_dump_is_the_contract(
    kb: KnowledgeBase, assessment_validator: Draft202012Validator
) -> None:
    for report in (LEG_DAY, minimal(), minimal(symptoms={"dark_urine": True, "overheating": True})):
        dumped = assess(report, knowledge=kb).model_dump(mode="json")
        assessment_validator.validate(dumped)
        assert dumped["schema"] == "twitchcheck/assessment/2"
        assert "assessed_at" not in dumped  # absent rather than null when no `now` was given


def test_an_emergency_lists_no_causes_to_reassure_falsely(kb: KnowledgeBase) -> None:
    calm = assess(LEG_DAY, knowledge=kb)
    assert calm.causes
    emergency = assess(leg_day(symptoms={"chest_pain": True}), knowledge=kb)
    assert emergency.triage.level == "emergency"
    assert emergency.causes == []


def test_next_questions_ask_every_direct_emergency_sign_first(kb: KnowledgeBase) -> None:
    asked = [question.field for question in assess(minimal(), knowledge=kb).next_questions]
    signs = [f"symptoms.{name}" for name in EMERGENCY_FINDINGS]
    assert set(asked[: len(signs)]) == set(signs)
    rhabdo_setting = minimal(workout={"unaccustomed": True, "rpe": 10}, hydration={"urine_color": 8})
    assert "symptoms.dark_urine" in [q.field for q in assess(rhabdo_setting, knowledge=kb).next_questions]


def test_an_emergency_flag_gives_only_its_emergency_reasons(kb: KnowledgeBase) -> None:
    report = minimal(symptoms={"overheating": True, "confusion": True})  # both heat triggers fire
    (heat,) = [flag for flag in assess(report, knowledge=kb).red_flags if flag.id == "heat_illness"]
    assert heat.level == "emergency"
    entry = next(flag for flag in kb.red_flags if flag.id == "heat_illness")
    urgent_only = next(trigger for trigger in entry.triggers if trigger.level == "urgent")
    assert urgent_only.reason.split(";")[0] not in heat.reason


def test_signals_of_one_family_count_once_and_independent_ones_accumulate(kb: KnowledgeBase) -> None:
    one_intake = minimal(stimulants={"caffeine_mg": 250}, hydration={"body_mass_before_kg": 60})
    (stimulants,) = [c for c in assess(one_intake, knowledge=kb).causes if c.id == "stimulants"]
    # Over the single dose (0.25) and over 3 mg/kg (0.2) describe the same intake: the larger counts.
    assert set(stimulants.signals) == {"caffeine_over_single_dose", "caffeine_high_for_body_mass"}
    assert stimulants.score == pytest.approx(0.25)
    with_pre_workout = minimal(
        stimulants={"caffeine_mg": 250, "pre_workout_supplement": True}, hydration={"body_mass_before_kg": 60}
    )
    (more,) = [c for c in assess(with_pre_workout, knowledge=kb).causes if c.id == "stimulants"]
    assert more.score == pytest.approx(1 - (1 - 0.25) * (1 - 0.3))  # a separate piece of evidence adds up


def test_a_warning_outside_the_contract_ids_raises_the_level_in_its_own_field(
    kb: KnowledgeBase, assessment_validator: Draft202012Validator
) -> None:
    result = assess(minimal(stimulants={"caffeine_mg": 1400}), knowledge=kb)
    assert result.triage.level == "urgent"
    assert result.red_flags == []  # the contract's red-flag ids stay exactly the contract's
    assert [warning.id for warning in result.warnings] == ["caffeine_toxicity"]
    assert "1400 mg" in result.warnings[0].reason
    assert "A toxic amount of caffeine" in result.triage.summary
    assessment_validator.validate(result.model_dump(mode="json"))
    assert assess(minimal(stimulants={"caffeine_mg": 1199}), knowledge=kb).warnings == []
