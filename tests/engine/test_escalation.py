"""The one rule for joining a report with a journal: it can only raise, never lower."""

from __future__ import annotations

import pytest

from twitchcheck.core.vocabulary import LEVELS, WEAKNESS_GRADES
from twitchcheck.engine.escalation import joined, more_serious, most_serious


def test_levels() -> None:
    assert more_serious("self_care", "urgent") == "urgent"
    assert more_serious("emergency", "see_doctor") == "emergency"
    assert most_serious([]) == "self_care"
    assert most_serious(LEVELS) == "emergency"


@pytest.mark.parametrize("ours", WEAKNESS_GRADES)
@pytest.mark.parametrize("theirs", WEAKNESS_GRADES)
def test_weakness_takes_the_graver(ours: str, theirs: str) -> None:
    merged = joined("symptoms.weakness", ours, theirs)
    assert WEAKNESS_GRADES.index(merged) == max(WEAKNESS_GRADES.index(ours), WEAKNESS_GRADES.index(theirs))


def test_fields_fill_the_unknown_and_never_lower_the_known() -> None:
    assert joined("symptoms.dark_urine", None, True) is True
    assert joined("symptoms.dark_urine", True, False) is True
    assert joined("symptoms.dark_urine", False, True) is True
    assert joined("twitch.duration_days", 20, 3) == 20
    assert joined("twitch.duration_days", 0.2, 22) == 22
    assert joined("twitch.also_on_rest_days", True, False) is True
    assert joined("twitch.also_on_rest_days", None, True) is True
    assert joined("workout.rpe", 6, 9) == 6  # the report's own session is kept
    assert joined("twitch.regions", ["calf"], ["calf", "shin"], extra_regions=["forearm"]) == [
        "calf",
        "forearm",
    ]
