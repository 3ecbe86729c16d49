"""Exact Poisson intervals on counts and rates, and the direction word they give."""

from __future__ import annotations

import math

from policytext.errors import InputError

LEVEL = 0.95
"""Coverage of every interval in the report."""


INTERVAL_METHOD = (
    "exact (Garwood) 95% Poisson interval on the count, with the characters as exposure"
)
"""How the intervals are computed, as stated in the report."""


UNCHANGED = "unchanged within uncertainty"
"""The direction word when the intervals overlap (:func:`direction`)."""


def _poisson_cdf(k: int, mu: float) -> float:
    """P(X <= k) for X ~ Poisson(mu)."""
    if mu <= 0:
        return 1.0
    total, log_term = 0.0, -mu
    for i in range(k + 1):
        if i:
            log_term += math.log(mu) - math.log(i)
        total += math.exp(log_term)
    return min(total, 1.0)


def _solve(target: float, f, low: float, high: float) -> float:
    """The ``mu`` in ``[low, high]`` with ``f(mu) == target``, ``f`` decreasing."""
    for _ in range(200):
        mid = (low + high) / 2
        if f(mid) > target:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def poisson_interval(count: int, *, level: float = LEVEL) -> tuple[float, float]:
    """Exact (Garwood) interval for the mean of a Poisson count.

    Args:
        count: The observed count (0 or more).
        level: Coverage, e.g. 0.95.

    Returns:
        ``(low, high)``: ``low`` solves P(X >= count) = (1 - level) / 2 (0 for
        a count of 0), ``high`` solves P(X <= count) = (1 - level) / 2.

    Raises:
        InputError: A negative count or a level outside (0, 1).
    """
    if count < 0 or not 0 < level < 1:
        raise InputError([f"poisson_interval: count {count} must be >= 0, level in (0, 1)"])
    alpha = (1 - level) / 2
    top = count + 20 * math.sqrt(count + 1) + 20
    high = _solve(alpha, lambda mu: _poisson_cdf(count, mu), 0.0, top)
    if count == 0:
        return 0.0, high
    low = _solve(1 - alpha, lambda mu: _poisson_cdf(count - 1, mu), 0.0, top)
    return low, high


def rate_interval(count: int, chars: int, *, level: float = LEVEL) -> tuple[float, float]:
    """The Poisson interval of a count as a rate per 10,000 characters."""
    if chars <= 0:
        return math.nan, math.nan
    low, high = poisson_interval(int(count), level=level)
    return low / chars * 10_000, high / chars * 10_000


def direction(first: tuple[float, float], last: tuple[float, float]) -> str:
    """``rose``, ``fell`` or ``unchanged within uncertainty`` between two intervals.

    Args:
        first: ``(low, high)`` of the earlier period.
        last: ``(low, high)`` of the later period.
    """
    if last[0] > first[1]:
        return "rose"
    if last[1] < first[0]:
        return "fell"
    return UNCHANGED
