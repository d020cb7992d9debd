"""A coach's club on SQLite and PostgreSQL: everyone who shares, with their revision and stored status, read
in one statement, and only those who share with this coach."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event

from twitchcheck import KnowledgeBase
from twitchcheck.adapters.storage import accounts
from twitchcheck.adapters.storage.club import Club
from twitchcheck.adapters.storage.journal import Journal, open_engine
from twitchcheck.journal.events import parse_event
from twitchcheck.services import log_events
from twitchcheck.services.watch import coach_view_of

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
TWITCH = {"type": "twitch", "at": "2026-11-20T17:00Z", "regions": ["calf"]}
DARK_URINE = {"type": "symptom", "at": "2026-11-20T17:30Z", "symptom": "dark_urine", "present": True}


@pytest.mark.usefixtures("cheap_hashes")
def test_everyone_sharing_is_read_in_one_statement(journal_url: str, kb: KnowledgeBase) -> None:
    engine = open_engine(journal_url)
    try:
        coach = accounts.register(engine, "coach@example.org", "x" * 12, "UTC", NOW)
        other = accounts.register(engine, "other-coach@example.org", "x" * 12, "UTC", NOW)
        people = {}
        for email, events in (
            ("a@example.org", [TWITCH, DARK_URINE]),
            ("b@example.org", []),
            ("c@x.org", []),
        ):
            person = accounts.register(engine, email, "x" * 12, "UTC", NOW)
            people[email] = person
            if events:
                journal = Journal(engine, person.journal_name)
                log_events(journal, [parse_event(e) for e in events], now=NOW, knowledge=kb)
            its_coach = other if email == "c@x.org" else coach
            accounts.share(engine, person, its_coach.email, NOW, client_ip="127.0.0.1")
            accounts.accept_share(engine, its_coach, person.id, NOW)

        statements: list[str] = []

        def count(*args: Any) -> None:
            if str(args[2]) != "BEGIN":  # SQLite's transaction start (the pragmas' hook), not a query
                statements.append(str(args[2]))

        event.listen(engine, "before_cursor_execute", count)
        found = Club(engine).sharing_with(coach.id)
        event.remove(engine, "before_cursor_execute", count)

        assert len(statements) == 1
        assert [(p.email, p.id) for p in found] == [
            ("a@example.org", people["a@example.org"].id),
            ("b@example.org", people["b@example.org"].id),
        ]
        shared, nothing = found
        journal = Journal(engine, people["a@example.org"].journal_name)
        assert shared.revision == journal.revision() == 1
        assert shared.status is not None
        assert shared.status.is_current(shared.revision, NOW)
        view = shared.status.view
        assert view is not None
        assert view.level == "emergency"
        assert [flag["id"] for flag in view.red_flags] == ["rhabdomyolysis"]
        assert all("answers" not in flag for flag in view.red_flags)  # the coach's part only
        assert all("numbers" not in trend for trend in view.trends)
        full = journal.stored_status()
        assert full is not None
        assert full.assessment is not None
        assert view == coach_view_of(full)  # the column holds what the whole status gives a coach
        assert (nothing.revision, nothing.status) == (0, None)
        assert Club(engine).journal_of(shared).revision() == 1
    finally:
        engine.dispose()
