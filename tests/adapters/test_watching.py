"""The sweep of a whole database: once at a time however many workers run it, and in `serve`'s background."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from twitchcheck import KnowledgeBase
from twitchcheck.adapters.storage.journal import Journal, open_engine
from twitchcheck.adapters.watching import sweep_database, sweep_lock
from twitchcheck.adapters.web import create_app
from twitchcheck.adapters.web.settings import Settings
from twitchcheck.journal.events import Event, parse_event


def _dark_urine(at: datetime) -> list[Event]:
    stamp = at.isoformat(timespec="minutes")
    return [
        parse_event({"type": "twitch", "at": stamp, "regions": ["calf"]}),
        parse_event({"type": "symptom", "at": stamp, "symptom": "dark_urine", "present": True}),
    ]


def test_one_sweep_at_a_time(journal_url: str) -> None:
    first, second = open_engine(journal_url), open_engine(journal_url)
    try:
        with sweep_lock(first) as held:
            assert held
            with sweep_lock(second) as other:
                assert not other
            assert sweep_database(second, None).swept is None  # left to the one sweeping
        with sweep_lock(second) as after:
            assert after
    finally:
        first.dispose()
        second.dispose()


def test_a_sweep_covers_every_journal_of_the_database(journal_url: str, kb: KnowledgeBase) -> None:
    now = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
    engine = open_engine(journal_url)
    try:
        for name in ("default", "account-a", "account-b"):
            journal = Journal(engine, name, zone="UTC")
            journal.add(_dark_urine(now - timedelta(hours=1)) if name != "account-b" else [])
        result = sweep_database(engine, None, now=now, knowledge=kb)
        assert result.swept is not None
        assert (result.swept.journals, result.swept.recomputed, result.swept.alerts) == (3, 3, 2)
        again = sweep_database(engine, None, now=now + timedelta(minutes=5), knowledge=kb).swept
        assert again is not None
        assert (again.recomputed, again.alerts) == (0, 0)  # still current: nothing computed
    finally:
        engine.dispose()


def test_serve_sweeps_in_the_background(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'web.db'}"
    with Journal.open(database, zone="UTC") as journal:  # written behind the app's back
        journal.add(_dark_urine(datetime.now(UTC) - timedelta(hours=1)))
    app = create_app(Settings(database=database, sweep_every_s=1))
    with TestClient(app) as client:
        for _ in range(300):  # the sweeper's first pass, with a generous bound (no timing asserted)
            alerts = client.get("/api/v1/alerts").json()["alerts"]
            if alerts:
                break
            time.sleep(0.1)
        assert [alert["level"] for alert in alerts] == ["emergency"]
