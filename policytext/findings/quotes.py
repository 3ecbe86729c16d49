"""Quotations: verbatim sentences with source and speaker, and their translations.

Translations are read from ``data/translations.yml`` through
:class:`policytext.schema.TranslationsFile`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from policytext.config import DATA_DIR
from policytext.findings.wording import md_escape, short_outlet
from policytext.schema import load_translations_file

SPEAKER_LABELS = {
    "minister": "the minister",
    "miit": "MIIT or an MIIT meeting",
    "central_body": "another central body",
    "local_government": "a local government",
    "company": "a company",
    "research_body": "a research body",
    "journalist": "the journalist",
    "unattributed": "no attributed speaker",
}
"""English names of the speaker types, for prose."""


NO_TRANSLATION = "(no translation yet)"
"""Shown in place of the English of a quotation that has none."""


TRANSLATIONS = DATA_DIR / "translations.yml"
"""The translations of the quotations (:func:`load_translations`)."""


@dataclass(frozen=True)
class Quote:
    """A verbatim sentence with its source, speaker and translation."""

    text: str
    doc_id: str
    outlet: str
    date: str
    speaker: str
    speaker_type: str
    translation: str | None

    @property
    def who(self) -> str:
        """Speaker as a reader reads it: ``李乐成 (the minister)``."""
        kind = SPEAKER_LABELS.get(self.speaker_type, self.speaker_type or "unattributed")
        return f"{self.speaker} ({kind})" if self.speaker else kind

    @property
    def where(self) -> str:
        """``中国电子报, 2026-03-24; speaker: the minister``."""
        return f"{short_outlet(self.outlet)}, {self.date}; speaker: {self.who}"

    def markdown(self) -> str:
        """The quote, its translation and its source line as a block quote."""
        english = md_escape(self.translation) if self.translation else NO_TRANSLATION
        return f"> {md_escape(self.text)}\n>\n> *{english}* — {md_escape(self.where)}."


def load_translations(path: str | Path = TRANSLATIONS) -> dict[str, str]:
    """``translations.yml``: English translations keyed by the exact Chinese quote.

    Validated by :func:`policytext.schema.load_translations_file` (no file: no
    translations).

    Raises:
        InputError: Not a mapping ``quotes:`` of text to text, one message per
            problem naming the file and the entry.
    """
    return load_translations_file(path)


def quote(row: object, documents: pd.DataFrame, translations: dict[str, str]) -> Quote:
    """A :class:`Quote` from a kwic, figures or commitments row (speaker from its columns)."""
    meta = documents.set_index("doc_id").loc[row.doc_id]
    text = str(row.sentence).strip()
    return Quote(
        text,
        row.doc_id,
        str(meta["outlet"]),
        str(meta["date"]),
        str(getattr(row, "speaker", "") or ""),
        str(getattr(row, "speaker_type", "") or ""),
        translations.get(text),
    )


MIN_QUOTE = 12
"""Shortest sentence preferred as a quote (characters): headlines and fragments are shorter."""


def pick_sentence(rows: pd.DataFrame) -> object | None:
    """The shortest sentence of at least :data:`MIN_QUOTE` characters (else the shortest)."""
    if rows.empty:
        return None
    rows = rows.assign(_len=rows["sentence"].str.len()).drop_duplicates("sentence")
    long_enough = rows[rows["_len"] >= MIN_QUOTE]
    pool = long_enough if not long_enough.empty else rows
    return next(pool.sort_values("_len", kind="stable").itertuples(index=False))


def sentences_with(text: str, word: str) -> list[str]:
    """The sentences of ``text`` (split at 。！？ and line breaks) that contain ``word``."""
    parts = re.findall(r"[^。！？!?\n]+[。！？!?]?", text)
    return [p.strip() for p in parts if word in p]
