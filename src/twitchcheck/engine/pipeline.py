"""`assess()`: a report in, an assessment out. No clock, no network, nothing written; deterministic.

The result is assembled as plain data and validated into `Assessment` once at the end: one pass through
pydantic's compiled validator is several times faster than constructing each nested model, and it checks the
output against the model on every call.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from functools import cache, lru_cache
from typing import Any

from twitchcheck.core.assessment import ASSESSMENT_SCHEMA_ID, Assessment, SourceRef
from twitchcheck.core.errors import FieldProblem, InputError
from twitchcheck.core.facts import FACTS
from twitchcheck.core.report import Level, Report, parse_report
from twitchcheck.core.vocabulary import LEVEL_RANK
from twitchcheck.engine.answer import plain_answer, worry_note
from twitchcheck.engine.causes import ScoredCause, score_causes
from twitchcheck.engine.escalation import keep_floor, most_serious
from twitchcheck.engine.facts import derive_facts
from twitchcheck.engine.history import HistoryFacts, LinkedHistory
from twitchcheck.engine.plan import PlannedStep, baked, food_list, make_plan, stretch_list
from twitchcheck.engine.questions import next_questions
from twitchcheck.engine.render import fill
from twitchcheck.engine.triage import FiredFlag, TriageResult, triage
from twitchcheck.knowledge.loader import KnowledgeBase, load_knowledge
from twitchcheck.knowledge.model import Concept, RedFlag, SafetyNetSign

_FIGURES = tuple(name for name, spec in FACTS.items() if name.startswith("calc.") and spec.kind == "number")


def assess(
    report: Report | Mapping[str, Any],
    *,
    history: HistoryFacts | None = None,
    now: datetime | None = None,
    knowledge: KnowledgeBase | None = None,
    emergency_number: str | None = None,
    outside_signs: Sequence[str] = (),
) -> Assessment:
    """Assess a twitch report: triage level, red flags, ranked causes, plan, next questions, sources.

    `report` is the `twitchcheck/report/2` contract (or version 1, its subset) as a dict or a `Report`; an
    absent field means unknown.
    `history` is what the person's history adds (`engine.history.HistoryFacts`; the journal's is
    `journal.link.JournalFacts`, and `twitchcheck.assess` takes a journal's `History` as it is): what it
    recorded by `now` fills the fields the report leaves unknown and can only raise what the report says
    (docs/journal-analysis.md); the result then carries a `history` part. Without a history (or with an empty
    one) `now` only stamps the result, and with one `now` defaults to its latest entry. Deterministic.
    In an emergency the result lists no causes and no next questions: the plan is to get help.
    `emergency_number` replaces the knowledge base's generic wording ("112 in Europe, ...").
    `outside_signs`: ids of the knowledge base's safety-net signs (`kb.safety_net`), alarming features
    outside what twitchcheck assesses that were described with the report (a seizure, a snake bite...): each
    is reported under `warnings` as outside the tool's scope, and the level rises to the sign's.
    """
    kb = knowledge if knowledge is not None else load_knowledge()
    parsed = parse_report(report)
    signs = _safety_signs(kb, outside_signs)
    if history is not None:
        link = getattr(history, "link", None)
        if not callable(link):
            raise TypeError(
                f"history must provide link() (engine.history.HistoryFacts), not {type(history).__name__}; "
                "twitchcheck.assess takes a journal's History as it is"
            )
        linked: LinkedHistory | None = link(parsed, now, kb)
        if linked is not None:
            # The report alone is the floor: whatever the journal adds, the level and red flags it gives on
            # its own are kept (docs/journal-analysis.md).
            return assess_parsed(
                kb, linked.report, linked.now, emergency_number, linked.facts, linked.part, floor=parsed,
                signs=signs,
            )  # fmt: skip
    return assess_parsed(kb, parsed, now, emergency_number, None, None, signs=signs)


def _safety_signs(kb: KnowledgeBase, ids: Sequence[str]) -> tuple[SafetyNetSign, ...]:
    unknown = [sign for sign in ids if sign not in kb.safety_net]
    if unknown:
        problems = [FieldProblem("outside_signs", f"{sign!r} is not a safety-net sign") for sign in unknown]
        raise InputError(problems)
    return tuple(kb.safety_net[sign] for sign in dict.fromkeys(ids))


def assess_parsed(
    kb: KnowledgeBase,
    parsed: Report,
    now: datetime | None,
    emergency_number: str | None,
    extra_facts: Mapping[str, Any] | None,
    history_part: Mapping[str, Any] | None,
    *,
    floor: Report | None = None,
    no_twitch: bool = False,
    signs: Sequence[SafetyNetSign] = (),
) -> Assessment:
    """`assess` after parsing: `extra_facts` (the journal's `history.` facts) join the report's.

    `floor`: a report whose own level and red flags the result keeps (the one-off report merged with a
    journal); the summary then says so. `no_twitch`: the report's twitch is a placeholder (a journal with a
    warning sign logged but no twitch): only the red flags speak, with no causes, figures or questions.
    """
    facts = derive_facts(parsed, kb.constants, kb.region_areas)
    if extra_facts:
        facts.update(extra_facts)
    result = triage(kb, facts)
    floor_facts: dict[str, Any] | None = None
    kept: tuple[FiredFlag, ...] = ()
    if floor is not None:
        floor_facts = derive_facts(floor, kb.constants, kb.region_areas)
        result, kept = keep_floor(result, triage(kb, floor_facts))
    if signs:
        top = most_serious(sign.level for sign in signs)
        if top != result.level and most_serious((top, result.level)) == top:
            result = TriageResult(top, result.fired, result.undecided)
    # In an emergency the one thing to do is get help: a ranking of likely causes ("muscle fatigue 71%") next
    # to chest pain would only reassure falsely, so none is given (the contract allows an empty list).
    causes, undecided_signals = (
        score_causes(kb, facts) if result.level != "emergency" and not no_twitch else ([], frozenset())
    )

    labels = _labels(kb)
    facts["triage.level"] = result.level
    facts["triage.red_flag"] = bool(signs) or any(isinstance(item.flag, RedFlag) for item in result.fired)
    facts["plan.foods"] = _foods(kb)
    facts["plan.solid_foods"] = _solid_foods(kb)
    # Stretch the muscles that worked, and any twitching muscle that did not.
    regions = tuple(dict.fromkeys([*(facts.get("workout.worked_regions") or ()), *parsed.twitch.regions]))
    facts["plan.stretches"] = _stretches(kb, regions) or None
    facts["plan.emergency_number"] = emergency_number or kb.message("emergency_number")
    steps = make_plan(kb, facts, labels) if not no_twitch or result.level == "emergency" else []

    cited: dict[str, None] = {}
    kept_ids = {id(item) for item in kept}
    findings = [
        (item, _flag_finding(kb, item, floor_facts if id(item) in kept_ids and floor_facts else facts, cited))
        for item in result.fired
    ]
    red_flags = [finding for item, finding in findings if isinstance(item.flag, RedFlag)]
    warnings = [finding for item, finding in findings if not isinstance(item.flag, RedFlag)]
    warnings = [*(_sign_finding(kb, sign, cited) for sign in signs), *warnings]
    cause_findings = [_cause_finding(kb, item, facts, labels, cited) for item in causes]
    plan = [_plan_step(kb, step, cited) for step in steps] or [_fallback_step(kb, result.level, cited)]
    questions, unknowns_could_raise = (
        next_questions(kb, facts, result.level, result.undecided, undecided_signals)
        if not no_twitch
        else ([], False)
    )
    benign = _benign_match(kb, result, facts)
    summary = _summary(kb, result, benign, unknowns_could_raise)
    shown = [(sign.level, sign.title) for sign in signs] + [
        (item.level, item.flag.title) for item in result.fired
    ]
    top_sign = max(shown, key=lambda pair: LEVEL_RANK[pair[0]])[1] if shown else None
    answer = plain_answer(
        kb, result.level, top_sign, causes[0].cause.title if causes else None, benign,
        str(facts["plan.emergency_number"]),
    )  # fmt: skip
    answer_sources = _cite(cited, answer.sources)
    note = worry_note(kb, facts) if not no_twitch else None
    if note is not None:
        note["sources"] = _cite(cited, note["sources"])
    if kept:
        titles = "; ".join(item.flag.title for item in kept)
        summary += " " + kb.message("journal_kept_report").format(flags=titles)
    if no_twitch:
        summary = kb.message("journal_no_twitch_assessed") + " " + summary
    outside = [sign for sign in signs if sign.system != "unplaced"]
    if outside:
        titles = "; ".join(sign.title for sign in outside)
        summary = kb.message("outside_scope").format(signs=titles) + " " + summary
    if len(outside) < len(signs):
        summary = kb.message("second_opinion") + " " + summary
    refs = _source_refs(kb)
    return Assessment.model_validate(
        {
            "schema": ASSESSMENT_SCHEMA_ID,
            "triage": {
                "level": result.level,
                "summary": summary,
                "headline": kb.levels[result.level].headline,
            },
            "red_flags": red_flags,
            "warnings": warnings,
            "causes": cause_findings,
            "plan": plan,
            "next_questions": questions,
            "figures": {}
            if no_twitch
            else {name[5:]: round(float(facts[name]), 3) for name in _FIGURES if name in facts},
            "sources": [refs[source_id] for source_id in cited],
            "disclaimer": kb.message("disclaimer"),
            "assessed_at": now.isoformat() if now is not None else None,
            "history": history_part,
            "answer": {**answer.as_data(), "sources": answer_sources},
            "notes": [note] if note is not None else [],
        }
    )


def _sign_finding(kb: KnowledgeBase, sign: SafetyNetSign, cited: dict[str, None]) -> dict[str, Any]:
    unplaced = sign.system == "unplaced"  # the free-text reader's second opinion, not a sign outside scope
    message = "second_opinion_reason" if unplaced else "outside_scope_reason"
    reason = kb.message(message).format(level=kb.levels[sign.level].headline)
    return {
        "id": sign.id,
        "title": sign.title,
        "level": sign.level,
        "reason": f"{sign.summary} {reason}",
        "answers": [],
        "what_to_do": sign.what_to_do,
        "sources": _cite(cited, (reference.source for reference in sign.references)),
        "outside_scope": not unplaced,
    }


# Per-knowledge-base caches (a loaded base is immutable and hashed by identity).


@cache
def _labels(kb: KnowledgeBase) -> Mapping[str, str]:
    return {region_id: info.label for region_id, info in kb.regions.items()}


@cache
def _foods(kb: KnowledgeBase) -> str:
    return food_list(kb.foods)


@cache
def _solid_foods(kb: KnowledgeBase) -> str:
    # After overdrinking, salts come from food, not from another drink (coconut water is one).
    return food_list(tuple(food for food in kb.foods if not food.drink))


@lru_cache(maxsize=512)  # keyed by the person's regions: bounded, for a long-running server
def _stretches(kb: KnowledgeBase, regions: tuple[str, ...]) -> str:
    return stretch_list(kb.stretches, regions)


@cache
def _source_refs(kb: KnowledgeBase) -> Mapping[str, SourceRef]:
    # Model instances: validation passes them through without rebuilding them.
    refs: dict[str, SourceRef] = {}
    for source in kb.sources.values():
        refs[source.id] = SourceRef(
            id=source.id, title=source.title, publisher=source.publisher, year=source.year, url=source.url
        )
    return refs


# Pieces of the result


@cache
def _citations(kb: KnowledgeBase) -> Mapping[int, tuple[str, ...]]:
    """Source ids of every entry and signal, keyed by id() (models holding lists are unhashable)."""
    citations: dict[int, tuple[str, ...]] = {}
    for entry in (*kb.red_flags, *kb.warnings, *kb.causes, *kb.advice):
        citations[id(entry)] = tuple(dict.fromkeys(reference.source for reference in entry.references))
    for cause in kb.causes:
        for signal in cause.signals:
            citations[id(signal)] = tuple(signal.sources)
    return citations


def _cite(cited: dict[str, None], sources: Iterable[str]) -> list[str]:
    ids = list(dict.fromkeys(sources))
    cited.update(dict.fromkeys(ids))  # keeps the first-cited order of sources already there
    return ids


def _text(kb: KnowledgeBase, template: str, facts: Mapping[str, Any]) -> str:
    # `kb check` proves that every reason's placeholders are known when it shows; a MissingFact here is a
    # bug to surface, never raw {braces} to show a person.
    return fill(baked(kb, template), facts)


def _flag_finding(
    kb: KnowledgeBase, fired: FiredFlag, facts: Mapping[str, Any], cited: dict[str, None]
) -> dict[str, Any]:
    # Only the triggers at the flag's own level speak: an emergency flag must not also say "see a doctor
    # today".
    leading = [trigger for trigger in fired.triggers if trigger.level == fired.level]
    answers: dict[str, Any] = {}
    for trigger in leading:
        for name, value in trigger.when.explain(facts):
            answers.setdefault(name, round(value, 3) if isinstance(value, float) else value)
    flag = fired.flag
    return {
        "id": flag.id,
        "title": flag.title,
        "level": fired.level,
        "reason": " ".join(_text(kb, trigger.reason, facts) for trigger in leading),
        "answers": [{"field": name, "value": value} for name, value in answers.items()],
        "what_to_do": flag.what_to_do,
        "sources": _cite(cited, _citations(kb)[id(flag)]),
    }


def _cause_finding(
    kb: KnowledgeBase,
    item: ScoredCause,
    facts: Mapping[str, Any],
    labels: Mapping[str, str],
    cited: dict[str, None],
) -> dict[str, Any]:
    citations = _citations(kb)
    evidence: list[str] = []
    sources: list[str] = []
    for signal in item.signals:
        evidence.append(fill(baked(kb, signal.evidence), facts, labels))  # `kb check` proves it fills
        sources.extend(citations[id(signal)])
    sources.extend(citations[id(item.cause)])
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


def _plan_step(kb: KnowledgeBase, step: PlannedStep, cited: dict[str, None]) -> dict[str, Any]:
    return {
        "id": step.advice.id,
        "title": step.advice.title,
        "advice": step.text,
        "numbers": step.numbers,
        "sources": _cite(cited, _citations(kb)[id(step.advice)]),
    }


def _fallback_step(kb: KnowledgeBase, level: Level, cited: dict[str, None]) -> dict[str, Any]:
    # The contract needs a non-empty plan; the level's own action always applies.
    text = kb.levels[level]
    sources = _cite(cited, (reference.source for reference in text.references))
    return {"id": "monitor", "title": text.headline, "advice": text.action, "numbers": {}, "sources": sources}


@cache
def _benign_profile(kb: KnowledgeBase) -> Concept:
    return next(concept for concept in kb.concepts if concept.id == "benign_post_workout_profile")


def _benign_match(kb: KnowledgeBase, result: TriageResult, facts: Mapping[str, Any]) -> bool:
    benign = _benign_profile(kb)
    return not result.fired and benign.when is not None and benign.when.evaluate(facts) is True


def _summary(kb: KnowledgeBase, result: TriageResult, benign: bool, unknowns_could_raise: bool) -> str:
    parts = [kb.levels[result.level].summary]
    if result.fired:
        titles = "; ".join(item.flag.title for item in result.fired)
        parts.append(f"{kb.message('red_flags_found')} {titles}.")
    elif benign:
        parts.append(kb.message("benign_profile_match"))
    if unknowns_could_raise:
        parts.append(kb.message("unknowns_note"))
    return " ".join(parts)
