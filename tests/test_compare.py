"""Tests for policytext.compare: log-odds, distinctive terms, leave-one-out."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from policytext.compare import (
    DISTINCTIVE_COLUMNS,
    LEAVE_ONE_OUT_COLUMNS,
    corpus_prior,
    distinctive_terms,
    leave_one_out,
    log_odds,
)

# --------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------


def long_counts(docs: dict[tuple[str, str], dict[str, int]]) -> pd.DataFrame:
    """{(doc_id, period): {term: count}} as the long token-count frame."""
    rows = [
        (doc_id, period, term, count)
        for (doc_id, period), counts in docs.items()
        for term, count in counts.items()
        if count > 0
    ]
    return pd.DataFrame(rows, columns=["doc_id", "period", "term", "count"])


@pytest.fixture
def three_periods() -> pd.DataFrame:
    return long_counts(
        {
            ("a1", "A"): {"common": 10, "alpha": 6, "shared": 2},
            ("a2", "A"): {"common": 10, "alpha": 4, "shared": 1},
            ("b1", "B"): {"common": 12, "beta": 7, "shared": 3},
            ("c1", "C"): {"common": 8, "gamma": 9, "shared": 1, "only_c": 2},
            ("c2", "C"): {"common": 9, "gamma": 3, "alpha": 1},
        }
    )


# --------------------------------------------------------------------------
# log_odds
# --------------------------------------------------------------------------


def test_log_odds_matches_hand_computation():
    a = pd.Series({"x": 4, "y": 2, "z": 0})
    b = pd.Series({"x": 1, "y": 3, "z": 2})
    prior = pd.Series({"x": 1.0, "y": 1.0, "z": 0.5})
    # n_a = 6, n_b = 6, alpha_0 = 2.5
    expected = {
        # term: (delta, var), with
        # delta = log((y_a + a_w) / (n_a + a_0 - y_a - a_w))
        #       - log((y_b + a_w) / (n_b + a_0 - y_b - a_w))
        # var = 1 / (y_a + a_w) + 1 / (y_b + a_w)
        "x": (math.log(5 / 3.5) - math.log(2 / 6.5), 1 / 5 + 1 / 2),
        "y": (math.log(3 / 5.5) - math.log(4 / 4.5), 1 / 3 + 1 / 4),
        "z": (math.log(0.5 / 8.0) - math.log(2.5 / 6.0), 1 / 0.5 + 1 / 2.5),
    }
    out = log_odds(a, b, prior=prior)
    assert list(out.columns) == ["count", "count_other", "log_odds", "z"]
    assert out.index.name == "term"
    assert list(out.index) == ["x", "y", "z"]
    assert out["count"].tolist() == [4, 2, 0]
    assert out["count_other"].tolist() == [1, 3, 2]
    for term, (delta, var) in expected.items():
        assert out.loc[term, "log_odds"] == pytest.approx(delta, rel=1e-12)
        assert out.loc[term, "z"] == pytest.approx(delta / math.sqrt(var), rel=1e-12)
    assert out.loc["x", "z"] > 0 > out.loc["z", "z"]


def test_log_odds_extra_prior_terms_add_to_alpha_0_but_get_no_row():
    a = pd.Series({"x": 3})
    b = pd.Series({"x": 1})
    prior = pd.Series({"x": 1.0, "unused": 4.0})
    out = log_odds(a, b, prior=prior)
    assert list(out.index) == ["x"]
    expected = math.log(4 / (3 + 5 - 4)) - math.log(2 / (1 + 5 - 2))
    assert out.loc["x", "log_odds"] == pytest.approx(expected)


def test_log_odds_equal_rates_give_zero_with_pooled_prior():
    # rates: x is 20% of both groups; groups of different sizes
    a = pd.Series({"x": 2, "y": 8})
    b = pd.Series({"x": 6, "y": 24})
    pooled = a + b
    for scale in (1.0, 50.0, 5000.0):
        prior = scale * pooled / pooled.sum()
        out = log_odds(a, b, prior=prior)
        assert out["log_odds"].abs().max() < 1e-12
        assert out["z"].abs().max() < 1e-12


def test_log_odds_rejects_terms_without_prior():
    with pytest.raises(ValueError, match="no positive prior"):
        log_odds(pd.Series({"x": 1, "new": 1}), pd.Series({"x": 2}), prior=pd.Series({"x": 1.0}))
    with pytest.raises(ValueError, match="negative"):
        log_odds(pd.Series({"x": -1}), pd.Series({"x": 2}), prior=pd.Series({"x": 1.0}))
    with pytest.raises(ValueError, match="at least two words"):
        log_odds(pd.Series({"x": 1}), pd.Series({"x": 2}), prior=pd.Series({"x": 1.0}))


counts_strategy = st.dictionaries(
    st.sampled_from(list("abcdefgh")), st.integers(min_value=0, max_value=50), min_size=1
)


@settings(max_examples=100, deadline=None)
@given(counts_strategy, counts_strategy, st.floats(min_value=0.1, max_value=1e4))
def test_log_odds_swapping_groups_flips_sign(a_counts, b_counts, scale):
    a, b = pd.Series(a_counts, dtype="int64"), pd.Series(b_counts, dtype="int64")
    pooled = a.add(b, fill_value=0)
    assume((pooled > 0).sum() >= 2)
    prior = scale * pooled[pooled > 0] / pooled.sum()
    ab = log_odds(a, b, prior=prior)
    ba = log_odds(b, a, prior=prior)
    assert list(ab.index) == list(ba.index)
    np.testing.assert_allclose(ab["log_odds"], -ba["log_odds"], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ab["z"], -ba["z"], rtol=1e-9, atol=1e-12)
    assert (ab["count"] == ba["count_other"]).all()


@settings(max_examples=100, deadline=None)
@given(counts_strategy, st.integers(min_value=1, max_value=5), st.floats(0.1, 1e4))
def test_log_odds_proportional_groups_score_zero(counts, factor, scale):
    a = pd.Series(counts, dtype="int64")
    assume((a > 0).sum() >= 2)
    b = a * factor
    pooled = a + b
    prior = scale * pooled[pooled > 0] / pooled.sum()
    out = log_odds(a, b, prior=prior)
    np.testing.assert_allclose(out["z"], 0.0, atol=1e-9)


# --------------------------------------------------------------------------
# distinctive_terms
# --------------------------------------------------------------------------


def test_corpus_prior_is_scaled_corpus_share(three_periods):
    prior = corpus_prior(three_periods, prior_scale=200.0)
    totals = three_periods.groupby("term")["count"].sum()
    assert prior.sum() == pytest.approx(200.0)
    pd.testing.assert_series_equal(
        prior, (200.0 * totals / totals.sum()).rename("alpha"), check_names=False
    )
    assert prior["common"] == pytest.approx(200.0 * 49 / totals.sum())


def test_distinctive_terms_shape_and_comparisons(three_periods):
    out = distinctive_terms(three_periods, prior_scale=100.0)
    assert tuple(out.columns) == DISTINCTIVE_COLUMNS
    assert set(out["comparison"]) == {
        "A vs rest",
        "B vs rest",
        "C vs rest",
        "A vs B",
        "A vs C",
        "B vs C",
    }
    by_comparison = out.groupby("comparison")["period"].unique()
    assert by_comparison["A vs C"].tolist() == ["A"]
    assert by_comparison["C vs rest"].tolist() == ["C"]
    # vs rest: every corpus term; a pair: only the terms either side uses
    assert set(out.loc[out["comparison"] == "A vs rest", "term"]) == set(three_periods["term"])
    assert "only_c" not in set(out.loc[out["comparison"] == "A vs B", "term"])
    assert out["count"].dtype == np.int64 and out["count_other"].dtype == np.int64


def test_distinctive_terms_sorted_and_deterministic(three_periods):
    out = distinctive_terms(three_periods)
    resorted = out.sort_values(
        ["comparison", "z", "term"], ascending=[True, False, True]
    ).reset_index(drop=True)
    pd.testing.assert_frame_equal(out, resorted)
    shuffled = three_periods.sample(frac=1.0, random_state=7).reset_index(drop=True)
    pd.testing.assert_frame_equal(distinctive_terms(shuffled), out)


def test_distinctive_terms_finds_the_period_words(three_periods):
    out = distinctive_terms(three_periods, prior_scale=100.0)
    top = out.groupby("comparison").head(1).set_index("comparison")["term"]
    assert top["A vs rest"] == "alpha"
    assert top["B vs rest"] == "beta"
    assert top["C vs rest"] == "gamma"
    assert top["A vs B"] == "alpha"


def test_distinctive_terms_uses_whole_corpus_prior(three_periods):
    out = distinctive_terms(three_periods, prior_scale=300.0)
    prior = corpus_prior(three_periods, prior_scale=300.0)
    by_period = three_periods.groupby(["period", "term"])["count"].sum()
    a, b, c = by_period["A"], by_period["B"], by_period["C"]

    expected_rest = log_odds(a, b.add(c, fill_value=0), prior=prior)
    got_rest = out[out["comparison"] == "A vs rest"].set_index("term")
    pd.testing.assert_series_equal(
        got_rest["z"].sort_index(), expected_rest["z"].sort_index(), check_names=False
    )
    # the pair uses the three-period prior too, not one from A and B alone
    expected_pair = log_odds(a, b, prior=prior)
    got_pair = out[out["comparison"] == "A vs B"].set_index("term")
    pd.testing.assert_series_equal(
        got_pair["z"].sort_index(), expected_pair["z"].sort_index(), check_names=False
    )


def test_distinctive_terms_pair_is_antisymmetric(three_periods):
    forward = distinctive_terms(three_periods, periods=["A", "B"])
    backward = distinctive_terms(three_periods, periods=["B", "A"])
    f = forward[forward["comparison"] == "A vs B"].set_index("term").sort_index()
    b = backward[backward["comparison"] == "B vs A"].set_index("term").sort_index()
    np.testing.assert_allclose(f["z"], -b["z"], atol=1e-12)
    assert (b["period"] == "B").all()


def test_distinctive_terms_periods_select_and_drop(three_periods):
    out = distinctive_terms(three_periods, periods=["C", "A"])
    assert set(out["comparison"]) == {"C vs rest", "A vs rest", "C vs A"}
    assert "beta" not in set(out["term"])  # B's rows are out of groups and prior
    with pytest.raises(ValueError, match="no token counts for D"):
        distinctive_terms(three_periods, periods=["A", "D"])


def test_distinctive_terms_single_period_is_empty(three_periods):
    out = distinctive_terms(three_periods, periods=["A"])
    assert out.empty
    assert tuple(out.columns) == DISTINCTIVE_COLUMNS


def test_distinctive_terms_equal_rate_word_scores_zero():
    tc = long_counts(
        {
            ("a", "A"): {"same": 2, "x": 8},
            ("b", "B"): {"same": 6, "y": 24},
        }
    )
    out = distinctive_terms(tc)
    same = out[(out["comparison"] == "A vs B") & (out["term"] == "same")]
    assert same["z"].iloc[0] == pytest.approx(0.0, abs=1e-12)


def test_distinctive_terms_validates(three_periods):
    with pytest.raises(ValueError, match="missing column"):
        distinctive_terms(three_periods.drop(columns=["period"]))
    with pytest.raises(ValueError, match="prior_scale"):
        distinctive_terms(three_periods, prior_scale=0)


# --------------------------------------------------------------------------
# leave_one_out
# --------------------------------------------------------------------------


@pytest.fixture
def loo_corpus() -> pd.DataFrame:
    return long_counts(
        {
            ("a1", "A"): {"filler": 20, "steady": 8, "fluke": 12},
            ("a2", "A"): {"filler": 20, "steady": 8},
            ("b1", "B"): {"filler": 30, "bee": 10},
            ("c1", "C"): {"filler": 20, "sea": 6},
            ("c2", "C"): {"filler": 20, "sea": 6},
        }
    )


def test_leave_one_out_columns_and_runs(loo_corpus):
    out = leave_one_out(loo_corpus, top_n=2, prior_scale=50.0)
    assert tuple(out.columns) == LEAVE_ONE_OUT_COLUMNS
    assert out["period"].tolist() == ["A", "A", "B", "B", "C", "C"]
    assert out.groupby("period")["rank_full"].apply(list).tolist() == [[1, 2]] * 3
    rows = out.set_index(["period", "term"])
    assert set(rows.loc["A"].index) == {"steady", "fluke"}
    assert rows.loc[("B", "bee"), "rank_full"] == 1
    # B has one document: dropping it leaves no B to compare
    b_rows = out[out["period"] == "B"]
    assert (b_rows["runs"] == 4).all()
    assert (b_rows["skipped_when"] == "b1").all()
    assert rows.loc[("A", "steady"), "runs"] == 5
    assert rows.loc[("A", "steady"), "skipped_when"] == ""


def test_leave_one_out_names_the_document_a_term_rests_on(loo_corpus):
    out = leave_one_out(loo_corpus, top_n=2, prior_scale=50.0).set_index(["period", "term"])
    fluke = out.loc[("A", "fluke")]
    assert fluke["rank_full"] <= 2
    assert "a1" in fluke["dropped_when"].split("; ")
    assert fluke["z_min"] == 0.0  # gone from the corpus without a1
    steady = out.loc[("A", "steady")]
    assert steady["kept"] == steady["runs"] == 5
    assert steady["share_kept"] == 1.0
    assert steady["dropped_when"] == ""
    assert steady["kept_significant"] <= steady["runs"]


def test_leave_one_out_all_runs_skipped_with_one_document_per_period():
    tc = long_counts({("a", "A"): {"x": 5, "y": 1}, ("b", "B"): {"x": 1, "y": 5}})
    out = leave_one_out(tc, top_n=1)
    assert (out["runs"] == 0).all()
    assert out["share_kept"].isna().all()
    assert out["skipped_when"].tolist() == ["a; b", "a; b"]


def test_leave_one_out_single_period_is_empty(loo_corpus):
    out = leave_one_out(loo_corpus, periods=["A"])
    assert out.empty
    assert tuple(out.columns) == LEAVE_ONE_OUT_COLUMNS


def test_leave_one_out_rejects_bad_top_n(loo_corpus):
    with pytest.raises(ValueError, match="top_n"):
        leave_one_out(loo_corpus, top_n=0)
