"""Figures: every quantitative statement in the documents, its kind, year, indicator and scope."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple

import pandas as pd

from policytext.figures.indicators import Indicator
from policytext.figures.reference import Years, period_cues, reference_period
from policytext.figures.rules import load_indicator_rules
from policytext.figures.scope import ScopeRules
from policytext.figures.sentences import (
    Sentence,
    check_docs,
    cue_sentences,
    doc_texts,
    document_year,
    scanned,
)
from policytext.numbers import FIGURE_CUE, Figure, find_figures

FIGURE_COLUMNS = (
    "doc_id",
    "period",
    "figure",
    "value",
    "value_high",
    "unit",
    "bound",
    "kind",
    "year",
    "indicator",
    "policy_indicator",
    "sentence",
    "start",
    "end",
    "ref_period",
    "scope",
)
"""Columns of :func:`extract_figures` (the attribution stage adds
:data:`policytext.attribution.ATTRIBUTION_COLUMNS` and ``stated_by``)."""

KINDS = ("reported", "estimate", "forecast", "target")
"""Values of the ``kind`` column."""

DOC_COLUMNS = ("doc_id", "period", "date", "text")
"""Columns :func:`extract_figures` needs in ``docs``."""

_CLAUSE_BREAK = re.compile(r"[,，;；。!！?？:：、…]")
_FORECAST = r"有望|可望|预测|预计|(?<!超)预期|将(?:超过?|有(?!力)|达到?|突破|进入|增至|实现|迎来)"
_FORECAST_RE = scanned(_FORECAST, "有可预将")
_ESTIMATE_RE = re.compile(r"测算|估算|估计|初步统计")
_TARGET = (
    r"力争|争取|(?<!完成)(?<!达成)目标(?!任务)|要实现|确保.{0,8}达到|计划到"
    r"|到\s*(?:19|20)\d{2}\s*年"
)
_TARGET_RE = scanned(_TARGET, "力争目要确计到")
_EVENT_RE = re.compile(
    r"参加会议|参加|参会|与会|出席|列席|发言|负责人|负责同志|领导|嘉宾|代表(?!性)|观众"
)


def _clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the clause holding ``sentence[start:end]``."""
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, start)), default=0)
    right_match = _CLAUSE_BREAK.search(sentence, end)
    return left, right_match.start() if right_match else len(sentence)


def _kind(scope: str, year: int | None, doc_year: int | None) -> str:
    """``reported``, ``estimate``, ``forecast`` or ``target`` from the cues in ``scope``."""
    past = year is not None and doc_year is not None and year < doc_year
    if _FORECAST_RE.search(scope):
        return "estimate" if past else "forecast"
    if _TARGET_RE.search(scope):
        return "target"
    if _ESTIMATE_RE.search(scope):
        return "estimate"
    if year is not None and doc_year is not None and year > doc_year:
        return "target"
    return "reported"


class _Context(NamedTuple):
    """What :func:`_classify` reads once per sentence."""

    years: Years
    periods: list[tuple[int, str]]
    earlier_periods: list[tuple[int, str]]
    scopes: ScopeRules
    subject: str


def _classify(
    sentence: Sentence,
    figure: Figure,
    previous_end: int,
    context: _Context,
    indicators: Sequence[Indicator],
) -> tuple[Any, ...]:
    """The :data:`FIGURE_COLUMNS` of a figure from ``figure`` on.

    ``indicators`` are those a figure with its unit may measure (:func:`_by_unit`).
    """
    text = sentence.text
    years = context.years
    left, right = _clause(text, figure.start, figure.end)
    year, stated = years.year(figure)
    kind = _kind(sentence.normalized(0, right), year, years.doc_year)
    if kind in ("forecast", "target") and not stated:
        year = None  # a goal or prediction with no horizon
    clause = sentence.normalized(left, right)
    scope = context.scopes.scope(clause=clause, sentence=sentence.norm, subject=context.subject)
    indicator = None
    if not _EVENT_RE.search(clause):
        near = sentence.normalized(max(left, previous_end), right)
        indicator = _measured(
            indicators, near=near, context=sentence.context, unit=figure.unit, scope=scope
        )
    if indicator is not None and scope == "unspecified" and indicator.scope != "any":
        scope = indicator.scope  # what the indicator counts: its figures' scope
    unit = figure.unit or (indicator.unit if indicator else "")
    position = len(sentence.normalized(0, figure.start))
    ref_period = reference_period(
        context.periods,
        context.earlier_periods,
        start=position,
        end=position + len(sentence.normalized(figure.start, figure.end)),
    )
    return (
        figure.text,
        figure.value,
        figure.value_high,
        unit,
        figure.bound,
        kind,
        year,
        indicator.id if indicator else None,
        indicator is not None,
        text,
        sentence.start,
        sentence.end,
        ref_period,
        scope,
    )


