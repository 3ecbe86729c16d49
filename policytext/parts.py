"""The corpus cut into parts: processed on worker processes, joined back in order.

:func:`map_parts` runs :func:`policytext.per_document.process_documents` (the
*map* step) on parts of the corpus, on as many processes as there are CPUs;
:func:`concat_parts` joins their tables into the corpus's (the *reduce*
step's first half: :func:`policytext.pipeline.run` builds the tables that
compare periods from them).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from functools import partial

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from policytext.cache import CACHE_ENV, cache_dir
from policytext.clean import CleanDocument
from policytext.corpus import Document
from policytext.errors import InputError
from policytext.lexicon import Term, userdict_text
from policytext.per_document import PER_DOCUMENT_TABLES, Part, Settings, process_documents
from policytext.segment import (
    PARALLEL_MIN_CHARS,
    default_start_method,
    default_workers,
    get_tokenizer,
    segmenter,
)


def map_parts(
    documents: list[Document],
    *,
    settings: Settings,
    workers: int | None = None,
    progress: bool = False,
) -> Iterator[Part]:
    """The per-document stages over parts of the corpus, in order, on ``workers`` processes.

    Each part is processed by :func:`policytext.per_document.process_documents`.
    Parts are small (at most :data:`PART_MAX_DOCUMENTS` documents, and at
    least eight per worker) so the load stays balanced and the progress bar
    moves. Small corpora (under :data:`~policytext.segment.PARALLEL_MIN_CHARS`
    characters) are processed here: starting workers would cost more than it
    saves.
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
