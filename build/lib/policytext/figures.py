"""Stage 5b, figures: the numbers the documents state, and what they commit to.

Working sentence by sentence on the clean text (:func:`policytext.text.sentence_spans`):

* :func:`extract_figures` finds each quantitative statement
  (:func:`policytext.numbers.find_figures`), says what *kind* of statement it
  is -- ``reported`` (achieved), ``estimate`` (a prediction or calculation
  for a period already over at the document's date), ``forecast`` (a
  prediction) or ``target`` (a goal) -- and the year it refers to, and names
  the policy indicator it measures, from the patterns in
  ``data/indicators.yml`` (:func:`load_indicators`).
* :func:`restatements` links the statements of the same indicator across
  documents and periods.
* :func:`commitments` lists the sentences that commit to future action
  without a number, optionally by theme.

Quotes (``figure``, ``sentence``) are always verbatim substrings of the
document's text; matching runs on the NFKC form.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from policytext import script
from policytext.config import DATA_DIR, load_yaml
from policytext.errors import InputError
from policytext.numbers import FIGURE_CUE, Figure, find_figures, parse_number
from policytext.text import normalize_text, sentence_spans

INDICATORS_FILE = DATA_DIR / "indicators.yml"
"""The policy indicators shipped with the report."""

FIGURE_COLUMNS = (
    "doc_id",
    "period",
    "figure",
    "value",
    "value_high",
    "unit",
    "bound",
    "kind",
    "year",
    "indicator",
    "policy_indicator",
    "sentence",
    "start",
    "end",
    "ref_period",
    "scope",
)
"""Columns of :func:`extract_figures` (the attribution stage adds
:data:`policytext.attribution.ATTRIBUTION_COLUMNS` and ``stated_by``)."""

RESTATEMENT_COLUMNS = (
    "indicator",
    "statements",
    "doc_id",
    "period",
    "year",
    "kind",
    "figure",
    "value",
    "value_high",
    "unit",
    "bound",
    "sentence",
    "group",
    "ref_period",
    "scope",
    "speaker_type",
    "comparison",
)
"""Columns of :func:`restatements`."""

COMPARISONS = ("changed", "consistent", "single")
"""Values of ``comparison`` in :func:`restatements`."""

KIND_CLASSES = {
    "reported": "actual",
    "estimate": "actual",
    "forecast": "forecast",
    "target": "target",
}
"""Kinds that may be compared: a reported value and an estimate both state an
actual; a forecast or a target is compared only with its own kind."""

APPROX_TOLERANCE = 0.1
"""An approximate value (bound ``≈``) is read as this share either side of it."""

COMMITMENT_COLUMNS = ("doc_id", "period", "theme", "sentence", "start", "end")
"""Columns of :func:`commitments`."""

KINDS = ("reported", "estimate", "forecast", "target")
"""Values of the ``kind`` column."""

OTHER_THEME = "other"
"""Theme of a commitment that matches no theme's terms."""

DOC_COLUMNS = ("doc_id", "period", "date", "text")
"""Columns :func:`extract_figures` and :func:`commitments` need in ``docs``."""

# --------------------------------------------------------------------------
# Indicators
# --------------------------------------------------------------------------

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_INDICATOR_KEYS = frozenset(
    {"id", "label", "label_zh", "unit", "patterns", "context", "exclude", "note", "scope"}
)

SCOPES = ("national", "local", "world", "event", "company", "unspecified")
"""Values of the ``scope`` column: what a figure counts -- the country, a province
or city, the world, one event (a fair, a meeting), one company, or unknown."""

INDICATOR_SCOPES = ("national", "local", "world", "any")
"""Values of an indicator's ``scope``: a figure matches only if its scope is the
indicator's or ``unspecified`` (``any``: every scope but ``event``)."""


