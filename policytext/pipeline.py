"""The pipeline as a DAG of pure table builders, and its one entry point.

``corpus -> clean -> tokens -> counts -> comparison / figures``. Each builder
takes plain data or frames and returns a frame; :func:`run` wires them up for a
manifest, and :func:`write` writes what it returns. The book's chapters call
:func:`run` (cached per manifest) so that the site and the export always show
the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm

from policytext import compare
from policytext import counts as counting
from policytext import figures as figuring
from policytext.clean import AUDIT_COLUMNS, CleanDocument, Rules, clean_document, load_rules
from policytext.config import DATA_DIR
from policytext.corpus import MANIFEST_COLUMNS, Document, load_corpus
from policytext.errors import InputError
from policytext.export import atomic_folder, write_csv, write_text
from policytext.lexicon import Term, load_stopwords, load_terms, userdict_text
from policytext.segment import cache_dir, get_tokenizer, segment
from policytext.text import count_chars, normalize_text

DOCUMENT_COLUMNS = (
    *MANIFEST_COLUMNS[: MANIFEST_COLUMNS.index("url")],
    "encoding",
    "chars_raw",
    "chars_clean",
)
"""Columns of ``documents.csv``: the manifest's up to ``period``, then sizes."""


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
    empty = [
        f"{doc.source}: {doc.file}: doc_id {doc.doc_id!r}: no article text left after cleaning "
        "(the file holds only site chrome)"
        for doc, clean in zip(documents, cleaned, strict=True)
        if not clean.text.strip()
    ]
    if empty:
        raise InputError(empty)
    return cleaned


