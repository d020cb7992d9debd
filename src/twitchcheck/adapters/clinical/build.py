"""The doctor's report as data: what the journal shows over a window, with the assessment it gives.

Pure: `build_report(history, start=..., end=..., now=..., knowledge=...)` reads no clock and no storage. The
window, the moment and the status are `services.doctor_report`'s; this lays them out. Every
sentence comes from the assessment or the journal's findings (so from the knowledge base); numbers come from
`twitchcheck.journal.analysis`. The layout is in `clinical.render`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from twitchcheck.adapters.charts import WIDTH_IN, all_charts
from twitchcheck.adapters.clinical.model import (
    Cause,
    CircumferenceLine,
    ClinicalReport,
    Code,
    Flag,
    Intake,
    Note,
    Person,
    PlanStep,
    Question,
    RegionLine,
    SourceLine,
    StrengthLine,
    Trend,
    Triage,
)
from twitchcheck.core.assessment import Assessment, Finding
from twitchcheck.journal.analysis import JournalAnalyses
from twitchcheck.journal.events import CaffeineEvent, FluidEvent, History, TwitchEvent
from twitchcheck.journal.findings import trigger_findings
from twitchcheck.journal.link import journal_triggers
from twitchcheck.knowledge.loader import KnowledgeBase, load_knowledge
from twitchcheck.services.doctor import (
    DEFAULT_WEEKS,
    MAX_DAYS,
    NothingToReport,
    check_window,
    default_window,
    doctor_report,
)

_SYSTEM_NAMES = {
    "http://hl7.org/fhir/sid/icd-10-cm": "ICD-10-CM",
    "http://snomed.info/sct": "SNOMED CT",
    "http://human-phenotype-ontology.org": "HPO",
    "http://loinc.org": "LOINC",
}
HALF_WIDTH_IN = (WIDTH_IN - 0.16) / 2
"""Charts shown two to a row on the report (strength beside circumference, load beside intake)."""
_HALF = dict.fromkeys(("strength", "circumference", "training-load", "intake", "sleep"), HALF_WIDTH_IN)
# Codes a clinician files by come first.
_SYSTEM_ORDER = ("ICD-10-CM", "SNOMED CT", "HPO", "LOINC")


def build_report(
    history: History,
    *,
    start: date | None = None,
    end: date | None = None,
    now: datetime,
    knowledge: KnowledgeBase | None = None,
    person: Person | None = None,
) -> ClinicalReport:
    """The doctor's report of `history` from `start` to `end` (calendar days, both included; by default the
    last 8 weeks, or from the journal's first entry if that is later), made as of `now` (the end of `end` at
    the latest).

    Raises NothingToReport when no event was logged in the window, and InputError naming `from` for a
    window that ends before it starts or is longer than MAX_DAYS.
    """
    kb = knowledge if knowledge is not None else load_knowledge()
    made = doctor_report(history, start=start, end=end, now=now, knowledge=kb)
    start, end, as_of, history = made.start, made.end, made.as_of, made.history
    found = made.status.analyses
    assessment = made.status.assessment
    no_assessment = made.status.nothing
    zone = history.zone
    sources = _Sources(kb)
    trends = tuple(
        Trend(item.id, item.flagged, item.finding, dict(item.numbers))
        for item in (assessment.history.trends if assessment is not None and assessment.history else ())
    )
    report = ClinicalReport(
        generated_at=now,
        start=start,
        end=end,
        zone=str(getattr(zone, "key", None) or zone),
        events=made.events_in_window,
        person=person if person is not None else Person(),
        question=_question(found, history, start, end, kb),
        triage=_triage(assessment, kb),
        no_assessment=no_assessment,
        red_flags=tuple(
            _flag(flag, "red_flag", assessment, kb, sources) for flag in _of(assessment, "red_flags")
        ),
        warnings=tuple(
            _flag(flag, "warning", assessment, kb, sources) for flag in _of(assessment, "warnings")
        ),
        trends=trends,
        strength=_strength(found),
        circumference=_circumference(found),
        intake=_intake(history, found, start, end, as_of, kb),
        causes=tuple(
            Cause(cause.title, cause.grade, tuple(cause.evidence), sources.cite(cause.sources))
            for cause in (assessment.causes if assessment is not None else ())
        ),
        plan=tuple(
            PlanStep(step.title, step.advice, sources.cite(step.sources))
            for step in (assessment.plan if assessment is not None else ())
        ),
        circumference_note=_tape_noise(kb, sources) if _circumference(found) else None,
        charts=all_charts(history, start, end, now=as_of, knowledge=kb, analyses=found, widths=_HALF),
        sources=sources.lines(),
        disclaimer=assessment.disclaimer if assessment is not None else kb.message("disclaimer"),
    )
    if report.triage is None or assessment is None or assessment.answer is None:
        return report
    # The plain answer restates the level, the signs and the plan: it cites their sources by number, and adds
    # none of its own to a report that must fit two pages.
    cited = sources.cited(assessment.answer.sources)
    return replace(report, triage=replace(report.triage, answer_sources=cited))


def _of(assessment: Assessment | None, name: str) -> Sequence[Finding]:
    return getattr(assessment, name) if assessment is not None else ()


class _Sources:
    """Sources numbered in the order the report first cites them."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.numbers: dict[str, int] = {}

    def cite(self, ids: Iterable[str]) -> tuple[int, ...]:
        numbers = []
        for source_id in ids:
            if source_id not in self.kb.sources:
                continue
            number = self.numbers.setdefault(source_id, len(self.numbers) + 1)
            if number not in numbers:
                numbers.append(number)
        return tuple(sorted(numbers))

    def cited(self, ids: Iterable[str]) -> tuple[int, ...]:
        """The numbers of those of `ids` already cited (nothing new added to the list)."""
        return tuple(sorted({self.numbers[source_id] for source_id in ids if source_id in self.numbers}))

    def lines(self) -> tuple[SourceLine, ...]:
        result = []
        for source_id, number in self.numbers.items():
            source = self.kb.sources[source_id]
            result.append(
                SourceLine(number, source_id, source.title, source.publisher, source.year, source.url)
            )
        return tuple(result)


