"""Small statistics for one person's journal: a least-squares line with its uncertainty, and the intervals
for comparing two proportions (Wilson, Newcombe, Katz). Pure, and the standard library only."""

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


@dataclass(frozen=True, slots=True)
class LineFit:
    """An ordinary least-squares line y = intercept + slope * x, x in days since the first point."""

    n: int
    slope_per_day: float
    slope_se: float
    slope_ci_low: float
    slope_ci_high: float
    intercept: float
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


def wilson(successes: int, total: int) -> tuple[float, float]:
    """Wilson score interval for a proportion."""
    if total == 0:
        return 0.0, 1.0
    z = z_quantile(1 - (1 - CONFIDENCE) / 2)
    p = successes / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def newcombe_difference(k1: int, n1: int, k2: int, n2: int) -> tuple[float, float, float]:
    """Risk difference p1 - p2 with Newcombe's hybrid score interval (method 10, two Wilson intervals)."""
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson(k1, n1)
    l2, u2 = wilson(k2, n2)
    difference = p1 - p2
    low = difference - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = difference + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return difference, low, high


def katz_ratio(k1: int, n1: int, k2: int, n2: int) -> tuple[float, float, float]:
    """Risk ratio p1 / p2 with the Katz log interval; 0.5 is added to every cell when one is zero."""
    a, b, c, d = float(k1), float(n1 - k1), float(k2), float(n2 - k2)
    if 0 in (a, b, c, d):
        a, b, c, d = a + 0.5, b + 0.5, c + 0.5, d + 0.5
    ratio = (a / (a + b)) / (c / (c + d))
    se = math.sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d))
    z = z_quantile(1 - (1 - CONFIDENCE) / 2)
    return ratio, ratio * math.exp(-z * se), ratio * math.exp(z * se)
