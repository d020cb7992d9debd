"""Triggers: a planted association is found with an interval that excludes zero; short journals say so."""

from __future__ import annotations

import random
from datetime import date

import pytest

from twitchcheck import KnowledgeBase
from twitchcheck.journal.analysis import triggers
from twitchcheck.journal.findings import trigger_findings
from twitchcheck.journal.scenarios import JournalBuilder

START = date(2026, 5, 4)


def planted(days: int, seed: int = 1) -> JournalBuilder:
    """Afternoon coffee on a random half of the days; twitching that evening on 80% of those, else 10%. A
    drink is logged every evening, so the days without a twitch were logged by the same habit as the
    others."""
    rng = random.Random(seed)
    journal = JournalBuilder(START)
    for day in range(days):
        journal.sleep(day, 7.5 if rng.random() < 0.5 else 5.0)
        journal.fluid(day, 20.5, 250)
        coffee = rng.random() < 0.5
        if coffee:
            journal.caffeine(day, 15, 150)
        if rng.random() < (0.8 if coffee else 0.1):
            journal.twitch(day, hour=21, regions=["eyelid"])
    return journal


def test_a_planted_caffeine_association_is_found(kb: KnowledgeBase) -> None:
    journal = planted(90)
    result = triggers(journal.history(), journal.moment(89, 23), kb.constants)
    assert result.days_observed == 90
    caffeine = next(factor for factor in result.factors if factor.factor == "caffeine")
    assert caffeine.enough_data
    assert caffeine.risk_difference_ci is not None
    assert caffeine.risk_difference_ci[0] > 0
    assert caffeine.associated
    assert caffeine.risk_ratio_ci is not None
    assert caffeine.risk_ratio_ci[0] > 1
    sleep = next(factor for factor in result.factors if factor.factor == "short_sleep")
    assert sleep.enough_data
    assert not sleep.associated  # sleep was random: its interval should include zero (for this seed it does)


def test_a_short_journal_has_not_enough_data(kb: KnowledgeBase) -> None:
    journal = planted(10)
    result = triggers(journal.history(), journal.moment(9, 23), kb.constants)
    assert all(not factor.enough_data for factor in result.factors)
    texts = trigger_findings(result, kb)
    assert all(text["finding"].startswith("Not enough data yet") for text in texts)
    assert "14 days" in texts[0]["finding"]


def test_unlogged_factors_are_unknown_not_absent(kb: KnowledgeBase) -> None:
    journal = JournalBuilder(START)
    for day in range(30):
        journal.twitch(day, regions=["calf"]) if day % 2 else journal.sleep(day, 8)
    result = triggers(journal.history(), journal.moment(29, 23), kb.constants)
    caffeine = next(factor for factor in result.factors if factor.factor == "caffeine")
    assert caffeine.known_days == 0
    fluid = next(factor for factor in result.factors if factor.factor == "fluid_deficit")
    assert fluid.known_days == 0
    assert all(day.caffeine is None for day in result.table)


def test_the_coffee_window_of_a_day_without_twitching_is_the_usual_twitch_time(kb: KnowledgeBase) -> None:
    journal = JournalBuilder(START)
    journal.twitch(0, hour=21).twitch(1, hour=21).caffeine(2, 8, 100).caffeine(3, 10, 100)
    journal.sleep(0, 7).sleep(1, 7)  # a check-in on the twitch days too
    journal.fluid(2, 20, 250).fluid(3, 20, 250)  # and in the evening of the days without a twitch
    table = triggers(journal.history(), journal.moment(3, 23), kb.constants).table
    # Before the first caffeine log caffeine is unknown. Day 2: coffee 13 h before 21:00 is outside the 12 h
    # window; day 3: 11 h before is inside.
    assert [day.caffeine for day in table] == [None, None, False, True]


def test_the_same_session_every_other_day_is_never_high_load(kb: KnowledgeBase) -> None:
    journal = JournalBuilder(START)
    for day in range(40):
        if day % 2 == 0:
            journal.workout(day, rpe=6, duration_min=60)
            journal.twitch(day)
        journal.sleep(day, 7.5)
    result = triggers(journal.history(), journal.moment(39, 23), kb.constants)
    load = next(factor for factor in result.factors if factor.factor == "high_load")
    assert load.days_with == 0  # every two-day window holds one identical session: nothing stands out
    assert not load.enough_data


