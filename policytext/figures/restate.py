"""Restatements: the statements of one indicator across documents, compared where comparable."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from policytext.errors import InputError
from policytext.figures.extract import FIGURE_COLUMNS

RESTATEMENT_COLUMNS = (
    "indicator",
    "statements",
    "doc_id",
    "period",
    "year",
    "kind",
    "figure",
    "value",
    "value_high",
    "unit",
    "bound",
    "sentence",
    "group",
    "ref_period",
    "scope",
    "speaker_type",
    "comparison",
)
"""Columns of :func:`restatements`."""

COMPARISONS = ("changed", "consistent", "single")
"""Values of ``comparison`` in :func:`restatements`."""

KIND_CLASSES = {
    "reported": "actual",
    "estimate": "actual",
    "forecast": "forecast",
    "target": "target",
}
"""Kinds that may be compared: a reported value and an estimate both state an
actual; a forecast or a target is compared only with its own kind."""

APPROX_TOLERANCE = 0.1
"""An approximate value (bound ``≈``) is read as this share either side of it."""


def interval(value: float, value_high: float, bound: str, *, tolerance: float = APPROX_TOLERANCE):
    """The values a figure allows: ``(low, high)``, from its value and bound.

    ``=`` is the value (or the range ``value``-``value_high``); ``>`` (超, 多,
    以上) from the value up, open-ended; ``<`` (不到, 以下) from zero to the
    value; ``≈`` (近, 约, 左右) the value give or take ``tolerance`` of it.

    Args:
        value: The value (the low end of a range).
        value_high: The high end of a range, NaN if none.
        bound: ``=``, ``>``, ``≈`` or ``<``.
        tolerance: The share either side of an approximate value.
    """
    high = value if value_high is None or pd.isna(value_high) else float(value_high)
    if bound == ">":
        return float(value), math.inf
    if bound == "<":
        return min(0.0, float(value)), high
    if bound == "≈":
        return float(value) * (1 - tolerance), high * (1 + tolerance)
    return float(value), high


def compare_statements(intervals: Sequence[tuple[float, float]]) -> str:
    """``single``, ``consistent`` (all the intervals share a value) or ``changed``."""
    if len(intervals) < 2:
        return "single"
    low = max(a for a, _ in intervals)
    high = min(b for _, b in intervals)
    return "consistent" if low <= high else "changed"


def restatements(figures: pd.DataFrame, *, tolerance: float = APPROX_TOLERANCE) -> pd.DataFrame:
    """The indicators stated more than once, each statement in its comparable group.

    Statements of one indicator are compared only within a *group*: the same
    indicator, reference period (``ref_period``), kind class
    (:data:`KIND_CLASSES`: a forecast is never joined to an actual) and scope.
    A statement whose reference period is unknown is compared only with
    those of its own document (stated as of the same date). A group has
    ``changed`` only when the intervals its statements' bounds allow
    (:func:`interval`) share no value: 超330款 and 300多款 are both lower
    bounds, so ``consistent``.

    Args:
        figures: The output of :func:`extract_figures` (with ``speaker_type``
            from the attribution stage, if run).
        tolerance: See :func:`interval`.

    Returns:
        One row per statement of an indicator stated at least twice (in one
        document or several), with :data:`RESTATEMENT_COLUMNS`;
        ``statements`` is how many times the indicator is stated, ``group`` a
        stable id (``indicator|ref_period|kind class|scope``; for an unknown
        period ``?<doc_id>`` stands for it) and ``comparison``
        one of :data:`COMPARISONS` for the group. Indicators come in order of
        first statement, their statements in the order of ``figures``.
    """
    missing = [c for c in FIGURE_COLUMNS if c not in figures.columns]
    if missing:
        raise InputError([f"figures: missing column(s) {', '.join(missing)}"])
    stated = figures[figures["indicator"].notna() & figures["policy_indicator"].astype(bool)]
    counts = stated.groupby("indicator", sort=False)["indicator"].transform("size")
    repeated = stated.assign(statements=counts)[counts > 1].copy()
    if "speaker_type" not in repeated.columns:
        repeated["speaker_type"] = ""
    ref = repeated["ref_period"].fillna("").astype(str)
    classes = repeated["kind"].map(KIND_CLASSES).fillna(repeated["kind"])
    unknown = "?" + repeated["doc_id"].astype(str)
    repeated["group"] = (
        repeated["indicator"].astype(str)
        + "|"
        + ref.where(ref != "", unknown)
        + "|"
        + classes.astype(str)
        + "|"
        + repeated["scope"].astype(str)
    )
    spans = [
        interval(v, h, b, tolerance=tolerance)
        for v, h, b in zip(
            repeated["value"], repeated["value_high"], repeated["bound"], strict=True
        )
    ]
    by_group: dict[str, list[tuple[float, float]]] = {}
    for group, span in zip(repeated["group"], spans, strict=True):
        by_group.setdefault(group, []).append(span)
    repeated["comparison"] = repeated["group"].map(
        {group: compare_statements(found) for group, found in by_group.items()}
    )
    order = {ident: rank for rank, ident in enumerate(dict.fromkeys(repeated["indicator"]))}
    repeated = repeated.assign(_order=repeated["indicator"].map(order))
    repeated = repeated.sort_values("_order", kind="stable")
    frame = repeated.loc[:, list(RESTATEMENT_COLUMNS)].reset_index(drop=True)
    frame["ref_period"] = frame["ref_period"].fillna("")
    return frame
