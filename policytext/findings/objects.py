"""The finding objects: a unit, a period's rate, what it rests on, a finding."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from policytext.findings.intervals import direction, rate_interval
from policytext.findings.quotes import Quote
from policytext.findings.wording import agree, fmt, plural, source
from policytext.tables import Tables

MIIT_TYPES = ("minister", "miit")
"""Speaker types counted as MIIT: the minister, and MIIT or one of its meetings."""


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


def rests_on(rate: PeriodRate) -> RestsOn:
    """The largest document and article of a period (ties: the earlier one)."""
    doc = max(rate.documents, key=lambda u: u.count)
    art = max(rate.articles, key=lambda u: u.count) if rate.articles else doc
    return RestsOn(rate.period, rate.label, rate.count, doc, art)


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
    miit_count: int = 0
    """Mentions attributed to MIIT (the minister or MIIT)."""

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


def ordered_periods(periods: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The declared periods that have documents, in date order (``start``, else id)."""
    frame = periods.copy()
    if "start" not in frame:
        frame["start"] = frame["period"]
    frame = frame.sort_values("start", kind="stable")
    return frame[frame["period"].isin(set(documents["period"]))].reset_index(drop=True)


@dataclass
class Findings:
    """Every finding of the report, built once from the pipeline's results."""

    tables: Tables
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
        return list(ordered_periods(self.periods, self.tables.documents)["label"])
