"""The free-text lexicon: YAML in `text/data/`, validated by pydantic and compiled to regular expressions.

Phrase syntax (the same in every file): words match whole and case-insensitively; an apostrophe is optional
("can't" also matches "cant"); a space also matches a hyphen or several spaces; `word*` matches any ending
(`slur*`: slurs, slurred, slurring); `...` allows up to three words in between, within one sentence; `{name}`
is any word of the macro `name` (cues.yaml `macros`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from twitchcheck.report import Region, Report

DATA_DIR = Path(__file__).parent / "data"

Phrase = Annotated[str, Field(min_length=1)]
JsonValue = bool | int | float | str


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldPhrases(_Model):
    """Phrasings that set one report field to one value."""

    field: str
    value: JsonValue
    phrases: list[Phrase] = []
    uncertain_phrases: list[Phrase] = []
    effort_phrases: list[Phrase] = []
    false_phrases: list[Phrase] = []
    look_alikes: list[Phrase] = []
    """Phrasings that contain one of the field's but say something else ("wanted to vomit" is nausea, not
    vomiting): the longer phrasing wins, states nothing, and its words go to `ignored`."""
    unless_near: list[Phrase] = []
    near_scope: Literal["segment", "previous_sentence"] = "segment"
    """Where `unless_near` looks: the phrase's segment, or its sentence and the one before."""
    effort_sensitive: bool = False
    """Said of the effort and gone since ("during the sprints but fine now"), a phrase does not count."""
    when_negated: JsonValue | None = None
    """The value a negated phrase gives: `skip` to learn nothing; by default `not value` for a yes/no field
    and `skip` for any other."""

    @model_validator(mode="after")
    def _field_exists(self) -> FieldPhrases:
        _check_value(self.field, self.value)
        if self.when_negated not in (None, "skip"):
            _check_value(self.field, self.when_negated)
        return self


def _check_value(path: str, value: JsonValue) -> None:
    """The value must be valid for the report field at `path` (checked with the Report model itself)."""
    section, _, name = path.partition(".")
    sample: dict[str, Any] = {"twitch": {"regions": ["calf"], "duration_days": 1}}
    sample.setdefault(section, {})[name] = [value] if path == "context.medications" else value
    try:
        Report.model_validate(sample)
    except ValidationError as error:
        raise ValueError(f"{path} = {value!r} is not a valid report value: {error}") from None


class MeaningRule(_Model):
    """A warning sign told as a story: concepts found together in a clause or sentence set a field."""

    id: str
    field: str
    value: JsonValue
    scope: Literal["clause", "sentence", "pair"]
    """Where the concepts must be found together: one clause, one sentence, or a sentence and the next."""
    all: Annotated[list[str], Field(min_length=1)]
    any: list[list[str]] = []
    none: list[str] = []
    uncertain: bool = False
    effort_sensitive: bool = False
    near: Annotated[int, Field(ge=0, le=40)] = 6
    """At most this many words between one concept and the next."""
    of_part: tuple[str, str, str] | None = None
    """(part, said, other): the `said` concept is about the `part` concept unless an `other` part is named
    between them and not merely listed with it: "calf twitching, thigh pain, hands numb and tight" is not a
    tight calf; "calf and foot are tight" is."""

    @model_validator(mode="after")
    def _field_exists(self) -> MeaningRule:
        _check_value(self.field, self.value)
        if self.of_part is not None and not set(self.of_part[:2]) <= set(self.all):
            raise ValueError(f"of_part's part and what is said of it must be in all: {self.of_part[:2]}")
        return self


class SafetyNetPhrases(_Model):
    """The words of one safety-net sign (a sign of the knowledge base's safety_net/ folder)."""

    sign: str
    phrases: list[Phrase] = []
    together: list[list[list[Phrase]]] = []
    """Groups of words that state the sign when one of each is found close together in one sentence."""
    near: Annotated[int, Field(ge=0, le=40)] = 8
    pair: bool = False
    """`together` may also span a sentence and the next ("hit my head. There's clear fluid from my nose")."""


class Meaning(_Model):
    concepts: dict[str, list[Phrase]]
    rules: list[MeaningRule]

    @model_validator(mode="after")
    def _concepts_exist(self) -> Meaning:
        for rule in self.rules:
            used = [*rule.all, *(name for group in rule.any for name in group), *rule.none]
            unknown = sorted(set(used) - set(self.concepts))
            if unknown:
                raise ValueError(f"rule {rule.id}: unknown concepts {unknown}")
        return self


