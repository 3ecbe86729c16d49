"""The chapters' tables: :mod:`policytext.report`; the facts they glue: :mod:`policytext.facts`."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from policytext import charts, facts, figures, pipeline, report


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return pipeline.results().tables


def _html_text(styler: object) -> str:
    markup = styler._repr_html_() if hasattr(styler, "_repr_html_") else styler.to_html()
    return re.sub(r"<style.*?</style>", "", markup, flags=re.S)


def test_tables_have_no_scientific_notation_and_no_document_ids(tables: dict) -> None:
    from policytext import figures, report

    names = charts.document_labels(tables["documents.csv"])
    found = report.with_labels(tables["figures.csv"], figures.load_indicators())
    shown = [
        report.figure_table(found, names=names),
        report.commitment_table(
            tables["commitments.csv"],
            labels={},
            names=names,
            themes=dict(
                zip(tables["themes.csv"]["theme"], tables["themes.csv"]["label"], strict=True)
            ),
        ),
        report.concordance(tables["kwic.csv"], names=names),
    ]
    for table in shown:
        text = _html_text(table)
        assert not re.search(r">[^<]*\d[eE][+-]\d[^<]*<", text)
        for doc_id in tables["documents.csv"]["doc_id"]:
            assert f">{doc_id}<" not in text, doc_id


def test_commitment_themes_are_labels_not_ids(tables: dict) -> None:
    from policytext import report

    themes = dict(zip(tables["themes.csv"]["theme"], tables["themes.csv"]["label"], strict=True))
    text = _html_text(report.commitment_table(tables["commitments.csv"], labels={}, themes=themes))
    for theme_id in set(tables["commitments.csv"]["theme"]) & set(themes):
        if theme_id != themes[theme_id]:
            assert f">{theme_id}<" not in text, theme_id


def test_the_same_z_shows_the_same_digits_in_every_table(tables: dict) -> None:
    from policytext import report

    distinctive, stability = tables["distinctive_terms.csv"], tables["distinctive_stability.csv"]
    periods = list(dict.fromkeys(stability["period"]))
    top = report.top_distinctive(distinctive, periods=periods, labels={}).data
    robust = report.stability_table(stability, labels={p: p for p in periods}).data
    shown = dict(
        zip(robust["Term"] + "|" + robust["Period"], robust["z (all documents)"], strict=True)
    )
    compared = 0
    for row in top.itertuples(index=False):
        key = f"{row.Term}|{row.Period}"
        if key in shown:
            assert row.z == shown[key], key
            compared += 1
    assert compared > 0


@pytest.mark.parametrize(
    ("raw", "clean", "removed"),
    [
        ("ab cd\n<p>ef</p>", "abcdef", ["<p>", "</p>"]),
        ("新 质\n生产力 广告 ", "新质生产力", ["广告 "]),
    ],
)
def test_cleaning_table_counts_removed_characters_without_whitespace(
    raw: str, clean: str, removed: list[str]
) -> None:
    from policytext import report

    def non_space(text: str) -> int:
        return len(re.sub(r"\s", "", text))

    documents = pd.DataFrame(
        {"doc_id": ["d"], "chars_raw": [non_space(raw)], "chars_clean": [non_space(clean)]}
    )
    audit = pd.DataFrame(
        {
            "doc_id": "d",
            "stage": "markup",
            "reason": "r",
            "action": "removed",
            "text": removed,
            "chars": [len(t) for t in removed],  # as given, whitespace included
        }
    )
    table = report.cleaning_frame(documents, audit)
    assert (table["removed"] == table["raw"] - table["clean"]).all()


def test_shipped_cleaning_table_adds_up(tables: dict) -> None:
    from policytext import report

    table = report.cleaning_frame(tables["documents.csv"], tables["cleaning_audit.csv"])
    assert (table["removed"] == table["raw"] - table["clean"]).all(), table


def test_a_filter_box_names_its_table_and_runs_no_inline_code(tables: dict) -> None:
    from policytext.website.assets import FILTER_MARKER

    found = report.with_labels(tables["figures.csv"], figures.load_indicators())
    markup = report.figure_table(found)._repr_html_()
    box = re.match(r"<input [^>]*>", markup)
    assert box and f'class="{FILTER_MARKER}"' in box.group(0)
    table_id = re.search(r'data-table="([^"]+)"', box.group(0)).group(1)
    assert f'<table id="{table_id}"' in markup
    assert not re.search(r"\son\w+=", box.group(0)) and "<script" not in markup


def test_cleaning_facts_add_up(tables: dict) -> None:
    documents, audit = tables["documents.csv"], tables["cleaning_audit.csv"]
    cleaning = facts.cleaning(documents, audit)
    raw, clean = documents["chars_raw"].sum(), documents["chars_clean"].sum()
    assert cleaning.chars_raw == f"{raw:,}" and cleaning.chars_clean == f"{clean:,}"
    assert cleaning.n_audit == f"{len(audit):,}"
    assert cleaning.n_dups + cleaning.n_joins <= len(audit)


@pytest.mark.parametrize(
    ("policy", "indicators", "commitments"),
    [
        ([True, True, False], ["a", "b", None], 2),
        ([False], [None], 0),
        ([True, True], ["a", "a"], 1),
    ],
)
def test_figure_counts(policy: list[bool], indicators: list, commitments: int) -> None:
    found = pd.DataFrame({"policy_indicator": policy, "indicator": indicators})
    counts = facts.figure_counts(found, pd.DataFrame({"sentence": ["s"] * commitments}))
    assert counts.n_figures == len(policy) == counts.n_policy + counts.n_other
    assert counts.n_policy == sum(policy)
    assert counts.n_indicators == len({i for i, p in zip(indicators, policy, strict=True) if p})
    assert counts.n_commitments == commitments


def test_lexicon_size_counts_the_focal_terms() -> None:
    from policytext.lexicon import load_terms

    terms = load_terms()
    size = facts.lexicon_size(terms)
    assert size.n_terms == len(terms) and size.n_focal == len([t for t in terms if t.focal])