@dataclass(frozen=True)
class Indicator:
    """A policy indicator and the wording that identifies it.

    Patterns are regexes matched on NFKC-normalised text (write ``5G-A`` and
    ``%``, not their full-width forms).

    Attributes:
        id: Short key (lowercase letters, digits, ``-``, ``_``).
        label: English label for the report.
        unit: Unit of its figures (``家``, ``元``, ``%`` ...); a figure given
            without a unit (``用户达9.4亿``) takes it.
        patterns: One must match near the figure: in its clause (the text
            between punctuation marks around it, after any earlier figure in
            that clause).
        context: If given, one must match in the sentence or the sentence
            before it in the paragraph (the subject is often stated once:
            ``人工智能核心产业规模超过1.2万亿元,企业超过6200家``).
        exclude: None may match near the figure.
        label_zh: Chinese label ("" if none).
        scope: One of :data:`INDICATOR_SCOPES` (default ``national``): a
            figure of another scope (an exhibitor count at a fair, a company's
            own products) never measures it.
    """

    id: str
    label: str
    unit: str
    patterns: tuple[re.Pattern[str], ...]
    context: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()
    label_zh: str = ""
    scope: str = "national"

    def accepts(self, scope: str) -> bool:
        """Whether a figure of ``scope`` (one of :data:`SCOPES`) may measure this."""
        if scope == "unspecified":
            return True
        if self.scope == "any":
            return scope != "event"
        return scope == self.scope

    def matches(self, *, near: str, context: str, unit: str, scope: str = "unspecified") -> bool:
        """Whether a figure (``unit``, ``scope``, ``near`` text, ``context``) measures this."""
        if unit and unit != self.unit:
            return False
        if not self.accepts(scope):
            return False
        if not _found(self.patterns, near):
            return False
        if self.context and not _found(self.context, context):
            return False
        return not _found(self.exclude, near)


def _found(patterns: Iterable[re.Pattern[str]], text: str) -> bool:
    """Whether one of ``patterns`` occurs in ``text``."""
    for pattern in patterns:
        if pattern.search(text):
            return True
    return False


def load_indicators(path: str | Path = INDICATORS_FILE) -> list[Indicator]:
    """Read and check an indicators file (an ``indicators:`` list).

    Each entry has ``id``, ``label``, ``unit`` and ``patterns`` (a list of
    regexes), and optionally ``context`` and ``exclude`` (lists of regexes),
    ``label_zh`` and ``note``. Order matters: a figure takes the first
    indicator that matches, so put the specific before the general.

    Args:
        path: The YAML file; default the report's ``data/indicators.yml``.

    Returns:
        The indicators, in file order.

    Raises:
        InputError: Unreadable YAML or invalid entries; one line per problem,
            naming the file and the entry (its position and id).
    """
    path = Path(path)
    data = load_yaml(path)
    entries = data.get("indicators") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise InputError([f"{path}: expected a non-empty 'indicators:' list at the top level"])
    problems: list[str] = []
    indicators: list[Indicator] = []
    seen: dict[str, int] = {}
    for position, entry in enumerate(entries, start=1):
        ident = entry.get("id") if isinstance(entry, dict) else None
        where = f"{path}: indicator {position}" + (f" ({ident})" if isinstance(ident, str) else "")
        indicator, entry_problems = _parse_indicator(entry)
        if isinstance(ident, str) and ident in seen:
            entry_problems.append(f"duplicate id {ident!r} (also indicator {seen[ident]})")
        elif isinstance(ident, str):
            seen[ident] = position
        problems.extend(f"{where}: {problem}" for problem in entry_problems)
        if indicator is not None and not entry_problems:
            indicators.append(indicator)
    if problems:
        raise InputError(problems)
    return indicators


def _parse_indicator(entry: Any) -> tuple[Indicator | None, list[str]]:
    if not isinstance(entry, dict):
        return None, ["expected a mapping with id, label, unit and patterns"]
    problems = [f"unknown key {key!r}" for key in entry if key not in _INDICATOR_KEYS]
    for key in ("id", "label", "unit"):
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"'{key}' must be a non-empty string")
    ident = entry.get("id")
    if isinstance(ident, str) and ident and not _ID_RE.match(ident):
        problems.append(f"id {ident!r} may only hold lowercase letters, digits, '-' and '_'")
    label_zh = entry.get("label_zh", "")
    if not isinstance(label_zh, str):
        problems.append("'label_zh' must be a string")
    scope = entry.get("scope", "national")
    if scope not in INDICATOR_SCOPES:
        problems.append(f"'scope' must be one of {', '.join(INDICATOR_SCOPES)}, not {scope!r}")
    compiled: dict[str, tuple[re.Pattern[str], ...]] = {}
    for key in ("patterns", "context", "exclude"):
        raw = entry.get(key, [] if key != "patterns" else None)
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list) or (key == "patterns" and not raw):
            problems.append(f"'{key}' must be a {'non-empty ' if key == 'patterns' else ''}list")
            continue
        patterns = []
        for item in raw:
            if not isinstance(item, str) or not item:
                problems.append(f"'{key}': {item!r} is not a non-empty string")
                continue
            try:
                patterns.append(re.compile(item))
            except re.error as exc:
                problems.append(f"'{key}': invalid regex {item!r} ({exc})")
        compiled[key] = tuple(patterns)
    if problems:
        return None, problems
    return (
        Indicator(
            id=entry["id"],
            label=entry["label"].strip(),
            unit=entry["unit"].strip(),
            patterns=compiled["patterns"],
            context=compiled["context"],
            exclude=compiled["exclude"],
            label_zh=label_zh,
            scope=scope,
        ),
        [],
    )


