"""Facts: what the knowledge base's conditions can read about a report.

Every report field is a fact under its dotted path (`symptoms.dark_urine`). Derived facts live under `calc.`
and are computed by `engine.facts.derive_facts` with the physiology calculators. An unknown fact is simply
absent from the mapping. This registry, `FACTS`, lets the knowledge loader type-check every condition before
anything runs.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from twitchcheck.core.constants import Constants
from twitchcheck.core.report import LEVELS, REGIONS, REQUIRED_FIELDS, Report
from twitchcheck.core.vocabulary import SYMPTOMS

SYMPTOM_NAMES: tuple[str, ...] = SYMPTOMS
"""The report's symptoms, which are also the journal's symptom events (`vocabulary.SYMPTOMS`)."""

FactKind = Literal["bool", "number", "enum", "list"]


@dataclass(frozen=True, slots=True)
class FactSpec:
    """What a fact is: its kind, allowed values, and the report fields it comes from."""

    name: str
    kind: FactKind
    description: str
    values: tuple[str, ...] | None = None
    depends_on: tuple[str, ...] = ()
    implies: tuple[str, ...] = ()
    """Facts that `derive_facts` always sets whenever it sets this one."""


def _report_specs() -> dict[str, FactSpec]:
    specs: dict[str, FactSpec] = {}
    for section, info in Report.model_fields.items():
        if section == "schema_id":
            continue
        model = model_of(info.annotation)
        for name, field in model.model_fields.items():
            path = f"{section}.{name}"
            kind, values = _kind_of(field.annotation)
            specs[path] = FactSpec(path, kind, field.description or f"report field {path}", values, (path,))
    return specs


def _strip_optional(annotation: Any) -> Any:
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return options[0]
    return annotation


def model_of(annotation: Any) -> type[BaseModel]:
    model = _strip_optional(annotation)
    assert isinstance(model, type)
    assert issubclass(model, BaseModel)
    return model


def _kind_of(annotation: Any) -> tuple[FactKind, tuple[str, ...] | None]:
    inner = _strip_optional(annotation)
    if typing.get_origin(inner) is typing.Annotated:
        inner = typing.get_args(inner)[0]
    if inner is bool:
        return "bool", None
    if inner in (int, float):
        return "number", None
    if typing.get_origin(inner) is Literal:
        return "enum", tuple(typing.get_args(inner))
    if typing.get_origin(inner) is list:
        (item,) = typing.get_args(inner)
        return "list", tuple(typing.get_args(item))
    raise TypeError(f"no fact kind for {annotation!r}")  # pragma: no cover - caught by the registry test


_HYD = "hydration."
_DERIVED = [
    FactSpec(
        "calc.workout_hours",
        "number",
        "Workout duration in hours.",
        None,
        ("workout.duration_min",),
        ("workout.duration_min",),
    ),
    FactSpec(
        "calc.session_load_au",
        "number",
        "Session-RPE load (RPE x minutes).",
        None,
        ("workout.rpe", "workout.duration_min"),
    ),
    FactSpec(
        "calc.body_mass_change_kg",
        "number",
        "Body mass after minus before the session (kg).",
        None,
        (_HYD + "body_mass_before_kg", _HYD + "body_mass_after_kg"),
    ),
    FactSpec(
        "calc.body_mass_loss_kg",
        "number",
        "Body mass lost over the session (kg; negative = gained).",
        None,
        (_HYD + "body_mass_before_kg", _HYD + "body_mass_after_kg"),
    ),
    FactSpec(
        "calc.body_mass_loss_pct",
        "number",
        "Body mass lost over the session, % (negative = gained).",
        None,
        (_HYD + "body_mass_before_kg", _HYD + "body_mass_after_kg"),
        (
            "calc.body_mass_loss_kg",
            "calc.body_mass_change_kg",
            "calc.rehydration_volume_l",
            "calc.sweat_loss_l",
            "calc.sweat_sodium_loss_mg",
            _HYD + "body_mass_before_kg",
            _HYD + "body_mass_after_kg",
        ),
    ),
    FactSpec(
        "calc.fluid_l", "number", "Fluid drunk during the workout and since (L).", None, (_HYD + "fluid_ml",)
    ),
    FactSpec(
        "calc.sweat_loss_l",
        "number",
        "Sweat lost: measured from body mass and fluid when weighed, otherwise estimated from duration.",
        None,
        (
            _HYD + "body_mass_before_kg",
            _HYD + "body_mass_after_kg",
            _HYD + "fluid_ml",
            "workout.duration_min",
        ),
        ("calc.sweat_sodium_loss_mg", "calc.sweat_loss_measured"),
    ),
    FactSpec(
        "calc.sweat_loss_measured",
        "bool",
        "Whether the sweat loss comes from weighing.",
        None,
        (_HYD + "body_mass_before_kg", _HYD + "body_mass_after_kg"),
    ),
    FactSpec(
        "calc.fluid_replaced_pct",
        "number",
        "Fluid drunk as % of the sweat lost.",
        None,
        # Weighing before and after gives the sweat loss, so asking for it sharpens this figure too.
        (
            _HYD + "fluid_ml",
            "workout.duration_min",
            _HYD + "body_mass_before_kg",
            _HYD + "body_mass_after_kg",
        ),
        ("calc.fluid_l", "calc.sweat_loss_l", "calc.sweat_sodium_loss_mg", _HYD + "fluid_ml"),
    ),
    FactSpec(
        "calc.rehydration_volume_l",
        "number",
        "Fluid to drink to make up the body mass lost (L).",
        None,
        (_HYD + "body_mass_before_kg", _HYD + "body_mass_after_kg"),
        ("calc.body_mass_loss_kg", "calc.body_mass_loss_pct", "calc.body_mass_change_kg"),
    ),
    FactSpec(
        "calc.sweat_sodium_loss_mg",
        "number",
        "Sodium lost in sweat (mg, estimated).",
        None,
        ("workout.duration_min", _HYD + "body_mass_before_kg", _HYD + "body_mass_after_kg"),
        ("calc.sweat_loss_l", "calc.sweat_loss_measured"),
    ),
    FactSpec(
        "calc.caffeine_mg_per_kg",
        "number",
        "Caffeine in the last 24 h per kg of body mass.",
        None,
        ("stimulants.caffeine_mg", _HYD + "body_mass_before_kg"),
        ("stimulants.caffeine_mg",),
    ),
    FactSpec(
        "calc.caffeine_remaining_mg",
        "number",
        "Caffeine still in the body now, upper bound (all of it taken at the last dose).",
        None,
        ("stimulants.caffeine_mg", "stimulants.hours_since_last_caffeine"),
        ("stimulants.caffeine_mg", "stimulants.hours_since_last_caffeine"),
    ),
    FactSpec(
        "calc.twitch_in_worked_regions_only",
        "bool",
        "Every twitching region was worked.",
        None,
        ("twitch.regions", "workout.worked_regions"),
    ),
    FactSpec(
        "calc.unworked_twitch_regions",
        "list",
        "Twitching regions that were not worked (eyelid aside).",
        REGIONS,
        ("twitch.regions", "workout.worked_regions"),
    ),
    FactSpec(
        "calc.unworked_twitch_region_count",
        "number",
        "How many twitching regions were not worked (eyelid aside).",
        None,
        ("twitch.regions", "workout.worked_regions"),
    ),
    FactSpec(
        "calc.twitch_body_area_count",
        "number",
        "How many body areas (lower limb, upper limb, trunk, head) twitch, eyelid aside.",
        None,
        ("twitch.regions",),
    ),
    FactSpec("triage.level", "enum", "The triage level (readable by plan entries only).", LEVELS, ()),
    FactSpec(
        "triage.red_flag",
        "bool",
        "A red flag of the contract, or a sign outside what twitchcheck assesses, fired (readable by plan "
        "entries and the notes a result shows).",
        None,
        (),
    ),
    # Set only when `assess` is given a journal (`history=`); absent, so unknown, for a one-off report.
    FactSpec(
        "history.load_spike",
        "bool",
        "The journal's rolling acute:chronic load ratio is at the spike threshold or above.",
        None,
        (),
        ("history.acute_chronic_ratio",),
    ),
    FactSpec(
        "history.frequent_twitching",
        "bool",
        "The journal shows twitching (whatever explained it) on more than half of the days over more than "
        "the persistence limit, ending recently.",
        None,
        (),
        ("history.frequent_twitch_days", "history.frequent_calendar_days"),
    ),
    FactSpec("history.frequent_twitch_days", "number", "Twitch days in that stretch.", None, ()),
    FactSpec("history.frequent_calendar_days", "number", "Days in that stretch.", None, ()),
    FactSpec(
        "history.possible_weakness",
        "bool",
        "A journal strength test fell a lot, but with too few tests or in one step: a decline to retest.",
        None,
        (),
        ("history.possible_weakness_tests",),
    ),
    FactSpec("history.possible_weakness_tests", "list", "Those tests and their fall, in words.", None, ()),
    FactSpec(
        "history.widespread",
        "bool",
        "The journal shows two or more recent twitching regions that no workout explained (eyelid aside).",
        None,
        (),
        ("history.unexplained_regions",),
    ),
    FactSpec(
        "history.unexplained_regions",
        "list",
        "Those regions, by their everyday names.",
        None,
        (),
    ),
    FactSpec(
        "history.resolved_warning_sign",
        "bool",
        "A symptom logged present in the journal's recent window was logged absent later.",
        None,
        (),
        ("history.resolved_warning_signs", "history.resolved_symptoms"),
    ),
    FactSpec(
        "history.resolved_symptoms",
        "list",
        "The symptoms logged present in the journal's recent window and absent later.",
        SYMPTOM_NAMES,
        (),
        ("history.resolved_warning_signs",),
    ),
    FactSpec(
        "history.resolved_warning_signs",
        "list",
        "Each such symptom with the dates it was logged present and absent, in words.",
        None,
        (),
    ),
    FactSpec(
        "history.acute_chronic_ratio",
        "number",
        "The journal's rolling acute:chronic training-load ratio now (last 7 days over last 28).",
        None,
        (),
    ),
]

_CONSTANTS = tuple(f"const.{name}" for name in Constants.__dataclass_fields__)
_CONSTANT_SPECS = [
    FactSpec(name, "number", "A reference figure from constants.yaml (cited there).") for name in _CONSTANTS
]

FACTS: Mapping[str, FactSpec] = {
    **_report_specs(),
    **{spec.name: spec for spec in _DERIVED},
    **{spec.name: spec for spec in _CONSTANT_SPECS},
}
"""Every fact a condition may read, by name."""


ALWAYS_KNOWN = frozenset({*REQUIRED_FIELDS, "calc.twitch_body_area_count", *_CONSTANTS})
"""Facts every report has: the contract requires them, the area count follows from them, and the reference
figures (`const.*`) come with the knowledge base (texts have them baked in once, see `bake_constants`)."""


def with_implied(known: frozenset[str]) -> frozenset[str]:
    """`known` plus every fact that knowing them guarantees, plus the facts every report has."""
    extra = {implied for name in known if name in FACTS for implied in FACTS[name].implies}
    return known | extra | ALWAYS_KNOWN


def report_fields(fact: str) -> tuple[str, ...]:
    """The report fields a fact is computed from."""
    spec = FACTS.get(fact)
    return spec.depends_on if spec is not None else ()
