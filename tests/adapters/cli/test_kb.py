"""`twitchcheck kb check | list | show`."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from tests.adapters.cli.support import flat, run
from twitchcheck import KnowledgeBase, load_knowledge
from twitchcheck.knowledge import DATA_DIR
from twitchcheck.knowledge.model import Cause


def test_kb_check_ok_with_counts(kb: KnowledgeBase) -> None:
    result = run("kb", "check")
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("OK")
    counts = Counter(str(entry.kind) for entry in kb.entries())
    for kind, count in counts.items():
        assert f"{count} {kind}" in lines[0]


def test_kb_check_reports_file_and_line_of_a_broken_entry(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    broken = root / "red_flags" / "chest_pain.yaml"
    lines = broken.read_text(encoding="utf-8").splitlines(keepends=True)
    line_no = next(index for index, line in enumerate(lines, start=1) if line.strip() == "level: emergency")
    lines[line_no - 1] = lines[line_no - 1].replace("emergency", "critical")
    broken.write_text("".join(lines), encoding="utf-8")

    result = run("kb", "check", "--path", str(root))
    assert result.exit_code == 1
    assert f"red_flags/chest_pain.yaml:{line_no}: " in result.stdout
    assert "Traceback" not in result.output


def test_kb_check_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = run("kb", "check", "--path", str(tmp_path / "nowhere"))
    assert result.exit_code == 2


def test_kb_list_all_and_by_kind(kb: KnowledgeBase) -> None:
    result = run("kb", "list")
    assert result.exit_code == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert header.split()[:4] == ["kind", "id", "status", "title"]
    assert len(rows) == len(list(kb.entries()))  # one line per entry when piped
    flags = run("kb", "list", "--kind", "red_flag").stdout.splitlines()[1:]
    assert {line.split()[1] for line in flags} == {flag.id for flag in kb.red_flags}
    assert run("kb", "list", "-k", "red_flags").stdout.splitlines()[1:] == flags  # the folder name works too


def test_kb_list_unknown_kind() -> None:
    result = run("kb", "list", "--kind", "gizmo")
    assert result.exit_code == 2
    assert "gizmo" in result.stderr


def test_kb_show_red_flag_with_conditions_and_sources(kb: KnowledgeBase) -> None:
    flag = next(flag for flag in kb.red_flags if flag.id == "hyponatremia")
    result = run("kb", "show", "hyponatremia")
    assert result.exit_code == 0, result.stderr
    text = flat(result.stdout)
    assert flag.title in text
    for trigger in flag.triggers:
        assert flat(trigger.when.render()) in text
        assert flat(trigger.reason) in text
    for reference in flag.references:
        assert flat(kb.sources[reference.source].title) in text
    assert f"{len(flag.cases.must_fire)} must fire, {len(flag.cases.must_not_fire)} must not fire" in text
    assert "red_flags/hyponatremia.yaml" in text


def test_kb_show_cause_grade_and_signals(kb: KnowledgeBase) -> None:
    cause: Cause = next(cause for cause in kb.causes if cause.id == "dehydration")
    text = flat(run("kb", "show", "dehydration").stdout)
    assert f"grade: {cause.grade}" in text
    for signal in cause.signals:
        assert signal.id in text
        assert flat(signal.when.render()) in text


def test_kb_show_question(kb: KnowledgeBase) -> None:
    question = next(question for question in kb.questions if question.id == "symptoms.dark_urine")
    result = run("kb", "show", "symptoms.dark_urine")
    assert result.exit_code == 0, result.stderr
    assert flat(question.prompt) in flat(result.stdout)
    assert flat(question.help) in flat(result.stdout)


def test_kb_show_every_entry_sharing_an_id(
    tmp_path: Path, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    source = next(iter(kb.sources))
    (root / "concepts" / "chest_pain.yaml").write_text(
        "kind: concept\nid: chest_pain\nstatus: experimental\ntitle: A concept named like a red flag\n"
        "summary: Ids are unique within a kind only.\nbody: Test.\n"
        f"references:\n  - {{source: {source}, supports: test}}\n",
        encoding="utf-8",
    )
    copy = load_knowledge(root)
    monkeypatch.setattr("twitchcheck.knowledge.load_knowledge", lambda *_args, **_kwargs: copy)
    result = run("kb", "show", "chest_pain")
    assert result.exit_code == 0, result.stderr
    text = flat(result.stdout)
    assert "red_flag chest_pain" in text
    assert "concept chest_pain" in text
    assert "A concept named like a red flag" in text


def test_kb_show_unknown_id_suggests() -> None:
    result = run("kb", "show", "hydrat")
    assert result.exit_code == 2
    assert "hydrate" in result.stderr
    assert result.stdout == ""
