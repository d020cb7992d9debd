"""Over any text: parsing never raises; a warning sign never lowers the level."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.text.support import load_corpus
from twitchcheck import KnowledgeBase
from twitchcheck.report import LEVELS
from twitchcheck.text import parse_text
from twitchcheck.text.assess import NotUnderstood, assess_understanding

RED_FLAG_PHRASES = sorted({case.text for case in load_corpus() if case.flags})
WORDS = sorted({word for case in load_corpus() for word in case.text.split()})
RANK = {level: rank for rank, level in enumerate(reversed(LEVELS))}  # self_care 0 .. emergency 3

texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_parsing_any_text_never_raises(text: str) -> None:
    understanding = parse_text(text)  # and how fast: bench/bench_outside.py
    for note in understanding.notes:
        assert text[note.start : note.end] == note.words


def _rank(text: str, kb: KnowledgeBase) -> int:
    try:
        return RANK[assess_understanding(parse_text(text), knowledge=kb).assessment.level]
    except NotUnderstood:
        return -1


def _gradual_bulbar(text: str, kb: KnowledgeBase) -> bool:
    """The one documented way more words lower a level: a speech or swallowing change beside weeks of
    twitching is the gradual kind, urgent rather than an emergency (knowledge/data/red_flags/bulbar.yaml)."""
    try:
        assessment = assess_understanding(parse_text(text), knowledge=kb).assessment
    except NotUnderstood:
        return False
    return assessment.level == "urgent" and any(
        flag.id == "bulbar"
        and any(a.field == "twitch.duration_days" and float(a.value) > 14 for a in flag.answers)
        for flag in assessment.red_flags
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from(RED_FLAG_PHRASES))
def test_adding_a_warning_sign_never_lowers_the_level(text: str, phrase: str) -> None:
    from twitchcheck.knowledge import load_knowledge

    kb = load_knowledge()
    combined = f"{text}\n{phrase}"
    assert _rank(combined, kb) >= max(_rank(text, kb), _rank(phrase, kb)) or _gradual_bulbar(combined, kb)
