"""Themes: named lists of terms (``data/themes.yml``) counted per document and per period.

* :func:`load_themes` reads and checks ``data/themes.yml`` (one entry per
  theme, validated by :class:`ThemeEntry` through :mod:`policytext.schema`).
* :func:`theme_counts` counts each theme's terms in each document;
  :func:`period_theme_rates` adds them up per period, per 10,000 characters
  (``themes.csv``); :func:`theme_rates` does both from the texts.

Terms are matched by :func:`policytext.text.compile_forms`: one alternation regex, longest term
first, on NFKC-normalised text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from pydantic import field_validator

from policytext.config import DATA_DIR
from policytext.schema import Entry, load_config, problem, problems, text_or_empty
from policytext.text import compile_forms, count_chars, normalize_text

THEMES_FILE = DATA_DIR / "themes.yml"
"""The themes shipped with the report."""


_THEME_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class Theme:
    """A theme: a named list of terms counted together.

    Attributes:
        id: Short key (lowercase letters, digits, ``-``, ``_``), e.g. ``ai``.
        label: English label for the report.
        terms: The terms, as written in the file.
        label_zh: Chinese label ("" if none).
        description: Note on scope and choices ("" if none).
    """

    id: str
    label: str
    terms: tuple[str, ...]
    label_zh: str = ""
    description: str = ""


class ThemeEntry(Entry):
    """One entry of ``themes.yml`` as written (see :class:`Theme`)."""

    SECTION: ClassVar[str] = "themes"
    NOUN: ClassVar[str] = "theme"
    NAME: ClassVar[str] = "id"

    id: str
    label: str
    terms: list[Any]  # each item checked by _terms, so that every problem is reported
    label_zh: str = ""
    description: str = ""

    _empty_as_text = field_validator("label_zh", "description", mode="before")(text_or_empty)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not value.strip():
            raise problem("missing 'id'")
        if not _THEME_ID.match(value):
            raise problem(f"id {value!r} must be lowercase letters, digits, '-' or '_'")
        return value

    @field_validator("label")
    @classmethod
    def _label(cls, value: str) -> str:
        if not value.strip():
            raise problem("missing 'label'")
        return value

    @field_validator("terms")
    @classmethod
    def _terms(cls, terms: list[Any]) -> list[str]:
        if not terms:
            raise problem("missing 'terms' (a non-empty list)")
        found, seen = [], set()
        for index, term in enumerate(terms, start=1):
            if not isinstance(term, str):
                found.append(f"term {index} ({term!r}) is not text; put it in quotes")
                continue
            form = normalize_text(term).strip()
            if not form:
                found.append(f"term {index} is empty")
            elif form in seen:
                found.append(f"term {term!r} is listed twice")
            seen.add(form)
        if found:
            raise problems(found, terms)
        return terms


def load_themes(path: str | Path = THEMES_FILE) -> list[Theme]:
    """Read and check a themes file (``themes:`` list of id/label/terms entries).

    Args:
        path: The YAML file; default the report's ``data/themes.yml``.

    Returns:
        The themes, in file order.

    Raises:
        InputError: Unreadable YAML or invalid entries; one line per problem,
            naming the file, the entry (its position and id) and the field.
    """
    loaded = load_config(
        path, ThemeEntry, empty="expected a non-empty 'themes:' list at the top level"
    )
    themes: list[Theme] = []
    for _, entry in loaded.unique("theme"):
        themes.append(
            Theme(
                id=entry.id,
                label=entry.label,
                terms=tuple(entry.terms),
                label_zh=entry.label_zh,
                description=entry.description,
            )
        )
    loaded.raise_problems()
    return themes


THEME_COUNT_COLUMNS = ("doc_id", "period", "theme", "label", "count", "per_10k_chars", "chars")
"""Columns of :func:`theme_counts`."""

THEME_RATE_COLUMNS = ("period", "theme", "label", "count", "per_10k_chars", "documents", "chars")
"""Columns of :func:`theme_rates`."""


def char_count(texts: pd.Series) -> pd.Series:
    """Length of each text in characters, whitespace excluded (:func:`count_chars`)."""
    return texts.map(count_chars).astype(np.int64)


def _count_matches(texts: pd.Series, pattern: re.Pattern[str]) -> pd.Series:
    """Non-overlapping matches of ``pattern`` in each text.

    Python's ``re`` on purpose: ``Series.str.count`` may hand the pattern to
    pyarrow's RE2, which has no look-around.
    """
    return pd.Series(
        [len(pattern.findall(text)) for text in texts], index=texts.index, dtype=np.int64
    )


def theme_counts(texts: pd.DataFrame, themes: Sequence[Theme]) -> pd.DataFrame:
    """Occurrences of each theme's terms in each document.

    Each theme is matched with its own :func:`policytext.text.compile_forms` pattern on the
    NFKC-normalised text, so within a theme overlapping terms count once (the
    longest wins) while one passage may count for two themes (``绿色智算`` for
    green and AI) — themes are not mutually exclusive.

    Args:
        texts: Columns ``doc_id, period, text``; one row per document.
        themes: From :func:`load_themes`.

    Returns:
        One row per document x theme (documents in input order, themes in the
        given order), columns ``doc_id, period, theme, label, count,
        per_10k_chars, chars``; ``per_10k_chars`` is NaN for an empty text.

    Raises:
        ValueError: Missing columns, duplicate doc_ids, non-text ``text``,
            or no themes.
    """
    _check_texts(texts)
    _check_themes(themes)
    # ``norm`` (per_document.texts_table) is the same NFKC form, already made.
    normalised = texts["norm"] if "norm" in texts.columns else texts["text"].map(normalize_text)
    # Rates are per character of the clean (quoted) text, as everywhere else.
    chars = char_count(texts["text"])
    frames = [
        pd.DataFrame(
            {
                "doc_id": texts["doc_id"].to_numpy(),
                "period": texts["period"].to_numpy(),
                "theme": theme.id,
                "label": theme.label,
                "count": _count_matches(normalised, pattern).to_numpy(),
                "chars": chars.to_numpy(),
                "order": np.arange(len(texts)),
            }
        )
        for theme, pattern in zip(themes, _theme_patterns(themes), strict=True)
    ]
    out = pd.concat(frames, ignore_index=True).sort_values("order", kind="mergesort")
    out["per_10k_chars"] = _per_10k(out["count"], out["chars"])
    return out[list(THEME_COUNT_COLUMNS)].reset_index(drop=True)


def theme_rates(
    texts: pd.DataFrame, themes: Sequence[Theme], *, periods: list[str] | None = None
) -> pd.DataFrame:
    """Theme frequency per period, per 10,000 characters.

    ``per_10k_chars = count / chars * 10_000``, where ``count`` sums the
    theme's matches (see :func:`theme_counts`) over the period's documents and
    ``chars`` is their total length without whitespace (:func:`char_count`).

    Args:
        texts: Columns ``doc_id, period, text`` (clean text; it is
            NFKC-normalised here, as are the terms).
        themes: From :func:`load_themes`.
        periods: Periods to report, in order. Default: those present, sorted.

    Returns:
        One row per period x theme (zeros included), in ``periods`` then
        theme order, columns ``period, theme, label, count, per_10k_chars,
        documents, chars``.

    Raises:
        ValueError: As :func:`theme_counts`, or a period in ``periods`` with
            no documents.
    """
    _check_texts(texts)
    _check_themes(themes)
    present = sorted(texts["period"].unique())
    if periods is None:
        periods = present
    if len(set(periods)) != len(periods):
        raise ValueError(f"periods: duplicates in {periods}")
    absent = [p for p in periods if p not in present]
    if absent:
        raise ValueError(f"periods: no documents for {', '.join(map(str, absent))}")
    selected = texts[texts["period"].isin(periods)]
    return period_theme_rates(theme_counts(selected, themes), themes, periods=periods)


def period_theme_rates(
    per_doc: pd.DataFrame, themes: Sequence[Theme], *, periods: list[str]
) -> pd.DataFrame:
    """Aggregate :func:`theme_counts` rows to periods (see :func:`theme_rates`).

    Args:
        per_doc: Rows of :func:`theme_counts`, for documents of ``periods`` only.
        themes: The themes counted.
        periods: Periods to report, in order.
    """
    keys = ["period", "theme", "label"]
    out = per_doc.groupby(keys, sort=False).agg(
        count=("count", "sum"), documents=("doc_id", "nunique"), chars=("chars", "sum")
    )
    out = out.reset_index()
    out["period"] = pd.Categorical(out["period"], categories=list(periods), ordered=True)
    out["theme"] = pd.Categorical(out["theme"], categories=[t.id for t in themes], ordered=True)
    out = out.sort_values(["period", "theme"], kind="mergesort")
    out["period"] = out["period"].astype(object)
    out["theme"] = out["theme"].astype(object)
    out["per_10k_chars"] = _per_10k(out["count"], out["chars"])
    return out[list(THEME_RATE_COLUMNS)].reset_index(drop=True)


def _theme_patterns(themes: Sequence[Theme]) -> list[re.Pattern[str]]:
    """One :func:`policytext.text.compile_forms` pattern per theme."""
    return [compile_forms(theme.terms) for theme in themes]


def _per_10k(count: pd.Series, chars: pd.Series) -> pd.Series:
    return (count / chars.where(chars > 0) * 10_000).astype(float)


def _check_texts(texts: pd.DataFrame) -> None:
    missing = [c for c in ("doc_id", "period", "text") if c not in texts.columns]
    if missing:
        raise ValueError(f"texts: missing column(s) {', '.join(missing)}")
    if texts["doc_id"].duplicated().any():
        dupes = texts.loc[texts["doc_id"].duplicated(), "doc_id"].astype(str).unique()
        raise ValueError(f"texts: duplicate doc_id(s) {', '.join(dupes)}")
    if not texts["text"].map(lambda value: isinstance(value, str)).all():
        raise ValueError("texts: 'text' must be a string in every row")


def _check_themes(themes: Sequence[Theme]) -> None:
    if not themes:
        raise ValueError("themes: none given")
    ids = [theme.id for theme in themes]
    if len(set(ids)) != len(ids):
        raise ValueError(f"themes: duplicate id(s) in {ids}")
