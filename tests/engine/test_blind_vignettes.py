"""An independent check of the triage policy: vignettes written blind, from the references alone.

Each case lists the levels a careful clinician would accept. The engine must land on one of them: below
them is under-triage (unsafe), above them is over-triage (alarming people for nothing).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from twitchcheck import KnowledgeBase, assess

BLIND: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "blind_vignettes.yaml").read_text())


def test_the_blind_set_is_substantial() -> None:
    assert len(BLIND) >= 40
    assert {vignette["expected_level"] for vignette in BLIND} == {
        "emergency",
        "urgent",
        "see_doctor",
        "self_care",
    }


@pytest.mark.parametrize("vignette", BLIND, ids=[vignette["id"] for vignette in BLIND])
def test_every_blind_vignette_lands_on_an_acceptable_level(
    vignette: dict[str, Any], kb: KnowledgeBase
) -> None:
    level = assess(vignette["report"], knowledge=kb).triage.level
    assert level in vignette["acceptable_levels"], f"{vignette['story']} ({vignette['reasoning']})"
