"""Logging to the journal, and what follows from it at once: a warning sign logged (by hand, through the API
or in an import) is assessed as soon as it is written, and a check's result can be kept as journal entries."""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from twitchcheck.core.report import Report
from twitchcheck.journal.events import Event, SymptomEvent, TwitchEvent, parse_event
from twitchcheck.knowledge.loader import KnowledgeBase, load_knowledge
from twitchcheck.services.ports import Added, WatchedJournal
from twitchcheck.services.status import Status
from twitchcheck.services.watch import refresh_status


@dataclass(frozen=True)
class Logged:
    """What logging did, and the journal's status right after it when that status needs attention."""

    added: Added
    consequence: Status | None
    """The status now, when it is above self care (an emergency after "dark urine: yes"); else None."""


def is_warning_sign(event: Event) -> bool:
    """Whether an event records a warning sign as present (a symptom logged present)."""
    return isinstance(event, SymptomEvent) and event.present


def consequence(
    journal: WatchedJournal,
    events: Sequence[Event],
    now: datetime,
    knowledge: KnowledgeBase | None = None,
    *,
    emergency_number: str | None = None,
) -> Status | None:
    """The journal's status as of `now` after `events` were written (or edited, deleted, undone), when it is
    above self care; None when it needs no attention (or nothing is logged to assess). Every way of changing
    the journal shows this at once, and stores the status, with an alert when it rose (`services.watch`)."""
    del events  # the status is the journal's as a whole: a grip reading can complete a decline too
    status = refresh_status(journal, now, knowledge, emergency_number=emergency_number).computed
    assert status is not None  # refresh_status always computes
    if status.assessment is None or status.assessment.level == "self_care":
        return None
    return status


def log_events(
    journal: WatchedJournal,
    events: Sequence[Event],
    *,
    now: datetime,
    knowledge: KnowledgeBase | None = None,
    kind: str = "log",
    summary: str = "",
    labels: Sequence[str] | None = None,
    confirmed: bool = False,
    emergency_number: str | None = None,
) -> Logged:
    """Add events (all or none; InputError names each bad one) and assess the journal at once."""
    kb = knowledge if knowledge is not None else load_knowledge()
    added = journal.add(events, kind=kind, summary=summary, labels=labels, confirmed=confirmed)
    return Logged(added, consequence(journal, events, now, kb, emergency_number=emergency_number))


NOTE_LIMIT = 2000
"""The longest note an entry keeps (the journal-event contract's `note`)."""


def check_note(report: Report, description: str | None) -> str:
    """The twitch entry's note for a saved check: how long it had lasted and, for a description in the
    person's words, those words, so that the journal's status reads them again (`services.notes`: a warning
    sign or the second opinion in them counts). Words beyond the note's limit are cut where a word ends, and
    the note says so."""
    head = f"from a check: twitching for {report.twitch.duration_days:g} day(s)"
    if not description:
        return head
    words = " ".join(
        "".join(c for c in description if unicodedata.category(c) != "Cc" or c.isspace()).split()
    )
    if not words:
        return head
    note = f"{head}. In your words: {words}"
    if len(note) <= NOTE_LIMIT:
        return note
    tail = f" ... (shortened: the description was {len(words):,} characters)"
    cut = note[: NOTE_LIMIT - len(tail)]
    return cut[: cut.rfind(" ")] + tail


def check_entries(
    report: Report, now: datetime, zone: object | None = None, *, description: str | None = None
) -> list[Event]:
    """A check's report as journal entries: its twitch, and each symptom it answered (present or absent).

    Weakness answered `specific` or `progressive` is logged present, `none` absent; `tiredness` is not
    weakness and is not logged. Entries are stamped `now` (local time, to the minute).
    """
    del zone
    at = now.replace(second=0, microsecond=0).isoformat(timespec="minutes")
    tag = uuid.uuid4().hex[:12]
    twitch = report.twitch
    events: list[Event] = [
        TwitchEvent.model_validate(
            {
                "at": at,
                "id": f"check-{tag}-twitch",
                "regions": list(twitch.regions),
                **({"side": twitch.side} if twitch.side in ("left", "right", "both") else {}),
                **({"frequency": twitch.frequency} if twitch.frequency is not None else {}),
                **({"painful_cramps": twitch.painful_cramps} if twitch.painful_cramps is not None else {}),
                "note": check_note(report, description),
            }
        )
    ]
    for name, value in (report.symptoms.model_dump(exclude_none=True) if report.symptoms else {}).items():
        if name == "weakness":
            if value == "tiredness":
                continue
            present = value in ("specific", "progressive")
        else:
            present = bool(value)
        data = {"type": "symptom", "at": at, "id": f"check-{tag}-{name}", "symptom": name, "present": present}
        events.append(parse_event(data))
    return events


def save_check(
    journal: WatchedJournal,
    report: Report,
    *,
    now: datetime,
    knowledge: KnowledgeBase | None = None,
    emergency_number: str | None = None,
    description: str | None = None,
) -> Logged:
    """Keep a check's result in the journal ("save this to my journal"): its twitch and symptom entries;
    `description`, the free text it was read from, goes in the twitch entry's note (`check_note`)."""
    events = check_entries(report, now.astimezone(journal.zone), description=description)
    return log_events(
        journal,
        events,
        now=now,
        knowledge=knowledge,
        summary=f"save a check: {len(events)} entr{'y' if len(events) == 1 else 'ies'}",
        emergency_number=emergency_number,
    )


__all__ = ["Logged", "check_entries", "consequence", "is_warning_sign", "log_events", "save_check"]
