"""Findings: every claim the report makes, computed from the pipeline's tables.

The landing page and the chapter summaries are not written by hand: they are
rendered (:func:`key_findings`, :func:`terms_summary` …) from the
finding objects built here, so that a direction word, a period list, a count
or a caveat is always the one the tables support, for any corpus.

The rules, in one place:

- **Periods** come in date order (:func:`policytext.corpus.load_periods`) and
  are named by their label; every value is keyed by period id.
- **Rates** are mentions per 10,000 characters of clean text. Each comes with
  an exact (Garwood) Poisson interval on the count, characters taken as the
  exposure (:func:`rate_interval`), and with the per-document and per-article
  values beside it. The Poisson interval assumes independent mentions; terms
  cluster in articles, so the interval is too narrow when one article carries
  a period, which is what "rests on" and the leave-one-document-out check show.
- **Direction** (:func:`direction`) compares the first and the last period
  with documents, in date order: ``rose`` or ``fell`` when their intervals do
  not overlap, otherwise ``unchanged within uncertainty``; the periods in
  between are stated beside it.
- **Rests on** (:class:`RestsOn`): the share of a period's count from its
  largest document and its largest article, named with outlet and date.
- **Leave one document out**: the direction is recomputed without each
  document; a finding whose direction changes is worded as such.
- **MIIT**: statements about MIIT use the occurrences attributed to the
  minister or to MIIT (``speaker_type`` in :data:`MIIT_TYPES`) only.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from policytext.chapter import md_escape
from policytext.config import DATA_DIR
from policytext.errors import InputError

MIIT_TYPES = ("minister", "miit")
"""Speaker types counted as MIIT: the minister, and MIIT or one of its meetings."""

SPEAKER_LABELS = {
    "minister": "the minister",
    "miit": "MIIT or an MIIT meeting",
    "central_body": "another central body",
    "local_government": "a local government",
    "company": "a company",
    "research_body": "a research body",
    "journalist": "the journalist",
    "unattributed": "no attributed speaker",
}
"""English names of the speaker types, for prose."""

LEVEL = 0.95
"""Coverage of every interval in the report."""

INTERVAL_METHOD = (
    "exact (Garwood) 95% Poisson interval on the count, with the characters as exposure"
)
"""How the intervals are computed, as stated in the report."""

_LOG = logging.getLogger(__name__)
UNCHANGED = "unchanged within uncertainty"
NO_TRANSLATION = "(no translation yet)"
TRANSLATIONS = DATA_DIR / "translations.yml"


# --------------------------------------------------------------------------
# Wording
# --------------------------------------------------------------------------


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """``n`` with the noun agreeing: ``1 document``, ``2 documents``."""
    return f"{n:,} {singular if n == 1 else plural_form or singular + 's'}"


def agree(n: int, singular: str, plural_form: str) -> str:
    """``n`` with the verb agreeing: ``1 survives``, ``2 survive``."""
    return f"{n:,} {singular if n == 1 else plural_form}"


def join_words(items: Iterable[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def verb_phrase(word: str) -> str:
    """``rose``, ``fell`` or ``was unchanged within uncertainty``."""
    return word if word in ("rose", "fell") else f"was {word}"


def fmt(value: float) -> str:
    """A rate as the report prints it (one decimal)."""
    return f"{value:.1f}"


# --------------------------------------------------------------------------
# Intervals and direction
# --------------------------------------------------------------------------


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


# --------------------------------------------------------------------------
# Finding objects
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A document or an article, with one term's count and rate in it."""

    unit_id: str
    doc_id: str
    outlet: str
    date: str
    count: int
    chars: int
    headline: str = ""

    @property
    def rate(self) -> float:
        """Mentions per 10,000 characters."""
        return self.count / self.chars * 10_000 if self.chars else math.nan

    @property
    def source(self) -> str:
        """Outlet and date, as a reader cites it."""
        return f"{self.outlet}, {self.date}"


