"""Load the knowledge base from YAML, collecting every problem with its file and line."""

from __future__ import annotations

import re
import string
import typing
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from twitchcheck.core.assessment import RedFlagId
from twitchcheck.core.constants import Constants
from twitchcheck.core.facts import FACTS, with_implied
from twitchcheck.core.report import LEVELS, REGIONS, REQUIRED_FIELDS, Level
from twitchcheck.core.vocabulary import SYMPTOMS
from twitchcheck.knowledge.cache import cached
from twitchcheck.knowledge.model import (
    ENTRY_KINDS,
    FOLDER_KINDS,
    Advice,
    Cause,
    CodedConcept,
    Concept,
    ConstantValue,
    Entry,
    Food,
    LevelText,
    Message,
    PlausibleRange,
    Question,
    RedFlag,
    Reference,
    RegionInfo,
    SafetyNetSign,
    Source,
    Stretch,
    WarningSign,
)
from twitchcheck.knowledge.wording import fill

DATA_DIR = Path(__file__).parent / "data"

# What the contracts and the seed fix: the knowledge base must carry exactly these.
CONTRACT_RED_FLAGS = frozenset(typing.get_args(RedFlagId))
REQUIRED_CAUSES = frozenset(
    {"muscle_fatigue", "electrolyte_imbalance", "dehydration", "metabolic_stress", "stimulants",
     "sleep_loss", "medication"}
)  # fmt: skip
REQUIRED_ADVICE = frozenset(
    {"hydrate", "replenish_electrolytes", "stretch_cool_down", "rest_recover", "reduce_stimulants",
     "call_emergency", "see_doctor_today", "book_doctor", "monitor"}
)  # fmt: skip
REQUIRED_MESSAGES = frozenset(
    {
        "disclaimer", "benign_profile_match", "unknowns_note", "red_flags_found", "emergency_number",
        # The plain answer that leads every result (engine.answer).
        "answer_likely_sign", "answer_likely_cause", "answer_likely_benign", "answer_likely_unclear",
        "answer_now_emergency", *(f"answer_escalate_{level}" for level in LEVELS),
    }
)  # fmt: skip
REQUIRED_CONCEPTS = frozenset({"benign_post_workout_profile"})  # the engine's self-care summary uses it
REQUIRED_QUESTIONS = frozenset(REQUIRED_FIELDS)  # nothing can be assessed without them
PLAN_VARIABLES = frozenset({"plan.foods", "plan.solid_foods", "plan.stretches", "plan.emergency_number"})
ALWAYS_SET_PLAN_VARIABLES = frozenset(
    {"plan.foods", "plan.solid_foods", "plan.emergency_number"}
)  # plan.stretches may be empty
# What codes.yaml may code (`codes_for`), besides the journal's symptoms and the red flags.
CODED_OBSERVATIONS = frozenset(
    {"body_weight", "grip_strength_left", "grip_strength_right", "rpe", "exercise_duration",
     "fluid_intake_24h"}
)  # fmt: skip
CODED_FINDINGS = frozenset({"twitch", "painful_cramps"})


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with the knowledge base, where it is, and what."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class KnowledgeError(Exception):
    """The knowledge base has problems; `problems` lists every one."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass(frozen=True, eq=False)  # identity equality: a loaded base is hashed by identity for caches
class KnowledgeBase:
    """Every knowledge entry, validated, with its conditions compiled."""

    root: Path
    sources: Mapping[str, Source]
    red_flags: tuple[RedFlag, ...]
    warnings: tuple[WarningSign, ...]
    causes: tuple[Cause, ...]
    advice: tuple[Advice, ...]
    concepts: tuple[Concept, ...]
    stretches: tuple[Stretch, ...]
    levels: Mapping[Level, LevelText]
    questions: tuple[Question, ...]
    constants: Constants
    constant_entries: Mapping[str, ConstantValue]
    foods: tuple[Food, ...]
    regions: Mapping[str, RegionInfo]
    messages: Mapping[str, Message]
    locations: Mapping[tuple[str, str], tuple[str, int]] = field(repr=False)
    case_lines: Mapping[tuple[str, str, str, int], int] = field(repr=False, default_factory=dict)
    """Line of each must-fire / must-not-fire case: (kind, id, group, index) -> line."""
    codes: Mapping[str, CodedConcept] = field(default_factory=dict)
    """codes.yaml: clinical codes (LOINC, SNOMED CT, ICD-10-CM, HPO) by concept id."""
    plausible: Mapping[str, PlausibleRange] = field(default_factory=dict)
    safety_net: Mapping[str, SafetyNetSign] = field(default_factory=dict)
    """safety_net/: alarming features outside what twitchcheck assesses, by id (docs/triage-policy.md)."""
    """plausible.yaml: the range of each journal measurement taken without a confirmation, by id."""

    def plausible_range(self, event: str, qualifier: str) -> PlausibleRange | None:
        """The range of a strength test (`strength_test`, `grip`) or a site (`circumference`, `calf`)."""
        return self.plausible.get(f"{event}_{qualifier}")

    def codes_for(self, target: str) -> tuple[CodedConcept, ...]:
        """The concepts that code `target` (`observation.body_weight`, `symptom.weakness`, `red_flag.x`)."""
        return tuple(concept for concept in self.codes.values() if target in concept.codes_for)

    @property
    def region_areas(self) -> Mapping[str, str]:
        """Body area of each region."""
        return _region_areas(self)

    def entries(self) -> Iterator[Entry]:
        """Every entry, in a stable order."""
        yield from self.levels.values()
        yield from self.concepts
        yield from self.red_flags
        yield from self.warnings
        yield from self.causes
        yield from self.advice
        yield from self.stretches
        yield from self.questions

    def find(self, entry_id: str) -> list[Entry]:
        """Entries with this id (ids are unique within a kind, not across kinds)."""
        return [entry for entry in self.entries() if entry.id == entry_id]

    def message(self, message_id: str) -> str:
        """The text of a message entry."""
        return self.messages[message_id].text

    def say(self, message_id: str, /, **values: Any) -> str:
        """A message entry with its placeholders filled (`knowledge.wording`: `{n:#test}` -> "1 test")."""
        return fill(self.messages[message_id].text, **values)


@cache
def _region_areas(kb: KnowledgeBase) -> Mapping[str, str]:
    return {region_id: info.area for region_id, info in kb.regions.items()}


def load_knowledge(root: Path | str | None = None) -> KnowledgeBase:
    """Load and validate the knowledge base (by default the packaged one); KnowledgeError lists problems."""
    if root is None:
        return _load_default()
    kb, problems = _load(Path(root))
    if problems or kb is None:
        raise KnowledgeError(problems)
    return kb


@cache
def _load_default() -> KnowledgeBase:
    def load() -> KnowledgeBase:
        kb, problems = _load(DATA_DIR)
        if problems or kb is None:
            raise KnowledgeError(problems)
        return kb

    return cached(DATA_DIR, load, KnowledgeBase)


def load_with_problems(root: Path) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Load what can be loaded and return it with every problem found (for `kb check`)."""
    return _load(root)


