"""Stage 2, cleaning: raw page text to article text, with an audit of every change.

Cleaning runs as a sequence of small stages over a document's paragraphs. Each
character of the working text carries the offset of the raw character it came
from, so every removal can be recorded in the audit with its raw position, and
the invariant *raw = kept text + audited removals* can be checked (it is, in
the tests, for every non-whitespace character).

Stages, in order:

``markup``
    HTML comments, script and style elements, tags and entities; Markdown
    heading, bold and list marks. Block tags and line breaks end a paragraph.
``chrome``
    Mastheads, navigation, login prompts, adverts, captions, bylines,
    copyright footers and continuation markers, by the rules in
    ``data/cleaning.yml``; a page footer (after e.g. 推荐阅读) is dropped whole.
``furniture``
    Page furniture by its shape and place, for pages of any site: metadata
    lines (timestamps, bylines and source lines, view counters, share and
    follow bars), lines mostly Latin or digits, keyword spam, site names and
    navigation before the article, title-like lines after it, runs of dated
    titles (related-links boxes) and machine summaries that paraphrase the
    article (``shapes`` in ``data/cleaning.yml``).
``duplicates``
    Paragraphs repeated by the page layout, exact or garbled copies, keeping
    the first occurrence.
``debris``
    Stray characters inside a sentence: unbalanced brackets and a sentence
    mark that splits a dictionary word (今!日 -> 今日).
``rejoin``
    Paragraphs split in the middle of a sentence by a column or page break are
    joined when both sides are Chinese article text meeting inside a sentence;
    a column continued after a photo caption is moved back to its start.

Whitespace is tidied last (not audited: it carries no text).
"""

from __future__ import annotations

import html
import re
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import chain, pairwise
from pathlib import Path
from typing import Any

import numpy as np

from policytext import chars, script
from policytext.config import DATA_DIR, load_yaml
from policytext.errors import InputError
from policytext.text import normalize_text

AUDIT_COLUMNS = ("doc_id", "stage", "reason", "action", "text", "chars", "start", "end")
"""Columns of ``cleaning_audit.csv``."""

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\u2018-\u201f\u2026\u2014"
_CJK_RE = re.compile(f"[{_CJK}]")
_BLOCK_TAGS = (
    "p|br|div|li|ul|ol|h[1-6]|tr|td|th|table|section|article|header|footer|nav|blockquote|hr"
)


@dataclass(frozen=True)
class AuditRow:
    """One removal or change made by cleaning.

    Attributes:
        doc_id: The document.
        stage: The cleaning stage that made it.
        reason: Why, in words a reader understands.
        action: ``removed``, ``changed`` (text replaced), ``joined`` (a
            paragraph break removed) or ``moved`` (a paragraph moved).
        text: The text removed, changed or moved.
        start: Raw offset of its first character (-1 if none).
        end: Raw offset after its last character.
        offsets: Raw offset of each character of ``text`` (-1 for inserted
            characters), compact (an ``array('i')``); not exported.
    """

    doc_id: str
    stage: str
    reason: str
    action: str
    text: str
    start: int
    end: int
    offsets: Sequence[int] = field(default=(), repr=False, compare=False)

    @property
    def chars(self) -> int:
        """Number of characters of text removed (0 for joins and moves)."""
        return len(self.text) if self.action in ("removed", "changed") else 0

    def record(self) -> dict[str, Any]:
        """The row as exported to ``cleaning_audit.csv``."""
        return {
            "doc_id": self.doc_id,
            "stage": self.stage,
            "reason": self.reason,
            "action": self.action,
            "text": self.text,
            "chars": self.chars,
            "start": self.start,
            "end": self.end,
        }


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


@dataclass(frozen=True)
class CleanDocument:
    """A cleaned document.

    Attributes:
        doc_id: The document.
        text: Article text; paragraphs separated by a blank line.
        offsets: Raw offset of each character of ``text`` (-1 for the
            paragraph separators and for characters inserted by a change),
            compact (an ``array('i')``, 4 bytes per character).
        audit: Every removal and change, in the order made.
    """

    doc_id: str
    text: str
    offsets: Sequence[int] = field(hash=False)  # an array: the document stays hashable
    audit: tuple[AuditRow, ...]

    @property
    def paragraphs(self) -> list[str]:
        """The paragraphs of the clean text."""
        return self.text.split("\n\n") if self.text else []


@dataclass(frozen=True)
class Rules:
    """Cleaning rules, read from ``data/cleaning.yml`` (see that file)."""

    paragraph_rules: tuple[tuple[str, int, re.Pattern[str]], ...]
    inline_rules: tuple[tuple[str, re.Pattern[str]], ...]
    footer_markers: re.Pattern[str] | None
    sentence_end: str
    headline_max_chars: int
    duplicate_min_chars: int
    duplicate_min_similarity: float
    duplicate_window_chars: int = 20_000
    shapes: Shapes = field(default_factory=lambda: Shapes())
    marked_headings: bool = False
    """Set per document: its headings are marked up, so unmarked paragraphs are
    never taken for headlines."""


