"""The pipeline's tables: one typed attribute per table, and the export's file names.

:class:`Tables` is what :attr:`policytext.pipeline.Results.tables` holds. Code
reads a table by attribute (``tables.term_counts``), so a misspelt name fails
at once and every reader of a table can be found by grep; the attribute is the
exported file's name without ``.csv``. The mapping by file name
(``tables["term_counts.csv"]``) is what the export writer iterates, and keeps
older lookups working. The columns of each table are documented in the README
("What ``export`` writes") and ``data/data_dictionary.yml``.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

TABLE_FILES = (
    "documents.csv",
    "cleaning_audit.csv",
    "articles.csv",
    "article_term_counts.csv",
    "term_counts.csv",
    "term_counts_by_period.csv",
    "kwic.csv",
    "term_compounds.csv",
    "token_counts.csv",
    "vocabulary.csv",
    "distinctive_terms.csv",
    "distinctive_stability.csv",
    "themes.csv",
    "figures.csv",
    "restatements.csv",
    "commitments.csv",
)
"""The exported tables' file names, in the order the pipeline has always listed them."""


class Tables(dict[str, pd.DataFrame]):
    """The tables of one run, by export file name, with one property per table.

    A ``dict`` (file name -> frame), so that it is written, pickled and
    compared as before; the properties below are the typed way to read it.
    A table that was not made raises ``KeyError`` naming its file.
    """

    @classmethod
    def of(cls, tables: Mapping[str, pd.DataFrame]) -> Tables:
        """``tables`` as :class:`Tables` (itself if it is one already)."""
        return tables if isinstance(tables, Tables) else cls(tables)

    @property
    def documents(self) -> pd.DataFrame:
        """``documents.csv``: one row per document, metadata and sizes before and after cleaning."""
        return self["documents.csv"]

    @property
    def cleaning_audit(self) -> pd.DataFrame:
        """``cleaning_audit.csv``: every removal and change made by cleaning, in raw offsets."""
        return self["cleaning_audit.csv"]

    @property
    def articles(self) -> pd.DataFrame:
        """``articles.csv``: the articles each document is split into, with headline and size."""
        return self["articles.csv"]

    @property
    def article_term_counts(self) -> pd.DataFrame:
        """``article_term_counts.csv``: every article x term, zeros included."""
        return self["article_term_counts.csv"]

    @property
    def term_counts(self) -> pd.DataFrame:
        """``term_counts.csv``: every document x term (``count, per_10k_chars``), zeros included."""
        return self["term_counts.csv"]

    @property
    def term_counts_by_period(self) -> pd.DataFrame:
        """``term_counts_by_period.csv``: every period x term, with its documents and chars."""
        return self["term_counts_by_period.csv"]

    @property
    def kwic(self) -> pd.DataFrame:
        """``kwic.csv``: the concordance of the terms, each line with its speaker."""
        return self["kwic.csv"]

    @property
    def term_compounds(self) -> pd.DataFrame:
        """``term_compounds.csv``: compounds of the terms (``人工智能+制造``), in term order."""
        return self["term_compounds.csv"]

    @property
    def token_counts(self) -> pd.DataFrame:
        """``token_counts.csv``: jieba word counts per document (content words only)."""
        return self["token_counts.csv"]

    @property
    def vocabulary(self) -> pd.DataFrame:
        """``vocabulary.csv``: the most frequent words of each period, ranked."""
        return self["vocabulary.csv"]

    @property
    def distinctive_terms(self) -> pd.DataFrame:
        """``distinctive_terms.csv``: weighted log-odds ("Fightin' Words") of every comparison."""
        return self["distinctive_terms.csv"]

    @property
    def distinctive_stability(self) -> pd.DataFrame:
        """``distinctive_stability.csv``: which distinctive words survive leaving a document out."""
        return self["distinctive_stability.csv"]

    @property
    def themes(self) -> pd.DataFrame:
        """``themes.csv``: each theme's rate per period (:func:`policytext.themes.theme_rates`)."""
        return self["themes.csv"]

    @property
    def figures(self) -> pd.DataFrame:
        """``figures.csv``: every figure with its sentence, indicator and speaker."""
        return self["figures.csv"]

    @property
    def restatements(self) -> pd.DataFrame:
        """``restatements.csv``: indicators stated more than once, each statement."""
        return self["restatements.csv"]

    @property
    def commitments(self) -> pd.DataFrame:
        """``commitments.csv``: commitments without a number, with theme and speaker."""
        return self["commitments.csv"]
