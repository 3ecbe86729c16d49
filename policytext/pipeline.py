"""The pipeline's one entry point: its inputs, the run, the results and their export.

``corpus -> clean -> tokens -> counts -> comparison / figures``, as a map and a
reduce: the stages that need one document at a time
(:mod:`policytext.per_document`) run on parts of the corpus
(:mod:`policytext.parts`), and :func:`run` builds the tables that compare
periods from the joined parts, for the :class:`Inputs` (a manifest and the
configuration files); :func:`write` writes what it returns. The book's
chapters call :func:`results`: :func:`run` computed once per set of inputs and
read back from the project cache, so a build runs the pipeline once and the
site and the export show the same numbers. The tables are read by attribute
(``results.tables.term_counts``, see :class:`policytext.tables.Tables`).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

import pandas as pd

from policytext import clouds, compare
from policytext.articles import load_article_rules
from policytext.attribution import load_speaker_rules
from policytext.cache import input_digest, load_or_compute
from policytext.clean import CleanDocument, load_rules
from policytext.config import DATA_DIR
from policytext.corpus import Document, load_corpus
from policytext.counts import period_counts, top_vocabulary
from policytext.export import atomic_folder, write_csv, write_text
from policytext.figures import load_indicator_rules, restatements
from policytext.lexicon import Term, load_stopwords, load_terms
from policytext.parts import concat_parts, map_parts
from policytext.per_document import Settings, texts_table
from policytext.tables import TABLE_FILES, Tables
from policytext.themes import load_themes, period_theme_rates

T = TypeVar("T")


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
        """See :func:`policytext.per_document.texts_table`."""
        return texts_table(self.documents, self.cleaned)


LOO_MAX_DOCUMENTS = 200
"""Above this many documents ``distinctive_stability.csv`` is left empty (same columns)."""


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
        indicators = read(load_indicator_rules, self.indicators)
        return Settings(
            rules=load_rules(self.rules),
            terms=terms,
            stopwords=load_stopwords(self.stopwords),
            themes=read(load_themes, self.themes),
            indicators=indicators.indicators,
            scopes=indicators.scopes,
            article_rules=read(load_article_rules, self.article_rules),
            speakers=read(load_speaker_rules, self.speakers),
        )


def run(
    inputs: Inputs | str | Path | None = None,
    *,
    progress: bool = False,
    workers: int | None = None,
    **options: object,
) -> Results:
    """Run every stage on a corpus.

    The per-document stages
    (:func:`policytext.per_document.process_documents`) run on parts of the
    corpus in ``workers`` processes (:func:`policytext.parts.map_parts`); the
    tables that compare periods are then built from the joined per-document
    tables.

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
    tables["term_counts_by_period.csv"] = period_counts(doc_counts, periods)
    tables["vocabulary.csv"] = top_vocabulary(vocab, periods, chars, n=top_n)
    tables["distinctive_terms.csv"] = compare.distinctive_terms(vocab, periods=order)
    # Leaving one document out tests a small corpus; past a few hundred documents no
    # single one can move a period, and the runs (one per document) are not worth it.
    tables["distinctive_stability.csv"] = (
        compare.leave_one_out(vocab, periods=order)
        if len(docs) <= LOO_MAX_DOCUMENTS
        else pd.DataFrame(columns=list(compare.LEAVE_ONE_OUT_COLUMNS))
    )
    tables["themes.csv"] = period_theme_rates(theme_counts, settings.themes, periods=order)
    tables["restatements.csv"] = restatements(tables.figures)
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


def wordclouds(results: Results, *, font: str | Path | None = None) -> dict[str, bytes]:
    """One word cloud per period (PNG bytes), from the period's jieba frequencies.

    Raises:
        FontNotFoundError: No usable CJK font (see ``FONTS.md``).
    """
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
