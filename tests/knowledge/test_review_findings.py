"""The clinical review's 18 findings (issue 19), one test each: every one failed before the knowledge base
learnt the exercise emergencies beyond the seed, and each guards its fix. docs/hazard-log.md maps each finding
to its hazard and control."""

from __future__ import annotations

import re
from typing import Any

from twitchcheck import KnowledgeBase, assess
from twitchcheck.core.assessment import Assessment
from twitchcheck.text import parse_text

V2_FIELDS = {
    "fainted_or_collapsed", "palpitations", "sudden_severe_headache", "tense_painful_limb",
    "swollen_hands_or_feet", "tingling_lips_or_claw_hands", "jerking_movements", "agitation",
    "sickle_cell_trait",
}  # fmt: skip


def _report(**sections: dict[str, Any]) -> dict[str, Any]:
    """A report in version 1 of the format where it can be (so the test ran on the code before version 2)."""
    v2 = any(name in V2_FIELDS for values in sections.values() for name in values) or any(
        medicine in ("ssri_or_snri", "maoi", "tramadol")
        for medicine in sections.get("context", {}).get("medications", [])
    )
    schema = "twitchcheck/report/2" if v2 else "twitchcheck/report/1"
    report: dict[str, Any] = {"schema": schema, "twitch": {"regions": ["calf"], "duration_days": 0.1}}
    for name, values in sections.items():
        report.setdefault(name, {}).update(values)
    return report


def _words(result: Assessment) -> str:
    """Everything a person reads in an assessment, lower-cased."""
    parts = [result.triage.headline, result.triage.summary, result.disclaimer]
    for finding in (*result.red_flags, *result.warnings):
        parts += [finding.title, finding.reason, finding.what_to_do]
    parts += [step.advice for step in result.plan]
    parts += [f"{question.question} {question.why}" for question in result.next_questions]
    return " ".join(parts).lower()


def _flags(result: Assessment) -> set[str]:
    return {flag.id for flag in result.red_flags}


def _asks(result: Assessment, field: str) -> bool:
    return any(question.field == field for question in result.next_questions)


# High risk


def test_1_fainting_during_exercise_is_a_cardiac_emergency_and_palpitations_urgent(kb: KnowledgeBase) -> None:
    fainted = assess(
        _report(symptoms={"fainted_or_collapsed": True}, workout={"hours_ago": 0.5}), knowledge=kb
    )
    assert fainted.triage.level == "emergency"
    assert "cardiac" in _flags(fainted)
    assert "hyponatremia" not in _flags(fainted)
    racing = assess(_report(symptoms={"palpitations": True}), knowledge=kb)
    assert racing.triage.level == "urgent"
    for extra in ({"chest_pain": True}, {"fainted_or_collapsed": True}, {"trouble_breathing": True}):
        worse = assess(_report(symptoms={"palpitations": True, **extra}), knowledge=kb)
        assert worse.triage.level == "emergency", extra
    assert _asks(assess(_report(), knowledge=kb), "symptoms.fainted_or_collapsed")
    assert {"symptoms.fainted_or_collapsed", "symptoms.palpitations"} <= {q.id for q in kb.questions}
    read = parse_text("I fainted at the end of my run and my calves are twitching").fields["symptoms"]
    assert read.get("fainted_or_collapsed") is True
    assert "confusion" not in read


def test_2_confusion_after_exercise_without_heat_names_heat_stroke_and_says_cool(kb: KnowledgeBase) -> None:
    result = assess(_report(symptoms={"confusion": True}, workout={"hours_ago": 1}), knowledge=kb)
    assert result.triage.level == "emergency"
    words = _words(result)
    assert "heat stroke" in words
    assert "heart" in words
    assert re.search(r"if the skin (?:is|feels) hot.{0,40}cool", words)


def test_3_a_sudden_worst_ever_headache_is_an_emergency(kb: KnowledgeBase) -> None:
    result = assess(_report(symptoms={"sudden_severe_headache": True}), knowledge=kb)
    assert result.triage.level == "emergency"
    assert "thunderclap_headache" in _flags(result)
    assert result.plan[0].id == "call_emergency"