# YAML with line numbers


@dataclass
class _Doc:
    path: Path
    rel: str
    data: Any
    lines: dict[tuple[Any, ...], int]

    def line(self, loc: Sequence[Any]) -> int:
        key = tuple(loc)
        while key and key not in self.lines:
            key = key[:-1]
        return self.lines.get(key, 1)


def _read_yaml(path: Path, rel: str, problems: list[Problem]) -> _Doc | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(rel, 1, f"cannot read: {error}"))
        return None
    loader = yaml.CSafeLoader(text) if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problems.append(Problem(rel, line, f"invalid YAML: {getattr(error, 'problem', error)}"))
        return None
    finally:
        loader.dispose()
    lines: dict[tuple[Any, ...], int] = {}
    if node is not None:
        _walk(node, (), lines)
    return _Doc(path, rel, data, lines)


def _walk(node: yaml.Node, path: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, key.value)
            lines[child] = key.start_mark.line + 1
            _walk(value, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines)


_CONDITION_PATH = re.compile(r"^Value error, ((?:[a-z_]+(?:\[\d+\])?\.?)+): ")
M = TypeVar("M", bound=BaseModel)


def _validate(
    model: type[M],
    data: Any,
    doc: _Doc,
    prefix: tuple[Any, ...],
    problems: list[Problem],
    context: dict[str, Any] | None = None,
) -> M | None:
    try:
        return model.model_validate(data, context=context)
    except ValidationError as error:
        for item in error.errors():
            loc = (*prefix, *item["loc"])
            message = item["msg"]
            match = _CONDITION_PATH.match(message)
            if match:  # a condition error: point at the exact line inside the condition
                for part in match.group(1).split("."):
                    name, _, index = part.partition("[")
                    loc = (*loc, name, int(index[:-1])) if index else (*loc, name)
                message = message[len("Value error, ") :]
            elif message.startswith("Value error, "):
                message = message[len("Value error, ") :]
            where = ".".join(str(part) for part in (*prefix, *item["loc"])) or "(entry)"
            problems.append(Problem(doc.rel, doc.line(loc), f"{where}: {message}"))
        return None


