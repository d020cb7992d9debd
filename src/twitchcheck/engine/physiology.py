"""Physiology calculators: pure functions of values, units in the names.

The figures they default to are not written here: they come from the knowledge base's `constants.yaml`, each
with its source, through `core.constants.Constants`.
"""

from __future__ import annotations

import math


def body_mass_loss_pct(before_kg: float, after_kg: float) -> float:
    """Body mass lost over a session as % of the starting mass (negative when mass was gained)."""
    return (before_kg - after_kg) / before_kg * 100.0


def sweat_loss_l(
    before_kg: float, after_kg: float, fluid_drunk_l: float = 0.0, urine_l: float = 0.0
) -> float:
    """Sweat lost in a session: mass before - after + fluid drunk - urine passed (1 kg of water = 1 L)."""
    return before_kg - after_kg + fluid_drunk_l - urine_l


def estimated_sweat_loss_l(duration_h: float, sweat_rate_l_per_h: float) -> float:
    """Sweat lost when no weighing was done: duration times a typical sweat rate."""
    return duration_h * sweat_rate_l_per_h


def rehydration_volume_l(mass_lost_kg: float, l_per_kg_lost: float) -> float:
    """Fluid to drink after a session to make up a body-mass loss (0 when nothing was lost)."""
    return max(mass_lost_kg, 0.0) * l_per_kg_lost


def sweat_sodium_loss_mg(sweat_l: float, sodium_mmol_per_l: float, mg_per_mmol: float) -> float:
    """Sodium lost in sweat, in mg."""
    return max(sweat_l, 0.0) * sodium_mmol_per_l * mg_per_mmol


def caffeine_remaining_mg(dose_mg: float, hours_since_dose: float, half_life_h: float) -> float:
    """Caffeine still in the body from a dose taken `hours_since_dose` ago (first-order elimination)."""
    return dose_mg * math.pow(0.5, hours_since_dose / half_life_h)


def session_load_au(rpe: float, duration_min: float) -> float:
    """Session-RPE training load in arbitrary units: CR-10 rating times minutes."""
    return rpe * duration_min
