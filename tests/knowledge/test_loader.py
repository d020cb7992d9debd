"""The knowledge base loads clean, carries all of the seed article, and fails loudly on a broken entry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from twitchcheck import KnowledgeBase, KnowledgeError, assess, load_knowledge
from twitchcheck.knowledge import DATA_DIR
from twitchcheck.services.knowledge import check_knowledge

SEED = "seed_painassist_2025"


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def test_the_packaged_knowledge_base_passes_every_check() -> None:
    assert [str(problem) for problem in check_knowledge()] == []


def test_seed_content_is_all_there_and_cites_the_seed(kb: KnowledgeBase) -> None:
    def cites_seed(entry_id: str, kind: str) -> bool:
        (entry,) = [e for e in kb.find(entry_id) if e.kind == kind]
        return any(reference.source == SEED for reference in entry.references)

    for cause in ("muscle_fatigue", "electrolyte_imbalance", "dehydration", "metabolic_stress", "stimulants"):
        assert cites_seed(cause, "cause"), cause
    for flag in ("persistent", "widespread", "weakness", "muscle_wasting", "bulbar", "breathing"):
        assert cites_seed(flag, "red_flag"), flag
    for step in (
        "hydrate",
        "replenish_electrolytes",
        "stretch_cool_down",
        "rest_recover",
        "reduce_stimulants",
    ):
        assert cites_seed(step, "advice"), step
    assert cites_seed("what_is_a_twitch", "concept")
    assert cites_seed("benign_post_workout_profile", "concept")
    assert {"banana", "avocado", "almonds", "sweet_potato"} <= {food.id for food in kb.foods}


def test_contested_theories_are_graded_honestly(kb: KnowledgeBase) -> None:
    grades = {cause.id: cause.grade for cause in kb.causes}
    assert grades["dehydration"] in ("low", "very_low")
    assert grades["electrolyte_imbalance"] in ("low", "very_low")
    assert grades["metabolic_stress"] in ("low", "very_low")
    for cause_id in ("dehydration", "electrolyte_imbalance"):
        (cause,) = [c for c in kb.causes if c.id == cause_id]
        assert "contested" in cause.grade_note.lower() or "weak" in cause.grade_note.lower()


def test_every_cited_source_exists_and_every_entry_cites(kb: KnowledgeBase) -> None:
    for entry in kb.entries():
        for reference in getattr(entry, "references", []):
            assert reference.source in kb.sources, (entry.id, reference.source)
        if entry.kind != "question":
            assert entry.references, entry.id


def test_a_typo_in_a_key_is_reported_with_file_and_line(kb_copy: Path) -> None:
    _edit(kb_copy / "red_flags" / "chest_pain.yaml", "what_to_do:", "what_todo:")
    problems = [str(problem) for problem in check_knowledge(kb_copy)]
    assert any(p.startswith("red_flags/chest_pain.yaml:") and "what_todo" in p for p in problems), problems
    with pytest.raises(KnowledgeError):
        load_knowledge(kb_copy)


def test_every_problem_is_reported_in_one_pass(kb_copy: Path) -> None:
    _edit(kb_copy / "red_flags" / "stroke.yaml", "source: nhs_stroke", "source: nhs_strok")
    _edit(
        kb_copy / "causes" / "dehydration.yaml",
        "{fact: calc.body_mass_loss_pct, gt: {const: body_mass_loss_concern_pct}}",
        "{fact: calc.body_mass_los_pct, gt: {const: body_mass_loss_concern_pct}}",
    )
    (kb_copy / "advice" / "monitor.yaml").unlink()
    problems = [str(problem) for problem in check_knowledge(kb_copy)]
    stroke = next(p for p in problems if "nhs_strok" in p)
    assert stroke.startswith("red_flags/stroke.yaml:")
    line = int(stroke.split(":")[1])
    assert "nhs_strok" in (kb_copy / "red_flags" / "stroke.yaml").read_text().splitlines()[line - 1]
    dehydration = next(p for p in problems if "body_mass_los_pct" in p)
    line = int(dehydration.split(":")[1])
    assert "body_mass_los_pct" in (kb_copy / "causes" / "dehydration.yaml").read_text().splitlines()[line - 1]
    assert any("missing advice 'monitor'" in p for p in problems)


def test_a_case_that_stops_firing_fails_the_check(kb_copy: Path) -> None:
    _edit(
        kb_copy / "red_flags" / "persistent.yaml",
        "{fact: twitch.duration_days, gt: 14}",
        "{fact: twitch.duration_days, gt: 140}",
    )
    problems = [str(problem) for problem in check_knowledge(kb_copy)]
    failure = next(p for p in problems if p.startswith("red_flags/persistent.yaml") and "did not fire" in p)
    line = int(failure.split(":")[1])
    assert (
        "duration_days: 14.5"
        in (kb_copy / "red_flags" / "persistent.yaml").read_text().splitlines()[line - 1]
    )


def test_an_invalid_case_report_is_named(kb_copy: Path) -> None:
    _edit(kb_copy / "red_flags" / "weakness.yaml", "{weakness: progressive}", "{weakness: very}")
    problems = [str(problem) for problem in check_knowledge(kb_copy)]
    assert any("not a valid report" in p and "symptoms.weakness" in p for p in problems), problems


def test_broken_yaml_points_at_the_line(kb_copy: Path) -> None:
    path = kb_copy / "causes" / "sleep_loss.yaml"
    path.write_text(path.read_text() + "\nsummary: [unclosed\n")
    problems = [str(problem) for problem in check_knowledge(kb_copy)]
    assert any(p.startswith("causes/sleep_loss.yaml:") and "invalid YAML" in p for p in problems), problems


def test_a_red_flag_outside_the_contract_is_refused(kb_copy: Path) -> None:
    shutil.copy(kb_copy / "red_flags" / "stroke.yaml", kb_copy / "red_flags" / "seizure.yaml")
    _edit(kb_copy / "red_flags" / "seizure.yaml", "id: stroke", "id: seizure")
    problems = [str(problem) for problem in check_knowledge(kb_copy)]
    assert any("'seizure' is not in the contract's enum" in p for p in problems), problems


def test_a_placeholder_that_may_be_unknown_is_refused(kb_copy: Path) -> None:
    _edit(
        kb_copy / "red_flags" / "persistent.yaml",
        "is longer than exercise explains",
        "is longer than exercise explains (RPE {workout.rpe})",
    )
    problems = [str(problem) for problem in check_knowledge(kb_copy)]
    assert any("{workout.rpe} may be unknown" in p for p in problems), problems


def test_stable_entries_need_cases_both_ways(kb_copy: Path) -> None:
    path = kb_copy / "red_flags" / "chest_pain.yaml"
    text = path.read_text()
    path.write_text(text[: text.index("  must_not_fire:")])
    problems = [str(problem) for problem in check_knowledge(kb_copy)]
    assert any(p.startswith("red_flags/chest_pain.yaml") and "must_not_fire" in p for p in problems), problems


def test_table_rows_are_checked_too(kb_copy: Path) -> None:
    _edit(kb_copy / "messages.yaml", "source: seed_painassist_2025", "source: no_such_source")
    _edit(kb_copy / "foods.yaml", "source: usda_sr_legacy}", "source: usda_typo}")
    problems = [str(problem) for problem in check_knowledge(kb_copy)]
    assert any(p.startswith("messages.yaml:") and "no_such_source" in p for p in problems), problems
    foods = next(p for p in problems if "usda_typo" in p)
    line = int(foods.split(":")[1])
    assert "usda_typo" in (kb_copy / "foods.yaml").read_text().splitlines()[line - 1]


def test_thresholds_named_by_constant_follow_constants_yaml(kb_copy: Path) -> None:
    report = {"twitch": {"regions": ["calf"], "duration_days": 0.2}, "stimulants": {"caffeine_mg": 500}}
    default = next(c for c in assess(report, knowledge=load_knowledge()).causes if c.id == "stimulants")
    assert "caffeine_over_daily_limit" in default.signals
    assert any("400 mg a day" in line for line in default.evidence)
    _edit(kb_copy / "constants.yaml", "  value: 400", "  value: 600")  # caffeine_daily_mg
    changed = next(
        c for c in assess(report, knowledge=load_knowledge(kb_copy)).causes if c.id == "stimulants"
    )
    assert "caffeine_over_daily_limit" not in changed.signals  # 500 mg is now under the (edited) daily figure


def test_an_unknown_constant_is_reported_with_its_line(kb_copy: Path) -> None:
    _edit(kb_copy / "causes" / "stimulants.yaml", "{const: caffeine_daily_mg}", "{const: caffeine_daily_g}")
    problems = [str(problem) for problem in check_knowledge(kb_copy)]
    found = next(p for p in problems if "caffeine_daily_g" in p)
    assert found.startswith("causes/stimulants.yaml:")
    line = int(found.split(":")[1])
    assert "caffeine_daily_g" in (kb_copy / "causes" / "stimulants.yaml").read_text().splitlines()[line - 1]
