"""The pipeline as a DAG of pure table builders, and its one entry point.

``corpus -> clean -> tokens -> counts -> comparison / figures``. Each builder
takes plain data or frames and returns a frame; :func:`run` wires them up for
the :class:`Inputs` (a manifest and the configuration files), and :func:`write`
writes what it returns. The book's chapters call :func:`results`: :func:`run`
computed once per set of inputs and read back from the project cache, so a
build runs the pipeline once and the site and the export show the same
numbers. The tables are read by attribute (``results.tables.term_counts``,
see :class:`policytext.tables.Tables`).
"""

from __future__ import annotations

import csv
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from policytext import articles as splitting
from policytext import attribution as attributing
from policytext import compare, script
from policytext import counts as counting
from policytext import figures as figuring
from policytext import themes as theming
from policytext.cache import CACHE_ENV, cache_dir, input_digest, load_or_compute
from policytext.clean import AUDIT_COLUMNS, CleanDocument, Rules, clean_document, load_rules
from policytext.config import DATA_DIR
from policytext.corpus import MANIFEST_COLUMNS, Document, load_corpus
from policytext.errors import InputError
from policytext.export import atomic_folder, write_csv, write_text
from policytext.lexicon import Term, load_stopwords, load_terms, userdict_text
from policytext.segment import (
    PARALLEL_MIN_CHARS,
    default_start_method,
    default_workers,
    get_tokenizer,
    segment,
    segmenter,
)
from policytext.tables import TABLE_FILES, Tables
from policytext.text import count_chars, normalize_text

DOCUMENT_COLUMNS = (
    *MANIFEST_COLUMNS[: MANIFEST_COLUMNS.index("url")],
    "encoding",
    "script",
    "chars_raw",
    "chars_clean",
)
"""Columns of ``documents.csv``: the manifest's up to ``period``, then encoding, script, sizes."""

T = TypeVar("T")


def clean_corpus(
    documents: Iterable[Document], *, rules: Rules, progress: bool = False
) -> list[CleanDocument]:
    """Clean every document, failing on one that is empty after cleaning.

    Raises:
        InputError: Documents with no article text left (chrome only), named.
    """
    documents = list(documents)
    cleaned = [
        clean_document(doc.doc_id, doc.raw, rules=rules)
        for doc in tqdm(documents, desc="cleaning", unit="doc", disable=not progress)
    ]
    empty = empty_documents(documents, cleaned)
    if empty:
        raise InputError(empty)
    return cleaned


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


@dataclass
class Results:
    """Everything the pipeline computes for one corpus.

    Attributes:
        documents: The validated documents.
        periods: The declared periods (``period, label, ...``) in order.
        cleaned: The cleaned documents with their audits.
        terms: The lexicon.
        tables: Every exported table (:class:`policytext.tables.Tables`): one
            attribute per table (``results.tables.term_counts``), and a mapping
            by file name (``documents.csv`` ...) for the export writer.
    """

    documents: list[Document]
    periods: pd.DataFrame
    cleaned: list[CleanDocument]
    terms: list[Term] = field(default_factory=list)
    tables: Tables = field(default_factory=Tables)

    @property
    def texts(self) -> pd.DataFrame:
        """See :func:`texts_table`."""
        return texts_table(self.documents, self.cleaned)


