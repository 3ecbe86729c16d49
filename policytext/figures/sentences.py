"""The sentences of a document that the figure stages read, and the regex helpers they share.

A document's sentences are taken in its clean text (:func:`policytext.text.sentence_spans`),
matched on their NFKC form (Simplified script for a Traditional document, same length).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

import pandas as pd

from policytext import script
from policytext.errors import InputError
from policytext.text import normalize_text, sentence_spans


class Sentence(NamedTuple):
    """A sentence of a document and the one before it in its paragraph, with their NFKC forms.

    ``start`` and ``end`` are the sentence's offsets in the document's text.
    """

    text: str
    norm: str
    previous: str
    previous_norm: str
    start: int = 0
    end: int = 0

    def normalized(self, start: int, end: int) -> str:
        """The NFKC form of ``text[start:end]``."""
        if len(self.norm) == len(self.text):  # character for character: same offsets
            return self.norm[start:end]
        return normalize_text(simplified(self.text)[start:end])

    @property
    def context(self) -> str:
        """The NFKC form of the previous sentence and this one, a line apart."""
        return f"{self.previous_norm}\n{self.norm}"


def cue_sentences(text: str, norm: str, cue: re.Pattern[str]) -> Iterator[Sentence]:
    """Each distinct sentence in whose NFKC form ``cue`` matches, once, in order.

    Only the lines (paragraphs) of the document that ``cue`` matches in are
    split into sentences; the others are skipped whole.

    Args:
        text: The document.
        norm: Its NFKC form.
        cue: Where ``cue`` matches in a sentence, it must match in the document
            too: none of its lookarounds may reject a space, line break or
            punctuation mark, which is all that can border a sentence.

    Yields:
        The sentences, each with the one before it in its paragraph.
    """
    seen: set[str] = set()
    for offset, line, line_norm in _lines(text, norm, cue):
        same = len(line) == len(line_norm)
        previous = previous_norm = ""
        for start, end in sentence_spans(line):
            sentence = line[start:end]
            sentence_norm = line_norm[start:end] if same else _matching_form(sentence)
            if sentence not in seen and cue.search(sentence_norm):
                seen.add(sentence)
                yield Sentence(
                    sentence, sentence_norm, previous, previous_norm, offset + start, offset + end
                )
            previous, previous_norm = sentence, sentence_norm


def simplified(sentence: str) -> str:
    """A sentence in Simplified script if it is Traditional (same length: same offsets)."""
    return script.matching_text(sentence, script=script.detect_script(sentence))


def _matching_form(sentence: str) -> str:
    """The form of a sentence to match on, as :func:`.per_document.texts_table` makes it."""
    return normalize_text(simplified(sentence))


def _lines(text: str, norm: str, cue: re.Pattern[str]) -> Iterator[tuple[int, str, str]]:
    """Each line of ``text`` whose NFKC form (in ``norm``) ``cue`` matches in.

    Yields ``(offset of the line in text, line, its NFKC form)``. One search
    runs over ``norm``, skipping the rest of each line found. NFKC keeps line
    breaks and makes none, so the lines of ``norm`` are the forms of those of
    ``text``.
    """
    lines = None if len(norm) == len(text) else text.split("\n")
    offsets: list[int] = []
    if lines is not None:
        position = 0
        for line in lines:
            offsets.append(position)
            position += len(line) + 1
    number = counted = 0  # the line number at offset ``counted`` of ``norm``
    match = cue.search(norm)
    while match:
        begin = norm.rfind("\n", 0, match.start()) + 1
        end = norm.find("\n", match.start())
        end = len(norm) if end < 0 else end
        if lines is None:  # character for character: the offsets are the same
            yield begin, text[begin:end], norm[begin:end]
        else:
            number += norm.count("\n", counted, begin)
            counted = begin
            yield offsets[number], lines[number], norm[begin:end]
        match = cue.search(norm, end)


def doc_texts(docs: pd.DataFrame) -> Iterator[tuple[Any, str, str]]:
    """``(row, text, NFKC form)`` of each document; the form from a ``norm`` column, if any."""
    has_norm = "norm" in docs.columns
    for doc in docs.itertuples(index=False):
        text = "" if pd.isna(doc.text) else str(doc.text)
        if has_norm and text and isinstance(doc.norm, str):
            yield doc, text, doc.norm
        else:
            yield doc, text, normalize_text(text)


def check_docs(docs: pd.DataFrame, needed: Sequence[str]) -> None:
    """Raise if ``docs`` lacks one of the ``needed`` columns."""
    missing = [c for c in needed if c not in docs.columns]
    if missing:
        raise InputError([f"documents: missing column(s) {', '.join(missing)}"])


def document_year(date: Any) -> int | None:
    """The year of a document date (``2026-01``, ``2026-01-21``), if any."""
    match = re.match(r"\s*(\d{4})", "" if pd.isna(date) else str(date))
    return int(match.group(1)) if match else None


def scanned(pattern: str, first: str) -> re.Pattern[str]:
    """A pattern that matches where ``pattern`` does, and is searched for faster.

    The regex engine skips fast to a character of a set a pattern starts with,
    but tries a pattern that starts with a lookbehind, or an alternation of
    them, at each position. The result matches one character of ``first`` (all
    those a match of ``pattern`` can start with) where ``pattern`` matches: use
    it to find whether and where, not what.
    """
    return re.compile(rf"[{re.escape(first)}](?<=(?={pattern})(?s:.))")


def found_in(patterns: Iterable[re.Pattern[str]], text: str) -> bool:
    """Whether one of ``patterns`` occurs in ``text``."""
    for pattern in patterns:
        if pattern.search(text):
            return True
    return False
