"""The "today" check-in's presets (data/checkin_presets.yaml): drinks with their caffeine and volume, and
medicines and supplements with the medicine event's `kind`. Every caffeine figure cites sources.yaml."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field

from twitchcheck.core.vocabulary import MedicineKind


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PresetReference(_Model):
    source: str
    supports: str


class DrinkPreset(_Model):
    id: str
    label: str
    ml: Annotated[float, Field(gt=0, le=5000)]
    caffeine_mg: Annotated[float, Field(gt=0, le=1000)] | None = None
    electrolytes: bool | None = None
    references: list[PresetReference] = []


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
    """The presets, checked: a drink with caffeine must cite where its figure comes from."""
    raw = yaml.safe_load((Path(__file__).parent / "data" / "checkin_presets.yaml").read_text("utf-8"))
    presets = Presets.model_validate(raw)
    for drink in presets.drinks:
        if drink.caffeine_mg is not None and not drink.references:
            raise ValueError(f"checkin_presets.yaml: {drink.id}: a caffeine figure without a source")
    return presets
