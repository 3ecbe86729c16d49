"""Working text: paragraphs whose characters carry their raw offsets, and helpers on them."""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from policytext.clean.audit import _Audit

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\u2018-\u201f\u2026\u2014"
_CJK_RE = re.compile(f"[{_CJK}]")
_CJK_RUN_RE = re.compile(f"[{_CJK}]+")


@dataclass(frozen=True)
class Para:
    """A paragraph of working text, each character with its raw offset.

    The offsets are an ``array('i')``: 4 bytes per character, and slices and
    concatenations copy memory instead of handling one integer at a time.
    """

    text: str
    offsets: array[int]
    heading: bool = False
    starts_block: bool = False

    def cut(self, start: int, end: int) -> tuple[Para, str, array[int]]:
        """Remove ``text[start:end]``; return the new paragraph and what went."""
        gone = self.text[start:end], self.offsets[start:end]
        return (
            replace(
                self,
                text=self.text[:start] + self.text[end:],
                offsets=self.offsets[:start] + self.offsets[end:],
            ),
            *gone,
        )


def _counting(length: int) -> array[int]:
    """``array('i', range(length))``, made by numpy (a Python loop is slow per character)."""
    return array("i", np.arange(length, dtype=np.intc).tobytes())


def _sub(
    para: Para,
    pattern: re.Pattern[str],
    audit: _Audit,
    stage: str,
    reason: str | Callable[[re.Match[str]], str],
    *,
    replacement: Callable[[re.Match[str]], str] | None = None,
) -> Para:
    """Remove (or replace) every match of ``pattern`` in ``para``, auditing each."""
    pieces: list[str] = []
    offsets = array("i")
    last = 0
    for match in pattern.finditer(para.text):
        start, end = match.span()
        if start == end:
            continue
        pieces.append(para.text[last:start])
        offsets.extend(para.offsets[last:start])
        new = replacement(match) if replacement else ""
        why = reason(match) if callable(reason) else reason
        action = "changed" if new else "removed"
        audit.add(stage, why, match.group(), para.offsets[start:end], action, replacement=new)
        pieces.append(new)
        offsets.extend(array("i", [-1]) * len(new))
        last = end
    if last == 0:
        return para
    pieces.append(para.text[last:])
    offsets.extend(para.offsets[last:])
    return replace(para, text="".join(pieces), offsets=offsets)


def _is_cjk(char: str) -> bool:
    return bool(_CJK_RE.match(char))


_WHITESPACE_RE = re.compile(r"\s+")


# The cleaning steps ask for a paragraph's compact form and CJK share many times
# (about 200 times per document): each is computed once per distinct text.
@lru_cache(maxsize=1024)
def _compact(text: str) -> str:
    return _WHITESPACE_RE.sub("", text)


def _strip_ends(para: Para) -> Para:
    text = para.text
    stripped = text.strip()
    if len(stripped) == len(text):
        return para
    start = len(text) - len(text.lstrip())
    end = start + len(stripped)
    return replace(para, text=stripped, offsets=para.offsets[start:end])


def _words(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1024)
def _cjk_share(text: str) -> float:
    compact = _compact(text)
    if not compact:
        return 0.0
    return sum(map(len, _CJK_RUN_RE.findall(compact))) / len(compact)  # runs: few objects


_OPEN, _CLOSE = "(（[【《“", ")）]】》”"


_BRACKET_KIND = {c: k for k, pair in enumerate(("(（)）", "[【]】", "《》", "“”")) for c in pair}


def _unbalanced(text: str, index: int) -> bool:
    """Whether the bracket at ``index`` has no partner in ``text``.

    Half- and full-width forms pair with each other (``（深圳)`` is balanced).
    """
    char = text[index]
    kind = _BRACKET_KIND[char]
    opening = char in _OPEN
    depth = 0
    scan = text[index:] if opening else reversed(text[: index + 1])
    for c in scan:
        if _BRACKET_KIND.get(c) != kind:
            continue
        depth += 1 if (c in _OPEN) == opening else -1
        if depth == 0:
            return False
    return True
