"""The lexicon data: valid, every entry used by the corpus, caffeine figures cited from the knowledge base."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.text.support import load_corpus
from twitchcheck import KnowledgeBase
from twitchcheck.text import parse_text
from twitchcheck.text.lexicon import DATA_DIR, LexiconError, load_lexicon, phrase_regex

TEXTS = [case.text for case in load_corpus()]


def _used(phrases: list[str]) -> bool:
    pattern = load_lexicon().pattern(phrases)
    return any(pattern.search(text.lower().replace("\u2019", "'")) for text in TEXTS)


def test_every_entry_is_exercised_by_the_corpus() -> None:
    lexicon = load_lexicon()
    unused = [
        f"{entry.field}={entry.value} ({kind})"
        for entry in lexicon.fields
        for kind in ("phrases", "uncertain_phrases", "effort_phrases", "false_phrases")
        if getattr(entry, kind) and not _used(getattr(entry, kind))
    ]
    unused += [f"drink {drink.id}" for drink in lexicon.drinks if not _used(drink.phrases)]
    unused += [f"workout {entry.phrases[0]}" for entry in lexicon.workouts if not _used(entry.phrases)]
    unused += [f"effort {effort.rpe}" for effort in lexicon.efforts if not _used(effort.phrases)]
    unused += [
        f"moment {moment.names[0]}" for moment in lexicon.quantities.moments if not _used(moment.names)
    ]
    unused += [
        f"time unit {unit.names[0]}" for unit in lexicon.quantities.time_units if not _used(unit.names)
    ]
    unused += [f"container {c.names[0]}" for c in lexicon.quantities.containers if not _used(c.names)]
    unused += [
        f"region {region}"
        for region, names in lexicon.regions.names.items()
        if not _used([*names, *lexicon.kb_region_names[region]])
    ]
    unused += [f"group {name}" for name, group in lexicon.regions.groups.items() if not _used(group.names)]
    for unit in lexicon.quantities.units:  # a number before the unit: "33cl", "16 oz"
        names = lexicon.pattern(unit.names).pattern.removeprefix("(?<![\\w'])")
        if not any(re.search(rf"\d\s*{names}", text.lower()) for text in TEXTS):
            unused.append(f"unit {unit.names[0]}")
    assert unused == []


def test_caffeine_figures_cite_sources_of_the_knowledge_base(kb: KnowledgeBase) -> None:
    for drink in load_lexicon().drinks:
        for reference in drink.references:
            assert reference.source in kb.sources, f"{drink.id}: {reference.source}"


def test_phrase_syntax() -> None:
    macros = {"urine": ["pee", "urine"]}
    assert re.fullmatch(phrase_regex("can't catch my breath", macros), "cant catch my breath")
    assert re.fullmatch(phrase_regex("cant breathe", macros), "can't breathe")
    assert re.fullmatch(phrase_regex("slur*", macros), "slurring")
    assert re.fullmatch(phrase_regex("pre workout", macros), "pre-workout")
    assert re.fullmatch(phrase_regex("{urine} ... like cola", macros), "pee looks, honestly, like cola")
    assert not re.fullmatch(phrase_regex("{urine} ... like cola", macros), "pee. then a drink like cola")


def test_a_broken_lexicon_names_every_problem(tmp_path: Path) -> None:
    for path in DATA_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    symptoms = yaml.safe_load((tmp_path / "symptoms.yaml").read_text(encoding="utf-8"))
    symptoms[0]["value"] = "maybe"  # not a yes/no
    symptoms[1]["field"] = "symptoms.no_such_field"
    (tmp_path / "symptoms.yaml").write_text(yaml.safe_dump(symptoms), encoding="utf-8")
    with pytest.raises(LexiconError) as caught:
        load_lexicon(tmp_path)
    message = str(caught.value)
    assert "symptoms.yaml[0]" in message
    assert "symptoms.yaml[1]" in message


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("pec flickering after bench, a weird thud in my chest but no pain", "symptoms.chest_pain"),
        ("heart skipping in my chest, no pain at all, since this morning", "symptoms.chest_pain"),
        (
            "in the mirror my face is not drooping, eyelid twitch only",
            "symptoms.sudden_face_or_limb_weakness",
        ),
    ],
)
def test_a_gap_in_a_phrasing_does_not_pass_a_denial(text: str, path: str) -> None:
    section, name = path.split(".")
    assert parse_text(text).fields.get(section, {}).get(name) is not True


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("my chest went really tight on the climb", "symptoms.chest_pain"),
        ("one side of my face started drooping at dinner", "symptoms.sudden_face_or_limb_weakness"),
    ],
)
def test_a_gap_in_a_phrasing_still_passes_other_words(text: str, path: str) -> None:
    section, name = path.split(".")
    assert parse_text(text).fields[section][name] is True
