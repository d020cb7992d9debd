"""Next questions: the unanswered report fields that could change the answer (none in an emergency).

A trigger or signal that evaluated to *unknown* could still fire; the report fields its condition reads and
the report leaves empty are worth asking. Triage-raising questions come first (most serious level first), then
those that would sharpen the causes. The per-knowledge-base index is built once.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from twitchcheck.engine.triage import LEVEL_RANK
from twitchcheck.facts import report_fields
from twitchcheck.knowledge.conditions import Condition
from twitchcheck.knowledge.loader import KnowledgeBase
from twitchcheck.report import Level

MAX_NEXT_QUESTIONS = 5


@dataclass(frozen=True, slots=True)
class _Candidate:
    condition: Condition
    rank: int  # 10 + level rank for red-flag triggers, 0 for cause signals
    entry_id: str
    title: str  # of the red flag or cause
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Index:
    ranked: tuple[tuple[str, _Candidate], ...]
    """(field, candidate) in final order: rank, then question order, then candidate order. A field's first
    open pair is its highest-ranked one, so walking this list picks fields in the order they are shown."""
    by_field: Mapping[str, tuple[_Candidate, ...]]
    prompts: Mapping[str, str]
    level_summaries: Mapping[int, str]  # by candidate rank


def _fields(condition: Condition) -> tuple[str, ...]:
    return tuple(
        dict.fromkeys(field for fact in sorted(condition.facts_used()) for field in report_fields(fact))
    )


@cache
def _index(kb: KnowledgeBase) -> _Index:
    questions = {question.id: question for question in kb.questions if question.status != "deprecated"}
    triggers = [
        _Candidate(
            trigger.when,
            10 + LEVEL_RANK[trigger.level],
            flag.id,
            flag.title,
            tuple(field for field in _fields(trigger.when) if field in questions),
        )
        for flag in kb.red_flags
        for trigger in flag.triggers
    ]
    signals = [
        (
            signal.weight,
            _Candidate(
                signal.when,
                0,
                cause.id,
                cause.title,
                tuple(field for field in _fields(signal.when) if field in questions),
            ),
        )
        for cause in kb.causes
        for signal in cause.signals
    ]
    ordered = [
        *sorted(triggers, key=lambda candidate: -candidate.rank),
        *(candidate for _, candidate in sorted(signals, key=lambda item: -item[0])),
    ]
    pairs = [
        (candidate.rank, questions[field].order, place, field, candidate)
        for place, candidate in enumerate(ordered)
        for field in candidate.fields
    ]
    pairs.sort(key=lambda pair: (-pair[0], pair[1], pair[2]))
    by_field: dict[str, list[_Candidate]] = {}
    for candidate in ordered:
        for field in candidate.fields:
            by_field.setdefault(field, []).append(candidate)
    return _Index(
        ranked=tuple((field, candidate) for _, _, _, field, candidate in pairs),
        by_field={field: tuple(items) for field, items in by_field.items()},
        prompts={field: question.prompt for field, question in questions.items()},
        level_summaries={10 + LEVEL_RANK[level]: text.summary for level, text in kb.levels.items()},
    )


def next_questions(
    kb: KnowledgeBase,
    known: Collection[str],
    level: Level,
    *undecided: Iterable[Condition],
) -> tuple[list[dict[str, Any]], bool]:
    """The questions worth asking (at most MAX_NEXT_QUESTIONS), and whether any of them could raise the level.

    `known` holds the facts the report gives; `undecided`, the conditions of triggers and signals that came
    out unknown.
    """
    if level == "emergency":
        return (
            [],
            False,
        )  # nothing can raise it, and questions about causes would only delay the call for help
    index = _index(kb)
    floor = 10 + LEVEL_RANK[level]
    open_conditions = set().union(*undecided)
    chosen: dict[str, _Candidate] = {}
    for field, candidate in index.ranked:
        if 0 < candidate.rank <= floor or field in chosen or field in known:
            continue
        if candidate.condition in open_conditions:
            chosen[field] = candidate
            if len(chosen) == MAX_NEXT_QUESTIONS:
                break
    shown = []
    for field, first in chosen.items():
        could_change = [first.entry_id]
        titles = [first.title]  # every red flag (or cause) at the top rank that this answer could reveal
        for candidate in index.by_field[field]:
            if (
                candidate.entry_id not in could_change
                and candidate.condition in open_conditions
                and not 0 < candidate.rank <= floor
            ):
                could_change.append(candidate.entry_id)
                if candidate.rank == first.rank and candidate.title not in titles:
                    titles.append(candidate.title)
        if first.rank:
            why = f"{'; '.join(titles)}: {index.level_summaries[first.rank]}"
        else:
            why = f"It would show whether {' or '.join(title.lower() for title in titles)} plays a part."
        shown.append(
            {"field": field, "question": index.prompts[field], "why": why, "could_change": could_change}
        )
    return shown, any(candidate.rank > 0 for candidate in chosen.values())
