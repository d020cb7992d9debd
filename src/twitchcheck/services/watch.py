"""Keep watch: a journal's status kept in storage, current for its revision until time alone would change it,
and an alert recorded (in the same transaction) when the level rises or a new red flag or warning appears.

`current_status` is the one read every door uses: the stored status when it is current, else the status
computed now and stored. `refresh_status` is what follows a change (log, import, edit, delete, undo) and
what the sweep (`twitchcheck watch --once`) does for each journal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from twitchcheck.core.vocabulary import LEVEL_RANK

if TYPE_CHECKING:
    from twitchcheck.journal.events import History
    from twitchcheck.knowledge.loader import KnowledgeBase
    from twitchcheck.services.ports import WatchedJournal
    from twitchcheck.services.status import CoachView, Status

# The journal's analyses, the knowledge base and the status are imported where they are used: reading a
# stored status that is current (`twitchcheck status`) needs none of them (bench/README.md, issue 15 part 4).


@dataclass(frozen=True)
class StoredStatus:
    """A journal's status as kept: made from `revision` at `as_of`, unchanged by time till `valid_until`."""

    revision: int
    as_of: datetime
    valid_until: datetime | None
    level: str | None
    headline: str | None
    red_flags: list[dict[str, Any]]
    """Each red flag in contract form (with the person's answers: a coach's view leaves those out)."""
    warnings: list[dict[str, Any]]
    trends: list[dict[str, Any]]
    nothing: str | None
    """Why there is no level (nothing logged to assess), in the knowledge base's words."""
    disclaimer: str
    events: int
    assessment: dict[str, Any] | None = None
    """The whole assessment in contract form (what `status --format json` and `GET /status` give)."""
    emergency_number: str | None = None
    charts: dict[str, Any] | None = None
    """The numbers the status dashboard draws (`services.status.chart_series`); None in a status stored
    before they were kept (a door that draws them then computes the status again)."""
    words: dict[str, Any] | None = None
    """How the assessment's answers are said (`services.understood.answer_words`), so that the dashboard
    shows them without the knowledge base; None in a status stored before they were kept."""
    notes: dict[str, Any] | None = None
    """What the recent notes were read as (`services.notes`), given back at the next computation so that
    only new notes are read."""

    def is_current(self, revision: int, now: datetime, emergency_number: str | None = None) -> bool:
        """Whether this is the status of the journal at `revision` as of `now` (time has not changed it)."""
        return _is_current(self, revision, now, emergency_number)

    @property
    def red_flag_ids(self) -> list[str]:
        return [flag["id"] for flag in self.red_flags]

    @property
    def warning_ids(self) -> list[str]:
        return [warning["id"] for warning in self.warnings]

    def to_json(self) -> dict[str, Any]:
        return {
            "revision": self.revision,
            "as_of": self.as_of.isoformat(),
            "valid_until": self.valid_until.isoformat() if self.valid_until is not None else None,
            "level": self.level,
            "headline": self.headline,
            "red_flags": self.red_flags,
            "warnings": self.warnings,
            "trends": self.trends,
            "nothing": self.nothing,
            "disclaimer": self.disclaimer,
            "events": self.events,
            "assessment": self.assessment,
            "emergency_number": self.emergency_number,
            "charts": self.charts,
            "words": self.words,
            "notes": self.notes,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StoredStatus:
        until = data.get("valid_until")
        return cls(
            revision=int(data["revision"]),
            as_of=datetime.fromisoformat(data["as_of"]),
            valid_until=datetime.fromisoformat(until) if until else None,
            level=data.get("level"),
            headline=data.get("headline"),
            red_flags=list(data.get("red_flags", [])),
            warnings=list(data.get("warnings", [])),
            trends=list(data.get("trends", [])),
            nothing=data.get("nothing"),
            disclaimer=str(data.get("disclaimer", "")),
            events=int(data.get("events", 0)),
            assessment=data.get("assessment"),
            emergency_number=data.get("emergency_number"),
            charts=data.get("charts"),
            words=data.get("words") if isinstance(data.get("words"), dict) else None,
            notes=data.get("notes") if isinstance(data.get("notes"), dict) else None,
        )


def _is_current(
    status: StoredStatus | CoachStatus, revision: int, now: datetime, emergency_number: str | None
) -> bool:
    return (
        status.revision == revision
        and status.as_of <= now
        and (status.valid_until is None or now < status.valid_until)
        and status.emergency_number == emergency_number
    )


@dataclass(frozen=True)
class CoachStatus:
    """What a coach's list reads of a stored status: whether it is current, and the coach's part of it
    (`coach_json`, kept in its own column), without the rest (the whole assessment, the charts)."""

    revision: int
    as_of: datetime
    valid_until: datetime | None
    emergency_number: str | None
    view: CoachView | None
    """None for a status kept without its coach's part (it is then computed again)."""

    @classmethod
    def of(cls, stored: StoredStatus) -> CoachStatus:
        """What a coach's list reads of a whole stored status (an in-memory club's)."""
        return cls(
            stored.revision, stored.as_of, stored.valid_until, stored.emergency_number, coach_view_of(stored)
        )

    def is_current(self, revision: int, now: datetime, emergency_number: str | None = None) -> bool:
        """As `StoredStatus.is_current`, and with the coach's part kept."""
        return self.view is not None and _is_current(self, revision, now, emergency_number)


def coach_json(stored: StoredStatus) -> dict[str, Any]:
    """The coach's part of a stored status as it is kept beside it (`coach_view_of` in JSON, with the note
    why there is no level): a few hundred bytes where the whole status is 10-20 kB."""
    view = coach_view_of(stored)
    return {**view.to_json(), "note": view.note}


def coach_view_from_json(data: Mapping[str, Any]) -> CoachView:
    """A coach's part as kept (`coach_json`) back as the view (nothing is added: it was cut when stored)."""
    from twitchcheck.services.status import CoachView

    return CoachView(
        as_of=datetime.fromisoformat(data["as_of"]),
        level=data.get("level"),
        headline=data.get("headline"),
        red_flags=list(data.get("red_flags") or []),
        warnings=list(data.get("warnings") or []),
        trends=list(data.get("trends") or []),
        disclaimer=str(data.get("disclaimer") or ""),
        note=data.get("note"),
    )


@dataclass(frozen=True)
class NewAlert:
    """What changed that the person should hear about: a level that rose, new red flags or warnings."""

    level: str | None
    previous_level: str | None
    red_flags: list[dict[str, str]] = field(default_factory=list)
    """The new red flags, each as {"id", "title"}: nothing more (a coach and an email may see this)."""
    warnings: list[dict[str, str]] = field(default_factory=list)

    @property
    def rose(self) -> bool:
        return _rank(self.level) > _rank(self.previous_level)

    def to_json(self) -> dict[str, Any]:
        return {"red_flags": self.red_flags, "warnings": self.warnings}


@dataclass(frozen=True)
class Alert(NewAlert):
    """An alert as recorded (the outbox): when, whether it has been seen, whether it has been emailed."""

    id: int = 0
    journal: str = ""
    created_at: datetime = datetime(1970, 1, 1, tzinfo=UTC)
    seen_at: datetime | None = None
    emailed_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "created_at": self.created_at.isoformat(),
            "level": self.level,
            "previous_level": self.previous_level,
            "rose": self.rose,
            "red_flags": self.red_flags,
            "warnings": self.warnings,
            "seen": self.seen_at is not None,
            "emailed": self.emailed_at is not None,
        }


