"""The stored status and its alerts on SQLite and PostgreSQL: every change raises the journal's revision, a
status of an older revision is never stored, and one change alerts once however many write its status."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from twitchcheck import KnowledgeBase
from twitchcheck.adapters.storage.journal import Journal
from twitchcheck.journal.events import parse_event
from twitchcheck.services import log_events
from twitchcheck.services.watch import current_status, refresh_status, unseen_alerts

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
TWITCH = '{"type": "twitch", "at": "2026-11-20T17:00Z", "regions": ["calf"], "id": "t1"}'
DARK_URINE = {"type": "symptom", "at": "2026-11-20T17:30Z", "symptom": "dark_urine", "present": True}


def test_every_change_raises_the_revision(journal: Journal) -> None:
    seen = [journal.revision()]
    journal.import_jsonl([TWITCH])
    seen.append(journal.revision())
    journal.import_jsonl([TWITCH])  # nothing new: no change
    seen.append(journal.revision())
    (stored,) = journal.entries()
    journal.edit(stored.seq, {"note": "after legs"})
    seen.append(journal.revision())
    journal.delete([stored.seq])
    seen.append(journal.revision())
    journal.undo()
    seen.append(journal.revision())
    assert seen == [0, 1, 1, 2, 3, 4]


def test_a_change_makes_the_stored_status_stale(journal: Journal, kb: KnowledgeBase) -> None:
    journal.import_jsonl([TWITCH])
    assert current_status(journal, NOW, kb).stored.level == "self_care"
    assert current_status(journal, NOW, kb).computed is None  # stored, and current
    (stored,) = journal.entries()
    journal.delete([stored.seq])
    after = current_status(journal, NOW, kb)
    assert after.computed is not None
    assert after.stored.level is None
    assert journal.stored_status() == after.stored


def test_logging_a_warning_sign_stores_the_status_and_one_alert(journal: Journal, kb: KnowledgeBase) -> None:
    journal.import_jsonl([TWITCH])
    log_events(journal, [parse_event(DARK_URINE)], now=NOW, knowledge=kb)
    stored = journal.stored_status()
    assert stored is not None
    assert (stored.level, stored.red_flag_ids, stored.revision) == ("emergency", ["rhabdomyolysis"], 2)
    refresh_status(journal, NOW, kb)  # the sweep, again: nothing new
    (alert,) = unseen_alerts(journal, NOW)
    assert (alert.level, [flag["id"] for flag in alert.red_flags]) == ("emergency", ["rhabdomyolysis"])
    assert unseen_alerts(journal, NOW) == []
    journal.undo()
    refresh_status(journal, NOW, kb)  # the level falls: no alert
    assert [a.id for a in journal.alerts()] == [alert.id]


def test_a_status_of_an_older_revision_is_not_stored(journal: Journal, kb: KnowledgeBase) -> None:
    journal.import_jsonl([TWITCH])
    old = refresh_status(journal, NOW, kb).stored
    journal.add([parse_event(DARK_URINE)])
    assert not journal.save_status(old, lambda _previous, _new: None, NOW)
    stored = journal.stored_status()
    assert stored is not None
    assert stored.revision == 1  # the one stored before the change, stale now


def test_several_writers_of_one_change_alert_once(journal_url: str, kb: KnowledgeBase) -> None:
    with Journal.open(journal_url, zone="UTC") as journal:
        journal.import_jsonl([TWITCH])
        journal.add([parse_event(DARK_URINE)])
    openers = [Journal.open(journal_url) for _ in range(4)]
    errors: list[BaseException] = []

    def sweep(opened: Journal) -> None:
        try:
            refresh_status(opened, NOW, kb)
        except BaseException as error:  # a thread's failure, shown by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=sweep, args=(opened,)) for opened in openers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert errors == []
        assert len(openers[0].alerts()) == 1
    finally:
        for opened in openers:
            opened.close()


def test_purging_a_journal_removes_its_status_and_alerts(journal: Journal, kb: KnowledgeBase) -> None:
    journal.import_jsonl([TWITCH])
    log_events(journal, [parse_event(DARK_URINE)], now=NOW, knowledge=kb)
    journal.purge()
    assert journal.stored_status() is None
    assert journal.alerts() == []
    assert journal.revision() == 0
