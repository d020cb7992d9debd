"""The installed `twitchcheck` console script, in a subprocess and in a real terminal (pty)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from jsonschema import Draft202012Validator

from tests.adapters.cli.support import EXAMPLE
from twitchcheck import KnowledgeBase
from twitchcheck.adapters.cli.interview import DESCRIBE_PROMPT
from twitchcheck.engine.questions import interview_order as question_order

SCRIPT = Path(sys.executable).with_name("twitchcheck")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not SCRIPT.exists(), reason=f"console script not installed at {SCRIPT}"),
]


def _prompt(kb: KnowledgeBase, field: str) -> str:
    return next(question.prompt for question in kb.questions if question.id == field)


def test_console_script_json(assessment_validator: Draft202012Validator) -> None:
    done = subprocess.run(
        [str(SCRIPT), "check", "--input", str(EXAMPLE), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assessment_validator.validate(json.loads(done.stdout))


def test_console_script_reads_piped_stdin_and_fails_cleanly() -> None:
    piped = subprocess.run(
        [str(SCRIPT), "check", "-f", "json"],
        input=EXAMPLE.read_text(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert piped.returncode == 0, piped.stderr
    assert json.loads(piped.stdout)["triage"]["level"] == "self_care"
    bad = subprocess.run([str(SCRIPT), "check"], input="{", capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2
    assert "line 1 column 2" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_real_terminal_session(kb: KnowledgeBase) -> None:
    env = {**os.environ, "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    for inherited in ("COLUMNS", "LINES"):  # pytest may set these; the pty's own size must decide
        env.pop(inherited, None)
    child = pexpect.spawn(
        str(SCRIPT), ["check"], env=env, encoding="utf-8", dimensions=(50, 250), timeout=30
    )  # no --interactive: stdin is a terminal, so it asks
    try:
        child.expect_exact(DESCRIBE_PROMPT)
        child.expect_exact("> ")
        child.sendline("")  # no description: the questions, as before
        child.expect_exact(_prompt(kb, "twitch.regions"))
        child.expect_exact("> ")
        child.sendline("calves, quads")
        child.expect_exact(_prompt(kb, "twitch.duration_days"))
        child.expect_exact("> ")
        child.sendline("soon")  # not a number: asked again
        child.expect_exact("is not a number")
        child.expect_exact("> ")
        child.sendline("0.2")
        third = question_order(kb)[2]
        child.expect_exact(_prompt(kb, third.id))
        child.expect_exact("> ")
        child.sendline("")  # don't know
        child.expect_exact("> ")  # the next question
        child.sendeof()  # Ctrl-D: leave the rest unanswered
        child.expect_exact(kb.levels["self_care"].headline)
        card = child.before + child.after
        child.expect(pexpect.EOF)
        card += child.before
    finally:
        child.close()
    assert child.exitstatus == 0, card
    assert "\x1b[" in card  # a terminal gets colour
    assert "Traceback" not in card


def _terminal(args: list[str]) -> pexpect.spawn:
    env = {**os.environ, "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    for inherited in ("COLUMNS", "LINES"):
        env.pop(inherited, None)
    return pexpect.spawn(str(SCRIPT), args, env=env, encoding="utf-8", dimensions=(50, 250), timeout=30)


def test_real_terminal_session_starts_from_a_description(kb: KnowledgeBase) -> None:
    child = _terminal(["check"])
    try:
        child.expect_exact(DESCRIBE_PROMPT)
        child.expect_exact("> ")
        child.sendline("calves twitching since yesterday after leg day, no weakness")
        child.expect_exact("Understood:")
        child.expect_exact("where it twitches: calf")
        # Both required fields were understood: the first question is one the description left open.
        child.expect_exact("> ")
        shown = child.before
        assert _prompt(kb, "twitch.regions") not in shown
        assert _prompt(kb, "twitch.duration_days") not in shown
        assert _prompt(kb, "symptoms.weakness") not in shown
        child.sendeof()
        child.expect_exact(kb.levels["self_care"].headline)
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0


def test_console_script_text_json(assessment_validator: Draft202012Validator) -> None:
    done = subprocess.run(
        [str(SCRIPT), "check", "--text", "-", "--format", "json"],
        input="pee looks like cola after the marathon",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    contract = json.loads(done.stdout)
    assessment_validator.validate(contract)
    assert contract["triage"]["level"] == "emergency"
    assert contract["understood"]["assumed"] == {"twitch.regions": ["calf"], "twitch.duration_days": 0}


def test_a_check_without_a_journal_loads_neither_the_database_layer_nor_fhir(tmp_path: Path) -> None:
    """Cold start: asking whether a journal exists, or whether the input is a QuestionnaireResponse, must not
    import SQLAlchemy or fhir.resources (together they had more than doubled `check`'s start-up)."""
    code = (
        "import sys; from twitchcheck.adapters.cli import main;"
        f" sys.argv = ['twitchcheck', 'check', '--input', {str(EXAMPLE)!r}, '--format', 'json'];"
        " exec('try:\\n main()\\nexcept SystemExit:\\n pass');"
        " print(sorted(m for m in ('sqlalchemy', 'fhir.resources') if m in sys.modules), file=sys.stderr)"
    )
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}
    env.pop("TWITCHCHECK_DB", None)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert json.loads(done.stdout)["triage"]["level"] == "self_care"
    assert done.stderr.strip().splitlines()[-1] == "[]"