def load_rules(path: str | Path | None = None) -> Rules:
    """Read and compile the cleaning rules.

    Args:
        path: The rules file; defaults to ``data/cleaning.yml``.

    Raises:
        InputError: The file is missing, or a rule is malformed (the message
            names the file and the rule).
    """
    path = Path(path) if path else DATA_DIR / "cleaning.yml"
    data = load_yaml(path) or {}
    problems: list[str] = []

    def compile_all(patterns: Iterable[str], where: str) -> re.Pattern[str] | None:
        try:
            return re.compile("|".join(f"(?:{p})" for p in patterns))
        except (re.error, TypeError) as exc:
            problems.append(f"{path}: {where}: invalid pattern: {exc}")
            return None

    paragraph_rules = []
    for number, rule in enumerate(data.get("paragraph_rules") or [], start=1):
        where = f"paragraph_rules #{number}"
        if not isinstance(rule, dict) or not rule.get("reason") or not rule.get("patterns"):
            problems.append(f"{path}: {where}: needs 'reason' and 'patterns'")
            continue
        pattern = compile_all(rule["patterns"], where)
        if pattern is not None:
            paragraph_rules.append((rule["reason"], int(rule.get("max_chars", 60)), pattern))
    inline_rules = []
    for number, rule in enumerate(data.get("inline_rules") or [], start=1):
        where = f"inline_rules #{number}"
        if not isinstance(rule, dict) or not rule.get("reason") or not rule.get("patterns"):
            problems.append(f"{path}: {where}: needs 'reason' and 'patterns'")
            continue
        pattern = compile_all(rule["patterns"], where)
        if pattern is not None:
            inline_rules.append((rule["reason"], pattern))
    markers = data.get("footer_markers") or []
    footer = compile_all(markers, "footer_markers") if markers else None
    shapes = Shapes.from_data(data.get("shapes"), f"{path}: shapes", problems)
    if problems:
        raise InputError(problems)
    return Rules(
        shapes=shapes,
        paragraph_rules=tuple(paragraph_rules),
        inline_rules=tuple(inline_rules),
        footer_markers=footer,
        sentence_end=str(data.get("sentence_end", "。！？!?…”")),
        headline_max_chars=int(data.get("headline_max_chars", 40)),
        duplicate_min_chars=int(data.get("duplicate_min_chars", 20)),
        duplicate_min_similarity=float(data.get("duplicate_min_similarity", 0.9)),
        duplicate_window_chars=int(data.get("duplicate_window_chars", 20_000)),
    )


# --------------------------------------------------------------------------- helpers


class _Audit:
    """Collects audit rows for one document."""

    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        self.rows: list[AuditRow] = []

    def add(
        self, stage: str, reason: str, text: str, offsets: array[int], action: str = "removed"
    ) -> None:
        if action in ("removed", "changed") and not text.strip():
            return  # whitespace carries no text: not audited
        start, end = _raw_span(offsets)
        self.rows.append(AuditRow(self.doc_id, stage, reason, action, text, start, end, offsets))


def _raw_span(offsets: array[int]) -> tuple[int, int]:
    """The lowest raw offset and the one after the highest (-1, -1 if there is none)."""
    if min(offsets, default=-1) < 0:
        real = [o for o in offsets if o >= 0]
        return (min(real), max(real) + 1) if real else (-1, -1)
    return min(offsets), max(offsets) + 1


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
        audit.add(stage, why, match.group(), para.offsets[start:end], action)
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


# --------------------------------------------------------------------------- stages

# Attributes, with quoted values that may hold > or < (alt="a>b").
_ATTRS = r"""(?:\s+(?:[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>`]+))?|/))*\s*/?"""
_COMMENT_RE = re.compile(
    r"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?\]\]>|<![A-Za-z][^>]*>|<\?[^>]*\?>", re.S
)
_SCRIPT_RE = re.compile(rf"<(script|style)\b{_ATTRS}>.*?(?:</\1\s*>|\Z)", re.S | re.I)
_BLOCK_RE = re.compile(rf"</?(?:{_BLOCK_TAGS})\b{_ATTRS}>", re.I)
_TAG_RE = re.compile(rf"</?[a-zA-Z][a-zA-Z0-9]*{_ATTRS}>")
_ENTITY_RE = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});")
_MD_HEADING_RE = re.compile(r"^[ \t\u3000]*#{1,6}[ \t]+")
_MD_LIST_RE = re.compile(r"^[ \t\u3000]*(?:[-*+]|\d{1,3}[.)])[ \t]+")
_MD_EMPHASIS_RE = re.compile(r"\*\*|__")
_MD_RULE_RE = re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$")
_MD_LINE_MARK_RE = re.compile(
    "|".join(p.pattern for p in (_MD_RULE_RE, _MD_HEADING_RE, _MD_LIST_RE))
)
"""A Markdown rule, heading or list mark (each opens a line)."""


def markup(raw: str, audit: _Audit) -> list[Para]:
    """Strip HTML and Markdown-like marks and split the page into paragraphs.

    Args:
        raw: The raw document text.
        audit: Collects what is removed.

    Returns:
        Paragraphs (lines of the page), with ``heading`` set on Markdown
        headings and on paragraphs that are wholly bold.
    """
    page = Para(raw, _counting(len(raw)))
    page = _sub(page, _COMMENT_RE, audit, "markup", "HTML comment or declaration")
    page = _sub(page, _SCRIPT_RE, audit, "markup", "HTML script or style element")
    bold = _mark_bold_paragraphs(page.text)
    page = _sub(page, _BLOCK_RE, audit, "markup", "HTML block tag", replacement=lambda m: "\n")
    page = _sub(page, _TAG_RE, audit, "markup", "HTML tag")
    page = _sub(
        page,
        _ENTITY_RE,
        audit,
        "markup",
        "HTML entity decoded",
        replacement=lambda m: html.unescape(m.group()).replace("\xa0", " "),
    )
    paragraphs: list[Para] = []
    start = 0
    for line in page.text.split("\n"):
        line_start, start = start, start + len(line) + 1
        if not line.strip():
            continue  # no mark to remove, no paragraph
        para = _markdown_line(Para(line, page.offsets[line_start : start - 1]), bold, audit)
        if para is not None:
            paragraphs.append(para)
    return paragraphs


