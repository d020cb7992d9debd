"""The reviewer's safety-net presentations (tests/text/safety_net/): alarming signs outside what twitchcheck
assesses, and ordinary complaints that look like them. An alarming one is never self care and, in the part the
reader was developed on, never below what the reviewer accepts; the final part is held where it stands."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from twitchcheck import KnowledgeBase
from twitchcheck.report import LEVELS
from twitchcheck.text import parse_text
from twitchcheck.text.assess import NotUnderstood, assess_understanding

HERE = Path(__file__).with_name("safety_net")
RANK: dict[str, int] = {level: len(LEVELS) - index for index, level in enumerate(LEVELS)}


def _cases(part: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load((HERE / f"{part}.yaml").read_text(encoding="utf-8"))
    return cases


def _level(case: dict[str, Any], kb: KnowledgeBase) -> str | None:
    now = datetime.fromisoformat(str(case["now"]))
    try:
        return assess_understanding(parse_text(case["text"], now=now), knowledge=kb, now=now).assessment.level
    except NotUnderstood:
        return None


def _under(case: dict[str, Any], level: str | None) -> bool:
    if level is None:
        return bool(case["alarming"])
    return RANK[level] < min(RANK[accepted] for accepted in case["accept"])


@pytest.mark.parametrize("part", ["dev", "final"])
def test_an_alarming_sign_is_never_self_care(part: str, kb: KnowledgeBase) -> None:
    wrong = [c["id"] for c in _cases(part) if c["alarming"] and _level(c, kb) in (None, "self_care")]
    assert len(wrong) <= (0 if part == "dev" else 1), wrong


def test_development_part_is_never_under_triaged(kb: KnowledgeBase) -> None:
    assert [c["id"] for c in _cases("dev") if _under(c, _level(c, kb))] == []


def test_final_part_holds_where_it_stands(kb: KnowledgeBase) -> None:
    cases = _cases("final")
    levels = [_level(c, kb) for c in cases]
    under = [c["id"] for c, level in zip(cases, levels, strict=True) if _under(c, level)]
    assert len(under) <= 2, under
    ok = sum(
        level in c["accept"] or (level is None and not c["alarming"])
        for c, level in zip(cases, levels, strict=True)
    )
    assert ok / len(cases) >= 0.85


EXERCISE_HEADACHES = [
    "A week ago I started getting really bad headaches while lifting, usually in the middle of a set.",
    "Got an exertion headache today doing deadlifts, had to stop after 2 sets.",
]


@pytest.mark.parametrize("text", EXERCISE_HEADACHES)
def test_a_headache_brought_on_by_exercise_needs_a_doctor(text: str, kb: KnowledgeBase) -> None:
    now = datetime(2026, 6, 30, 18)
    result = assess_understanding(parse_text(text, now=now), knowledge=kb, now=now)
    assert result.assessment.level == "see_doctor"


def test_a_headache_some_time_after_exercise_is_not_an_exercise_headache() -> None:
    said = parse_text("calf twitching for 2 days after squats, I had a headache on Sunday from the wine")
    assert "exercise_headache" not in said.outside_signs
