"""The statistics against published worked examples."""

from __future__ import annotations

import pytest

from twitchcheck.journal.analysis._stats import fit_line, katz_ratio, newcombe_difference, t_quantile, wilson


def test_wilson_matches_newcombe_1998() -> None:
    # Newcombe, Stat Med 1998;17:857, table I: 81/263 -> 0.2553 to 0.3662
    low, high = wilson(81, 263)
    assert low == pytest.approx(0.2553, abs=1e-4)
    assert high == pytest.approx(0.3662, abs=1e-4)


def test_newcombe_difference_matches_the_paper() -> None:
    # Newcombe, Stat Med 1998;17:873, example (a): 56/70 vs 48/80 -> 0.0524 to 0.3339 (method 10)
    difference, low, high = newcombe_difference(56, 70, 48, 80)
    assert difference == pytest.approx(0.2)
    assert low == pytest.approx(0.0524, abs=1e-4)
    assert high == pytest.approx(0.3339, abs=1e-4)


def test_katz_ratio() -> None:
    ratio, low, high = katz_ratio(20, 40, 10, 40)
    assert ratio == pytest.approx(2.0)
    # log SE = sqrt(1/20 - 1/40 + 1/10 - 1/40) = sqrt(0.1)
    assert low == pytest.approx(2.0 * 2.718281828 ** (-1.959964 * 0.1**0.5), rel=1e-5)
    assert high == pytest.approx(2.0 * 2.718281828 ** (1.959964 * 0.1**0.5), rel=1e-5)
    zero = katz_ratio(0, 10, 5, 10)  # a zero cell: 0.5 added to every cell
    assert zero[0] == pytest.approx((0.5 / 11) / (5.5 / 11))


def test_the_line_fit_has_the_textbook_standard_error() -> None:
    xs = [0.0, 1.0, 2.0, 3.0, 4.0]
    ys = [1.0, 3.0, 2.0, 5.0, 4.0]
    fit = fit_line(xs, ys)
    assert fit is not None
    assert fit.slope_per_day == pytest.approx(0.8)
    assert fit.intercept == pytest.approx(1.4)
    # residual SS = 3.6, sigma^2 = 1.2, Sxx = 10 -> se = sqrt(0.12); t(0.975, 3) = 3.182446
    assert fit.slope_se == pytest.approx(0.12**0.5)
    assert fit.slope_ci_low == pytest.approx(0.8 - 3.182446 * 0.12**0.5, rel=1e-5)
    assert fit_line([0.0, 1.0], [1.0, 2.0]) is None
    assert fit_line([2.0, 2.0, 2.0], [1.0, 2.0, 3.0]) is None


@pytest.mark.parametrize(
    ("df", "expected"),
    # scipy.special.stdtrit(df, 0.975), for reference
    [(1, 12.706205), (2, 4.302653), (10, 2.228139), (30, 2.042272), (31, 2.039513), (40, 2.021075),
     (60, 2.000298), (120, 1.979930), (240, 1.969898), (1000, 1.962339)],
)  # fmt: skip
def test_the_t_quantile_matches_scipy(df: int, expected: float) -> None:
    assert t_quantile(0.975, df) == pytest.approx(expected, abs=2e-5)
