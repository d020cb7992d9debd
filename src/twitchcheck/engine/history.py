"""What a person's history adds to an assessment, as the engine takes it: through `HistoryFacts`.

The engine knows nothing of where a history comes from. The journal implements the protocol
(`twitchcheck.journal.link.JournalFacts`); so could anything else that has seen the person over time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from twitchcheck.core.report import Report
from twitchcheck.knowledge.loader import KnowledgeBase


@dataclass(frozen=True, slots=True)
class LinkedHistory:
    """A one-off report joined with a person's history as of `now`."""

    report: Report
    """The report, with what the history filled in or raised (never lowered: `engine.escalation`)."""
    facts: Mapping[str, Any]
    """The `history.` facts the knowledge base's conditions read (a trend that fell, twitching for weeks)."""
    part: Mapping[str, Any]
    """The assessment's `history` part: what was taken and why, and the trends."""
    now: datetime


class HistoryFacts(Protocol):
    """A person's history, as the engine takes it."""

    def link(self, report: Report, now: datetime | None, knowledge: KnowledgeBase) -> LinkedHistory | None:
        """`report` joined with the history as of `now` (default: its latest entry); None when nothing was
        recorded by then, so that the report is assessed exactly as without a history."""
        ...