def _markdown_line(para: Para, bold: set[int], audit: _Audit) -> Para | None:
    """Remove the Markdown marks of a line and mark it a heading if it is one.

    Returns:
        The paragraph, or None for a rule or a line with nothing but marks.
    """
    if not (_MD_LINE_MARK_RE.match(para.text) or _MD_EMPHASIS_RE.search(para.text)):
        return Para(para.text, para.offsets, heading=para.offsets[0] in bold)  # never blank
    if _MD_RULE_RE.match(para.text):
        audit.add("markup", "Markdown rule", para.text, para.offsets)
        return None
    heading = bool(_MD_HEADING_RE.match(para.text))
    para = _sub(para, _MD_HEADING_RE, audit, "markup", "Markdown heading mark")
    para = _sub(para, _MD_LIST_RE, audit, "markup", "Markdown list mark")
    stripped = para.text.strip()
    wholly_bold = (
        stripped.startswith("**") and stripped.endswith("**") and stripped.count("**") == 2
    ) or any(o in bold for o in para.offsets[:1])
    para = _sub(para, _MD_EMPHASIS_RE, audit, "markup", "Markdown bold mark")
    if not para.text.strip():
        return None
    return Para(para.text, para.offsets, heading=heading or wholly_bold)


_BOLD_P_RE = re.compile(
    r"<p\b[^>]*>\s*<(strong|b)\b[^>]*>(?P<body>[^<]*)</\1>\s*(?:<br\s*/?>\s*)?</p>", re.I
)


def _mark_bold_paragraphs(text: str) -> set[int]:
    """Offsets (in ``text``) of the first character of wholly bold HTML paragraphs."""
    return {m.start("body") for m in _BOLD_P_RE.finditer(text) if m.group("body").strip()}


_WHITESPACE_RE = re.compile(r"\s+")


def _compact(text: str) -> str:
    return _WHITESPACE_RE.sub("", text)


def chrome(paragraphs: list[Para], rules: Rules, audit: _Audit) -> list[Para]:
    """Drop site and masthead chrome by the paragraph, inline and footer rules.

    A footer marker starts the page footer (dropped whole) unless more body
    text follows it than precedes it, in two paragraphs or more (关注我们 may
    stand above the article).
    """
    kept: list[Para] = []
    footer: str | None = None
    body = [len(_compact(p.text)) if _is_body(p, rules) else 0 for p in paragraphs]
    after = sum(body)
    for number, para in enumerate(paragraphs):
        compact = _compact(para.text)
        after -= body[number]
        if (
            footer is None
            and rules.footer_markers
            and rules.footer_markers.search(compact)
            and (after <= sum(body) - after or sum(map(bool, body[number + 1 :])) <= 1)
        ):
            footer = compact
        if footer is not None:
            audit.add("chrome", f"page footer (after '{footer}')", para.text, para.offsets)
            continue
        stripped = para.text.strip()
        reason = next(
            (
                why
                for why, max_chars, pattern in rules.paragraph_rules
                if len(compact) <= max_chars and pattern.search(stripped)
            ),
            None,
        )
        if reason is not None:
            audit.add("chrome", reason, para.text, para.offsets)
            continue
        for why, pattern in rules.inline_rules:
            para = _strip_ends(para)
            match = pattern.search(para.text)
            if match is None:
                continue
            if match.start() == 0 and match.end() < len(para.text):
                para = replace(para, starts_block=True)  # a label opened it
            para = _sub(para, pattern, audit, "chrome", why)
        if para.text.strip():
            kept.append(para)
        else:
            audit.add("chrome", "empty after chrome removal", para.text, para.offsets)
    return kept


# --------------------------------------------------------------------------- furniture


@dataclass(frozen=True)
class Shapes:
    """The vocabulary and thresholds of page furniture found by shape (``shapes`` in the rules)."""

    title_max_chars: int = 40
    body_marks: str = "。！？!?；"
    body_min_chars: int = 12
    meta_max_chars: int = 80
    meta_max_residue: float = 0.3
    byline_labels: tuple[str, ...] = ()
    field_labels: tuple[str, ...] = ()
    counter_words: tuple[str, ...] = ()
    share_words: tuple[str, ...] = ()
    latin_min_share: float = 0.6
    spam_min_tokens: int = 6
    spam_max_token_chars: int = 8
    particles: str = "的了是在将要把被对与和也就都而并"
    head_max_chars: int = 6
    nav_min_items: int = 3
    related_min_lines: int = 3
    related_min_dated: float = 0.5
    summary_labels: tuple[str, ...] = ()
    summary_min_overlap: float = 0.5
    summary_min_share: float = 0.6
    summary_max_paragraphs: int = 2
    banner_actions: tuple[str, ...] = ()
    banner_objects: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, data: Any, where: str, problems: list[str]) -> Shapes:
        """Read the ``shapes`` mapping; a wrong key or value is added to ``problems``."""
        if data is None:
            return cls()
        if not isinstance(data, dict):
            problems.append(f"{where}: must be a mapping")
            return cls()
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name not in cls.__dataclass_fields__:
                problems.append(f"{where}: unknown setting '{name}'")
                continue
            kind = str(cls.__dataclass_fields__[name].type)  # a string: postponed annotations
            try:
                if kind.startswith("tuple"):
                    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                        raise TypeError("a list of words")
                    values[name] = tuple(value)
                elif kind == "int":
                    values[name] = int(value)
                elif kind == "float":
                    values[name] = float(value)
                else:
                    values[name] = str(value)
            except (TypeError, ValueError) as exc:
                problems.append(f"{where}: {name}: expected {kind} ({exc})")
        return cls(**values)

    @property
    def meta_re(self) -> re.Pattern[str]:
        """Timestamps, labelled bylines, counters, share words, Latin and separators."""
        return _meta_pattern(self.byline_labels, self.counter_words, self.share_words)

    @property
    def banner_re(self) -> re.Pattern[str] | None:
        """A clause that asks to open or install an app (打开…APP), on compact text."""
        return _banner_pattern(self.banner_actions, self.banner_objects)


