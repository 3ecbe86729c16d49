"""The audit data model: one row per change, and the cleaned document it belongs to."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

AUDIT_COLUMNS = (
    "doc_id",
    "stage",
    "reason",
    "action",
    "text",
    "replacement",
    "chars",
    "start",
    "end",
)
"""Columns of ``cleaning_audit.csv``."""


@dataclass(frozen=True)
class AuditRow:
    """One removal or change made by cleaning.

    Attributes:
        doc_id: The document.
        stage: The cleaning stage that made it.
        reason: Why, in words a reader understands.
        action: ``removed``, ``changed`` (text replaced), ``joined`` (a
            paragraph break removed), ``moved`` (a paragraph moved) or
            ``converted`` (a note on the whole document: Traditional script
            matched on its Simplified form; no text, no offsets).
        text: The text removed, changed or moved.
        replacement: What a ``changed`` text became (``&amp;`` -> ``&``,
            ``⻓`` -> ``长``); empty otherwise.
        start: Raw offset of its first character (-1 if none).
        end: Raw offset after its last character.
        offsets: Raw offset of each character of ``text`` (-1 for inserted
            characters), compact (an ``array('i')``); not exported.
    """

    doc_id: str
    stage: str
    reason: str
    action: str
    text: str
    start: int
    end: int
    offsets: Sequence[int] = field(default=(), repr=False, compare=False)
    replacement: str = ""

    @property
    def chars(self) -> int:
        """Characters of text removed, whitespace excluded (0 for joins and moves).

        A change counts what it removed less what it put in its place, so the
        rows of a document add up to its raw less its clean characters.
        """
        if self.action not in ("removed", "changed"):
            return 0
        return _nonspace(self.text) - _nonspace(self.replacement)

    def record(self) -> dict[str, Any]:
        """The row as exported to ``cleaning_audit.csv``."""
        return {
            "doc_id": self.doc_id,
            "stage": self.stage,
            "reason": self.reason,
            "action": self.action,
            "text": self.text,
            "replacement": self.replacement,
            "chars": self.chars,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class CleanDocument:
    """A cleaned document.

    Attributes:
        doc_id: The document.
        text: Article text; paragraphs separated by a blank line.
        offsets: Raw offset of each character of ``text`` (-1 for the
            paragraph separators and for characters inserted by a change),
            compact (an ``array('i')``, 4 bytes per character).
        audit: Every removal and change, in the order made.
    """

    doc_id: str
    text: str
    offsets: Sequence[int] = field(hash=False)  # an array: the document stays hashable
    audit: tuple[AuditRow, ...]

    @property
    def paragraphs(self) -> list[str]:
        """The paragraphs of the clean text."""
        return self.text.split("\n\n") if self.text else []


class _Audit:
    """Collects audit rows for one document."""

    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        self.rows: list[AuditRow] = []

    def add(
        self,
        stage: str,
        reason: str,
        text: str,
        offsets: array[int],
        action: str = "removed",
        *,
        replacement: str = "",
    ) -> None:
        if action in ("removed", "changed") and not text.strip():
            return  # whitespace carries no text: not audited
        start, end = _raw_span(offsets)
        self.rows.append(
            AuditRow(self.doc_id, stage, reason, action, text, start, end, offsets, replacement)
        )


def _nonspace(text: str) -> int:
    """Characters of ``text`` that are not whitespace (as ``chars_raw`` counts them)."""
    return sum(1 for c in text if not c.isspace())


def _raw_span(offsets: array[int]) -> tuple[int, int]:
    """The lowest raw offset and the one after the highest (-1, -1 if there is none)."""
    if min(offsets, default=-1) < 0:
        real = [o for o in offsets if o >= 0]
        return (min(real), max(real) + 1) if real else (-1, -1)
    return min(offsets), max(offsets) + 1
