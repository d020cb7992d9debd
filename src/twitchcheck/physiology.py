"""Physiology calculators: pure functions of values, units in the names.

The figures they default to are not written here: they come from the knowledge base's `constants.yaml`, each
with its source, through `Constants`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Constants:
    """Reference figures the calculators use (loaded, with sources, from the knowledge base)."""

    rehydration_l_per_kg_lost: float
    sweat_rate_l_per_h: float
    sweat_sodium_mmol_per_l: float
    sodium_mg_per_mmol: float
    caffeine_half_life_h: float
    caffeine_single_dose_mg: float
    caffeine_single_dose_mg_per_kg: float
    caffeine_daily_mg: float
    caffeine_adolescent_daily_mg_per_kg: float
    caffeine_toxic_mg: float
    body_mass_loss_concern_pct: float
    # The journal's analyses (docs/journal-analysis.md).
    twitch_persistent_days: float
    post_workout_window_h: float
    twitch_episode_gap_days: float
    twitch_frequent_day_share: float
    journal_recent_days: float
    trend_window_days: float
    strength_decline_pct: float
    strength_min_readings: float
    strength_pair_days: float
    circumference_loss_cm: float
    circumference_stable_cm: float
    trend_record_days: float
    reading_outlier_pct: float
    trigger_habit_window_h: float
    acwr_high: float
    acwr_spike: float
    acwr_acute_days: float
    acwr_chronic_days: float
    short_sleep_h: float
    caffeine_trigger_window_h: float
    trigger_min_known_days: float
    trigger_min_group_days: float
    weighing_window_h: float


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
