"""Training load: session-RPE, the acute:chronic ratio (rolling and EWMA), monotony and strain."""

from __future__ import annotations

import statistics
from datetime import date

import pytest

from twitchcheck import KnowledgeBase
from twitchcheck.journal.analysis import training_load
from twitchcheck.journal.scenarios import JournalBuilder

START = date(2026, 2, 2)


def steady(days: int = 42) -> JournalBuilder:
    journal = JournalBuilder(START)
    for day in range(days):
        if day % 7 in (0, 2, 4):
            journal.workout(day, duration_min=60, rpe=6)  # 360 AU three times a week
    return journal


def test_steady_training_is_no_spike(kb: KnowledgeBase) -> None:
    journal = steady()
    result = training_load(journal.history(), journal.moment(41, 23), kb.constants)
    assert result.enough_data
    assert result.acwr_rolling == pytest.approx(1.0)
    assert result.acwr_ewma is not None
    # Seeded with the first week's mean, the chronic EWMA no longer lags: on a Sunday, two rest days after
    # Friday's session, the acute EWMA has decayed below it.
    assert 0.7 < result.acwr_ewma < 1.0
    assert result.spike is False
    assert result.high is False
    assert len(result.daily) == 56
    assert len(result.weekly) == 8
    assert result.weekly[-1].load_au == 3 * 360


def test_a_jump_in_load_is_a_spike(kb: KnowledgeBase) -> None:
    journal = steady(35)
    for day in range(35, 42):
        journal.workout(day, duration_min=90, rpe=8)  # 720 AU every day for the last week
    result = training_load(journal.history(), journal.moment(41, 23), kb.constants)
    assert result.acwr_rolling is not None
    assert result.acwr_rolling >= 1.5
    assert result.spike is True
    # acute = 720 a day; chronic = (3 weeks of 3 x 360 + 7 x 720) / 28
    assert result.acute_load_au == pytest.approx(720)
    assert result.chronic_load_au == pytest.approx((3 * 3 * 360 + 7 * 720) / 28)


def test_the_ewma_follows_williams(kb: KnowledgeBase) -> None:
    journal = JournalBuilder(START)
    journal.workout(0, duration_min=50, rpe=4)  # 200 AU on day 0, then nothing
    result = training_load(journal.history(), journal.moment(29, 12), kb.constants)
    # Started from the first week's mean (200 / 7), then 23 days without load.
    acute = 200 / 7 * 0.75**23
    chronic = 200 / 7 * (1 - 2 / 29) ** 23
    assert result.ewma_acute_au == pytest.approx(acute)
    assert result.ewma_chronic_au == pytest.approx(chronic)
    assert result.acwr_ewma == pytest.approx(acute / chronic)
    assert result.acwr_rolling is None  # no load in the last 28 days


def test_too_short_a_journal_has_no_ratio(kb: KnowledgeBase) -> None:
    journal = steady(20)
    result = training_load(journal.history(), journal.moment(19, 23), kb.constants)
    assert not result.enough_data
    assert result.acwr_rolling is None
    assert result.spike is None
    assert result.days_logged == 20


def test_workouts_without_rpe_are_counted_and_left_out(kb: KnowledgeBase) -> None:
    journal = steady()
    journal.workout(40, rpe=None).workout(41, rpe=None)
    result = training_load(journal.history(), journal.moment(41, 23), kb.constants)
    assert result.unrated_sessions_28d == 2
    assert result.daily[-1].unrated_sessions == 1
    assert result.daily[-1].load_au == 0


def test_monotony_and_strain_follow_foster(kb: KnowledgeBase) -> None:
    journal = steady()
    result = training_load(journal.history(), journal.moment(41, 23), kb.constants)
    week = [result.daily[-7 + i].load_au for i in range(7)]
    monotony = statistics.fmean(week) / statistics.stdev(week)
    assert result.monotony == pytest.approx(monotony)
    assert result.strain == pytest.approx(sum(week) * monotony)


def test_the_same_load_every_day_has_no_monotony(kb: KnowledgeBase) -> None:
    journal = JournalBuilder(START)
    for day in range(7):
        journal.workout(day)
    result = training_load(journal.history(), journal.moment(6, 23), kb.constants)
    assert result.monotony is None
    assert result.strain is None


def test_a_spike_is_judged_on_the_rolling_ratio_and_says_so(kb: KnowledgeBase) -> None:
    from twitchcheck.journal.analysis import analyse
    from twitchcheck.journal.findings import trend_findings

    journal = steady(35)
    for day in range(35, 42):
        journal.workout(day, duration_min=90, rpe=8)
    found = analyse(journal.history(), journal.moment(41, 23), kb)
    load = found.training_load
    assert load.acwr == load.acwr_rolling
    (finding,) = [item for item in trend_findings(found, kb) if item["id"] == "training_load"]
    quoted = f"the last 7 days over the last 28) is {load.acwr_rolling:.2f}"
    assert "rolling acute:chronic ratio" in finding["finding"]
    assert quoted in finding["finding"]
    assert finding["numbers"]["spike_judged_on"] == "acwr_rolling"


def test_the_same_load_every_day_reads_as_very_monotonous(kb: KnowledgeBase) -> None:
    from twitchcheck.journal.analysis import analyse
    from twitchcheck.journal.findings import trend_findings

    journal = JournalBuilder(START)
    for day in range(35):
        journal.workout(day)
    found = analyse(journal.history(), journal.moment(34, 23), kb)
    (finding,) = [item for item in trend_findings(found, kb) if item["id"] == "training_load"]
    assert "monotony very high" in finding["finding"]
    assert finding["numbers"]["monotony_unbounded"] is True