_CLAUSE_MARKS = "，,！!？?；;：:"


@lru_cache(maxsize=8)
def _banner_pattern(
    actions: tuple[str, ...], objects: tuple[str, ...]
) -> re.Pattern[str] | None:
    if not actions or not objects:
        return None
    other = f"[^{_CLAUSE_MARKS}]"
    # the action opens its clause (after at most two characters: 请, 立即) and names the app
    return re.compile(
        rf"(?:^|[{_CLAUSE_MARKS}]){other}{{0,2}}(?:{_words(actions)}){other}{{0,12}}?"
        rf"(?:{_words(objects)})(?![A-Za-z])",
        re.I,
    )


_DATE = (
    r"(?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"|\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}-\d{1,2})"
)
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?"
_STAMP_RE = re.compile(rf"{_DATE}(?:\s*{_TIME})?|{_TIME}")
_LABEL_RE = re.compile(rf"^\s*[【\[]?[{_CJK}A-Za-z]{{1,6}}[】\]]?\s*[:：]")
"""A field label opening a line (原标题：, 转载自：): metadata or a new block, no continuation."""
_FULL_STAMP_RE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|\d{1,2}:\d{2}")
_LATIN_RE = re.compile(r"[A-Za-z0-9]")
_SEPARATORS = r"[\s|｜/／·•\-—_>»<«:：,，、()（）\[\]【】丨]"


def _words(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=8)
def _meta_pattern(
    labels: tuple[str, ...], counters: tuple[str, ...], shares: tuple[str, ...]
) -> re.Pattern[str]:
    parts = [rf"(?P<stamp>{_STAMP_RE.pattern})"]
    if labels:
        # a label and what it labels: a name or outlet up to the next separator
        parts.append(rf"(?P<byline>(?:{_words(labels)})\s*[:：|｜/]\s*[^\s|｜/]{{0,16}})")
        parts.append(rf"(?P<reporter>(?:记者|编辑|作者|通讯员)\s+[{_CJK}·]{{2,4}})")
    if counters:
        counted = _words(counters)
        parts.append(
            rf"(?P<counter>(?:{counted})\s*[:：]?\s*\d[\d,.]*\s*[万千kKwW+]?\s*次?"
            rf"|\d[\d,.]*\s*[万千kKwW+]?\s*(?:{counted}))"
        )
    if shares:
        parts.append(rf"(?P<share>{_words(shares)})")
    parts.append(r"(?P<latin>[A-Za-z0-9][A-Za-z0-9.@&'%#+]*)")
    parts.append(rf"(?P<sep>{_SEPARATORS}+)")
    return re.compile("|".join(parts))


_META_REASONS = {
    "stamp": "timestamp line",
    "byline": "byline or source line",
    "reporter": "byline or source line",
    "counter": "view counter",
    "share": "share or follow bar",
    "latin": "Latin or numeric metadata inside Chinese text",
}


def _meta_reason(text: str, shapes: Shapes) -> str | None:
    """Why a short line is metadata (timestamps, bylines, counters, share bars), if it is.

    It is when what is left after taking out every metadata token is at most
    ``meta_max_residue`` of the line; the reason names the first kind found
    of: byline, view counter, share bar, timestamp.
    """
    compact = _compact(text)
    if not compact or len(compact) > shapes.meta_max_chars:
        return None
    if any(mark in compact for mark in "。！？!?"):
        return None
    covered: Counter[str] = Counter()
    residue = len(text)
    for match in shapes.meta_re.finditer(text):
        kind = match.lastgroup or "sep"
        size = len(_compact(match.group()))
        residue -= len(match.group())
        if kind != "sep":
            covered[kind] += size
    residue_chars = max(0, residue)
    if not covered or residue_chars > shapes.meta_max_residue * len(compact):
        return None
    if set(covered) == {"latin"}:
        return None  # Latin alone is judged by its share (see _latin_line)
    if set(covered) == {"share"} and len(covered) == 1:
        distinct = {m.group("share") for m in shapes.meta_re.finditer(text) if m.group("share")}
        if len(distinct) < 2 and len(compact) > 4:
            return None  # one share word is a word, a cluster is a bar
    # a byline with its date is a byline; a counter beside share buttons a counter
    kind = next(
        k for k in ("byline", "reporter", "counter", "share", "stamp", "latin") if k in covered
    )
    return _META_REASONS[kind]


