"""`twitchcheck check --text`: the assessment of a description, what was understood, and bad input."""

from __future__ import annotations

import json
from typing import Any

from jsonschema import Draft202012Validator

from tests.adapters.cli.support import flat, run
from twitchcheck import KnowledgeBase, assess
from twitchcheck.adapters.cli.interview import DESCRIBE_PROMPT, interview
from twitchcheck.engine.answers import with_placeholders
from twitchcheck.text import MAX_TEXT_CHARS


def test_text_json_is_the_assessment_contract_plus_what_was_understood(
    assessment_validator: Draft202012Validator,
) -> None:
    text = "did legs yesterday, calves still twitching, no weakness, had 2 coffees and a pre-workout"
    result = run("check", "--text", text, "--format", "json")
    assert result.exit_code == 0, result.stderr
    contract = json.loads(result.stdout)
    assessment_validator.validate(contract)
    understood = contract["understood"]
    assert understood["complete"] is True
    assert understood["report"]["twitch"] == {
        "regions": ["calf"],
        "duration_days": 1.0,
        "started": "after_workout",
    }
    assert understood["assumed"] == {}
    regions = [note for note in understood["notes"] if note["field"] == "twitch.regions"]
    assert regions == [
        {"field": "twitch.regions", "value": ["calf"], "words": "calves", "start": 20, "end": 26,
         "negated": False, "uncertain": False}
    ]  # fmt: skip
    assert contract["triage"]["level"] == assess(understood["report"]).level


def test_text_from_stdin_and_the_text_card() -> None:
    result = run("check", "--text", "-", stdin="calves twitching since yesterday after leg day\n")
    assert result.exit_code == 0, result.stderr
    card = flat(result.stdout)
    assert card.startswith("SELF CARE")
    assert "What I understood from your words" in card
    assert "where it twitches: calf from 'calves'" in card


def test_a_warning_sign_without_a_location_is_still_assessed_and_says_what_was_assumed() -> None:
    result = run("check", "--text", "pee looks like cola after the marathon", "-f", "json")
    assert result.exit_code == 0, result.stderr
    contract = json.loads(result.stdout)
    assert contract["triage"]["level"] == "emergency"
    assert [flag["id"] for flag in contract["red_flags"]] == ["rhabdomyolysis"]
    assert contract["understood"]["complete"] is False
    assert contract["understood"]["missing"] == ["twitch.regions", "twitch.duration_days"]
    assert contract["understood"]["assumed"] == {"twitch.regions": ["calf"], "twitch.duration_days": 0}
    card = flat(run("check", "--text", "pee looks like cola after the marathon").stdout)
    assert card.startswith("EMERGENCY")
    assert "assumed where it twitches: calf only to assess the warning sign you described" in card


def test_an_uncertain_mention_escalates_and_says_so() -> None:
    text = "I think my pee is darker, like cola? calves twitching since yesterday"
    contract = json.loads(run("check", "--text", text, "-f", "json").stdout)
    assert contract["triage"]["level"] == "emergency"
    assert contract["understood"]["uncertain_escalations"] == ["symptoms.dark_urine"]
    card = flat(run("check", "--text", text).stdout)
    assert "The level was raised because of an uncertain mention of dark urine" in card


def test_placeholders_cannot_raise_the_level_by_themselves(kb: KnowledgeBase) -> None:
    from twitchcheck.text.assess import PLACEHOLDERS

    report: dict[str, dict[str, Any]] = {"twitch": {}}
    for path, value in PLACEHOLDERS.items():
        report["twitch"][path.split(".", 1)[1]] = value
    result = assess(report, knowledge=kb)
    assert result.level == "self_care"
    assert result.red_flags == []
    assert result.warnings == []


def test_missing_fields_without_a_warning_sign_exit_2_naming_them_and_what_was_understood() -> None:
    result = run("check", "--text", "had 4 coffees and a spin class")
    assert result.exit_code == 2
    assert "cannot assess without where it twitches and how long it has lasted" in result.stderr
    assert "caffeine in the last 24 hours: 384 mg" in result.stderr
    assert "Traceback" not in result.output


def test_bad_text_exits_2_with_a_clear_answer() -> None:
    cases = {
        "": "no text",
        "   ": "no text",
        "Mir zuckt seit gestern die Wade": "could not understand any twitch description",
        "\U0001f4aa\U0001f3cb\ufe0f\U0001f629": "could not understand any twitch description",
        "x" * (MAX_TEXT_CHARS + 1): "longer than the limit of 100,000 characters",
    }
    for text, message in cases.items():
        result = run("check", "--text", text)
        assert result.exit_code == 2, text[:20]
        assert message in result.stderr
        assert "Traceback" not in result.output
    result = run("check", "--text", "-", stdin="y" * (MAX_TEXT_CHARS + 10))
    assert result.exit_code == 2
    assert "100,000 characters" in result.stderr


def test_text_goes_alone() -> None:
    result = run("check", "--text", "calves", "--input", "x.json")
    assert result.exit_code == 2
    assert "--text goes alone" in result.stderr


