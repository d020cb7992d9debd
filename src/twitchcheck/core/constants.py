"""The reference figures the calculators and analyses use: their names here, their values (each with its
source) in the knowledge base's `constants.yaml`."""

from __future__ import annotations

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