def _cjk_share(text: str) -> float:
    compact = _compact(text)
    return len(_CJK_RE.findall(compact)) / len(compact) if compact else 0.0


def _latin_line(text: str, shapes: Shapes) -> bool:
    """Whether a line is mostly Latin letters and digits with no Chinese sentence in it."""
    compact = _compact(text)
    if not compact or "。" in compact:
        return False
    latin = len(_LATIN_RE.findall(compact))
    return latin / len(compact) >= shapes.latin_min_share and latin >= 4


_TOKEN_SPLIT_RE = re.compile(r"[\s,，、|｜/;；·]+")


def _spam_line(text: str, shapes: Shapes) -> bool:
    """Whether a line is a keyword list: many short tokens, no sentence mark, few particles."""
    if any(mark in text for mark in "。！？!?：:"):
        return False
    tokens = [t for t in _TOKEN_SPLIT_RE.split(text.strip()) if t]
    if len(tokens) < shapes.spam_min_tokens:
        return False
    if any(len(t) > shapes.spam_max_token_chars for t in tokens):
        return False
    with_particle = sum(any(p in t for p in shapes.particles) for t in tokens)
    return with_particle <= len(tokens) // 5


def _banner_line(para: Para, rules: Rules) -> bool:
    """Whether a line is a call to open or install an app: short, no sentence, asks an action.

    Only lines above the title are judged (see :func:`furniture`).
    """
    pattern = rules.shapes.banner_re
    compact = _compact(para.text)
    return (
        pattern is not None
        and not para.heading
        and len(compact) <= rules.shapes.title_max_chars
        and "。" not in compact
        and bool(pattern.search(compact))
    )


def _banners(paragraphs: list[Para], reasons: list[str | None], rules: Rules) -> set[int]:
    """Indices of app banners above the title: calls to action before the first body paragraph.

    A banner needs a line below it, before the article's first body paragraph,
    that is no furniture and no banner (the title): a page's own first line is
    never taken for one.
    """
    found: list[int] = []
    for index, para in enumerate(paragraphs):
        if reasons[index] is not None:
            continue
        if _banner_line(para, rules):
            found.append(index)
        elif _is_body(para, rules):
            break
        elif found and len(_compact(para.text)) > rules.shapes.head_max_chars:
            return set(found)  # a title stands below them
    return set()


def _nav_line(text: str, shapes: Shapes) -> bool:
    """Whether a line is a navigation bar: short items apart, no sentence mark.

    Two items suffice when a mark separates them (科创观察 · 专栏, 首页 > 正文);
    apart by spaces alone it takes ``nav_min_items``.
    """
    if any(m in text for m in "。！？，,"):
        return False
    marked = [t for t in re.split(r"\s*[|｜/>»·•]\s*", text.strip()) if t]
    if len(marked) >= 2 and all(len(_compact(t)) <= 8 for t in marked):
        return True  # site · section, 首页 > 正文
    items = [t for t in re.split(r"[\s|｜/>»·•]+", text.strip()) if t]
    return len(items) >= shapes.nav_min_items and all(len(t) <= 8 for t in items)


def _is_body(para: Para, rules: Rules) -> bool:
    """Whether a paragraph is article body: a sentence mark, long enough, mostly Chinese."""
    compact = _compact(para.text)
    shapes = rules.shapes
    return (
        len(compact) >= shapes.body_min_chars
        and (
            any(mark in compact for mark in shapes.body_marks)
            or (len(compact) > shapes.title_max_chars and any(c in compact for c in ",，、"))
        )
        and _cjk_share(compact) >= 0.4
    )


def _title_like(para: Para, rules: Rules) -> bool:
    compact = _compact(para.text)
    return (
        len(compact) <= rules.shapes.title_max_chars
        and not _is_body(para, rules)
        and not compact.endswith(tuple(rules.sentence_end))
    )


_SENTENCE_RE = re.compile(r"[^。！？!?；;]+[。！？!?；;]?")


def _pairs(text: str) -> set[str]:
    chars = [c for c in text if _is_cjk(c) or c.isalnum()]
    return {a + b for a, b in pairwise(chars)}


def _summaries(
    paragraphs: list[Para], body: list[bool], shapes: Shapes, *, window: int
) -> set[int]:
    """Indices of paragraphs that paraphrase later sentences of the article.

    Candidates are the first ``summary_max_paragraphs`` body paragraphs, up to
    the first that is no summary (a summary stands before the article, and is
    short: a text that restates itself throughout loses no more), and any
    paragraph opened by a summary label (AI导读, 摘要 ...). One is a summary
    when, for at least ``summary_min_share`` of its characters, each sentence
    shares ``summary_min_overlap`` of its character pairs with one sentence of
    the ``window`` characters that follow it. Unlabelled, it needs two
    sentences or more.
    """
    labels = tuple(shapes.summary_labels)
    found: set[int] = set()
    leading = True  # still before the first body paragraph that is no summary
    unlabelled = 0  # leading paragraphs checked without a label
    for index, para in enumerate(paragraphs):
        compact = _compact(para.text)
        labelled = bool(labels) and compact.lstrip("【[").startswith(labels)
        leading = leading and unlabelled < shapes.summary_max_paragraphs
        if not labelled and not (leading and body[index]):
            continue
        unlabelled += not labelled
        own = [p for p in map(_pairs, _SENTENCE_RE.findall(compact)) if len(p) >= 6]
        if len(own) < (1 if labelled else 2):
            leading = leading and not body[index]
            continue
        later: list[set[str]] = []
        size = 0
        for other in paragraphs[index + 1 :]:
            if size >= window:
                break
            text = _compact(other.text)
            size += len(text)
            later += [p for p in map(_pairs, _SENTENCE_RE.findall(text)) if p]
        total = sum(len(p) for p in own)
        matched = sum(
            len(p)
            for p in own
            if max((len(p & q) for q in later), default=0) >= shapes.summary_min_overlap * len(p)
        )
        if matched >= shapes.summary_min_share * total:
            found.add(index)
        elif body[index]:
            leading = False
    return found