class Cues(_Model):
    negation_before: list[Phrase]
    negation_window_words: Annotated[int, Field(ge=1, le=8)]
    negation_after: list[Phrase]
    negation_stops: list[Phrase]
    pseudo_negation: list[Phrase]
    uncertainty: list[Phrase]
    # Hedges that soften a statement without doubting its direction: "not weak, I think" still says not weak.
    softeners: list[Phrase] = Field(default_factory=list)
    clause_breaks: list[Phrase]
    exertion_context: list[Phrase]
    recovered: list[Phrase]
    at_rest: list[Phrase]
    macros: dict[str, list[Phrase]]
    workout_words: list[Phrase]
    still_going: list[Phrase]
    present_words: list[Phrase] = Field(default_factory=list)
    same_time: list[Phrase] = Field(default_factory=list)
    sleep_words: list[Phrase]
    training_days: list[Phrase]
    break_words: list[Phrase]
    """A time beside these is a break from training ("six months off"), not the twitching."""
    habit_words: list[Phrase]
    """... or how long a habit or a part of life has gone on ("drunk coffee for years")."""
    current: list[Phrase]
    """Words that say a finding is there now, whatever else its segment says ("still", "again", "today")."""
    historical: list[Phrase]
    """A red-flag finding with one of these in its segment is told of the past ("back in high school")."""
    historical_days: Annotated[float, Field(gt=0)]
    """... as is one in a segment with a moment at least this many days ago ("last year", "in 2019")."""
    hypothetical: list[Phrase]
    """Before a finding in its clause: a sign named, not had ("signs of", "what if", "in case")."""
    plan_if: list[Phrase] = []
    """A plan's condition for coming back ("Return if persists >2/52, spreads or any weakness"): what it
    lists, to the end of its sentence, is not had yet (commas do not end it), and a time in it is not the
    twitching's."""
    asked_names: list[Phrase] = []
    """A condition's name that, asked about in a question ("is a twitch there ever a heart attack?", "mini
    stroke, lol?"), is the person's worry, not a sign they have..."""
    asking_if_now: list[Phrase] = []
    """... unless the question asks whether it is happening now ("am I having a heart attack?")."""
    other_person_history: list[Phrase]
    """In its segment: another person's history ("family history of", "my dad died of")."""
    asking_for_self: list[Phrase] = []
    """Words saying the writer asks about themselves, not the person they also tell of ("I'm asking about me,
    not her")..."""
    other_subjects: list[Phrase] = []
    """... then a sign with one of these as its subject ("my training partner fainted") is that person's."""
    recurring: list[Phrase]
    """A workout named with one of these is a habit ("after every run"), not one session to count from."""
    episode_passes: list[Phrase] = []
    """Words that say each episode is over by a set time ("all gone by Thursday teatime"): with a recurrence
    told anywhere, a span of years is how long the pattern has gone on, not one episode."""
    onset_words: list[Phrase]
    """Words that make a time about the twitching even without a twitch word ("it started 3 weeks ago")."""
    slight: list[Phrase] = []
    """Just before a weakness phrasing: a slight one ("a little weak", "a bit weaker")."""
    strength_kept: list[Phrase] = []
    """A test of strength the person did and passed ("I can still open jars", "squats with no problem",
    "strength was normal"): with it near, a slight or doubted weakness is a feeling, not weakness found."""


class RegionGroup(_Model):
    names: list[Phrase]
    regions: list[Region]


class RegionNames(_Model):
    names: dict[Region, list[Phrase]]
    groups: dict[str, RegionGroup]
    listed_only: dict[str, RegionGroup] = {}
    """Names too ambiguous alone ("back": "came back") that count in a list: "arms, back and face"."""
    worked_before: list[Phrase]
    worked_after: list[Phrase]


class WorkoutPhrases(_Model):
    phrases: list[Phrase]
    kind: Literal["strength", "endurance", "hiit", "sport", "other"] | None = None
    worked_regions: list[Region] = []
    generic: bool = False
    least_minutes: Annotated[float, Field(gt=0)] | None = None
    """The least time the event takes, taken as its length when none is said."""


class EffortPhrases(_Model):
    phrases: list[Phrase]
    rpe: Annotated[float, Field(ge=0, le=10)]


class Reference(_Model):
    source: str
    supports: Phrase


