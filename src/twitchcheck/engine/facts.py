"""Facts about one report: its known fields and the derived `calc.` figures (the registry is `core.facts`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from twitchcheck.core.constants import Constants
from twitchcheck.core.facts import model_of
from twitchcheck.core.report import Report
from twitchcheck.engine import physiology as phys

# Regions that never count toward "widespread": eyelid twitching is common and harmless in most people.
_IGNORED_FOR_SPREAD = frozenset({"eyelid"})

_SECTIONS = tuple(name for name in Report.model_fields if name != "schema_id")
_KEYS = {
    section: {
        name: f"{section}.{name}" for name in model_of(Report.model_fields[section].annotation).model_fields
    }
    for section in _SECTIONS
}


def derive_facts(report: Report, constants: Constants, region_areas: Mapping[str, str]) -> dict[str, Any]:
    """All facts about a report: its known fields plus the derived `calc.` figures. Pure."""
    facts: dict[str, Any] = {}
    for section in _SECTIONS:
        part = getattr(report, section)
        if part is None:
            continue
        keys = _KEYS[section]
        for name, value in part.__dict__.items():
            if value is not None:
                facts[keys[name]] = value
    _derive_workout(facts)
    _derive_hydration(facts, constants)
    _derive_caffeine(facts, constants)
    _derive_regions(report, facts, region_areas)
    return facts


def _derive_workout(facts: dict[str, Any]) -> None:
    duration_min = facts.get("workout.duration_min")
    if duration_min is not None:
        facts["calc.workout_hours"] = duration_min / 60.0
        rpe = facts.get("workout.rpe")
        if rpe is not None:
            facts["calc.session_load_au"] = phys.session_load_au(rpe, duration_min)


def _derive_hydration(facts: dict[str, Any], constants: Constants) -> None:
    before = facts.get("hydration.body_mass_before_kg")
    after = facts.get("hydration.body_mass_after_kg")
    fluid_ml = facts.get("hydration.fluid_ml")
    fluid_l = None if fluid_ml is None else fluid_ml / 1000.0
    if fluid_l is not None:
        facts["calc.fluid_l"] = fluid_l
    sweat_l: float | None = None
    if before is not None and after is not None:
        lost_kg = round(before - after, 9)
        facts["calc.body_mass_change_kg"] = after - before
        facts["calc.body_mass_loss_kg"] = lost_kg
        # Rounded so that a loss of exactly 2% compares as 2, not 2.0000000000000084 (float noise).
        facts["calc.body_mass_loss_pct"] = round(phys.body_mass_loss_pct(before, after), 9)
        facts["calc.rehydration_volume_l"] = phys.rehydration_volume_l(
            lost_kg, constants.rehydration_l_per_kg_lost
        )
        # Fluid drunk "during and since": an upper bound on what was drunk during the session.
        sweat_l = max(phys.sweat_loss_l(before, after, fluid_l or 0.0), 0.0)
        facts["calc.sweat_loss_measured"] = True
    elif (hours := facts.get("calc.workout_hours")) is not None:
        sweat_l = phys.estimated_sweat_loss_l(hours, constants.sweat_rate_l_per_h)
        facts["calc.sweat_loss_measured"] = False
    if sweat_l is not None:
        facts["calc.sweat_loss_l"] = sweat_l
        facts["calc.sweat_sodium_loss_mg"] = phys.sweat_sodium_loss_mg(
            sweat_l, constants.sweat_sodium_mmol_per_l, constants.sodium_mg_per_mmol
        )
        if fluid_l is not None and sweat_l > 0:
            facts["calc.fluid_replaced_pct"] = fluid_l / sweat_l * 100.0


def _derive_caffeine(facts: dict[str, Any], constants: Constants) -> None:
    caffeine_mg = facts.get("stimulants.caffeine_mg")
    if caffeine_mg is None:
        return
    mass_kg = facts.get("hydration.body_mass_before_kg") or facts.get("hydration.body_mass_after_kg")
    if mass_kg:
        facts["calc.caffeine_mg_per_kg"] = caffeine_mg / mass_kg
    hours = facts.get("stimulants.hours_since_last_caffeine")
    if hours is not None:
        facts["calc.caffeine_remaining_mg"] = phys.caffeine_remaining_mg(
            caffeine_mg, hours, constants.caffeine_half_life_h
        )


def _derive_regions(report: Report, facts: dict[str, Any], region_areas: Mapping[str, str]) -> None:
    twitching = [region for region in report.twitch.regions if region not in _IGNORED_FOR_SPREAD]
    facts["calc.twitch_body_area_count"] = len({region_areas[region] for region in twitching})
    worked = report.workout.worked_regions if report.workout is not None else None
    if worked is None:
        return
    unworked = [region for region in twitching if region not in worked]
    facts["calc.unworked_twitch_regions"] = unworked
    facts["calc.unworked_twitch_region_count"] = len(unworked)
    facts["calc.twitch_in_worked_regions_only"] = all(region in worked for region in report.twitch.regions)
