"""Small statistics for one person's journal: a least-squares line with its uncertainty, a robust line
(Theil-Sen with the Mann-Kendall test), the intervals for comparing two proportions (Wilson, Newcombe, Katz),
Holm's correction for several tests, and the lag-1 autocorrelation behind an effective sample size. Pure, and
the standard library only (counts may be fractional: effective counts are)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist

CONFIDENCE = 0.95
"""Every interval is a 95% interval: a statistical convention, not a clinical figure."""


# Student's t 0.975 quantiles for 1..30 degrees of freedom (to 6 decimals, as printed in statistical tables).
_T975 = (
    12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139,
    2.200985, 2.178813, 2.160369, 2.144787, 2.13145, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963,
    2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.04523, 2.042272,
)  # fmt: skip


@lru_cache(maxsize=64)
def t_quantile(probability: float, df: int) -> float:
    """The Student t quantile: from the table for the 95% intervals with up to 30 degrees of freedom, else
    the Cornish-Fisher expansion around the normal quantile (Abramowitz and Stegun 26.7.5; error below 1e-5
    from 30 degrees of freedom on). No scipy: importing it took longer than all the analyses together."""
    if df < 1:
        raise ValueError("a t quantile needs at least one degree of freedom")
    if probability == 0.975 and df <= len(_T975):
        return _T975[df - 1]
    z = z_quantile(probability)
    v = float(df)
    return (
        z
        + (z**3 + z) / (4 * v)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * v**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * v**3)
        + (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / (92160 * v**4)
    )


def z_quantile(probability: float) -> float:
    return NormalDist().inv_cdf(probability)


class _Fitted:
    """The fitted values of a straight line over a span of days (shared by the two fits)."""

    __slots__ = ()
    intercept: float
    slope_per_day: float
    span_days: float

    @property
    def fitted_first(self) -> float:
        return self.intercept

    @property
    def fitted_last(self) -> float:
        return self.intercept + self.slope_per_day * self.span_days

    @property
    def fitted_change(self) -> float:
        return self.slope_per_day * self.span_days


@dataclass(frozen=True, slots=True)
class LineFit(_Fitted):
    """An ordinary least-squares line y = intercept + slope * x, x in days since the first point."""

    n: int
    slope_per_day: float
    slope_se: float
    slope_ci_low: float
    slope_ci_high: float
    intercept: float
    span_days: float


def fit_line(xs: Sequence[float], ys: Sequence[float]) -> LineFit | None:
    """The OLS line with the slope's standard error and 95% t interval; None below 3 points or one x."""
    n = len(xs)
    if n < 3:
        return None
    mean_x = sum(xs) / n
    mean_y = sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    if sxx == 0:
        return None
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    intercept = mean_y - slope * mean_x
    residual = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True))
    se = math.sqrt(residual / (n - 2) / sxx)
    half = t_quantile(1 - (1 - CONFIDENCE) / 2, n - 2) * se
    return LineFit(n, slope, se, slope - half, slope + half, intercept, max(xs) - min(xs))


def wilson(successes: float, total: float) -> tuple[float, float]:
    """Wilson score interval for a proportion."""
    if total == 0:
        return 0.0, 1.0
    z = z_quantile(1 - (1 - CONFIDENCE) / 2)
    p = successes / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def newcombe_difference(k1: float, n1: float, k2: float, n2: float) -> tuple[float, float, float]:
    """Risk difference p1 - p2 with Newcombe's hybrid score interval (method 10, two Wilson intervals)."""
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson(k1, n1)
    l2, u2 = wilson(k2, n2)
    difference = p1 - p2
    low = difference - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = difference + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return difference, low, high


def katz_ratio(k1: float, n1: float, k2: float, n2: float) -> tuple[float, float, float]:
    """Risk ratio p1 / p2 with the Katz log interval; 0.5 is added to every cell when one is zero."""
    a, b, c, d = float(k1), float(n1 - k1), float(k2), float(n2 - k2)
    if 0 in (a, b, c, d):
        a, b, c, d = a + 0.5, b + 0.5, c + 0.5, d + 0.5
    ratio = (a / (a + b)) / (c / (c + d))
    se = math.sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d))
    z = z_quantile(1 - (1 - CONFIDENCE) / 2)
    return ratio, ratio * math.exp(-z * se), ratio * math.exp(z * se)


