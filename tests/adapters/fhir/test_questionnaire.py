"""The Questionnaire: the same questions, order and skip logic as the CLI interview, in FHIR's terms."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path
from typing import Any

import pytest

from twitchcheck import KnowledgeBase
from twitchcheck.adapters.fhir import FhirBuildError, questionnaire, questionnaire_json
from twitchcheck.core.report import REQUIRED_FIELDS
from twitchcheck.engine.questions import interview_order, should_ask
from twitchcheck.knowledge import DATA_DIR, load_knowledge


def _items(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["linkId"]: item for group in data["item"] for item in group["item"]}


def test_every_question_in_the_interview_order_grouped(kb: KnowledgeBase) -> None:
    data = questionnaire_json(kb)
    groups = [group["linkId"] for group in data["item"]]
    order = interview_order(kb)
    assert groups == list(dict.fromkeys(question.group for question in order))
    for group in data["item"]:
        expected = [question.id for question in order if question.group == group["linkId"]]
        assert [item["linkId"] for item in group["item"]] == expected
        assert group["type"] == "group"


def test_items_carry_prompt_help_type_and_units(kb: KnowledgeBase) -> None:
    items = _items(questionnaire_json(kb))
    for question in interview_order(kb):
        item = items[question.id]
        assert item["text"] == question.prompt
        (help_item,) = item["item"]
        assert help_item["type"] == "display"
        assert help_item["text"] == question.help
        assert help_item["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] == "help"
    assert items["twitch.regions"]["type"] == "choice"
    assert items["twitch.regions"]["repeats"] is True
    assert {option["valueCoding"]["code"] for option in items["twitch.regions"]["answerOption"]} >= {
        "calf",
        "tongue",
    }
    assert items["symptoms.chest_pain"]["type"] == "boolean"
    assert items["person.age"]["type"] == "integer"
    assert items["hydration.body_mass_before_kg"]["type"] == "decimal"
    unit = items["hydration.body_mass_before_kg"]["extension"][0]["valueCoding"]
    assert (unit["system"], unit["code"]) == ("http://unitsofmeasure.org", "kg")
    assert items["context.medications"]["repeats"] is True
    assert "extension" not in items["workout.rpe"]  # a 0-10 scale has no unit
    assert {field for field, item in items.items() if item.get("required")} == set(REQUIRED_FIELDS)


def test_it_parses_as_a_fhir_questionnaire_with_a_stable_version(kb: KnowledgeBase) -> None:
    model = questionnaire(kb)
    assert model.url == "https://twitchcheck.example/fhir/Questionnaire/twitchcheck-check"
    assert model.version == questionnaire(kb).version
    assert model.version is not None
    assert model.version.startswith("0.")


def _enabled(item: dict[str, Any], answers: dict[str, Any]) -> bool:
    """What a FHIR client does with enableWhen: `answers` maps linkId -> answer value (absent: unanswered)."""
    results = []
    for condition in item["enableWhen"]:
        given = answers.get(condition["question"])
        operator = condition["operator"]
        expected = next(value for key, value in condition.items() if key.startswith("answer"))
        if isinstance(expected, dict):
            expected = expected["code"]
        if operator == "exists":
            results.append((given is not None) == expected)
        elif given is None:
            results.append(False)
        elif operator == "=" and isinstance(given, list):
            results.append(expected in given)  # a repeating question: any of its answers
        elif operator == "=":
            results.append(given == expected)
        elif operator == "!=":
            results.append(given != expected)
        else:
            results.append({">": given > expected, ">=": given >= expected, "<": given < expected}[operator])
    return any(results) if item.get("enableBehavior") == "any" else all(results)


SAMPLES: dict[str, list[Any]] = {
    "choice": [None],
    "bool": [None, True, False],
    "number": [None, 0, 0.5, 1, 2, 30],
    "integer": [None, 0, 1, 2, 30],
    # An empty list has no FHIR answer (it stays unanswered), so the samples are non-empty.
    "choices": [None, ["ssri_or_snri"], ["statin"], ["maoi", "tramadol"], ["other"]],
}


def test_enable_when_agrees_with_the_cli_on_every_question(kb: KnowledgeBase) -> None:
    """Each ask_when is walked over the answers it reads, including unanswered: FHIR and the CLI agree."""
    items = _items(questionnaire_json(kb))
    questions = {question.id: question for question in kb.questions}
    translated = 0
    for question in interview_order(kb):
        if question.ask_when is None:
            assert "enableWhen" not in items[question.id]
            continue
        translated += 1
        fields = sorted(question.ask_when.facts_used())
        choices = []
        for field in fields:
            read = questions[field]
            if read.answer == "choice":
                choices.append([None, *(option.value for option in read.options or [])])
            else:
                choices.append(SAMPLES[read.answer])
        for combination in itertools.product(*choices):
            answers: dict[str, dict[str, Any]] = {}
            flat = {}
            for field, value in zip(fields, combination, strict=True):
                if value is not None:
                    section, name = field.split(".")
                    answers.setdefault(section, {})[name] = value
                    flat[field] = value
            assert _enabled(items[question.id], flat) == should_ask(kb, question, answers), (
                question.id,
                flat,
            )
    assert translated >= 10


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    return root


def test_skip_logic_that_has_no_enable_when_form_fails_the_build(kb_copy: Path) -> None:
    path = kb_copy / "questions" / "twitch_trend.yaml"
    text = path.read_text()
    old = "ask_when: {fact: twitch.duration_days, gt: 1}"
    assert old in text
    path.write_text(
        text.replace(
            old,
            "ask_when: {all: [{fact: twitch.duration_days, gt: 1}, {fact: twitch.started, is: at_rest}]}",
        )
    )
    with pytest.raises(FhirBuildError, match=r"twitch\.trend: ask_when .*'all' has no enableWhen form"):
        questionnaire(load_knowledge(kb_copy))
