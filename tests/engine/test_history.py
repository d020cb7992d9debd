"""The engine takes a history through `HistoryFacts`, and knows nothing of where it comes from."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from twitchcheck import KnowledgeBase
from twitchcheck.core.report import Report
from twitchcheck.engine import assess
from twitchcheck.engine.history import LinkedHistory

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)


class Remembered:
    """A history that is not a journal: someone who remembers weeks of twitching."""

    def link(self, report: Report, now: datetime | None, knowledge: KnowledgeBase) -> LinkedHistory | None:
        del knowledge
        longer = report.model_copy(
            update={"twitch": report.twitch.model_copy(update={"duration_days": 30.0})}
        )
        return LinkedHistory(
            longer, {}, {"as_of": NOW.isoformat(), "events": 1, "filled": [], "trends": []}, now or NOW
        )


def test_any_history_facts_raise_the_level(kb: KnowledgeBase) -> None:
    report = {"twitch": {"regions": ["calf"], "duration_days": 0.2}}
    assert assess(report, knowledge=kb).level == "self_care"
    raised = assess(report, history=Remembered(), now=NOW, knowledge=kb)
    assert [flag.id for flag in raised.red_flags] == ["persistent"]
    assert raised.history is not None


def test_something_else_is_refused_naming_the_protocol(kb: KnowledgeBase) -> None:
    with pytest.raises(TypeError, match="HistoryFacts"):
        assess({"twitch": {"regions": ["calf"], "duration_days": 0.2}}, history=object(), knowledge=kb)  # type: ignore[arg-type]  # the point of the test
