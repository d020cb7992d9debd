"""The vignette suite (tests/engine/vignettes.yaml): clinical stories written from the references.

Every emergency must come out as an emergency, no near miss may raise a forbidden flag, and at least 95% of
all vignettes must land on the expected level.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from twitchcheck import KnowledgeBase, assess
from twitchcheck.core.report import LEVELS

VIGNETTES: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "vignettes.yaml").read_text())
BY_ID = {vignette["id"]: vignette for vignette in VIGNETTES}


def test_the_suite_is_large_and_covers_every_category() -> None:
    categories = [vignette["category"] for vignette in VIGNETTES]
    assert len(VIGNETTES) >= 40
    assert len(BY_ID) == len(VIGNETTES), "vignette ids must be unique"
    for category, at_least in {
        "emergency": 10,
        "urgent": 5,
        "see_doctor": 5,
        "self_care": 8,
        "near_miss": 5,
    }.items():
        assert categories.count(category) >= at_least, category


@pytest.mark.parametrize("vignette_id", [v["id"] for v in VIGNETTES if v["expected_level"] == "emergency"])
def test_every_emergency_is_an_emergency(vignette_id: str, kb: KnowledgeBase) -> None:
    vignette = BY_ID[vignette_id]
    result = assess(vignette["report"], knowledge=kb)
    assert result.triage.level == "emergency", vignette["story"]
    assert result.plan[0].id == "call_emergency", "the first step of an emergency plan is to call for help"


@pytest.mark.parametrize("vignette_id", list(BY_ID))
def test_expected_flags_present_and_forbidden_flags_absent(vignette_id: str, kb: KnowledgeBase) -> None:
    vignette = BY_ID[vignette_id]
    flags = {flag.id for flag in assess(vignette["report"], knowledge=kb).red_flags}
    assert set(vignette.get("expected_flags") or []) <= flags, vignette["story"]
    assert not set(vignette.get("forbidden_flags") or []) & flags, vignette["story"]


RANK = {level: len(LEVELS) - index for index, level in enumerate(LEVELS)}


def test_no_vignette_is_under_triaged_and_95_percent_are_exact(kb: KnowledgeBase) -> None:
    under, over = [], []
    for vignette in VIGNETTES:
        level = assess(vignette["report"], knowledge=kb).triage.level
        expected = vignette["expected_level"]
        if RANK[level] < RANK[expected]:
            under.append(f"{vignette['id']}: expected {expected}, got {level}")
        elif level != expected:
            over.append(f"{vignette['id']}: expected {expected}, got {level}")
    assert under == [], "under-triaged:\n" + "\n".join(under)
    assert len(over) / len(VIGNETTES) <= 0.05, "over-triaged:\n" + "\n".join(over)


def test_near_misses_stay_self_care(kb: KnowledgeBase) -> None:
    near_misses = [vignette for vignette in VIGNETTES if vignette["category"] == "near_miss"]
    assert near_misses
    for vignette in near_misses:
        assert assess(vignette["report"], knowledge=kb).triage.level == "self_care", vignette["story"]
