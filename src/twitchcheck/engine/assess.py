"""`assess()`: a report in, an assessment out. Pure: no clock, no files, no network.

The result is assembled as plain data and validated into `Assessment` once at the end: one pass through
pydantic's compiled validator is several times faster than constructing each nested model, and it checks the
output against the model on every call.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from pydantic import ValidationError

from twitchcheck.assessment import Assessment
from twitchcheck.engine.causes import OpenSignal, ScoredCause, score_causes
from twitchcheck.engine.plan import PlannedStep, food_list, make_plan, stretch_list
from twitchcheck.engine.render import MissingFact, render
from twitchcheck.engine.triage import LEVEL_RANK, FiredFlag, TriageResult, triage
from twitchcheck.errors import FieldProblem, InputError, problems_from
from twitchcheck.facts import FACTS, derive_facts, report_fields
from twitchcheck.knowledge.conditions import Condition
from twitchcheck.knowledge.loader import KnowledgeBase, load_knowledge
from twitchcheck.knowledge.model import Question
from twitchcheck.report import Level, Report

MAX_NEXT_QUESTIONS = 5
DEFAULT_EMERGENCY_NUMBER = "your local emergency number (112 in Europe, 911 in North America, 999 in the UK)"
_FIGURES = tuple(name for name, spec in FACTS.items() if name.startswith("calc.") and spec.kind == "number")


def parse_report(data: Report | Mapping[str, Any]) -> Report:
    """A validated Report from contract JSON (or a Report); InputError naming every bad field otherwise."""
    if isinstance(data, Report):
        return data
    if not isinstance(data, Mapping):
        raise InputError([FieldProblem("(report)", f"a report is a JSON object, not {type(data).__name__}")])
    try:
        return Report.model_validate(data)
    except ValidationError as error:
        raise InputError(problems_from(error)) from None


def assess(
    report: Report | Mapping[str, Any],
    *,
    history: object | None = None,
    now: datetime | None = None,
    knowledge: KnowledgeBase | None = None,
    emergency_number: str | None = None,
) -> Assessment:
    """Assess a twitch report: triage level, red flags, ranked causes, plan, next questions, sources.

    `report` is the `twitchcheck/report/1` contract as a dict or a `Report`; an absent field means unknown.
    `history` is reserved for the journal (not used yet); `now` only stamps the result. Deterministic.
    """
    del history  # the journal arrives in a later release; the parameter keeps the signature stable
    kb = knowledge if knowledge is not None else load_knowledge()
    parsed = parse_report(report)
    facts = derive_facts(parsed, kb.constants, kb.region_areas)
    known_fields = frozenset(facts)  # report fields and calc figures only, before plan variables join
    result = triage(kb, facts)
    causes, open_signals = score_causes(kb, facts)

    labels = _labels(kb)
    facts["triage.level"] = result.level
    facts["plan.foods"] = _foods(kb)
    worked = facts.get("workout.worked_regions") or parsed.twitch.regions
    facts["plan.stretches"] = _stretches(kb, tuple(worked)) or None
    facts["plan.emergency_number"] = emergency_number or DEFAULT_EMERGENCY_NUMBER
    steps = make_plan(kb, facts, labels)

    cited: dict[str, None] = {}
    red_flags = [_flag_finding(item, facts, cited) for item in result.fired]
    cause_findings = [_cause_finding(item, facts, labels, cited) for item in causes]
    plan = [_plan_step(step, cited) for step in steps] or [_fallback_step(kb, result.level)]
    questions, unknowns_could_raise = _next_questions(kb, known_fields, result, open_signals)
    refs = _source_refs(kb)
    return Assessment.model_validate(
        {
            "schema": "twitchcheck/assessment/1",
            "triage": {
                "level": result.level,
                "summary": _summary(kb, result, facts, unknowns_could_raise),
                "headline": kb.levels[result.level].headline,
            },
            "red_flags": red_flags,
            "causes": cause_findings,
            "plan": plan,
            "next_questions": questions,
            "figures": {name[5:]: round(float(facts[name]), 3) for name in _FIGURES if name in facts},
            "sources": [refs[source_id] for source_id in cited],
            "disclaimer": kb.message("disclaimer"),
            "assessed_at": now.isoformat() if now is not None else None,
        }
    )


# Per-knowledge-base caches (a loaded base is immutable and hashed by identity).


@cache
def _labels(kb: KnowledgeBase) -> Mapping[str, str]:
    return {region_id: info.label for region_id, info in kb.regions.items()}


@cache
def _foods(kb: KnowledgeBase) -> str:
    return food_list(kb.foods)


@cache
def _stretches(kb: KnowledgeBase, regions: tuple[str, ...]) -> str:
    return stretch_list(kb.stretches, regions)


@cache
def _source_refs(kb: KnowledgeBase) -> Mapping[str, dict[str, Any]]:
    refs: dict[str, dict[str, Any]] = {}
    for source in kb.sources.values():
        year = f", {source.year}" if source.year else ""
        refs[source.id] = {"id": source.id, "title": f"{source.title} ({source.publisher}{year})", "url": source.url}
    return refs


@cache
def _question_by_field(kb: KnowledgeBase) -> Mapping[str, Question]:
    return {question.id: question for question in kb.questions if question.status != "deprecated"}


@cache
def _asked_fields(condition: Condition) -> tuple[str, ...]:
    """The report fields a condition depends on, in a stable order."""
    return tuple(dict.fromkeys(field for fact in sorted(condition.facts_used()) for field in report_fields(fact)))


# Pieces of the result


def _cite(cited: dict[str, None], sources: Iterable[str]) -> list[str]:
    ids = list(dict.fromkeys(sources))
    for source_id in ids:
        cited.setdefault(source_id, None)
    return ids


def _text(template: str, facts: Mapping[str, Any]) -> str:
    try:
        return render(template, facts)[0]
    except MissingFact:  # pragma: no cover - `kb check` proves every reason template fills
        return template


def _flag_finding(fired: FiredFlag, facts: Mapping[str, Any], cited: dict[str, None]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for trigger in fired.triggers:
        for name, value in trigger.when.explain(facts):
            answers.setdefault(name, value)
    flag = fired.flag
    return {
        "id": flag.id,
        "title": flag.title,
        "level": fired.level,
        "reason": " ".join(_text(trigger.reason, facts) for trigger in fired.triggers),
        "answers": [{"field": name, "value": value} for name, value in answers.items()],
        "what_to_do": flag.what_to_do,
        "sources": _cite(cited, (reference.source for reference in flag.references)),
    }


def _cause_finding(
    item: ScoredCause, facts: Mapping[str, Any], labels: Mapping[str, str], cited: dict[str, None]
) -> dict[str, Any]:
    evidence: list[str] = []
    sources: list[str] = []
    for signal in item.signals:
        try:
            evidence.append(render(signal.evidence, facts, labels)[0])
        except MissingFact:  # pragma: no cover - `kb check` proves every evidence template fills
            continue
        sources.extend(signal.sources)
    sources.extend(reference.source for reference in item.cause.references)
    return {
        "id": item.cause.id,
        "title": item.cause.title,
        "score": item.score,
        "grade": item.cause.grade,
        "grade_note": item.cause.grade_note,
        "evidence": evidence,
        "signals": [signal.id for signal in item.signals],
        "sources": _cite(cited, sources),
    }


def _plan_step(step: PlannedStep, cited: dict[str, None]) -> dict[str, Any]:
    return {
        "id": step.advice.id,
        "title": step.advice.title,
        "advice": step.text,
        "numbers": step.numbers,
        "sources": _cite(cited, (reference.source for reference in step.advice.references)),
    }


def _fallback_step(kb: KnowledgeBase, level: Level) -> dict[str, Any]:
    # The contract needs a non-empty plan; the level's own action always applies.
    text = kb.levels[level]
    return {"id": "monitor", "title": text.headline, "advice": text.action, "numbers": {}, "sources": []}


def _summary(kb: KnowledgeBase, result: TriageResult, facts: Mapping[str, Any], unknowns_could_raise: bool) -> str:
    parts = [kb.levels[result.level].summary]
    if result.fired:
        parts.extend(f"{item.flag.title}: {_text(item.triggers[0].reason, facts)}" for item in result.fired)
    else:
        benign = next((concept for concept in kb.concepts if concept.id == "benign_post_workout_profile"), None)
        if benign is not None and benign.when is not None and benign.when.evaluate(facts) is True:
            parts.append(kb.message("benign_profile_match"))
    if unknowns_could_raise:
        parts.append(kb.message("unknowns_note"))
    return " ".join(parts)


def _next_questions(
    kb: KnowledgeBase, known: frozenset[str], result: TriageResult, open_signals: list[OpenSignal]
) -> tuple[list[dict[str, Any]], bool]:
    """Unanswered report fields that could change the answer (triage-raising ones first, then causes), and
    whether any of those shown could raise the level."""
    questions = _question_by_field(kb)
    current = LEVEL_RANK[result.level]
    wanted: dict[str, list[Any]] = {}  # field -> [rank, entry ids, why, raises level]

    def consider(condition: Condition, rank: int, entry_id: str, why: str, raises: bool) -> None:
        for field in _asked_fields(condition):
            if field in known or field not in questions:
                continue
            entry = wanted.get(field)
            if entry is None:
                wanted[field] = [rank, [entry_id], why, raises]
            elif entry_id not in entry[1]:
                entry[1].append(entry_id)

    for item in sorted(result.open, key=lambda open_: -LEVEL_RANK[open_.trigger.level]):
        rank = LEVEL_RANK[item.trigger.level]
        if rank > current:
            why = f"{item.flag.title}: {kb.levels[item.trigger.level].summary}"
            consider(item.trigger.when, 10 + rank, item.flag.id, why, raises=True)
    for open_signal in sorted(open_signals, key=lambda open_: -open_.signal.weight):
        why = f"It would show whether {open_signal.cause.title.lower()} plays a part."
        consider(open_signal.signal.when, 0, open_signal.cause.id, why, raises=False)
    ranked = sorted(wanted.items(), key=lambda item: (-item[1][0], questions[item[0]].order))[:MAX_NEXT_QUESTIONS]
    shown = [
        {"field": field, "question": questions[field].prompt, "why": why, "could_change": ids}
        for field, (_, ids, why, _raises) in ranked
    ]
    return shown, any(raises for _, (_, _, _, raises) in ranked)
