"""The plain answer every result leads with, and the ALS/MND note that is never shown with a red flag."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twitchcheck import assess
from twitchcheck.core.report import LEVELS
from twitchcheck.knowledge.loader import KnowledgeBase
from twitchcheck.testing import leg_day, minimal

CALM = minimal(twitch={"regions": ["calf"], "duration_days": 0.2, "started": "after_workout"})


@pytest.mark.parametrize(
    ("report", "level"),
    [
        (CALM, "self_care"),
        (minimal(duration_days=20), "see_doctor"),
        (leg_day(symptoms={"weakness": "specific"}), "urgent"),
        (minimal(symptoms={"chest_pain": True}), "emergency"),
    ],
)
def test_every_level_has_three_plain_lines_from_the_knowledge_base(
    kb: KnowledgeBase, report: dict[str, object], level: str
) -> None:
    result = assess(report, knowledge=kb, emergency_number="999")
    assert result.level == level
    answer = result.answer
    assert answer is not None
    assert answer.likely
    assert answer.do_now
    assert answer.more_urgent
    if level == "emergency":
        assert answer.do_now.startswith("Call 999 now.")
    else:
        assert answer.do_now == kb.levels[level].action
    assert answer.sources
    assert set(answer.sources) <= {source.id for source in result.sources}


def test_the_most_serious_sign_is_what_it_most_likely_is(kb: KnowledgeBase) -> None:
    result = assess(minimal(duration_days=20, symptoms={"chest_pain": True}), knowledge=kb)
    assert result.answer is not None
    assert result.answer.likely == "What matters most: chest pain."


def test_without_a_sign_the_top_cause_leads(kb: KnowledgeBase) -> None:
    result = assess(leg_day(), knowledge=kb)
    assert result.answer is not None
    assert result.red_flags == []
    assert result.answer.likely.startswith(f"Most likely: {result.causes[0].title.lower()}")


def test_the_als_note_shows_on_a_calm_result_with_its_grade_and_sources(kb: KnowledgeBase) -> None:
    result = assess(CALM, knowledge=kb)
    assert [note.id for note in result.notes] == ["twitching_without_weakness"]
    note = result.notes[0]
    assert note.grade == "low"
    assert {"neurology_2017_bfs", "turner_talbot_2013"} <= set(note.sources)
    assert set(note.sources) <= {source.id for source in result.sources}


def test_a_see_a_doctor_result_without_a_red_flag_answers_the_worry_too(kb: KnowledgeBase) -> None:
    cramps_at_rest = minimal(
        twitch={"regions": ["calf"], "duration_days": 1, "painful_cramps": True, "started": "at_rest"}
    )
    result = assess(cramps_at_rest, knowledge=kb)
    assert result.level == "see_doctor"
    assert result.red_flags == []
    assert [note.id for note in result.notes] == ["twitching_without_weakness"]


def test_the_als_note_never_shows_with_a_red_flag_or_a_sign_outside_the_tool(kb: KnowledgeBase) -> None:
    assert assess(minimal(duration_days=20), knowledge=kb).notes == []  # persistent: see a doctor
    assert assess(minimal(symptoms={"muscle_wasting": True}), knowledge=kb).notes == []
    outside = assess(CALM, knowledge=kb, outside_signs=[next(iter(kb.safety_net))])
    assert outside.notes == []


_SYMPTOMS = st.fixed_dictionaries(
    {},
    optional={
        "weakness": st.sampled_from(["none", "tiredness", "specific", "progressive"]),
        "muscle_wasting": st.booleans(),
        "difficulty_swallowing": st.booleans(),
        "chest_pain": st.booleans(),
        "dark_urine": st.booleans(),
    },
)


@settings(max_examples=60, deadline=None)
@given(symptoms=_SYMPTOMS, days=st.sampled_from([0.1, 1, 5, 15, 30]))
def test_no_reassurance_is_ever_given_next_to_a_red_flag(
    kb: KnowledgeBase, symptoms: dict[str, object], days: float
) -> None:
    result = assess(minimal(duration_days=days, symptoms=symptoms), knowledge=kb)
    if result.red_flags or result.level not in ("self_care", "see_doctor"):
        assert result.notes == []
    assert result.answer is not None
    assert result.level in LEVELS
