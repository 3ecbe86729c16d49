"""Tables for the book's chapters: small views of the pipeline's frames.

Each function takes frames from :func:`policytext.pipeline.run` and returns a
pandas ``Styler`` (an HTML table, no index, cells escaped); chapters glue it
and caption it with the ``{glue-table}`` directive, which numbers it. The
facts the chapters glue into their prose are in :mod:`policytext.facts`.
"""

from __future__ import annotations

import html
import re

import pandas as pd
from pandas.io.formats.style import Styler

from policytext import display
from policytext.website.assets import FILTER_MARKER

LONG_TEXT = {"Sentence", "Quote", "Context", "Title", "Example (first 60 characters)"}
"""Columns of running text: they wrap (at least 14em wide); other cells keep CJK words whole."""


def z_text(z: float) -> str:
    """A z-score as every table and the prose show it: one decimal, rounded once from the data."""
    return f"{z:.1f}"


def whitespace_free(text: pd.Series) -> pd.Series:
    """Characters of each text, whitespace excluded (as the data dictionary counts them)."""
    return text.fillna("").map(lambda t: len(re.sub(r"\s", "", t)))


def styled(frame: pd.DataFrame, *, caption: str = "") -> Styler:
    """A frame as an HTML table with no index column, every cell HTML-escaped.

    Document text can hold markup (``<script>``, ``onerror=``): it is shown as
    text, never run. Chapters caption their tables with the ``{glue-table}``
    directive (numbered); ``caption`` is for tables shown on their own.
    """
    styler = (
        frame.style.hide(axis="index")
        .format(_cell, escape="html")
        .set_table_attributes('class="policytext-table"')
    )
    long = [c for c in frame.columns if c in LONG_TEXT]
    if long:
        styler = styler.set_table_styles(
            {
                c: [{"selector": "td", "props": "word-break: normal; min-width: 14em;"}]
                for c in long
            },
            overwrite=False,
        )
    return styler.set_caption(caption) if caption else styler


