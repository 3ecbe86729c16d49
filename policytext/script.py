"""Scripts: how plausible a decoded text is as Chinese, and Traditional to Simplified.

Two measures on the Han characters of a text:

* :func:`plausibility`: the share of its Han characters that are among the
  :data:`COMMON_CHARACTERS` most frequent characters of jieba's dictionary
  (Traditional characters are first converted). Real Chinese prose scores
  well above :data:`MIN_PLAUSIBILITY`; bytes of another language's legacy
  encoding decoded as GB18030 or Big5 give characters spread evenly over the
  code table and score far below it (see ``tests/test_scripts.py``).
* :func:`detect_script`: ``traditional`` when more than
  :data:`TRADITIONAL_SHARE` of the Han characters change under OpenCC's
  Traditional-to-Simplified conversion, else ``simplified``.

:func:`to_simplified` converts line by line with OpenCC ``t2s`` (phrase-aware:
瞭解 becomes 了解, 凭藉 凭借); a line whose conversion would change its length is
converted character by character instead, so the converted text always has the
original's length and every offset in it is an offset in the original: quotes
stay verbatim.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path

COMMON_CHARACTERS = 1500
"""How many of the most frequent characters count as common for :func:`plausibility`."""

MIN_PLAUSIBILITY = 0.6
"""Below this share of common characters a decoded text is not taken as Chinese."""

MIN_HAN = 20
"""With fewer Han characters than this, :func:`plausibility` cannot judge (returns None)."""

TRADITIONAL_SHARE = 0.05
"""Share of Han characters that OpenCC changes above which a document is Traditional."""

SCRIPTS = ("simplified", "traditional")
"""Values of ``documents.csv``'s ``script`` column."""

_HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


@cache
def _converter() -> object:
    import opencc

    return opencc.OpenCC("t2s")


@cache
def _simplified_char(char: str) -> str:
    converted = _converter().convert(char)  # type: ignore[attr-defined]
    return converted if len(converted) == 1 else char


@cache
def common_characters() -> frozenset[str]:
    """The :data:`COMMON_CHARACTERS` most frequent characters of jieba's main dictionary."""
    import jieba

    path = Path(jieba.__file__).with_name("dict.txt")
    totals: dict[str, int] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            word, freq, *_ = line.split(" ")
            for char in word:
                totals[char] = totals.get(char, 0) + int(freq)
    ranked = sorted((c for c in totals if _HAN_RE.match(c)), key=lambda c: (-totals[c], c))
    return frozenset(ranked[:COMMON_CHARACTERS])


def han_characters(text: str) -> list[str]:
    """The Han (CJK ideograph) characters of ``text``, in order."""
    return _HAN_RE.findall(text)


def has_han(text: str, at_least: int) -> bool:
    """Whether ``text`` holds at least ``at_least`` Han characters (stops once it has)."""
    return sum(1 for _ in itertools.islice(_HAN_RE.finditer(text), at_least)) >= at_least


def _share(han: list[str], keep: Callable[[str], bool]) -> float:
    """Share of the characters ``han`` that ``keep`` accepts, each distinct one judged once."""
    return sum(n for c, n in Counter(han).items() if keep(c)) / len(han)


def plausibility(text: str) -> float | None:
    """Share of Han characters among the common ones, or None with too few to judge."""
    han = han_characters(text)
    if len(han) < MIN_HAN:
        return None
    common = common_characters()
    return _share(han, lambda c: _simplified_char(c) in common)


def traditional_share(text: str) -> float:
    """Share of the Han characters that OpenCC's Traditional-to-Simplified changes."""
    han = han_characters(text)
    if not han:
        return 0.0
    return _share(han, lambda c: _simplified_char(c) != c)


def detect_script(text: str) -> str:
    """``traditional`` or ``simplified`` (see :data:`TRADITIONAL_SHARE`)."""
    return "traditional" if traditional_share(text) > TRADITIONAL_SHARE else "simplified"


def to_simplified(text: str) -> str:
    """``text`` with every Traditional character replaced by its Simplified form.

    Phrase-aware line by line; character by character on a line where the
    phrase conversion would change the length. The result has the length of
    ``text``.
    """
    lines = text.split("\n")
    out = []
    for line in lines:
        converted = _converter().convert(line)  # type: ignore[attr-defined]
        if len(converted) != len(line):
            converted = "".join(_simplified_char(c) for c in line)
        out.append(converted)
    return "\n".join(out)


def matching_text(text: str, *, script: str) -> str:
    """The text to match and count on: Simplified, same length as ``text``."""
    return to_simplified(text) if script == "traditional" else text
