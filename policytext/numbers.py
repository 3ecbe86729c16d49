"""Figures as written in Chinese news: numerals with their units and bounds.

:func:`find_figures` finds the quantitative statements in a sentence: a
numeral with its unit (``家``, ``元``, ``%``, ``个百分点`` ...), the qualifiers
that bound it (``超过``, ``近``, ``多``, ``余``, ``以上``, ``左右`` ...) and
ranges (``16~32GB``, ``4.5%－5%``, ``7B~13B``). Each :class:`Figure` quotes
the sentence verbatim, with offsets into it; its value is read by
:func:`policytext.numerals.parse_number`.

Matching runs on the NFKC form of the sentence (full-width digits and
punctuation become half-width) and maps back through
:func:`policytext.text.normalize`, so quotes are always exact substrings.

What is *not* a figure: dates (``2025年12月``, ``6月20日``, ``2026年``),
issue and serial numbers (``第57次``, ``总第4896期``, ``CN 11-0005``), phone
numbers, names of plans and products (anything inside ``《》``, ``天玑8500``,
``5G-A``, ``Qwen3.0``, ``Kimi K2``), ordinals (``第一``, ``一是``),
``十四五``-style plan periods, durations that are not streaks (``经过5年``, but
``连续16年`` is kept) and single-character Chinese counts of things in the
discourse (``三个方面``, ``两款芯片``, ``一台手机``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from policytext.numerals import ARABIC, parse_number
from policytext.text import Normalized, normalize, normalize_text

BOUNDS = ("=", ">", "≈", "<")
"""Values of :attr:`Figure.bound`: exact, more than, about, less than."""


@dataclass(frozen=True)
class Figure:
    """A quantitative statement found in a sentence.

    Attributes:
        text: The exact substring of the sentence quoted, qualifiers and unit
            included (``超过6000家``, ``300多款``, ``70%以上``).
        start: Offset of ``text`` in the sentence.
        end: Offset after ``text`` (``sentence[start:end] == text``).
        value: The value in the base unit (``1.2万亿元`` -> 1.2e12 元;
            ``近三成`` -> 30 %); the low end of a range.
        value_high: The high end of a range, else ``None``.
        unit: ``元``, ``家``, ``人``, ``个``, ``项``, ``款``, ``台``, ``张``,
            ``%``, ``百分点``, ``年`` ..., or ``""`` when the text gives none
            (``用户达9.4亿``).
        bound: ``=``, ``>`` (超/超过/逾/突破/多/余/以上), ``≈``
            (近/接近/约/左右) or ``<`` (不到/不足/以下).
    """

    text: str
    start: int
    end: int
    value: float
    value_high: float | None
    unit: str
    bound: str


_CN_NUM = (
    r"[〇零一二两三四五六七八九十]"
    r"(?:[〇零一二两三四五六七八九十百千万亿]|点(?=[〇零一二两三四五六七八九]))*"
)
_MULT = r"(?:[十百千]?(?:万亿|万|亿)|千(?!瓦)|百(?!分))"
_NUMBER = rf"(?:{ARABIC}{_MULT}?|{_CN_NUM}|(?<![几数十百千])[十百千]?(?:万亿|亿|万)(?=余|多|美?元))"
_NUMBER_RE = re.compile(_NUMBER)
_MULT_END_RE = re.compile(r"[十百千]?(?:万亿|万|亿)$")

# Longest first. Durations count only in a streak (连续16年).
_UNITS = (
    "个百分点",
    "百分点",
    "%",
    "‰",
    "美元",
    "元",
    "人次",
    "人",
    "家",
    "个月",
    "个",
    "项",
    "款",
    "台",
    "套",
    "张",
    "所",
    "位",
    "座",
    "条",
    "件",
    "辆",
    "吨",
    "千瓦时",
    "千瓦",
    "倍",
    "户",
    "种",
    "次",
    "GB",
    "TB",
    "B",
    "成",
    "年",
    "周",
    "天",
    "小时",
)
_DURATIONS = frozenset({"年", "个月", "周", "天", "小时"})
_UNIT_GUARDS = {
    "成": "(?![为果效绩本立员长熟就功交型形品都])",  # a tenth, not 成为/成果/成效...
    "年": "(?![度代初底末中间前后来级会])",  # not 年度/年代/年初...
}


def _units_regex(units: Iterable[str]) -> str:
    """A regex for any of ``units`` (longest first), each with its guard."""
    return "|".join(
        re.escape(u) + ("(?![A-Za-z])" if u.isascii() and u.isalpha() else _UNIT_GUARDS.get(u, ""))
        for u in units
    )


_UNIT_RE = re.compile(_units_regex(_UNITS))
_UNIT_NAMES = {"个百分点": "百分点", "成": "%", "B": "参数"}
_UNIT_SCALE = {"成": Decimal(10), "B": Decimal(10**9)}

_PREFIXES = {
    "不超过": "<",
    "超过": ">",
    "超出": ">",
    "超": ">",
    "逾": ">",
    "突破": ">",
    "破": ">",
    "高于": ">",
    "多于": ">",
    "不少于": ">",
    "至少": ">",
    "将近": "≈",
    "接近": "≈",
    "近": "≈",
    "大约": "≈",
    "约为": "≈",
    "约有": "≈",
    "约": "≈",
    "不到": "<",
    "不足": "<",
    "低于": "<",
    "少于": "<",
}
_PREFIX_GUARDS = {"近": "(?<![最附])", "超": "(?<![赶])"}  # not 最近, 附近, 赶超
_PREFIX_RE = re.compile(
    "(?:"
    + "|".join(
        _PREFIX_GUARDS.get(word, "") + re.escape(word)
        for word in sorted(_PREFIXES, key=len, reverse=True)
    )
    + ")(?:全球|全国)?$"
)
_MIDDLES = {"余": ">", "多": ">"}
_SUFFIXES = {"以上": ">", "有余": ">", "以下": "<", "以内": "<", "左右": "≈"}
_SUFFIX_RE = re.compile("以上|有余|以下|以内|左右")
_RANGE_SEP_RE = re.compile(r"\s*[~\-—–至]\s*")
# Where a figure may start: a 百分之 form, 半数 or a numeral (match.lastgroup says which).
_CANDIDATE_RE = re.compile(
    rf"(?P<pct>百分之(?P<percent>{_CN_NUM}|{ARABIC}))|(?P<half>半数)|(?P<num>{_NUMBER})"
)
_STREAK_RE = re.compile(r"连续$")
_SERIAL_RIGHT_RE = re.compile(r"[-:/]\d")
_GUILLEMETS_RE = re.compile(r"《[^《》]*(?:》|$)")
_SINGLE_CN = frozenset("一二两三四五六七八九")

_STARTS = r"\d〇零一二两三四五六七八九十百千万亿半"
_START_RE = re.compile(f"[{_STARTS}]")  # the first character of each _CANDIDATE_RE match

FIGURE_CUE = re.compile(
    # 百分之; 半数; 万 or 亿; a numeral's last character, 多 or 余 and a unit that is no
    # duration; 连续. Starting with a character set, the pattern is scanned for fast.
    rf"[{_STARTS}点连](?:(?<=[万亿])|(?<=百)分之|(?<=半)数|(?<=连)续"
    rf"|(?<![半连])[多余]?(?:{_units_regex(u for u in _UNITS if u not in _DURATIONS)}))"
)
"""Matches in the NFKC form of any text that holds a figure (:func:`find_figures`).