def codes(kb: KnowledgeBase, target: str) -> tuple[Code, ...]:
    """The knowledge base's codes for `target` (`red_flag.weakness`, `finding.twitch`), ICD-10 first."""
    found = [
        Code(_SYSTEM_NAMES.get(coding.system, coding.system), coding.code, coding.display)
        for concept in kb.codes_for(target)
        for coding in concept.codings
    ]
    order = {name: index for index, name in enumerate(_SYSTEM_ORDER)}
    return tuple(sorted(found, key=lambda code: order.get(code.system, len(order))))


ANSWER_LABELS = ("", "To do now", "More urgent if")
"""The plain answer's labels in the report (its first line says "Most likely: ..." itself)."""


def _triage(assessment: Assessment | None, kb: KnowledgeBase) -> Triage | None:
    if assessment is None:
        return None
    level = assessment.triage.level
    text = kb.levels.get(level)
    title = text.headline if text is not None else level
    answer = assessment.answer
    if answer is None:
        return Triage(level, title, assessment.triage.headline, assessment.triage.summary)
    lines = tuple(zip(ANSWER_LABELS, (answer.likely, answer.do_now, answer.more_urgent), strict=True))
    # The level's own sentence repeats the headline above it, and the list of warning signs the section
    # just below: the report has two pages, so with the plain answer they go.
    summary = assessment.triage.summary
    if text is not None:
        summary = summary.removeprefix(text.summary).strip()
    if assessment.red_flags or assessment.warnings:
        titles = "; ".join(flag.title for flag in (*assessment.red_flags, *assessment.warnings))
        summary = summary.replace(f"{kb.message('red_flags_found')} {titles}.", "").strip()
    return Triage(level, title, assessment.triage.headline, summary, lines)


def _flag(
    finding: Finding, kind: str, assessment: Assessment | None, kb: KnowledgeBase, sources: _Sources
) -> Flag:
    filled = {
        item.field: item.evidence
        for item in (assessment.history.filled if assessment is not None and assessment.history else ())
    }
    evidence = tuple(
        filled.get(answer.field, f"{answer.field}: {_value(answer.value)}") for answer in finding.answers
    )
    return Flag(
        finding.id,
        finding.title,
        finding.level,
        finding.reason,
        finding.what_to_do,
        evidence,
        sources.cite(finding.sources),
        codes(kb, f"{kind}.{finding.id}") if kind == "red_flag" else (),
    )


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _question(
    found: JournalAnalyses, history: History, start: date, end: date, kb: KnowledgeBase
) -> Question:
    twitches = [twitch for twitch in found.twitches if start <= twitch.day <= end]
    window_regions = {region for twitch in twitches for region in twitch.regions}
    sides: dict[str, set[str]] = {}
    for entry in history.of_type("twitch"):
        event = entry.event
        if start <= entry.day <= end and isinstance(event, TwitchEvent) and event.side is not None:
            for region in event.regions:
                sides.setdefault(region, set()).add(event.side)
    regions = tuple(
        RegionLine(
            item.region,
            kb.regions[item.region].label if item.region in kb.regions else item.region,
            item.first_seen,
            item.last_seen,
            item.twitch_days,
            item.unexplained_days,
            item.ever_worked,
            tuple(side for side in ("left", "right", "both") if side in sides.get(item.region, ())),
        )
        for item in sorted(found.spread.regions, key=lambda item: (item.first_seen, item.region))
        if item.region in window_regions
    )
    episode = found.persistence.current_episode
    return Question(
        regions=regions,
        first_twitch=found.twitches[0].day if found.twitches else None,
        latest_twitch=found.twitches[-1].day if found.twitches else None,
        twitch_days=len({twitch.day for twitch in twitches}),
        unexplained_days=len({twitch.day for twitch in twitches if twitch.unexplained_regions}),
        rest_day_twitch_days=len({twitch.day for twitch in twitches if not twitch.after_workout}),
        workout_days=len({entry.day for entry in history.of_type("workout") if start <= entry.day <= end}),
        window_days=(end - start).days + 1,
        episode_first=episode.first.astimezone(history.zone).date() if episode is not None else None,
        episode_span_days=episode.span_days if episode is not None else None,
        codes=codes(kb, "finding.twitch"),
        painful_cramp_days=tuple(
            sorted({day for days in history.painful_cramp_days(start, end).values() for day in days})
        ),
    )


