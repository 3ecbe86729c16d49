"""Stage ``debris``: stray brackets and marks inside a sentence (今!日 -> 今日)."""

from __future__ import annotations

import re

from policytext.clean.audit import _Audit
from policytext.clean.paragraphs import _CJK, Para, _unbalanced
from policytext.main_dictionary import splits_word

_STRAY_BRACKETS = "(（[【)）]】"
_SPLITTING_MARKS = "!！?？"
_DEBRIS_MARKS = f"[{re.escape(_STRAY_BRACKETS + _SPLITTING_MARKS)}]"
_DEBRIS_RE = re.compile(f"{_DEBRIS_MARKS}(?<=[{_CJK}]{_DEBRIS_MARKS})(?=[{_CJK}])")
"""A bracket or mark between two Chinese characters (the mark first: a quick scan)."""


def debris(paragraphs: list[Para], audit: _Audit) -> list[Para]:
    """Remove stray characters that scraping left inside sentences.

    Two kinds, both between two Chinese characters: a bracket with no partner
    in its paragraph, and an exclamation or question mark that splits a word of
    the dictionary (``今!日`` -> ``今日``).
    """
    cleaned = []
    for para in paragraphs:
        text = para.text
        stray = [m.start() for m in _DEBRIS_RE.finditer(text) if _is_stray(text, m.start())]
        for i in reversed(stray):
            para, gone, offsets = para.cut(i, i + 1)
            audit.add("debris", "stray character inside a sentence", gone, offsets)
        cleaned.append(para)
    return cleaned


def _is_stray(text: str, index: int) -> bool:
    """Whether the bracket or mark at ``index`` (between Chinese characters) is debris."""
    if text[index] in _STRAY_BRACKETS:
        return _unbalanced(text, index)
    return splits_word(text[max(0, index - 4) : index], text[index + 1 : index + 5])