@dataclass(frozen=True)
class Current:
    """The status a door shows: the stored one (current), and the full status when it was computed now."""

    stored: StoredStatus
    computed: Status | None
    """The status computed by this call (with its analyses, for charts); None when the stored one was used."""
    fell_from: str | None = None
    """The level of the status this one replaced, when this one is less urgent (no alert: say so instead)."""
    history: History | None = None
    """The journal as read to compute it (None when the stored one was used): a door that draws charts
    reads it once."""


_RANKS: dict[str, int] = {str(level): rank for level, rank in LEVEL_RANK.items()}


def _rank(level: str | None) -> int:
    # No level (nothing to assess) counts as self care: the first status of a journal alerts only above it.
    return _RANKS.get(level or "self_care", _RANKS["self_care"])


def _titles(items: Sequence[Mapping[str, Any]], known: set[str]) -> list[dict[str, str]]:
    return [{"id": str(item["id"]), "title": str(item["title"])} for item in items if item["id"] not in known]


def alert_for(previous: StoredStatus | None, new: StoredStatus) -> NewAlert | None:
    """The alert a change of status raises: when the level rises, or a red flag or warning appears that the
    previous status did not have. None for a level that only falls or stays, with nothing new."""
    before_level = previous.level if previous is not None else None
    flags = _titles(new.red_flags, set(previous.red_flag_ids) if previous is not None else set())
    warnings = _titles(new.warnings, set(previous.warning_ids) if previous is not None else set())
    alert = NewAlert(new.level, before_level, flags, warnings)
    return alert if alert.rose or flags or warnings else None