def _strength(found: JournalAnalyses) -> tuple[StrengthLine, ...]:
    return tuple(
        StrengthLine(
            trend.test,
            trend.side,
            len(trend.readings),
            trend.readings[0].value,
            trend.readings[-1].value,
            trend.change_pct if trend.enough_readings else None,
            trend.declining or trend.record_declining,
            trend.possible_decline,
            trend.enough_readings,
        )
        for trend in found.strength.trends
        if trend.readings
    )


def _circumference(found: JournalAnalyses) -> tuple[CircumferenceLine, ...]:
    lines = []
    for site in found.circumference.sites:
        # A one-sided loss compares the two sides' changes: each needs two readings in the window.
        assessable = all(side is not None and side.change_cm is not None for side in (site.left, site.right))
        for side in (site.left, site.right):
            if side is None or not side.readings:
                continue
            lines.append(
                CircumferenceLine(
                    site.site,
                    side.side,
                    len(side.readings),
                    side.readings[0].value,
                    side.readings[-1].value,
                    side.readings[-1].value - side.readings[0].value if len(side.readings) > 1 else None,
                    site.flagged_side == side.side,
                    assessable,
                )
            )
    return tuple(lines)


def _tape_noise(kb: KnowledgeBase, sources: _Sources) -> Note:
    message = kb.messages["chart_tape_noise"]
    text = message.text.format(noise_cm=kb.constants.circumference_stable_cm)
    return Note(text, sources.cite(reference.source for reference in message.references))


def _intake(
    history: History, found: JournalAnalyses, start: date, end: date, as_of: datetime, kb: KnowledgeBase
) -> Intake:
    caffeine = _per_day(history, "caffeine", start, end)
    fluid = _per_day(history, "fluid", start, end)
    fluid_days = [day for day in found.fluid.days if start <= day.day <= end]
    triggers = tuple(
        Trend(
            str(item["factor"]),
            bool(item["associated"]),
            f"{item['label']}: {item['finding']}",
            dict(item["numbers"]),
        )
        for item in trigger_findings(journal_triggers(history, as_of, kb), kb)
        if item["enough_data"]
    )
    return Intake(
        caffeine_days=len(caffeine),
        caffeine_mean_mg=sum(caffeine.values()) / len(caffeine) if caffeine else None,
        caffeine_max_mg=max(caffeine.values(), default=None),
        fluid_days=len(fluid),
        fluid_mean_ml=sum(fluid.values()) / len(fluid) if fluid else None,
        workout_days_with_fluid_deficit=sum(1 for day in fluid_days if day.deficit),
        workout_days_with_fluid_known=sum(1 for day in fluid_days if day.deficit is not None),
        triggers=triggers,
    )


def _per_day(history: History, kind: Any, start: date, end: date) -> Mapping[date, float]:
    totals: dict[date, float] = {}
    for entry in history.of_type(kind):
        event = entry.event
        if start <= entry.day <= end:
            amount = (
                event.mg
                if isinstance(event, CaffeineEvent)
                else event.ml
                if isinstance(event, FluidEvent)
                else 0
            )
            totals[entry.day] = totals.get(entry.day, 0.0) + amount
    return totals


__all__ = [
    "DEFAULT_WEEKS",
    "MAX_DAYS",
    "NothingToReport",
    "build_report",
    "check_window",
    "codes",
    "default_window",
]
