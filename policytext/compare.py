"""Comparing the periods: distinctive vocabulary and its stability.

Two pieces, each a pure function over pandas frames:

* :func:`distinctive_terms` ranks the words that set one period apart, by the
  weighted log-odds ratio with an informative Dirichlet prior of Monroe,
  Colaresi & Quinn (2008), "Fightin' Words", *Political Analysis* 16(4),
  section 3.5.1, eqs. 16-22 (the arithmetic itself is :func:`log_odds`).
* :func:`leave_one_out` says how much those rankings rest on single documents,
  which matters in a corpus of five.

Themes are counted, as terms are, in :mod:`policytext.themes`.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd

DEFAULT_PRIOR_SCALE = 500.0
"""Default ``a0``: the prior's total pseudo-count (its "sample size") in tokens.

See :func:`distinctive_terms` for why 500.
"""

SIGNIFICANT_Z = 1.96
"""Two-sided 5% point of the standard normal, the usual bar for ``|z|``."""

TOKEN_COUNT_COLUMNS = ("doc_id", "period", "term", "count")
"""Columns of the long token-count frame (one row per document x term)."""

DISTINCTIVE_COLUMNS = ("comparison", "period", "term", "count", "count_other", "log_odds", "z")
"""Columns of :func:`distinctive_terms`."""

REST = "rest"
"""Name of the pooled other periods in a comparison label (``"2026-03 vs rest"``)."""


# --------------------------------------------------------------------------
# Weighted log-odds with an informative Dirichlet prior
# --------------------------------------------------------------------------


def corpus_prior(
    token_counts: pd.DataFrame, *, prior_scale: float = DEFAULT_PRIOR_SCALE
) -> pd.Series:
    """The informative Dirichlet prior from the whole corpus.

    ``alpha_w = prior_scale * (corpus count of w / corpus total)``, so the
    prior's pseudo-counts sum to ``alpha_0 = prior_scale``. This is the prior
    :func:`distinctive_terms` uses.

    Args:
        token_counts: Long counts, columns ``doc_id, period, term, count``.
        prior_scale: ``alpha_0``, the prior's total pseudo-count (> 0).

    Returns:
        ``alpha_w`` indexed by term (every term with a positive count), sorted.

    Raises:
        ValueError: Bad frame or a non-positive ``prior_scale``.
    """
    matrix, _ = _period_matrix(token_counts, None)
    return _prior_from_matrix(matrix, prior_scale)


def log_odds(counts_a: pd.Series, counts_b: pd.Series, *, prior: pd.Series) -> pd.DataFrame:
    """Weighted log-odds ratio of each word, group A against group B.

    Monroe, Colaresi & Quinn (2008), section 3.5.1, eqs. 16-22. With ``y`` a
    word's count in a group, ``n`` the group's total, ``alpha_w`` the word's
    prior pseudo-count and ``alpha_0`` the sum of the prior over its whole
    vocabulary::

        delta = log((y_a + alpha_w) / (n_a + alpha_0 - y_a - alpha_w))
              - log((y_b + alpha_w) / (n_b + alpha_0 - y_b - alpha_w))
        var  ~= 1 / (y_a + alpha_w) + 1 / (y_b + alpha_w)
        z     = delta / sqrt(var)

    Positive ``z``: the word is more typical of A. When the prior is the pooled
    frequency of A and B and the word's rate is the same in both, ``delta`` is
    exactly 0. Swapping A and B flips the signs of ``log_odds`` and ``z``.

    Args:
        counts_a: Word counts of group A, indexed by term.
        counts_b: Word counts of group B, indexed by term.
        prior: ``alpha_w`` by term; must be positive for every term counted in
            A or B, and may hold further terms (they add to ``alpha_0``).

    Returns:
        One row per term counted (> 0) in A or B, index ``term``, columns
        ``count`` (in A), ``count_other`` (in B), ``log_odds`` (delta) and
        ``z``, sorted by term.

    Raises:
        ValueError: Negative or missing counts, a term without a positive
            prior, or a prior over fewer than two words.
    """
    for name, counts in (("counts_a", counts_a), ("counts_b", counts_b)):
        if counts.isna().any() or (counts < 0).any():
            raise ValueError(f"log_odds: {name} has missing or negative counts")
        if not counts.index.is_unique:
            raise ValueError(f"log_odds: {name} has duplicate terms")
    terms = counts_a.index.union(counts_b.index)
    y_a = counts_a.reindex(terms, fill_value=0).to_numpy(dtype=float)
    y_b = counts_b.reindex(terms, fill_value=0).to_numpy(dtype=float)
    keep = (y_a + y_b) > 0
    terms, y_a, y_b = terms[keep], y_a[keep], y_b[keep]

    alpha = prior.reindex(terms).to_numpy(dtype=float)
    bad = ~(alpha > 0)
    if bad.any():
        sample = ", ".join(map(str, terms[bad][:5]))
        raise ValueError(f"log_odds: no positive prior for {int(bad.sum())} term(s): {sample}")
    if int((prior > 0).sum()) < 2:
        raise ValueError("log_odds: the prior needs at least two words (one word has no odds)")
    alpha_0 = float(prior.sum())
    n_a, n_b = float(counts_a.sum()), float(counts_b.sum())

    delta = np.log((y_a + alpha) / (n_a + alpha_0 - y_a - alpha)) - np.log(
        (y_b + alpha) / (n_b + alpha_0 - y_b - alpha)
    )
    z = delta / np.sqrt(1.0 / (y_a + alpha) + 1.0 / (y_b + alpha))
    return pd.DataFrame(
        {
            "count": y_a.astype(np.int64),
            "count_other": y_b.astype(np.int64),
            "log_odds": delta,
            "z": z,
        },
        index=pd.Index(terms, name="term"),
    )


def distinctive_terms(
    token_counts: pd.DataFrame,
    *,
    prior_scale: float = DEFAULT_PRIOR_SCALE,
    periods: list[str] | None = None,
) -> pd.DataFrame:
    """Distinctive vocabulary of each period, against the rest and pairwise.

    For every period P, ``"P vs rest"`` compares P with the other periods
    pooled; for every pair P < Q (in ``periods`` order), ``"P vs Q"``. Scores
    are :func:`log_odds` z-scores; positive ``z`` means typical of ``period``
    (the first-named). No frequency threshold is applied: the prior does the
    work a threshold would, by shrinking rare words toward their corpus rate
    and giving them a large variance.

    The prior is informative and comes from the whole corpus (all rows of the
    selected periods): ``alpha_w = prior_scale * corpus share of w``, so
    ``alpha_0 = prior_scale`` is the prior's weight in pseudo-tokens, i.e. how
    much "this period talks like the corpus" counts against the period's own
    tokens. The paper leaves ``alpha_0`` to the analyst. The default, 500, is
    a fraction (roughly a quarter) of one period of this corpus, where a
    period has a few thousand tokens: a word seen once in the corpus gets
    ``alpha_w`` of about 0.07, a frequent word keeps most of the weight of its
    own counts. The two usual alternatives misbehave at this size. A very weak
    prior (``alpha_w`` ~ 0.01, Laplace-like) gives a word absent from one side
    a log-odds and a variance that mostly reflect ``log(1/alpha_w)`` and
    ``1/alpha_w``, not the data. The corpus counts themselves (``alpha_0`` =
    corpus size, as tidylo does) weigh as much as all the data, so only a
    handful of words per period reach ``|z| > 1.96``. The ranking of the top
    words is much the same between 500 and 2,000; pass other values to check.

    Args:
        token_counts: Long counts, columns ``doc_id, period, term, count``
            (one row per document x term with ``count > 0``).
        prior_scale: ``alpha_0``, total pseudo-count of the prior (> 0).
        periods: Periods to compare, in order; rows of other periods are
            dropped first (from the groups and from the prior). Default: the
            periods present, sorted.

    Returns:
        Columns ``comparison, period, term, count, count_other, log_odds, z``,
        one row per comparison x term counted on either side, sorted by
        ``comparison``, then ``z`` descending, then ``term``. Empty (with these
        columns) if fewer than two periods have counts.

    Raises:
        ValueError: A malformed frame, a period in ``periods`` without counts,
            or a non-positive ``prior_scale``.
    """
    matrix, periods = _period_matrix(token_counts, periods)
    prior = _prior_from_matrix(matrix, prior_scale)
    frames = [_versus_rest(matrix, periods, prior)]
    for first, second in itertools.combinations(periods, 2):
        frames.append(
            _framed(
                log_odds(matrix[first], matrix[second], prior=prior),
                comparison=f"{first} vs {second}",
                period=first,
            )
        )
    return _sorted(pd.concat(frames, ignore_index=True))


def _versus_rest(matrix: pd.DataFrame, periods: Sequence[str], prior: pd.Series) -> pd.DataFrame:
    """``"P vs rest"`` rows for every period P (none if only one period)."""
    if len(periods) < 2:
        return _empty_distinctive()
    total = matrix[list(periods)].sum(axis=1)
    frames = [
        _framed(
            log_odds(matrix[period], total - matrix[period], prior=prior),
            comparison=f"{period} vs {REST}",
            period=period,
        )
        for period in periods
    ]
    return pd.concat(frames, ignore_index=True)


def _framed(scores: pd.DataFrame, *, comparison: str, period: str) -> pd.DataFrame:
    """:func:`log_odds` output as rows of the distinctive-terms frame."""
    out = scores.reset_index()
    out.insert(0, "period", period)
    out.insert(0, "comparison", comparison)
    return out[list(DISTINCTIVE_COLUMNS)]


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in the documented order: comparison, z descending, term."""
    return frame.sort_values(
        ["comparison", "z", "term"], ascending=[True, False, True], kind="mergesort"
    ).reset_index(drop=True)