LOO_MAX_DOCUMENTS = 200
"""Above this many documents ``distinctive_stability.csv`` is left empty (same columns)."""


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
    themes: list[theming.Theme]
    indicators: list[figuring.Indicator]
    scopes: figuring.ScopeRules = field(default_factory=figuring.ScopeRules)
    article_rules: splitting.ArticleRules | None = None
    speakers: attributing.SpeakerRules | None = None


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
intermediate (``term_counts``, ``theme_counts``: aggregated by :func:`run`)."""


def process_documents(documents: list[Document], *, settings: Settings) -> Part:
    """Every per-document stage for some documents: the *map* step of :func:`run`.

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
    article_rules = settings.article_rules or splitting.load_article_rules()
    speakers = settings.speakers or attributing.load_speaker_rules()
    articles = splitting.articles_table(texts, rules=article_rules)
    said = attributing.attribution_index(texts, articles=articles, rules=speakers)

    def attributed(table: pd.DataFrame) -> pd.DataFrame:
        return attributing.attribute(
            table, texts=texts, articles=articles, rules=speakers, index=said
        )

    figures = attributed(
        figuring.extract_figures(texts, indicators=settings.indicators, scopes=settings.scopes)
    )
    figures["stated_by"] = attributing.stated_by(figures)
    tables = {
        "documents.csv": documents_table(documents, cleaned),
        "cleaning_audit.csv": audit_table(cleaned),
        "articles.csv": articles,
        "article_term_counts.csv": article_term_counts(texts, articles, settings.terms),
        "term_counts": counting.term_counts(texts, settings.terms),
        "kwic.csv": attributed(counting.kwic(texts, settings.terms)),
        "term_compounds.csv": counting.compounds(texts, settings.terms),
        "theme_counts": theming.theme_counts(texts, settings.themes),
        "figures.csv": figures,
        "commitments.csv": attributed(figuring.commitments(texts, themes=settings.themes)),
        "token_counts.csv": counting.token_counts(tokens, stopwords=settings.stopwords),
    }
    return Part(cleaned, tables, [])


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
    pieces = splitting.article_texts(texts, articles)
    counts = counting.term_counts(pieces, terms)
    counts = counts.rename(columns={"doc_id": "article_id"})
    counts["doc_id"] = counts["article_id"].map(
        dict(zip(pieces["doc_id"], pieces["source_doc"], strict=True))
    )
    return counts.loc[:, list(ARTICLE_TERM_COLUMNS)]


