"""Character-level helpers shared by every stage: normalisation and sentences.

The report quotes the *original* clean text but matches on a *normalised*
form (NFKC: ``＋`` -> ``+``, full-width digits, letters and punctuation to
half-width). :func:`normalize` keeps a map from each normalised character back
to the original, so a match can always be quoted verbatim.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

SENTENCE_END = "。！？!?；;"
"""Characters that end a sentence."""

CLOSERS = "”’」』）)》"
"""Closing marks that stay with the sentence they close."""

_SENTENCE_RE = re.compile(
    rf"[^{re.escape(SENTENCE_END)}\n]*(?:[{re.escape(SENTENCE_END)}]+[{re.escape(CLOSERS)}]*|\n|$)"
)


@dataclass(frozen=True)
class Normalized:
    """A normalised string with a map back to the string it came from.

    Attributes:
        text: The NFKC form, character by character.
        origin: ``origin[i]`` is the index in the original string of the
            character that produced ``text[i]``; one extra final entry holds the
            original length, so ``origin[end]`` is a valid slice end.
    """

    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of :attr:`text` to the original string."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1


def normalize_char(char: str) -> str:
    """NFKC form of one character (``＋`` -> ``+``, ``１`` -> ``1``)."""
    return unicodedata.normalize("NFKC", char)


def normalize(text: str) -> Normalized:
    """Normalise ``text`` to NFKC, character by character, keeping the offsets.

    Args:
        text: Original text.

    Returns:
        The normalised text and its map back to ``text``.
    """
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        norm = normalize_char(char) if ord(char) > 127 else char
        pieces.append(norm)
        origin.extend([index] * len(norm))
    origin.append(len(text))
    return Normalized("".join(pieces), tuple(origin))


def normalize_text(text: str) -> str:
    """The normalised form alone (see :func:`normalize`)."""
    return "".join(normalize_char(c) if ord(c) > 127 else c for c in text)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences in ``text``, without surrounding whitespace.

    A sentence ends at 。！？!?；; (with any closing quotes or brackets that
    follow) or at a line break. Empty spans are dropped.

    Args:
        text: Clean text.

    Returns:
        ``(start, end)`` offsets into ``text``, in order.
    """
    spans: list[tuple[int, int]] = []
    for match in _SENTENCE_RE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (see :func:`sentence_spans`)."""
    return [text[start:end] for start, end in sentence_spans(text)]
