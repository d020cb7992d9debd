"""Free text to report fields: units, negation, uncertainty, effort, notes, and bad input."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.text.support import flatten
from twitchcheck import InputError, KnowledgeBase, Understanding, parse_report
from twitchcheck.text import MAX_TEXT_CHARS, parse_text


def fields(text: str) -> dict[str, object]:
    return flatten(parse_text(text).fields)


@pytest.mark.parametrize(
    ("text", "path", "value"),
    [
        ("drank 3,000 ml", "hydration.fluid_ml", 3000),
        ("drank 1.5 litres", "hydration.fluid_ml", 1500),
        ("drank 1,5 litres", "hydration.fluid_ml", 1500),
        ("drank 16 oz of water", "hydration.fluid_ml", 473.2),
        ("drank 500ml", "hydration.fluid_ml", 500),
        ("154 lb before and 151 lb after", "hydration.body_mass_before_kg", 69.9),
        ("70 kg before and 68.9 after", "hydration.body_mass_after_kg", 68.9),
        ("4 coffees", "stimulants.caffeine_mg", 384),
        ("300 mg of caffeine", "stimulants.caffeine_mg", 300),
        ("a pre-workout with 300 mg caffeine", "stimulants.caffeine_mg", 300),
    ],
)
def test_quantities_with_units(text: str, path: str, value: float) -> None:
    assert fields(text)[path] == pytest.approx(value, abs=0.1)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("calves twitching since yesterday", 1),
        ("calves twitching for three weeks", 21),
        ("calves started twitching 2 hours ago", 2 / 24),
        ("calves twitching on and off for a month", 30),
        ("calves twitching for half an hour", 0.5 / 24),
        ("calves twitching for 10 days", 10),
    ],
)
def test_durations(text: str, days: float) -> None:
    assert fields(text)["twitch.duration_days"] == pytest.approx(days, abs=0.002)


def test_negation_sets_false_and_a_later_clause_is_not_negated() -> None:
    understood = fields("no weakness, not short of breath, no chest pain but my pee looks like cola")
    assert understood["symptoms.weakness"] == "none"
    assert understood["symptoms.trouble_breathing"] is False
    assert understood["symptoms.chest_pain"] is False
    assert understood["symptoms.dark_urine"] is True


def test_an_uncertain_warning_sign_is_set_and_says_so() -> None:
    understanding = parse_text("maybe a bit weaker? calves twitching since yesterday")
    assert understanding.fields["symptoms"]["weakness"] == "specific"
    assert understanding.uncertain_fields == ["symptoms.weakness"]
    (note,) = understanding.notes_for("symptoms.weakness")
    assert note.uncertain
    assert note.words == "weaker"


def test_effort_breathlessness_is_not_trouble_breathing_and_is_said_to_be_ignored() -> None:
    understanding = parse_text("out of breath during the sprints but fine now, calves twitching for an hour")
    assert "trouble_breathing" not in understanding.fields.get("symptoms", {})
    (ignored,) = understanding.ignored
    assert ignored.field == "symptoms.trouble_breathing"
    assert ignored.words == "out of breath"


def test_breathlessness_that_goes_on_at_rest_counts() -> None:
    assert fields("still out of breath lying down hours later")["symptoms.trouble_breathing"] is True


def test_dark_yellow_is_a_urine_colour_not_cola_urine() -> None:
    understood = fields("pee is dark yellow")
    assert understood["hydration.urine_color"] == 6
    assert "symptoms.dark_urine" not in understood


def test_notes_quote_the_original_words_at_their_offsets() -> None:
    text = "İ did LEGS yesterday – my CALVES are twitching, no weakness"  # noqa: RUF001 - a real en dash
    understanding = parse_text(text)
    assert understanding.notes
    for note in understanding.notes:
        assert text[note.start : note.end] == note.words
    assert any(note.words == "CALVES" for note in understanding.notes_for("twitch.regions"))


def test_parse_report_on_text_returns_an_understanding() -> None:
    understanding = parse_report("left calf twitching since yesterday")
    assert isinstance(understanding, Understanding)
    assert understanding.report is not None
    assert understanding.report.twitch.regions == ["calf"]
    assert understanding.report.twitch.side == "left"
    assert understanding.missing == []
    as_json = understanding.to_json()
    assert as_json["complete"] is True
    assert {note["field"] for note in as_json["notes"]} >= {"twitch.regions", "twitch.duration_days"}


def test_missing_required_fields_are_named() -> None:
    understanding = parse_text("had 4 coffees")
    assert understanding.report is None
    assert understanding.missing == ["twitch.regions", "twitch.duration_days"]
    assert understanding.fields == {"stimulants": {"caffeine_mg": 384.0}}
    assert "no twitch location understood (which muscle twitches?)" in understanding.warnings


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("", "no text"),
        ("   \n ", "no text"),
        ("Mir zuckt seit gestern die Wade", "could not understand any twitch description"),
        ("\U0001f4aa\U0001f3cb\ufe0f\U0001f629", "could not understand any twitch description"),
    ],
)
def test_text_with_nothing_to_understand(text: str, warning: str) -> None:
    understanding = parse_text(text)
    assert understanding.notes == []
    assert understanding.warnings[0] == warning


def test_too_long_text_is_refused_before_parsing() -> None:
    with pytest.raises(InputError, match="100,000 characters"):
        parse_text("calves twitching " * 10_000)  # how fast: bench/bench_outside.py


def test_text_at_the_limit_is_parsed_in_bounded_time() -> None:
    text = ("calves twitching since yesterday, no weakness, 2 coffees. " * 2000)[:MAX_TEXT_CHARS]
    understanding = parse_text(text)  # how long it takes: bench/bench_outside.py
    assert understanding.report is not None


def test_values_the_report_refuses_are_dropped_with_a_warning() -> None:
    understanding = parse_text("calves twitching for 20 years")  # 7,300 days: over the contract's 3,650
    assert "duration_days" not in understanding.fields.get("twitch", {})
    assert any("twitch.duration_days" in warning for warning in understanding.warnings)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        # A story is held to what its field's own phrasings treat as describing something else.
        ("calf flickers since Tuesday, mostly when I'm slumped on the sofa at night", "fainted_or_collapsed"),
        ("twitching for years. I read it can be a concern, so I am a bit confuse.", "confusion"),
    ],
)
def test_a_story_said_of_something_else_is_ignored_and_says_why(text: str, field: str) -> None:
    understanding = parse_text(text)
    assert field not in understanding.fields.get("symptoms", {})
    assert any(
        item.field == f"symptoms.{field}" and "describes something else" in item.reason
        for item in understanding.ignored
    )


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("he slumped against the fence after the finish and would not wake up", "fainted_or_collapsed"),
        ("after the race he was confused and kept asking where he was", "confusion"),
        ("my brother seemed a bit confused after the marathon", "confusion"),
    ],
)
def test_the_same_stories_told_plainly_still_count(text: str, field: str) -> None:
    assert parse_text(text).fields["symptoms"][field] is True


@pytest.mark.parametrize(
    "text",
    [
        "I had my hip replaced last March and went back to tennis on Monday. Since then my buttock twitches.",
        "Went back to tennis on Monday after my hip was replaced last March, and my buttock twitches since.",
    ],
)
def test_of_two_workouts_told_the_report_counts_from_the_latest(text: str) -> None:
    # 2026-11-27 is a Friday: Monday's tennis was 4 days ago, last March's operation about 8 months.
    understanding = parse_text(text, now=datetime(2026, 11, 27, 18, 0))
    assert understanding.fields["workout"]["hours_ago"] <= 5 * 24


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        # A group name told again about a muscle of that group is that muscle...
        ("since yesterday my left bicep keeps flickering when i rest my arm on the desk", ["biceps"]),
        ("my calf has twitched for two days, mostly when my leg is up on the sofa", ["calf"]),
        # ...unless words before it widen it: a spread is never narrowed away.
        ("my bicep twitched for two days, now my whole arm twitches", ["biceps", "triceps", "forearm"]),
        ("calf twitching for a week and it has spread to both legs", ["calf", "quadriceps", "hamstring"]),
        ("twitching in my calf and arms for a week", ["calf", "biceps", "triceps", "forearm"]),
    ],
)
def test_a_group_name_said_of_one_of_its_muscles_is_that_muscle(text: str, regions: list[str]) -> None:
    assert sorted(parse_text(text).fields["twitch"]["regions"]) == sorted(regions)


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("calf twitching for a week and it has spread to my other leg", "hamstring"),
        ("calf twitching for a week, now it has moved up into my thigh", "quadriceps"),
        ("twitching in my left foot for ten days, it is spreading to my right arm", "forearm"),
    ],
)
def test_where_twitching_has_spread_to_twitches_too(text: str, region: str) -> None:
    assert region in parse_text(text).fields["twitch"]["regions"]


def test_a_trained_group_named_after_a_twitching_muscle_stays_a_worked_region() -> None:
    found = parse_text("calves twitching since yesterday after I did legs").fields
    assert found["twitch"]["regions"] == ["calf"]
    assert set(found["workout"]["worked_regions"]) >= {"quadriceps", "hamstring", "calf"}


@pytest.mark.parametrize(
    ("text", "days"),
    [
        # How often it comes back is not how long it has gone on.
        (
            "hand twitching in short bursts, now every 10-15 minutes. Ten days or so, getting more frequent",
            10,
        ),
        ("my calf twitches every few seconds for the past 3 weeks", 21),
        # Since childhood: years, taken as the longest the report holds, marked vague.
        ("the twitching in my calf I have since I was small", 3650),
        ("my eyelid and calves have twitched for as long as I can remember", 3650),
    ],
)
def test_an_interval_is_not_a_duration_and_childhood_is_years(text: str, days: float) -> None:
    assert parse_text(text).fields["twitch"]["duration_days"] == pytest.approx(days)


@pytest.mark.parametrize(
    ("text", "breathing"),
    [
        # Said of the weather, "suffocating" is a figure of speech...
        ("the humidity was suffocating on my run, calves twitching after", False),
        ("suffocating heat today, calves twitching after the run", False),
        # ...said of a person, it is trouble breathing.
        ("I wake up at night feeling like I'm suffocating, calves twitching for a week", True),
        ("he was suffocating after the race and his legs twitched", True),
        # A phrasing spelt "like im drowning" matches however the apostrophe is typed.
        ("feel like I'm drowning, calves twitching for a week", True),
        ("feel like im drowning, calves twitching for a week", True),
    ],
)
def test_suffocating_air_is_not_trouble_breathing(text: str, breathing: bool) -> None:
    assert parse_text(text).fields.get("symptoms", {}).get("trouble_breathing", False) is breathing


def test_twitching_now_in_other_places_after_it_started_in_one_spreads_there() -> None:
    found = parse_text(
        "did legs 5 days ago and the twitching started in my quads, but now its in my arms, my back, my neck"
    ).fields["twitch"]
    assert {"quadriceps", "biceps", "upper_back", "neck"} <= set(found["regions"])
    # ...and the sentence that dates the workout says the twitching began then: five days, not a few hours
    assert found["duration_days"] == pytest.approx(5.0)


def test_now_its_in_names_a_place_only_after_twitching_was_told() -> None:
    said = parse_text("calf twitching for 2 days. now its in my head that it is something bad")
    assert said.fields["twitch"]["regions"] == ["calf"]


BYSTANDER_SIGNS = [
    ("he keeps asking me the same questions over and over, calf twitching for an hour", "symptoms.confusion"),
    ("he started going down and his legs keep folding, calves twitching for 10 minutes",
     "symptoms.fainted_or_collapsed"),
    ("racked the bar and my head was instantly pounding, neck twitching for an hour",
     "symptoms.sudden_severe_headache"),
    ("I breathe very fast because I was scared and my hands are like a claw, lips tingling, "
     "hands twitching for 20 minutes", "symptoms.trouble_breathing"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "path"), BYSTANDER_SIGNS)
def test_emergency_signs_told_in_a_bystanders_or_a_frightened_persons_words(text: str, path: str) -> None:
    assert fields(text)[path] is True


@pytest.mark.parametrize(
    "text",
    [
        "20 mins after the pre my heart was pounding like a drum, little twitches in my arms for an hour",
        "cramping both calves at the line, gone with passive stretch in 5 min, twitching for 10 minutes",
    ],
)
def test_a_heartbeat_or_a_stretch_given_is_not_a_tense_painful_limb(text: str) -> None:
    assert "symptoms.tense_painful_limb" not in fields(text)


def test_pain_on_passive_stretch_of_a_hard_shin_is_still_a_tense_painful_limb() -> None:
    assert fields("shin is swollen and hard, pain on passive stretch, twitching for 2 hours")[
        "symptoms.tense_painful_limb"
    ]


@pytest.mark.parametrize(
    ("text", "weakness"),
    [
        ("calf twitching for 3 days. I scored twice this week, so I don't think anything is weak.", "none"),
        ("calf twitching for 3 days. I don't think I'm weak.", "none"),
        # a doubt in the sentence leaves it unsure, and an unsure warning sign counts (recall first)
        ("calf twitching for 3 days. I don't think I'm weak? I can still open jars", "specific"),
    ],
)
def test_a_softened_denial_denies_unless_the_sentence_doubts_it(text: str, weakness: str) -> None:
    assert fields(text)["symptoms.weakness"] == weakness


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("calf twitching every day since mid-February", 38.958),
        ("my eyelid started twitching the week I started my new job, which was the 10th of March, and it "
         "hasn't stopped since", 10.5),
    ],
)  # fmt: skip
def test_a_date_told_as_mid_month_or_as_what_the_onset_was(text: str, days: float) -> None:
    found = parse_text(text, now=datetime(2026, 3, 20, 23)).fields["twitch"]["duration_days"]
    assert found == pytest.approx(days, abs=0.5)


def test_a_muscle_that_joined_in_twitches_too() -> None:
    found = parse_text("my eyelid started twitching last month. A week after that my right calf joined in")
    assert found.fields["twitch"]["regions"] == ["eyelid", "calf"]


def test_twitching_that_began_days_ago_and_comes_whenever_at_rest_has_gone_on_since() -> None:
    found = parse_text("Two days ago my thumb muscle started twitching whenever my hand is relaxed").fields[
        "twitch"
    ]
    assert found["duration_days"] == pytest.approx(2.0)
    # ...while a stretch of weeks with episodes after each session stays a pattern, each episode passing
    assert (
        "duration_days"
        not in parse_text("For six weeks, after every session my calves twitch").fields["twitch"]
    )


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("sprint repeats last night, on the 6th rep my hamstring cramped, today it keeps twitching", 0.25),
        ("I go gym 4 month. Today after shoulders my arm is jumping, now 2 hour after", 0.083),
    ],
)  # fmt: skip
def test_a_count_in_a_session_a_habit_or_a_weekly_pattern_is_not_how_long_it_twitches(
    text: str, days: float
) -> None:
    found = parse_text(text, now=datetime(2026, 7, 29, 8, 30)).fields["twitch"]
    assert found["duration_days"] == pytest.approx(days, abs=0.3)


def test_years_of_a_weekly_pattern_whose_episodes_pass_are_not_one_episode() -> None:
    text = (
        "For a couple of years now my calves twitch on the Wednesday evening after the walk, and it's all "
        "gone by Thursday teatime. It started again last night as usual."
    )
    assert parse_text(text, now=datetime(2026, 1, 15, 8, 30)).fields["twitch"]["duration_days"] < 1


_EVENING = datetime(2026, 9, 14, 19, 0)


@pytest.mark.parametrize(
    "text",
    [
        "Today was the hottest day of the year. Once I was home I noticed little twinges all over my calves.",
        "legs died on the hill today haha. quads n calves twitching now on the sofa",
    ],
)
def test_a_story_of_today_dates_the_twitching_from_today_and_says_it_is_a_guess(text: str) -> None:
    understanding = parse_text(text, now=_EVENING)
    assert "twitch.duration_days" not in understanding.missing
    assert understanding.fields["twitch"]["duration_days"] < 1
    assert "twitch.duration_days" in understanding.uncertain_fields


@pytest.mark.parametrize(
    "text",
    [
        "Today was hot. Sitting at home my calf is twitching again.",
        "Today was a long day at work. My calf twitches on and off, it usually does.",
        "Today was hot. My calves twitch, they often do.",
    ],
)
def test_today_does_not_date_twitching_that_goes_back_before_today(text: str) -> None:
    understanding = parse_text(text, now=_EVENING)
    assert "twitch.duration_days" in understanding.missing  # asked, not guessed


STROKE = "symptoms.sudden_face_or_limb_weakness"


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("my shoulder has been jumping for two three weeks", 17.5),
        ("thigh flickering for like three four days now", 3.5),
        ("calf twitch going ten fifteen days", 12.5),
    ],
)
def test_two_number_words_said_side_by_side_are_a_range(text: str, days: float) -> None:
    assert fields(text)["twitch.duration_days"] == pytest.approx(days)


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("after the ride the right side of my face was sliding down", STROKE),
        ("since the swim the left side of my mouth is slipping down", STROKE),
        ("his words came out mushed after the match", "symptoms.slurred_speech"),
        ("woke up after the hike and cant feel my right arm at all", STROKE),
        ("got off the rower and my left leg just wasnt there", STROKE),
        ("heartburn started two miles in. it got so bad i had to stop and walk", "symptoms.chest_pain"),
        ("hot race, my mate is not sweating and he doesnt look right", "symptoms.confusion"),
        ("on the sofa after training my heart went mental, 205 on the watch", "symptoms.palpitations"),
    ],
)
def test_signs_told_in_plain_words_are_read(text: str, path: str) -> None:
    assert fields(text).get(path) is True


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("gels give me heartburn sometimes, calves twitching after the long run", "symptoms.chest_pain"),
        ("my face twitches on the left side after a hard session", STROKE),
        ("cant feel my toes in these new shoes, calf twitching since the race", STROKE),
    ],
)
def test_the_same_words_without_the_sign_are_not(text: str, path: str) -> None:
    assert fields(text).get(path) is not True


def test_a_headache_that_comes_with_every_workout_is_the_safety_nets_exercise_headache() -> None:
    understood = parse_text("for a month now a bad headache comes every time I work out, whatever I do")
    assert "exercise_headache" in understood.outside_signs


@pytest.mark.parametrize(
    ("text", "path", "value"),
    [
        ("calves twitching 3 days, and if I get up fast I pass out", "symptoms.fainted_or_collapsed", True),
        ("calf twitching 2 days, sometimes I pass out after sprints", "symptoms.fainted_or_collapsed", True),
        ("my chest is in so much pain after the run, calf twitching 1 day", "symptoms.chest_pain", True),
        ("if I get up too fast I will pass out, calf twitch 2 days", "symptoms.fainted_or_collapsed", None),
        ("if I get chest pain I will call 999, calf twitch 2 days", "symptoms.chest_pain", None),
        ("calf twitching 2 days and I dont pass out", "symptoms.fainted_or_collapsed", False),
    ],
)
def test_a_sign_in_what_follows_a_condition_is_had_and_so_as_a_degree_does_not_cut(
    text: str, path: str, value: object
) -> None:
    assert fields(text).get(path) == value


@pytest.mark.parametrize(
    ("text", "path", "value"),
    [
        ("did sprints in the heat, legs went crampy and I fell and couldn't get back up, calves twitching "
         "for an hour", "symptoms.fainted_or_collapsed", True),
        ("hard hill session, my legs won't hold me now, quads twitching for an hour", "symptoms.weakness",
         "specific"),
        ("the old bench won't hold my weight any more, biceps twitching for 20 minutes",
         "symptoms.weakness", None),  # a bench, not legs
    ],
)  # fmt: skip
def test_a_fall_one_cannot_get_up_from_and_legs_that_will_not_hold_one(
    text: str, path: str, value: object
) -> None:
    assert fields(text).get(path) == value


def test_sickle_cell_trait_and_legs_that_give_out_in_sprints_is_an_emergency() -> None:
    from twitchcheck.text.assess import assess_understanding

    text = (
        "i have sickle cell trait. coach had us doing sprints in the heat and my legs went crampy and then "
        "just gave out, i fell and my legs wont hold me. hamstrings still twitching"
    )
    assessment = assess_understanding(parse_text(text, now=datetime(2026, 8, 20, 17))).assessment
    assert assessment.triage.level == "emergency"
    assert "exertional_sickling" in [flag.id for flag in assessment.red_flags]


@pytest.mark.parametrize(
    ("text", "stroke"),
    [
        ("went over in the shower and my whole left side has no feeling, calf twitching all day", True),
        ("he's awake but his left arm and left leg won't lift, calves twitching since the lift", True),
        ("the right side of my mouth was hanging down, calves twitching after the walk", True),
        ("something's wrong with my face like the left side it feels like it's sliding down, calf twitching",
         True),
        # one worked muscle, or a side that is only sore, is not a stroke
        ("my left calf feels heavy and weak after the hill run, twitching for an hour", False),
        ("left side of my back is sore from deadlifts, twitching since this morning", False),
        ("my right side hurts after the race, quads twitching for 2 hours", False),
    ],
)  # fmt: skip
def test_a_side_of_the_body_that_fails_or_a_face_that_hangs_is_a_stroke_sign(text: str, stroke: bool) -> None:
    assert bool(fields(text).get("symptoms.sudden_face_or_limb_weakness")) is stroke


@pytest.mark.parametrize(
    ("text", "weakness"),
    [
        ("left hand twitching for a month and I can't do the top button on my shirt with it any more",
         "specific"),
        ("forearm twitching for six weeks, and over the last fortnight I've been struggling to open jars",
         "specific"),
        ("hand twitching for 2 months, I keep dropping cups", "specific"),
        # hard stairs or a low sofa after leg day is soreness; a new bottle is only a bottle
        ("calves twitching since leg day yesterday, the stairs are harder today", None),
        ("quads twitching since squats, getting off the sofa is a struggle", None),
        ("bought a new water bottle for the gym, calf twitching for an hour", None),
    ],
)  # fmt: skip
def test_weakness_told_by_a_hand_task_that_has_become_hard(text: str, weakness: str | None) -> None:
    assert fields(text).get("symptoms.weakness") == weakness


@pytest.mark.parametrize(
    ("text", "path", "value"),
    [
        # words that look like a sign and say something else
        ("woke with a faint numbness from the knee to the foot, calf twitching for 2 days",
         "symptoms.fainted_or_collapsed", None),
        ("coming back up to standing from bent over sets my lower back off, spasms for a week",
         "symptoms.severe_headache_or_vomiting", None),
        ("tweaked my back deadlifting and was stuck on the floor, back spasms for 3 days",
         "symptoms.fainted_or_collapsed", None),
        # ...and signs told in words the reader had missed
        ("race in the heat, a group caught me and that's the last thing I remember. calves twitching now",
         "symptoms.fainted_or_collapsed", True),
        ("after 3 miles every deep breath gave a sharper stab in my chest, calves twitching after",
         "symptoms.chest_pain", True),
        ("just started back in the pool and today my chest feels tight on every lap, calf twitching",
         "symptoms.chest_pain", True),
    ],
)  # fmt: skip
def test_look_alikes_state_nothing_and_plain_words_state_the_sign(
    text: str, path: str, value: object
) -> None:
    assert fields(text).get(path) == value


def test_bulging_discs_are_not_a_bulging_fontanelle(kb: KnowledgeBase) -> None:
    from twitchcheck.text.assess import assess_understanding

    text = "MRI showed two bulging discs, lower back spasms for a week after deadlifts, no numbness"
    result = assess_understanding(parse_text(text, now=datetime(2026, 5, 1, 9)), knowledge=kb)
    assert "meningitis" not in [warning.id for warning in result.assessment.warnings]


def test_what_a_plan_says_to_come_back_for_is_not_had_yet() -> None:
    text = (
        "28M c/o twitching L calf x5/7. Nil weakness. Power 5/5. Imp: benign fasciculation. "
        "Plan: reassure. Return if persists >2/52, spreads or any weakness."
    )
    understood = parse_text(text, now=datetime(2026, 6, 1, 12))
    assert understood.fields["symptoms"]["weakness"] == "none"
    assert understood.fields["twitch"]["duration_days"] == pytest.approx(5.0)
    assert any("plan" in item.reason for item in understood.ignored if item.words.strip() == "2/52")


@pytest.mark.parametrize(
    ("text", "path", "value"),
    [
        ("after the ride his urine is brown, close to black, not just dark yellow. calves twitching",
         "symptoms.dark_urine", True),
        ("my pee is dark yellow after the long ride, calves twitching for an hour", "symptoms.dark_urine",
         None),
        ("she drank at every aid station, now she feels sick and is starting to wobble on her feet, calves "
         "twitching", "symptoms.fainted_or_collapsed", True),
    ],
)  # fmt: skip
def test_a_denied_look_alike_does_not_cancel_a_sign_and_an_unsteady_runner_is_a_near_collapse(
    text: str, path: str, value: object
) -> None:
    assert fields(text).get(path) == value


def test_from_a_date_is_since_it_unless_a_range_follows() -> None:
    now = datetime(2026, 11, 1, 12)
    assert parse_text("From about 10 October I have twitching in my calf", now=now).fields["twitch"][
        "duration_days"
    ] == pytest.approx(22.0, abs=0.5)
    assert "duration_days" not in parse_text("from 3 to 5 October I had calf twitching", now=now).fields.get(
        "twitch", {}
    )


def test_a_runner_who_fell_with_no_pulse_is_an_emergency(kb: KnowledgeBase) -> None:
    from twitchcheck.text.assess import assess_understanding

    text = "a runner just fell in front of me, now I don't think he's breathing and I can't feel a pulse"
    result = assess_understanding(parse_text(text, now=datetime(2026, 5, 1, 9)), knowledge=kb)
    assert result.assessment.triage.level == "emergency"
