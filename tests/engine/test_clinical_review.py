"""The clinical review (tests/engine/clinical_review.yaml): 85 exercise presentations beyond the seed, each
written as a report by an independent reviewer from primary guidance, with the levels a clinician would
accept, the red flags expected, and advice that must and must not be given."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from twitchcheck import KnowledgeBase, assess
from twitchcheck.core.assessment import Assessment
from twitchcheck.report import LEVELS

CASES: list[dict[str, Any]] = yaml.safe_load(
    Path(__file__).with_name("clinical_review.yaml").read_text(encoding="utf-8")
)
RANK: dict[str, int] = {level: len(LEVELS) - index for index, level in enumerate(LEVELS)}


def _said(result: Assessment) -> str:
    parts = [result.triage.summary, result.triage.headline]
    parts += [f"{finding.reason} {finding.what_to_do}" for finding in (*result.red_flags, *result.warnings)]
    parts += [step.advice for step in result.plan]
    return " ".join(parts).lower()


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_never_below_what_the_reviewer_accepts(case: dict[str, Any], kb: KnowledgeBase) -> None:
    result = assess(case["report"], knowledge=kb)
    lowest = min(RANK[level] for level in case["acceptable_levels"])
    assert RANK[result.triage.level] >= lowest, result.triage.summary
    assert set(case.get("red_flags_expected") or []) <= {flag.id for flag in result.red_flags}


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_the_advice_the_reviewer_requires_and_forbids(case: dict[str, Any], kb: KnowledgeBase) -> None:
    said = _said(assess(case["report"], knowledge=kb))
    for advice in case.get("advice_must") or []:
        assert any(word.lower() in said for word in advice["any_of"]), advice["concept"]
    for advice in case.get("advice_must_not") or []:
        assert not any(word.lower() in said for word in advice["any_of"]), advice["concept"]


def test_nearly_every_level_is_one_the_reviewer_accepts(kb: KnowledgeBase) -> None:
    wrong = [
        c["id"] for c in CASES if assess(c["report"], knowledge=kb).triage.level not in c["acceptable_levels"]
    ]
    # Two known over-triages, both deliberate (docs/hazard-log.md): a collapse after the finish that
    # recovered stays an emergency (a checklist cannot tell it from a cardiac collapse), and a single vomit
    # with weight down after a long ride is urgent (the rule cannot tell one vomit from several).
    assert len(wrong) <= 2, wrong
