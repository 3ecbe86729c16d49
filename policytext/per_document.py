"""The per-document stages: everything computed from one document alone.

Cleaning, the document, text and audit tables, segmentation, term, theme and
article counts, concordance, figures and commitments depend on one document
at a time. :func:`process_documents` runs them all on some documents (the
*map* step of :func:`policytext.pipeline.run`); :mod:`policytext.parts` cuts
the corpus into parts, runs it on worker processes and joins the parts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from tqdm.auto import tqdm

from policytext import script
from policytext.articles import ArticleRules, article_texts, articles_table, load_article_rules
from policytext.attribution import (
    SpeakerRules,
    attribute,
    attribution_index,
    load_speaker_rules,
    stated_by,
)
from policytext.clean import AUDIT_COLUMNS, CleanDocument, Rules, clean_document
from policytext.corpus import MANIFEST_COLUMNS, Document
from policytext.counts import compounds, kwic, term_counts, token_counts
from policytext.figures import Indicator, ScopeRules, commitments, extract_figures
from policytext.lexicon import Term, userdict_text
from policytext.segment import segment, segmenter
from policytext.text import count_chars, normalize_text
from policytext.themes import Theme, theme_counts

DOCUMENT_COLUMNS = (
    *MANIFEST_COLUMNS[: MANIFEST_COLUMNS.index("url")],
    "encoding",
    "script",
    "chars_raw",
    "chars_clean",
)
"""Columns of ``documents.csv``: the manifest's up to ``period``, then encoding, script, sizes."""


def empty_documents(documents: list[Document], cleaned: list[CleanDocument]) -> list[str]:
    """A message for every document left with too little article text by cleaning.

    A document needs :data:`policytext.script.MIN_HAN` Chinese characters of
    article text: fewer cannot be an article (a login prompt, a PDF's header
    read as text), and would count as a document with no terms.
    """
    problems = []
    for doc, clean in zip(documents, cleaned, strict=True):
        if script.has_han(clean.text, script.MIN_HAN):
            continue
        han = len(script.han_characters(clean.text))
        left = (
            f"only {han} Chinese character{'s' * (han != 1)} of article text left after "
            f"cleaning (a document needs at least {script.MIN_HAN})"
            if clean.text.strip()
            else "no article text left after cleaning"
        )
        raw_han = len(script.han_characters(doc.raw))
        holds = (
            f"the file holds {raw_han or 'no'} Chinese character{'s' * (raw_han != 1)} in all: "
            "is it the article, saved as text?"
            if raw_han < script.MIN_HAN
            else "the file holds only site chrome: check that it holds the article"
        )
        problems.append(f"{doc.source}: {doc.file}: doc_id {doc.doc_id!r}: {left}; {holds}")
    return problems


def documents_table(documents: list[Document], cleaned: list[CleanDocument]) -> pd.DataFrame:
    """``documents.csv``: one row per document with its sizes before and after cleaning."""
    rows = [
        {
            **{c: getattr(doc, c) for c in DOCUMENT_COLUMNS[:-3]},
            "script": script.detect_script(clean.text),
            "chars_raw": count_chars(doc.raw),
            "chars_clean": count_chars(clean.text),
        }
        for doc, clean in zip(documents, cleaned, strict=True)
    ]
    return pd.DataFrame(rows, columns=list(DOCUMENT_COLUMNS))


def audit_table(cleaned: list[CleanDocument]) -> pd.DataFrame:
    """``cleaning_audit.csv``: every removal and change, in document order."""
    rows = [row.record() for doc in cleaned for row in doc.audit]
    return pd.DataFrame(rows, columns=list(AUDIT_COLUMNS))


def texts_table(documents: list[Document], cleaned: list[CleanDocument]) -> pd.DataFrame:
    """The clean texts with their metadata: ``doc_id, period, date, text, norm, chars``.

    ``text`` is the clean text to quote; ``norm`` the form to match and count
    on: Simplified (a Traditional document is converted, see
    :mod:`policytext.script`), then NFKC (same length, character for character,
    for the scripts in this corpus).
    """
    return pd.DataFrame(
        [
            {
                "doc_id": doc.doc_id,
                "period": doc.period,
                "date": doc.date,
                "text": clean.text,
                "norm": normalize_text(
                    script.matching_text(clean.text, script=script.detect_script(clean.text))
                ),
                "chars": count_chars(clean.text),
            }
            for doc, clean in zip(documents, cleaned, strict=True)
        ]
    )


SEGMENTED_COLUMN = "norm"
"""The column of :func:`texts_table` that is segmented into tokens (one place to change)."""


def tokenize_texts(
    texts: pd.DataFrame, *, terms: list[Term], progress: bool = False
) -> list[tuple[str, str, list[str]]]:
    """Segment every document's text (:data:`SEGMENTED_COLUMN`) with the lexicon loaded.

    The words are jieba's (``HMM=False``, the lexicon's user dictionary
    loaded), found by rjieba (:func:`policytext.segment.segmenter`).

    Args:
        texts: ``doc_id, period`` and :data:`SEGMENTED_COLUMN` (see :func:`texts_table`).
        terms: The lexicon (its user dictionary is loaded for segmentation).
        progress: A progress bar on standard error.

    Returns:
        ``(doc_id, period, tokens)`` per document, in ``texts`` order.
    """
    tokenizer = segmenter(userdict_text(terms))
    rows = zip(texts["doc_id"], texts["period"], texts[SEGMENTED_COLUMN], strict=True)
    return [
        (doc_id, period, segment(text, tokenizer=tokenizer))
        for doc_id, period, text in tqdm(
            rows, total=len(texts), desc="segmenting", unit="doc", disable=not progress
        )
    ]


