"""What a journal shows as of a moment: the status (`twitchcheck status`, the status page, `GET /status`),
the coach's view of it, and the triggers. Written once; the doctor's report and FHIR take the same status."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from twitchcheck.core.assessment import Assessment
from twitchcheck.journal.analysis import JournalAnalyses, analyse
from twitchcheck.journal.events import History
from twitchcheck.journal.findings import trend_findings, triggers_json
from twitchcheck.journal.link import NoTwitchLogged, journal_assessment, journal_triggers
from twitchcheck.knowledge.loader import KnowledgeBase, load_knowledge
from twitchcheck.report import LEVELS
from twitchcheck.services.notes import OPINION_PREFIX, with_note_signs


@dataclass(frozen=True)
class Status:
    """A journal as of `as_of`: its assessment, or why there is none, and the analyses behind it."""

    as_of: datetime
    events: int
    assessment: Assessment | None
    """None when nothing is logged to assess (`nothing` says so, in the knowledge base's words)."""
    nothing: str | None
    analyses: JournalAnalyses
    trends: list[dict[str, Any]]
    """Every trend in words and numbers (flagged first), as in the assessment's `history` part."""
    note_readings: dict[str, Any] = field(default_factory=dict)
    """What each note of the recent window was read as (`services.notes`), to keep with the stored status."""

    @property
    def level(self) -> str | None:
        return self.assessment.level if self.assessment is not None else None

    @property
    def red_flag_ids(self) -> list[str]:
        return [flag.id for flag in self.assessment.red_flags] if self.assessment is not None else []


def journal_status(
    history: History,
    now: datetime,
    knowledge: KnowledgeBase | None = None,
    *,
    emergency_number: str | None = None,
    known_notes: Mapping[str, Any] | None = None,
) -> Status:
    """The status of a journal as of `now` (what was logged by then). `known_notes`: what notes were read as
    before (`Status.note_readings` of a stored status), so that only new notes are read."""
    kb = knowledge if knowledge is not None else load_knowledge()
    history = history.until(now)
    logged = len(history)
    history, notes = with_note_signs(history, now, kb, known_notes)  # a warning sign written in a note counts
    found = analyse(history, now, kb)
    # The second opinion on a long note (a saved description) counts only where it raises the level, as in
    # the free-text check: its sign is added to the assessment only then.
    opinions = [sign for sign in notes.outside if sign.startswith(OPINION_PREFIX)]
    signs = [sign for sign in notes.outside if not sign.startswith(OPINION_PREFIX)]
    try:
        assessment = journal_assessment(
            history, now, kb, analyses=found, emergency_number=emergency_number, outside_signs=signs
        )
        top = max(opinions, key=lambda sign: -LEVELS.index(kb.safety_net[sign].level), default=None)
        if top is not None and LEVELS.index(kb.safety_net[top].level) < LEVELS.index(assessment.level):
            assessment = journal_assessment(
                history, now, kb, analyses=found, emergency_number=emergency_number,
                outside_signs=[*signs, top],
            )  # fmt: skip
    except NoTwitchLogged as missing:
        nothing = missing.problems[0].message
        return Status(now, logged, None, nothing, found, trend_findings(found, kb), notes.readings)
    part = assessment.history
    trends = [trend.model_dump(mode="json") for trend in part.trends] if part is not None else []
    return Status(now, logged, assessment, None, found, trends, notes.readings)


def chart_series(found: JournalAnalyses, kb: KnowledgeBase) -> dict[str, Any]:
    """The numbers the status dashboard draws (`twitchcheck status`), with their labels in the knowledge
    base's words, plain enough to keep with the stored status, so that a current one is shown without
    reading the journal (or loading the knowledge base) again."""
    weekly = found.persistence.weekly
    load = found.training_load
    caffeine = found.caffeine
    return {
        "twitch_days_weekly": [week.twitch_days for week in weekly],
        "unexplained_days_latest_week": weekly[-1].unexplained_days if weekly else None,
        "load_au_daily": [day.load_au for day in load.daily[-28:]],
        "acwr_rolling": load.acwr_rolling,
        "acwr_ewma": load.acwr_ewma,
        "strength": [
            {
                "test": trend.test,
                "label": kb.message(f"label_{trend.test}"),
                "side": trend.side,
                "values": [reading.value for reading in trend.readings],
            }
            for trend in found.strength.trends
        ],
        "circumference": [
            {
                "site": site.site,
                "label": kb.message(f"label_site_{site.site}"),
                "side": name,
                "values": [reading.value for reading in measured.readings],
            }
            for site in found.circumference.sites
            for name, measured in (("left", site.left), ("right", site.right))
            if measured is not None and measured.readings
        ],
        "caffeine": (
            {"on_board_mg": caffeine.on_board_mg, "last_24h_mg": caffeine.last_24h_mg}
            if caffeine.ever_logged
            else None
        ),
    }


_COACH_FLAG_KEYS = ("id", "title", "level", "reason", "what_to_do", "sources")
"""A red flag as a coach sees it: without `answers` (the person's own answers and logged values)."""

_COACH_TREND_KEYS = ("id", "finding", "flagged")
"""A trend as a coach sees it, on the page and in the API alike: the finding in words, without `numbers`
(exact twitch times, baselines, caffeine in the last day)."""


@dataclass(frozen=True)
class CoachView:
    """What a coach may see of a person: the level, red flags, warnings and trends; no events, no notes,
    no answers, no plan. The one place that rule is written."""

    as_of: datetime
    level: str | None
    headline: str | None
    red_flags: list[dict[str, Any]]
    warnings: list[dict[str, Any]]
    trends: list[dict[str, Any]]
    disclaimer: str
    note: str | None
    """Why there is no level (nothing logged to assess), in the knowledge base's words."""

    def to_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "level": self.level,
            "headline": self.headline,
            "red_flags": self.red_flags,
            "warnings": self.warnings,
            "trends": self.trends,
            "disclaimer": self.disclaimer,
        }


