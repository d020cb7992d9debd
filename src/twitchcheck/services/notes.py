"""Warning signs written in a journal entry's note, read as the free-text check reads a description.

A note is the person's own words ("pee looked like cola after the session", "nearly passed out at the
finish"), and a word the product never reads is a word silently dropped. So the journal's status reads the
notes of the recent window (`journal_recent_days`, the same window as a logged symptom) with the free-text
reader, and a warning sign a note states is assessed as if it had been logged present at the note's moment,
with the note's words as its evidence. Recall first, as in the free-text check: an uncertain mention counts.

Only signs present count: a note saying "no dark urine" never clears a sign logged present (log the symptom
absent for that), and the reader's own rules leave out what is negated, asked about, or someone else's. The
signs are derived each time the status is computed and never stored, so editing or deleting the note takes
them away with it. A safety-net sign a note states (a seizure, a head injury: outside what twitchcheck
assesses) raises the level to its own, as in the free-text check.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from twitchcheck.core.errors import InputError
from twitchcheck.journal.events import NOTE_SIGN_PREFIX, Event, History, SymptomEvent
from twitchcheck.knowledge.loader import KnowledgeBase

_PRESENT = (True, "specific", "progressive")
"""Report symptom values that are the sign present (weakness `tiredness` is not weakness)."""


@dataclass(frozen=True)
class NoteReading:
    """What the notes of the recent window state."""

    symptoms: list[SymptomEvent]
    """Warning signs, as symptom events logged present at each note's moment (ids `NOTE_SIGN_PREFIX...`, the
    note's words as their note)."""
    outside: list[str]
    """The safety net's signs (`kb.safety_net` ids: a seizure, a head injury...), outside what twitchcheck
    assesses, which raise the level to their own."""


@lru_cache(maxsize=4096)
def _read_note(note: str, when: datetime) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """The warning signs a note states, each with its words, and its safety-net signs. Kept per note and
    moment: a server reads the same notes at every change of the journal."""
    from twitchcheck.text import parse_text  # only when there is a note to read: `status` stays light

    try:
        understood = parse_text(note, now=when)
    except InputError:
        return (), ()
    signs = []
    for name, value in (understood.fields.get("symptoms") or {}).items():
        if not (value is True or value in _PRESENT[1:]):
            continue
        words = [item.words for item in understood.notes_for(f"symptoms.{name}") if not item.negated]
        signs.append((name, "; ".join(dict.fromkeys(words)) or note))
    return tuple(signs), tuple(understood.outside_signs)


def read_notes(history: History, now: datetime, kb: KnowledgeBase) -> NoteReading:
    """What the notes of entries in the recent window (up to `now`) state."""
    start = now - timedelta(days=kb.constants.journal_recent_days)
    signs: list[SymptomEvent] = []
    outside: dict[str, None] = {}
    for entry in reversed(history.entries):
        if entry.when < start:
            break
        event = entry.event
        if entry.when > now or not event.note or (event.id or "").startswith(NOTE_SIGN_PREFIX):
            continue
        said_signs, said_outside = _read_note(event.note, entry.when)
        outside.update(dict.fromkeys(sign for sign in said_outside if sign in kb.safety_net))
        source = event.id or hashlib.sha256(f"{event.at}\n{event.note}".encode()).hexdigest()[:16]
        for name, said in said_signs:
            sign = {
                "at": event.at,
                "id": f"{NOTE_SIGN_PREFIX}{source}-{name}"[:200],
                "symptom": name,
                "present": True,
                "note": said[:2000],
            }
            signs.append(SymptomEvent.model_validate(sign))
    return NoteReading(signs, list(outside))


def note_signs(history: History, now: datetime, kb: KnowledgeBase) -> list[SymptomEvent]:
    """The warning signs the recent notes state, as symptom events (`NoteReading.symptoms`)."""
    return read_notes(history, now, kb).symptoms


def with_note_signs(history: History, now: datetime, kb: KnowledgeBase) -> tuple[History, list[str]]:
    """`history` with the warning signs its recent notes state added (itself when none), and the safety-net
    signs they state."""
    reading = read_notes(history, now, kb)
    if not reading.symptoms:
        return history, reading.outside
    events: list[Event] = [entry.event for entry in history.entries]
    return History.of([*events, *reading.symptoms], history.zone), reading.outside


__all__ = ["NoteReading", "note_signs", "read_notes", "with_note_signs"]
