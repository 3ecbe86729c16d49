"""Invisible characters: format characters and variation selectors, found to be removed.

Text copied from web pages and PDFs carries characters that are not shown but
break matching: a zero-width space inside 新质生产力 makes the term count 0.
These are Unicode's format characters (general category ``Cf``: zero-width
space and joiners, word joiner, soft hyphen, bidirectional marks, a BOM inside
the text, tag characters …) and the variation selectors (U+FE00–FE0F,
U+E0100–E01EF), which select a glyph and never change the character.
Cleaning removes them, audited (:func:`policytext.clean.clean_document`).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache


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