class Drink(_Model):
    id: str
    phrases: list[Phrase]
    caffeine_mg: Annotated[float, Field(gt=0, le=1000)]
    references: Annotated[list[Reference], Field(min_length=1)]


class Unit(_Model):
    names: list[Phrase]
    kind: Literal["volume", "mass", "caffeine"]
    factor: Annotated[float, Field(gt=0)]


class Container(_Model):
    names: list[Phrase]
    ml: Annotated[float, Field(gt=0)]


class TimeUnit(_Model):
    names: list[Phrase]
    days: Annotated[float, Field(gt=0)]


class Quantities(_Model):
    units: list[Unit]
    container_drinks: list[Phrase]
    containers: list[Container]
    numbers: dict[str, float]
    time_units: list[TimeUnit]
    moments: list[TimeUnit]
    fluid_context: list[Phrase]
    caffeine_context: list[Phrase]


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Every phrase list, validated; `pattern()` compiles a list once."""

    cues: Cues
    fields: tuple[FieldPhrases, ...]
    regions: RegionNames
    kb_region_names: Mapping[str, tuple[str, ...]]
    region_areas: Mapping[str, str]
    """Each region's body area (lower_limb, upper_limb, trunk, head), from the knowledge base."""
    workouts: tuple[WorkoutPhrases, ...]
    efforts: tuple[EffortPhrases, ...]
    drinks: tuple[Drink, ...]
    quantities: Quantities
    meaning: Meaning
    safety_net: tuple[SafetyNetPhrases, ...]

    def pattern(self, phrases: Sequence[str]) -> re.Pattern[str]:
        """One regular expression matching any of the phrases, longest first."""
        return _compile(self, tuple(phrases))


def drink_caffeine(name: str, servings: float = 1, lexicon: Lexicon | None = None) -> tuple[float, Drink]:
    """Caffeine in `servings` of a drink from the cited table (by id, "pre-workout" = pre_workout), and the
    drink with its references; KeyError for a drink not in the table."""
    drinks = {drink.id: drink for drink in (lexicon or load_lexicon()).drinks}
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    if key not in drinks:
        raise KeyError(name)
    drink = drinks[key]
    return round(drink.caffeine_mg * servings, 1), drink


class LexiconError(ValueError):
    """The lexicon data is invalid; the message names the file and every problem."""


def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@cache
def load_lexicon(root: Path = DATA_DIR, regions_file: Path | None = None) -> Lexicon:
    """Load and validate the lexicon (by default the packaged one), with the knowledge base's region names."""
    problems: list[str] = []

    def valid(model: type[Any], data: Any, where: str) -> Any:
        try:
            return model.model_validate(data)
        except ValidationError as error:
            for item in error.errors(include_url=False):
                problems.append(f"{where}: {'.'.join(map(str, item['loc']))}: {item['msg']}")
            return None

    cues = valid(Cues, _read(root / "cues.yaml"), "cues.yaml")
    fields = [
        valid(FieldPhrases, item, f"{name}[{index}]")
        for name in ("symptoms.yaml", "phrases.yaml")
        for index, item in enumerate(_read(root / name))
    ]
    regions = valid(RegionNames, _read(root / "regions.yaml"), "regions.yaml")
    raw_workouts = _read(root / "workouts.yaml")
    workouts = [
        valid(WorkoutPhrases, item, f"workouts.yaml workouts[{index}]")
        for index, item in enumerate(raw_workouts["workouts"])
    ]
    efforts = [
        valid(EffortPhrases, item, f"workouts.yaml efforts[{index}]")
        for index, item in enumerate(raw_workouts["efforts"])
    ]
    drinks = [
        valid(Drink, item, f"drinks.yaml[{index}]") for index, item in enumerate(_read(root / "drinks.yaml"))
    ]
    quantities = valid(Quantities, _read(root / "quantities.yaml"), "quantities.yaml")
    meaning = valid(Meaning, _read(root / "meaning.yaml"), "meaning.yaml")
    safety_net = [
        valid(SafetyNetPhrases, item, f"safety_net.yaml[{index}]")
        for index, item in enumerate(_read(root / "safety_net.yaml"))
    ]
    known_signs = {
        path.stem for path in (Path(__file__).parents[1] / "knowledge" / "data" / "safety_net").glob("*.yaml")
    }
    for entry in safety_net:
        if entry is not None and entry.sign not in known_signs:
            problems.append(
                f"safety_net.yaml: sign {entry.sign!r} is not in the knowledge base's safety_net/"
            )
    kb_regions = _read(regions_file or Path(__file__).parents[1] / "knowledge" / "data" / "regions.yaml")
    if problems:
        raise LexiconError("the free-text lexicon is invalid:\n" + "\n".join(f"  {p}" for p in problems))
    if cues is not None:
        for phrase in _all_phrases(
            fields, regions, workouts, efforts, drinks, quantities, cues, meaning, safety_net
        ):
            for macro in re.findall(r"\{(\w+)\}", phrase):
                if macro not in cues.macros:
                    problems.append(f"unknown macro {{{macro}}} in {phrase!r}")
    if problems:
        raise LexiconError("the free-text lexicon is invalid:\n" + "\n".join(f"  {p}" for p in problems))
    return Lexicon(
        cues=cues,
        fields=tuple(fields),
        regions=regions,
        kb_region_names={
            row["id"]: (row["id"].replace("_", " "), *row.get("everyday_names", [])) for row in kb_regions
        },
        region_areas={row["id"]: row["area"] for row in kb_regions},
        workouts=tuple(workouts),
        efforts=tuple(efforts),
        drinks=tuple(drinks),
        quantities=quantities,
        meaning=meaning,
        safety_net=tuple(safety_net),
    )