# -- robust trends: Theil-Sen slope, Mann-Kendall test ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RobustLine(_Fitted):
    """A Theil-Sen line y = intercept + slope * x (x: days since the first point), with Mann-Kendall's test.

    The slope is the median of the slopes between every pair of points (Sen 1968), the intercept the median of
    y - slope * x (Conover), so one wild value moves neither much: the line breaks down only when more than
    about 29% of the points are wrong. The interval is Sen's, from the ranks of the pairwise slopes with the
    Mann-Kendall variance (Gilbert 1987, section 16.5); the test is Mann-Kendall's S with the tie correction
    and a continuity correction (normal approximation, two-sided)."""

    n: int
    slope_per_day: float
    intercept: float
    span_days: float
    slope_ci_low: float
    slope_ci_high: float
    kendall_s: int
    kendall_z: float
    p_value: float
    """Two-sided Mann-Kendall p-value for a monotonic trend."""

    def at(self, x: float) -> float:
        return self.intercept + self.slope_per_day * x


def normal_two_sided_p(z: float) -> float:
    return 2 * (1 - NormalDist().cdf(abs(z)))


def mann_kendall(xs: Sequence[float], ys: Sequence[float]) -> tuple[int, float, float, float]:
    """(S, variance of S, z, two-sided p): Mann-Kendall's test for a monotonic trend of y in x."""
    n = len(xs)
    s = 0
    for i in range(n - 1):
        for j in range(i + 1, n):
            if xs[j] == xs[i]:
                continue  # two readings at one moment say nothing about a trend
            direction = (ys[j] > ys[i]) - (ys[j] < ys[i])
            s += direction if xs[j] > xs[i] else -direction
    ties: dict[float, int] = {}
    for y in ys:
        ties[y] = ties.get(y, 0) + 1
    variance = (n * (n - 1) * (2 * n + 5) - sum(t * (t - 1) * (2 * t + 5) for t in ties.values())) / 18
    if variance <= 0:
        return s, 0.0, 0.0, 1.0
    z = (s - (1 if s > 0 else -1 if s < 0 else 0)) / math.sqrt(variance)
    return s, variance, z, normal_two_sided_p(z)


def theil_sen(xs: Sequence[float], ys: Sequence[float]) -> RobustLine | None:
    """The Theil-Sen line with Sen's 95% interval and the Mann-Kendall test; None below 3 points or one x."""
    n = len(xs)
    if n < 3:
        return None
    slopes = sorted(
        (ys[j] - ys[i]) / (xs[j] - xs[i]) for i in range(n - 1) for j in range(i + 1, n) if xs[j] != xs[i]
    )
    if not slopes:
        return None
    slope = _median(slopes)
    intercept = _median([y - slope * x for x, y in zip(xs, ys, strict=True)])
    s, variance, z, p = mann_kendall(xs, ys)
    # Sen's interval: the slopes of rank (N - C)/2 and (N + C)/2 + 1, C = z * sqrt(Var S) (Gilbert 1987).
    count = len(slopes)
    c = z_quantile(1 - (1 - CONFIDENCE) / 2) * math.sqrt(variance)
    low_rank = max(0, min(count - 1, round((count - c) / 2) - 1))
    high_rank = max(0, min(count - 1, round((count + c) / 2)))
    return RobustLine(n, slope, intercept, max(xs) - min(xs), slopes[low_rank], slopes[high_rank], s, z, p)


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def robust_sd(residuals: Sequence[float]) -> float:
    """1.4826 x the median absolute deviation: the standard deviation of normal noise, unmoved by outliers."""
    centre = _median(residuals)
    return 1.4826 * _median([abs(r - centre) for r in residuals])


# -- several tests at once, and days in a row ---------------------------------------------------------------


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm's step-down adjusted p-values (Holm 1979): the family-wise error stays at alpha over all tests."""
    m = len(p_values)
    order = sorted(range(m), key=lambda index: p_values[index])
    adjusted = [1.0] * m
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p_values[index]))
        adjusted[index] = running
    return adjusted


def lag1_autocorrelation(pairs: Sequence[tuple[float, float]], values: Sequence[float]) -> float:
    """The lag-1 autocorrelation of a series from its (today, next day) pairs, about the mean of `values`."""
    if len(values) < 3 or not pairs:
        return 0.0
    mean = sum(values) / len(values)
    variance = sum((v - mean) ** 2 for v in values) / len(values)
    if variance == 0:
        return 0.0
    covariance = sum((a - mean) * (b - mean) for a, b in pairs) / len(pairs)
    return max(-1.0, min(1.0, covariance / variance))


def two_proportion_p(k1: float, n1: float, k2: float, n2: float) -> float:
    """Two-sided p-value of the pooled z test that two proportions are equal (counts may be fractional)."""
    pooled = (k1 + k2) / (n1 + n2)
    variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if variance <= 0:
        return 1.0
    return normal_two_sided_p((k1 / n1 - k2 / n2) / math.sqrt(variance))