# --------------------------------------------------------------------------
# Scope of a figure
# --------------------------------------------------------------------------

_SCOPE_KEYS = ("share", "event", "world", "national", "local", "company")


@dataclass(frozen=True)
class ScopeRules:
    """The cues of each scope (the ``scopes:`` section of ``data/indicators.yml``).

    Attributes:
        share: Cues of a share of a larger whole (``占全国``): text matching
            them is no cue of that whole's scope.
        event: Cues of an event (a fair's exhibitors, a meeting's attendees),
            looked for in the whole sentence.
        world: Cues of a world-wide figure, in the figure's clause.
        national: Cues of a national figure, in its clause, else in the sentence.
        local: Cues of a province or city, in its clause or the sentence's first clause.
        company: Cues of one company, in its clause or the sentence's first clause.
    """

    share: tuple[re.Pattern[str], ...] = ()
    event: tuple[re.Pattern[str], ...] = ()
    world: tuple[re.Pattern[str], ...] = ()
    national: tuple[re.Pattern[str], ...] = ()
    local: tuple[re.Pattern[str], ...] = ()
    company: tuple[re.Pattern[str], ...] = ()

    def scope(self, *, clause: str, sentence: str, subject: str) -> str:
        """The scope (one of :data:`SCOPES`) of a figure, from NFKC texts around it.

        Args:
            clause: The figure's clause.
            sentence: Its sentence.
            subject: The sentence's first clause (its subject, usually).
        """
        if _found(self.event, sentence):
            return "event"
        clause = self._unshared(clause)
        for name in ("world", "national", "local", "company"):
            if _found(getattr(self, name), clause):
                return name
        subject = self._unshared(subject)
        for name in ("local", "company"):
            if _found(getattr(self, name), subject):
                return name
        if _found(self.national, self._unshared(sentence)):
            return "national"
        return "unspecified"

    def _unshared(self, text: str) -> str:
        for pattern in self.share:
            text = pattern.sub(" ", text)
        return text


def load_scope_rules(path: str | Path = INDICATORS_FILE) -> ScopeRules:
    """Read the ``scopes:`` section of an indicators file (none: no cues, all ``unspecified``).

    Raises:
        InputError: Invalid entries, one line per problem naming the file and key.
    """
    path = Path(path)
    data = load_yaml(path)
    section = data.get("scopes") if isinstance(data, dict) else None
    if section is None:
        return ScopeRules()
    if not isinstance(section, dict):
        raise InputError([f"{path}: 'scopes:' must be a mapping of scope -> list of regexes"])
    problems = [f"{path}: scopes: unknown key {k!r}" for k in section if k not in _SCOPE_KEYS]
    compiled: dict[str, tuple[re.Pattern[str], ...]] = {}
    for key in _SCOPE_KEYS:
        raw = section.get(key, [])
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list):
            problems.append(f"{path}: scopes: {key!r} must be a list of regexes")
            continue
        patterns = []
        for item in raw:
            try:
                patterns.append(re.compile(str(item)))
            except re.error as exc:
                problems.append(f"{path}: scopes: {key}: invalid regex {item!r} ({exc})")
        compiled[key] = tuple(patterns)
    if problems:
        raise InputError(problems)
    return ScopeRules(**compiled)


# --------------------------------------------------------------------------
# Sentences of a document
# --------------------------------------------------------------------------


class _Sentence(NamedTuple):
    """A sentence of a document and the one before it in its paragraph, with their NFKC forms.

    ``start`` and ``end`` are the sentence's offsets in the document's text.
    """

    text: str
    norm: str
    previous: str
    previous_norm: str
    start: int = 0
    end: int = 0

    def normalized(self, start: int, end: int) -> str:
        """The NFKC form of ``text[start:end]``."""
        if len(self.norm) == len(self.text):  # character for character: same offsets
            return self.norm[start:end]
        return normalize_text(_simplified(self.text)[start:end])

    @property
    def context(self) -> str:
        """The NFKC form of the previous sentence and this one, a line apart."""
        return f"{self.previous_norm}\n{self.norm}"


