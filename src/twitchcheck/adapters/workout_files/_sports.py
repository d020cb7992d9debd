"""The sport table (`sports.yaml`): which kind of workout a sport named in a file is, and what it works."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from twitchcheck.core.errors import FieldProblem, InputError, problems_from
from twitchcheck.core.report import Region
from twitchcheck.core.vocabulary import WorkoutKind

SPORTS_FILE = Path(__file__).with_name("sports.yaml")

_NOT_A_NAME_CHAR = re.compile(r"[^a-z0-9]+")


def sport_key(name: str) -> str:
    """A sport name as the table keys it: `"E-Bike Ride"` -> `e_bike_ride`."""
    return _NOT_A_NAME_CHAR.sub("_", name.strip().lower()).strip("_")


class SportReference(BaseModel):
    """A source (an id in the knowledge base's sources.yaml) and what it supports in an entry."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    source: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    supports: Annotated[str, Field(min_length=1)]


class Sport(BaseModel):
    """One entry of the table."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    kind: WorkoutKind
    worked_regions: list[Region] | None = None
    names: Annotated[list[str], Field(min_length=1)]
    vague: bool = False
    references: list[SportReference] = []


@dataclass(frozen=True)
class Classified:
    """What a file's sport names mean: `kind` and `worked_regions` (None where unknown)."""

    kind: WorkoutKind | None
    worked_regions: tuple[Region, ...] | None
    sport_id: str | None


@dataclass(frozen=True)
class SportTable:
    """The validated table, keyed by normalised name."""

    by_name: Mapping[str, Sport]

    def classify(self, names: Iterable[str | None]) -> Classified:
        """The first specific sport among `names` (a file's most specific name first).

        No name at all: nothing is known, so kind stays unknown. Names that are in no entry: kind `other`.
        """
        keys = [sport_key(name) for name in names if name is not None and sport_key(name)]
        known = [self.by_name[key] for key in keys if key in self.by_name]
        chosen = next((sport for sport in known if not sport.vague), known[0] if known else None)
        if chosen is not None:
            regions = tuple(chosen.worked_regions) if chosen.worked_regions is not None else None
            return Classified(chosen.kind, regions, chosen.id)
        if keys and not all(key.isdigit() for key in keys):
            return Classified("other", None, None)
        return Classified(None, None, None)  # no sport named, or only a code we cannot read


def check_sports(data: Any, source: str = "sports.yaml") -> SportTable:
    """The table from parsed YAML; InputError naming every bad entry and field otherwise."""
    problems: list[FieldProblem] = []
    entries = data.get("sports") if isinstance(data, Mapping) else None
    if not isinstance(entries, list) or not entries:
        raise InputError([FieldProblem("sports", "must be a non-empty list of sports")], source)
    extra = sorted(set(data) - {"sports"})
    problems += [FieldProblem(key, "unknown field") for key in extra]
    sports: list[tuple[int, Sport]] = []
    for index, entry in enumerate(entries):
        try:
            sports.append((index, Sport.model_validate(entry)))
        except ValidationError as error:
            problems += [
                FieldProblem(f"sports[{index}].{p.field}".removesuffix(".(report)"), p.message)
                for p in problems_from(error)
            ]
    # Ids are checked on every entry, valid or not, so that one pass shows every problem.
    first_with_id: dict[object, int] = {}
    for index, entry in enumerate(entries):
        entry_id = entry.get("id") if isinstance(entry, Mapping) else None
        if isinstance(entry_id, str) and entry_id in first_with_id:
            message = f"duplicate id {entry_id!r} (also sports[{first_with_id[entry_id]}])"
            problems.append(FieldProblem(f"sports[{index}].id", message))
        first_with_id.setdefault(entry_id, index)
    by_name: dict[str, Sport] = {}
    for index, sport in sports:
        if sport.worked_regions is not None and len(set(sport.worked_regions)) != len(sport.worked_regions):
            problems.append(FieldProblem(f"sports[{index}].worked_regions", "regions must be unique"))
        if sport.worked_regions and not sport.references:
            problems.append(
                FieldProblem(f"sports[{index}].references", "give the source of the regions it works")
            )
        for position, name in enumerate(sport.names):
            where = f"sports[{index}].names[{position}]"
            if sport_key(name) != name:
                problems.append(FieldProblem(where, f"write it normalised, as {sport_key(name)!r}"))
            elif name in by_name:
                problems.append(FieldProblem(where, f"{name!r} is already a name of {by_name[name].id!r}"))
            else:
                by_name[name] = sport
    if problems:
        raise InputError(problems, source)
    return SportTable(by_name)


def load_sports(path: Path = SPORTS_FILE) -> SportTable:
    """The table from a YAML file (the shipped one by default)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise InputError([FieldProblem("(file)", f"cannot read: {error}")], str(path)) from None
    return check_sports(data, str(path))


@cache
def shipped_sports() -> SportTable:
    """The shipped table, loaded once."""
    return load_sports()
