"""Warning signs written in a journal entry's note, read as the free-text check reads a description.

A note is the person's own words ("pee looked like cola after the session", "nearly passed out at the
finish"), and a word the product never reads is a word silently dropped. So the journal's status reads the
notes of the recent window (`journal_recent_days`, the same window as a logged symptom) with the free-text
reader, and a warning sign a note states is assessed as if it had been logged present at the note's moment,
with the note's words as its evidence. Recall first, as in the free-text check: an uncertain mention counts.

Only signs present count: a note saying "no dark urine" never clears a sign logged present (log the symptom
absent for that), and the reader's own rules leave out what is negated, asked about, or someone else's. The
signs are derived each time the status is computed and never stored as entries, so editing or deleting the
note takes them away with it. A safety-net sign a note states (a seizure, a head injury: outside what
twitchcheck assesses) raises the level to its own, as in the free-text check. So does the free-text check's
second opinion (`text.resemblance`) on a note long enough for it (a saved description is kept in its twitch
entry's note), but only where it raises the status's level (`services.status`).

Reading a note loads the free-text reader (about a second in a fresh process on a loaded machine), so
what each note was read as is kept with the stored status (`NoteReading.readings`, keyed by the note, its
moment and `reader_key()`, a digest of the reader's code and data): a `log` after it reads only notes not
read before, and a changed reader reads every note again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

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
    readings: dict[str, Any] = field(default_factory=dict)
    """What each note of the window was read as, by `note_key`: {"signs": [[symptom, words]...], "outside":
    [ids]}, plain JSON to keep with the stored status and give back as `known` next time."""


_READER = Path(__file__).parents[1] / "text"
OPINION_PREFIX = "reads_like_"
"""The second opinion's signs (`text.resemblance.SIGN_PREFIX`), named here so that `status` need not import
the reader."""


@cache
def reader_key() -> str:
    """A digest of the free-text reader's code and data files (read as bytes, not imported): readings kept
    under another key were made by another reader."""
    digest = hashlib.sha256()
    data = _READER / "data"
    for path in sorted([*_READER.glob("*.py"), *data.glob("*.yaml"), *data.glob("*.json")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def note_key(note: str, when: datetime) -> str:
    """The key of a note's reading: the reader, the moment (calendar words count from it) and the words."""
    return hashlib.sha256(f"{reader_key()}\n{when.isoformat()}\n{note}".encode()).hexdigest()[:24]


@lru_cache(maxsize=4096)
def _read_note(note: str, when: datetime) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """The warning signs a note states, each with its words, and its safety-net signs. Kept per note and
    moment: a server reads the same notes at every change of the journal."""
    from twitchcheck.text import parse_text  # only when there is a note to read: `status` stays light
    from twitchcheck.text.resemblance import resemblance

    try:
        understood = parse_text(note, now=when)
    except InputError:
        return (), ()
    outside = list(understood.outside_signs)
    opinion = resemblance(note)  # none for a line shorter than the texts it learnt from (most notes)
    if opinion.level is not None:
        outside.append(f"{OPINION_PREFIX}{opinion.level}")
    signs = []
    for name, value in (understood.fields.get("symptoms") or {}).items():
        if not (value is True or value in _PRESENT[1:]):
            continue
        words = [item.words for item in understood.notes_for(f"symptoms.{name}") if not item.negated]
        signs.append((name, "; ".join(dict.fromkeys(words)) or note))
    return tuple(signs), tuple(outside)


def _known(entry: Any) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]] | None:
    """A kept reading as `_read_note` gives it; None when it is not one (kept by another version)."""
    try:
        signs = tuple((str(name), str(words)) for name, words in entry["signs"])
        return signs, tuple(str(sign) for sign in entry["outside"])
    except (KeyError, TypeError, ValueError):
        return None


def read_notes(
    history: History, now: datetime, kb: KnowledgeBase, known: Mapping[str, Any] | None = None
) -> NoteReading:
    """What the notes of entries in the recent window (up to `now`) state; `known`: readings kept from
    before (`NoteReading.readings`), used instead of reading those notes again."""
    start = now - timedelta(days=kb.constants.journal_recent_days)
    signs: list[SymptomEvent] = []
    outside: dict[str, None] = {}
    readings: dict[str, Any] = {}
    for entry in reversed(history.entries):
        if entry.when < start:
            break
        event = entry.event
        if entry.when > now or not event.note or (event.id or "").startswith(NOTE_SIGN_PREFIX):
            continue
        key = note_key(event.note, entry.when)
        kept = _known(known[key]) if known is not None and key in known else None
        said_signs, said_outside = kept if kept is not None else _read_note(event.note, entry.when)
        readings[key] = {"signs": [list(sign) for sign in said_signs], "outside": list(said_outside)}
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
    return NoteReading(signs, list(outside), readings)


def note_signs(history: History, now: datetime, kb: KnowledgeBase) -> list[SymptomEvent]:
    """The warning signs the recent notes state, as symptom events (`NoteReading.symptoms`)."""
    return read_notes(history, now, kb).symptoms


def with_note_signs(
    history: History, now: datetime, kb: KnowledgeBase, known: Mapping[str, Any] | None = None
) -> tuple[History, NoteReading]:
    """`history` with the warning signs its recent notes state added (itself when none), and the reading."""
    reading = read_notes(history, now, kb, known)
    if not reading.symptoms:
        return history, reading
    events: list[Event] = [entry.event for entry in history.entries]
    return History.of([*events, *reading.symptoms], history.zone), reading


__all__ = [
    "OPINION_PREFIX",
    "NoteReading",
    "note_key",
    "note_signs",
    "read_notes",
    "reader_key",
    "with_note_signs",
]