def stored_from(
    status: Status, history: History, revision: int, emergency_number: str | None, kb: KnowledgeBase
) -> StoredStatus:
    """A computed status (of `history`) as it is kept, with until when time leaves it unchanged."""
    from twitchcheck.journal.expiry import status_valid_until
    from twitchcheck.services.status import chart_series
    from twitchcheck.services.understood import answer_words

    until = status_valid_until(history, status.as_of, kb.constants)
    assessment = status.assessment
    contract = assessment.to_contract() if assessment is not None else None
    return StoredStatus(
        revision=revision,
        as_of=status.as_of.astimezone(UTC),
        valid_until=until.astimezone(UTC),
        level=status.level,
        headline=assessment.triage.headline if assessment is not None else None,
        red_flags=list(contract["red_flags"]) if contract is not None else [],
        warnings=list(contract["warnings"]) if contract is not None else [],
        trends=status.trends,
        nothing=status.nothing,
        disclaimer=assessment.disclaimer if assessment is not None else kb.message("disclaimer"),
        events=status.events,
        assessment=contract,
        emergency_number=emergency_number,
        charts=chart_series(status.analyses, kb),
        words=answer_words(contract, kb) if contract is not None else None,
        notes=status.note_readings or None,
    )


def refresh_status(
    journal: WatchedJournal,
    now: datetime,
    knowledge: KnowledgeBase | None = None,
    *,
    emergency_number: str | None = None,
) -> Current:
    """Compute the journal's status as of `now` and store it, with an alert when it matters (one transaction).

    The revision is read before the history, so a change made meanwhile leaves the stored status stale (the
    next read computes it again) rather than labelled with a revision it does not reflect.
    """
    from twitchcheck.knowledge.loader import load_knowledge
    from twitchcheck.services.status import journal_status

    kb = knowledge if knowledge is not None else load_knowledge()
    revision = journal.revision()
    before = journal.stored_status()
    history = journal.history()  # with any entry logged ahead of `now`: it ends the status's validity
    known = before.notes if before is not None else None
    status = journal_status(history, now, kb, emergency_number=emergency_number, known_notes=known)
    stored = stored_from(status, history, revision, emergency_number, kb)
    saved = journal.save_status(stored, alert_for, now.astimezone(UTC))
    fell = (
        saved
        and before is not None
        and before.level is not None
        and _rank(stored.level) < _rank(before.level)
    )
    return Current(stored, status, before.level if fell and before is not None else None, history)