def _empty_distinctive() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "comparison": pd.Series(dtype=object),
            "period": pd.Series(dtype=object),
            "term": pd.Series(dtype=object),
            "count": pd.Series(dtype=np.int64),
            "count_other": pd.Series(dtype=np.int64),
            "log_odds": pd.Series(dtype=float),
            "z": pd.Series(dtype=float),
        }
    )


def _check_token_counts(token_counts: pd.DataFrame) -> None:
    missing = [c for c in TOKEN_COUNT_COLUMNS if c not in token_counts.columns]
    if missing:
        raise ValueError(f"token_counts: missing column(s) {', '.join(missing)}")
    counts = token_counts["count"]
    if not pd.api.types.is_numeric_dtype(counts) or counts.isna().any() or (counts < 0).any():
        raise ValueError("token_counts: 'count' must hold non-negative numbers")


def _period_matrix(
    token_counts: pd.DataFrame, periods: Sequence[str] | None
) -> tuple[pd.DataFrame, list[str]]:
    """Term x period counts for the selected periods, and the period order."""
    _check_token_counts(token_counts)
    present = sorted(token_counts.loc[token_counts["count"] > 0, "period"].unique())
    if periods is None:
        periods = present
    else:
        periods = list(periods)
        if len(set(periods)) != len(periods):
            raise ValueError(f"periods: duplicates in {periods}")
        absent = [p for p in periods if p not in present]
        if absent:
            raise ValueError(f"periods: no token counts for {', '.join(map(str, absent))}")
    rows = token_counts[token_counts["period"].isin(periods) & (token_counts["count"] > 0)]
    matrix = rows.pivot_table(
        index="term", columns="period", values="count", aggfunc="sum", fill_value=0
    )
    matrix = matrix.reindex(columns=periods, fill_value=0)
    matrix.columns = pd.Index(list(periods), dtype=object, name="period")
    return matrix.sort_index(), list(periods)