def coach_view(history: History, now: datetime, knowledge: KnowledgeBase | None = None) -> CoachView:
    """The part of a person's status (as of `now`) that a coach they share with sees."""
    kb = knowledge if knowledge is not None else load_knowledge()
    status = journal_status(history, now, kb)
    assessment = status.assessment
    if assessment is None:
        return CoachView(now, None, None, [], [], status.trends, kb.message("disclaimer"), status.nothing)
    contract = assessment.to_contract()
    return coach_part(
        now,
        assessment.level,
        assessment.triage.headline,
        contract["red_flags"],
        contract["warnings"],
        status.trends,
        assessment.disclaimer,
    )


def coach_part(
    as_of: datetime,
    level: str | None,
    headline: str | None,
    red_flags: list[dict[str, Any]],
    warnings: list[dict[str, Any]],
    trends: list[dict[str, Any]],
    disclaimer: str,
    note: str | None = None,
) -> CoachView:
    """What a coach sees of a status (red flags and warnings in contract form): their answers and the trends'
    numbers left out. The one privacy rule of the coach's page and API (issue 17, finding 7)."""
    return CoachView(
        as_of,
        level,
        headline,
        [{key: flag[key] for key in _COACH_FLAG_KEYS} for flag in red_flags],
        [{key: flag[key] for key in _COACH_FLAG_KEYS} for flag in warnings],
        [{key: trend[key] for key in _COACH_TREND_KEYS if key in trend} for trend in trends],
        disclaimer,
        note,
    )


def journal_triggers_json(
    history: History, now: datetime, knowledge: KnowledgeBase | None = None
) -> dict[str, Any]:
    """Which logged factors go with twitch days as of `now` (`twitchcheck triggers --format json`)."""
    kb = knowledge if knowledge is not None else load_knowledge()
    return triggers_json(journal_triggers(history, now, kb), now, kb)


__all__ = [
    "CoachView",
    "Status",
    "chart_series",
    "coach_part",
    "coach_view",
    "journal_status",
    "journal_triggers_json",
]
