"""Next questions: the unanswered report fields that could change the answer (none in an emergency).

A trigger or signal that evaluated to *unknown* could still fire; the report fields its condition reads and
the report leaves empty are worth asking. Triage-raising questions come first (most serious level first, and
within a level the answers that could settle it on their own), then those that would sharpen the causes. The
per-knowledge-base index is built once.

Also here: the order and skip logic of the interactive check, so every adapter asks the same way.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from twitchcheck.core.errors import InputError
from twitchcheck.core.facts import report_fields
from twitchcheck.core.report import REQUIRED_FIELDS, Level, parse_report
from twitchcheck.engine.facts import derive_facts
from twitchcheck.engine.triage import LEVEL_RANK, all_flags
from twitchcheck.knowledge.conditions import Condition
from twitchcheck.knowledge.loader import KnowledgeBase
from twitchcheck.knowledge.model import Question

MAX_NEXT_QUESTIONS = 12
"""Enough for every direct emergency question of a bare report (there are seven)."""


@dataclass(frozen=True, slots=True)
class _Candidate:
    condition: Condition
    rank: int  # 10 + level rank for red-flag triggers, 0 for cause signals
    entry_id: str
    title: str  # of the red flag or cause
    fields: tuple[str, ...]
    direct: frozenset[str]  # fields whose answer alone could fire it


@dataclass(frozen=True, slots=True)
class _Index:
    ranked: tuple[tuple[str, _Candidate], ...]
    keys: tuple[tuple[int, bool, int, int], ...]
    """The sort key of each pair of `ranked`: -rank, not direct, question order, candidate place."""
    first_when: tuple[tuple[str, Condition], ...]
    """Questions that rank as if direct when their condition holds."""
    """(field, candidate) in final order: rank, then fields that decide alone, then question order, then
    candidate order. A field's first open pair is its best-ranked one, so walking this list picks fields in
    the order they are shown."""
    by_field: Mapping[str, tuple[_Candidate, ...]]
    prompts: Mapping[str, str]
    level_summaries: Mapping[int, str]
    """By candidate rank: what an answer could mean, with `{signs}` left to fill (a question not answered
    is never said to need that level: only that an answer could)."""


def _direct_fields(condition: Condition) -> frozenset[str]:
    return frozenset(field for fact in condition.direct_facts() for field in report_fields(fact))


def _fields(condition: Condition) -> tuple[str, ...]:
    return tuple(
        dict.fromkeys(field for fact in sorted(condition.facts_used()) for field in report_fields(fact))
    )


@cache
def _index(kb: KnowledgeBase) -> _Index:
    questions = {question.id: question for question in kb.questions if question.status != "deprecated"}

    def make(condition: Condition, rank: int, entry_id: str, title: str) -> _Candidate:
        fields = tuple(field for field in _fields(condition) if field in questions)
        return _Candidate(condition, rank, entry_id, title, fields, _direct_fields(condition))

    triggers = [
        make(trigger.when, 10 + LEVEL_RANK[trigger.level], flag.id, flag.title)
        for flag in all_flags(kb)
        for trigger in flag.triggers
    ]
    signals = [
        (signal.weight, make(signal.when, 0, cause.id, cause.title))
        for cause in kb.causes
        for signal in cause.signals
    ]
    ordered = [
        *sorted(triggers, key=lambda item: -item.rank),
        *(item for _, item in sorted(signals, key=lambda pair: -pair[0])),
    ]
    pairs = [
        (item.rank, field not in item.direct, questions[field].order, place, field, item)
        for place, item in enumerate(ordered)
        for field in item.fields
    ]
    pairs.sort(key=lambda pair: (-pair[0], *pair[1:4]))
    by_field: dict[str, list[_Candidate]] = {}
    for candidate in ordered:
        for field in candidate.fields:
            by_field.setdefault(field, []).append(candidate)
    return _Index(
        ranked=tuple((field, candidate) for *_, field, candidate in pairs),
        keys=tuple((-rank, indirect, order, place) for rank, indirect, order, place, _, _ in pairs),
        first_when=tuple(
            (question.id, question.first_when)
            for question in questions.values()
            if question.first_when is not None
        ),
        by_field={field: tuple(items) for field, items in by_field.items()},
        prompts={field: question.prompt for field, question in questions.items()},
        level_summaries={
            10 + LEVEL_RANK[level]: kb.say("next_question_could_mean", signs="{signs}", level=text.headline)
            for level, text in kb.levels.items()
        },
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
        # Nothing can raise it, and questions about causes would only delay the call for help.
        return [], False
    index = _index(kb)
    floor = 10 + LEVEL_RANK[level]
    open_conditions = set().union(*undecided)
    chosen: dict[str, _Candidate] = {}
    ranked: Iterable[tuple[str, _Candidate]] = index.ranked
    if isinstance(known, Mapping) and index.first_when:
        boosted = {
            field for field, when in index.first_when if field not in known and when.evaluate(known) is True
        }
        if boosted:
            keyed = [
                ((key[0], key[1] and pair[0] not in boosted, *key[2:]), pair)
                for key, pair in zip(index.keys, index.ranked, strict=True)
            ]
            ranked = [pair for _, pair in sorted(keyed, key=lambda item: item[0])]
    for field, candidate in ranked:
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
            signs = "; ".join(titles[:1] + [title[:1].lower() + title[1:] for title in titles[1:]])
            why = index.level_summaries[first.rank].replace("{signs}", signs)
        else:
            why = f"It would show whether {' or '.join(title.lower() for title in titles)} plays a part."
        shown.append(
            {"field": field, "question": index.prompts[field], "why": why, "could_change": could_change}
        )
    return shown, any(candidate.rank > 0 for candidate in chosen.values())


# The interactive check

Answers = Mapping[str, Mapping[str, Any]]
"""Answers so far, shaped like a report: {"symptoms": {"chest_pain": False}}."""


@cache
def interview_order(kb: KnowledgeBase) -> tuple[Question, ...]:
    """The questions in the order to ask them.

    The required fields first; then every group holding a question whose answer alone can reveal an
    emergency (so that no warning sign waits behind routine questions); then the other groups, each group in
    the order of its first question.
    """
    questions = [question for question in kb.questions if question.status != "deprecated"]
    urgent_fields = {
        field
        for flag in all_flags(kb)
        for trigger in flag.triggers
        if trigger.level == "emergency"
        for field in _direct_fields(trigger.when)
    }
    group_start: dict[str, int] = {}
    for question in questions:
        group_start[question.group] = min(group_start.get(question.group, question.order), question.order)
    urgent_groups = {question.group for question in questions if question.id in urgent_fields}

    def key(question: Question) -> tuple[int, int, int, str]:
        if question.id in REQUIRED_FIELDS:
            return 0, 0, question.order, question.id
        stage = 1 if question.group in urgent_groups else 2
        return stage, group_start[question.group], question.order, question.id

    return tuple(sorted(questions, key=key))


def is_assessable(answers: Answers) -> bool:
    """Whether the answers include every field a report requires."""
    return all(field.split(".", 1)[1] in answers.get(field.split(".", 1)[0], {}) for field in REQUIRED_FIELDS)


def should_ask(kb: KnowledgeBase, question: Question, answers: Answers) -> bool:
    """Whether to ask `question` now: its `ask_when` is not false on the answers so far (unknown: ask)."""
    if question.ask_when is None:
        return True
    return question.ask_when.evaluate(answer_facts(kb, answers)) is not False


def answer_facts(kb: KnowledgeBase, answers: Answers) -> Mapping[str, Any]:
    """What conditions can read from the answers so far: all derived facts once they form a valid report."""
    if is_assessable(answers):
        try:
            return derive_facts(parse_report(answers), kb.constants, kb.region_areas)
        except InputError:
            pass  # not a valid report yet: the plain answers below still let most conditions decide
    return {f"{section}.{name}": value for section, part in answers.items() for name, value in part.items()}
