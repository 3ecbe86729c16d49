"""A term's rate by period from the count tables, and the leave-one-document-out check."""

from __future__ import annotations

import pandas as pd

from policytext.findings.intervals import direction
from policytext.findings.objects import PeriodRate, Unit, ordered_periods
from policytext.findings.wording import short_outlet


def period_rates(
    doc_counts: pd.DataFrame,
    art_counts: pd.DataFrame,
    *,
    documents: pd.DataFrame,
    articles: pd.DataFrame,
    periods: pd.DataFrame,
) -> tuple[PeriodRate, ...]:
    """One term's :class:`PeriodRate` for every period with documents, in date order.

    Args:
        doc_counts: ``doc_id, count`` (documents without a row count 0).
        art_counts: ``article_id, count`` (articles without a row count 0).
        documents: ``documents.csv`` (``doc_id, period, outlet, date, chars_clean``).
        articles: ``articles.csv`` (``article_id, doc_id, headline, chars``).
        periods: ``period, label, start`` in date order.
    """
    by_doc = doc_counts.groupby("doc_id")["count"].sum()
    by_art = art_counts.groupby("article_id")["count"].sum()
    out = []
    for row in ordered_periods(periods, documents).itertuples(index=False):
        mine = documents[documents["period"] == row.period]
        units = tuple(
            Unit(d.doc_id, d.doc_id, d.outlet, d.date, int(by_doc.get(d.doc_id, 0)), d.chars_clean)
            for d in mine.itertuples(index=False)
        )
        meta = mine.set_index("doc_id")
        arts = articles[articles["doc_id"].isin(set(mine["doc_id"]))]
        art_units = tuple(
            Unit(
                a.article_id,
                a.doc_id,
                meta.loc[a.doc_id, "outlet"],
                meta.loc[a.doc_id, "date"],
                int(by_art.get(a.article_id, 0)),
                int(a.chars),
                str(a.headline),
            )
            for a in arts.itertuples(index=False)
        )
        out.append(
            PeriodRate(
                row.period,
                row.label,
                str(row.start),
                sum(u.count for u in units),
                int(mine["chars_clean"].sum()),
                units,
                art_units,
            )
        )
    return tuple(out)


def direction_flips(
    doc_counts: pd.DataFrame,
    art_counts: pd.DataFrame,
    *,
    documents: pd.DataFrame,
    articles: pd.DataFrame,
    periods: pd.DataFrame,
) -> tuple[tuple[str, str], ...]:
    """Documents whose omission changes the direction, with the direction without them."""
    full = period_rates(
        doc_counts, art_counts, documents=documents, articles=articles, periods=periods
    )
    if len(full) < 2:
        return ()
    ends = (full[0].period, full[-1].period)
    word = direction(full[0].interval, full[-1].interval)
    flips = []
    for doc in documents.itertuples(index=False):
        rest = documents[documents["doc_id"] != doc.doc_id]
        rates = {
            r.period: r
            for r in period_rates(
                doc_counts, art_counts, documents=rest, articles=articles, periods=periods
            )
        }
        source = f"{short_outlet(doc.outlet)}, {doc.date}"
        if any(end not in rates for end in ends):
            flips.append((source, "no comparison"))
            continue
        without = direction(rates[ends[0]].interval, rates[ends[1]].interval)
        if without != word:
            flips.append((source, without))
    return tuple(flips)