def _prior_from_matrix(matrix: pd.DataFrame, prior_scale: float) -> pd.Series:
    if not np.isfinite(prior_scale) or prior_scale <= 0:
        raise ValueError(f"prior_scale must be a positive number, got {prior_scale!r}")
    totals = matrix.sum(axis=1)
    return (prior_scale * totals / totals.sum()).rename("alpha")


# --------------------------------------------------------------------------
# Leave-one-document-out stability
# --------------------------------------------------------------------------

LEAVE_ONE_OUT_COLUMNS = (
    "period",
    "term",
    "rank_full",
    "z_full",
    "runs",
    "kept",
    "share_kept",
    "kept_significant",
    "z_min",
    "dropped_when",
    "skipped_when",
)
"""Columns of :func:`leave_one_out`."""


def leave_one_out(
    token_counts: pd.DataFrame,
    *,
    top_n: int = 20,
    prior_scale: float = DEFAULT_PRIOR_SCALE,
    periods: list[str] | None = None,
    threshold: float = SIGNIFICANT_Z,
) -> pd.DataFrame:
    """How each period's top distinctive terms fare when one document is dropped.

    On the full corpus, take each period's top ``top_n`` terms of its ``"P vs
    rest"`` comparison (highest ``z``, ties by term, ``z > 0`` only). Then, for
    each document in turn, drop it, recompute every ``"P vs rest"``
    comparison (prior included) and see whether each term is still in its
    period's top ``top_n`` (with ``z > 0``), and whether its ``z`` exceeds
    ``threshold``. When the dropped document was its period's only one, or
    fewer than two periods are left, the period's comparison cannot be made:
    that run is skipped for the period and named in ``skipped_when``, and
    ``runs`` counts only the runs that were made. A term no longer counted
    anywhere after the drop scores ``z = 0`` (and is not kept).

    Args:
        token_counts: Long counts, columns ``doc_id, period, term, count``.
        top_n: How many top terms per period to follow (>= 1).
        prior_scale: As in :func:`distinctive_terms`.
        periods: As in :func:`distinctive_terms`.
        threshold: The ``z`` a term must exceed to count as significant.

    Returns:
        One row per period x followed term, sorted by period (in ``periods``
        order), then ``rank_full``. Columns: ``period, term, rank_full,
        z_full, runs, kept`` (runs in which it stayed in the top ``top_n``),
        ``share_kept`` (``kept / runs``; NaN when no run was made),
        ``kept_significant`` (runs with ``z > threshold``), ``z_min`` (lowest
        ``z`` over the runs made; NaN if none), ``dropped_when`` and
        ``skipped_when`` (doc_ids, ``"; "``-joined in corpus order, whose
        removal dropped the term from the top ``top_n`` / made the comparison
        impossible; ``""`` if none).

    Raises:
        ValueError: As :func:`distinctive_terms`, or ``top_n < 1``.
    """
    if top_n < 1:
        raise ValueError(f"top_n must be at least 1, got {top_n!r}")
    matrix, periods = _period_matrix(token_counts, periods)
    prior = _prior_from_matrix(matrix, prior_scale)
    full = _ranked(_versus_rest(matrix, periods, prior))
    followed = full[(full["rank"] <= top_n) & (full["z"] > 0)]
    followed = followed.rename(columns={"rank": "rank_full", "z": "z_full"})
    followed = followed.assign(order=followed["period"].map({p: i for i, p in enumerate(periods)}))
    followed = followed.sort_values(["order", "rank_full"], kind="mergesort")
    followed = followed[["period", "term", "rank_full", "z_full"]].reset_index(drop=True)

    rows = token_counts[token_counts["period"].isin(periods) & (token_counts["count"] > 0)]
    doc_ids = list(pd.unique(rows["doc_id"]))
    scores, made = [], []
    for doc_id in doc_ids:  # one run per document: a handful, not a loop over tokens
        run_scores, run_made = _loo_run(rows, doc_id, periods, prior_scale=prior_scale)
        scores.append(run_scores.assign(left_out=doc_id))
        made.append(pd.DataFrame({"period": periods, "made": run_made, "left_out": doc_id}))
    grid = followed.merge(pd.concat(made, ignore_index=True), on="period", how="left")
    grid = grid.merge(
        pd.concat(scores, ignore_index=True), on=["left_out", "period", "term"], how="left"
    )
    grid["z"] = grid["z"].fillna(0.0).where(grid["made"])
    grid["kept"] = grid["made"] & (grid["rank"] <= top_n) & (grid["z"] > 0)
    grid["significant"] = grid["made"] & (grid["z"] > threshold)
    grid["dropped"] = grid["made"] & ~grid["kept"]
    return _summarise_runs(followed, grid, doc_ids)