def test_a_day_with_only_a_twitch_logged_is_not_a_row(kb: KnowledgeBase) -> None:
    # Finding 10: every twitch day was a row, but a twitch-free day only when something else was logged, which
    # filled the "without" groups with twitch days.
    journal = JournalBuilder(START)
    for day in range(20):
        journal.twitch(day, regions=["calf"])  # twitching every day...
        if day % 2 == 0:
            journal.sleep(day, 8)  # ...but a check-in only every other day
    result = triggers(journal.history(), journal.moment(19, 23), kb.constants)
    assert [day.day.day for day in result.table] == [START.day + day for day in range(0, 20, 2)]
    assert result.days_observed == 10
    assert all(day.twitch for day in result.table)


def logging_habit_artifact(days: int = 120, seed: int = 7) -> JournalBuilder:
    """Coffee every morning and random twitching, but the logging follows the twitch: on a twitch day the
    person logs everything at night (coffee included, "at now"), on other days in the morning. Caffeine then
    lands in the 12 h before the twitch only on twitch days."""
    rng = random.Random(seed)
    journal = JournalBuilder(START)
    for day in range(days):
        if rng.random() < 0.4:
            journal.sleep(day, 7, hour=21.9).caffeine(day, 21.9, 100).twitch(day, hour=22)
        else:
            journal.sleep(day, 7, hour=7.5).caffeine(day, 7.5, 100)
    return journal


def test_caffeine_that_goes_with_twitch_days_only_through_logging_time_is_no_trigger(
    kb: KnowledgeBase,
) -> None:
    journal = logging_habit_artifact()
    result = triggers(journal.history(), journal.moment(119, 23), kb.constants)
    caffeine = next(factor for factor in result.factors if factor.factor == "caffeine")
    # Judged naively (every day at the usual twitch time), caffeine is logged before every twitch and before
    # no usual twitch time of the other days: a perfect, and false, association.
    naive = [day.caffeine for day in result.table if not day.twitch]
    assert naive
    assert not any(naive)
    assert not caffeine.associated
    assert caffeine.days_left_out == sum(1 for day in result.table if not day.twitch)
    finding = next(f for f in trigger_findings(result, kb) if f["factor"] == "caffeine")
    assert finding["associated"] is False
    assert finding["meaning"].startswith("Too few comparable days")


def test_a_trigger_shown_survives_the_correction_and_days_in_a_row(kb: KnowledgeBase) -> None:
    journal = planted(90)
    result = triggers(journal.history(), journal.moment(89, 23), kb.constants)
    caffeine = next(factor for factor in result.factors if factor.factor == "caffeine")
    assert caffeine.p_adjusted is not None
    assert caffeine.p_value is not None
    assert caffeine.p_adjusted >= caffeine.p_value
    assert caffeine.p_adjusted < 0.05
    assert caffeine.dependence_factor is not None
    assert caffeine.dependence_factor >= 1
    texts = {f["factor"]: f for f in trigger_findings(result, kb)}
    assert texts["caffeine"]["meaning"].startswith("Twitch days were more common")
    assert "cannot show that it causes" in texts["caffeine"]["meaning"]
    assert texts["short_sleep"]["meaning"].startswith("No difference beyond chance")


def test_a_factor_that_fails_holm_is_not_shown_though_its_own_interval_clears_zero(kb: KnowledgeBase) -> None:
    # Found by search over seeds: a weak planted effect whose raw p is under 0.05 but over it once the
    # correction for four factors is made.
    for seed in range(40):
        rng = random.Random(seed)
        journal = JournalBuilder(START)
        for day in range(60):
            journal.sleep(day, 7.5 if rng.random() < 0.5 else 5.0).fluid(day, 20.5, 250)
            coffee = rng.random() < 0.5
            if coffee:
                journal.caffeine(day, 15, 150)
            if rng.random() < (0.55 if coffee else 0.3):
                journal.twitch(day, hour=21, regions=["eyelid"])
        result = triggers(journal.history(), journal.moment(59, 23), kb.constants)
        caffeine = next(factor for factor in result.factors if factor.factor == "caffeine")
        if caffeine.p_value is not None and caffeine.p_value < 0.05 <= (caffeine.p_adjusted or 1):
            assert not caffeine.associated
            return
    pytest.fail("no seed gave a result that only the correction removes")