@dataclass(frozen=True)
class PeriodRate:
    """One period's rate of a term, with its interval and its parts."""

    period: str
    label: str
    start: str
    count: int
    chars: int
    documents: tuple[Unit, ...]
    articles: tuple[Unit, ...]

    @property
    def rate(self) -> float:
        """Mentions per 10,000 characters of the period's clean text."""
        return self.count / self.chars * 10_000 if self.chars else math.nan

    @property
    def interval(self) -> tuple[float, float]:
        """See :func:`rate_interval`."""
        return rate_interval(self.count, self.chars)

    @property
    def text(self) -> str:
        """``15.8 (6.3–32.5) in June 2025``."""
        low, high = self.interval
        return f"{fmt(self.rate)} ({fmt(low)}–{fmt(high)}) in {self.label}"


@dataclass(frozen=True)
class RestsOn:
    """How much of a period's count one document and one article carry."""

    period: str
    label: str
    count: int
    document: Unit
    article: Unit

    @property
    def document_share(self) -> float:
        """Share of the count in the largest document."""
        return self.document.count / self.count if self.count else 0.0

    @property
    def article_share(self) -> float:
        """Share of the count in the largest article."""
        return self.article.count / self.count if self.count else 0.0

    @property
    def text(self) -> str:
        """The caveat, e.g. ``rests on one document: 25 of 28 mentions …``."""
        doc, art = self.document, self.article
        head = f"“{art.headline}”, " if art.headline else ""
        return (
            f"{self.label} rests on one document for {doc.count} of its "
            f"{plural(self.count, 'mention')} ({doc.source}), on one article for "
            f"{art.count} ({head}{art.source})"
        )


@dataclass(frozen=True)
class Quote:
    """A verbatim sentence with its source, speaker and translation."""

    text: str
    doc_id: str
    outlet: str
    date: str
    speaker: str
    speaker_type: str
    translation: str | None

    @property
    def who(self) -> str:
        """Speaker as a reader reads it: ``李乐成 (the minister)``."""
        kind = SPEAKER_LABELS.get(self.speaker_type, self.speaker_type or "unattributed")
        return f"{self.speaker} ({kind})" if self.speaker else kind

    @property
    def where(self) -> str:
        """``中国电子报, 2026-03-24; speaker: the minister``."""
        return f"{short_outlet(self.outlet)}, {self.date}; speaker: {self.who}"

    def markdown(self) -> str:
        """The quote, its translation and its source line as a block quote."""
        english = md_escape(self.translation) if self.translation else NO_TRANSLATION
        return f"> {md_escape(self.text)}\n>\n> *{english}* — {md_escape(self.where)}."


@dataclass(frozen=True)
class RateFinding:
    """A term's rate by period, its direction, what it rests on and its checks."""

    term: str
    gloss: str
    scope: str
    rates: tuple[PeriodRate, ...]
    flips: tuple[tuple[str, str], ...]
    """``(document source, direction without it)`` for every document whose
    omission changes the direction; ``"no comparison"`` if it empties a period."""
    quotes: tuple[Quote, ...] = ()
    miit_count: int | None = None
    """Mentions attributed to MIIT (``None``: attribution not available)."""

    @property
    def total(self) -> int:
        """Mentions in every period."""
        return sum(r.count for r in self.rates)

    @property
    def first(self) -> PeriodRate:
        """The earliest period with documents."""
        return self.rates[0]

    @property
    def last(self) -> PeriodRate:
        """The latest period with documents."""
        return self.rates[-1]

    @property
    def direction(self) -> str:
        """See :func:`direction`; ``""`` with fewer than two periods."""
        if len(self.rates) < 2:
            return ""
        return direction(self.first.interval, self.last.interval)

    @property
    def rests_on(self) -> tuple[RestsOn, ...]:
        """What each period with mentions rests on."""
        return tuple(rests_on(r) for r in self.rates if r.count)


def rests_on(rate: PeriodRate) -> RestsOn:
    """The largest document and article of a period (ties: the earlier one)."""
    doc = max(rate.documents, key=lambda u: u.count)
    art = max(rate.articles, key=lambda u: u.count) if rate.articles else doc
    return RestsOn(rate.period, rate.label, rate.count, doc, art)


# --------------------------------------------------------------------------
# The adapter (delete once the article and attribution stages are merged)
# --------------------------------------------------------------------------