def _cell(value: object) -> str:
    """One cell as text: integers with thousands separators, floats to one decimal, never 1e+07."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int) or (hasattr(value, "dtype") and "int" in str(value.dtype)):
        return f"{int(value):,}"
    if isinstance(value, float):
        return "" if pd.isna(value) else f"{value:,.1f}"
    return "" if pd.isna(value) else str(value)


def source_table(documents: pd.DataFrame, periods: pd.DataFrame) -> Styler:
    """The sources: outlet, date, period and size of each document."""
    labels = periods.set_index("period")["label"]
    table = pd.DataFrame(
        {
            "Document": documents["doc_id"],
            "Title": documents["title"],
            "Outlet": documents["outlet"],
            "Date": documents["date"]
            + documents["date_note"].ne("").map({True: " (approx.)", False: ""}),
            "Period": documents["period"].map(labels),
            "Characters (raw)": documents["chars_raw"],
            "Characters (clean)": documents["chars_clean"],
        }
    )
    return styled(table)


def cleaning_frame(documents: pd.DataFrame, audit: pd.DataFrame) -> pd.DataFrame:
    """Characters removed per document and stage, whitespace excluded, with their total.

    Counted from the audited text itself (whitespace excluded, as ``chars_raw``
    and ``chars_clean`` are), a change counting what it removed less its
    replacement, so each row's ``removed`` is ``raw - clean``.
    """
    removed = audit[audit["action"].isin(["removed", "changed"])].copy()
    replaced = removed["replacement"] if "replacement" in removed else ""
    removed["nonspace"] = whitespace_free(removed["text"]) - whitespace_free(
        pd.Series(replaced, index=removed.index).fillna("").astype(str)
    )
    by_stage = removed.pivot_table(
        index="doc_id", columns="stage", values="nonspace", aggfunc="sum", fill_value=0
    )
    joins = audit[audit["action"] == "joined"].groupby("doc_id").size().rename("breaks rejoined")
    table = (
        documents.set_index("doc_id")[["chars_raw", "chars_clean"]]
        .join(by_stage)
        .fillna(0)
        .astype(int)
    )
    table.insert(2, "removed", table[list(by_stage.columns)].sum(axis=1))
    table = table.join(joins).fillna(0).astype(int)
    return table.reset_index().rename(
        columns={"doc_id": "Document", "chars_raw": "raw", "chars_clean": "clean"}
    )


def cleaning_summary(
    documents: pd.DataFrame, audit: pd.DataFrame, *, names: dict[str, str] | None = None
) -> Styler:
    """Characters removed per document and stage (whitespace excluded), breaks rejoined."""
    table = cleaning_frame(documents, audit)
    if names:
        table["Document"] = table["Document"].map(lambda d: names.get(d, d))
    return styled(table)


def audit_examples(
    audit: pd.DataFrame, *, width: int = 60, names: dict[str, str] | None = None
) -> Styler:
    """The first audited example of every reason, with its document (outlet and date)."""
    names = names or {}
    first = audit.drop_duplicates(["stage", "reason"]).copy()
    first["text"] = first["text"].str.replace("\n", " ").str.slice(0, width)
    first["doc_id"] = first["doc_id"].map(lambda d: names.get(d, d))
    table = first[["stage", "reason", "action", "text", "doc_id"]].rename(
        columns={
            "stage": "Stage",
            "reason": "Reason",
            "action": "Action",
            "doc_id": "Document",
            "text": f"Example (first {width} characters)",
        }
    )
    return styled(table)


def period_term_table(by_period: pd.DataFrame, *, terms: list[str]) -> Styler:
    """Counts and rates of ``terms`` per period, with documents and characters."""
    rows = by_period[by_period["term"].isin(terms)]
    table = rows.pivot_table(
        index=["label", "documents", "chars"], columns="term", values="count", sort=False
    )
    rates = rows.pivot_table(
        index=["label", "documents", "chars"], columns="term", values="per_10k_chars", sort=False
    )
    counts = table[terms].astype(int).map(lambda v: f"{v:,}")
    out = counts + " (" + rates[terms].map(lambda v: f"{v:,.1f}") + ")"
    out = out.reset_index().rename(
        columns={"label": "Period", "documents": "Documents", "chars": "Characters"}
    )
    return styled(out)


def concordance(kwic: pd.DataFrame, *, names: dict[str, str] | None = None) -> Styler:
    """The concordance as a readable table: document (outlet and date), term, context."""
    names = names or {}
    table = pd.DataFrame(
        {
            "Document": kwic["doc_id"].map(lambda d: names.get(d, d)),
            "Term": kwic["term"],
            "Context": "…" + kwic["left"] + "【" + kwic["match"] + "】" + kwic["right"] + "…",
            "Sentence": kwic["sentence"],
        }
    )
    return styled(table).set_properties(subset=["Sentence"], **{"font-size": "0.85em"})


def term_glosses(terms: list) -> Styler:
    """Term, pinyin, English gloss and policy origin of each of ``terms``.

    The glossary page's table, with every term's mentions and links, is
    :func:`policytext.chapter.glossary`.
    """
    table = pd.DataFrame(
        [
            {"Term": t.term, "Pinyin": t.pinyin, "English": t.gloss_en, "Origin": t.origin}
            for t in terms
        ]
    )
    return styled(table)


def top_distinctive(
    distinctive: pd.DataFrame, *, periods: list[str], labels: dict[str, str], n: int = 10
) -> Styler:
    """Each period's ``n`` most distinctive terms against the rest, with counts and z."""
    rows = []
    for period in periods:
        mine = distinctive[distinctive["comparison"] == f"{period} vs rest"]
        for rank, row in enumerate(mine.nlargest(n, "z").itertuples(index=False), start=1):
            rows.append(
                {
                    "Period": labels.get(period, period),
                    "Rank": rank,
                    "Term": row.term,
                    "Count (period)": row.count,
                    "Count (rest)": row.count_other,
                    "z": z_text(row.z),
                }
            )
    return styled(pd.DataFrame(rows))


