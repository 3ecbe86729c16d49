"""Stage ``duplicates``: paragraphs repeated by the page layout, exact or garbled copies."""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import chain

from policytext.clean.audit import _Audit
from policytext.clean.paragraphs import Para, _compact
from policytext.clean.rules import Rules
from policytext.text import normalize_text


@dataclass
class _Kept:
    """What a pass of :func:`duplicates` kept, for the next pass over the document.

    Attributes:
        text: The compact text of the kept paragraphs, concatenated.
        unique: ``(start, compact)`` of each kept paragraph: where its compact
            text starts in ``text``, and that text.
        compacts: Compact text (normalised, without whitespace) by paragraph text.
    """

    text: str = ""
    unique: set[tuple[int, str]] = field(default_factory=set)
    compacts: dict[str, str] = field(default_factory=dict)


def duplicates(
    paragraphs: list[Para], rules: Rules, audit: _Audit, *, before: _Kept | None = None
) -> tuple[list[Para], _Kept]:
    """Drop paragraphs that repeat earlier text, exactly or as a garbled copy.

    A paragraph (or heading) of at least ``duplicate_min_chars`` characters is
    a layout duplicate when it occurs within the last ``duplicate_window_chars``
    characters kept before it, or when at least ``duplicate_min_similarity`` of
    its characters match a stretch of that text (a garbled copy). The first
    occurrence is kept. The stage runs again after paragraphs are rejoined.

    Args:
        paragraphs: Paragraphs in page order.
        rules: Cleaning rules.
        audit: Collects the removals.
        before: What the first pass kept, given to the second. A paragraph it
            kept is not checked again while the text kept before it is the
            same: the verdict depends on nothing else.

    Returns:
        The paragraphs kept, and what was kept (for a second pass).
    """
    before = before or _Kept()
    this = _Kept(compacts=before.compacts)
    kept: list[Para] = []
    pieces: list[str] = []
    quads = _Quads(pieces)
    length = 0
    same = True  # the compact text kept so far is before.text[:length]
    earlier = ""
    for para in paragraphs:
        compact = this.compacts.get(para.text)
        if compact is None:
            compact = this.compacts[para.text] = normalize_text(_compact(para.text))
        known = same and (length, compact) in before.unique
        reason = None if known else _duplicate(compact, earlier, quads, rules)
        if reason is not None:
            audit.add("duplicates", reason, para.text, para.offsets)
            continue
        kept.append(para)
        this.unique.add((length, compact))
        same = same and before.text.startswith(compact, length)
        pieces.append(compact)
        length += len(compact)
        # Layout repeats a paragraph near its first occurrence: comparing with a
        # window of recent text keeps cleaning linear in the document's length.
        earlier = (earlier + compact)[-rules.duplicate_window_chars :]
    this.text = "".join(pieces)
    return kept, this


def _duplicate(compact: str, earlier: str, quads: _Quads, rules: Rules) -> str | None:
    """Why a paragraph (its compact text) is a layout duplicate of ``earlier``, if it is."""
    if len(compact) < rules.duplicate_min_chars:
        return None
    if compact in earlier:
        return "layout duplicate: exact copy of earlier text"
    similarity = _garbled_copy(compact, earlier, quads, rules.duplicate_min_similarity)
    if similarity is None:
        return None
    return f"layout duplicate: garbled copy ({similarity:.0%} identical to earlier text)"


_GRAM = 6
"""Characters per gram in the search for garbled copies; a gram starts every sixth character."""


