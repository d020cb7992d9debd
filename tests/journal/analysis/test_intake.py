"""Caffeine on board (decay by half-life) and fluid against sweat on workout days."""

from __future__ import annotations

from datetime import date

import pytest

from twitchcheck import KnowledgeBase
from twitchcheck.journal.analysis import caffeine_now, fluid_balance
from twitchcheck.journal.scenarios import JournalBuilder

START = date(2026, 4, 6)


def test_caffeine_decays_by_its_half_life(kb: KnowledgeBase) -> None:
    assert kb.constants.caffeine_half_life_h == 5
    journal = JournalBuilder(START).caffeine(0, 7, 200).caffeine(0, 12, 100)
    result = caffeine_now(journal.history(), journal.moment(0, 17), kb.constants)
    # 200 mg ten hours ago (two half-lives) + 100 mg five hours ago (one)
    assert result.on_board_mg == pytest.approx(50 + 50)
    assert result.last_24h_mg == 300
    assert result.doses_24h == 2
    assert result.hours_since_last == pytest.approx(5)


def test_yesterdays_caffeine_is_on_board_but_not_in_the_last_24_hours(kb: KnowledgeBase) -> None:
    journal = JournalBuilder(START).caffeine(0, 8, 400)
    result = caffeine_now(journal.history(), journal.moment(1, 9), kb.constants)
    assert result.last_24h_mg == 0
    assert result.on_board_mg == pytest.approx(400 * 0.5 ** (25 / 5))
    assert result.hours_since_last == pytest.approx(25)


def test_no_caffeine_logged_is_not_zero_known(kb: KnowledgeBase) -> None:
    journal = JournalBuilder(START).sleep(0, 7)
    result = caffeine_now(journal.history(), journal.moment(0, 12), kb.constants)
    assert not result.ever_logged
    assert result.hours_since_last is None


def test_a_weighed_session_with_too_little_drink_is_a_deficit(kb: KnowledgeBase) -> None:
    journal = JournalBuilder(START)
    journal.body_mass(0, 17, 70.0).workout(0, 18, duration_min=90).fluid(0, 19, 500).body_mass(0, 20, 68.8)
    (day,) = fluid_balance(journal.history(), journal.moment(0, 23), kb.constants).days
    assert day.sweat_measured
    assert day.body_mass_loss_pct == pytest.approx(1.2 / 70 * 100)
    assert day.sweat_loss_l == pytest.approx(1.2 + 0.5)
    assert day.deficit is False  # 1.7% of body mass: under the 2% of concern
    journal.body_mass(1, 17, 70.0).workout(1, 18, duration_min=90).body_mass(1, 20, 68.6)
    days = fluid_balance(journal.history(), journal.moment(1, 23), kb.constants).days
    assert days[1].body_mass_loss_pct == pytest.approx(2.0)
    assert days[1].deficit is True


def test_an_unweighed_session_is_judged_on_the_estimated_sweat(kb: KnowledgeBase) -> None:
    journal = JournalBuilder(START)
    journal.workout(0, 18, duration_min=60).fluid(0, 19, 800)
    journal.workout(1, 18, duration_min=60).fluid(1, 19, 1500)
    journal.workout(2, 18, duration_min=60)
    days = fluid_balance(journal.history(), journal.moment(2, 23), kb.constants).days
    assert [day.sweat_measured for day in days] == [False, False, False]
    assert days[0].sweat_loss_l == pytest.approx(1.21)
    assert [day.deficit for day in days] == [True, False, None]
    assert days[1].fluid_replaced_pct == pytest.approx(1.5 / 1.21 * 100)
