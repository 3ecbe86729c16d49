"""Character-level helpers shared by every stage: normalisation and sentences.

The report quotes the *original* clean text but matches on a *normalised*
form (NFKC: ``＋`` -> ``+``, full-width digits, letters and punctuation to
half-width). :func:`normalize` keeps a map from each normalised character back
to the original, so a match can always be quoted verbatim.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SENTENCE_END = "。！？!?；;"
"""Characters that end a sentence."""

CLOSERS = "”’」』）)》"
"""Closing marks that stay with the sentence they close."""

_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
_WHITESPACE = re.compile(r"\s+")

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
            original length, so ``origin[end]`` is a valid slice end. A
            ``range`` when every character maps to one character (the usual
            case: no memory per character).
    """

    text: str
    origin: Sequence[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of :attr:`text` to the original string."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1


class _NFKCTable(dict):
    """``str.translate`` table: code point -> NFKC form, filled on first sight.

    Unchanged characters map to themselves (no exception per lookup); those
    whose form is not one character are also kept in :attr:`resized`, for
    :func:`normalize` to find them.
    """

    def __init__(self) -> None:
        super().__init__((code, code) for code in range(128))
        self.resized: set[str] = set()
        self._pattern: tuple[frozenset[str], re.Pattern[str]] | None = None

    def __missing__(self, code: int) -> str | int:
        char = chr(code)
        form = unicodedata.normalize("NFKC", char)
        if len(form) != 1:
            self.resized.add(char)
        value: str | int = code if form == char else form
        self[code] = value
        return value

    def resized_pattern(self) -> re.Pattern[str]:
        """A pattern matching any character seen so far whose form is not one character."""
        if self._pattern is None or self._pattern[0] != self.resized:
            chars = frozenset(self.resized)
            body = "".join(re.escape(c) for c in sorted(chars)) or r"\x00"
            self._pattern = chars, re.compile(f"[{body}]")
        return self._pattern[1]


_NFKC = _NFKCTable()


def normalize_char(char: str) -> str:
    """NFKC form of one character (``＋`` -> ``+``, ``１`` -> ``1``)."""
    return char.translate(_NFKC)


def normalize(text: str, *, norm: str | None = None) -> Normalized:
    """Normalise ``text`` to NFKC, character by character, keeping the offsets.

    Args:
        text: Original text.
        norm: Its normalised form, when already made (:func:`normalize_text`).

    Returns:
        The normalised text and its map back to ``text``.
    """
    if norm is None or len(norm) != len(text):
        norm = text.translate(_NFKC)  # (this also shows the table every character of text)
    if len(norm) == len(text):
        # No character's form is empty, so equal lengths mean one character for
        # one: the map is the identity (held as a range, no memory per character).
        return Normalized(norm, range(len(text) + 1))
    origin: list[int] = []
    last = 0
    for match in _NFKC.resized_pattern().finditer(text):
        index = match.start()
        origin.extend(range(last, index))
        origin.extend([index] * len(normalize_char(match.group())))
        last = index + 1
    origin.extend(range(last, len(text) + 1))
    return Normalized(norm, tuple(origin))


def normalize_text(text: str) -> str:
    """The normalised form alone (see :func:`normalize`)."""
    return text.translate(_NFKC)


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


def count_chars(text: str) -> int:
    """Characters that count for rates: everything but whitespace.

    Layout (line breaks, indentation) varies between sources and must not
    dilute a rate per 10,000 characters.
    """
    return len(_WHITESPACE.sub("", text))


def compile_forms(terms: Iterable[str]) -> re.Pattern[str]:
    """One regex matching any of ``terms``, longest first.

    Terms are NFKC-normalised (:func:`policytext.text.normalize_text`), so the
    pattern is meant for normalised text. Longer terms come first in the
    alternation, so at any position the longest term wins and an overlapping
    shorter one is not counted again (``人工智能+`` is one match, not also
    ``人工智能``). Matching is case-sensitive. A term that begins (ends) with an
    ASCII letter or digit must not be preceded (followed) by one, so ``AI``
    does not match inside ``OpenAI`` nor ``6G`` inside ``16GB``; Chinese
    characters around a term are no boundary (``AI手机`` matches ``AI``).

    Args:
        terms: The terms; duplicates (after normalisation) are harmless.

    Returns:
        The compiled pattern; use ``finditer``/``findall`` for
        non-overlapping matches.

    Raises:
        ValueError: No terms, or an empty or blank term.
    """
    normalised = [normalize_text(term).strip() for term in terms]
    if not normalised:
        raise ValueError("compile_forms: no terms given")
    if not all(normalised):
        raise ValueError("compile_forms: empty term")
    ordered = sorted(set(normalised), key=lambda term: (-len(term), term))
    # The look-ahead on first characters changes no match; it lets ``re`` skip
    # every position no term can start at (four times faster on this corpus).
    first = "".join(sorted({re.escape(term[0]) for term in ordered}))
    return re.compile(f"(?=[{first}])(?:{'|'.join(_bounded(term) for term in ordered)})")


def _bounded(term: str) -> str:
    """``term`` escaped, with ASCII word boundaries where it starts/ends in ASCII."""
    head = r"(?<![A-Za-z0-9])" if _ASCII_WORD.match(term[0]) else ""
    tail = r"(?![A-Za-z0-9])" if _ASCII_WORD.match(term[-1]) else ""
    return f"{head}{re.escape(term)}{tail}"
