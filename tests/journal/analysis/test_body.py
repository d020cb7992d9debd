"""Strength and circumference trends: a real decline against noise, growing gaps, one-sided wasting."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

import pytest

from twitchcheck import KnowledgeBase
from twitchcheck.journal.analysis import analyse, circumference, strength
from twitchcheck.journal.findings import trend_findings
from twitchcheck.journal.link import history_report
from twitchcheck.journal.scenarios import (
    JournalBuilder,
    calf_circumference,
    grip_plateau,
    seasonal_grip,
    slow_grip_decline,
    training_cut,
    weekly_grip,
)

START = date(2026, 3, 2)


def grip_journal(values: list[float], every_days: int = 3, side: str = "left") -> JournalBuilder:
    journal = JournalBuilder(START)
    for index, value in enumerate(values):
        journal.strength(index * every_days, "grip", value, side=side)
    return journal


def test_noisy_but_stable_grip_is_not_weakness(kb: KnowledgeBase) -> None:
    rng = random.Random(7)
    for _ in range(30):
        values = [40 + rng.gauss(0, 2) for _ in range(15)]  # 40 +/- 2 kg every 3 days for 6 weeks
        journal = grip_journal(values)
        result = strength(journal.history(), journal.moment(43), kb.constants)
        (trend,) = result.trends
        assert not trend.declining, values


def test_a_real_decline_with_noise_is_flagged(kb: KnowledgeBase) -> None:
    rng = random.Random(11)
    values = [40 - 6 * index / 14 + rng.gauss(0, 1) for index in range(15)]  # 40 -> 34 over 6 weeks
    journal = grip_journal(values)
    result = strength(journal.history(), journal.moment(43), kb.constants)
    (trend,) = result.trends
    assert trend.declining
    assert trend.change_pct is not None
    assert trend.change_pct < -10
    assert trend.fit is not None
    assert trend.fit.slope_ci_high < 0
    assert trend.weeks == pytest.approx(6)
    assert result.declining == (trend,)


@pytest.mark.parametrize(("last", "flagged"), [(36.0, False), (35.9, True)])
def test_the_ten_percent_boundary_is_exact(kb: KnowledgeBase, last: float, flagged: bool) -> None:
    # A straight line from 40: its fitted change is exactly the change from first to last.
    values = [40 + (last - 40) * index / 4 for index in range(5)]
    journal = grip_journal(values, every_days=7)
    (trend,) = strength(journal.history(), journal.moment(29), kb.constants).trends
    assert trend.declining is flagged


def test_a_decline_needs_four_readings(kb: KnowledgeBase) -> None:
    journal = grip_journal([40, 36, 32], every_days=7)
    (trend,) = strength(journal.history(), journal.moment(15), kb.constants).trends
    assert trend.enough_readings is False
    assert trend.declining is False


def test_readings_older_than_the_window_are_left_out(kb: KnowledgeBase) -> None:
    journal = grip_journal([50, 50, 50], every_days=1)  # days 0-2, long before
    for index, value in enumerate([40, 40, 40, 40]):
        journal.strength(80 + 7 * index, "grip", value, side="left")
    (trend,) = strength(journal.history(), journal.moment(102), kb.constants).trends
    assert len(trend.readings) == 4
    assert not trend.declining


def test_a_growing_gap_between_the_sides_is_flagged(kb: KnowledgeBase) -> None:
    rng = random.Random(3)
    journal = JournalBuilder(START)
    for index in range(12):
        day = index * 4
        journal.strength(day, "grip", 40 + rng.gauss(0, 0.7), side="left")
        journal.strength(day, "grip", 40 - 7 * index / 11 + rng.gauss(0, 0.7), side="right")
    result = strength(journal.history(), journal.moment(45), kb.constants)
    (gap,) = result.gaps
    assert gap.growing
    assert gap.growth_pct is not None
    assert gap.growth_pct > 10
    assert len(gap.pairs) == 12


def test_a_stable_gap_is_not_flagged(kb: KnowledgeBase) -> None:
    rng = random.Random(5)
    journal = JournalBuilder(START)
    for index in range(12):
        day = index * 4
        journal.strength(day, "grip", 44 + rng.gauss(0, 1.5), side="left")  # the left is always stronger
        journal.strength(day, "grip", 40 + rng.gauss(0, 1.5), side="right")
    result = strength(journal.history(), journal.moment(45), kb.constants)
    assert not result.gaps[0].growing
    assert not result.flagged


def _calves(left: list[float], right: list[float]) -> JournalBuilder:
    journal = JournalBuilder(START)
    for index, (lv, rv) in enumerate(zip(left, right, strict=True)):
        journal.circumference(index * 14, "calf", "left", lv).circumference(index * 14, "calf", "right", rv)
    return journal


@pytest.mark.parametrize(
    ("left", "right", "loss_side"),
    [
        ([37.0, 36.6, 36.0], [37.2, 37.1, 37.3], "left"),  # exactly 1.0 cm on the left, right held
        ([37.0, 36.7, 36.1], [37.2, 37.1, 37.3], "left"),  # 0.9 cm, the right +0.1: the difference moved 1.0
        ([37.0, 36.7, 36.1], [37.2, 37.1, 37.2], None),  # 0.9 cm, the right held: under the threshold
        ([37.0, 36.5, 35.8], [37.2, 36.8, 36.6], None),  # both sides changed (0.6 cm on the right)
        ([37.0, 37.1, 36.9], [37.2, 37.1, 37.3], None),  # both stable
        ([37.2, 37.1, 37.3], [38.0, 37.5, 36.5], "right"),
    ],
)
def test_one_sided_circumference_loss(
    kb: KnowledgeBase, left: list[float], right: list[float], loss_side: str | None
) -> None:
    journal = _calves(left, right)
    result = circumference(journal.history(), journal.moment(29), kb.constants)
    (site,) = result.sites
    assert site.loss_side == loss_side
    assert bool(result.flagged) is (loss_side is not None)


def test_one_side_only_is_never_flagged(kb: KnowledgeBase) -> None:
    journal = JournalBuilder(START)
    journal.circumference(0, "thigh", "left", 55).circumference(28, "thigh", "left", 52)
    (site,) = circumference(journal.history(), journal.moment(29), kb.constants).sites
    assert site.left is not None
    assert site.left.change_cm == -3
    assert site.right is None
    assert site.loss_side is None


def test_a_large_fall_over_too_few_tests_is_a_possible_decline(kb: KnowledgeBase) -> None:
    # Finding 6, probe P7: monthly tests 40 -> 34 -> 28 never reached the 4 a trend needs.
    journal = grip_journal([40, 34, 28], every_days=27, side="right")
    (trend,) = strength(journal.history(), journal.moment(54, 22), kb.constants).trends
    assert not trend.declining
    assert trend.possible_decline == "few_tests"
    assert trend.drop_pct == pytest.approx(30)
    near_miss = grip_journal([40, 37, 35], every_days=27, side="right")  # 12.5%: under twice the threshold
    (calm,) = strength(near_miss.history(), near_miss.moment(54, 22), kb.constants).trends
    assert calm.possible_decline is None


def test_a_sudden_step_down_is_a_possible_decline(kb: KnowledgeBase) -> None:
    # Finding 6, probe P7b: stable, then one reading 25% down; the line's interval still spans zero.
    journal = grip_journal([40, 40, 41, 40, 39, 40, 30], every_days=7, side="right")
    (trend,) = strength(journal.history(), journal.moment(42, 22), kb.constants).trends
    assert not trend.declining
    assert trend.possible_decline == "step_drop"
    steady = grip_journal([40, 40, 41, 40, 39, 40, 38], every_days=7, side="right")
    (calm,) = strength(steady.history(), steady.moment(42, 22), kb.constants).trends
    assert calm.possible_decline is None


@pytest.mark.parametrize(
    ("left_end", "right_end", "flagged"),
    [(36.5, 38.6, True), (35.0, 37.0, True), (37.8, 38.9, False), (37.0, 37.0, False)],
)
def test_circumference_flags_a_change_in_the_difference(
    kb: KnowledgeBase, left_end: float, right_end: float, flagged: bool
) -> None:
    # Finding 7, probes P5/P5b: left -1.5 with right +0.6, and left -3.0 with right -1.0, must flag; a
    # left side within tape noise (-0.2) while the right grew, and both sides losing alike, must not.
    journal = JournalBuilder(START)
    journal.circumference(0, "calf", "left", 38.0).circumference(0, "calf", "right", 38.0)
    journal.circumference(42, "calf", "left", left_end).circumference(42, "calf", "right", right_end)
    (site,) = circumference(journal.history(), journal.moment(42, 22), kb.constants).sites
    assert (site.loss_side == "left") is flagged


# -- the whole record: slow declines, near misses that stay quiet, one typo ---------------------------------

TYPOS = [None, (8, 320.0), (12, 4.5), (20, 320.0)]
"""No typo; a slip high or low in the middle of the record; one near the end (inside the recent window)."""


def _weakness(journal: JournalBuilder, day: int, kb: KnowledgeBase) -> str | None:
    """What the journal tells the assessment about weakness as of `day`."""
    found = history_report(journal.history(), journal.moment(day, 23), kb)
    symptoms = found.report.symptoms if found is not None else None
    return None if symptoms is None else symptoms.weakness


@pytest.mark.parametrize("typo", TYPOS)
def test_grip_falling_one_percent_a_week_for_five_months_is_weakness(
    kb: KnowledgeBase, typo: tuple[int, float] | None
) -> None:
    journal = slow_grip_decline(typo=typo)  # 45 -> 36 kg over 22 weeks, one test a week
    result = strength(journal.history(), journal.moment(154, 23), kb.constants)
    (trend,) = result.trends
    assert not trend.declining  # the last 8 weeks alone look like noise...
    assert trend.record is not None
    assert trend.record.declining  # ...the whole record does not
    assert result.declining == (trend,)
    journal.twitch(154, hour=21, regions=["forearm"])
    assert _weakness(journal, 154, kb) == "progressive"


def test_a_typo_is_shown_and_left_out_of_the_window_fit(kb: KnowledgeBase) -> None:
    journal = slow_grip_decline(typo=(20, 320.0))
    (trend,) = strength(journal.history(), journal.moment(154, 23), kb.constants).trends
    assert [outlier.value for outlier in trend.outliers] == [320.0]
    assert 320.0 in [reading.value for reading in trend.readings]  # still charted
    finding = next(f for f in trend_findings(analyse(journal.history(), journal.moment(154, 23), kb), kb))
    assert "Left out of this trend as likely slips: 320" in finding["finding"]
    assert finding["numbers"]["outliers"][0]["value"] == 320.0


@pytest.mark.parametrize(("last", "flagged"), [(36.0, False), (35.9, True)])
def test_the_record_boundary_is_ten_percent_of_the_baseline(
    kb: KnowledgeBase, last: float, flagged: bool
) -> None:
    # First three tests 40 kg, last three `last`, a straight fall between, over 22 weeks: 10% does not flag,
    # 10.25% does (exactly as the window's threshold).
    values = [40.0, 40.0, 40.0, *(40 + (last - 40) * step / 17 for step in range(1, 17)), last, last, last]
    journal = weekly_grip(values)
    (trend,) = strength(journal.history(), journal.moment(7 * 21, 23), kb.constants).trends
    assert trend.record is not None
    assert trend.record.declining is flagged


@pytest.mark.parametrize(
    ("scenario", "day"),
    [
        (grip_plateau, 182),  # six months at 40 +/- 1.5 kg
        (seasonal_grip, 7 * 103),  # two years of a yearly swing of +/- 1.5 kg
        (training_cut, 182),  # four workouts a week cut to one: 46 -> 43 kg and level
    ],
)
@pytest.mark.parametrize("typo", TYPOS)
def test_near_misses_stay_quiet_at_every_week(
    kb: KnowledgeBase, scenario: Callable[..., JournalBuilder], day: int, typo: tuple[int, float] | None
) -> None:
    journal = scenario(typo=typo)
    history = journal.history()
    for moment in range(56, day + 1, 7):
        result = strength(history, journal.moment(moment, 23), kb.constants)
        assert not result.declining, (scenario.__name__, typo, moment)


def test_a_cut_in_training_is_told_apart_by_the_training_logged(kb: KnowledgeBase) -> None:
    journal = training_cut()
    (trend,) = strength(journal.history(), journal.moment(182, 23), kb.constants).trends
    assert trend.record is not None
    assert trend.record.training_cut
    assert trend.record.sessions_per_week_first == 4
    assert trend.record.sessions_per_week_recent == 1
    finding = trend_findings(analyse(journal.history(), journal.moment(182, 23), kb), kb)
    grip = next(f for f in finding if f["id"] == "strength.grip.left")
    assert not grip["flagged"]
    assert "training fell from 4.0 to 1.0 sessions a week" in grip["finding"]
    # Training less never excuses a large fall: the same cut with grip down to 36 kg is weakness.
    steep = training_cut(detrained_kg=36.0)
    (fell,) = strength(steep.history(), steep.moment(182, 23), kb.constants).trends
    assert fell.record_declining


@pytest.mark.parametrize("typo", [None, (12, 83.0), (24, 8.3)])
def test_a_calf_thinning_two_cm_in_six_months_is_wasting(
    kb: KnowledgeBase, typo: tuple[int, float] | None
) -> None:
    journal = calf_circumference(typo=typo)
    result = circumference(journal.history(), journal.moment(182, 23), kb.constants)
    (site,) = result.sites
    assert site.loss_side is None  # 8 weeks show 0.6 cm
    assert site.record_loss_side == "left"
    journal.twitch(182, hour=21, regions=["calf"])
    found = history_report(journal.history(), journal.moment(182, 23), kb)
    assert found is not None
    assert found.report.symptoms is not None
    assert found.report.symptoms.muscle_wasting is True


@pytest.mark.parametrize(("loss", "flagged"), [(1.0, True), (0.9, False)])
def test_the_record_circumference_boundary(kb: KnowledgeBase, loss: float, flagged: bool) -> None:
    journal = calf_circumference(left_loss_cm=0, noise_cm=0)
    for week in range(26, 33, 2):  # the left calf then steps down by `loss` and stays there
        journal.circumference(week * 7, "calf", "left", round(38 - loss * min(week - 24, 6) / 6, 2))
        journal.circumference(week * 7, "calf", "right", 38.0)
    (site,) = circumference(journal.history(), journal.moment(7 * 32, 23), kb.constants).sites
    assert (site.record_loss_side == "left") is flagged


@pytest.mark.parametrize(
    "journal",
    [
        # Tape noise of 0.2 cm (one examiner's repeats agree within about 0.5 cm: Jamaiyah 2008).
        calf_circumference(left_loss_cm=0),  # a plateau
        calf_circumference(left_loss_cm=0, typo=(12, 83.0)),
        calf_circumference(left_loss_cm=1.5, right_loss_cm=1.5),  # both calves thinner: training cut, diet
    ],
)
def test_circumference_near_misses_stay_quiet(kb: KnowledgeBase, journal: JournalBuilder) -> None:
    last = max(entry.day for entry in journal.history().entries)
    days = (last - journal.start).days
    for moment in range(56, days + 1, 14):
        result = circumference(journal.history(), journal.moment(moment, 23), kb.constants)
        assert not result.flagged, moment


@pytest.mark.parametrize("typo", [None, (50, 83.0)])
def test_a_seasonal_swing_of_both_calves_never_flags_over_the_record(
    kb: KnowledgeBase, typo: tuple[int, float] | None
) -> None:
    # A swing both sides share cancels in the difference between them. (The 8-week rule, which compares
    # first and latest readings of each side, can still be set off by tape noise on top of a season: a
    # doctor's appointment, the price of its sensitivity.)
    journal = calf_circumference(left_loss_cm=0, weeks=100, swing_cm=0.4, typo=typo)
    for moment in range(56, 701, 14):
        (site,) = circumference(journal.history(), journal.moment(moment, 23), kb.constants).sites
        assert site.record_loss_side is None, moment
