"""Attribution of tables: ``article_id, speaker, speaker_type`` for rows at an offset of a text."""

from __future__ import annotations

import bisect
from typing import Any

import pandas as pd

from policytext.articles import article_id as make_article_id
from policytext.attribution.context import Attribution, attribute_text
from policytext.attribution.rules import JOURNALIST, SPEAKER_TYPES, SpeakerRules

ATTRIBUTION_COLUMNS = ("article_id", "speaker", "speaker_type")
"""Columns :func:`attribute` adds."""

Index = dict[str, tuple[list[int], list[Attribution]]]
"""Each document's attributions with their starts (see :func:`attribution_index`)."""


def attribution_index(
    texts: pd.DataFrame,
    *,
    articles: pd.DataFrame,
    rules: SpeakerRules,
    documents: set[str] | None = None,
) -> Index:
    """Every sentence of every document attributed once (:func:`attribute_text`).

    Args:
        texts: ``doc_id, text`` of the documents (``per_document.texts_table``).
        articles: ``articles.csv`` (:func:`policytext.articles.articles_table`).
        rules: The attribution rules.
        documents: Only these documents (default all).
    """
    index: Index = {}
    for doc in texts.itertuples(index=False):
        if documents is not None and doc.doc_id not in documents:
            continue
        spans = articles[articles["doc_id"] == doc.doc_id].sort_values("position")
        done = attribute_text(
            str(doc.text),
            rules=rules,
            articles=list(zip(spans["start"], spans["end"], strict=True)),
        )
        index[doc.doc_id] = ([a.start for a in done], done)
    return index


def attribute(
    table: pd.DataFrame,
    *,
    texts: pd.DataFrame,
    articles: pd.DataFrame,
    rules: SpeakerRules,
    offset: str = "start",
    index: Index | None = None,
) -> pd.DataFrame:
    """``table`` with ``article_id, speaker, speaker_type`` added (at the end).

    Args:
        table: Rows with ``doc_id`` and an offset (column ``offset``) into the
            document's clean text: a figure's or commitment's sentence start,
            a concordance match's start.
        texts: ``doc_id, text`` of the documents (``per_document.texts_table``).
        articles: ``articles.csv`` (:func:`policytext.articles.articles_table`).
        rules: The attribution rules.
        offset: The offset column.
        index: The documents already attributed (:func:`attribution_index`),
            to attribute several tables at the cost of one.

    Returns:
        A copy of ``table`` with the three columns; a row whose offset falls
        in no sentence (whitespace) takes the sentence before it.
    """
    frame = table.copy()
    if frame.empty:
        for column in ATTRIBUTION_COLUMNS:
            frame[column] = pd.Series(dtype=object)
        return frame
    if index is None:
        index = attribution_index(
            texts, articles=articles, rules=rules, documents=set(frame["doc_id"])
        )
    ids, speakers, types = [], [], []
    for doc_id, position in zip(frame["doc_id"], frame[offset], strict=True):
        starts, done = index.get(doc_id, ([], []))
        if not done or pd.isna(position):
            ids.append("")
            speakers.append("")
            types.append(JOURNALIST)
            continue
        hit = done[max(0, bisect.bisect_right(starts, int(position)) - 1)]
        ids.append(make_article_id(doc_id, hit.article))
        speakers.append(hit.speaker)
        types.append(hit.type)
    frame["article_id"] = ids
    frame["speaker"] = speakers
    frame["speaker_type"] = types
    return frame


def stated_by(frame: pd.DataFrame) -> pd.Series:
    """Who states each row: the speaker's name, else its type (``journalist``)."""
    return frame["speaker"].where(frame["speaker"].astype(bool), frame["speaker_type"])


def type_counts(frame: pd.DataFrame) -> dict[str, Any]:
    """Rows per speaker type, every type listed (zeros included)."""
    counts = frame["speaker_type"].value_counts()
    return {kind: int(counts.get(kind, 0)) for kind in SPEAKER_TYPES}
