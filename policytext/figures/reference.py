"""When a figure is: the year and reference period it refers to, from its sentence's time cues."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from policytext.figures.sentences import Sentence, document_year, simplified
from policytext.numbers import Figure
from policytext.numerals import parse_number
from policytext.text import normalize_text

_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年(?!代)")
_RELATIVE_YEARS = {
    "前年": -2,
    "去年": -1,
    "上年": -1,
    "今年": 0,
    "本年": 0,
    "当年": 0,
    "明年": 1,
    "目前": 0,
    "当前": 0,
    "截至目前": 0,
    "现阶段": 0,
}
_RELATIVE_RE = re.compile("|".join(sorted(_RELATIVE_YEARS, key=len, reverse=True)))
_SPAN_RE = re.compile(r"用\s*([0-9一二两三四五六七八九十]+)\s*年(?:时间|左右)?")
_GUARDED_RE = re.compile(r"《[^《》]*(?:》|$)")


def _year_cues(sentence: str, doc_year: int | None) -> list[tuple[int, int]]:
    """``(position, year)`` for each time reference in the sentence."""
    cues: list[tuple[int, int]] = []
    guarded = [m.span() for m in _GUARDED_RE.finditer(sentence)]
    for match in _YEAR_RE.finditer(sentence):
        before = sentence[max(0, match.start() - 2) : match.start()]
        if before.endswith(("较", "比")) or any(a <= match.start() < b for a, b in guarded):
            continue  # 较2024年年底增长: the base of a comparison; plan names
        cues.append((match.start(), int(normalize_text(match.group(1)))))
    if doc_year is not None:
        for match in _RELATIVE_RE.finditer(sentence):
            cues.append((match.start(), doc_year + _RELATIVE_YEARS[match.group()]))
        for match in _SPAN_RE.finditer(sentence):
            try:  # 力争用两年时间: the second year from the document's
                cues.append((match.start(), doc_year + int(parse_number(match.group(1))) - 1))
            except ValueError:
                continue
    return sorted(cues)


class Years:
    """The time references of a sentence and of the one before it, each read once."""

    def __init__(self, sentence: Sentence, doc_year: int | None) -> None:
        self.doc_year = doc_year
        self.cues = _year_cues(simplified(sentence.text), doc_year)
        self._previous = simplified(sentence.previous)
        self._earlier: list[tuple[int, int]] | None = None

    def year(self, figure: Figure) -> tuple[int | None, bool]:
        """The year a figure of the sentence refers to, and whether the text says so."""
        before = [year for pos, year in self.cues if pos < figure.start]
        if before:
            return before[-1], True
        after = [year for pos, year in self.cues if pos >= figure.end]
        if after:
            return after[0], True
        if self._earlier is None:
            self._earlier = _year_cues(self._previous, self.doc_year)
        if self._earlier:
            return self._earlier[-1][1], True
        return self.doc_year, False


_Y = r"(?:19|20)\d{2}"
_CN_MONTH = "一二两三四五六七八九十"
_M = rf"(?:1[0-2]|0?[1-9]|十[一二]?|[{_CN_MONTH[:-1]}])"
_NOT_DAY = r"(?!\s*\d{1,2}\s*[日号])"
_REL_YEAR = r"去年|上年|今年|本年|当年|明年|前年"
_PERIOD_CUES = (
    (
        "asof",
        re.compile(
            rf"(?:截至|截止到?|到)\s*(?:(?P<y>{_Y})\s*年|(?P<rel>{_REL_YEAR}))?\s*"
            rf"(?:(?P<m>{_M})\s*月(?:底|末|份)?{_NOT_DAY}|(?P<end>年?底|年末))"
        ),
    ),
    ("now", re.compile(r"截至目前|截至当前|截至现在|目前|当前|现阶段")),
    (
        "months",
        re.compile(
            rf"(?:(?P<y>{_Y})\s*年\s*)?(?P<m1>{_M})\s*[-—–~至到]\s*(?P<m2>{_M})\s*月{_NOT_DAY}"
        ),
    ),
    ("first", re.compile(rf"(?:(?P<y>{_Y})\s*年\s*)?前(?P<n>{_M}|[两])个?月")),
    (
        "quarter",
        re.compile(rf"(?:(?P<y>{_Y})\s*年\s*)?(?:第?(?P<q>[一二三四1-4])季度|(?P<h>上|下)半年)"),
    ),
    ("month", re.compile(rf"(?P<y>{_Y})\s*年\s*(?P<m>{_M})\s*月{_NOT_DAY}")),
    ("year", re.compile(rf"(?P<y>{_Y})\s*年(?!代)")),
    ("relative", re.compile(_REL_YEAR)),
    ("horizon", _SPAN_RE),
)
_REL_OFFSETS = {"前年": -2, "去年": -1, "上年": -1, "今年": 0, "本年": 0, "当年": 0, "明年": 1}


def _month_number(text: str) -> int:
    text = normalize_text(text)
    return int(text) if text.isdigit() else int(parse_number(text))


def _doc_month(date: Any) -> str | None:
    """``YYYY-MM`` of a document date, if it has one."""
    match = re.match(r"\s*(\d{4})-(\d{2})", "" if pd.isna(date) else str(date))
    return f"{match.group(1)}-{match.group(2)}" if match else None


def period_cues(sentence: str, *, doc_date: Any) -> list[tuple[int, str]]:
    """``(position, reference period)`` of each time reference in a sentence (NFKC text).

    A reference period is a year (``2025``), a month (``2025-12``), a span of
    months (``2026-01/2026-02`` for 1-2月 or 前两个月, a quarter, a half-year),
    or an open span up to a month (``../2025-10`` for 截至10月底, ``../2025-12``
    for 截至2025年底 or 到去年底, ``../<the document's month>`` for 截至目前). A
    month without its year takes the year stated last before it in the
    sentence, else the document's. Bases of comparisons (较2024年年底) and
    names of plans (inside 《》) are no references.

    Args:
        sentence: The sentence (NFKC form).
        doc_date: The document's date (``YYYY-MM`` or ``YYYY-MM-DD``).
    """
    doc_year = document_year(doc_date)
    guarded = [m.span() for m in _GUARDED_RE.finditer(sentence)]
    taken: list[tuple[int, int]] = []
    cues: list[tuple[int, int, str]] = []
    for name, pattern in _PERIOD_CUES:
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if any(a < end and start < b for a, b in taken):
                continue
            if any(a <= start < b for a, b in guarded):
                continue
            before = sentence[max(0, start - 2) : start]
            if before.endswith(("较", "比")):
                taken.append((start, end))
                continue
            period = _cue_period(name, match, doc_year, _doc_month(doc_date), cues, start)
            taken.append((start, end))
            if period:
                cues.append((start, end, period))
    return [(start, period) for start, _, period in sorted(cues)]


def _cue_period(
    name: str,
    match: re.Match[str],
    doc_year: int | None,
    doc_month: str | None,
    earlier: list[tuple[int, int, str]],
    start: int,
) -> str:
    """The reference period a time cue names ("" when it needs a year none gives)."""
    groups = match.groupdict()

    def year() -> int | None:
        if groups.get("y"):
            return int(groups["y"])
        if groups.get("rel") and doc_year is not None:
            return doc_year + _REL_OFFSETS[groups["rel"]]
        stated = [p for s, _, p in earlier if s < start and re.fullmatch(r"\d{4}", p)]
        return int(stated[-1]) if stated else doc_year

    if name == "now":
        return f"../{doc_month}" if doc_month else ""
    if name == "relative":
        return str(doc_year + _REL_OFFSETS[match.group()]) if doc_year is not None else ""
    if name == "horizon":
        try:
            return str(doc_year + int(parse_number(match.group(1))) - 1) if doc_year else ""
        except ValueError:
            return ""
    y = year()
    if y is None:
        return ""
    if name == "year":
        return str(y)
    if name == "asof":
        if groups.get("end"):
            if not (groups.get("y") or groups.get("rel")):
                return ""  # 到底: an idiom, no date
            return f"../{y}-12"
        return f"../{y}-{_month_number(groups['m']):02d}"
    if name == "month":
        return f"{y}-{_month_number(groups['m']):02d}"
    if name == "months":
        first, last = _month_number(groups["m1"]), _month_number(groups["m2"])
        return f"{y}-{first:02d}/{y}-{last:02d}" if first < last else ""
    if name == "first":
        last = 2 if groups["n"] == "两" else _month_number(groups["n"])
        return f"{y}-01/{y}-{last:02d}"
    if name == "quarter":
        if groups.get("h"):
            first = 1 if groups["h"] == "上" else 7
            return f"{y}-{first:02d}/{y}-{first + 5:02d}"
        q = "一二三四".find(groups["q"]) + 1 if groups["q"] in "一二三四" else int(groups["q"])
        return f"{y}-{3 * q - 2:02d}/{y}-{3 * q:02d}"
    return ""


def reference_period(
    cues: list[tuple[int, str]], earlier: list[tuple[int, str]], *, start: int, end: int
) -> str:
    """The reference period of a figure at ``start:end`` of its sentence.

    The time reference nearest before it in the sentence, else the first after
    it, else the last of the sentence before it in the paragraph; ``""`` when
    none is stated.
    """
    before = [period for position, period in cues if position < start]
    if before:
        return before[-1]
    after = [period for position, period in cues if position >= end]
    if after:
        return after[0]
    return earlier[-1][1] if earlier else ""
