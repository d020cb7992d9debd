"""`twitchcheck check` from a file or stdin: the JSON contract, the text card, and every kind of bad input."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tests.adapters.cli.support import EXAMPLE, flat, report_file, run
from twitchcheck import KnowledgeBase, KnowledgeError, assess
from twitchcheck.knowledge import Problem
from twitchcheck.testing import leg_day, minimal

_COLOUR = re.compile(r"\x1b\[([0-9;]*)m")


def test_json_is_the_contract_and_nothing_else(assessment_validator: Draft202012Validator) -> None:
    result = run("check", "--input", str(EXAMPLE), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    contract = json.loads(result.stdout)  # the whole of stdout is one JSON document
    assessment_validator.validate(contract)
    assert contract["triage"]["level"] == "self_care"
    assert datetime.fromisoformat(contract["assessed_at"]).tzinfo is not None  # `now` is passed, in UTC


def test_json_matches_the_library(kb: KnowledgeBase) -> None:
    result = run("check", "-i", str(EXAMPLE), "-f", "json")
    contract = json.loads(result.stdout)
    expected = assess(json.loads(EXAMPLE.read_text()), knowledge=kb).to_contract()
    contract.pop("assessed_at")
    expected.pop("assessed_at", None)
    assert contract == expected


def test_text_card_sections_in_order_without_ansi(kb: KnowledgeBase) -> None:
    result = run("check", "--input", str(EXAMPLE))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "\x1b" not in out  # not a terminal: plain text
    expected = assess(json.loads(EXAMPLE.read_text()), knowledge=kb)
    text = flat(out)
    marks = [
        expected.triage.headline,
        "Why",
        flat(expected.triage.summary),
        "Likely causes",
        expected.causes[0].title,
        "Your plan",
        expected.plan[0].title,
        "Sources",
        f"[1] {expected.sources[0].title}",
        flat(expected.disclaimer),
    ]
    positions = [text.find(mark) for mark in marks]
    assert all(position >= 0 for position in positions), dict(zip(marks, positions, strict=True))
    assert positions == sorted(positions)
    assert text.endswith(flat(expected.disclaimer))  # the disclaimer is last
    assert f"{expected.causes[0].score:.0%}" in text
    assert all(line == line.rstrip() for line in out.splitlines())


def test_text_card_colour_follows_the_terminal_and_no_color() -> None:
    coloured = run("check", "-i", str(EXAMPLE), env={"FORCE_COLOR": "1", "TERM": "xterm-256color"}).stdout
    assert _COLOUR.search(coloured)
    no_color = run(
        "check", "-i", str(EXAMPLE), env={"FORCE_COLOR": "1", "NO_COLOR": "1", "TERM": "xterm-256color"}
    ).stdout
    codes = {code for match in _COLOUR.finditer(no_color) for code in match.group(1).split(";")}
    colour_codes = {str(n) for n in (*range(30, 39), *range(40, 49), *range(90, 98), *range(100, 108))}
    assert not codes & colour_codes  # bold may stay, colour goes


def test_stdin_dash_and_piped_stdin() -> None:
    text = EXAMPLE.read_text()
    for args in (("check", "--input", "-", "-f", "json"), ("check", "-f", "json")):
        result = run(*args, stdin=text)
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["triage"]["level"] == "self_care"


def test_bad_json_names_line_and_column() -> None:
    result = run("check", "-i", "-", stdin='{\n  "twitch": {\n    "regions": ["calf"],\n  }\n}\n')
    assert result.exit_code == 2
    assert "line 4 column 3" in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_every_bad_field_is_named(tmp_path: Path) -> None:
    report = leg_day(twitch={"duration_days": -1}, hydration={"urine_color": 12}, workout={"rpe": 11})
    result = run("check", "-i", str(report_file(tmp_path, report)))
    assert result.exit_code == 2
    for field in ("twitch.duration_days", "hydration.urine_color", "workout.rpe"):
        assert field in result.stderr
    assert "3 problems" in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_not_an_object_and_empty_input() -> None:
    listed = run("check", "-i", "-", stdin="[1, 2]")
    assert listed.exit_code == 2
    assert "(report)" in listed.stderr
    empty = run("check", "-i", "-", stdin="  \n")
    assert empty.exit_code == 2
    assert "empty" in empty.stderr


def test_missing_file_and_directory(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-report.json"
    result = run("check", "--input", str(missing))
    assert result.exit_code == 2
    assert str(missing) in result.stderr
    assert "Traceback" not in result.output
    directory = run("check", "--input", str(tmp_path))
    assert directory.exit_code == 2
    assert "directory" in directory.stderr


def test_input_and_interactive_conflict() -> None:
    result = run("check", "--input", str(EXAMPLE), "--interactive")
    assert result.exit_code == 2
    assert "--interactive" in result.stderr


def test_emergency_comes_first_with_what_to_do(tmp_path: Path, kb: KnowledgeBase) -> None:
    report = minimal(symptoms={"chest_pain": True, "severe_pain_or_swelling": True})
    result = run("check", "-i", str(report_file(tmp_path, report)), "--emergency-number", "112")
    assert result.exit_code == 0, result.stderr
    expected = assess(report, knowledge=kb, emergency_number="112")
    assert expected.level == "emergency"
    first_lines = result.stdout.lstrip().splitlines()[:3]
    assert any("EMERGENCY" in line for line in first_lines)
    text = flat(result.stdout)
    why = text.index("Why")
    assert 0 <= text.index(kb.levels["emergency"].headline) < why
    call = next(step for step in expected.plan if step.id == "call_emergency")
    assert "112" in call.advice
    assert 0 <= text.index(flat(call.advice)) < why  # the call to make, right in the panel
    chest_pain = next(flag for flag in expected.red_flags if flag.id == "chest_pain")
    assert 0 <= text.index(flat(chest_pain.what_to_do)) < why
    assert "chest pain: yes" in text  # the answer that set it off


def test_emergency_number_reaches_the_json(tmp_path: Path) -> None:
    path = report_file(tmp_path, minimal(symptoms={"chest_pain": True}))
    result = run("check", "-i", str(path), "-f", "json", "--emergency-number", "+61 000")
    plan = json.loads(result.stdout)["plan"]
    assert any("+61000" in step["advice"] for step in plan if step["id"] == "call_emergency")


@pytest.mark.parametrize("command", [["check", "-i"], ["status"], ["serve"]])
def test_an_emergency_number_with_words_is_refused_by_name(tmp_path: Path, command: list[str]) -> None:
    path = report_file(tmp_path, minimal(symptoms={"chest_pain": True}))
    given = [*command, str(path)] if command[-1] == "-i" else command
    result = run(*given, "--db", str(tmp_path / "j.db"), "--emergency-number", "0900-ATTACKER")
    assert result.exit_code != 0
    assert "--emergency-number" in result.stderr
    assert "ATTACKER" not in result.output


def test_internal_error_is_one_line_unless_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("engine on fire")

    monkeypatch.setattr("twitchcheck.services.checks.engine_assess", broken)
    result = run("check", "-i", str(EXAMPLE))
    assert result.exit_code == 1
    assert "internal error: RuntimeError: engine on fire" in result.stderr
    assert "Traceback" not in result.output
    debug = run("--debug", "check", "-i", str(EXAMPLE))
    assert isinstance(debug.exception, RuntimeError)  # re-raised for the traceback


def test_knowledge_base_that_does_not_load_lists_its_problems(monkeypatch: pytest.MonkeyPatch) -> None:
    def unloadable(*_args: object, **_kwargs: object) -> None:
        raise KnowledgeError([Problem("red_flags/chest_pain.yaml", 7, "triggers.0.level: bad level")])

    monkeypatch.setattr("twitchcheck.services.checks.engine_assess", unloadable)
    result = run("check", "-i", str(EXAMPLE), "-f", "json")
    assert result.exit_code == 1
    assert "red_flags/chest_pain.yaml:7: triggers.0.level: bad level" in result.stderr
    assert "kb check" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        (
            '{"twitch": {"regions": ["calf"], "duration_days": 1}, "symptoms": {"chest_pain": true, '
            '"chest_pain": false}}',
            "duplicate key 'chest_pain'",
        ),
        ('{"twitch": {"regions": ["calf"], "duration_days": NaN}}', "NaN is not valid JSON"),
        ("[" * 50_000, "nested too deeply"),
    ],
)
def test_json_that_would_lose_or_garble_an_answer_exits_2(stdin: str, message: str) -> None:
    result = run("check", "-i", "-", stdin=stdin)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_the_card_leads_with_the_plain_answer_and_keeps_numbered_sources_last(kb: KnowledgeBase) -> None:
    result = run("check", "--input", str(EXAMPLE))
    assert result.exit_code == 0, result.stderr
    text = flat(result.stdout)
    answer = assess(json.loads(EXAMPLE.read_text()), knowledge=kb).answer
    assert answer is not None
    marks = [
        "What this most likely is",
        flat(answer.likely),
        "What to do now",
        flat(answer.do_now),
        "What would make it more urgent",
        flat(answer.more_urgent),
        "Why",
        "Your plan",
        "Sources",
        "[1]",
    ]
    positions = [text.find(mark) for mark in marks]
    assert -1 not in positions, dict(zip(marks, positions, strict=True))
    assert positions == sorted(positions)
    # Every citation number on the card is a source listed at the end.
    sources = text[text.rindex("Sources") :]
    for number in {n for group in re.findall(r"\[([0-9, ]+)\]", text) for n in group.split(", ")}:
        assert f"[{number}]" in sources


def test_an_emergency_card_says_the_number_to_call_once_and_first(tmp_path: Path, kb: KnowledgeBase) -> None:
    """Chest pain during a run: the card says "call" in its headline and then once, with the number (and
    what to do while waiting); the red flag's line and the plan below do not say it again."""
    report = {"twitch": {"regions": ["calf"], "duration_days": 0.1}, "symptoms": {"chest_pain": True}}
    result = run("check", "--input", str(report_file(tmp_path, report)), "--emergency-number", "000")
    text = flat(result.stdout)
    panel = text[: text.index("Why")]
    assert panel.index(kb.levels["emergency"].headline) < panel.index("What to do now Call 000 now")
    assert text.count("Call 000") == 1
    calls = re.findall(r"\bcall(?! handler)\b", panel, flags=re.IGNORECASE)
    assert len(calls) == 2, panel  # the headline, then the one instruction
    assert "Worried about ALS/MND?" not in text
    default = flat(run("check", "--input", str(report_file(tmp_path, report))).stdout)
    assert default.count("911 in North America") == 1


def test_a_calm_card_answers_the_als_worry_with_its_evidence_grade(tmp_path: Path) -> None:
    report = minimal(twitch={"regions": ["calf"], "duration_days": 0.2, "started": "after_workout"})
    result = run("check", "--input", str(report_file(tmp_path, report)))
    text = flat(result.stdout)
    note = text[text.index("Worried about ALS/MND?") :]
    assert "seven in ten healthy people" in note
    assert "Evidence grade: low." in note
    assert text.index("Worried about ALS/MND?") < text.rindex("Sources")
