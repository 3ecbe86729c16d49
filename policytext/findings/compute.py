"""Building every finding from the pipeline's tables (:func:`build`)."""

from __future__ import annotations

import logging
from collections.abc import Mapping

import pandas as pd

from policytext.findings.objects import (
    MIIT_TYPES,
    DistinctiveFinding,
    Findings,
    RateFinding,
    Unit,
    ordered_periods,
    rests_on,
)
from policytext.findings.prose import speaker_counts, theme_sentence
from policytext.findings.quotes import (
    Quote,
    load_translations,
    pick_sentence,
    quote,
    sentences_with,
)
from policytext.findings.rates import direction_flips, period_rates
from policytext.findings.wording import agree, join_words, plural
from policytext.tables import Tables

_LOG = logging.getLogger("policytext.findings")


PREPARED_COLUMNS = {
    "articles.csv": ("article_id", "doc_id", "period", "chars"),
    "article_term_counts.csv": ("article_id", "doc_id", "period", "term", "count", "chars"),
    "kwic.csv": ("article_id", "speaker", "speaker_type"),
    "figures.csv": ("article_id", "speaker", "speaker_type", "ref_period", "scope", "stated_by"),
    "commitments.csv": ("article_id", "speaker", "speaker_type"),
    "restatements.csv": ("group", "ref_period", "scope", "speaker_type", "comparison"),
}
"""The columns of the pipeline's tables that the findings read."""


def prepare(tables: Mapping[str, pd.DataFrame]) -> Tables:
    """The tables the findings read, checked to have every column they need.

    Raises:
        ValueError: A table or column is missing (tables not made by
            :func:`policytext.pipeline.run`).
    """
    missing = [
        f"{name}: {column}"
        for name, columns in PREPARED_COLUMNS.items()
        for column in columns
        if name not in tables or column not in tables[name]
    ]
    if missing:
        raise ValueError(f"tables lack what the findings read: {', '.join(missing)}")
    return Tables(tables)


def term_finding(
    term: object,
    tables: Mapping[str, pd.DataFrame],
    *,
    periods: pd.DataFrame,
    translations: dict[str, str],
    scope: str = "all",
) -> RateFinding:
    """The :class:`RateFinding` of one term over the periods.

    Args:
        term: A :class:`policytext.lexicon.Term`.
        tables: The pipeline's tables after :func:`prepare`.
        periods: The declared periods.
        translations: See :func:`load_translations`.
        scope: ``all`` (every mention in the reports) or ``miit`` (only the
            mentions attributed to the minister or MIIT).
    """
    tables = Tables.of(tables)
    docs, articles = tables.documents, tables.articles
    kwic = tables.kwic
    mine = kwic[kwic["term"] == term.term]
    miit = mine[mine["speaker_type"].isin(MIIT_TYPES)]
    if scope == "miit":
        doc_counts = miit.groupby("doc_id").size().rename("count").reset_index()
        art_counts = miit.groupby("article_id").size().rename("count").reset_index()
    else:
        counts = tables.term_counts
        doc_counts = counts[counts["term"] == term.term]
        acounts = tables.article_term_counts
        art_counts = acounts[acounts["term"] == term.term]
    kwargs = {"documents": docs, "articles": articles, "periods": periods}
    rates = period_rates(doc_counts, art_counts, **kwargs)
    flips = direction_flips(doc_counts, art_counts, **kwargs)
    quotes = []
    pool = miit if scope == "miit" else mine
    for rate in dict.fromkeys((rates[0], rates[-1]) if rates else ()):
        if not rate.count:
            continue
        top = rests_on(rate).document.doc_id
        row = pick_sentence(pool[pool["doc_id"] == top])
        if row is not None:
            quotes.append(quote(row, docs, translations))
    return RateFinding(
        term.term,
        term.gloss_en,
        scope,
        rates,
        flips,
        tuple(quotes),
        len(miit),
    )


def distinctive_findings(
    tables: Mapping[str, pd.DataFrame], *, periods: pd.DataFrame, top_n: int = 10
) -> list[DistinctiveFinding]:
    """Each period's most distinctive word (``<period> vs rest``), in date order."""
    tables = Tables.of(tables)
    docs = tables.documents
    distinctive = tables.distinctive_terms
    stability = tables.distinctive_stability
    tokens = tables.token_counts
    out = []
    for row in ordered_periods(periods, docs).itertuples(index=False):
        mine = distinctive[distinctive["comparison"] == f"{row.period} vs rest"]
        if mine.empty:
            continue
        top = mine.nlargest(1, "z").iloc[0]
        stable = stability[(stability["period"] == row.period) & (stability["rank_full"] <= top_n)]
        first = stable[stable["term"] == top["term"]]
        in_docs = tokens[(tokens["term"] == top["term"]) & (tokens["period"] == row.period)]
        document = None
        if not in_docs.empty:
            biggest = in_docs.sort_values("count", ascending=False, kind="stable").iloc[0]
            meta = docs.set_index("doc_id").loc[biggest["doc_id"]]
            document = Unit(
                biggest["doc_id"],
                biggest["doc_id"],
                meta["outlet"],
                meta["date"],
                int(biggest["count"]),
                int(meta["chars_clean"]),
            )
        out.append(
            DistinctiveFinding(
                row.period,
                row.label,
                str(top["term"]),
                float(top["z"]),
                int(top["count"]),
                int(top["count_other"]),
                int((mine["z"] > 1.96).sum()),
                top_n,
                int((stable["kept"] == stable["runs"]).sum()),
                int(first["kept"].iloc[0]) if not first.empty else 0,
                int(first["runs"].iloc[0]) if not first.empty else 0,
                int((docs["period"] == row.period).sum()),
                document,
            )
        )
    return out


