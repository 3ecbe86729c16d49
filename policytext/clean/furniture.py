"""Stage ``furniture``: page furniture by its shape and place, for pages of any site."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from itertools import pairwise

from policytext.clean.audit import _Audit
from policytext.clean.paragraphs import _CJK, Para, _cjk_share, _compact, _words
from policytext.clean.rules import Rules, Shapes
from policytext.clean.shapes import (
    _FULL_STAMP_RE,
    _LABEL_RE,
    _STAMP_RE,
    _is_body,
    _latin_line,
    _meta_reason,
    _nav_line,
    _spam_line,
    _title_like,
)

_CLAUSE_MARKS = "，,！!？?；;：:"


def _banner_re(shapes: Shapes) -> re.Pattern[str] | None:
    """A clause that asks to open or install an app (打开…APP), on compact text."""
    return _banner_pattern(shapes.banner_actions, shapes.banner_objects)


@lru_cache(maxsize=8)
def _banner_pattern(actions: tuple[str, ...], objects: tuple[str, ...]) -> re.Pattern[str] | None:
    if not actions or not objects:
        return None
    other = f"[^{_CLAUSE_MARKS}]"
    # the action opens its clause (after at most two characters: 请, 立即) and names the app
    return re.compile(
        rf"(?:^|[{_CLAUSE_MARKS}]){other}{{0,2}}(?:{_words(actions)}){other}{{0,12}}?"
        rf"(?:{_words(objects)})(?![A-Za-z])",
        re.I,
    )


def _banner_line(para: Para, rules: Rules) -> bool:
    """Whether a line is a call to open or install an app: short, no sentence, asks an action.

    Only lines above the title are judged (see :func:`furniture`).
    """
    pattern = _banner_re(rules.shapes)
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


_SENTENCE_RE = re.compile(r"[^。！？!?；;]+[。！？!?；;]?")


# A CJK ideograph or any character ``str.isalnum`` accepts (``\w`` without ``_``).
_PAIR_CHAR_RE = re.compile(rf"[{_CJK}]|[^\W_]")


def _pairs(text: str) -> set[str]:
    chars = _PAIR_CHAR_RE.findall(text)
    return {a + b for a, b in pairwise(chars)}


def _sentence_pairs(text: str) -> list[set[str]]:
    """The character pairs of each sentence of a compact text."""
    return [_pairs(sentence) for sentence in _SENTENCE_RE.findall(text)]


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
    compacts = [_compact(para.text) for para in paragraphs]
    pairs: dict[int, list[set[str]]] = {}  # each paragraph's sentence pairs, made once

    def sentence_pairs(index: int) -> list[set[str]]:
        if index not in pairs:
            pairs[index] = _sentence_pairs(compacts[index])
        return pairs[index]

    found: set[int] = set()
    leading = True  # still before the first body paragraph that is no summary
    unlabelled = 0  # leading paragraphs checked without a label
    for index, compact in enumerate(compacts):
        labelled = bool(labels) and compact.lstrip("【[").startswith(labels)
        leading = leading and unlabelled < shapes.summary_max_paragraphs
        if not labelled and not (leading and body[index]):
            continue
        unlabelled += not labelled
        own = [p for p in sentence_pairs(index) if len(p) >= 6]
        if len(own) < (1 if labelled else 2):
            leading = leading and not body[index]
            continue
        later: list[set[str]] = []
        size = 0
        for other in range(index + 1, len(paragraphs)):
            if size >= window:
                break
            size += len(compacts[other])
            later += [p for p in sentence_pairs(other) if p]
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
