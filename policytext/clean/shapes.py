"""What furniture looks like: metadata, Latin, spam and navigation lines; body and title lines."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from policytext.clean.paragraphs import _CJK, Para, _cjk_share, _compact, _words
from policytext.clean.rules import Rules, Shapes

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


def _meta_re(shapes: Shapes) -> re.Pattern[str]:
    """Timestamps, labelled bylines, counters, share words, Latin and separators."""
    return _meta_pattern(shapes.byline_labels, shapes.counter_words, shapes.share_words)


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
    for match in _meta_re(shapes).finditer(text):
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
        distinct = {m.group("share") for m in _meta_re(shapes).finditer(text) if m.group("share")}
        if len(distinct) < 2 and len(compact) > 4:
            return None  # one share word is a word, a cluster is a bar
    # a byline with its date is a byline; a counter beside share buttons a counter
    kind = next(
        k for k in ("byline", "reporter", "counter", "share", "stamp", "latin") if k in covered
    )
    return _META_REASONS[kind]


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
