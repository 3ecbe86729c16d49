"""Tables of the findings, for the chapters and their charts."""

from __future__ import annotations

import pandas as pd

from policytext.findings.objects import Findings, rests_on
from policytext.findings.wording import source

RATE_COLUMNS = (
    "term",
    "period",
    "label",
    "documents",
    "count",
    "chars",
    "per_10k_chars",
    "low",
    "high",
    "largest_document",
    "largest_document_share",
)
"""Columns of :func:`rate_frame`: one row per focal term and period."""


def rate_frame(found: Findings) -> pd.DataFrame:
    """Each focal term's rate by period with its interval and its largest document.

    Keyed by ``term`` and ``period`` (id), in date order within each term:
    a chart can draw the intervals as error bars from ``low`` and ``high``.
    """
    rows = []
    for finding in found.terms:
        for rate in finding.rates:
            low, high = rate.interval
            top = rests_on(rate)
            rows.append(
                {
                    "term": finding.term,
                    "period": rate.period,
                    "label": rate.label,
                    "documents": len(rate.documents),
                    "count": rate.count,
                    "chars": rate.chars,
                    "per_10k_chars": rate.rate,
                    "low": low,
                    "high": high,
                    "largest_document": source(top.document) if rate.count else "",
                    "largest_document_share": top.document_share,
                }
            )
    return pd.DataFrame(rows, columns=list(RATE_COLUMNS))


def article_frame(found: Findings) -> pd.DataFrame:
    """Each article's count and rate of each focal term (articles with a mention)."""
    rows = [
        {
            "term": finding.term,
            "period": rate.period,
            "label": rate.label,
            "document": source(article),
            "article_id": article.unit_id,
            "headline": article.headline,
            "count": article.count,
            "chars": article.chars,
            "per_10k_chars": article.rate,
        }
        for finding in found.terms
        for rate in finding.rates
        for article in rate.articles
        if article.count
    ]
    columns = ["term", "period", "label", "document", "article_id", "headline", "count", "chars"]
    return pd.DataFrame(rows, columns=[*columns, "per_10k_chars"])
