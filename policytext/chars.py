"""Invisible characters: format characters and variation selectors, found to be removed.

Text copied from web pages and PDFs carries characters that are not shown but
break matching: a zero-width space inside 新质生产力 makes the term count 0.
These are Unicode's format characters (general category ``Cf``: zero-width
space and joiners, word joiner, soft hyphen, bidirectional marks, a BOM inside
the text, tag characters …) and the variation selectors (U+FE00–FE0F,
U+E0100–E01EF), which select a glyph and never change the character.
Cleaning removes them, audited (:func:`policytext.clean.clean_document`).

Look-alikes: characters drawn like a common character but encoded apart, which
NFKC does not fold. PDF text layers write 长 as U+2ED3 (CJK RADICAL
C-SIMPLIFIED LONG) and 工 as U+2F2F (KANGXI RADICAL WORK); a 人工智能+ can
carry U+2795 (HEAVY PLUS SIGN). The Kangxi radicals fold by NFKC; the others
come from ``data/lookalikes.csv`` (the CJK Radicals Supplement as Unicode's
``EquivalentUnifiedIdeograph.txt`` maps it, and the plus signs). Cleaning
replaces them with the character they stand for, audited.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from functools import cache
from pathlib import Path

from policytext.config import DATA_DIR
from policytext.errors import InputError

LOOKALIKES = DATA_DIR / "lookalikes.csv"
"""Look-alike characters and the character each stands for (see the module docstring)."""

KANGXI_RADICALS = (0x2F00, 0x2FD5)
"""The Kangxi Radicals block: each folds to its ideograph by NFKC."""


@cache
def invisible_pattern() -> re.Pattern[str]:
    """A pattern matching every run of invisible characters (see the module docstring)."""
    ranges: list[tuple[int, int]] = []
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if (
            unicodedata.category(char) == "Cf"
            or 0xFE00 <= code <= 0xFE0F
            or (0xE0100 <= code <= 0xE01EF)
        ):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    body = "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )
    return re.compile(f"[{body}]+")


def invisible_name(text: str) -> str:
    """A reason for the audit: the Unicode names of the characters in ``text``."""
    names = sorted({unicodedata.name(c, f"U+{ord(c):04X}") for c in text})
    return "invisible character: " + ", ".join(n.lower() for n in names)


def _code(value: str) -> str:
    """``U+2ED3`` -> the character; ValueError if it is not a code point."""
    if not re.fullmatch(r"U\+[0-9A-Fa-f]{4,6}", value.strip()):
        raise ValueError(value)
    return chr(int(value.strip()[2:], 16))


def load_lookalikes(path: str | Path = LOOKALIKES) -> dict[str, str]:
    """Read the look-alike table: character -> the character it stands for.

    The Kangxi radicals are added by NFKC (not listed in the file).

    Raises:
        InputError: The file is missing or a row is malformed (the message
            names the file, the row and the field).
    """
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as error:
        raise InputError([f"{path}: cannot read the look-alike table: {error.strerror}"]) from None
    table = {
        chr(code): unicodedata.normalize("NFKC", chr(code))
        for code in range(KANGXI_RADICALS[0], KANGXI_RADICALS[1] + 1)
    }
    problems: list[str] = []
    for number, row in enumerate(rows, start=2):
        for column in ("code", "folds_to"):
            try:
                _code(row.get(column) or "")
            except ValueError:
                problems.append(
                    f"{path}, row {number}: {column} must be a code point such as U+2ED3, "
                    f"not {row.get(column)!r}"
                )
        if problems:
            continue
        char, target = _code(row["code"]), _code(row["folds_to"])
        if char == target:
            problems.append(f"{path}, row {number}: {row['code']} folds to itself")
        elif char in table and table[char] != target:
            problems.append(f"{path}, row {number}: {row['code']} is listed twice")
        table[char] = target
    if problems:
        raise InputError(problems)
    return table


@cache
def lookalikes() -> dict[str, str]:
    """The look-alike table of ``data/lookalikes.csv`` (read once)."""
    return load_lookalikes()


@cache
def lookalike_pattern() -> re.Pattern[str]:
    """A pattern matching any one look-alike character of :func:`lookalikes`."""
    return re.compile("[" + "".join(re.escape(c) for c in sorted(lookalikes())) + "]")


def lookalike_name(char: str) -> str:
    """A reason for the audit: the look-alike's Unicode name and what it stands for."""
    target = lookalikes()[char]
    name = unicodedata.name(char, f"U+{ord(char):04X}").lower()
    return f"look-alike character: {name} read as {target}"
