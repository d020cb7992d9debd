"""The "today" check-in's presets (data/checkin_presets.yaml): drinks with their volume, and medicines and
supplements with the medicine event's `kind`. A drink's caffeine is not written again here: it names its
drink in the cited caffeine table (drinks.yaml, which the free-text reader uses too), and takes the figure
and its references from there."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field

from twitchcheck.core.vocabulary import MedicineKind
from twitchcheck.text.lexicon import Reference, drink_caffeine


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DrinkPreset(_Model):
    id: str
    label: str
    ml: Annotated[float, Field(gt=0, le=5000)]
    caffeine_of: str | None = None
    """The drink in drinks.yaml whose cited caffeine figure this is (one serving)."""
    electrolytes: bool | None = None
    caffeine_mg: float | None = None
    """Filled from `caffeine_of` when the presets are loaded."""
    references: tuple[Reference, ...] = ()
    """Filled from `caffeine_of` when the presets are loaded."""


class MedicinePreset(_Model):
    id: str
    label: str
    name: str
    kind: MedicineKind


class Presets(_Model):
    drinks: list[DrinkPreset]
    medicines: list[MedicinePreset]


@cache
def checkin_presets() -> Presets:
    """The presets, with each drink's caffeine and its references from the cited caffeine table."""
    raw = yaml.safe_load((Path(__file__).parent / "data" / "checkin_presets.yaml").read_text("utf-8"))
    presets = Presets.model_validate(raw)
    drinks = []
    for drink in presets.drinks:
        if drink.caffeine_mg is not None or drink.references:
            raise ValueError(
                f"checkin_presets.yaml: {drink.id}: name the drink with caffeine_of, not a figure"
            )
        if drink.caffeine_of is not None:
            try:
                mg, cited = drink_caffeine(drink.caffeine_of)
            except KeyError:
                raise ValueError(
                    f"checkin_presets.yaml: {drink.id}: no drink {drink.caffeine_of!r} in drinks.yaml"
                ) from None
            drink = drink.model_copy(update={"caffeine_mg": mg, "references": cited.references})
        drinks.append(drink)
    return presets.model_copy(update={"drinks": drinks})