ARTICLE_TERM_COLUMNS = ("article_id", "doc_id", "period", "term", "count", "chars", "per_10k_chars")
"""Columns of ``article_term_counts.csv``."""


def article_term_counts(
    texts: pd.DataFrame, articles: pd.DataFrame, terms: list[Term]
) -> pd.DataFrame:
    """``article_term_counts.csv``: every article x every term, zeros included.

    Counted as ``term_counts.csv`` is, on each article's stretch of the clean
    text; articles tile the text at paragraph starts, so a document's articles
    add up to its counts.
    """
    pieces = article_texts(texts, articles)
    by_article = term_counts(pieces, terms).rename(columns={"doc_id": "article_id"})
    by_article["doc_id"] = by_article["article_id"].map(
        dict(zip(pieces["doc_id"], pieces["source_doc"], strict=True))
    )
    return by_article.loc[:, list(ARTICLE_TERM_COLUMNS)]


@dataclass(frozen=True)
class Settings:
    """What the per-document stages need, read once (and sent to every worker).

    Attributes:
        rules: Cleaning rules.
        terms: The lexicon.
        stopwords: Stopwords for the vocabulary.
        themes: Themes.
        indicators: Policy indicators.
        scopes: Scope cues of figures (the ``scopes:`` of the indicators file).
        article_rules: How to split a document into articles.
        speakers: Attribution rules.
    """

    rules: Rules
    terms: list[Term]
    stopwords: frozenset[str]
    themes: list[Theme]
    indicators: list[Indicator]
    scopes: ScopeRules = field(default_factory=ScopeRules)
    article_rules: ArticleRules | None = None
    speakers: SpeakerRules | None = None


@dataclass
class Part:
    """The per-document tables of some documents (see :func:`process_documents`).

    Attributes:
        cleaned: The cleaned documents.
        tables: Per-document tables by name, rows in document order.
        problems: Documents with no article text left, one message each.
    """

    cleaned: list[CleanDocument]
    tables: dict[str, pd.DataFrame]
    problems: list[str]


PER_DOCUMENT_TABLES = (
    "documents.csv",
    "cleaning_audit.csv",
    "articles.csv",
    "article_term_counts.csv",
    "term_counts",
    "kwic.csv",
    "term_compounds.csv",
    "theme_counts",
    "figures.csv",
    "commitments.csv",
    "token_counts.csv",
)
"""Tables built document by document (:func:`process_documents`); two are
intermediate (``term_counts``, ``theme_counts``: aggregated by
:func:`policytext.pipeline.run`)."""


def process_documents(documents: list[Document], *, settings: Settings) -> Part:
    """Every per-document stage for some documents: the *map* step of the pipeline.

    Cleaning, term counts, concordance, compounds, theme counts, figures,
    commitments, segmentation and token counts depend on one document at a
    time, so the corpus can be cut into parts processed anywhere (here, a
    pool of worker processes) and the parts' tables concatenated.

    Args:
        documents: Some documents of the corpus, in manifest order.
        settings: Rules, lexicon and the rest (:class:`Settings`).

    Returns:
        The cleaned documents and their tables; documents left empty by
        cleaning are reported in ``problems`` (and their tables left out).
    """
    cleaned = [clean_document(doc.doc_id, doc.raw, rules=settings.rules) for doc in documents]
    problems = empty_documents(documents, cleaned)
    if problems:
        return Part([], {}, problems)
    texts = texts_table(documents, cleaned)
    tokens = tokenize_texts(texts, terms=settings.terms)
    article_rules = settings.article_rules or load_article_rules()
    speakers = settings.speakers or load_speaker_rules()
    articles = articles_table(texts, rules=article_rules)
    said = attribution_index(texts, articles=articles, rules=speakers)

    def attributed(table: pd.DataFrame) -> pd.DataFrame:
        return attribute(table, texts=texts, articles=articles, rules=speakers, index=said)

    found = attributed(
        extract_figures(texts, indicators=settings.indicators, scopes=settings.scopes)
    )
    found["stated_by"] = stated_by(found)
    tables = {
        "documents.csv": documents_table(documents, cleaned),
        "cleaning_audit.csv": audit_table(cleaned),
        "articles.csv": articles,
        "article_term_counts.csv": article_term_counts(texts, articles, settings.terms),
        "term_counts": term_counts(texts, settings.terms),
        "kwic.csv": attributed(kwic(texts, settings.terms)),
        "term_compounds.csv": compounds(texts, settings.terms),
        "theme_counts": theme_counts(texts, settings.themes),
        "figures.csv": found,
        "commitments.csv": attributed(commitments(texts, themes=settings.themes)),
        "token_counts.csv": token_counts(tokens, stopwords=settings.stopwords),
    }
    return Part(cleaned, tables, [])
