"""The knowledge base's start-up cache: read back only for the same files, never trusted when broken."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from twitchcheck import KnowledgeBase
from twitchcheck.core.report import parse_report
from twitchcheck.engine import assess
from twitchcheck.knowledge import DATA_DIR
from twitchcheck.knowledge.cache import cache_dir, cached, key
from twitchcheck.knowledge.loader import load_with_problems


def _load(root: Path) -> KnowledgeBase:
    kb, problems = load_with_problems(root)
    assert kb is not None
    assert not problems
    return kb


def test_a_cached_base_assesses_as_the_files_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first = cached(DATA_DIR, lambda: _load(DATA_DIR), KnowledgeBase)
    assert list(cache_dir().glob("knowledge-*.pickle"))
    again = cached(DATA_DIR, lambda: pytest.fail("read back, not loaded"), KnowledgeBase)
    assert again is not first
    report = parse_report(
        {"twitch": {"regions": ["calf"], "duration_days": 20}, "symptoms": {"dark_urine": True}}
    )
    assert assess(report, knowledge=again).to_contract() == assess(report, knowledge=first).to_contract()


def test_changed_files_make_a_new_key_and_a_broken_cache_is_only_slower(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    copy = tmp_path / "kb"
    shutil.copytree(DATA_DIR, copy)
    before = key(copy)
    messages = copy / "messages.yaml"
    messages.write_text(messages.read_text() + "\n# a comment\n")
    assert key(copy) != before
    cache_dir().mkdir(parents=True)
    (cache_dir() / f"knowledge-{key(copy)}.pickle").write_bytes(b"not a pickle")
    loaded = cached(copy, lambda: _load(copy), KnowledgeBase)
    assert isinstance(loaded, KnowledgeBase)


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("TWITCHCHECK_KNOWLEDGE_CACHE", "0")
    cached(DATA_DIR, lambda: _load(DATA_DIR), KnowledgeBase)
    assert not (tmp_path / "cache").exists()
