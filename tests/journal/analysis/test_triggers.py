"""Triggers: a planted association is found with an interval that excludes zero; short journals say so."""

from __future__ import annotations

import random
from datetime import date

from twitchcheck import KnowledgeBase
from twitchcheck.journal.analysis import triggers
from twitchcheck.journal.findings import trigger_findings
from twitchcheck.journal.scenarios import JournalBuilder

START = date(2026, 5, 4)


def planted(days: int, seed: int = 1) -> JournalBuilder:
    """Afternoon coffee on a random half of the days; twitching that evening on 80% of those, else 10%."""
    rng = random.Random(seed)
    journal = JournalBuilder(START)
    for day in range(days):
        journal.sleep(day, 7.5 if rng.random() < 0.5 else 5.0)
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