def test_4_swollen_hands_are_asked_and_water_is_not_advised_blindly_after_long_events(
    kb: KnowledgeBase,
) -> None:
    long_event = {"kind": "endurance", "duration_min": 300}
    unknown = assess(_report(workout=long_event), knowledge=kb)
    assert _asks(unknown, "symptoms.swollen_hands_or_feet")
    hydrate = next(step.advice for step in unknown.plan if step.id == "hydrate").lower()
    assert "thirst" in hydrate
    assert "salt" in hydrate
    assert "glass" not in hydrate
    puffy = assess(_report(workout=long_event, symptoms={"swollen_hands_or_feet": True}), knowledge=kb)
    assert puffy.triage.level == "urgent"
    assert "hyponatremia" in _flags(puffy)
    assert "stop drinking plain water" in _words(puffy)


def test_5_a_tense_painful_limb_is_an_emergency_and_numbness_matters(kb: KnowledgeBase) -> None:
    result = assess(_report(symptoms={"tense_painful_limb": True}), knowledge=kb)
    assert result.triage.level == "emergency"
    assert "compartment_syndrome" in _flags(result)
    numbness = next(q for q in kb.questions if q.id == "symptoms.numbness_or_tingling")
    assert "does not change how urgent" not in numbness.help.lower()
    assert "emergency" in numbness.help.lower()


def test_6_collapse_with_sickle_cell_trait_is_exertional_sickling_and_the_trait_is_asked(
    kb: KnowledgeBase,
) -> None:
    result = assess(
        _report(symptoms={"fainted_or_collapsed": True}, context={"sickle_cell_trait": True}), knowledge=kb
    )
    assert result.triage.level == "emergency"
    assert "exertional_sickling" in _flags(result)
    weak = assess(_report(symptoms={"weakness": "specific"}), knowledge=kb)
    assert _asks(weak, "context.sickle_cell_trait")


# Medium


def test_7_tingling_lips_with_claw_hands_is_a_doctor_today_not_stretches(kb: KnowledgeBase) -> None:
    result = assess(_report(symptoms={"tingling_lips_or_claw_hands": True}), knowledge=kb)
    assert result.triage.level == "urgent"
    assert "tetany" in _flags(result)
    assert "stretch_cool_down" not in {step.id for step in result.plan}
    numbness = next(q for q in kb.questions if q.id == "symptoms.numbness_or_tingling")
    assert "lips" in numbness.help.lower()


def test_8_statins_with_muscle_symptoms_mean_a_doctor_straight_away(kb: KnowledgeBase) -> None:
    cramps = _report(context={"medications": ["statin"]})
    cramps["twitch"]["painful_cramps"] = True
    result = assess(cramps, knowledge=kb)
    assert result.triage.level == "urgent"
    assert "straight away" in _words(result)
    assert "next contact" not in _words(result)
    medication = next(cause for cause in kb.causes if cause.id == "medication")
    assert next(s for s in medication.signals if s.id == "statin").weight >= 0.3


def test_9_serotonin_toxicity_is_recognised_and_the_medicines_are_asked(kb: KnowledgeBase) -> None:
    result = assess(
        _report(
            context={"medications": ["ssri_or_snri"]},
            symptoms={"jerking_movements": True, "agitation": True},
            stimulants={"pre_workout_supplement": True},
        ),
        knowledge=kb,
    )
    assert result.triage.level == "emergency"
    assert "serotonin_toxicity" in _flags(result)
    question = next(q for q in kb.questions if q.id == "context.medications")
    offered = {str(option.value) for option in question.options or ()}
    assert {"ssri_or_snri", "maoi", "tramadol"} <= offered


def test_10_caffeine_limits_for_adolescents_and_symptoms(kb: KnowledgeBase) -> None:
    teen = assess(
        _report(person={"age": 15}, stimulants={"caffeine_mg": 300}, hydration={"body_mass_after_kg": 50}),
        knowledge=kb,
    )
    advice = next(step.advice for step in teen.plan if step.id == "reduce_stimulants")
    assert "3 mg per kg" in advice or "3 mg/kg" in advice
    assert kb.constants.caffeine_adolescent_daily_mg_per_kg == 3
    racing = assess(_report(stimulants={"caffeine_mg": 600}, symptoms={"palpitations": True}), knowledge=kb)
    assert racing.triage.level != "self_care"


