"""Stage 4, counts: focal terms by exact matching, vocabulary by jieba tokens.

Focal terms are counted on the normalised clean text with one compiled pattern
(all forms of all terms, longest first), so each position is counted once, for
the longest form that matches there, and jieba can never split a term. The
whole vocabulary comes from jieba tokens, with stopwords, punctuation and
numbers removed.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import pandas as pd

from policytext.lexicon import Term
from policytext.main_dictionary import first_word
from policytext.text import compile_forms, normalize, sentence_spans

PER = 10_000
"""Rates are per this many characters of clean text (whitespace excluded)."""

_NUMBER_RE = re.compile(
    r"^[\d.,%+\-~]+$|^[\d.]+[万亿千百十]*[%多余]?$|^第?[一二三四五六七八九十百千万亿两〇零]+$"
)
_HAS_WORD_CHAR = re.compile(r"[\w]")


def compile_terms(terms: Iterable[Term]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern matching every form of every term, longest form first.

    See :func:`policytext.text.compile_forms` (ASCII word boundaries: ``6G``
    is not found in ``16GB``).

    Returns:
        The pattern and a map from each form to its term.
    """
    owner = {form: term.term for term in terms for form in term.forms}
    return compile_forms(owner), owner


def find_terms(
    norm: str, pattern: re.Pattern[str], owner: dict[str, str]
) -> list[tuple[int, int, str]]:
    """Every term occurrence in normalised text: ``(start, end, term)``."""
    return [(start, end, owner[form]) for start, end, form in _matches(norm, pattern)]


@lru_cache(maxsize=256)
def _matches(norm: str, pattern: re.Pattern[str]) -> tuple[tuple[int, int, str], ...]:
    """``(start, end, form)`` of every match; remembered, as counts and concordance both ask."""
    return tuple((m.start(), m.end(), m.group()) for m in pattern.finditer(norm))


def term_counts(texts: pd.DataFrame, terms: list[Term]) -> pd.DataFrame:
    """Counts of every term in every document, zeros included.

    Args:
        texts: ``doc_id, period, norm, chars`` (see ``per_document.texts_table``).
        terms: The lexicon.

    Returns:
        ``doc_id, period, term, focal, count, chars, per_10k_chars``: one row per
        document and term, in manifest and lexicon order.
    """
    pattern, owner = compile_terms(terms)
    rows = []
    for doc in texts.itertuples(index=False):
        found = Counter(term for _, _, term in find_terms(doc.norm, pattern, owner))
        for term in terms:
            count = found.get(term.term, 0)
            rows.append(
                {
                    "doc_id": doc.doc_id,
                    "period": doc.period,
                    "term": term.term,
                    "focal": term.focal,
                    "count": count,
                    "chars": doc.chars,
                    "per_10k_chars": round(count / doc.chars * PER, 4) if doc.chars else 0.0,
                }
            )
    return pd.DataFrame(
        rows, columns=["doc_id", "period", "term", "focal", "count", "chars", "per_10k_chars"]
    )