A figure is a 百分之 form, a qualified 半数, a numeral with 万 or 亿, or a
numeral followed (after any 多 or 余) by its unit or by the other end of a range
that has one; a duration (``年``, ``天`` ...) only in a streak (``连续16年``). Use
it to skip, cheaply, text that holds no figure. Its lookarounds reject letters
and Chinese characters only, never a space or punctuation mark.
"""


class _Part(NamedTuple):
    """One side of a figure: numeral, middle qualifier and unit."""

    start: int
    end: int
    value: Decimal
    numeral: str
    middle: str
    unit: str


@lru_cache(maxsize=4096)
def _numeral_value(numeral: str) -> Decimal | None:
    """:func:`parse_number` as a decimal, ``None`` if not a numeral (numerals recur)."""
    try:
        return Decimal(repr(parse_number(numeral)))
    except ValueError:
        return None


def _read_part(norm: str, match: re.Match[str]) -> _Part | None:
    numeral = match.group()
    value = _numeral_value(numeral)
    if value is None:
        return None
    pos = match.end()
    middle = ""
    if norm[pos : pos + 1] in _MIDDLES:
        middle = norm[pos]
        pos += 1
    unit_match = _UNIT_RE.match(norm, pos)
    unit = ""
    if unit_match:
        unit = unit_match.group()
        pos = unit_match.end()
    elif middle:  # 300多 with no unit: the 多 belongs to what follows
        return _Part(match.start(), match.end(), value, numeral, "", "")
    return _Part(match.start(), pos, value, numeral, middle, unit)


def _guillemet_spans(norm: str) -> list[tuple[int, int]]:
    """Spans inside 《》 (an unclosed 《 runs to the end)."""
    return [match.span() for match in _GUILLEMETS_RE.finditer(norm)]


def _excluded_left(norm: str, start: int) -> bool:
    """Whether the character before a numeral makes it a serial, name or ordinal."""
    if not start:
        return False
    before = norm[start - 1]
    earlier = norm[start - 2] if start >= 2 else ""
    if before == "第" or (before.isascii() and (before.isalnum() or before in "@#/_.")):
        return True  # 第57次, 总第4896期; V3.2, K2, cena1984, @163
    if before == "-" and earlier.isascii() and earlier.isalnum():
        return True  # 11-0005, B-2-4
    if before == ":" and earlier.isdigit():
        return True  # 23:13
    return before == "几" or (before == "数" and norm[start] in "十百千")  # 几百, 数十亿: vague


def _serial_right(norm: str, end: int) -> bool:
    """Whether a figure runs on into a serial or code (``3个-2``, ``10:30``)."""
    return bool(_SERIAL_RIGHT_RE.match(norm, end))


def find_figures(sentence: str, *, norm: str | None = None) -> list[Figure]:
    """The quantitative statements in a sentence, in order.

    Args:
        sentence: One sentence of clean text (any text works; offsets refer
            to it).
        norm: Its NFKC form (:func:`policytext.text.normalize_text`), if at
            hand: saves normalising it again.

    Returns:
        The figures; ``sentence[f.start:f.end] == f.text`` for each.
    """
    if norm is None:
        norm = normalize_text(sentence)
    if not FIGURE_CUE.search(norm):
        return []
    if len(norm) == len(sentence):  # character for character: the offsets are the same
        normalized = Normalized(norm, range(len(sentence) + 1))
    else:
        normalized = normalize(sentence)
    guarded = _guillemet_spans(norm)
    figures: list[Figure] = []
    pos = 0
    while match := _next_candidate(norm, pos):
        pos = match.end()
        if guarded and any(a <= match.start() < b for a, b in guarded):
            continue
        built = _build(norm, match)
        if built is None:
            continue
        start, end, value, high, unit, bound = built
        pos = max(pos, end)
        orig_start, orig_end = normalized.span(start, end)
        figures.append(
            Figure(
                text=sentence[orig_start:orig_end],
                start=orig_start,
                end=orig_end,
                value=value,
                value_high=high,
                unit=unit,
                bound=bound,
            )
        )
    return figures


def _next_candidate(norm: str, pos: int) -> re.Match[str] | None:
    """``_CANDIDATE_RE.search(norm, pos)``, faster.

    The regex engine scans fast for a character set (:data:`_START_RE`), and
    tries the whole pattern only where it finds one.
    """
    while start := _START_RE.search(norm, pos):
        match = _CANDIDATE_RE.match(norm, start.start())
        if match:
            return match
        pos = start.start() + 1
    return None


def _build(
    norm: str, match: re.Match[str]
) -> tuple[int, int, float, float | None, str, str] | None:
    """Read a figure around a :data:`_CANDIDATE_RE` match, or ``None`` if it is not one."""
    kind = match.lastgroup
    start = match.start()
    high: Decimal | None = None
    if kind == "half":
        end, value, unit, middle = match.end(), Decimal(50), "%", ""
    elif kind == "pct":
        percent = _numeral_value(match["percent"])
        if percent is None:
            return None
        end, value, unit, middle = match.end(), percent, "%", ""
    else:
        if _excluded_left(norm, start):
            return None
        part = _read_part(norm, match)
        if part is None:
            return None
        if part.numeral.startswith("0") and not part.numeral.startswith("0."):
            return None  # 0005, 0431: codes and phone numbers
        end, value, unit, middle = part.end, part.value, part.unit, part.middle
        # A range: 16~32GB, 4.5%-5%, 7B~13B.
        sep = _RANGE_SEP_RE.match(norm, end)
        if sep and (not unit or unit in ("%", "GB", "TB", "B", "‰")):
            second = _NUMBER_RE.match(norm, sep.end())
            other = _read_part(norm, second) if second else None
            if other is not None and other.unit and (not unit or other.unit == unit):
                shared = _MULT_END_RE.search(other.numeral)
                if not unit and shared and not _MULT_END_RE.search(part.numeral):
                    # 1~2万家: a multiplier written once applies to both ends.
                    value *= Decimal(repr(parse_number(shared.group())))
                unit, high, end = other.unit, other.value, other.end
                middle = middle or other.middle
        if not unit and "万" not in part.numeral and "亿" not in part.numeral:
            return None  # a bare number: code, name, year or list marker
        if _serial_right(norm, end):
            return None
        streak = _after_streak(norm, start)
        if unit in _DURATIONS and not streak:
            return None  # dates (2025年), durations (经过5年, 两个月), plans (五年规划)
        if (
            part.numeral in _SINGLE_CN
            and high is None
            and unit != "成"
            and not streak
            and not _PREFIX_RE.search(norm, max(0, start - 6), start)
        ):
            return None  # 三个方面, 两款芯片, 一台手机: counts in the discourse
    bound = "="
    prefix = _PREFIX_RE.search(norm, max(0, start - 6), start)
    if prefix:
        word = prefix.group()
        word = word[:-2] if word.endswith(("全球", "全国")) else word
        bound = _PREFIXES[word]
        start = prefix.start()
    elif kind == "half":
        return None  # 半数 alone (过半数, 半数以上 come with a qualifier)
    if middle:
        bound = _MIDDLES[middle] if bound == "=" else bound
    suffix = _SUFFIX_RE.match(norm, end)
    if suffix:
        bound = _SUFFIXES[suffix.group()] if bound == "=" else bound
        end = suffix.end()
    scale = _UNIT_SCALE.get(unit, Decimal(1))
    name = _UNIT_NAMES.get(unit, unit)
    low_value = float(value * scale)
    high_value = float(high * scale) if high is not None else None
    return start, end, low_value, high_value, name, bound


def _after_streak(norm: str, start: int) -> bool:
    """Whether the numeral at ``start`` follows 连续 (a streak: 连续16年)."""
    return bool(_STREAK_RE.search(norm, max(0, start - 4), start))