def furniture(paragraphs: list[Para], rules: Rules, audit: _Audit) -> list[Para]:
    """Drop page furniture by its shape and place, whatever the site's words.

    Shapes, each with its reason in the audit: metadata lines (timestamps,
    bylines and source lines, view counters, share and follow bars); lines
    mostly Latin or digits in a Chinese page; keyword spam; site names, labels
    and navigation before the first body paragraph; title-like lines after the
    last one (related links, footers); runs of dated title-like lines
    (related-links boxes); and machine summaries that paraphrase the article.
    Article headings between body paragraphs are kept.
    """
    shapes = rules.shapes
    if not paragraphs:
        return paragraphs
    chinese = _cjk_share("".join(p.text for p in paragraphs)) >= 0.3
    reasons: list[str | None] = []
    for para in paragraphs:
        text = para.text
        if _spam_line(text, shapes):
            reasons.append(
                "navigation bar or keyword list (short tokens, no sentence)"
                if _nav_line(text, shapes)
                else "keyword spam line (short tokens, no sentence)"
            )
        elif (why := _meta_reason(text, shapes)) is not None:
            reasons.append(why)
        elif chinese and _latin_line(text, shapes):
            reasons.append("Latin or numeric metadata inside Chinese text")
        else:
            reasons.append(None)
    for index in _banners(paragraphs, reasons, rules):
        reasons[index] = "app banner above the title (a call to open or install an app)"
    body = [r is None and _is_body(p, rules) for p, r in zip(paragraphs, reasons, strict=True)]
    for index in _summaries(paragraphs, body, shapes, window=rules.duplicate_window_chars):
        reasons[index] = "machine summary paraphrasing the article"
        body[index] = False
    bodies = [i for i, b in enumerate(body) if b]
    if bodies:
        first, last = bodies[0], bodies[-1]
        labels = tuple(shapes.byline_labels) + tuple(shapes.field_labels)
        for index in range(first):
            if reasons[index] is not None or paragraphs[index].heading:
                continue  # a marked heading is the article's
            text = paragraphs[index].text
            label = _LABEL_RE.match(text)
            if (
                label
                and label.group().strip(" \t【[]】:：") in labels
                and _title_like(paragraphs[index], rules)
            ):
                reasons[index] = "labelled metadata at the head of the page (label: value)"
                continue
            if len(_compact(text)) <= shapes.head_max_chars or _nav_line(text, shapes):
                reasons[index] = "site name, label or navigation at the head of the page"
            elif _FULL_STAMP_RE.search(text) and _title_like(paragraphs[index], rules):
                reasons[index] = "byline with a timestamp at the head of the page"
        for index in range(last + 1, len(paragraphs)):
            if reasons[index] is None and _title_like(paragraphs[index], rules):
                reasons[index] = "page foot: title-like lines after the article"
        # a run of title-like lines, many dated, is a related-links box (with its label)
        index = 0
        while index < len(paragraphs):
            end = index
            while (
                end < len(paragraphs)
                and reasons[end] is None
                and _title_like(paragraphs[end], rules)
            ):
                end += 1
            run = range(index, end)
            dated = sum(bool(_STAMP_RE.search(paragraphs[i].text)) for i in run)
            if len(run) >= shapes.related_min_lines and dated >= shapes.related_min_dated * len(
                run
            ):
                for i in run:
                    reasons[i] = "related-links box (a run of dated title-like lines)"
                if index and len(_compact(paragraphs[index - 1].text)) <= shapes.head_max_chars:
                    reasons[index - 1] = "related-links box (a run of dated title-like lines)"
            index = end + 1 if end == index else end
    kept = []
    after_removal = False
    for para, reason in zip(paragraphs, reasons, strict=True):
        if reason is None:
            # furniture stood between it and the paragraph before: no sentence runs across
            kept.append(replace(para, starts_block=True) if after_removal else para)
            after_removal = False
        else:
            audit.add("furniture", reason, para.text, para.offsets)
            after_removal = True
    return kept


def _strip_ends(para: Para) -> Para:
    text = para.text
    stripped = text.strip()
    if len(stripped) == len(text):
        return para
    start = len(text) - len(text.lstrip())
    end = start + len(stripped)
    return replace(para, text=stripped, offsets=para.offsets[start:end])


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


def _word_frequencies() -> dict[str, int]:
    """Jieba's dictionary (word -> frequency), loaded once per process."""
    from policytext.segment import get_tokenizer

    return get_tokenizer().FREQ


def _is_word(text: str) -> bool:
    return _word_frequencies().get(text, 0) > 0


_OPEN, _CLOSE = "(（[【《“", ")）]】》”"
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
    return _splits_word(text[max(0, index - 4) : index], text[index + 1 : index + 5])


