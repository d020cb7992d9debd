"""Small statistics for one person's journal: a least-squares line with its uncertainty, and the intervals
for comparing two proportions (Wilson, Newcombe, Katz). Pure; scipy only for the t quantile."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist

CONFIDENCE = 0.95
"""Every interval is a 95% interval: a statistical convention, not a clinical figure."""


@lru_cache(maxsize=64)
def t_quantile(probability: float, df: int) -> float:
    """The Student t quantile (scipy, imported on first use: it costs about 0.15 s)."""
    from scipy.special import stdtrit  # type: ignore[import-untyped,unused-ignore]  # scipy ships no stubs

    return float(stdtrit(df, probability))


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