def test_11_coconut_water_is_not_a_food_in_the_salts_from_food_advice(kb: KnowledgeBase) -> None:
    result = assess(
        _report(
            workout={"duration_min": 300},
            hydration={"fluid_ml": 4000, "body_mass_before_kg": 70, "body_mass_after_kg": 71},
        ),
        knowledge=kb,
    )
    advice = next(step.advice for step in result.plan if step.id == "avoid_overdrinking").lower()
    assert "coconut" not in advice


def test_12_heat_first_aid_cools_first_and_calls_after_30_minutes_without_improvement(
    kb: KnowledgeBase,
) -> None:
    heat = next(flag for flag in kb.red_flags if flag.id == "heat_illness")
    words = heat.what_to_do.lower()
    assert words.index("cool") < words.index("call the emergency number")
    assert "30 minutes" in words


def test_13_no_reassurance_with_tongue_twitching_or_wasting(kb: KnowledgeBase) -> None:
    tongue = _report(twitch={"regions": ["tongue"], "duration_days": 3})
    wasting = _report(twitch={"regions": ["calf"], "duration_days": 3}, symptoms={"muscle_wasting": True})
    for report in (tongue, wasting):
        words = _words(assess(report, knowledge=kb))
        assert "harmless" not in words
        assert "without delay" in words


def test_14_merck_says_right_away_and_cramps_with_warning_signs_escalate(kb: KnowledgeBase) -> None:
    merck = kb.sources["merck_cramps"]
    assert "right away" in (merck.note or "")
    weak = _report(symptoms={"weakness": "specific"})
    weak["twitch"]["painful_cramps"] = True
    result = assess(weak, knowledge=kb)
    assert result.triage.level != "self_care"
    assert "cramps_warning_signs" in {warning.id for warning in result.warnings}


# Low


def test_15_muscle_fatigue_evidence_is_graded_low(kb: KnowledgeBase) -> None:
    assert next(cause for cause in kb.causes if cause.id == "muscle_fatigue").grade == "low"


def test_16_stretching_is_not_said_to_prevent_twitches(kb: KnowledgeBase) -> None:
    texts = [variant.text for advice in kb.advice for variant in advice.variants]
    texts += [stretch.how for stretch in kb.stretches]
    claims = [
        sentence
        for text in texts
        for sentence in re.split(r"(?<=[.;])\s", text.lower())
        if re.search(r"prevent|less likely|fewer", sentence) and "twitch" in sentence
    ]
    assert all(re.search(r"not (?:been )?(?:shown|proven)", claim) for claim in claims), claims


def test_17_a_single_vomit_with_weight_down_after_a_long_ride_is_not_an_emergency(kb: KnowledgeBase) -> None:
    result = assess(
        _report(
            workout={"kind": "endurance", "duration_min": 300},
            hydration={"body_mass_before_kg": 72, "body_mass_after_kg": 70.5},
            symptoms={"severe_headache_or_vomiting": True, "confusion": False},
        ),
        knowledge=kb,
    )
    assert result.triage.level != "emergency"


def test_18_slips_seed_article_same_day_blood_test_stroke_page_and_adults(kb: KnowledgeBase) -> None:
    texts = [message.text for message in kb.messages.values()]
    for entry in (*kb.red_flags, *kb.warnings):
        texts += [entry.summary, entry.what_to_do, *(trigger.reason for trigger in entry.triggers)]
    texts += [variant.text for advice in kb.advice for variant in advice.variants]
    assert not [text for text in texts if "seed article" in text.lower()]
    for entry in kb.red_flags:
        for trigger in entry.triggers:
            if trigger.level == "emergency":
                assert "blood test the same day" not in trigger.reason.lower(), entry.id
    chest = next(q for q in kb.questions if q.id == "symptoms.chest_pain")
    cited = {reference.source for reference in chest.references}
    assert "nhs_chest_pain" in cited
    assert "nhs_stroke" not in cited
    assert "adult" in assess(_report(), knowledge=kb).disclaimer.lower()