@lru_cache(maxsize=1 << 16)
def _splits_word(left: str, right: str) -> bool:
    """Whether joining ``left`` and ``right`` makes a word across the seam.

    Remembered: the same few characters meet often (headings, stock phrases),
    and jieba's main dictionary never changes.
    """
    from policytext.segment import get_tokenizer

    position = 0
    for token in get_tokenizer().lcut(left + right, HMM=False):
        if position < len(left) < position + len(token):
            return True
        position += len(token)
    return False


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


_ARTICLE_START_RE = re.compile(r"^(?:本报讯|本报记者|新华社|【)")


_TITLE_TAG_RE = re.compile(r"^【[^】]{1,10}】")
_BODY_RE = re.compile(r"[。；;！？!?]")


def _is_headline(para: Para, rules: Rules) -> bool:
    """Whether a paragraph is a headline.

    It is one when marked as a heading or tagged 【…】; in a document whose
    headings are not marked up, also when short with no punctuation and no
    bracket or quote left open.
    """
    text = _compact(para.text)
    if para.heading or _TITLE_TAG_RE.match(text):
        return True
    if rules.marked_headings:
        return False
    return (
        len(text) <= rules.headline_max_chars
        and not re.search(r"[,，。；;:：、]", text)
        and not any(_unbalanced(text, i) for i, c in enumerate(text) if c in _OPEN + "《“")
    )


def _ends_sentence(para: Para, rules: Rules) -> bool:
    text = para.text.rstrip()
    return not text or text[-1] in rules.sentence_end


def _continues(para: Para, rules: Rules, *, after: Para | None = None) -> bool:
    """Whether ``para`` can be the second half of a split sentence.

    A short second half (``况。``) is no headline when it completes a word
    begun at the end of ``after`` (情 / 况).
    """
    text = para.text.lstrip()
    if not text or para.starts_block or _ARTICLE_START_RE.match(text):
        return False
    if _LABEL_RE.match(text) and not _is_body(para, rules):
        return False  # a labelled field (原标题：…) continues no sentence
    if not _is_headline(para, rules):
        return True
    return (
        after is not None and not para.heading and _splits_word(after.text.rstrip()[-4:], text[:4])
    )


def rejoin(paragraphs: list[Para], rules: Rules, audit: _Audit, captions: set[int]) -> list[Para]:
    """Join paragraphs that a column or page break split mid-sentence.

    Adjacent paragraphs are joined when both are Chinese text meeting at
    Chinese characters (no timestamp, Latin or digit at the break), the first
    stops without a sentence mark and is no headline, and the second is no
    headline or article start. A character repeated on both sides of the
    break (区域 / 域行业) is dropped unless the doubled form is a word. A
    paragraph left hanging at the end of its article is then joined with the
    one paragraph that follows a photo caption without starting a sentence:
    the text flowed around the photo.

    Args:
        paragraphs: Paragraphs in page order.
        rules: Cleaning rules.
        audit: Collects joins, moves and removals.
        captions: Indices (into ``paragraphs``) of paragraphs that directly
            follow a removed photo caption.
    """
    joined: list[Para] = []
    after_caption: list[int] = []
    for index, para in enumerate(paragraphs):
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and _article_seam(previous, para)
            and not _ends_sentence(previous, rules)
            and _continues(para, rules, after=previous)
            and (
                not _is_headline(previous, rules)
                or (
                    # a short line is a headline unless a word runs across the break;
                    # a heading above a whole paragraph may end where a word would
                    # begin (环境 / 部相关), so the rest must not be a paragraph itself
                    not previous.heading
                    and (not _is_body(para, rules) or _short_first_clause(para))
                    and _splits_word(previous.text[-4:], para.text[:4])
                )
            )
        ):
            joined[-1] = _join(previous, para, audit, "split by a column or page break")
            continue
        if index in captions:
            after_caption.append(len(joined))
        joined.append(para)
    hanging = [
        i
        for i, para in enumerate(joined)
        if not _ends_sentence(para, rules)
        and _BODY_RE.search(para.text)
        and not _is_headline(para, rules)
        and (i + 1 == len(joined) or not _continues(joined[i + 1], rules))
    ]
    tails = [i for i in after_caption if _continues(joined[i], rules)]
    if len(hanging) == 1 and len(tails) == 1 and hanging[0] != tails[0]:
        head, tail = hanging[0], tails[0]
        audit.add(
            "rejoin",
            "column continued after a photo caption: moved to join its start",
            joined[tail].text,
            joined[tail].offsets,
            action="moved",
        )
        joined[head] = _join(joined[head], joined[tail], audit, "continued after a photo caption")
        del joined[tail]
    return joined


_CLAUSE_RE = re.compile(r"[^,，、;；:：。！？!?…]*")


def _short_first_clause(para: Para) -> bool:
    """Whether the paragraph's first clause is a word's end (况。他指出), not a sentence."""
    return len(_CLAUSE_RE.match(para.text.lstrip()).group()) <= 3  # type: ignore[union-attr]


_SEAM_END_RE = re.compile(f"[{_CJK}{_CJK_PUNCT},;、]$")
_SEAM_START_RE = re.compile(f"^[{_CJK}{_CJK_PUNCT}、]")