def test_the_interview_starts_from_a_description_and_asks_only_what_is_left(kb: KnowledgeBase) -> None:
    import io

    from rich.console import Console

    output = io.StringIO()
    lines = iter(["calves twitching since yesterday after leg day, no weakness, not short of breath"])
    report = interview(
        kb,
        console=Console(file=output, width=10_000, color_system=None),
        read_line=lambda: next(lines, None),
        is_emergency=lambda report: assess(report, knowledge=kb).level == "emergency",
        describe=True,
    )
    shown = output.getvalue()
    assert DESCRIBE_PROMPT in shown
    assert report["twitch"]["regions"] == ["calf"]
    assert report["symptoms"] == {"weakness": "none", "trouble_breathing": False}
    prompts = {question.id: question.prompt for question in kb.questions}
    for answered in (
        "twitch.regions",
        "twitch.duration_days",
        "symptoms.weakness",
        "symptoms.trouble_breathing",
    ):
        assert prompts[answered] not in shown, answered
    assert prompts["symptoms.chest_pain"] in shown  # still unknown: asked


def test_an_emergency_in_the_description_stops_the_interview_at_once(kb: KnowledgeBase) -> None:
    import io

    from rich.console import Console

    output = io.StringIO()
    lines = iter(["crushing chest pain"])
    report = interview(
        kb,
        console=Console(file=output, width=10_000, color_system=None),
        read_line=lambda: next(lines, None),
        is_emergency=lambda report: assess(report, knowledge=kb).level == "emergency",
        describe=True,
    )
    assert report["symptoms"]["chest_pain"] is True
    assert "No more questions" in output.getvalue()
    assert "assumed where it twitches: calf only to assess the warning sign" in output.getvalue()
    assert assess(report, knowledge=kb).level == "emergency"


def _interviewed(kb: KnowledgeBase, lines: list[str]) -> tuple[Any, str]:
    import io

    from rich.console import Console

    from twitchcheck.adapters.cli.interview import interview_check

    output = io.StringIO()
    answers = iter(lines)
    result = interview_check(
        kb,
        console=Console(file=output, width=10_000, color_system=None),
        read_line=lambda: next(answers, None),
        is_emergency=lambda report: assess(with_placeholders(report)[0], knowledge=kb).level == "emergency",
        describe=True,
    )
    return result, output.getvalue()


def test_a_description_without_a_duration_asks_only_for_it_in_words(kb: KnowledgeBase) -> None:
    result, shown = _interviewed(kb, ["my left calf is twitching", "4 days"])
    prompts = {question.id: question.prompt for question in kb.questions}
    assert prompts["twitch.duration_days"] in shown
    assert prompts["symptoms.chest_pain"] not in shown  # only what was missing
    assert result.understanding is not None
    assert result.understanding.report is not None
    assert result.understanding.report.twitch.duration_days == 4


def test_an_uncertain_warning_sign_is_confirmed_in_the_terminal(kb: KnowledgeBase) -> None:
    prompts = {question.id: question.prompt for question in kb.questions}
    said_no, shown = _interviewed(kb, ["calf twitching for 2 days, maybe my pee is a bit dark?", "n"])
    assert prompts["symptoms.dark_urine"] in shown
    assert said_no.report["symptoms"]["dark_urine"] is False
    kept, _ = _interviewed(kb, ["calf twitching for 2 days, maybe my pee is a bit dark?", ""])
    assert kept.report["symptoms"]["dark_urine"] is True  # a skip keeps the mention, and the escalation
    assert "symptoms.dark_urine" in kept.understanding.uncertain_fields


def test_json_without_where_or_how_long_exits_2_with_what_was_understood_on_stdout() -> None:
    result = run("check", "--text", "had 4 coffees and a spin class", "--format", "json")
    assert result.exit_code == 2
    understood = json.loads(result.stdout)["understood"]
    assert understood["missing"] == ["twitch.regions", "twitch.duration_days"]
    assert understood["report"]["stimulants"]["caffeine_mg"] == 384
    assert "cannot assess without where it twitches and how long it has lasted" in result.stderr


def test_a_story_the_second_opinion_raises_says_so_and_names_its_words() -> None:
    from tests.text.outside_eval import load_part

    # g-064 (outside corpus, development part): a calf clenched for days after a long flight and a marathon,
    # which the rules alone leave at self care and the labellers judged to need a doctor today.
    case = next(case for case in load_part("dev") if case.id == "g-064")
    as_of = case.now.isoformat(timespec="minutes")
    contract = json.loads(run("check", "--text", case.text, "--as-of", as_of, "-f", "json").stdout)
    assert contract["triage"]["level"] == "urgent"
    assert contract["red_flags"] == []
    assert [w["id"] for w in contract["warnings"]] == ["reads_like_urgent"]
    opinion = contract["understood"]["second_opinion"]
    assert opinion["level"] == "urgent"
    assert opinion["chances"]["urgent"] >= 0.7
    card = flat(run("check", "--text", case.text, "--as-of", as_of).stdout)
    assert card.startswith("URGENT")
    assert "Your description reads like those that needed a doctor today" in card
    assert "Read as a whole, your description is like others that needed this level" in card
    assert f"The words that weighed most: '{opinion['words'][0]}'" in card