def _garbled_copy(text: str, earlier: str, quads: _Quads, min_similarity: float) -> float | None:
    """Share of ``text`` matched by the stretch of ``earlier`` most like it, if high.

    The stretch is where most grams of ``text`` occur in ``earlier``; difflib
    then matches the two.

    Args:
        text: Compact text of a paragraph.
        earlier: Compact text kept before it (the end of the text ``quads`` holds).
        quads: The kept text's quads, to skip the grams it lacks.
        min_similarity: The share that makes a garbled copy.

    Returns:
        The share, or None when it is below ``min_similarity``.
    """
    length = len(text)
    if not earlier or length < _GRAM:
        return None
    hits: dict[int, int] = {}
    for gram in quads.candidates(text):
        position = earlier.find(gram)
        while position != -1:
            hits[position // length] = hits.get(position // length, 0) + 1
            position = earlier.find(gram, position + 1)
    if not hits:
        return None
    block = max(sorted(hits), key=lambda b: hits[b])
    window = earlier[max(0, (block - 1) * length) : (block + 2) * length]
    if _few_in_common(text, window, min_similarity):
        return None
    matcher = SequenceMatcher(None, text, window, autojunk=False)
    similarity = sum(b.size for b in matcher.get_matching_blocks()) / length
    return similarity if similarity >= min_similarity else None


def _few_in_common(text: str, other: str, min_share: float) -> bool:
    """Whether fewer than ``min_share`` of the characters of ``text`` have a partner in ``other``.

    Matching pairs equal characters, each used once, so no match can pair
    more (the bound of difflib's ``quick_ratio``): when this holds, the match
    is sure to fall short. Characters ``other`` lacks altogether are counted
    first, stopping as soon as they suffice; then those it has too few of.
    """
    length = len(text)
    unpaired = 0
    present: dict[str, bool] = {}
    for char in text:
        if char not in present:
            present[char] = char in other
        if not present[char]:
            unpaired += 1
            if (length - unpaired) / length < min_share:
                return True
    unpaired = sum(max(0, n - other.count(char)) for char, n in Counter(text).items())
    return (length - unpaired) / length < min_share


class _Quads:
    """Which grams may occur in the kept text: its "no" is always right.

    Holds, as integers, quads (runs of four UTF-16 code units) of the kept
    compact text, starting at every other unit (never more than two units
    apart). Wherever a gram occurs, the quad of its units 0-3 or of its units
    1-4 is held: two set look-ups spare most searches of the kept text, each
    as slow as that text is long. Takes in the kept texts when asked (a second
    pass may ask nothing).
    """

    def __init__(self, kept: list[str]) -> None:
        self.kept = kept  # the kept compact texts, in order (the caller's list)
        self.added = 0
        self.keys: set[int] = set()
        self.rest = b""  # the last three units: their quads are not yet complete

    def candidates(self, text: str) -> set[str]:
        """The grams of ``text`` (one every sixth character) that may occur in the kept text."""
        self._take_in()
        starts = range(0, len(text) - _GRAM + 1, _GRAM)
        data = text.encode("utf-16-le")
        if len(data) != 2 * len(text):  # surrogate pairs: units are not characters
            return {text[i : i + _GRAM] for i in starts}
        at = [_quads(data, unit) for unit in range(4)]  # unit u: at[u % 4][u // 4]
        # Grams 0, 2, 4 ... start at units 0, 12, 24 ...; grams 1, 3, 5 ... at 6, 18, 30 ...
        evens, odds = (len(starts) + 1) // 2, len(starts) // 2
        even = at[0][0 : 3 * evens : 3], at[1][0 : 3 * evens : 3]
        odd = at[2][1 : 3 * odds : 3], at[3][1 : 3 * odds : 3]
        keys = self.keys
        if keys.isdisjoint(chain(*even, *odd)):
            return set()
        grams = [text[i : i + _GRAM] for i in starts]
        pairs = chain(zip(grams[0::2], *even, strict=True), zip(grams[1::2], *odd, strict=True))
        return {gram for gram, first, second in pairs if first in keys or second in keys}

    def _take_in(self) -> None:
        if self.added == len(self.kept):
            return
        data = self.rest + "".join(self.kept[self.added :]).encode("utf-16-le")
        self.added = len(self.kept)
        self.keys.update(_quads(data, 0))
        self.keys.update(_quads(data, 2))
        self.rest = data[-6:]


def _quads(data: bytes, unit: int) -> array[int]:
    """The quads of UTF-16 ``data`` starting at units ``unit``, ``unit`` + 4, ``unit`` + 8 ..."""
    start = 2 * unit
    return array("Q", data[start : start + (len(data) - start) // 8 * 8])