PREPARED_COLUMNS = {
    "articles.csv": ("article_id", "doc_id", "period", "chars"),
    "article_term_counts.csv": ("article_id", "doc_id", "period", "term", "count", "chars"),
    "kwic.csv": ("article_id", "speaker", "speaker_type"),
    "figures.csv": ("article_id", "speaker", "speaker_type", "ref_period", "scope", "stated_by"),
    "commitments.csv": ("article_id", "speaker", "speaker_type"),
    "restatements.csv": ("group", "ref_period", "scope", "speaker_type", "comparison"),
}
"""The columns of the pipeline's tables that the findings read."""


def prepare(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
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
    return dict(tables)


# --------------------------------------------------------------------------
# Building findings
# --------------------------------------------------------------------------


def ordered_periods(periods: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The declared periods that have documents, in date order (``start``, else id)."""
    frame = periods.copy()
    if "start" not in frame:
        frame["start"] = frame["period"]
    frame = frame.sort_values("start", kind="stable")
    return frame[frame["period"].isin(set(documents["period"]))].reset_index(drop=True)


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


def leave_one_out(
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


def load_translations(path: str | Path = TRANSLATIONS) -> dict[str, str]:
    """``translations.yml``: English translations keyed by the exact Chinese quote.

    Raises:
        InputError: Not a mapping of strings to strings (naming the entry).
    """
    path = Path(path)
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    quotes = data.get("quotes", {}) if isinstance(data, dict) else None
    if not isinstance(quotes, dict):
        raise InputError([f"{path}: expected a mapping 'quotes:' of Chinese quote to English"])
    problems = [
        f"{path}: quotes: entry {key!r}: translation must be a non-empty string"
        for key, value in quotes.items()
        if not isinstance(value, str) or not value.strip()
    ]
    if problems:
        raise InputError(problems)
    return {str(k).strip(): v.strip() for k, v in quotes.items()}


def quote(
    row: object, documents: pd.DataFrame, translations: dict[str, str], *, attributed: bool = True
) -> Quote:
    """A :class:`Quote` from a kwic, figures or commitments row.

    ``attributed=False`` (the row's table has no attribution yet) shows no speaker.
    """
    meta = documents.set_index("doc_id").loc[row.doc_id]
    text = str(row.sentence).strip()
    return Quote(
        text,
        row.doc_id,
        str(meta["outlet"]),
        str(meta["date"]),
        str(getattr(row, "speaker", "") or "") if attributed else "",
        str(getattr(row, "speaker_type", "") or "") if attributed else "",
        translations.get(text),
    )


MIN_QUOTE = 12
"""Shortest sentence preferred as a quote (characters): headlines and fragments are shorter."""


def pick_sentence(rows: pd.DataFrame) -> object | None:
    """The shortest sentence of at least :data:`MIN_QUOTE` characters (else the shortest)."""
    if rows.empty:
        return None
    rows = rows.assign(_len=rows["sentence"].str.len()).drop_duplicates("sentence")
    long_enough = rows[rows["_len"] >= MIN_QUOTE]
    pool = long_enough if not long_enough.empty else rows
    return next(pool.sort_values("_len", kind="stable").itertuples(index=False))


def term_finding(
    term: object,
    tables: dict[str, pd.DataFrame],
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
    docs, articles = tables["documents.csv"], tables["articles.csv"]
    kwic = tables["kwic.csv"]
    mine = kwic[kwic["term"] == term.term]
    miit = mine[mine["speaker_type"].isin(MIIT_TYPES)]
    if scope == "miit":
        doc_counts = miit.groupby("doc_id").size().rename("count").reset_index()
        art_counts = miit.groupby("article_id").size().rename("count").reset_index()
    else:
        counts = tables["term_counts.csv"]
        doc_counts = counts[counts["term"] == term.term]
        acounts = tables["article_term_counts.csv"]
        art_counts = acounts[acounts["term"] == term.term]
    kwargs = {"documents": docs, "articles": articles, "periods": periods}
    rates = period_rates(doc_counts, art_counts, **kwargs)
    flips = leave_one_out(doc_counts, art_counts, **kwargs)
    attributed = not kwic.attrs.get("unattributed", False)
    quotes = []
    pool = miit if scope == "miit" else mine
    for rate in dict.fromkeys((rates[0], rates[-1]) if rates else ()):
        if not rate.count:
            continue
        top = rests_on(rate).document.doc_id
        row = pick_sentence(pool[pool["doc_id"] == top])
        if row is not None:
            quotes.append(quote(row, docs, translations, attributed=attributed))
    return RateFinding(
        term.term,
        term.gloss_en,
        scope,
        rates,
        flips,
        tuple(quotes),
        len(miit) if attributed else None,
    )


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------


def period_list(rates: Sequence[PeriodRate]) -> str:
    """The period labels in date order: ``June 2025, January 2026 and March 2026``."""
    return join_words(r.label for r in rates)


def document_counts(documents: pd.DataFrame, periods: pd.DataFrame) -> str:
    """``5 documents: 1 for June 2025, 2 for January 2026 and 2 for March 2026``."""
    order = ordered_periods(periods, documents)
    sizes = documents.groupby("period").size()
    pairs = zip(order["period"], order["label"], strict=True)
    parts = [f"{int(sizes[p])} for {label}" for p, label in pairs]
    return f"{plural(len(documents), 'document')}: {join_words(parts)}"


def short_outlet(outlet: str) -> str:
    """An outlet's name up to its first gloss or comma: ``中国电子报``."""
    return re.split(r"\s*[(（,，]", outlet, maxsplit=1)[0] or outlet


def source(unit: Unit) -> str:
    """``中国电子报, 2026-03-24``."""
    return f"{short_outlet(unit.outlet)}, {unit.date}"


def direction_sentence(finding: RateFinding) -> str:
    """The rates at both ends (with intervals) and what lies between, in words."""
    if not finding.rates:
        return "No period has documents"
    first, last = finding.first, finding.last
    text = f"Per 10,000 characters, {first.text}"
    if len(finding.rates) > 1:
        text += f" and {last.text}"
    between = finding.rates[1:-1]
    if between:
        text += "; in between, " + join_words(r.text for r in between)
    return text


def per_document_sentence(finding: RateFinding) -> str:
    """Each period's per-document rates and counts."""
    parts = []
    for rate in finding.rates:
        docs = "; ".join(f"{source(u)}: {fmt(u.rate)} ({u.count})" for u in rate.documents)
        parts.append(f"{rate.label}: {docs}")
    return "Per document, rate (count): " + " · ".join(parts)


def rests_on_phrase(rest: RestsOn) -> str:
    """``March 2026: 25 of 28 mentions in one document (中国电子报, 2026-03-24)``."""
    doc, art = rest.document, rest.article
    share = (
        f"all {plural(rest.count, 'mention')}"
        if doc.count == rest.count
        else f"{doc.count} of {plural(rest.count, 'mention')}"
    )
    text = f"{rest.label}: {share} in one document ({source(doc)})"
    if art.unit_id != doc.unit_id and art.chars < doc.chars:
        text += f", {art.count} in one article (“{art.headline}”)"
    return text


def caveat_sentence(finding: RateFinding) -> str:
    """What the finding rests on and whether leaving out one document turns it."""
    heavy = [r for r in finding.rests_on if r.count > 1 and r.document_share > 0.5]
    parts = []
    if heavy:
        parts.append("Rests on: " + "; ".join(rests_on_phrase(r) for r in heavy) + ".")
    if finding.flips:
        empty = [src for src, word in finding.flips if word == "no comparison"]
        turned = [(src, word) for src, word in finding.flips if word != "no comparison"]
        if turned:
            parts.append(
                "Leaving out one document changes the direction: "
                + "; ".join(f"without {src} it is “{word}”" for src, word in turned)
                + "."
            )
        if empty:
            parts.append(
                f"Leaving out {join_words(empty)} empties "
                + ("its period" if len(empty) == 1 else "their periods")
                + ", so the direction cannot be checked without "
                + ("it." if len(empty) == 1 else "them.")
            )
            if not turned:
                parts.append("Leaving out any other document does not change the direction.")
    elif len(finding.rates) >= 2:
        parts.append("Leaving out any one document does not change the direction.")
    return " ".join(parts)


def speaker_sentence(finding: RateFinding) -> str:
    """How many of the mentions are MIIT's own."""
    if finding.miit_count is None:
        return "Speakers are not attributed in this build: none of this is shown to be MIIT's."
    return (
        f"Of the {plural(finding.total, 'mention')}, {agree(finding.miit_count, 'is', 'are')} "
        "attributed to MIIT (the minister or a ministry meeting)."
    )


def headline(finding: RateFinding) -> str:
    """``未来产业 (future industries) rose between June 2025 and March 2026``."""
    name = f"{finding.term} ({finding.gloss})"
    if len(finding.rates) < 2:
        return f"{name}: {plural(finding.total, 'mention')} in one period, no direction"
    word = finding.direction
    verb = word if word != UNCHANGED else "was " + UNCHANGED
    return f"{name} {verb} between {finding.first.label} and {finding.last.label}"


def indent(block: str, *, width: int = 3) -> str:
    """A markdown block indented to sit inside a numbered list item."""
    pad = " " * width
    return "\n".join(pad + line if line else "" for line in block.splitlines())


def numbered(blocks: Sequence[str]) -> str:
    """Markdown blocks as a numbered list."""
    return "\n\n".join(f"{n}. " + indent(b)[3:] for n, b in enumerate(blocks, start=1))


# --------------------------------------------------------------------------
# Distinctive words (comparison chapter)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class DistinctiveFinding:
    """A period's most distinctive word against the other periods, and its checks."""

    period: str
    label: str
    word: str
    z: float
    count: int
    count_other: int
    significant: int
    top_n: int
    robust: int
    kept: int
    runs: int
    documents: int
    document: Unit | None
    """The document of the period that holds most of the word's occurrences."""

    @property
    def text(self) -> str:
        """One sentence about the word and what it rests on."""
        text = (
            f"{self.label}: {self.word} (z = {self.z:.1f}; {self.count} times, "
            f"against {self.count_other} in the other periods)"
        )
        if self.document is not None and self.count:
            share = (
                "all of them"
                if self.document.count == self.count
                else f"{self.document.count} of {self.count}"
            )
            text += f", {share} in one document ({source(self.document)})"
        return text

    @property
    def stability(self) -> str:
        """What leaving out one document does to the period's top words."""
        if self.documents < 2:
            return (
                f"{self.label} has {plural(self.documents, 'document')}: leaving it out removes "
                "the period, so the runs say nothing about it"
            )
        return (
            f"{self.label}: of its top {self.top_n} words, "
            f"{agree(self.robust, 'survives', 'survive')} every run that leaves out one "
            f"document; {self.word} stays in the top list in {self.kept} of "
            f"{plural(self.runs, 'run')}"
        )


def distinctive_findings(
    tables: dict[str, pd.DataFrame], *, periods: pd.DataFrame, top_n: int = 10
) -> list[DistinctiveFinding]:
    """Each period's most distinctive word (``<period> vs rest``), in date order."""
    docs = tables["documents.csv"]
    distinctive = tables["distinctive_terms.csv"]
    stability = tables["distinctive_stability.csv"]
    tokens = tables["token_counts.csv"]
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


def theme_sentence(themes: pd.DataFrame, *, periods: pd.DataFrame, documents: pd.DataFrame) -> str:
    """The leading theme of each period, periods with the same leader grouped."""
    leaders: dict[str, list[str]] = {}
    for row in ordered_periods(periods, documents).itertuples(index=False):
        mine = themes[themes["period"] == row.period]
        if mine.empty:
            continue
        lead = mine.sort_values("per_10k_chars", ascending=False, kind="stable").iloc[0]["label"]
        leaders.setdefault(lead, []).append(row.label)
    parts = [f"{theme} in {join_words(labels)}" for theme, labels in leaders.items()]
    return "The leading theme (highest rate of its terms) is " + join_words(parts)


# --------------------------------------------------------------------------
# Figures: who states them, targets, restatements
# --------------------------------------------------------------------------


def speaker_counts(frame: pd.DataFrame) -> str:
    """``41 by the journalist, 12 by the minister``, largest first."""
    counts = frame["speaker_type"].fillna("").replace("", "unattributed").value_counts()
    return join_words(f"{n} by {SPEAKER_LABELS.get(kind, kind)}" for kind, n in counts.items())


def figure_findings(
    tables: dict[str, pd.DataFrame], *, translations: dict[str, str]
) -> dict[str, object]:
    """Sentences and quotes about the figures: who reports, whose targets, restatements."""
    figures = tables["figures.csv"]
    docs = tables["documents.csv"]
    restated = tables["restatements.csv"]
    attributed = not figures.attrs.get("unattributed", False)
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
    elif not attributed:
        target_text = (
            f"The corpus holds {plural(len(targets), 'target')}; speakers are not attributed "
            "in this build, so none is shown to be MIIT's."
        )
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
    changes = (
        agree(n_changed, "differs", "differ")
        + " in value (not yet checked against reference periods and bounds)"
        if restated.attrs.get("compared_by_value")
        else agree(n_changed, "changes", "change") + " value beyond what the bounds allow"
    )
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
    quotes = [
        quote(r, docs, translations, attributed=attributed) for r in shown.itertuples(index=False)
    ]
    return {
        "n_figures": len(figures),
        "kinds": kind_text,
        "who_reports": speaker_counts(figures) if attributed else "speakers not attributed",
        "who_forecasts": speaker_counts(forecasts) if attributed and not forecasts.empty else "",
        "targets": target_text,
        "restatements": restate_text,
        "n_changed": n_changed,
        "quotes": quotes,
    }


def sentences_with(text: str, word: str) -> list[str]:
    """The sentences of ``text`` (split at 。！？ and line breaks) that contain ``word``."""
    parts = re.findall(r"[^。！？!?\n]+[。！？!?]?", text)
    return [p.strip() for p in parts if word in p]


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


# --------------------------------------------------------------------------
# The report's text
# --------------------------------------------------------------------------


@dataclass
class Findings:
    """Every finding of the report, built once from the pipeline's results."""

    tables: dict[str, pd.DataFrame]
    periods: pd.DataFrame
    terms: list[RateFinding]
    miit: list[RateFinding]
    distinctive: list[DistinctiveFinding]
    word_quotes: list[Quote]
    figures: dict[str, object]
    themes: str

    @property
    def quotes(self) -> list[Quote]:
        """Every quote the report shows."""
        out = [q for f in self.terms for q in f.quotes] + list(self.word_quotes)
        return out + list(self.figures["quotes"])

    @property
    def untranslated(self) -> list[str]:
        """The quotes shown without a translation, each once."""
        return list(dict.fromkeys(q.text for q in self.quotes if q.translation is None))

    @property
    def period_labels(self) -> list[str]:
        """The labels of the periods with documents, in date order."""
        return list(ordered_periods(self.periods, self.tables["documents.csv"])["label"])


def build(results: object, *, translations: dict[str, str] | None = None) -> Findings:
    """Every finding for a :class:`policytext.pipeline.Results`."""
    if translations is None:
        translations = load_translations()
    tables = prepare(results.tables)
    periods = results.periods
    focal = [t for t in results.terms if t.focal]
    kwargs = {"periods": periods, "translations": translations}
    terms = [term_finding(t, tables, **kwargs) for t in focal]
    attributed = not tables["kwic.csv"].attrs.get("unattributed", False)
    miit = [term_finding(t, tables, scope="miit", **kwargs) for t in focal] if attributed else []
    distinctive = distinctive_findings(tables, periods=periods)
    texts = results.texts
    docs = tables["documents.csv"]
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
        theme_sentence(tables["themes.csv"], periods=periods, documents=docs),
    )
    for text in found.untranslated:
        _LOG.warning("quotation without a translation in data/translations.yml: %s", text)
    return found


def _miit_line(finding: RateFinding, miit: RateFinding | None) -> str:
    if miit is None:
        return speaker_sentence(finding)
    text = speaker_sentence(finding)
    if miit.total and len(miit.rates) > 1:
        text += (
            f" Counting those only, it {verb_phrase(miit.direction)}: "
            f"{miit.first.text} and {miit.last.text}"
        )
        text += "." if not miit.flips else " (leaving out one document changes or voids this)."
    return text


def term_block(finding: RateFinding, miit: RateFinding | None = None, *, ref: str = "") -> str:
    """One focal term's finding as MyST markdown (data escaped)."""
    lines = [
        f"**{md_escape(headline(finding))}.** {md_escape(direction_sentence(finding))}{ref}.",
        "",
        md_escape(per_document_sentence(finding)) + ".",
        "",
        md_escape(caveat_sentence(finding) + " " + _miit_line(finding, miit)),
    ]
    for q in finding.quotes:
        lines += ["", q.markdown()]
    return "\n".join(lines)


def distinctive_block(found: Findings, *, ref: str = "") -> str:
    """The periods' most distinctive words as one finding."""
    items = found.distinctive
    if not items:
        return ""
    head = "Each period's most distinctive word against the others"
    body = "; ".join(d.text for d in items)
    checks = "; ".join(d.stability for d in items)
    lines = [
        f"**{md_escape(head)}.** {md_escape(body)}{ref}.",
        "",
        f"Leaving out one document: {md_escape(checks)}.",
    ]
    for q in found.word_quotes:
        lines += ["", q.markdown()]
    return "\n".join(lines)


def figures_block(found: Findings, *, ref: str = "") -> str:
    """Who states the figures, whose targets they are, and what restatements show."""
    fig = found.figures
    head = "Figures: what is reported, and whose targets"
    text = (
        f"The reports hold {plural(int(fig['n_figures']), 'figure')}: {fig['kinds']}. "
        f"{fig['targets']} {fig['restatements']}"
    )
    lines = [f"**{md_escape(head)}.** {md_escape(text)}{ref}."]
    for q in fig["quotes"]:
        lines += ["", q.markdown()]
    return "\n".join(lines)


def key_findings(found: Findings, *, refs: dict[str, str] | None = None) -> str:
    """The landing page's key findings as a numbered MyST list."""
    refs = refs or {}
    miit = {f.term: f for f in found.miit}
    blocks = [term_block(f, miit.get(f.term), ref=refs.get("terms", "")) for f in found.terms]
    blocks.append(distinctive_block(found, ref=refs.get("distinctive", "")))
    blocks.append(figures_block(found, ref=refs.get("figures", "")))
    return numbered([b for b in blocks if b])


def how_sure(found: Findings) -> str:
    """The landing page's caveat: the corpus's size, and how to read the intervals."""
    docs = found.tables["documents.csv"]
    order = ordered_periods(found.periods, docs)
    sizes = docs.groupby("period").size()
    single = [
        label for p, label in zip(order["period"], order["label"], strict=True) if sizes[p] == 1
    ]
    text = (
        f"The corpus is {document_counts(docs, found.periods)}. Every rate is shown with an "
        f"{INTERVAL_METHOD}; it assumes that mentions are independent, which they are not "
        "(they cluster in articles), so each finding also says what it rests on and whether "
        "leaving out one document changes it."
    )
    if single:
        text += (
            f" {join_words(single)} {'has' if len(single) == 1 else 'each have'} one document, "
            f"so nothing about {'it' if len(single) == 1 else 'them'} can be checked by leaving "
            "a document out."
        )
    return md_escape(text)


# --------------------------------------------------------------------------
# Chapter summaries
# --------------------------------------------------------------------------


def corpus_phrase(documents: pd.DataFrame) -> str:
    """``the 5 documents`` (``the 1 document``), for captions and source lines."""
    return f"the {plural(len(documents), 'document')}"


def terms_summary(found: Findings, *, compounds: pd.DataFrame) -> str:
    """The terms chapter's summary: each focal term's rates, direction and main form."""
    parts = []
    for finding in found.terms:
        rates = join_words(r.text for r in finding.rates)
        text = f"{finding.term}: {rates} ({plural(finding.total, 'mention')} in all)"
        if finding.direction:
            text += f"; between the first and the last period it {verb_phrase(finding.direction)}"
        used = [r.label for r in finding.rates if r.count]
        if used and used[0] != finding.rates[0].label:
            text += f"; it first appears in {used[0]}"
        mine = compounds[compounds["term"] == finding.term]
        if not mine.empty:
            top = (
                mine.groupby("compound")["count"].sum().sort_values(ascending=False, kind="stable")
            )
            count = plural(int(top.iloc[0]), "mention")
            text += f"; its most frequent compound is {top.index[0]} ({count})"
        parts.append(text)
    return md_escape(
        "Per 10,000 characters, with 95% intervals in brackets: " + ". ".join(parts) + "."
    )


def top_word_sentence(
    vocab: pd.DataFrame, *, periods: pd.DataFrame, documents: pd.DataFrame
) -> str:
    """The most frequent content word of each period, periods with the same word grouped."""
    leaders: dict[str, list[str]] = {}
    order = ordered_periods(periods, documents)
    for row in order.itertuples(index=False):
        mine = vocab[vocab["period"] == row.period]
        if not mine.empty:
            leaders.setdefault(str(mine.nsmallest(1, "rank").iloc[0]["term"]), []).append(row.label)
    if len(leaders) == 1 and len(order) > 1:
        word = next(iter(leaders))
        return md_escape(f"The most frequent content word is {word} in every period")
    parts = [f"{word} in {join_words(labels)}" for word, labels in leaders.items()]
    return md_escape("The most frequent content word is " + join_words(parts))


def distinctive_summary(found: Findings) -> str:
    """The comparison chapter's summary of each period's most distinctive word."""
    if not found.distinctive:
        return md_escape("With a single period there is nothing to compare.")
    items = "; ".join(d.text for d in found.distinctive)
    significant = join_words(f"{d.significant} in {d.label}" for d in found.distinctive)
    return md_escape(
        f"Against all other periods pooled, the most distinctive word of each period is: {items}. "
        f"Words passing z > 1.96: {significant}."
    )


def stability_summary(found: Findings) -> str:
    """What leaving out one document does to each period's top words."""
    if not found.distinctive:
        return ""
    return md_escape("; ".join(d.stability for d in found.distinctive) + ".")


def documents_per_period(found: Findings) -> str:
    """``June 2025 has 1 document, January 2026 2 and March 2026 2``."""
    docs = found.tables["documents.csv"]
    order = ordered_periods(found.periods, docs)
    sizes = docs.groupby("period").size()
    parts = [
        f"{plural(int(sizes[p]), 'document')} in {label}"
        for p, label in zip(order["period"], order["label"], strict=True)
    ]
    pairs = zip(order["period"], order["label"], strict=True)
    single = [label for p, label in pairs if sizes[p] == 1]
    text = "The periods hold " + join_words(parts) + "."
    if single:
        text += (
            f" {join_words(single)} {'rests' if len(single) == 1 else 'rest'} on one document: "
            "a result there is that document's vocabulary."
        )
    return md_escape(text)


def figures_summary(found: Findings) -> str:
    """The figures chapter's summary: kinds, speakers, targets."""
    fig = found.figures
    text = f"The documents hold {plural(int(fig['n_figures']), 'figure')}: {fig['kinds']}."
    if fig["who_reports"] != "speakers not attributed":
        text += f" By speaker: {fig['who_reports']}."
        if fig["who_forecasts"]:
            text += f" The forecasts are stated {fig['who_forecasts']}."
    return md_escape(text + " " + str(fig["targets"]))


def untranslated_markdown(found: Findings) -> str:
    """The quotations shown without a translation, as a list (or a sentence saying none)."""
    missing = found.untranslated
    if not missing:
        return "Every quotation the report shows has a translation in `data/translations.yml`."
    lines = [
        f"{plural(len(missing), 'quotation')} shown in the report "
        f"{'has' if len(missing) == 1 else 'have'} no translation yet "
        f"(add {'it' if len(missing) == 1 else 'them'} to `data/translations.yml`):",
        "",
    ]
    return "\n".join(lines + [f"- {md_escape(text)}" for text in missing])


# --------------------------------------------------------------------------
# Tables of the findings (for the chapters and for charts)
# --------------------------------------------------------------------------

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
