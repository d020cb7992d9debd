"""Recall on the paraphrase banks (tests/text/paraphrases/): many lay ways of telling each warning sign,
written by helpers who never saw the reader, with look-alikes that are not the sign (`<sign>_not`). The banks
are a development set (the reader was tuned on them), so these are floors against losing ground, not a claim
of accuracy; the outside corpus's final part is where accuracy is measured."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from twitchcheck.text import parse_text

BANKS = Path(__file__).with_name("paraphrases")
NOW = datetime(2026, 11, 20, 18, 0)

# Each bank key, the report field it states, and what counts as stating it.
FIELDS = {
    "chest_pain": "symptoms.chest_pain",
    "stroke": "symptoms.sudden_face_or_limb_weakness",
    "slurred_speech": "symptoms.slurred_speech",
    "difficulty_swallowing": "symptoms.difficulty_swallowing",
    "trouble_breathing": "symptoms.trouble_breathing",
    "dark_urine": "symptoms.dark_urine",
    "severe_pain_or_swelling": "symptoms.severe_pain_or_swelling",
    "confusion": "symptoms.confusion",
    "overheating": "symptoms.overheating",
    "fainted_or_collapsed": "symptoms.fainted_or_collapsed",
    "palpitations": "symptoms.palpitations",
    "sudden_severe_headache": "symptoms.sudden_severe_headache",
    "tense_painful_limb": "symptoms.tense_painful_limb",
    "swollen_hands_or_feet": "symptoms.swollen_hands_or_feet",
    "tingling_lips_or_claw_hands": "symptoms.tingling_lips_or_claw_hands",
    "jerking_movements": "symptoms.jerking_movements",
    "muscle_wasting": "symptoms.muscle_wasting",
    "weakness": "symptoms.weakness",
    "vomiting_or_severe_headache": "symptoms.severe_headache_or_vomiting",
}


def _bank(name: str) -> dict[str, list[str]]:
    data: dict[str, list[str]] = yaml.safe_load((BANKS / f"{name}.yaml").read_text(encoding="utf-8"))
    return data


def _states(text: str, field: str) -> bool:
    section, name = field.split(".")
    value: Any = parse_text(text, now=NOW).fields.get(section, {}).get(name)
    if field == "symptoms.weakness":
        return value in ("specific", "progressive")
    return value is True


def test_every_red_flag_sign_has_a_bank_of_at_least_30_with_look_alikes() -> None:
    bank = _bank("red_flags")
    assert set(FIELDS) <= set(bank)
    for sign in FIELDS:
        assert len(bank[sign]) >= 30, sign
        assert len(bank[f"{sign}_not"]) >= 10, sign


@pytest.mark.parametrize("sign", sorted(FIELDS))
def test_each_red_flag_sign_is_read_in_most_of_its_phrasings(sign: str) -> None:
    bank = _bank("red_flags")
    missed = [text for text in bank[sign] if not _states(text, FIELDS[sign])]
    assert len(missed) / len(bank[sign]) <= 0.20, missed


def test_red_flag_banks_overall_recall_and_look_alikes() -> None:
    bank = _bank("red_flags")
    said = [(text, FIELDS[sign]) for sign in FIELDS for text in bank[sign]]
    look_alikes = [(text, FIELDS[sign]) for sign in FIELDS for text in bank[f"{sign}_not"]]
    recall = sum(_states(text, field) for text, field in said) / len(said)
    false = sum(_states(text, field) for text, field in look_alikes) / len(look_alikes)
    assert recall >= 0.95
    assert false <= 0.16  # recall first: a look-alike read as a sign over-triages, never under-triages


def test_safety_net_bank_catches_nine_in_ten_and_few_look_alikes() -> None:
    bank = _bank("safety_net")
    signs = [key for key in bank if not key.endswith("_not")]
    said = [text for sign in signs for text in bank[sign]]
    look_alikes = [text for sign in signs for text in bank.get(f"{sign}_not", [])]
    caught = sum(bool(parse_text(text, now=NOW).outside_signs) for text in said) / len(said)
    false = sum(bool(parse_text(text, now=NOW).outside_signs) for text in look_alikes) / len(look_alikes)
    assert caught >= 0.90
    assert false <= 0.11