def _loo_run(
    rows: pd.DataFrame, doc_id: object, periods: Sequence[str], *, prior_scale: float
) -> tuple[pd.DataFrame, list[bool]]:
    """One leave-one-out run: ranked ``"P vs rest"`` scores, and which periods were made."""
    kept_rows = rows[rows["doc_id"] != doc_id]
    present = set(kept_rows["period"])
    left = [p for p in periods if p in present]
    if len(left) < 2:
        return pd.DataFrame(columns=["period", "term", "z", "rank"]), [False] * len(periods)
    matrix, _ = _period_matrix(kept_rows, left)
    scored = _ranked(_versus_rest(matrix, left, _prior_from_matrix(matrix, prior_scale)))
    return scored[["period", "term", "z", "rank"]], [p in present for p in periods]


def _ranked(scored: pd.DataFrame) -> pd.DataFrame:
    """Distinctive-terms rows sorted, with ``rank`` (1 = highest z) within comparison."""
    out = _sorted(scored)
    out["rank"] = out.groupby("comparison", sort=False).cumcount() + 1
    return out


def _summarise_runs(
    followed: pd.DataFrame, grid: pd.DataFrame, doc_ids: Sequence[object]
) -> pd.DataFrame:
    """Collapse the followed-term x run grid into one row per followed term."""
    order = {doc_id: i for i, doc_id in enumerate(doc_ids)}
    grid = grid.assign(order=grid["left_out"].map(order)).sort_values("order", kind="mergesort")

    def joined(mask: pd.Series) -> pd.Series:
        names = grid["left_out"].astype(str).where(mask)
        return names.groupby([grid["period"], grid["term"]], sort=False).agg(
            lambda s: "; ".join(s.dropna())
        )

    keys = [grid["period"], grid["term"]]
    summary = pd.DataFrame(
        {
            "runs": grid["made"].groupby(keys, sort=False).sum(),
            "kept": grid["kept"].groupby(keys, sort=False).sum(),
            "kept_significant": grid["significant"].groupby(keys, sort=False).sum(),
            "z_min": grid["z"].groupby(keys, sort=False).min(),
            "dropped_when": joined(grid["dropped"]),
            "skipped_when": joined(~grid["made"]),
        }
    ).reset_index()
    out = followed.merge(summary, on=["period", "term"], how="left")
    for column in ("runs", "kept", "kept_significant"):
        out[column] = out[column].fillna(0).astype(np.int64)
    for column in ("dropped_when", "skipped_when"):
        out[column] = out[column].fillna("").astype(object)
    out["share_kept"] = (out["kept"] / out["runs"].where(out["runs"] > 0)).astype(float)
    return out[list(LEAVE_ONE_OUT_COLUMNS)].reset_index(drop=True)