# Loading


def _load(root: Path) -> tuple[KnowledgeBase | None, list[Problem]]:
    problems: list[Problem] = []
    if not root.is_dir():
        return None, [Problem(str(root), 1, "not a directory")]

    def rel(path: Path) -> str:
        return str(path.relative_to(root))

    # Constants first: conditions may name them ({const: caffeine_daily_mg}) instead of repeating a figure.
    constant_entries, constants = _load_constants(root / "constants.yaml", rel, problems)
    context = {
        "constants": {name: value.value for name, value in (constant_entries or ({}, None))[0].items()}
    }

    entries: dict[str, list[tuple[Entry, _Doc]]] = {kind: [] for kind in ENTRY_KINDS}
    for folder, kind in FOLDER_KINDS.items():
        for path in sorted((root / folder).glob("*.yaml")):
            doc = _read_yaml(path, rel(path), problems)
            if doc is None:
                continue
            if not isinstance(doc.data, dict):
                problems.append(Problem(doc.rel, 1, "an entry is a YAML mapping"))
                continue
            if doc.data.get("kind") != kind:
                problems.append(
                    Problem(
                        doc.rel,
                        doc.line(("kind",)),
                        f"kind: expected {kind!r} in {folder}/, found {doc.data.get('kind')!r}",
                    )
                )
                continue
            entry = _validate(ENTRY_KINDS[kind], doc.data, doc, (), problems, context)
            if entry is None:
                continue
            expected_name = entry.id.replace(".", "_") + ".yaml"
            if path.name != expected_name:
                problems.append(
                    Problem(
                        doc.rel,
                        doc.line(("id",)),
                        f"id {entry.id!r}: the file should be named {expected_name}",
                    )
                )
            entries[kind].append((entry, doc))

    sources = _load_table(root / "sources.yaml", Source, rel, problems)
    foods = _load_table(root / "foods.yaml", Food, rel, problems)
    plausible = _load_table(root / "plausible.yaml", PlausibleRange, rel, problems)
    regions = _load_table(root / "regions.yaml", RegionInfo, rel, problems)
    messages = _load_table(root / "messages.yaml", Message, rel, problems)
    codes = _load_codes(root / "codes.yaml", rel, problems)

    locations: dict[tuple[str, str], tuple[str, int]] = {}
    case_lines: dict[tuple[str, str, str, int], int] = {}
    for kind, items in entries.items():
        seen: dict[str, str] = {}
        for entry, doc in items:
            if entry.id in seen:
                problems.append(
                    Problem(
                        doc.rel,
                        doc.line(("id",)),
                        f"duplicate {kind} id {entry.id!r} (also in {seen[entry.id]})",
                    )
                )
            seen[entry.id] = doc.rel
            locations[(kind, entry.id)] = (doc.rel, 1)
            for group in ("must_fire", "must_not_fire"):
                for index in range(len(getattr(getattr(entry, "cases", None), group, []))):
                    case_lines[(kind, entry.id, group, index)] = doc.line(("cases", group, index))
            _check_entry(entry, doc, sources[0], problems)

    tables: list[tuple[Mapping[str, BaseModel], _Doc | None]] = [sources, foods, plausible, regions, messages]
    for rows, doc in tables:
        if doc is None:
            continue
        positions = {row.get("id"): index for index, row in enumerate(doc.data) if isinstance(row, dict)}
        for row_id, row in rows.items():
            index = positions.get(row_id, 0)
            for ref_index, reference in enumerate(getattr(row, "references", [])):
                _check_reference(reference, doc, (index, "references", ref_index), sources[0], problems)
            if isinstance(row, Food) and row.source not in sources[0]:
                where = doc.line((index, "source"))
                problems.append(Problem(doc.rel, where, f"unknown source {row.source!r}"))
    if constant_entries is not None and sources[1] is not None:
        doc = constant_entries[1]
        for name, value in constant_entries[0].items():
            for ref_index, reference in enumerate(value.references):
                _check_reference(reference, doc, (name, "references", ref_index), sources[0], problems)

    _check_coverage(entries, regions[0], messages[0], problems)
    if codes is not None:
        red_flag_ids = {entry.id for entry, _ in entries["red_flag"]}
        _check_codes(*codes, sources[0], red_flag_ids, problems)
    if problems or constants is None:
        return None, problems

    by_id = {kind: [entry for entry, _ in items] for kind, items in entries.items()}
    kb = KnowledgeBase(
        root=root,
        sources=sources[0],
        red_flags=tuple(sorted(_typed(by_id["red_flag"], RedFlag), key=lambda flag: flag.id)),
        warnings=tuple(sorted(_in_use(_typed(by_id["warning"], WarningSign)), key=lambda flag: flag.id)),
        causes=tuple(sorted(_in_use(_typed(by_id["cause"], Cause)), key=lambda cause: cause.id)),
        advice=tuple(
            sorted(_in_use(_typed(by_id["advice"], Advice)), key=lambda advice: (advice.priority, advice.id))
        ),
        concepts=tuple(_in_use(_typed(by_id["concept"], Concept))),
        stretches=tuple(_in_use(_typed(by_id["stretch"], Stretch))),
        levels={level.level: level for level in _typed(by_id["level"], LevelText)},
        questions=tuple(
            sorted(_typed(by_id["question"], Question), key=lambda question: (question.order, question.id))
        ),
        constants=constants,
        constant_entries=constant_entries[0] if constant_entries else {},
        foods=tuple(foods[0].values()),
        regions=regions[0],
        messages=messages[0],
        locations=locations,
        case_lines=case_lines,
        codes=codes[0] if codes else {},
        plausible=plausible[0],
        safety_net={sign.id: sign for sign in _in_use(_typed(by_id["safety_net"], SafetyNetSign))},
    )
    return kb, problems