def current_status(
    journal: WatchedJournal,
    now: datetime,
    knowledge: KnowledgeBase | None = None,
    *,
    full: bool = False,
    emergency_number: str | None = None,
) -> Current:
    """The journal's status as of `now`: the stored one when it is current for the journal's revision and
    this moment, else computed now and stored. `full` always computes (a door that draws the analyses)."""
    if not full:
        stored = journal.stored_status()
        if stored is not None and stored.is_current(journal.revision(), now, emergency_number):
            return Current(stored, None)
    return refresh_status(journal, now, knowledge, emergency_number=emergency_number)


@dataclass(frozen=True)
class Swept:
    """What a sweep did."""

    journals: int
    recomputed: int
    alerts: int


def _newest_alert(journal: WatchedJournal) -> int:
    newest = journal.alerts(limit=1)
    return newest[0].id if newest else 0


def sweep(
    journals: Iterable[WatchedJournal],
    now: datetime,
    knowledge: KnowledgeBase | None = None,
    *,
    emergency_number: str | None = None,
) -> Swept:
    """Bring each journal's stored status up to date as of `now`: those that a change or time made stale are
    computed again and stored (with an alert when one rose); current ones are left as they are."""
    from twitchcheck.knowledge.loader import load_knowledge

    kb = knowledge if knowledge is not None else load_knowledge()
    count = recomputed = raised = 0
    for journal in journals:
        count += 1
        before = _newest_alert(journal)
        if current_status(journal, now, kb, emergency_number=emergency_number).computed is not None:
            recomputed += 1
            raised += sum(1 for alert in journal.alerts(limit=10) if alert.id > before)
    return Swept(count, recomputed, raised)


def coach_status(
    journal: WatchedJournal,
    now: datetime,
    knowledge: KnowledgeBase | None = None,
    *,
    emergency_number: str | None = None,
) -> CoachView:
    """What a coach sees of a person who shares with them, from the person's stored status while current."""
    return coach_view_of(current_status(journal, now, knowledge, emergency_number=emergency_number).stored)


def coach_view_of(stored: StoredStatus) -> CoachView:
    """What a coach sees of a stored status (`status.coach_part`: no answers, no trend numbers); the one
    place for a person's view and the club's list alike."""
    from twitchcheck.services.status import coach_part

    return coach_part(
        stored.as_of,
        stored.level,
        stored.headline,
        stored.red_flags,
        stored.warnings,
        stored.trends,
        stored.disclaimer,
        stored.nothing,
    )


def unseen_alerts(journal: WatchedJournal, now: datetime, *, mark_seen: bool = True) -> list[Alert]:
    """The alerts not yet shown, oldest first; marked seen as they are returned (a door shows each once)."""
    alerts = journal.alerts(unseen=True)
    if mark_seen and alerts:
        journal.mark_alerts_seen([alert.id for alert in alerts], now.astimezone(UTC))
    return alerts


def fell_line(current: Current, kb: KnowledgeBase) -> str | None:
    """When the level only fell (no alert is raised for that), the sentence that says so."""
    if current.fell_from is None or current.stored.level is None:
        return None
    return kb.message("alert_fell").format(level=kb.levels[current.stored.level].title)  # type: ignore[index]


def alert_lines(alert: Alert, kb: KnowledgeBase) -> list[str]:
    """An alert in words (the knowledge base's): what rose, and each new red flag and warning."""
    lines = []
    if alert.rose and alert.level is not None:
        level = kb.levels[alert.level].title  # type: ignore[index]
        lines.append(kb.message("alert_level_rose").format(level=level))
    lines += [kb.message("alert_new_red_flag").format(title=flag["title"]) for flag in alert.red_flags]
    lines += [kb.message("alert_new_warning").format(title=item["title"]) for item in alert.warnings]
    return lines


__all__ = [
    "Alert",
    "CoachStatus",
    "Current",
    "NewAlert",
    "StoredStatus",
    "Swept",
    "alert_for",
    "alert_lines",
    "coach_json",
    "coach_status",
    "coach_view_from_json",
    "current_status",
    "fell_line",
    "refresh_status",
    "stored_from",
    "sweep",
    "unseen_alerts",
]
