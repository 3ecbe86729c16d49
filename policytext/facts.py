"""Facts the chapters glue into their prose, computed from the pipeline's tables.

Each function returns a small frozen record; each attribute is one fact, with
the name of the glue key a chapter gives it (``glue("n_audit", cleaning.n_audit)``).
Every glue key is declared once, with a line on what it is, in
``data/glue_keys.yml``; ``tests/test_glue_keys.py`` checks that the chapters
glue and cite only those keys, each by its literal name. A value is glued as
the prose shows it: counts as integers, or as text with thousands separators
where the prose has them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class CleaningFacts:
    """What cleaning did to the corpus.

    Attributes:
        chars_raw: Non-space characters of the raw files, with thousands separators.
        chars_clean: Non-space characters of the clean texts, with thousands separators.
        share_removed: The share of the raw characters cleaning removed (``12%``).
        n_audit: Rows of the cleaning audit, with thousands separators.
        n_dups: Paragraphs dropped as layout duplicates.
        n_joins: Paragraph breaks removed by rejoining.
    """

    chars_raw: str
    chars_clean: str
    share_removed: str
    n_audit: str
    n_dups: int
    n_joins: int


def cleaning(documents: pd.DataFrame, audit: pd.DataFrame) -> CleaningFacts:
    """What cleaning did: ``documents.csv`` and ``cleaning_audit.csv`` summed over the corpus."""
    raw, clean = documents["chars_raw"].sum(), documents["chars_clean"].sum()
    return CleaningFacts(
        chars_raw=f"{raw:,}",
        chars_clean=f"{clean:,}",
        share_removed=f"{1 - clean / raw:.0%}",
        n_audit=f"{len(audit):,}",
        n_dups=int((audit["stage"] == "duplicates").sum()),
        n_joins=int((audit["action"] == "joined").sum()),
    )


@dataclass(frozen=True)
class FigureCounts:
    """How many figures and commitments the documents hold.

    Attributes:
        n_figures: Figures extracted.
        n_policy: Figures that measure a policy indicator.
        n_other: Figures that do not (participants, model sizes).
        n_indicators: Policy indicators measured by at least one figure.
        n_commitments: Commitments to future action without a number.
    """

    n_figures: int
    n_policy: int
    n_other: int
    n_indicators: int
    n_commitments: int


def figure_counts(figures: pd.DataFrame, commitments: pd.DataFrame) -> FigureCounts:
    """Counts of ``figures.csv`` (with ``policy_indicator``) and ``commitments.csv``."""
    policy = figures[figures["policy_indicator"]]
    return FigureCounts(
        n_figures=len(figures),
        n_policy=len(policy),
        n_other=len(figures) - len(policy),
        n_indicators=int(policy["indicator"].nunique()),
        n_commitments=len(commitments),
    )


@dataclass(frozen=True)
class LexiconSize:
    """The size of the lexicon (``data/terms.yml``).

    Attributes:
        n_terms: Terms the report counts.
        n_focal: Of them, the headline (focal) terms.
    """

    n_terms: int
    n_focal: int


def lexicon_size(terms: list) -> LexiconSize:
    """How many terms the report counts, and how many of them are focal."""
    return LexiconSize(n_terms=len(terms), n_focal=sum(1 for term in terms if term.focal))