def _all_phrases(*parts: Any) -> list[str]:
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, BaseModel):
            walk(value.model_dump())
        elif isinstance(value, Mapping):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    for part in parts:
        walk(part)
    return found


_GAP_DENIES = r"(?:no|not|without|but|never|nothing|none|don'?t|didn'?t|doesn'?t|isn'?t|wasn'?t)(?![\w'])"
"""Words a gap may not pass: "chest ... pain" is not "chest but no pain" nor "chest, no pain"."""

_GAP = rf"(?:[\s,'\-]+(?!{_GAP_DENIES})[\w']+){{0,3}}?"
_SPACE = r"[\s\-'\"]+"  # a space, a hyphen or quotes between words ("'coca-cola' urine")
_AFTER_GAP = r"[\s,'\-]+"


def phrase_regex(phrase: str, macros: Mapping[str, Sequence[str]]) -> str:
    """The regular expression (without word boundaries at the ends) of one phrase."""
    parts: list[str] = []
    for word in phrase.lower().split():
        if word == "...":
            parts.append(_GAP)
            continue
        macro = re.fullmatch(r"\{(\w+)\}", word)
        if macro:
            options = sorted(macros[macro.group(1)], key=len, reverse=True)
            parts.append("(?:" + "|".join(phrase_regex(option, macros) for option in options) + ")")
            continue
        star = word.endswith("*") and len(word) > 1
        core = word[:-1] if star else word
        text = re.escape(core).replace("'", "'?")
        if "'" not in core and re.search(r"[a-z]nt$", core) and core not in _NOT_CONTRACTIONS:
            text = text[:-1] + "'?t"  # "cant" also matches "can't"
        elif core in _CONTRACTIONS:
            text = _CONTRACTIONS[core]  # "im" also matches "i'm", as people type it either way
        if core == "?":
            text = r"\?"
        parts.append(text + (r"[\w']*" if star else ""))
    regex = ""
    for index, part in enumerate(parts):
        if index and part != _GAP and parts[index - 1] != _GAP:
            regex += _SPACE
        elif index and part == _GAP:
            pass
        elif index and parts[index - 1] == _GAP:
            regex += _AFTER_GAP
        regex += part
    return regex


# Contractions a phrase may spell without the apostrophe, which still match with it (the normaliser keeps
# apostrophes). Only words that are not also words of their own ("ill", "id", "were", "well" are left out).
_CONTRACTIONS = {
    "im": "i'?m",
    "ive": "i'?ve",
    "youre": "you'?re",
    "theyre": "they'?re",
    "hes": "he'?s",
    "shes": "she'?s",
    "its": "it'?s",
    "thats": "that'?s",
    "theres": "there'?s",
    "whats": "what'?s",
}

_NOT_CONTRACTIONS = frozenset({"front", "point", "joint", "paint", "pint", "want", "event", "went", "spent"})


@cache
def _compile(lexicon: Lexicon, phrases: tuple[str, ...]) -> re.Pattern[str]:
    options = sorted({phrase_regex(phrase, lexicon.cues.macros) for phrase in phrases}, key=len, reverse=True)
    return re.compile(r"(?<![\w'])(?:" + "|".join(options) + r")(?![\w'])")