def _measured(
    indicators: Sequence[Indicator], *, near: str, context: str, unit: str, scope: str
) -> Indicator | None:
    """The first of ``indicators`` that a figure measures (see :meth:`Indicator.matches`)."""
    for indicator in indicators:
        if indicator.matches(near=near, context=context, unit=unit, scope=scope):
            return indicator
    return None


def _by_unit(indicators: Sequence[Indicator]) -> dict[str, list[Indicator]]:
    """The indicators a figure with each unit (``""``: none) may measure, in order."""
    units = {"", *(i.unit for i in indicators)}
    return {u: [i for i in indicators if not u or i.unit == u] for u in units}


def extract_figures(
    docs: pd.DataFrame,
    *,
    indicators: Sequence[Indicator] | None = None,
    scopes: ScopeRules | None = None,
) -> pd.DataFrame:
    """Every quantitative statement in the documents, classified.

    Args:
        docs: One row per document with ``doc_id``, ``period``, ``date``
            (ISO, ``YYYY-MM`` or ``YYYY-MM-DD``) and ``text`` (the clean text);
            a ``norm`` column, if any, is taken for the NFKC form of ``text``
            (as in :func:`policytext.per_document.texts_table`).
        indicators: The policy indicators to recognise; ``None`` reads the
            report's ``data/indicators.yml``, an empty list recognises none.
        scopes: The scope cues (:func:`.scope.load_scope_rules`); ``None`` reads the
            report's ``data/indicators.yml``.

    Returns:
        One row per figure, in document order then position, with the
        columns :data:`FIGURE_COLUMNS`: ``figure`` and ``sentence`` quote the
        text verbatim; ``value`` (the low end of a range) and ``value_high``
        (NaN unless a range) are in the base unit (``1.2万亿元`` -> 1.2e12);
        ``bound`` is ``=``, ``>``, ``≈`` or ``<``; ``kind`` one of
        :data:`KINDS`; ``year`` (nullable integer) the year or horizon the
        figure refers to (the document's year when the text gives none, and
        none for a forecast or target without a horizon); ``indicator`` the
        matching indicator's id or None; ``policy_indicator`` whether the
        figure measures a policy indicator (counts of meeting attendees,
        speakers and the like never do, nor do figures with no indicator).
        ``start`` and ``end`` are the sentence's offsets in the clean text;
        ``ref_period`` what the value refers to (:func:`period_cues`; ``""``
        when the text does not say); ``scope`` one of :data:`SCOPES`
        (:meth:`ScopeRules.scope`; a figure of an indicator with no scope
        cue of its own takes the indicator's scope).
        A sentence repeated word for word in a document counts once.

    Raises:
        InputError: ``docs`` lacks a column, or the indicators file is invalid.
    """
    check_docs(docs, DOC_COLUMNS)
    if indicators is None or scopes is None:
        shipped = load_indicator_rules()
        indicators = shipped.indicators if indicators is None else indicators
        scopes = shipped.scopes if scopes is None else scopes
    by_unit = _by_unit(indicators)
    rows: list[tuple[Any, ...]] = []
    for doc, text, norm in doc_texts(docs):
        doc_year = document_year(doc.date)
        for sentence in cue_sentences(text, norm, FIGURE_CUE):
            found = find_figures(sentence.text, norm=sentence.norm)
            if not found:
                continue
            context = _Context(
                Years(sentence, doc_year),
                period_cues(sentence.norm, doc_date=doc.date),
                period_cues(sentence.previous_norm, doc_date=doc.date),
                scopes,
                sentence.norm[: m.start()]
                if (m := _CLAUSE_BREAK.search(sentence.norm))
                else sentence.norm,
            )
            previous_end = 0
            for figure in found:
                row = _classify(
                    sentence, figure, previous_end, context, by_unit.get(figure.unit, [])
                )
                rows.append((doc.doc_id, doc.period, *row))
                previous_end = figure.end
    frame = pd.DataFrame(rows, columns=list(FIGURE_COLUMNS))
    frame["value"] = frame["value"].astype(float)
    frame["value_high"] = frame["value_high"].astype(float)
    frame["year"] = frame["year"].astype("Int64")
    for column in ("start", "end"):
        frame[column] = frame[column].astype(int)
    frame["policy_indicator"] = frame["policy_indicator"].astype(bool)
    frame["indicator"] = frame["indicator"].astype(object).where(frame["indicator"].notna(), None)
    return frame
