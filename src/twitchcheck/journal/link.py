"""From the journal to the assessment: a report synthesised from what was logged, merged with a one-off
report without ever lowering what it says, and the assessment `status` shows. Rules in
docs/journal-analysis.md."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from twitchcheck.core.assessment import Assessment
from twitchcheck.core.errors import FieldProblem, InputError
from twitchcheck.core.report import Report
from twitchcheck.engine.escalation import joined
from twitchcheck.engine.history import LinkedHistory
from twitchcheck.engine.pipeline import assess_parsed
from twitchcheck.journal.analysis import JournalAnalyses, Triggers, analyse, triggers
from twitchcheck.journal.analysis._time import between, until
from twitchcheck.journal.events import (
    NOTE_SIGN_PREFIX,
    SYMPTOMS,
    BodyMassEvent,
    CaffeineEvent,
    FluidEvent,
    History,
    SleepEvent,
    SymptomEvent,
    TwitchEvent,
    WorkoutEvent,
)
from twitchcheck.journal.findings import trend_findings
from twitchcheck.knowledge.loader import KnowledgeBase, load_knowledge

_MAX_HOURS = 8760  # the report contract's bound on hours_ago and hours_since_last_caffeine
# Fields that describe one session: taken from the journal only as a whole section, never mixed with the
# report's own (its workout may be one the journal never saw).
_SESSION_SECTIONS = ("workout", "hydration")


class NoTwitchLogged(InputError):
    """The journal has neither a twitch nor a recent symptom by `now`: there is nothing to assess.

    (A symptom logged with no twitch gets a symptom-only assessment instead.) `symptoms_present` is kept for
    callers of earlier versions and is always empty now.
    """

    def __init__(self, message: str, symptoms_present: tuple[str, ...] = ()) -> None:
        super().__init__([FieldProblem("(journal)", message)], "journal")
        self.symptoms_present = symptoms_present


@dataclass(frozen=True, slots=True)
class HistoryReport:
    """A report synthesised from the journal, with the evidence for each field."""

    report: Report
    evidence: Mapping[str, str]
    """Report field (dotted) -> where its value came from, in words."""
    unexplained_regions: tuple[str, ...]
    """Recent twitching regions no workout explained (what a one-off report's regions are joined with)."""
    latest_twitch: datetime | None = None
    """When the latest twitch was logged: fields about the twitch itself (`started`, `side`, ...) describe
    a report's current twitch only when this is within the post-workout window of `now`."""
    now: datetime | None = None


def history_report(
    history: History,
    now: datetime,
    knowledge: KnowledgeBase | None = None,
    analyses: JournalAnalyses | None = None,
) -> HistoryReport | None:
    """The contract report the journal gives as of `now`; None when no twitch was logged by then."""
    kb = knowledge if knowledge is not None else load_knowledge()
    history = history.until(now)
    found = analyses if analyses is not None else analyse(history, now, kb)
    if not found.twitches:
        return None
    return _Synthesis(history, now, kb, found).build()


@dataclass(frozen=True, slots=True)
class JournalFacts:
    """A journal's history as the engine takes it (`engine.history.HistoryFacts`): `assess(report,
    history=JournalFacts(history))`. `twitchcheck.assess` wraps a `History` in it."""

    history: History

    def link(self, report: Report, now: datetime | None, knowledge: KnowledgeBase) -> LinkedHistory | None:
        """`report` merged with the journal as of `now` (default: its latest entry); None when nothing was
        logged by then."""
        return with_history(report, self.history, now, knowledge)


def with_history(
    report: Report, history: History, now: datetime | None, kb: KnowledgeBase
) -> LinkedHistory | None:
    """`report` merged with the journal as of `now`; None for a journal with nothing logged by then."""
    if not isinstance(history, History):
        raise TypeError(f"history must be a twitchcheck.journal.History, not {type(history).__name__}")
    if not history.entries:
        return None
    now = now if now is not None else history.entries[-1].when
    history = history.until(now)
    if not history.entries:
        return None  # nothing logged yet by `now`: exactly as without a journal
    found = analyse(history, now, kb)
    synthesis = history_report(history, now, kb, found)
    filled: list[dict[str, Any]] = []
    if synthesis is not None:
        merged = _merge(report, synthesis, filled, kb)
    else:
        # No twitch logged, but the journal's symptoms still count: a warning sign logged there is never
        # dropped because the report, not the journal, is about the twitch.
        merged = _merge_symptoms(report, history, now, kb, filled, found)
    return LinkedHistory(merged, _history_facts(found, history, now, kb), _part(kb, found, filled), now)


def _merge_symptoms(
    report: Report,
    history: History,
    now: datetime,
    kb: KnowledgeBase,
    filled: list[dict[str, Any]],
    found: JournalAnalyses,
) -> Report:
    """The report with the journal's current symptom states filled in or raised (never lowered)."""
    data = report.model_dump(by_alias=True, exclude_none=True)
    ours: dict[str, Any] = data.setdefault("symptoms", {})
    for name, (when, value) in symptom_states(history, now, kb).current.items():
        dotted = f"symptoms.{name}"
        current = ours.get(name)
        merged = joined(dotted, current, value)
        if merged != current:
            ours[name] = merged
            filled.append(
                {
                    "field": dotted,
                    "value": merged,
                    "evidence": _symptom_evidence(kb, history, name, when, merged),
                }
            )
    for dotted, value, text in trend_signs(found, kb):
        name = dotted.split(".", 1)[1]
        current = ours.get(name)
        merged = joined(dotted, current, value)
        if merged != current:
            ours[name] = merged
            filled.append({"field": dotted, "value": merged, "evidence": text})
    if not ours:
        del data["symptoms"]
    return Report.model_validate(data)


def journal_assessment(
    history: History,
    now: datetime,
    knowledge: KnowledgeBase | None = None,
    *,
    analyses: JournalAnalyses | None = None,
    emergency_number: str | None = None,
    outside_signs: Sequence[str] = (),
) -> Assessment:
    """The assessment the journal alone gives as of `now` (`twitchcheck status`).

    `outside_signs`: safety-net signs (`kb.safety_net` ids) the journal's notes state; each raises the level
    to its own, as in `assess`. Raises NoTwitchLogged (an InputError, with the knowledge base's wording) when
    nothing was logged to assess.
    """
    kb = knowledge if knowledge is not None else load_knowledge()
    history = history.until(now)
    found = analyses if analyses is not None else analyse(history, now, kb)
    synthesis = history_report(history, now, kb, found)
    facts = _history_facts(found, history, now, kb)
    signs = tuple(kb.safety_net[sign] for sign in dict.fromkeys(outside_signs) if sign in kb.safety_net)
    if synthesis is None:
        states = symptom_states(history, now, kb)
        measured = trend_signs(found, kb)
        if not states.logged_present_recently and not measured and not signs:
            raise NoTwitchLogged(kb.message("journal_no_twitch"))
        # No twitch to assess, but a warning sign was logged or measured (strength falling, a limb thinning):
        # assess the symptoms alone with the red-flag rules (no causes), never drop them. The report contract
        # needs a twitch, so the symptoms are put on a placeholder that the engine is told not to read
        # (`no_twitch`).
        symptoms: dict[str, Any] = {name: value for name, (_, value) in states.current.items()}
        evidence = {
            f"symptoms.{name}": _symptom_evidence(kb, history, name, when, value, states.from_note.get(name))
            for name, (when, value) in states.current.items()
        }
        for dotted, value, text in measured:
            name = dotted.split(".", 1)[1]
            raised = joined(dotted, symptoms.get(name), value)
            if raised != symptoms.get(name):
                symptoms[name] = raised
                evidence[dotted] = text
        filled = [
            {"field": dotted, "value": symptoms[dotted.split(".", 1)[1]], "evidence": text}
            for dotted, text in evidence.items()
        ]
        report = Report.model_validate(
            {"twitch": {"regions": ["calf"], "duration_days": 0}, "symptoms": symptoms}
        )
        return assess_parsed(
            kb, report, now, emergency_number, facts, _part(kb, found, filled), no_twitch=True, signs=signs
        )
    filled = [
        {"field": name, "value": _value(synthesis.report, name), "evidence": text}
        for name, text in synthesis.evidence.items()
    ]
    part = _part(kb, found, filled)
    return assess_parsed(kb, synthesis.report, now, emergency_number, facts, part, signs=signs)


@dataclass(frozen=True, slots=True)
class SymptomStates:
    """What the journal says of each symptom as of `now`."""

    current: Mapping[str, tuple[datetime, Any]]
    """Symptom -> (when, report value) of its latest log ("present" wins at the same instant): in the recent
    window, except weakness and muscle wasting, which stand until logged absent. Weakness is `specific` or
    `none` (the journal cannot tell tiredness from weakness; safety first)."""
    resolved: tuple[tuple[str, datetime, datetime], ...]
    """(symptom, logged present, logged absent later) for symptoms present in the recent window and since
    logged absent: a resolved episode of a warning sign still needs a doctor."""
    logged_present_recently: bool
    from_note: Mapping[str, str] = field(default_factory=dict)
    """Symptom -> the words of the note that states it, when its current state is read from an entry's note
    (`services.notes`) rather than logged."""


_LASTING_SYMPTOMS = frozenset({"weakness", "muscle_wasting"})


def symptom_states(history: History, now: datetime, kb: KnowledgeBase) -> SymptomStates:
    """Each symptom's latest log, and the warning signs logged present recently and absent since."""
    start = now - timedelta(days=kb.constants.journal_recent_days)
    latest: dict[str, tuple[datetime, bool]] = {}
    latest_note: dict[str, str | None] = {}
    last_present: dict[str, datetime] = {}
    for entry in until(history.of_type("symptom"), now):
        event = entry.event
        assert isinstance(event, SymptomEvent)
        previous = latest.get(event.symptom)
        # At the same moment, "present" wins over "absent".
        if previous is None or entry.when > previous[0] or event.present:
            latest[event.symptom] = (entry.when, event.present)
            noted = event.present and (event.id or "").startswith(NOTE_SIGN_PREFIX)
            latest_note[event.symptom] = event.note if noted else None
        if event.present and entry.when >= start:
            last_present[event.symptom] = entry.when
    current: dict[str, tuple[datetime, Any]] = {}
    resolved: list[tuple[str, datetime, datetime]] = []
    for symptom in SYMPTOMS:
        if symptom not in latest:
            continue
        when, present = latest[symptom]
        if when < start and not (present and symptom in _LASTING_SYMPTOMS):
            continue
        if symptom == "weakness":
            current[symptom] = (when, "specific" if present else "none")
        else:
            current[symptom] = (when, present)
        if not present and symptom in last_present:
            resolved.append((symptom, last_present[symptom], when))
    recent = bool(last_present) or any(value is True or value == "specific" for _, value in current.values())
    from_note = {name: said for name in current if (said := latest_note.get(name))}
    return SymptomStates(current, tuple(resolved), recent, from_note)


def _symptom_evidence(
    kb: KnowledgeBase, history: History, symptom: str, when: datetime, value: Any, note: str | None = None
) -> str:
    present = value is True or value == "specific"
    if note is not None:
        return kb.say(
            "journal_from_note",
            symptom=symptom.replace("_", " "),
            words=note,
            when=when.astimezone(history.zone).strftime("%Y-%m-%d %H:%M"),
        )
    return kb.say(
        "journal_from_symptom",
        symptom=symptom.replace("_", " "),
        state="present" if present else "absent",
        when=when.astimezone(history.zone).strftime("%Y-%m-%d %H:%M"),
    )


def journal_triggers(history: History, now: datetime, knowledge: KnowledgeBase | None = None) -> Triggers:
    """Which logged factors go with twitch days, as of `now` (`twitchcheck triggers`)."""
    kb = knowledge if knowledge is not None else load_knowledge()
    return triggers(history.until(now), now, kb.constants)


def _history_facts(
    found: JournalAnalyses, history: History, now: datetime, kb: KnowledgeBase
) -> dict[str, Any]:
    load = found.training_load
    facts: dict[str, Any] = {}
    if load.spike is not None and load.acwr is not None:
        facts["history.load_spike"] = load.spike
        facts["history.acute_chronic_ratio"] = load.acwr
    possible = found.strength.possible_declines
    facts["history.possible_weakness"] = bool(possible)
    if possible:
        facts["history.possible_weakness_tests"] = [
            kb.say(
                "journal_possible_weakness_item",
                test=kb.message(f"label_{trend.test}"),
                side=trend.side,
                first=trend.readings[0].value,
                latest=trend.readings[-1].value,
                drop_pct=trend.drop_pct,
                n=len(trend.readings),
            )
            for trend in possible
        ]
    spread = found.spread
    facts["history.widespread"] = spread.widespread
    if spread.widespread:
        labels = {region: info.label for region, info in kb.regions.items()}
        facts["history.unexplained_regions"] = [
            labels.get(region, region) for region in spread.recent_unexplained_regions
        ]
    frequent = found.persistence.frequent
    facts["history.frequent_twitching"] = frequent is not None
    if frequent is not None:
        facts["history.frequent_twitch_days"] = frequent.twitch_days
        facts["history.frequent_calendar_days"] = frequent.calendar_days
    resolved = symptom_states(history, now, kb).resolved
    facts["history.resolved_warning_sign"] = bool(resolved)
    if resolved:
        facts["history.resolved_symptoms"] = sorted({symptom for symptom, _, _ in resolved})
        zone = history.zone
        facts["history.resolved_warning_signs"] = [
            kb.say(
                "journal_resolved_item",
                symptom=symptom.replace("_", " "),
                present=present.astimezone(zone).strftime("%Y-%m-%d"),
                absent=absent.astimezone(zone).strftime("%Y-%m-%d"),
            )
            for symptom, present, absent in resolved
        ]
    return facts


def _value(report: Report, dotted: str) -> Any:
    section, name = dotted.split(".")
    part = getattr(report, section)
    return getattr(part, name) if part is not None else None


# -- the report the journal gives ---------------------------------------------------------------------------


class _Synthesis:
    def __init__(self, history: History, now: datetime, kb: KnowledgeBase, found: JournalAnalyses) -> None:
        self.history = history
        self.now = now
        self.kb = kb
        self.found = found
        self.constants = kb.constants
        self.zone = history.zone
        self.today = now.astimezone(history.zone).date()
        self.sections: dict[str, dict[str, Any]] = {}
        self.evidence: dict[str, str] = {}

    def set(self, dotted: str, value: Any, evidence: str) -> None:
        if value is None:
            return
        section, name = dotted.split(".")
        self.sections.setdefault(section, {})[name] = value
        self.evidence[dotted] = evidence

    def text(self, message: str, **values: Any) -> str:
        return self.kb.say(message, **values)

    def when(self, moment: datetime) -> str:
        return moment.astimezone(self.zone).strftime("%Y-%m-%d %H:%M")

    def build(self) -> HistoryReport:
        unexplained = self._twitch()
        self._symptoms()
        self._workout()
        self._stimulants()
        self._context()
        report = Report.model_validate(self.sections)
        latest = self.found.twitches[-1].when
        return HistoryReport(report, dict(self.evidence), unexplained, latest, self.now)

    def _twitch(self) -> tuple[str, ...]:
        c = self.constants
        found = self.found
        recent_days = c.journal_recent_days
        recent_start = self.today - timedelta(days=int(recent_days) - 1)
        twitches = found.twitches
        recent = [twitch for twitch in twitches if twitch.day >= recent_start] or [twitches[-1]]
        latest = twitches[-1]
        episode = found.persistence.current_episode
        regions = dict.fromkeys(episode.regions if episode is not None else ())
        regions.update(dict.fromkeys(region for twitch in recent for region in twitch.regions))
        self.set(
            "twitch.regions",
            list(regions),
            self.text(
                "journal_from_recent_twitches",
                days=recent_days,
                count=len(recent),
                last=self.when(latest.when),
            ),
        )
        window_h = c.post_workout_window_h
        if episode is None and not latest.explained:
            # The last unexplained twitching ended more than the episode gap ago; it is still the latest seen.
            unexplained = [twitch for twitch in twitches if not twitch.explained]
            gap = c.twitch_episode_gap_days
            start = len(unexplained) - 1
            while start > 0 and (unexplained[start].day - unexplained[start - 1].day).days <= gap:
                start -= 1
            first, last = unexplained[start].when, unexplained[-1].when
            days = len({twitch.day for twitch in unexplained[start:]})
            self.set(
                "twitch.duration_days",
                _days(first, last),
                self.text(
                    "journal_from_episode",
                    window_h=window_h,
                    twitch_days=days,
                    first=self.when(first),
                    last=self.when(last),
                ),
            )
        elif episode is not None:
            self.set(
                "twitch.duration_days",
                episode.span_days,
                self.text(
                    "journal_from_episode",
                    window_h=window_h,
                    twitch_days=episode.twitch_days,
                    first=self.when(episode.first),
                    last=self.when(episode.last),
                ),
            )
        else:
            # Everything explained: the latest bout is the twitching since the workout that explains it began.
            workouts = until(self.history.of_type("workout"), latest.when)
            since = workouts[-1].when if workouts else latest.when
            bout = [twitch for twitch in twitches if twitch.when >= since]
            self.set(
                "twitch.duration_days",
                _days(bout[0].when, latest.when),
                self.text("journal_from_bout", first=self.when(bout[0].when), last=self.when(latest.when)),
            )
        run = found.persistence.current_run
        if run is not None and run.span_days > self.sections["twitch"]["duration_days"]:
            # Never shorter than the days in a row with twitching, whatever explains each of them.
            self.set(
                "twitch.duration_days",
                run.span_days,
                self.text(
                    "journal_from_run",
                    twitch_days=run.twitch_days,
                    first=self.when(run.first),
                    last=self.when(run.last),
                ),
            )
        rest_days = {twitch.day for twitch in recent if not twitch.after_workout}
        if rest_days:
            self.set(
                "twitch.also_on_rest_days",
                True,
                self.text(
                    "journal_from_rest_days", rest_days=len(rest_days), window_h=window_h, days=recent_days
                ),
            )
        else:
            self.set(
                "twitch.also_on_rest_days",
                False,
                self.text("journal_from_no_rest_days", window_h=window_h, days=recent_days),
            )
        latest_event = _twitch_event(self.history, latest.when)
        latest_text = self.text("journal_from_latest", what="twitch", when=self.when(latest.when))
        if latest_event is not None:
            self.set("twitch.side", latest_event.side, latest_text)
            self.set("twitch.frequency", latest_event.frequency, latest_text)
        self.set("twitch.started", "after_workout" if latest.after_workout else "at_rest", latest_text)
        cramps = [
            event.painful_cramps
            for entry in between(self.history.of_type("twitch"), recent[0].when, latest.when)
            if isinstance(event := entry.event, TwitchEvent) and event.painful_cramps is not None
        ]
        if cramps:
            self.set("twitch.painful_cramps", any(cramps), latest_text)
        recent_unexplained = dict.fromkeys(
            region for twitch in recent for region in twitch.unexplained_regions
        )
        if episode is not None:
            recent_unexplained.update(dict.fromkeys(episode.regions))
        return tuple(recent_unexplained)

    def _symptoms(self) -> None:
        states = symptom_states(self.history, self.now, self.kb)
        for symptom, (when, value) in states.current.items():
            present = value is True or value == "specific"
            said = states.from_note.get(symptom)
            if said is not None:
                evidence = self.text(
                    "journal_from_note", symptom=symptom.replace("_", " "), words=said, when=self.when(when)
                )
            else:
                evidence = self.text(
                    "journal_from_symptom",
                    symptom=symptom.replace("_", " "),
                    state="present" if present else "absent",
                    when=self.when(when),
                )
            self.set(f"symptoms.{symptom}", value, evidence)
        for dotted, value, evidence in trend_signs(self.found, self.kb):
            self.set(dotted, value, evidence)

    def _workout(self) -> None:
        workouts = until(self.history.of_type("workout"), self.now)
        if not workouts:
            return
        entry = workouts[-1]
        workout = entry.event
        assert isinstance(workout, WorkoutEvent)
        end = entry.when + timedelta(minutes=workout.duration_min)
        hours_ago = max((self.now - end).total_seconds() / 3600, 0.0)
        if hours_ago > self.constants.post_workout_window_h:
            # An older session explains nothing now: the report has no workout rather than a stale one.
            return
        evidence = self.text("journal_from_latest", what="workout", when=self.when(entry.when))
        self.set("workout.hours_ago", round(hours_ago, 3), evidence)
        # Worked: what this workout logged as worked (never guessed from twitches), less any region that
        # twitched unexplained recently (so the report's worked/unworked split is never kinder than the
        # journal's).
        if workout.worked_regions is not None:
            recent_start = self.today - timedelta(days=int(self.constants.journal_recent_days) - 1)
            recent = [twitch for twitch in self.found.twitches if twitch.day >= recent_start]
            unexplained = {region for twitch in recent for region in twitch.unexplained_regions}
            regions = [region for region in workout.worked_regions if region not in unexplained]
            self.set("workout.worked_regions", regions, evidence)
        self.set("workout.duration_min", workout.duration_min, evidence)
        self.set("workout.rpe", workout.rpe, evidence)
        self.set("workout.kind", workout.kind, evidence)
        self.set("workout.hot_environment", workout.hot_environment, evidence)
        drinks = [e.event for e in between(self.history.of_type("fluid"), entry.when, self.now)]
        fluids = [drink for drink in drinks if isinstance(drink, FluidEvent)]
        if fluids:
            text = self.text("journal_from_fluids", when=self.when(entry.when))
            self.set("hydration.fluid_ml", sum(drink.ml for drink in fluids), text)
            marked = [drink.electrolytes for drink in fluids if drink.electrolytes is not None]
            if marked:
                self.set("hydration.electrolytes_replaced", any(marked), text)
        weigh = timedelta(hours=self.constants.weighing_window_h)
        masses = until(self.history.of_type("body_mass"), self.now)
        before = between(masses, entry.when - weigh, entry.when)
        after = between(masses, end, end + weigh)
        if before and after:
            first, second = before[-1], after[0]
            assert isinstance(first.event, BodyMassEvent)
            assert isinstance(second.event, BodyMassEvent)
            self.set(
                "hydration.body_mass_before_kg",
                first.event.kg,
                self.text("journal_from_latest", what="body mass before it", when=self.when(first.when)),
            )
            self.set(
                "hydration.body_mass_after_kg",
                second.event.kg,
                self.text("journal_from_latest", what="body mass after it", when=self.when(second.when)),
            )

    def _stimulants(self) -> None:
        caffeine = self.found.caffeine
        if not caffeine.ever_logged or caffeine.hours_since_last is None:
            return  # a journal that never logs caffeine says nothing about it
        doses = until(self.history.of_type("caffeine"), self.now)
        last = doses[-1]
        assert isinstance(last.event, CaffeineEvent)
        self.set(
            "stimulants.caffeine_mg",
            caffeine.last_24h_mg,
            self.text(
                "journal_from_caffeine",
                doses=caffeine.doses_24h,
                as_of=self.when(self.now),
                when=self.when(last.when),
            ),
        )
        if caffeine.hours_since_last <= _MAX_HOURS:
            self.set(
                "stimulants.hours_since_last_caffeine",
                round(caffeine.hours_since_last, 3),
                self.text("journal_from_latest", what="caffeine", when=self.when(last.when)),
            )

    def _context(self) -> None:
        nights = [
            entry
            for entry in between(self.history.of_type("sleep"), self.now - timedelta(hours=24), self.now)
            if entry.day == self.today
        ]
        if nights:
            night = nights[-1]
            assert isinstance(night.event, SleepEvent)
            self.set(
                "context.sleep_hours",
                night.event.hours,
                self.text("journal_from_latest", what="night's sleep", when=self.when(night.when)),
            )
        days = {entry.day for entry in until(self.history.of_type("workout"), self.now)}
        streak = 0
        day: date = self.today if self.today in days else self.today - timedelta(days=1)
        while day in days:
            streak += 1
            day -= timedelta(days=1)
        if days:
            self.set(
                "context.consecutive_training_days",
                streak,
                self.text("journal_from_training_days", days=streak),
            )


def _twitch_event(history: History, when: datetime) -> TwitchEvent | None:
    found = between(history.of_type("twitch"), when, when)
    event = found[-1].event if found else None
    return event if isinstance(event, TwitchEvent) else None


def _days(first: datetime, last: datetime) -> float:
    return round((last - first).total_seconds() / 86400, 9)


def _weeks(first: datetime, last: datetime) -> float:
    return (last - first).total_seconds() / 86400 / 7


# -- merging a one-off report with the journal -------------------------------------------------------------


# Fields about one twitch: taken into a one-off report only from a twitch logged within the post-workout
# window of `now`, never from a stale one (the report's twitch may be a new one).
_CURRENT_TWITCH_FIELDS = ("twitch.started", "twitch.side", "twitch.frequency", "twitch.painful_cramps")


def _merge(
    report: Report, synthesis: HistoryReport, filled: list[dict[str, Any]], kb: KnowledgeBase
) -> Report:
    """The report, with the journal filling what it leaves unknown and raising what it understates."""
    data = report.model_dump(by_alias=True, exclude_none=True)
    journal = synthesis.report
    fresh = (
        synthesis.latest_twitch is not None
        and synthesis.now is not None
        and synthesis.now - synthesis.latest_twitch <= timedelta(hours=kb.constants.post_workout_window_h)
    )
    for section in ("twitch", "workout", "hydration", "stimulants", "symptoms", "context"):
        theirs = getattr(journal, section)
        if theirs is None:
            continue
        ours: dict[str, Any] = data.setdefault(section, {})
        if section in _SESSION_SECTIONS and ours:
            continue
        for name, value in theirs.model_dump(exclude_none=True).items():
            dotted = f"{section}.{name}"
            if dotted in _CURRENT_TWITCH_FIELDS and not fresh:
                continue
            current = ours.get(name)
            merged = joined(dotted, current, value, extra_regions=synthesis.unexplained_regions)
            if merged is not None and merged != current:
                ours[name] = merged
                filled.append({"field": dotted, "value": merged, "evidence": synthesis.evidence[dotted]})
        if not ours:
            del data[section]
    return Report.model_validate(data)


# -- the history part of the assessment: what the journal added, and the trends ----------------------------


def _part(kb: KnowledgeBase, found: JournalAnalyses, filled: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    return {
        "as_of": found.as_of.isoformat(),
        "events": found.events,
        "filled": [dict(item) for item in filled],
        "trends": trend_findings(found, kb),
    }


def trend_signs(found: JournalAnalyses, kb: KnowledgeBase) -> list[tuple[str, Any, str]]:
    """The warning signs the journal's measurements show by themselves, as (report field, value,
    evidence): strength falling (within the window or over the whole record) or one side falling behind
    is progressive weakness; a limb losing circumference is muscle wasting. They count whether or not a
    twitch was logged: a slow decline with no twitch logged is still a red flag (safety first)."""
    signs: list[tuple[str, Any, str]] = []
    for trend in found.strength.declining:
        record = trend.record
        use_record = not trend.declining and record is not None
        signs.append(
            (
                "symptoms.weakness",
                "progressive",
                kb.say(
                    "journal_from_strength",
                    test=kb.message(f"label_{trend.test}"),
                    side=trend.side,
                    decline_pct=-((record.change_pct if use_record and record else trend.change_pct) or 0.0),
                    weeks=record.weeks if use_record and record else trend.weeks,
                ),
            )
        )
        break
    for gap in found.strength.growing_gaps:
        if gap.fit is None or gap.growth_pct is None:
            continue
        # One side falling behind the other is asymmetrical progressive weakness (BMJ 2022: urgent).
        signs.append(
            (
                "symptoms.weakness",
                "progressive",
                kb.say(
                    "journal_from_side_gap",
                    test=kb.message(f"label_{gap.test}"),
                    growth_pct=gap.growth_pct,
                    weeks=gap.fit.span_days / 7,
                    n=gap.fit.n,
                ),
            )
        )
        break
    for site in found.circumference.flagged:
        side = site.flagged_side
        lost = site.left if side == "left" else site.right
        assert lost is not None
        window = site.loss_side is not None
        signs.append(
            (
                "symptoms.muscle_wasting",
                True,
                kb.say(
                    "journal_from_circumference",
                    site=kb.message(f"label_site_{site.site}"),
                    side=side,
                    loss_cm=-((lost.change_cm if window else lost.record_change_cm) or 0.0),
                    weeks=_weeks(lost.readings[0].when, lost.readings[-1].when)
                    if window
                    else lost.record_weeks or 0.0,
                ),
            )
        )
        break
    return signs