def documents_table(documents: list[Document], cleaned: list[CleanDocument]) -> pd.DataFrame:
    """``documents.csv``: one row per document with its sizes before and after cleaning."""
    rows = [
        {
            **{c: getattr(doc, c) for c in DOCUMENT_COLUMNS[:-2]},
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

    ``text`` is the clean text to quote; ``norm`` its NFKC form to match on
    (same length, character for character, for the scripts in this corpus).
    """
    return pd.DataFrame(
        [
            {
                "doc_id": doc.doc_id,
                "period": doc.period,
                "date": doc.date,
                "text": clean.text,
                "norm": normalize_text(clean.text),
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
        tables: Exported tables by file name (``documents.csv`` ...).
    """

    documents: list[Document]
    periods: pd.DataFrame
    cleaned: list[CleanDocument]
    terms: list[Term] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def texts(self) -> pd.DataFrame:
        """See :func:`texts_table`."""
        return texts_table(self.documents, self.cleaned)


LOO_MAX_DOCUMENTS = 200
"""Above this many documents ``distinctive_stability.csv`` is left empty (same columns)."""


def userdict_path(terms: list[Term]) -> Path:
    """A jieba user dictionary for ``terms`` in the cache, named by its content."""
    import hashlib

    text = userdict_text(terms)
    path = cache_dir() / f"userdict-{hashlib.sha256(text.encode()).hexdigest()[:16]}.txt"
    if not path.exists():
        path.write_text(text, encoding="utf-8")
    return path


def tokenize_texts(
    texts: pd.DataFrame,
    *,
    terms: list[Term],
    progress: bool = False,
    workers: int | None = None,
    cache: bool | str | Path = True,
) -> list[tuple[str, str, list[str]]]:
    """Segment every document's normalised text with the lexicon loaded.

    Tokens are read from the token cache (:mod:`policytext.tokens`) for every
    document whose text is unchanged and untouched by a lexicon edit; the rest
    are segmented on ``workers`` processes (default: every CPU available,
    capped by ``POLICYTEXT_WORKERS``), each with the user dictionary loaded.

    Args:
        texts: ``doc_id, period, norm`` (see :func:`texts_table`).
        terms: The lexicon (its user dictionary is loaded for segmentation).
        progress: A progress bar on standard error.
        workers: Segmentation processes; ``1`` segments in this process.
        cache: ``True`` for the project cache, a folder for another, ``False``
            for none.

    Returns:
        ``(doc_id, period, tokens)`` per document, in ``texts`` order.
    """
    from policytext.tokens import tokenize

    userdict = userdict_path(terms)
    rows = list(zip(texts["doc_id"], texts["period"], texts["norm"], strict=True))
    if cache is False and workers == 1:  # the plain reference: one process, nothing kept
        tokenizer = get_tokenizer(userdict)
        return [
            (doc_id, period, segment(norm, tokenizer=tokenizer))
            for doc_id, period, norm in tqdm(
                rows, desc="segmenting", unit="doc", disable=not progress
            )
        ]
    tokens = tokenize(
        [norm for _, _, norm in rows],
        userdict=userdict,
        cache=cache,
        workers=workers,
        progress=progress,
    )
    return [
        (doc_id, period, words) for (doc_id, period, _), words in zip(rows, tokens, strict=True)
    ]


def run(
    manifest: str | Path = DATA_DIR / "corpus.csv",
    *,
    rules: str | Path | None = None,
    terms: str | Path | None = None,
    stopwords: str | Path | None = None,
    themes: str | Path | None = None,
    indicators: str | Path | None = None,
    top_n: int = 30,
    progress: bool = False,
) -> Results:
    """Run every stage on a corpus.

    Args:
        manifest: ``corpus.csv``; ``periods.csv`` is read from beside it.
        rules: Cleaning rules (default ``data/cleaning.yml``).
        terms: The lexicon (default ``data/terms.yml``).
        stopwords: Stopword list (default ``data/stopwords.txt``).
        themes: Themes (default ``data/themes.yml``).
        indicators: Policy indicators (default ``data/indicators.yml``).
        top_n: Words per period in ``vocabulary.csv``.
        progress: Show progress bars on standard error.

    Returns:
        The documents, their cleaned forms and every table.

    Raises:
        InputError: Any problem with the inputs, one line each.
    """
    lexicon = load_terms(terms)
    stop = load_stopwords(stopwords)
    theme_list = compare.load_themes(themes) if themes else compare.load_themes()
    indicator_list = (
        figuring.load_indicators(indicators) if indicators else figuring.load_indicators()
    )
    documents, periods = load_corpus(manifest)
    cleaned = clean_corpus(documents, rules=load_rules(rules), progress=progress)
    results = Results(documents, periods, cleaned, lexicon)
    texts = results.texts
    tables = results.tables
    tables["documents.csv"] = documents_table(documents, cleaned)
    tables["cleaning_audit.csv"] = audit_table(cleaned)
    doc_counts = counting.term_counts(texts, lexicon)
    tables["term_counts.csv"] = doc_counts[["doc_id", "period", "term", "count", "per_10k_chars"]]
    tables["term_counts_by_period.csv"] = counting.period_counts(doc_counts, periods)
    tables["kwic.csv"] = counting.kwic(texts, lexicon)
    tables["term_compounds.csv"] = counting.compounds(texts, lexicon)
    tokens = tokenize_texts(texts, terms=lexicon, progress=progress)
    vocab = counting.token_counts(tokens, stopwords=stop)
    tables["token_counts.csv"] = vocab
    chars = texts.groupby("period")["chars"].sum()
    tables["vocabulary.csv"] = counting.top_vocabulary(vocab, periods, chars, n=top_n)
    order = [p for p in periods["period"] if p in set(texts["period"])]
    tables["distinctive_terms.csv"] = compare.distinctive_terms(vocab, periods=order)
    # Leaving one document out tests a small corpus; past a few hundred documents no
    # single one can move a period, and the runs (one per document) are not worth it.
    tables["distinctive_stability.csv"] = (
        compare.leave_one_out(vocab, periods=order)
        if len(texts) <= LOO_MAX_DOCUMENTS
        else pd.DataFrame(columns=list(compare.LEAVE_ONE_OUT_COLUMNS))
    )
    tables["themes.csv"] = compare.theme_shares(texts, theme_list, periods=order)
    found = figuring.extract_figures(texts, indicators=indicator_list)
    tables["figures.csv"] = found
    tables["restatements.csv"] = figuring.restatements(found)
    tables["commitments.csv"] = figuring.commitments(texts, themes=theme_list)
    return results


def wordclouds(results: Results, *, font: str | Path | None = None) -> dict[str, bytes]:
    """One word cloud per period (PNG bytes), from the period's jieba frequencies.

    Raises:
        FontNotFoundError: No usable CJK font (see ``FONTS.md``).
    """
    from policytext import clouds

    font_path = clouds.resolve_font(font)
    vocab = results.tables["token_counts.csv"]
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
