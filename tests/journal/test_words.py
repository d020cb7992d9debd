"""Every kind of journal event reads in words, with units, and no field name or underscore."""

from __future__ import annotations

from typing import Any

import pytest

from twitchcheck.journal.events import EVENT_TYPES, parse_event
from twitchcheck.journal.words import event_words, kind_words

AT = "2026-11-30T18:00:00+00:00"
SAMPLES: dict[str, tuple[dict[str, Any], str]] = {
    "workout": (
        {"duration_min": 60, "rpe": 7, "kind": "strength", "worked_regions": ["calf", "upper_back"]},
        "60 min strength workout, effort 7 of 10, worked calf, upper back",
    ),
    "twitch": (
        {"regions": ["calf"], "side": "left", "frequency": "frequent", "severity": 3, "painful_cramps": True},
        "twitching in calf (left), frequent, how much: 3 of 5 (moderate), with painful cramps",
    ),
    "symptom": ({"symptom": "dark_urine", "present": False}, "no dark urine (checked)"),
    "strength_test": ({"test": "grip", "side": "right", "value": 44.25}, "grip (right): 44.2 kg"),
    "circumference": (
        {"site": "upper_arm", "side": "left", "cm": 31.5}, "upper arm circumference (left): 31.5 cm"
    ),
    "fluid": ({"ml": 500, "electrolytes": True}, "drank 500 ml, with electrolytes"),
    "caffeine": ({"mg": 200, "source": "espresso"}, "200 mg caffeine (espresso)"),
    "body_mass": ({"kg": 70.04}, "body weight 70 kg"),
    "sleep": ({"hours": 6.5}, "slept 6.5 h"),
    "stress": ({"level": 4}, "stress 4 of 5 (high)"),
    "medicine": (
        {"name": "Magnesium glycinate", "kind": "magnesium", "dose_mg": 300},
        "Magnesium glycinate (magnesium), 300 mg",
    ),
}  # fmt: skip


def test_every_event_type_has_a_sample() -> None:
    assert set(SAMPLES) == set(EVENT_TYPES)


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_an_event_reads_in_words(kind: str) -> None:
    fields, expected = SAMPLES[kind]
    event = parse_event({"type": kind, "at": AT, **fields})
    text = event_words(event)
    assert text == expected
    assert "_" not in text
    assert "=" not in text


def test_an_event_type_in_words() -> None:
    assert kind_words("strength_test") == "strength test"
    assert kind_words("fluid") == "drink"