def _article_seam(first: Para, second: Para) -> bool:
    """Whether a break between two paragraphs can fall inside a sentence of Chinese text.

    Both sides must be mostly Chinese, with no timestamp at the break and no
    Latin or digit on either side of it (metadata, times, counters).
    """
    head, tail = first.text.rstrip(), second.text.lstrip()
    return (
        bool(head and tail)
        and _cjk_share(head) >= 0.5
        and _cjk_share(tail) >= 0.5
        and bool(_SEAM_END_RE.search(head))
        and bool(_SEAM_START_RE.match(tail))
        and not _STAMP_RE.search(head[-20:])
        and not _STAMP_RE.match(tail[:20])
    )


def _orphan_repeat(head: str, tail: str) -> bool:
    """Whether the tail's first character repeats the head's last one by mistake.

    It does when the doubled form is no word and, in the tail, the character
    belongs to no word (区域 / 域行业: 域 stands alone), unlike 中国 / 国际.
    """
    from policytext.segment import get_tokenizer

    if _is_word(head[-1] * 2):
        return False
    return len(get_tokenizer().lcut(tail[:8], HMM=False)[0]) == 1


def _join(first: Para, second: Para, audit: _Audit, why: str) -> Para:
    head, tail = _strip_ends(first), _strip_ends(second)
    if head.text and tail.text and head.text[-1] == tail.text[0] and _is_cjk(head.text[-1]):
        if _orphan_repeat(head.text, tail.text):
            tail, gone, offsets = tail.cut(0, 1)
            audit.add("rejoin", "character repeated across the break", gone, offsets)
    audit.add(
        "rejoin",
        f"paragraph joined: {why}",
        f"{head.text[-8:]}|{tail.text[:8]}",
        head.offsets[-8:] + tail.offsets[:8],
        action="joined",
    )
    return Para(head.text + tail.text, head.offsets + tail.offsets, head.heading)


_SPACE_RE = re.compile(r"[\s\u3000\xa0]+")
_CJK_SIDE_RE = re.compile(f"[{_CJK}{_CJK_PUNCT}]")


def invisible(para: Para, audit: _Audit) -> Para:
    """Remove format characters and variation selectors (:mod:`policytext.chars`), audited."""
    return _sub(
        para,
        chars.invisible_pattern(),
        audit,
        "characters",
        lambda m: chars.invisible_name(m.group()),
    )


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


# --------------------------------------------------------------------------- pipeline


def clean_document(doc_id: str, raw: str, *, rules: Rules) -> CleanDocument:
    """Clean one document (see the module docstring for the stages).

    A document in Traditional script (:func:`policytext.script.detect_script`)
    is cleaned on its Simplified form (same length, so the same offsets), so
    that every rule works whatever the script; the clean text and the audit
    then get the document's own characters back.

    Args:
        doc_id: The document's id, for the audit.
        raw: Its raw text.
        rules: Cleaning rules (:func:`load_rules`).

    Returns:
        The clean text, its offsets into ``raw`` and the audit.
    """
    if script.detect_script(raw) != "traditional":
        return _clean_document(doc_id, raw, rules=rules)
    cleaned = _clean_document(doc_id, script.to_simplified(raw), rules=rules)
    audit = tuple(
        replace(row, text=_original(row.text, row.offsets, raw))
        if len(row.offsets) == len(row.text)
        else row
        for row in cleaned.audit
    )
    return replace(cleaned, text=_original(cleaned.text, cleaned.offsets, raw), audit=audit)


def _original(text: str, offsets: Sequence[int], raw: str) -> str:
    """``text`` with each character taken from ``raw`` at its offset (kept where -1)."""
    return "".join(raw[o] if o >= 0 else c for c, o in zip(text, offsets, strict=True))


def _clean_document(doc_id: str, raw: str, *, rules: Rules) -> CleanDocument:
    """:func:`clean_document` for a text in one script."""
    audit = _Audit(doc_id)
    paragraphs = markup(raw, audit)
    paragraphs = [invisible(p, audit) for p in paragraphs]
    if any(p.heading for p in paragraphs):
        rules = replace(rules, marked_headings=True)
    paragraphs = [_strip_ends(p) for p in paragraphs]
    before_chrome = len(audit.rows)
    kept = chrome(paragraphs, rules, audit)
    kept = furniture(kept, rules, audit)
    caption_ends = {
        row.end
        for row in audit.rows[before_chrome:]
        if row.stage == "chrome" and "caption" in row.reason
    }
    kept, first = duplicates(kept, rules, audit)
    # Until rejoin moves text, raw offsets rise within a paragraph.
    starts = [next((o for o in p.offsets if o >= 0), -1) for p in kept]
    captions = {
        next(i for i, start in enumerate(starts) if start >= end)
        for end in caption_ends
        if any(start >= end for start in starts)
    }
    kept = rejoin(kept, rules, audit, captions)
    kept = debris(kept, audit)
    # Halves of a split copy are too short to be caught before they are rejoined.
    kept, _ = duplicates(kept, rules, audit, before=first)
    # Furniture is judged by where it stands and what it repeats: again once layout
    # copies are gone and split paragraphs rejoined, so cleaning a clean text
    # changes nothing (a line is at the foot of the page whether or not a copy
    # followed it; a summary is found whether or not a break split it).
    kept = furniture(kept, rules, audit)
    kept = [p for p in (tidy_whitespace(p) for p in kept) if p.text]
    text = "\n\n".join(p.text for p in kept)
    offsets = array("i")
    for number, para in enumerate(kept):
        if number:
            offsets.extend((-1, -1))
        offsets.extend(para.offsets)
    return CleanDocument(doc_id, text, offsets, tuple(audit.rows))
