"""The corpus: every phrasing gives the fields it states, every warning sign escalates, near misses do not.

And for every vignette (a phrasing that states where and how long), `check --text ... --format json` gives the
same triage level as the equivalent structured report.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.cli.support import run
from tests.text.support import NOW, RED_FLAG_FIELDS, Case, flatten, load_corpus, same
from twitchcheck import assess
from twitchcheck.text import parse_text
from twitchcheck.text.assess import NotUnderstood, assess_understanding

CASES = load_corpus()
VIGNETTES = [case for case in CASES if case.is_vignette]


def _id(case: Case) -> str:
    return case.text[:60]


def test_the_corpus_is_big_and_varied() -> None:
    assert len(CASES) >= 150
    assert {case.style for case in CASES} >= {"terse", "chatty", "misspelt", "forum"}
    assert len({case.text for case in CASES}) == len(CASES), "a phrasing is listed twice"
    flagged = {flag for case in CASES for flag in case.flags}
    contract_flags = {
        "breathing", "bulbar", "chest_pain", "heat_illness", "hyponatremia", "muscle_wasting",
        "persistent", "rhabdomyolysis", "stroke", "weakness", "widespread",
    }  # fmt: skip
    assert flagged >= contract_flags
    assert sum(case.near_miss for case in CASES) >= 20
    assert len(VIGNETTES) >= 100


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_each_phrasing_gives_the_fields_it_states(case: Case) -> None:
    understood = flatten(parse_text(case.text, now=NOW).fields)
    wrong = {
        path: (expected, understood.get(path))
        for path, expected in case.expect.items()
        if path not in case.known_miss and not same(expected, understood.get(path))
    }
    assert wrong == {}, "field: (expected, understood)"
    raised = [
        path
        for path in RED_FLAG_FIELDS
        if understood.get(path) is True and case.expect.get(path) is not True and path not in case.known_miss
    ]
    assert raised == [], "a warning sign the text does not state"


def _assessed_flags(case: Case) -> set[str]:
    try:
        result = assess_understanding(parse_text(case.text, now=NOW)).assessment
    except NotUnderstood:
        return set()
    return {flag.id for flag in result.red_flags}


def test_every_warning_sign_in_the_corpus_escalates() -> None:
    missed = {case.text: sorted(set(case.flags) - _assessed_flags(case)) for case in CASES if case.flags}
    assert {text: flags for text, flags in missed.items() if flags} == {}


def test_no_near_miss_raises_a_red_flag() -> None:
    raised = {case.text: sorted(_assessed_flags(case)) for case in CASES if case.near_miss}
    assert {text: flags for text, flags in raised.items() if flags} == {}


def _level_of_text(text: str) -> Any:
    result = run("check", "--text", text, "--format", "json", "--as-of", NOW.isoformat(timespec="minutes"))
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["triage"]["level"]


def test_vignettes_get_the_level_of_their_structured_report() -> None:
    different = {}
    for case in VIGNETTES:
        expected = assess(case.structured_report()).level
        level = _level_of_text(case.text)
        if level != expected:
            different[case.text] = (expected, level)
    assert different == {}, "text: (structured level, text level)"
