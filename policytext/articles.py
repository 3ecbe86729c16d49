"""Stage 3b, articles: a document's clean text cut into the articles it holds.

A newspaper page holds several articles; a web page usually one. The cleaning
leaves one paragraph per line, and an article's headline as a short line of its
own; :func:`split_articles` reads that structure with the rules of
``data/articles.yml`` (:func:`load_article_rules`): what a headline line looks
like, which paragraphs open with a dateline (``本报讯``), and so which headline
blocks open an article and which are subheads of a feature. Articles tile the
text: each runs from its headline (or the start of the text) to the next
article's headline.

:func:`articles_table` gives ``articles.csv`` (the split is its own audit: every
article with its headline, offsets, the rule that opened it and the subheads
it holds), :func:`article_texts` the articles as texts for the counting stages,
and :func:`locate` the article of an offset.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd
from pydantic import field_validator

from policytext.config import DATA_DIR
from policytext.schema import (
    Regexes,
    Section,
    load_section,
    positive_integer,
    regex_list,
    text_list,
)
from policytext.text import count_chars, normalize_text

ARTICLES_FILE = DATA_DIR / "articles.yml"
"""The article rules shipped with the report."""

ARTICLE_COLUMNS = (
    "article_id",
    "doc_id",
    "period",
    "position",
    "headline",
    "start",
    "end",
    "chars",
    "opened_by",
    "subheads",
)
"""Columns of ``articles.csv`` (:func:`articles_table`)."""

OPENED_BY = ("start", "dateline", "kicker", "after_report", "after_continuation")
"""Values of ``opened_by``: why an article starts where it does."""

HEADLINE_SEPARATOR = " / "
"""Joins the lines of a headline block (kicker / title)."""

SUBHEAD_SEPARATOR = " | "
"""Joins an article's subheads in ``subheads``."""


@dataclass(frozen=True)
class ArticleRules:
    """How to find headlines and article boundaries (see ``data/articles.yml``).

    Attributes:
        max_headline_chars: A headline line has at most this many characters.
        min_headline_chars: And at least this many.
        sentence_end: Marks a headline line does not end with.
        kicker_lines: A headline block of this many lines always opens an article.
        datelines: Regexes matched at the start of a paragraph (NFKC form).
    """

    max_headline_chars: int
    min_headline_chars: int
    sentence_end: tuple[str, ...]
    kicker_lines: int
    datelines: tuple[re.Pattern[str], ...]

    def is_dateline(self, paragraph: str) -> bool:
        """Whether ``paragraph`` opens with a dateline."""
        norm = normalize_text(paragraph).lstrip()
        return any(pattern.match(norm) for pattern in self.datelines)

    def is_headline(self, line: str) -> bool:
        """Whether ``line`` has the shape of a headline (its position aside)."""
        text = normalize_text(line).strip()
        if not self.min_headline_chars <= count_chars(text) <= self.max_headline_chars:
            return False
        last = text.rstrip("”’」』\"')）")
        if last != text and not last:
            return False
        ends = tuple(normalize_text(mark) for mark in self.sentence_end)
        if text.endswith(ends) or (last != text and last.endswith(ends)):
            return False
        return not self.is_dateline(text)


class ArticleSection(Section):
    """The ``articles:`` mapping of ``articles.yml`` as written (see :class:`ArticleRules`)."""

    SECTION: ClassVar[str] = "articles"

    max_headline_chars: int
    min_headline_chars: int
    sentence_end: tuple[str, ...]
    kicker_lines: int
    datelines: Regexes

    _integers = field_validator(
        "max_headline_chars", "min_headline_chars", "kicker_lines", mode="before"
    )(positive_integer)
    _texts = field_validator("sentence_end", mode="before")(text_list)
    _datelines = field_validator("datelines", mode="before")(regex_list)


def load_article_rules(path: str | Path = ARTICLES_FILE) -> ArticleRules:
    """Read and check an article rules file (an ``articles:`` mapping, :class:`ArticleSection`).

    Args:
        path: The YAML file; default the report's ``data/articles.yml``.

    Returns:
        The rules.

    Raises:
        InputError: Unreadable YAML or invalid entries, one line per problem
            naming the file and the key.
    """
    section = load_section(
        path, ArticleSection, not_mapping="expected an 'articles:' mapping at the top level"
    )
    return ArticleRules(
        max_headline_chars=section.max_headline_chars,
        min_headline_chars=section.min_headline_chars,
        sentence_end=section.sentence_end,
        kicker_lines=section.kicker_lines,
        datelines=section.datelines,
    )


@dataclass(frozen=True)
class Article:
    """One article of a document.

    Attributes:
        position: 1-based, in text order.
        headline: Its headline block, lines joined by :data:`HEADLINE_SEPARATOR`
            (``""`` when the article has none: text before the first headline).
        start: Offset of the article (its headline) in the clean text.
        end: Offset after it: the next article's start, or the text's end.
        opened_by: One of :data:`OPENED_BY`.
        subheads: The headline blocks inside it that open no article.
    """

    position: int
    headline: str
    start: int
    end: int
    opened_by: str
    subheads: tuple[str, ...] = ()


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-blank line, without its surrounding whitespace."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if stripped:
            start = match.start() + (len(line) - len(line.lstrip()))
            spans.append((start, start + len(stripped)))
    return spans