E = TypeVar("E")


def _typed(items: list[Entry], kind: type[E]) -> list[E]:
    return [item for item in items if isinstance(item, kind)]


def _in_use(items: list[E]) -> list[E]:
    """Deprecated entries are still checked, but no longer used."""
    return [item for item in items if getattr(item, "status", None) != "deprecated"]


def _load_table(
    path: Path, model: type[M], rel: Any, problems: list[Problem]
) -> tuple[dict[str, M], _Doc | None]:
    doc = _read_yaml(path, rel(path), problems) if path.exists() else None
    if doc is None:
        if not path.exists():
            problems.append(Problem(path.name, 1, "missing file"))
        return {}, None
    if not isinstance(doc.data, list):
        problems.append(Problem(doc.rel, 1, "expected a list of entries"))
        return {}, doc
    items: dict[str, M] = {}
    for index, raw in enumerate(doc.data):
        item = _validate(model, raw, doc, (index,), problems)
        if item is None:
            continue
        item_id = str(getattr(item, "id"))  # noqa: B009 - every table model has an id
        if item_id in items:
            problems.append(Problem(doc.rel, doc.line((index, "id")), f"duplicate id {item_id!r}"))
        items[item_id] = item
    return items, doc


def _load_constants(
    path: Path, rel: Any, problems: list[Problem]
) -> tuple[tuple[dict[str, ConstantValue], _Doc] | None, Constants | None]:
    doc = _read_yaml(path, rel(path), problems) if path.exists() else None
    if doc is None:
        if not path.exists():
            problems.append(Problem(path.name, 1, "missing file"))
        return None, None
    if not isinstance(doc.data, dict):
        problems.append(Problem(doc.rel, 1, "expected a mapping of constant name to value"))
        return None, None
    values: dict[str, ConstantValue] = {}
    for name, raw in doc.data.items():
        value = _validate(ConstantValue, raw, doc, (name,), problems)
        if value is not None:
            values[name] = value
    wanted = set(Constants.__dataclass_fields__)
    for name in sorted(wanted - set(values)):
        if name not in doc.data:
            problems.append(Problem(doc.rel, 1, f"missing constant {name!r}"))
    for name in sorted(set(values) - wanted):
        problems.append(Problem(doc.rel, doc.line((name,)), f"unknown constant {name!r}"))
    if wanted - set(values):
        return (values, doc), None
    return (values, doc), Constants(**{name: values[name].value for name in wanted})


