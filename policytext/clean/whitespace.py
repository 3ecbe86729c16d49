"""Whitespace tidied last (not audited: it carries no text)."""

from __future__ import annotations

import re
from array import array
from dataclasses import replace

from policytext.clean.paragraphs import _CJK, _CJK_PUNCT, Para

_SPACE_RE = re.compile(r"[\s\u3000\xa0]+")
_CJK_SIDE_RE = re.compile(f"[{_CJK}{_CJK_PUNCT}]")


def tidy_whitespace(para: Para) -> Para:
    """Trim a paragraph, drop spaces next to Chinese, fold other runs to one character."""
    text, offsets = para.text, para.offsets
    if not _SPACE_RE.search(text):
        return para
    chars: list[str] = []
    kept = array("i")
    last = 0
    for match in _SPACE_RE.finditer(text):
        start, end = match.span()
        chars.append(text[last:start])
        kept.extend(offsets[last:start])
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        cjk_side = _CJK_SIDE_RE.match(before + " ") or _CJK_SIDE_RE.match(after + " ")
        if before and after and not cjk_side:
            chars.append(text[start])  # one whitespace character, as received
            kept.append(offsets[start])
        last = end
    chars.append(text[last:])
    kept.extend(offsets[last:])
    return replace(para, text="".join(chars), offsets=kept)