def split_articles(text: str, *, rules: ArticleRules) -> list[Article]:
    """Cut a clean text into its articles (see ``data/articles.yml`` for the rules).

    Args:
        text: A document's clean text (one paragraph per line).
        rules: The article rules (:func:`load_article_rules`).

    Returns:
        The articles in order; they tile ``text`` (the first starts at 0, each
        ends where the next starts, the last at ``len(text)``). A text with no
        paragraph is one empty article.
    """
    spans = _paragraphs(text)
    if not spans:
        return [Article(1, "", 0, len(text), "start")]
    lines = [text[a:b] for a, b in spans]
    heads = [i + 1 < len(lines) and rules.is_headline(line) for i, line in enumerate(lines)]
    blocks: list[tuple[int, int]] = []  # [first, last) paragraph indexes of each block
    i = 0
    while i < len(lines):
        if heads[i]:
            j = i
            while j < len(lines) and heads[j]:
                j += 1
            if j == len(lines):  # a block must be followed by a body paragraph
                j -= 1
            blocks.append((i, j))
            i = j + 1
        else:
            i += 1
    dated = [rules.is_dateline(line) for line in lines]
    page = any(dated)

    def headline(block: tuple[int, int]) -> str:
        return HEADLINE_SEPARATOR.join(lines[k].strip() for k in range(*block))

    opened: list[tuple[int, str, str, bool]] = []  # (paragraph index, headline, rule, dated)
    subheads: dict[int, list[str]] = {}
    for block in blocks:
        first, after = block
        follows_dateline = after < len(lines) and dated[after]
        if not opened:
            if first == 0:
                opened.append((0, headline(block), "start", follows_dateline))
                continue
            opened.append((0, "", "start", dated[0]))
        if not page:
            subheads.setdefault(len(opened) - 1, []).append(headline(block))
            continue
        _, previous_headline, _, previous_dated = opened[-1]
        if follows_dateline:
            rule = "dateline"
        elif after - first >= rules.kicker_lines:
            rule = "kicker"
        elif previous_dated:
            rule = "after_report"
        elif not previous_headline:
            rule = "after_continuation"
        else:
            subheads.setdefault(len(opened) - 1, []).append(headline(block))
            continue
        opened.append((first, headline(block), rule, follows_dateline))
    if not opened:
        opened.append((0, "", "start", dated[0]))
    starts = [0] + [spans[index][0] for index, *_ in opened[1:]]
    ends = [*starts[1:], len(text)]
    return [
        Article(n, head, start, end, rule, tuple(subheads.get(n - 1, ())))
        for n, ((_, head, rule, _), start, end) in enumerate(
            zip(opened, starts, ends, strict=True), start=1
        )
    ]


def article_id(doc_id: str, position: int) -> str:
    """``<doc_id>#<position:02d>``."""
    return f"{doc_id}#{position:02d}"


def articles_table(texts: pd.DataFrame, *, rules: ArticleRules) -> pd.DataFrame:
    """``articles.csv``: every article of every document, in document then text order.

    Args:
        texts: ``doc_id, period, text`` (see ``per_document.texts_table``).
        rules: The article rules.

    Returns:
        One row per article with :data:`ARTICLE_COLUMNS`; ``chars`` counts
        the article's characters as :func:`policytext.text.count_chars` does,
        so a document's articles add up to its ``chars_clean``.
    """
    rows = []
    for doc in texts.itertuples(index=False):
        text = "" if pd.isna(doc.text) else str(doc.text)
        for art in split_articles(text, rules=rules):
            rows.append(
                (
                    article_id(doc.doc_id, art.position),
                    doc.doc_id,
                    doc.period,
                    art.position,
                    art.headline,
                    art.start,
                    art.end,
                    count_chars(text[art.start : art.end]),
                    art.opened_by,
                    SUBHEAD_SEPARATOR.join(art.subheads),
                )
            )
    frame = pd.DataFrame(rows, columns=list(ARTICLE_COLUMNS))
    for column in ("position", "start", "end", "chars"):
        frame[column] = frame[column].astype(int)
    return frame


def article_texts(texts: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The articles as texts: ``doc_id`` (the article id), ``period, text, norm, chars``.

    Shaped as ``per_document.texts_table`` so that the counting stages run on
    articles as they run on documents; ``source_doc`` names the document.
    """
    by_doc = {
        doc.doc_id: (doc.text, doc.norm if "norm" in texts.columns else None)
        for doc in texts.itertuples(index=False)
    }
    rows = []
    for art in articles.itertuples(index=False):
        text, norm = by_doc[art.doc_id]
        piece = text[art.start : art.end]
        norm_piece = (
            norm[art.start : art.end]
            if isinstance(norm, str) and len(norm) == len(text)
            else normalize_text(piece)
        )
        rows.append(
            {
                "doc_id": art.article_id,
                "source_doc": art.doc_id,
                "period": art.period,
                "text": piece,
                "norm": norm_piece,
                "chars": art.chars,
            }
        )
    return pd.DataFrame(rows, columns=["doc_id", "source_doc", "period", "text", "norm", "chars"])


def locate(articles: pd.DataFrame, doc_id: str, offsets: Sequence[Any]) -> list[str]:
    """The article id holding each offset of a document's clean text.

    Args:
        articles: ``articles.csv`` (or the rows of one document).
        doc_id: The document.
        offsets: Offsets in its clean text (NaN or None give ``""``).

    Returns:
        One article id per offset (``""`` when the offset is missing).
    """
    rows = articles[articles["doc_id"] == doc_id].sort_values("start")
    starts = rows["start"].tolist()
    ids = rows["article_id"].tolist()
    found = []
    for offset in offsets:
        if offset is None or pd.isna(offset) or not starts:
            found.append("")
            continue
        index = max(0, bisect.bisect_right(starts, int(offset)) - 1)
        found.append(ids[index])
    return found