def stability_table(
    stability: pd.DataFrame,
    *,
    labels: dict[str, str],
    n: int = 10,
    names: dict[str, str] | None = None,
) -> Styler:
    """Leave-one-document-out: how often each top term stays in the top list."""
    names = names or {}
    table = stability[stability["rank_full"] <= n].copy()
    table["Period"] = table["period"].map(labels)
    table["z_full"] = table["z_full"].map(z_text)
    table["dropped_when"] = (
        table["dropped_when"]
        .fillna("")
        .map(lambda ids: "; ".join(names.get(d, d) for d in re.split(r"[;,]\s*", ids) if d))
    )
    table = table[
        [
            "Period",
            "rank_full",
            "term",
            "z_full",
            "runs",
            "kept",
            "kept_significant",
            "dropped_when",
        ]
    ]
    table = table.rename(
        columns={
            "rank_full": "Rank",
            "term": "Term",
            "z_full": "z (all documents)",
            "runs": "Runs",
            "kept": "Still in top list",
            "kept_significant": "Still |z| > 1.96",
            "dropped_when": "Drops out without",
        }
    )
    return styled(table)


FILTER_BOX = (
    '<input type="search" class="{marker}" placeholder="Filter rows…" '
    'aria-label="Filter the table" data-table="{id}">'
)
"""The filter box above a :class:`Searchable` table; ``_static/policytext-filter.js`` runs it."""


class Searchable:
    """A table with a filter box above it (run by a static script of the site: no external code)."""

    def __init__(self, styler: Styler, *, table_id: str) -> None:
        self.styler = styler.set_uuid(table_id)
        self.table_id = table_id

    def _repr_html_(self) -> str:
        box = FILTER_BOX.format(marker=FILTER_MARKER, id=html.escape(f"T_{self.table_id}"))
        return box + self.styler.to_html()


def with_labels(figures: pd.DataFrame, indicators: list) -> pd.DataFrame:
    """Add ``indicator_label`` (English label, or a note when there is none)."""
    names = {i.id: i.label for i in indicators}
    out = figures.copy()
    out["indicator_label"] = out["indicator"].map(names).fillna("(no policy indicator)")
    return out


def figure_table(figures: pd.DataFrame, *, names: dict[str, str] | None = None) -> Searchable:
    """Every extracted figure with its value, unit, kind, indicator and exact quote.

    Values are in Chinese units with their English equivalent
    (``1.2万亿元 (¥1.2 trillion)``), never in scientific notation.
    """
    names = names or {}
    table = pd.DataFrame(
        {
            "Document": figures["doc_id"].map(lambda d: names.get(d, d)),
            "Figure": figures["figure"],
            "Value": [
                display.both(v, unit=u)
                for v, u in zip(figures["value"], figures["unit"], strict=True)
            ],
            "Unit": figures["unit"],
            "Bound": figures["bound"],
            "Kind": figures["kind"],
            "Year": figures["year"].astype("string").fillna(""),
            "Indicator": figures["indicator_label"],
            "Quote": figures["sentence"],
        }
    )
    styler = styled(table)
    return Searchable(styler, table_id="figures")


def commitment_table(
    commitments: pd.DataFrame,
    *,
    labels: dict[str, str],
    themes: dict[str, str] | None = None,
    names: dict[str, str] | None = None,
) -> Searchable:
    """Commitments to future action without a number, per period and theme (labels, not ids)."""
    names, themes = names or {}, themes or {}
    table = pd.DataFrame(
        {
            "Period": commitments["period"].map(labels),
            "Document": commitments["doc_id"].map(lambda d: names.get(d, d)),
            "Theme": commitments["theme"].map(lambda t: themes.get(t, t)),
            "Sentence": commitments["sentence"],
        }
    )
    styler = styled(table)
    return Searchable(styler, table_id="commitments")