def _load_codes(path: Path, rel: Any, problems: list[Problem]) -> tuple[dict[str, CodedConcept], _Doc] | None:
    doc = _read_yaml(path, rel(path), problems) if path.exists() else None
    if doc is None:
        if not path.exists():
            problems.append(Problem(path.name, 1, "missing file"))
        return None
    if not isinstance(doc.data, dict):
        problems.append(Problem(doc.rel, 1, "expected a mapping of concept id to its codes"))
        return None
    concepts: dict[str, CodedConcept] = {}
    for name, raw in doc.data.items():
        if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            message = f"concept id {name!r}: use lower_case_with_underscores"
            problems.append(Problem(doc.rel, doc.line((name,)), message))
            continue
        concept = _validate(CodedConcept, raw, doc, (name,), problems)
        if concept is not None:
            concepts[name] = concept
    return concepts, doc


def _check_codes(
    concepts: Mapping[str, CodedConcept],
    doc: _Doc,
    sources: Mapping[str, Source],
    red_flag_ids: set[str],
    problems: list[Problem],
) -> None:
    known = {
        "observation": CODED_OBSERVATIONS,
        "symptom": frozenset(SYMPTOMS),
        "finding": CODED_FINDINGS,
        "red_flag": red_flag_ids,
    }
    coded_by: dict[str, str] = {}
    for name, concept in concepts.items():
        for index, coding in enumerate(concept.codings):
            if coding.source not in sources:
                where = doc.line((name, "codings", index, "source"))
                problems.append(Problem(doc.rel, where, f"unknown source {coding.source!r}"))
        systems = [coding.system for coding in concept.codings]
        if len(set(systems)) != len(systems):
            message = f"{name}: one code per code system"
            problems.append(Problem(doc.rel, doc.line((name, "codings")), message))
        for index, target in enumerate(concept.codes_for):
            kind, _, item = target.partition(".")
            where = doc.line((name, "codes_for", index))
            if item not in known[kind]:
                problems.append(Problem(doc.rel, where, f"{name}: codes_for {target!r}: no such {kind}"))
            # A red flag may be coded by several concepts (bulbar: swallowing and speech); a measurement,
            # symptom or finding by one, or an export could not tell which code to use.
            elif kind != "red_flag" and target in coded_by:
                problems.append(
                    Problem(doc.rel, where, f"{name}: {target!r} is already coded by {coded_by[target]!r}")
                )
            coded_by.setdefault(target, name)


def _check_reference(
    reference: Reference,
    doc: _Doc,
    loc: tuple[Any, ...],
    sources: Mapping[str, Source],
    problems: list[Problem],
) -> None:
    if reference.source not in sources:
        problems.append(Problem(doc.rel, doc.line((*loc, "source")), f"unknown source {reference.source!r}"))


def _check_entry(entry: Entry, doc: _Doc, sources: Mapping[str, Source], problems: list[Problem]) -> None:
    for index, reference in enumerate(entry.references):
        _check_reference(reference, doc, ("references", index), sources, problems)
    if isinstance(entry, Cause):
        for index, signal in enumerate(entry.signals):
            for source_index, source in enumerate(signal.sources):
                if source not in sources:
                    where = ("signals", index, "sources", source_index)
                    problems.append(Problem(doc.rel, doc.line(where), f"unknown source {source!r}"))
            _check_template(
                signal.evidence, doc, ("signals", index, "evidence"), problems, signal.when.required_known()
            )
    if isinstance(entry, RedFlag | WarningSign):
        for index, trigger in enumerate(entry.triggers):
            _check_template(
                trigger.reason, doc, ("triggers", index, "reason"), problems, trigger.when.required_known()
            )
    if isinstance(entry, Advice):
        for index, variant in enumerate(entry.variants):
            _check_template(variant.text, doc, ("variants", index, "text"), problems)
        # The last wording must always work, or the step silently vanishes from the plan.
        last = len(entry.variants) - 1
        fallback = entry.variants[last]
        if fallback.when is not None:
            problems.append(
                Problem(doc.rel, doc.line(("variants", last, "when")), "the last variant must have no `when`")
            )
        _check_template(
            fallback.text,
            doc,
            ("variants", last, "text"),
            problems,
            entry.when.required_known() | ALWAYS_SET_PLAN_VARIABLES,
        )
    if isinstance(entry, RedFlag) and entry.status == "deprecated":
        problems.append(
            Problem(doc.rel, doc.line(("status",)), "a red flag of the contract cannot be deprecated")
        )
    if isinstance(entry, Question):
        _check_question(entry, doc, problems)
    cases = getattr(entry, "cases", None)
    has_condition = (
        isinstance(entry, RedFlag | WarningSign | Cause | Advice) or getattr(entry, "when", None) is not None
    )
    if (
        has_condition
        and entry.status in ("stable", "test")
        and (cases is None or not cases.must_fire or not cases.must_not_fire)
    ):
        problems.append(
            Problem(
                doc.rel,
                doc.line(("cases",)),
                f"status {entry.status}: needs at least one must_fire and one must_not_fire case",
            )
        )