def _sentences(text: str, norm: str, cue: re.Pattern[str]) -> Iterator[_Sentence]:
    """Each distinct sentence in whose NFKC form ``cue`` matches, once, in order.

    Only the lines (paragraphs) of the document that ``cue`` matches in are
    split into sentences; the others are skipped whole.

    Args:
        text: The document.
        norm: Its NFKC form.
        cue: Where ``cue`` matches in a sentence, it must match in the document
            too: none of its lookarounds may reject a space, line break or
            punctuation mark, which is all that can border a sentence.

    Yields:
        The sentences, each with the one before it in its paragraph.
    """
    seen: set[str] = set()
    for offset, line, line_norm in _lines(text, norm, cue):
        same = len(line) == len(line_norm)
        previous = previous_norm = ""
        for start, end in sentence_spans(line):
            sentence = line[start:end]
            sentence_norm = line_norm[start:end] if same else _matching_form(sentence)
            if sentence not in seen and cue.search(sentence_norm):
                seen.add(sentence)
                yield _Sentence(
                    sentence, sentence_norm, previous, previous_norm, offset + start, offset + end
                )
            previous, previous_norm = sentence, sentence_norm


def _simplified(sentence: str) -> str:
    """A sentence in Simplified script if it is Traditional (same length: same offsets)."""
    return script.matching_text(sentence, script=script.detect_script(sentence))


def _matching_form(sentence: str) -> str:
    """The form of a sentence to match on, as :func:`policytext.pipeline.texts_table` makes it."""
    return normalize_text(_simplified(sentence))


def _lines(text: str, norm: str, cue: re.Pattern[str]) -> Iterator[tuple[int, str, str]]:
    """Each line of ``text`` whose NFKC form (in ``norm``) ``cue`` matches in.

    Yields ``(offset of the line in text, line, its NFKC form)``. One search
    runs over ``norm``, skipping the rest of each line found. NFKC keeps line
    breaks and makes none, so the lines of ``norm`` are the forms of those of
    ``text``.
    """
    lines = None if len(norm) == len(text) else text.split("\n")
    offsets: list[int] = []
    if lines is not None:
        position = 0
        for line in lines:
            offsets.append(position)
            position += len(line) + 1
    number = counted = 0  # the line number at offset ``counted`` of ``norm``
    match = cue.search(norm)
    while match:
        begin = norm.rfind("\n", 0, match.start()) + 1
        end = norm.find("\n", match.start())
        end = len(norm) if end < 0 else end
        if lines is None:  # character for character: the offsets are the same
            yield begin, text[begin:end], norm[begin:end]
        else:
            number += norm.count("\n", counted, begin)
            counted = begin
            yield offsets[number], lines[number], norm[begin:end]
        match = cue.search(norm, end)


def _doc_texts(docs: pd.DataFrame) -> Iterator[tuple[Any, str, str]]:
    """``(row, text, NFKC form)`` of each document; the form from a ``norm`` column, if any."""
    has_norm = "norm" in docs.columns
    for doc in docs.itertuples(index=False):
        text = "" if pd.isna(doc.text) else str(doc.text)
        if has_norm and text and isinstance(doc.norm, str):
            yield doc, text, doc.norm
        else:
            yield doc, text, normalize_text(text)


def _check_docs(docs: pd.DataFrame, needed: Sequence[str]) -> None:
    missing = [c for c in needed if c not in docs.columns]
    if missing:
        raise InputError([f"documents: missing column(s) {', '.join(missing)}"])


def _doc_year(date: Any) -> int | None:
    """The year of a document date (``2026-01``, ``2026-01-21``), if any."""
    match = re.match(r"\s*(\d{4})", "" if pd.isna(date) else str(date))
    return int(match.group(1)) if match else None


# --------------------------------------------------------------------------
# Kind, year and indicator of a figure
# --------------------------------------------------------------------------


def _scanned(pattern: str, first: str) -> re.Pattern[str]:
    """A pattern that matches where ``pattern`` does, and is searched for faster.

    The regex engine skips fast to a character of a set a pattern starts with,
    but tries a pattern that starts with a lookbehind, or an alternation of
    them, at each position. The result matches one character of ``first`` (all
    those a match of ``pattern`` can start with) where ``pattern`` matches: use
    it to find whether and where, not what.
    """
    return re.compile(rf"[{re.escape(first)}](?<=(?={pattern})(?s:.))")


