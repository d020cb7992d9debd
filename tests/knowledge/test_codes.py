"""codes.yaml: every code cites a source, fits its code system, and codes something twitchcheck records."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from twitchcheck import KnowledgeBase
from twitchcheck.journal.events import SYMPTOMS
from twitchcheck.knowledge import DATA_DIR
from twitchcheck.knowledge.loader import CODED_OBSERVATIONS, load_with_problems


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    return root


def _problems_after(root: Path, old: str, new: str) -> list[str]:
    path = root / "codes.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return [str(problem) for problem in load_with_problems(root)[1]]


def test_the_reference_codes_are_there(kb: KnowledgeBase) -> None:
    def codes(target: str) -> set[str]:
        return {coding.code for concept in kb.codes_for(target) for coding in concept.codings}

    assert codes("observation.body_weight") == {"29463-7"}
    assert codes("observation.grip_strength_left") == {"83173-5"}
    assert codes("observation.grip_strength_right") == {"83174-3"}
    assert codes("observation.rpe") == {"82289-0"}
    assert codes("observation.exercise_duration") == {"55411-3"}
    assert codes("observation.fluid_intake_24h") == {"9108-2"}
    assert codes("finding.twitch") == {"HP:0002380", "R25.3"}  # no SNOMED CT id could be confirmed
    assert {"26544005", "HP:0001324", "M62.81"} <= codes("symptom.weakness")
    assert {"40739000", "8011004"} <= codes("red_flag.bulbar")


def test_every_measurement_is_coded(kb: KnowledgeBase) -> None:
    for name in CODED_OBSERVATIONS:
        assert len(kb.codes_for(f"observation.{name}")) == 1, name


def test_codes_name_only_real_symptoms(kb: KnowledgeBase) -> None:
    for concept in kb.codes.values():
        for target in concept.codes_for:
            kind, _, name = target.partition(".")
            if kind == "symptom":
                assert name in SYMPTOMS


def test_a_code_that_does_not_fit_its_system_is_reported_with_its_line(kb_copy: Path) -> None:
    problems = _problems_after(kb_copy, "code: 29463-7", "code: 2946X-7")
    assert len(problems) == 1
    assert problems[0].startswith("codes.yaml:12:")
    assert "not a code of http://loinc.org" in problems[0]


def test_a_code_without_a_known_source_is_refused(kb_copy: Path) -> None:
    problems = _problems_after(kb_copy, "source: loinc}", "source: somewhere}")
    assert any("unknown source 'somewhere'" in problem for problem in problems)


def test_a_code_for_nothing_is_refused(kb_copy: Path) -> None:
    problems = _problems_after(kb_copy, "symptom.weakness", "symptom.weakly")
    assert any("no such symptom" in problem for problem in problems)


def test_one_measurement_has_one_code(kb_copy: Path) -> None:
    problems = _problems_after(kb_copy, "[observation.grip_strength_left]", "[observation.body_weight]")
    assert any("already coded by 'body_weight'" in problem for problem in problems)