def figure_findings(
    tables: Mapping[str, pd.DataFrame], *, translations: dict[str, str]
) -> dict[str, object]:
    """Sentences and quotes about the figures: who reports, whose targets, restatements."""
    tables = Tables.of(tables)
    figures = tables.figures
    docs = tables.documents
    restated = tables.restatements
    kinds = figures["kind"].value_counts()
    kind_text = join_words(
        [
            f"{int(kinds.get('reported', 0))} reported",
            f"{int(kinds.get('estimate', 0))} estimated",
            f"{int(kinds.get('forecast', 0))} forecast",
            plural(int(kinds.get("target", 0)), "target"),
        ]
    )
    targets = figures[figures["kind"] == "target"]
    forecasts = figures[figures["kind"] == "forecast"]
    miit_targets = targets[targets["speaker_type"].isin(MIIT_TYPES)]
    if targets.empty:
        target_text = "The corpus holds no target at all, so no MIIT target."
    elif miit_targets.empty:
        target_text = (
            f"The corpus holds no MIIT target: its {plural(len(targets), 'target')} "
            f"{'is' if len(targets) == 1 else 'are'} stated {speaker_counts(targets)}."
        )
    else:
        target_text = (
            f"Of the {plural(len(targets), 'target')}, {agree(len(miit_targets), 'is', 'are')} "
            f"MIIT's; by speaker: {speaker_counts(targets)}."
        )
    groups = restated.drop_duplicates("group") if not restated.empty else restated
    comparisons = (
        restated.groupby("group")["comparison"].first().value_counts()
        if not restated.empty
        else pd.Series(dtype=int)
    )
    n_changed = int(comparisons.get("changed", 0))
    changes = agree(n_changed, "changes", "change") + " value beyond what the bounds allow"
    n_indicators = restated["indicator"].nunique() if "indicator" in restated else len(groups)
    restate_text = (
        f"{agree(n_indicators, 'indicator is', 'indicators are')} stated more than once, in "
        f"{plural(len(groups), 'group')} of comparable statements (the same indicator, reference "
        f"period and scope): {changes}, "
        f"{agree(int(comparisons.get('consistent', 0)), 'is', 'are')} consistent"
    )
    if comparisons.get("single", 0):
        single = int(comparisons.get("single", 0))
        restate_text += f", {agree(single, 'has', 'have')} no comparable second statement"
    # The targets' own words; with no target, one figure (MIIT's first, if any).
    shown = targets.head(2)
    if shown.empty:
        miit_figures = figures[figures["speaker_type"].isin(MIIT_TYPES)]
        shown = (miit_figures if not miit_figures.empty else figures).head(1)
    quotes = [quote(r, docs, translations) for r in shown.itertuples(index=False)]
    return {
        "n_figures": len(figures),
        "kinds": kind_text,
        "who_reports": speaker_counts(figures),
        "who_forecasts": speaker_counts(forecasts) if not forecasts.empty else "",
        "targets": target_text,
        "restatements": restate_text,
        "n_changed": n_changed,
        "quotes": quotes,
    }


def word_quote(
    finding: DistinctiveFinding, texts: pd.DataFrame, docs: pd.DataFrame, translations: dict
) -> Quote | None:
    """A sentence of the finding's largest document that uses its word (speaker unknown)."""
    if finding.document is None:
        return None
    text = texts.set_index("doc_id").loc[finding.document.doc_id, "text"]
    found = sentences_with(text, finding.word)
    if not found:
        return None
    rows = pd.DataFrame({"sentence": found, "doc_id": finding.document.doc_id, "speaker_type": ""})
    return quote(pick_sentence(rows), docs, translations)


def build(results: object, *, translations: dict[str, str] | None = None) -> Findings:
    """Every finding for a :class:`policytext.pipeline.Results`."""
    if translations is None:
        translations = load_translations()
    tables = prepare(results.tables)
    periods = results.periods
    focal = [t for t in results.terms if t.focal]
    kwargs = {"periods": periods, "translations": translations}
    terms = [term_finding(t, tables, **kwargs) for t in focal]
    miit = [term_finding(t, tables, scope="miit", **kwargs) for t in focal]
    distinctive = distinctive_findings(tables, periods=periods)
    texts = results.texts
    docs = tables.documents
    word_quotes = [
        q
        for q in (word_quote(d, texts, docs, translations) for d in distinctive[-1:])
        if q is not None
    ]
    found = Findings(
        tables,
        periods,
        terms,
        miit,
        distinctive,
        word_quotes,
        figure_findings(tables, translations=translations),
        theme_sentence(tables.themes, periods=periods, documents=docs),
    )
    for text in found.untranslated:
        _LOG.warning("quotation without a translation in data/translations.yml: %s", text)
    return found