_CLAUSE_BREAK = re.compile(r"[,，;；。!！?？:：、…]")
_FORECAST = r"有望|可望|预测|预计|(?<!超)预期|将(?:超过?|有(?!力)|达到?|突破|进入|增至|实现|迎来)"
_FORECAST_RE = _scanned(_FORECAST, "有可预将")
_ESTIMATE_RE = re.compile(r"测算|估算|估计|初步统计")
_TARGET = (
    r"力争|争取|(?<!完成)(?<!达成)目标(?!任务)|要实现|确保.{0,8}达到|计划到"
    r"|到\s*(?:19|20)\d{2}\s*年"
)
_TARGET_RE = _scanned(_TARGET, "力争目要确计到")
_EVENT_RE = re.compile(
    r"参加会议|参加|参会|与会|出席|列席|发言|负责人|负责同志|领导|嘉宾|代表(?!性)|观众"
)
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


def _clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the clause holding ``sentence[start:end]``."""
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, start)), default=0)
    right_match = _CLAUSE_BREAK.search(sentence, end)
    return left, right_match.start() if right_match else len(sentence)


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


class _Years:
    """The time references of a sentence and of the one before it, each read once."""

    def __init__(self, sentence: _Sentence, doc_year: int | None) -> None:
        self.doc_year = doc_year
        self.cues = _year_cues(_simplified(sentence.text), doc_year)
        self._previous = _simplified(sentence.previous)
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


# --------------------------------------------------------------------------
# Reference period of a figure
# --------------------------------------------------------------------------

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
    doc_year = _doc_year(doc_date)
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


def _kind(scope: str, year: int | None, doc_year: int | None) -> str:
    """``reported``, ``estimate``, ``forecast`` or ``target`` from the cues in ``scope``."""
    past = year is not None and doc_year is not None and year < doc_year
    if _FORECAST_RE.search(scope):
        return "estimate" if past else "forecast"
    if _TARGET_RE.search(scope):
        return "target"
    if _ESTIMATE_RE.search(scope):
        return "estimate"
    if year is not None and doc_year is not None and year > doc_year:
        return "target"
    return "reported"


class _Context(NamedTuple):
    """What :func:`_classify` reads once per sentence."""

    years: _Years
    periods: list[tuple[int, str]]
    earlier_periods: list[tuple[int, str]]
    scopes: ScopeRules
    subject: str


def _classify(
    sentence: _Sentence,
    figure: Figure,
    previous_end: int,
    context: _Context,
    indicators: Sequence[Indicator],
) -> tuple[Any, ...]:
    """The :data:`FIGURE_COLUMNS` of a figure from ``figure`` on.

    ``indicators`` are those a figure with its unit may measure (:func:`_by_unit`).
    """
    text = sentence.text
    years = context.years
    left, right = _clause(text, figure.start, figure.end)
    year, stated = years.year(figure)
    kind = _kind(sentence.normalized(0, right), year, years.doc_year)
    if kind in ("forecast", "target") and not stated:
        year = None  # a goal or prediction with no horizon
    clause = sentence.normalized(left, right)
    scope = context.scopes.scope(clause=clause, sentence=sentence.norm, subject=context.subject)
    indicator = None
    if not _EVENT_RE.search(clause):
        near = sentence.normalized(max(left, previous_end), right)
        indicator = _measured(
            indicators, near=near, context=sentence.context, unit=figure.unit, scope=scope
        )
    if indicator is not None and scope == "unspecified" and indicator.scope != "any":
        scope = indicator.scope  # what the indicator counts: its figures' scope
    unit = figure.unit or (indicator.unit if indicator else "")
    position = len(sentence.normalized(0, figure.start))
    ref_period = reference_period(
        context.periods,
        context.earlier_periods,
        start=position,
        end=position + len(sentence.normalized(figure.start, figure.end)),
    )
    return (
        figure.text,
        figure.value,
        figure.value_high,
        unit,
        figure.bound,
        kind,
        year,
        indicator.id if indicator else None,
        indicator is not None,
        text,
        sentence.start,
        sentence.end,
        ref_period,
        scope,
    )


def _measured(
    indicators: Sequence[Indicator], *, near: str, context: str, unit: str, scope: str
) -> Indicator | None:
    """The first of ``indicators`` that a figure measures (see :meth:`Indicator.matches`)."""
    for indicator in indicators:
        if indicator.matches(near=near, context=context, unit=unit, scope=scope):
            return indicator
    return None


def _by_unit(indicators: Sequence[Indicator]) -> dict[str, list[Indicator]]:
    """The indicators a figure with each unit (``""``: none) may measure, in order."""
    units = {"", *(i.unit for i in indicators)}
    return {u: [i for i in indicators if not u or i.unit == u] for u in units}


def extract_figures(
    docs: pd.DataFrame,
    *,
    indicators: Sequence[Indicator] | None = None,
    scopes: ScopeRules | None = None,
) -> pd.DataFrame:
    """Every quantitative statement in the documents, classified.

    Args:
        docs: One row per document with ``doc_id``, ``period``, ``date``
            (ISO, ``YYYY-MM`` or ``YYYY-MM-DD``) and ``text`` (the clean text);
            a ``norm`` column, if any, is taken for the NFKC form of ``text``
            (as in :func:`policytext.pipeline.texts_table`).
        indicators: The policy indicators to recognise; ``None`` reads the
            report's ``data/indicators.yml``, an empty list recognises none.
        scopes: The scope cues (:func:`load_scope_rules`); ``None`` reads the
            report's ``data/indicators.yml``.

    Returns:
        One row per figure, in document order then position, with the
        columns :data:`FIGURE_COLUMNS`: ``figure`` and ``sentence`` quote the
        text verbatim; ``value`` (the low end of a range) and ``value_high``
        (NaN unless a range) are in the base unit (``1.2万亿元`` -> 1.2e12);
        ``bound`` is ``=``, ``>``, ``≈`` or ``<``; ``kind`` one of
        :data:`KINDS`; ``year`` (nullable integer) the year or horizon the
        figure refers to (the document's year when the text gives none, and
        none for a forecast or target without a horizon); ``indicator`` the
        matching indicator's id or None; ``policy_indicator`` whether the
        figure measures a policy indicator (counts of meeting attendees,
        speakers and the like never do, nor do figures with no indicator).
        ``start`` and ``end`` are the sentence's offsets in the clean text;
        ``ref_period`` what the value refers to (:func:`period_cues`; ``""``
        when the text does not say); ``scope`` one of :data:`SCOPES`
        (:meth:`ScopeRules.scope`; a figure of an indicator with no scope
        cue of its own takes the indicator's scope).
        A sentence repeated word for word in a document counts once.

    Raises:
        InputError: ``docs`` lacks a column, or the indicators file is invalid.
    """
    _check_docs(docs, DOC_COLUMNS)
    if indicators is None:
        indicators = load_indicators()
    if scopes is None:
        scopes = load_scope_rules()
    by_unit = _by_unit(indicators)
    rows: list[tuple[Any, ...]] = []
    for doc, text, norm in _doc_texts(docs):
        doc_year = _doc_year(doc.date)
        for sentence in _sentences(text, norm, FIGURE_CUE):
            found = find_figures(sentence.text, norm=sentence.norm)
            if not found:
                continue
            context = _Context(
                _Years(sentence, doc_year),
                period_cues(sentence.norm, doc_date=doc.date),
                period_cues(sentence.previous_norm, doc_date=doc.date),
                scopes,
                sentence.norm[: m.start()]
                if (m := _CLAUSE_BREAK.search(sentence.norm))
                else sentence.norm,
            )
            previous_end = 0
            for figure in found:
                row = _classify(
                    sentence, figure, previous_end, context, by_unit.get(figure.unit, [])
                )
                rows.append((doc.doc_id, doc.period, *row))
                previous_end = figure.end
    frame = pd.DataFrame(rows, columns=list(FIGURE_COLUMNS))
    frame["value"] = frame["value"].astype(float)
    frame["value_high"] = frame["value_high"].astype(float)
    frame["year"] = frame["year"].astype("Int64")
    for column in ("start", "end"):
        frame[column] = frame[column].astype(int)
    frame["policy_indicator"] = frame["policy_indicator"].astype(bool)
    frame["indicator"] = frame["indicator"].astype(object).where(frame["indicator"].notna(), None)
    return frame


# --------------------------------------------------------------------------
# Restatements
# --------------------------------------------------------------------------


def interval(value: float, value_high: float, bound: str, *, tolerance: float = APPROX_TOLERANCE):
    """The values a figure allows: ``(low, high)``, from its value and bound.

    ``=`` is the value (or the range ``value``-``value_high``); ``>`` (超, 多,
    以上) from the value up, open-ended; ``<`` (不到, 以下) from zero to the
    value; ``≈`` (近, 约, 左右) the value give or take ``tolerance`` of it.

    Args:
        value: The value (the low end of a range).
        value_high: The high end of a range, NaN if none.
        bound: ``=``, ``>``, ``≈`` or ``<``.
        tolerance: The share either side of an approximate value.
    """
    high = value if value_high is None or pd.isna(value_high) else float(value_high)
    if bound == ">":
        return float(value), math.inf
    if bound == "<":
        return min(0.0, float(value)), high
    if bound == "≈":
        return float(value) * (1 - tolerance), high * (1 + tolerance)
    return float(value), high


def compare_statements(intervals: Sequence[tuple[float, float]]) -> str:
    """``single``, ``consistent`` (all the intervals share a value) or ``changed``."""
    if len(intervals) < 2:
        return "single"
    low = max(a for a, _ in intervals)
    high = min(b for _, b in intervals)
    return "consistent" if low <= high else "changed"


def restatements(figures: pd.DataFrame, *, tolerance: float = APPROX_TOLERANCE) -> pd.DataFrame:
    """The indicators stated more than once, each statement in its comparable group.

    Statements of one indicator are compared only within a *group*: the same
    indicator, reference period (``ref_period``), kind class
    (:data:`KIND_CLASSES`: a forecast is never joined to an actual) and scope.
    A statement whose reference period is unknown is compared only with
    those of its own document (stated as of the same date). A group has
    ``changed`` only when the intervals its statements' bounds allow
    (:func:`interval`) share no value: 超330款 and 300多款 are both lower
    bounds, so ``consistent``.

    Args:
        figures: The output of :func:`extract_figures` (with ``speaker_type``
            from the attribution stage, if run).
        tolerance: See :func:`interval`.

    Returns:
        One row per statement of an indicator stated at least twice (in one
        document or several), with :data:`RESTATEMENT_COLUMNS`;
        ``statements`` is how many times the indicator is stated, ``group`` a
        stable id (``indicator|ref_period|kind class|scope``; for an unknown
        period ``?<doc_id>`` stands for it) and ``comparison``
        one of :data:`COMPARISONS` for the group. Indicators come in order of
        first statement, their statements in the order of ``figures``.
    """
    missing = [c for c in FIGURE_COLUMNS if c not in figures.columns]
    if missing:
        raise InputError([f"figures: missing column(s) {', '.join(missing)}"])
    stated = figures[figures["indicator"].notna() & figures["policy_indicator"].astype(bool)]
    counts = stated.groupby("indicator", sort=False)["indicator"].transform("size")
    repeated = stated.assign(statements=counts)[counts > 1].copy()
    if "speaker_type" not in repeated.columns:
        repeated["speaker_type"] = ""
    ref = repeated["ref_period"].fillna("").astype(str)
    classes = repeated["kind"].map(KIND_CLASSES).fillna(repeated["kind"])
    unknown = "?" + repeated["doc_id"].astype(str)
    repeated["group"] = (
        repeated["indicator"].astype(str)
        + "|"
        + ref.where(ref != "", unknown)
        + "|"
        + classes.astype(str)
        + "|"
        + repeated["scope"].astype(str)
    )
    spans = [
        interval(v, h, b, tolerance=tolerance)
        for v, h, b in zip(
            repeated["value"], repeated["value_high"], repeated["bound"], strict=True
        )
    ]
    by_group: dict[str, list[tuple[float, float]]] = {}
    for group, span in zip(repeated["group"], spans, strict=True):
        by_group.setdefault(group, []).append(span)
    repeated["comparison"] = repeated["group"].map(
        {group: compare_statements(found) for group, found in by_group.items()}
    )
    order = {ident: rank for rank, ident in enumerate(dict.fromkeys(repeated["indicator"]))}
    repeated = repeated.assign(_order=repeated["indicator"].map(order))
    repeated = repeated.sort_values("_order", kind="stable")
    frame = repeated.loc[:, list(RESTATEMENT_COLUMNS)].reset_index(drop=True)
    frame["ref_period"] = frame["ref_period"].fillna("")
    return frame


# --------------------------------------------------------------------------
# Commitments
# --------------------------------------------------------------------------

_COMMIT = (
    r"(?<![需重主纲摘只必不简概])要(?![求素点闻害件])"
    r"|将(?=(?:要|进一步|持续|加快|大力|重点|深入|着力|全力|继续|积极|全面|不断|以|从|在)?"
    r"(?:发布|制定|出台|推出|实施|开展|推动|推进|加快|加大|加强|加力|建设|培育|支持|完善"
    r"|组织|启动|修订|强化|探索|创建|布局|打造|坚持|聚焦|深化|提升|做好|抓好|构建|健全|研究"
    r"|进一步|持续|大力|着力|全力|重点|继续|积极|全面|不断))"
    r"|力争|争取|(?<!为)加快(?![,，。;；、]|$)|着力|下一步|确保|务必|必须|计划"
)
_COMMIT_RE = _scanned(_COMMIT, "要将力争加着下确务必计")


def _themes(themes: Any) -> list[tuple[str, re.Pattern[str] | None]]:
    """``(theme id, pattern of its terms)`` from any accepted shape of ``themes``.

    The pattern is ``None`` for a theme without terms.
    """
    if themes is None:
        return []
    if isinstance(themes, Mapping) and "themes" in themes:
        themes = themes["themes"]
    entries: Iterable[tuple[Any, Any]]
    if isinstance(themes, Mapping):
        entries = themes.items()
    elif isinstance(themes, Sequence) and not isinstance(themes, str):
        entries = []
        for position, entry in enumerate(themes, start=1):
            if isinstance(entry, Mapping):
                entries.append((entry.get("id"), entry.get("terms")))
            elif hasattr(entry, "id") and hasattr(entry, "terms"):
                entries.append((entry.id, entry.terms))
            else:
                raise InputError([f"themes: entry {position}: expected an id and terms"])
    else:
        raise InputError(["themes: expected a mapping theme -> terms or a list of themes"])
    compiled = []
    for ident, terms in entries:
        if not isinstance(ident, str) or not ident:
            raise InputError([f"themes: theme {ident!r}: the id must be a non-empty string"])
        if isinstance(terms, str) or not isinstance(terms, Iterable):
            raise InputError([f"themes: theme {ident!r}: 'terms' must be a list of strings"])
        forms = [normalize_text(t).strip() for t in terms if isinstance(t, str) and t.strip()]
        compiled.append((ident, _terms_pattern(forms) if forms else None))
    return compiled


def _terms_pattern(forms: Sequence[str]) -> re.Pattern[str]:
    """Any of the terms (NFKC forms); ``AI`` does not match inside ``OpenAI``."""
    return _scanned("|".join(_term_regex(form) for form in forms), "".join(f[0] for f in forms))


def _term_regex(form: str) -> str:
    """A term's NFKC form as a regex, not to match inside a Latin word or number."""
    head = r"(?<![A-Za-z0-9])" if form[0].isascii() and form[0].isalnum() else ""
    tail = r"(?![A-Za-z0-9])" if form[-1].isascii() and form[-1].isalnum() else ""
    return head + re.escape(form) + tail


def commitments(docs: pd.DataFrame, *, themes: Any = None) -> pd.DataFrame:
    """Sentences that commit to future action without a number.

    A commitment is a sentence with a cue of intent or obligation (``将发布``,
    ``将制定``, ``力争``, ``加快…``, ``要…``, ``确保``, ``下一步`` ...), no
    figure (:func:`policytext.numbers.find_figures`) and no question mark.

    Args:
        docs: One row per document with ``doc_id``, ``period`` and ``text``
            (and optionally ``norm``, as for :func:`extract_figures`).
        themes: Optional themes: a mapping theme -> list of terms, the
            content of ``data/themes.yml`` (``{"themes": [{"id", "label",
            "terms"}, ...]}``), or a list of such entries or of objects with
            ``id`` and ``terms``. A sentence takes the first theme one of
            whose terms occurs in it, else ``"other"``.

    Returns:
        One row per commitment, with :data:`COMMITMENT_COLUMNS`, in
        document order (``start``, ``end``: the sentence's offsets in the
        clean text). A sentence repeated word for word in a document
        counts once.

    Raises:
        InputError: ``docs`` lacks a column, or ``themes`` has an invalid shape.
    """
    _check_docs(docs, ("doc_id", "period", "text"))
    compiled = _themes(themes)
    rows = []
    for doc, text, norm in _doc_texts(docs):
        for sentence in _sentences(text, norm, _COMMIT_RE):
            if _commits(sentence):
                theme = next(
                    (ident for ident, terms in compiled if terms and terms.search(sentence.norm)),
                    OTHER_THEME,
                )
                rows.append(
                    (doc.doc_id, doc.period, theme, sentence.text, sentence.start, sentence.end)
                )
    return pd.DataFrame(rows, columns=list(COMMITMENT_COLUMNS))


def _commits(sentence: _Sentence) -> bool:
    """Whether a sentence with a cue of commitment is a commitment (see :func:`commitments`)."""
    norm = sentence.norm
    if len(norm) < 8 or norm.rstrip("”’」』)").endswith(("?", "？")):
        return False
    return not find_figures(sentence.text, norm=norm)