def period_counts(counts: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """Aggregate document counts to periods, with the base behind every rate.

    Args:
        counts: Output of :func:`term_counts` (or any frame with ``doc_id,
            period, term, count, chars``).
        periods: Declared periods (``period, label``), in report order.

    Returns:
        ``period, label, term, count, documents, chars, per_10k_chars``, every
        declared period and term (zeros included), in period then term order.
    """
    docs = counts.drop_duplicates("doc_id")[["doc_id", "period", "chars"]]
    base = docs.groupby("period", sort=False).agg(
        documents=("doc_id", "size"), chars=("chars", "sum")
    )
    summed = counts.groupby(["period", "term"], sort=False)["count"].sum()
    term_order = list(dict.fromkeys(counts["term"]))
    grid = pd.MultiIndex.from_product(
        [list(periods["period"]), term_order], names=["period", "term"]
    )
    table = summed.reindex(grid, fill_value=0).rename("count").reset_index()
    table = table.join(base, on="period")
    table[["documents", "chars"]] = table[["documents", "chars"]].fillna(0).astype(int)
    table["per_10k_chars"] = (
        (table["count"] / table["chars"].where(table["chars"] > 0) * PER).fillna(0.0).round(4)
    )
    table = table.merge(periods[["period", "label"]], on="period", how="left")
    return table[["period", "label", "term", "count", "documents", "chars", "per_10k_chars"]]


SENTENCE_MAX_CHARS = 500
"""Longest ``sentence`` quoted in ``kwic.csv``: a longer sentence (a page
without sentence marks) is quoted as a window of this many characters around
the match, so the concordance grows with the text, not with its square."""


def kwic(
    texts: pd.DataFrame,
    terms: list[Term],
    *,
    width: int = 20,
    focal_only: bool = True,
    sentence_max_chars: int = SENTENCE_MAX_CHARS,
) -> pd.DataFrame:
    """Keyword-in-context lines for the (focal) terms, quoted from the clean text.

    Args:
        texts: ``doc_id, period, text`` with the original clean text.
        terms: The lexicon.
        width: Characters of context on each side (within the paragraph).
        focal_only: Only the focal terms.
        sentence_max_chars: A longer sentence is quoted as a window of this
            many characters around the match (and ``sentence_windowed`` set).

    Returns:
        ``doc_id, period, term, left, match, right, sentence, start, end,
        sentence_windowed``; ``left + match + right`` and ``sentence`` are
        verbatim from the clean text, ``start``/``end`` the match's offsets in it.
    """
    chosen = [t for t in terms if t.focal or not focal_only]
    pattern, owner = compile_terms(terms)
    rows = []
    for doc in texts.itertuples(index=False):
        normalized = normalize(doc.text, norm=getattr(doc, "norm", None))
        spans = sentence_spans(doc.text)
        starts = [s for s, _ in spans]
        wanted = {t.term for t in chosen}
        for start, end, term in find_terms(normalized.text, pattern, owner):
            if term not in wanted:
                continue
            a, b = normalized.span(start, end)
            index = bisect.bisect_right(starts, a) - 1
            inside = index >= 0 and spans[index][0] <= a < spans[index][1]
            sentence = spans[index] if inside else (a, b)
            sentence, windowed = _window(sentence, a, b, sentence_max_chars)
            left_edge = max(doc.text.rfind("\n", 0, a) + 1, a - width)
            right_edge = doc.text.find("\n", b)
            right_edge = min(b + width, right_edge if right_edge != -1 else len(doc.text))
            rows.append(
                {
                    "doc_id": doc.doc_id,
                    "period": doc.period,
                    "term": term,
                    "left": doc.text[left_edge:a],
                    "match": doc.text[a:b],
                    "right": doc.text[b:right_edge],
                    "sentence": doc.text[sentence[0] : max(sentence[1], b)],
                    "start": a,
                    "end": b,
                    "sentence_windowed": windowed,
                }
            )
    columns = [
        "doc_id",
        "period",
        "term",
        "left",
        "match",
        "right",
        "sentence",
        "start",
        "end",
        "sentence_windowed",
    ]
    return pd.DataFrame(rows, columns=columns).astype({"sentence_windowed": bool})


def _window(
    sentence: tuple[int, int], start: int, end: int, limit: int
) -> tuple[tuple[int, int], bool]:
    """The sentence, or a window of ``limit`` characters of it around ``start:end``."""
    first, last = sentence[0], max(sentence[1], end)
    if last - first <= limit:
        return (first, last), False
    room = max(0, limit - (end - start))
    left = max(first, start - room // 2)
    right = min(last, max(end, left + (end - start) + room))
    left = max(first, min(left, right - limit))
    return (left, right), True


def compounds(texts: pd.DataFrame, terms: list[Term]) -> pd.DataFrame:
    """Compounds opened by terms marked ``compounds`` (人工智能+制造), counted per document.

    A compound is a longer form listed among the term's variants (人工智能+制造),
    or the term followed directly by a Chinese word of two or more characters,
    as jieba's main dictionary segments the text after it (人工智能+医疗是…
    gives 人工智能+医疗; see :mod:`policytext.main_dictionary`).

    Returns:
        ``doc_id, period, term, compound, count``.
    """
    rows = []
    for term in (t for t in terms if t.compounds):
        pattern = compile_forms(term.token_forms)
        for doc in texts.itertuples(index=False):
            found: Counter[str] = Counter()
            for match in pattern.finditer(doc.norm):
                form = match.group()
                if form.startswith(term.term) and form != term.term:
                    found[form] += 1  # a compound listed among the variants
                    continue
                word = first_word(doc.norm[match.end() : match.end() + 8])
                if len(word) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in word):
                    found[term.term + word] += 1  # spelled AI+ or 人工智能＋: named by the term
            rows += [
                {
                    "doc_id": doc.doc_id,
                    "period": doc.period,
                    "term": term.term,
                    "compound": compound,
                    "count": n,
                }
                for compound, n in sorted(found.items())
            ]
    return pd.DataFrame(rows, columns=["doc_id", "period", "term", "compound", "count"])


def is_content_token(token: str, *, stopwords: frozenset[str], min_chars: int = 2) -> bool:
    """Whether a token counts for the vocabulary: no stopword, punctuation or number."""
    return (
        len(token) >= min_chars
        and token not in stopwords
        and bool(_HAS_WORD_CHAR.search(token))
        and not _NUMBER_RE.match(token)
    )


def token_counts(
    tokens: Iterable[tuple[str, str, list[str]]],
    *,
    stopwords: frozenset[str],
    min_chars: int = 2,
) -> pd.DataFrame:
    """Vocabulary counts per document from jieba tokens.

    Args:
        tokens: ``(doc_id, period, tokens)`` for each document.
        stopwords: Words to drop.
        min_chars: Shortest token kept (single characters are mostly function words).

    Returns:
        ``doc_id, period, term, count`` for every kept token with count > 0,
        sorted by document (input order), descending count, then term.
    """
    word_id: dict[str, int] = {}  # content words, numbered as first seen ...
    decided: set[str] = set()  # ... among all distinct tokens, each judged once
    doc_ids: list[str] = []
    periods: list[str] = []
    sizes: list[int] = []
    ids: list[np.ndarray] = []
    counts: list[np.ndarray] = []
    for doc_id, period, words in tokens:
        counted = Counter(words)
        new = counted.keys() - decided
        if new:
            decided |= new
            for word in new:
                if is_content_token(word, stopwords=stopwords, min_chars=min_chars):
                    word_id[word] = len(word_id)
        kept = counted.keys() & word_id.keys()  # in any order: the table is sorted below
        doc_ids.append(doc_id)
        periods.append(period)
        sizes.append(len(kept))
        ids.append(np.fromiter(map(word_id.__getitem__, kept), dtype=np.int64, count=len(kept)))
        counts.append(np.fromiter(map(counted.__getitem__, kept), dtype=np.int64, count=len(kept)))
    if not doc_ids:
        return pd.DataFrame(columns=["doc_id", "period", "term", "count"])
    # One sort for the whole table: document (input order), count descending, term.
    words = np.array(list(word_id), dtype=object)
    alphabetical = np.array(sorted(range(len(words)), key=words.__getitem__), dtype=np.int64)
    rank = np.empty(len(words), dtype=np.int64)
    rank[alphabetical] = np.arange(len(words))
    code = rank[np.concatenate(ids)] if ids else np.empty(0, dtype=np.int64)
    count = np.concatenate(counts) if counts else np.empty(0, dtype=np.int64)
    del ids, counts, rank
    document = np.repeat(np.arange(len(doc_ids)), sizes)
    order = np.lexsort((code, -count, document))
    document, code, count = document[order], code[order], count[order]
    del order
    return pd.DataFrame(
        {
            "doc_id": pd.array(np.asarray(doc_ids, dtype=object)[document], dtype="str"),
            "period": pd.array(np.asarray(periods, dtype=object)[document], dtype="str"),
            "term": pd.array(words[alphabetical][code], dtype="str"),
            "count": count,
        }
    )


def top_vocabulary(
    counts: pd.DataFrame, periods: pd.DataFrame, chars: pd.Series, *, n: int = 30
) -> pd.DataFrame:
    """The ``n`` most frequent content words of each period.

    Args:
        counts: Output of :func:`token_counts`.
        periods: Declared periods in report order.
        chars: Characters of clean text per period (index: period).
        n: Words per period.

    Returns:
        ``period, label, rank, term, count, per_10k_chars``.
    """
    summed = counts.groupby(["period", "term"], as_index=False)["count"].sum()
    summed = summed.sort_values(
        ["period", "count", "term"], ascending=[True, False, True], kind="stable"
    )
    summed["rank"] = summed.groupby("period").cumcount() + 1
    top = summed[summed["rank"] <= n].copy()
    top["per_10k_chars"] = (top["count"] / top["period"].map(chars) * PER).round(4)
    order = {p: i for i, p in enumerate(periods["period"])}
    top = top.merge(periods[["period", "label"]], on="period", how="left")
    top = top.sort_values(
        ["period", "rank"], key=lambda s: s.map(order) if s.name == "period" else s
    )
    return top[["period", "label", "rank", "term", "count", "per_10k_chars"]].reset_index(drop=True)
