"""What the doctor's report holds: every fact on it, typed, before any layout (`build_report` makes it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from twitchcheck.adapters.charts import Chart

Sex = Literal["female", "male", "other"]


@dataclass(frozen=True, slots=True)
class Person:
    """Who the report is about, only as far as it is known (nothing is made up)."""

    name: str | None = None
    age_years: int | None = None
    sex: Sex | None = None

    @property
    def known(self) -> bool:
        return any(value is not None for value in (self.name, self.age_years, self.sex))


@dataclass(frozen=True, slots=True)
class Code:
    """A code of a clinical code system, for the clinician's notes (from the knowledge base's codes.yaml)."""

    system: str
    """A short name of the code system: ICD-10-CM, SNOMED CT, HPO, LOINC."""
    code: str
    display: str


@dataclass(frozen=True, slots=True)
class RegionLine:
    """One region that twitched in the window."""

    region: str
    label: str
    first_seen: date
    last_seen: date
    twitch_days: int
    """Days with a twitch here, over the whole journal."""
    unexplained_days: int
    """Of those, days no workout of this region explains."""
    ever_worked: bool | None
    sides: tuple[str, ...] = ()
    """Sides logged for its twitches in the window (left, right, both), in that order."""


@dataclass(frozen=True, slots=True)
class Question:
    """The presenting question: twitching where, since when, how often."""

    regions: tuple[RegionLine, ...]
    first_twitch: date | None
    """The first twitch the journal holds (it may be before the window)."""
    latest_twitch: date | None
    twitch_days: int
    """In the window."""
    unexplained_days: int
    rest_day_twitch_days: int
    workout_days: int
    window_days: int
    episode_first: date | None
    """The start of the current run of twitching no workout explains (None when there is none)."""
    episode_span_days: float | None
    codes: tuple[Code, ...]
    painful_cramp_days: tuple[date, ...]
    """Days of the window with a twitch logged as coming with painful cramps, oldest first."""


@dataclass(frozen=True, slots=True)
class Flag:
    """A red flag or warning sign the assessment found, in the knowledge base's words."""

    id: str
    title: str
    level: str
    reason: str
    what_to_do: str
    evidence: tuple[str, ...]
    """Where the journal showed it ("field: value")."""
    sources: tuple[int, ...]
    """Numbers in the report's list of sources."""
    codes: tuple[Code, ...]


@dataclass(frozen=True, slots=True)
class Triage:
    level: str
    level_title: str
    headline: str
    summary: str
    answer: tuple[tuple[str, str], ...] = ()
    """The plain answer's three lines, each (label, text): what this most likely is, what to do now, what
    would make it more urgent."""
    answer_sources: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Trend:
    """A finding over time (persistence, spread, strength, circumference, load, caffeine) with its numbers."""

    id: str
    flagged: bool
    finding: str
    numbers: dict[str, Any]


@dataclass(frozen=True, slots=True)
class StrengthLine:
    test: str
    side: str
    readings: int
    first_value: float
    latest_value: float
    change_pct: float | None
    """The analysis's fitted change over its window (None with too few readings for a trend)."""
    declining: bool
    possible_decline: str | None
    enough_readings: bool
    """Enough readings in the window for the analysis to tell a decline (`strength_min_readings`)."""


@dataclass(frozen=True, slots=True)
class CircumferenceLine:
    site: str
    side: str
    readings: int
    first_cm: float
    latest_cm: float
    change_cm: float | None
    """Latest minus first (None with one reading)."""
    loss: bool
    assessable: bool
    """Both sides have two or more readings in the window, so the analysis can tell a one-sided loss."""


@dataclass(frozen=True, slots=True)
class Intake:
    """Caffeine and fluid patterns in the window, and what the journal's trigger comparison found."""

    caffeine_days: int
    caffeine_mean_mg: float | None
    """Mean over the days with caffeine logged."""
    caffeine_max_mg: float | None
    fluid_days: int
    fluid_mean_ml: float | None
    workout_days_with_fluid_deficit: int
    workout_days_with_fluid_known: int
    triggers: tuple[Trend, ...]
    """Each factor compared on twitch days (association in one person's journal, not proof of cause)."""


@dataclass(frozen=True, slots=True)
class Cause:
    title: str
    grade: str
    evidence: tuple[str, ...]
    sources: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class PlanStep:
    title: str
    advice: str
    sources: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Note:
    """A sentence beside a chart, in the knowledge base's words, with its sources' numbers."""

    text: str
    sources: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class SourceLine:
    number: int
    id: str
    title: str
    publisher: str
    year: int | None
    url: str | None


@dataclass(frozen=True, slots=True)
class ClinicalReport:
    """Everything on the doctor's report, in the order it is shown."""

    generated_at: datetime
    """The moment the report is made as of (`now`): what was logged by then is on it."""
    start: date
    end: date
    zone: str
    events: int
    """Journal events logged in the window."""
    person: Person
    question: Question
    triage: Triage | None
    """None when nothing in the journal can be assessed (no twitch, no recent symptom): `no_assessment`."""
    no_assessment: str | None
    red_flags: tuple[Flag, ...]
    warnings: tuple[Flag, ...]
    trends: tuple[Trend, ...]
    strength: tuple[StrengthLine, ...]
    circumference: tuple[CircumferenceLine, ...]
    intake: Intake
    causes: tuple[Cause, ...]
    plan: tuple[PlanStep, ...]
    charts: tuple[Chart, ...]
    sources: tuple[SourceLine, ...]
    disclaimer: str
    circumference_note: Note | None
    """What the error bars on the circumference chart are (the tape's noise), when it has readings."""

    def chart(self, chart_id: str) -> Chart | None:
        return next((chart for chart in self.charts if chart.id == chart_id), None)


__all__: Sequence[str] = (
    "Cause",
    "CircumferenceLine",
    "ClinicalReport",
    "Code",
    "Flag",
    "Intake",
    "Note",
    "Person",
    "PlanStep",
    "Question",
    "RegionLine",
    "SourceLine",
    "StrengthLine",
    "Trend",
    "Triage",
)