def _check_template(
    text: str, doc: _Doc, loc: tuple[Any, ...], problems: list[Problem], known: frozenset[str] | None = None
) -> None:
    """Placeholders must name facts; with `known`, each must be certain to be known when the text is shown."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as error:
        problems.append(Problem(doc.rel, doc.line(loc), f"{'.'.join(map(str, loc))}: bad template: {error}"))
        return
    for name in fields:
        if name not in FACTS and name not in PLAN_VARIABLES:
            problems.append(
                Problem(doc.rel, doc.line(loc), f"{'.'.join(map(str, loc))}: unknown placeholder {{{name}}}")
            )
        elif known is not None and name not in with_implied(known):
            problems.append(
                Problem(
                    doc.rel,
                    doc.line(loc),
                    f"{'.'.join(map(str, loc))}: {{{name}}} may be unknown when this shows; "
                    "make the condition require it",
                )
            )


# Which answer kinds fit which fact kinds (see Question.answer).
_ANSWER_KINDS = {
    "bool": {"bool"},
    "enum": {"choice"},
    "number": {"number", "integer"},
    "list": {"regions", "choices"},
}


def _check_question(question: Question, doc: _Doc, problems: list[Problem]) -> None:
    spec = FACTS.get(question.id)
    if spec is None or question.id.startswith(("calc.", "triage.")):
        problems.append(Problem(doc.rel, doc.line(("id",)), f"id {question.id!r} is not a report field"))
        return
    if question.answer not in _ANSWER_KINDS[spec.kind]:
        problems.append(
            Problem(
                doc.rel,
                doc.line(("answer",)),
                f"answer {question.answer!r} does not fit {question.id}, a {spec.kind} "
                f"(use one of {sorted(_ANSWER_KINDS[spec.kind])})",
            )
        )
    if question.answer in ("choice", "choices") and not question.options:
        problems.append(Problem(doc.rel, doc.line(("answer",)), f"answer {question.answer!r} needs options"))
    if question.options and spec.values is not None:
        bad = [option.value for option in question.options if option.value not in spec.values]
        if bad:
            problems.append(
                Problem(doc.rel, doc.line(("options",)), f"options {bad!r} are not values of {question.id}")
            )


def _check_coverage(
    entries: Mapping[str, list[tuple[Entry, _Doc]]],
    regions: Mapping[str, RegionInfo],
    messages: Mapping[str, Message],
    problems: list[Problem],
) -> None:
    def ids(kind: str) -> set[str]:
        return {entry.id for entry, _ in entries[kind]}

    for kind, folder, wanted, exact in (
        ("red_flag", "red_flags", CONTRACT_RED_FLAGS, True),
        ("cause", "causes", REQUIRED_CAUSES, False),
        ("advice", "advice", REQUIRED_ADVICE, False),
        ("level", "levels", frozenset(LEVELS), True),
        ("question", "questions", REQUIRED_QUESTIONS, False),
        ("concept", "concepts", REQUIRED_CONCEPTS, False),
    ):
        for missing in sorted(wanted - ids(kind)):
            problems.append(
                Problem(f"{folder}/", 1, f"missing {kind} {missing!r} (required by the contract)")
            )
        if exact:
            for extra in sorted(ids(kind) - wanted):
                problems.append(
                    Problem(f"{folder}/{extra}.yaml", 1, f"{kind} {extra!r} is not in the contract's enum")
                )
    for clash in sorted(ids("warning") & CONTRACT_RED_FLAGS):
        problems.append(Problem(f"warnings/{clash}.yaml", 1, f"warning {clash!r} has a contract red-flag id"))
    for missing in sorted(set(REGIONS) - set(regions)):
        problems.append(Problem("regions.yaml", 1, f"missing region {missing!r}"))
    for missing in sorted(REQUIRED_MESSAGES - set(messages)):
        problems.append(Problem("messages.yaml", 1, f"missing message {missing!r}"))
