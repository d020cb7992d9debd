"""After a description: ask only what is missing, and confirm what was said with doubt."""

from __future__ import annotations

from datetime import UTC, datetime

from twitchcheck import KnowledgeBase
from twitchcheck.services import assess_text, follow_up_questions, read_text, with_answers

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)


def _asked(kb: KnowledgeBase, text: str) -> list[str]:
    return [question.id for question in follow_up_questions(kb, read_text(text, now=NOW))]


def test_only_what_is_missing_is_asked(kb: KnowledgeBase) -> None:
    assert _asked(kb, "my left calf is twitching") == ["twitch.duration_days"]
    assert _asked(kb, "twitching since tuesday") == ["twitch.regions"]
    assert _asked(kb, "calves twitching since yesterday after leg day, no weakness") == []


def test_an_uncertain_warning_sign_gets_its_confirming_question_first(kb: KnowledgeBase) -> None:
    assert _asked(kb, "calf twitching for 2 days, maybe my pee is a bit dark?") == ["symptoms.dark_urine"]
    asked = _asked(kb, "my left calf is twitching, maybe a bit weaker?")
    assert asked == ["symptoms.weakness", "twitch.duration_days"]


def test_a_sure_emergency_asks_nothing(kb: KnowledgeBase) -> None:
    # Where and how long are missing, and a chest pain described for sure: the result comes first.
    assert _asked(kb, "crushing chest pain after my run and my calves twitch") == []


def test_no_lowers_nothing_below_the_rest_and_a_skip_keeps_the_escalation(kb: KnowledgeBase) -> None:
    understanding = read_text(
        "calf twitching for 2 days, maybe my pee is a bit dark? trouble breathing", now=NOW
    )
    skipped = assess_text(understanding, now=NOW, knowledge=kb)
    assert skipped.assessment.level == "emergency"
    assert "rhabdomyolysis" in {flag.id for flag in skipped.assessment.red_flags}
    no = assess_text(with_answers(understanding, {"symptoms.dark_urine": False}), now=NOW, knowledge=kb)
    assert "rhabdomyolysis" not in {flag.id for flag in no.assessment.red_flags}
    assert no.assessment.level == "emergency"  # the breathing trouble still says so
    alone = read_text("calf twitching for 2 days, maybe my pee is a bit dark?", now=NOW)
    denied = assess_text(with_answers(alone, {"symptoms.dark_urine": False}), now=NOW, knowledge=kb)
    assert denied.assessment.level == "self_care"
    assert denied.text is not None
    assert denied.text.uncertain_escalations == []
    confirmed = assess_text(with_answers(alone, {"symptoms.dark_urine": True}), now=NOW, knowledge=kb)
    assert confirmed.assessment.level == "emergency"
    assert confirmed.text is not None
    assert confirmed.text.uncertain_escalations == []


def test_answers_fill_what_was_missing(kb: KnowledgeBase) -> None:
    understanding = read_text("my left calf is twitching", now=NOW)
    answered = with_answers(understanding, {"twitch.duration_days": 4.0})
    assert answered.missing == []
    assert answered.report is not None
    assert answered.report.twitch.duration_days == 4.0
    assert assess_text(answered, now=NOW, knowledge=kb).assessment.level == "self_care"
