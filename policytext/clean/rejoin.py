"""Stage ``rejoin``: paragraphs split inside a sentence by a column or page break, joined."""

from __future__ import annotations

import re
from array import array

from policytext.clean.audit import _Audit
from policytext.clean.paragraphs import (
    _CJK,
    _CJK_PUNCT,
    _OPEN,
    Para,
    _cjk_share,
    _compact,
    _is_cjk,
    _strip_ends,
    _unbalanced,
)
from policytext.clean.rules import Rules
from policytext.clean.shapes import _LABEL_RE, _STAMP_RE, _is_body
from policytext.main_dictionary import first_word, is_word, splits_word

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
        after is not None and not para.heading and splits_word(after.text.rstrip()[-4:], text[:4])
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
                    and splits_word(previous.text[-4:], para.text[:4])
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
    if is_word(head[-1] * 2):
        return False
    return len(first_word(tail[:8])) == 1


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
        head.offsets[-8:] + array("i", [-1]) + tail.offsets[:8],  # -1: the mark "|"
        action="joined",
    )
    return Para(head.text + tail.text, head.offsets + tail.offsets, head.heading)