def concat_parts(parts: list[Part], *, terms: list[Term]) -> tuple[list[CleanDocument], dict]:
    """Join the parts' tables: the *reduce* step's first half.

    Every per-document table is ordered by document, so concatenating the
    parts in order gives the table of the whole corpus; ``term_compounds.csv``
    (ordered by term, then document) is sorted back into term order. The
    tables are taken out of ``parts`` as they are joined, to save memory.

    Raises:
        InputError: Documents with no article text left, all of them named.
    """
    problems = [problem for part in parts for problem in part.problems]
    if problems:
        raise InputError(problems)
    cleaned = [clean for part in parts for clean in part.cleaned]
    # Each part's frame is let go as soon as its table is joined: at most one
    # table is held twice.
    tables = {
        name: _concat([part.tables.pop(name) for part in parts]) for name in PER_DOCUMENT_TABLES
    }
    rank = {term.term: i for i, term in enumerate(terms)}
    compounds = tables["term_compounds.csv"]
    order = np.argsort(compounds["term"].map(rank).to_numpy(), kind="stable")
    tables["term_compounds.csv"] = compounds.iloc[order].reset_index(drop=True)
    return cleaned, tables


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate frames of one table; empty ones are skipped (they may lack dtypes)."""
    filled = [frame for frame in frames if len(frame)]
    if len(filled) == 1:
        return filled[0]
    if not filled:
        return frames[0]
    return pd.concat(filled, ignore_index=True)


@dataclass(frozen=True)
class Inputs:
    """Every input of a run: the manifest, the configuration files and the options.

    The one description of a run's inputs, shared by :func:`run` (which reads
    them) and :func:`results` (whose cache key hashes them). A configuration
    file left ``None`` is the shipped one in ``data/``.

    Attributes:
        manifest: ``corpus.csv``; ``periods.csv`` is read from beside it.
        rules: Cleaning rules (default ``data/cleaning.yml``).
        terms: The lexicon (default ``data/terms.yml``).
        stopwords: Stopword list (default ``data/stopwords.txt``).
        themes: Themes (default ``data/themes.yml``).
        indicators: Policy indicators and scope cues (default ``data/indicators.yml``).
        article_rules: Article rules (default ``data/articles.yml``).
        speakers: Attribution rules (default ``data/speakers.yml``).
        top_n: Words per period in ``vocabulary.csv``.
    """

    manifest: str | Path = DATA_DIR / "corpus.csv"
    rules: str | Path | None = None
    terms: str | Path | None = None
    stopwords: str | Path | None = None
    themes: str | Path | None = None
    indicators: str | Path | None = None
    article_rules: str | Path | None = None
    speakers: str | Path | None = None
    top_n: int = 30

    @classmethod
    def of(cls, inputs: Inputs | str | Path | None = None, **options: object) -> Inputs:
        """Inputs from an :class:`Inputs`, a manifest path or nothing, with ``options`` set.

        Raises:
            TypeError: An option that is not a field of :class:`Inputs`.
        """
        if isinstance(inputs, Inputs):
            return replace(inputs, **options)
        if inputs is not None:
            options["manifest"] = inputs
        return cls(**options)

    @property
    def periods(self) -> Path:
        """``periods.csv``, beside the manifest."""
        return Path(self.manifest).parent / "periods.csv"

    @property
    def files(self) -> dict[str, str | Path | None]:
        """The configuration files by field name (``None``: the shipped default)."""
        names = ("rules", "terms", "stopwords", "themes", "indicators", "article_rules", "speakers")
        return {name: getattr(self, name) for name in names}

    def settings(self) -> Settings:
        """Read and check every configuration file (:class:`Settings`).

        Raises:
            InputError: Any problem with a configuration file, one line each.
        """

        def read(loader: Callable[..., T], path: str | Path | None) -> T:
            return loader(path) if path else loader()

        terms = load_terms(self.terms)  # read first: its problems are reported first
        return Settings(
            rules=load_rules(self.rules),
            terms=terms,
            stopwords=load_stopwords(self.stopwords),
            themes=read(theming.load_themes, self.themes),
            indicators=read(figuring.load_indicators, self.indicators),
            scopes=read(figuring.load_scope_rules, self.indicators),
            article_rules=read(splitting.load_article_rules, self.article_rules),
            speakers=read(attributing.load_speaker_rules, self.speakers),
        )


def run(
    inputs: Inputs | str | Path | None = None,
    *,
    progress: bool = False,
    workers: int | None = None,
    **options: object,
) -> Results:
    """Run every stage on a corpus.

    The per-document stages (:func:`process_documents`) run on parts of the
    corpus in ``workers`` processes; the tables that compare periods are then
    built from the joined per-document tables.

    Args:
        inputs: The :class:`Inputs`, or only the manifest's path (default
            ``data/corpus.csv``).
        progress: Show a progress bar on standard error.
        workers: Processes for the per-document stages (default: every CPU
            available, see :func:`policytext.segment.default_workers`); ``1``
            runs everything in this process.
        **options: Fields of :class:`Inputs` to set (``rules=``, ``terms=`` ...).

    Returns:
        The documents, their cleaned forms and every table.

    Raises:
        InputError: Any problem with the inputs, one line each.
    """
    inputs = Inputs.of(inputs, **options)
    settings = inputs.settings()
    lexicon, top_n = settings.terms, inputs.top_n
    documents, periods = load_corpus(inputs.manifest)
    parts = list(map_parts(documents, settings=settings, workers=workers, progress=progress))
    cleaned, joined = concat_parts(parts, terms=lexicon)
    del parts
    results = Results(documents, periods, cleaned, lexicon)
    doc_counts = joined.pop("term_counts")
    theme_counts = joined.pop("theme_counts")
    tables = Tables(joined)
    vocab = tables.token_counts
    docs = tables.documents
    order = [p for p in periods["period"] if p in set(docs["period"])]
    chars = docs.groupby("period")["chars_clean"].sum()
    tables["term_counts.csv"] = doc_counts[["doc_id", "period", "term", "count", "per_10k_chars"]]
    tables["term_counts_by_period.csv"] = counting.period_counts(doc_counts, periods)
    tables["vocabulary.csv"] = counting.top_vocabulary(vocab, periods, chars, n=top_n)
    tables["distinctive_terms.csv"] = compare.distinctive_terms(vocab, periods=order)
    # Leaving one document out tests a small corpus; past a few hundred documents no
    # single one can move a period, and the runs (one per document) are not worth it.
    tables["distinctive_stability.csv"] = (
        compare.leave_one_out(vocab, periods=order)
        if len(docs) <= LOO_MAX_DOCUMENTS
        else pd.DataFrame(columns=list(compare.LEAVE_ONE_OUT_COLUMNS))
    )
    tables["themes.csv"] = theming.period_theme_rates(theme_counts, settings.themes, periods=order)
    tables["restatements.csv"] = figuring.restatements(tables.figures)
    results.tables.update({name: tables[name] for name in TABLE_FILES})
    return results


def results(
    inputs: Inputs | str | Path | None = None,
    *,
    workers: int | None = None,
    **options: object,
) -> Results:
    """:func:`run`, computed once for a set of inputs and then read from the project cache.

    The entry is named by a content hash of every input
    (:func:`policytext.cache.input_digest`): the manifest, ``periods.csv``
    and every file the manifest names, the configuration given and all of
    ``data/``, the package's source and the installed dependencies. Arguments
    as for :func:`run` (``workers`` changes no result, so no entry).
    """
    inputs = Inputs.of(inputs, **options)
    manifest = Path(inputs.manifest)
    files = inputs.files
    paths = [manifest, inputs.periods, DATA_DIR, *filter(None, files.values())]
    paths += corpus_files(manifest)
    described = {"manifest": str(manifest.resolve()), "top_n": inputs.top_n, **files}
    digest = input_digest(paths, options={k: str(v) for k, v in described.items()})
    return load_or_compute("results", digest, lambda: run(inputs, workers=workers))


def corpus_files(manifest: Path) -> list[Path]:
    """The files a manifest names (none if it cannot be read: :func:`run` then says why)."""
    try:
        with manifest.open(encoding="utf-8-sig", newline="") as handle:
            return [
                manifest.parent / row["file"] for row in csv.DictReader(handle) if row.get("file")
            ]
    except (OSError, UnicodeDecodeError, csv.Error, KeyError):
        return []


TABLE_ORDER = TABLE_FILES
"""The exported tables, in order (:data:`policytext.tables.TABLE_FILES`)."""


def map_parts(
    documents: list[Document],
    *,
    settings: Settings,
    workers: int | None = None,
    progress: bool = False,
) -> Iterator[Part]:
    """:func:`process_documents` over parts of the corpus, in order, on ``workers`` processes.

    Parts are small (at most :data:`PART_MAX_DOCUMENTS` documents, and at
    least eight per worker) so the load stays balanced and the progress bar
    moves. Small corpora (under :data:`PARALLEL_MIN_CHARS` characters) are
    processed here: starting workers would cost more than it saves.
    """
    workers = default_workers() if workers is None else max(1, workers)
    chars = sum(len(doc.raw) for doc in documents)
    if chars < PARALLEL_MIN_CHARS:
        workers = 1
    parts, start = [], 0
    for size in part_sizes(len(documents), workers=workers):
        parts.append(documents[start : start + size])
        start += size
    job = partial(process_documents, settings=settings)
    with tqdm(total=len(documents), desc="processing", unit="doc", disable=not progress) as bar:
        if workers == 1 or len(parts) == 1:
            for part in parts:
                yield job(part)
                bar.update(len(part))
            return
        # Loaded once here, inherited by forked workers.
        segmenter(userdict_text(settings.terms))
        get_tokenizer()
        context = multiprocessing.get_context(default_start_method())
        with context.Pool(
            min(workers, len(parts)), initializer=_init_worker, initargs=(str(cache_dir()),)
        ) as pool:
            for part, done in zip(parts, pool.imap(job, parts), strict=True):
                yield done
                bar.update(len(part))


PART_MAX_DOCUMENTS = 50
"""Documents per part at most (see :func:`map_parts`)."""


def part_sizes(documents: int, *, workers: int) -> list[int]:
    """How many documents each part gets, in order.

    At most :data:`PART_MAX_DOCUMENTS`, and small enough for eight parts per
    worker when there are documents enough (the last part takes the rest).
    """
    if documents <= 0:
        return []
    size = max(1, min(PART_MAX_DOCUMENTS, -(-documents // (workers * 8))))
    full, rest = divmod(documents, size)
    return [size] * full + ([rest] if rest else [])


def _init_worker(cache: str) -> None:
    """Pool initializer: workers use the same project cache as the parent."""
    os.environ[CACHE_ENV] = cache


def wordclouds(results: Results, *, font: str | Path | None = None) -> dict[str, bytes]:
    """One word cloud per period (PNG bytes), from the period's jieba frequencies.

    Raises:
        FontNotFoundError: No usable CJK font (see ``FONTS.md``).
    """
    from policytext import clouds

    font_path = clouds.resolve_font(font)
    vocab = results.tables.token_counts
    images = {}
    for period in results.periods["period"]:
        if (vocab["period"] == period).any():
            frequencies = clouds.period_frequencies(vocab, period)
            image = clouds.render_wordcloud(frequencies, font_path=font_path)
            images[f"wordcloud_{period}.png"] = clouds.png_bytes(image)
    return images


def write(results: Results, out: str | Path, *, font: str | Path | None = None) -> None:
    """Write every table, the clean texts and the word clouds into ``out``, atomically."""
    images = wordclouds(results, font=font)

    def fill(folder: Path) -> None:
        for name, data in sorted(images.items()):
            (folder / name).write_bytes(data)
        for name, table in sorted(results.tables.items()):
            write_csv(table, folder / name)
        (folder / "clean").mkdir()
        for clean in results.cleaned:
            write_text(clean.text, folder / "clean" / f"{clean.doc_id}.txt")

    atomic_folder(Path(out), fill)
