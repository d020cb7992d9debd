"""The status page from the stored status: the journal is not read again while the status and its charts
are current; a change to the journal draws them again (issue 15 part 4)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.adapters.web.pages.conftest import Pages
from tests.adapters.web.pages.test_journal import log
from twitchcheck.adapters.storage.journal import Journal
from twitchcheck.adapters.web.pages._chart_cache import ChartCache

_AS_OF = re.compile(r"events? in your journal, as of (\d{4}-\d\d-\d\d \d\d:\d\d)\.")


def _history_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the reads of a journal's events (every status computed reads them once)."""
    reads: list[int] = []
    original = Journal.history

    def counted(self: Journal, *args: Any, **kwargs: Any) -> Any:
        reads.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Journal, "history", counted)
    return reads


def _twitch_chart(page: str) -> str:
    found = re.search(r'<figure class="chart" id="chart-twitch-days">(.*?)</figure>', page, re.S)
    assert found is not None
    return found.group(1)


def test_a_current_status_is_shown_without_reading_the_journal(
    single: Pages, monkeypatch: pytest.MonkeyPatch
) -> None:
    log(single, "workout", [("duration_min", "60"), ("rpe", "8"), ("worked_regions", "calf")])
    log(single, "twitch", [("regions", "calf")])
    first = single.get("/status").text  # draws the charts and keeps them
    reads = _history_reads(monkeypatch)
    again = single.get("/status").text
    assert reads == []
    assert again == first
    assert _AS_OF.search(again) is not None  # says as of when the status was made
    assert "<svg" in again
    assert "Your plan" in again


def test_the_charts_are_drawn_again_when_the_journal_changes(
    single: Pages, monkeypatch: pytest.MonkeyPatch
) -> None:
    log(single, "twitch", [("regions", "calf")])
    before = single.get("/status").text
    log(single, "workout", [("duration_min", "60"), ("rpe", "8"), ("worked_regions", "calf")])
    reads = _history_reads(monkeypatch)
    after = single.get("/status").text
    assert reads  # the journal changed: the status and its charts are made again
    assert "1 event in" in before
    assert "2 events in" in after
    assert _twitch_chart(after) != _twitch_chart(before)  # now the twitch day follows a workout


def test_the_chart_cache_keeps_one_entry_per_journal_and_the_most_recent_journals() -> None:
    from datetime import UTC, datetime

    cache = ChartCache(size=2)
    moment = datetime(2026, 12, 3, tzinfo=UTC)
    cache.put(("db", "a", 1, moment), ["a1"])
    cache.put(("db", "a", 2, moment), ["a2"])  # a newer revision replaces the old one
    assert cache.get(("db", "a", 1, moment)) is None
    assert cache.get(("db", "a", 2, moment)) == ["a2"]
    cache.put(("db", "b", 1, moment), ["b1"])
    cache.get(("db", "a", 2, moment))
    cache.put(("db", "c", 1, moment), ["c1"])  # b was used least recently
    assert cache.get(("db", "b", 1, moment)) is None
    assert cache.get(("db", "a", 2, moment)) == ["a2"]
