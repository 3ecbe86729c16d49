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

import itertools
import re
import sys
import unicodedata
from functools import cache
from pathlib import Path

from pydantic import ValidationInfo, field_validator

from policytext.config import DATA_DIR
from policytext.corpus import read_csv_rows
from policytext.schema import Row, problem, validate_rows

LOOKALIKES = DATA_DIR / "lookalikes.csv"
"""Look-alike characters and the character each stands for (see the module docstring)."""

KANGXI_RADICALS = (0x2F00, 0x2FD5)
"""The Kangxi Radicals block: each folds to its ideograph by NFKC."""


INVISIBLE_PLANES = (0, 1, 14)
"""The Unicode planes that hold format characters and variation selectors.

Planes 2 and 3 hold ideographs, 15 and 16 private use, the rest nothing
assigned; ``test_invisible_characters_are_only_in_the_planes_scanned`` checks
(in ``tests/test_badinput.py``) the scan of these planes against
the whole code space of the running Python.
"""


def invisible_codes(*, planes: tuple[int, ...] | None = INVISIBLE_PLANES) -> list[tuple[int, int]]:
    """Ranges (first, last) of the invisible code points in ``planes`` (``None``: all)."""
    codes = (
        range(sys.maxunicode + 1)
        if planes is None
        else itertools.chain.from_iterable(range(p << 16, (p + 1) << 16) for p in planes)
    )
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if (
            unicodedata.category(chr(code)) == "Cf"
            or 0xFE00 <= code <= 0xFE0F
            or (0xE0100 <= code <= 0xE01EF)
        ):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return ranges


@cache
def invisible_pattern() -> re.Pattern[str]:
    """A pattern matching every run of invisible characters (see the module docstring)."""
    body = "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in invisible_codes()
    )
    return re.compile(f"[{body}]+")


def invisible_name(text: str) -> str:
    """A reason for the audit: the Unicode names of the characters in ``text``."""
    names = sorted({unicodedata.name(c, f"U+{ord(c):04X}") for c in text})
    return "invisible character: " + ", ".join(n.lower() for n in names)


_CODE_POINT = re.compile(r"U\+[0-9A-Fa-f]{4,6}")


class LookalikeRow(Row):
    """One row of ``data/lookalikes.csv``: a look-alike and the character it stands for.

    Attributes:
        code: The look-alike's code point (``U+2ED3``).
        folds_to: The code point of the character it stands for (``U+957F``).
    """

    code: str
    folds_to: str

    @field_validator("code", "folds_to")
    @classmethod
    def _code_point(cls, value: str, info: ValidationInfo) -> str:
        if not _CODE_POINT.fullmatch(value):
            raise problem(f"{info.field_name} must be a code point such as U+2ED3, not {value!r}")
        return value

    @property
    def pair(self) -> tuple[str, str]:
        """The look-alike and its character."""
        return chr(int(self.code[2:], 16)), chr(int(self.folds_to[2:], 16))


def load_lookalikes(path: str | Path = LOOKALIKES) -> dict[str, str]:
    """Read the look-alike table: character -> the character it stands for.

    The Kangxi radicals are added by NFKC (not listed in the file).

    Raises:
        InputError: The file is missing or a row is malformed (the message
            names the file, the row and the field).
    """
    path = Path(path)
    loaded = validate_rows(path, read_csv_rows(path, columns=("code", "folds_to")), LookalikeRow)
    table = {
        chr(code): unicodedata.normalize("NFKC", chr(code))
        for code in range(KANGXI_RADICALS[0], KANGXI_RADICALS[1] + 1)
    }
    for number, row in loaded.entries:
        char, target = row.pair
        if char == target:
            loaded.add(number, {}, f"{row.code} folds to itself")
        elif char in table and table[char] != target:
            loaded.add(number, {}, f"{row.code} is listed twice")
        table[char] = target
    loaded.raise_problems()
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
