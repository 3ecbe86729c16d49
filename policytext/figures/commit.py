"""Commitments: sentences that commit to future action without a number."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from re import Pattern
from typing import Any

import pandas as pd

from policytext.errors import InputError
from policytext.figures.sentences import Sentence, check_docs, cue_sentences, doc_texts, scanned
from policytext.numbers import find_figures
from policytext.schema import validate_entries
from policytext.text import normalize_text
from policytext.themes import Theme, ThemeEntry

COMMITMENT_COLUMNS = ("doc_id", "period", "theme", "sentence", "start", "end")
"""Columns of :func:`commitments`."""

OTHER_THEME = "other"
"""Theme of a commitment that matches no theme's terms."""

_COMMIT = (
    r"(?<![需重主纲摘只必不简概])要(?![求素点闻害件])"
    r"|将(?=(?:要|进一步|持续|加快|大力|重点|深入|着力|全力|继续|积极|全面|不断|以|从|在)?"
    r"(?:发布|制定|出台|推出|实施|开展|推动|推进|加快|加大|加强|加力|建设|培育|支持|完善"
    r"|组织|启动|修订|强化|探索|创建|布局|打造|坚持|聚焦|深化|提升|做好|抓好|构建|健全|研究"
    r"|进一步|持续|大力|着力|全力|重点|继续|积极|全面|不断))"
    r"|力争|争取|(?<!为)加快(?![,，。;；、]|$)|着力|下一步|确保|务必|必须|计划"
)
_COMMIT_RE = scanned(_COMMIT, "要将力争加着下确务必计")


def _themes(themes: Sequence[Theme | Mapping[str, Any]] | None) -> list[tuple[str, Pattern | None]]:
    """``(theme id, pattern of its terms)`` of each theme, in order.

    ``themes`` are :class:`policytext.themes.Theme` (as
    :func:`policytext.themes.load_themes` reads them) or entries as written in
    ``themes.yml``, validated by its model (:class:`policytext.themes.ThemeEntry`).
    The pattern is ``None`` for a theme without terms.

    Raises:
        InputError: ``themes`` is not a list, or an entry is invalid; one line
            per problem, naming the entry and the field.
    """
    if themes is None:
        return []
    if isinstance(themes, str | Mapping) or not isinstance(themes, Sequence):
        raise InputError(["themes: expected a list of themes (see policytext.themes.load_themes)"])
    written = [asdict(t) if isinstance(t, Theme) else t for t in themes]
    written = [dict(t) if isinstance(t, Mapping) else t for t in written]
    loaded = validate_entries("themes", written, ThemeEntry)
    loaded.raise_problems()
    compiled = []
    for _, entry in loaded.entries:
        forms = [normalize_text(t).strip() for t in entry.terms if t.strip()]
        compiled.append((entry.id, _terms_pattern(forms) if forms else None))
    return compiled


def _terms_pattern(forms: Sequence[str]) -> re.Pattern[str]:
    """Any of the terms (NFKC forms); ``AI`` does not match inside ``OpenAI``."""
    return scanned("|".join(_term_regex(form) for form in forms), "".join(f[0] for f in forms))


def _term_regex(form: str) -> str:
    """A term's NFKC form as a regex, not to match inside a Latin word or number."""
    head = r"(?<![A-Za-z0-9])" if form[0].isascii() and form[0].isalnum() else ""
    tail = r"(?![A-Za-z0-9])" if form[-1].isascii() and form[-1].isalnum() else ""
    return head + re.escape(form) + tail


def commitments(
    docs: pd.DataFrame, *, themes: Sequence[Theme | Mapping[str, Any]] | None = None
) -> pd.DataFrame:
    """Sentences that commit to future action without a number.

    A commitment is a sentence with a cue of intent or obligation (``将发布``,
    ``将制定``, ``力争``, ``加快…``, ``要…``, ``确保``, ``下一步`` ...), no
    figure (:func:`policytext.numbers.find_figures`) and no question mark.

    Args:
        docs: One row per document with ``doc_id``, ``period`` and ``text``
            (and optionally ``norm``, as for :func:`extract_figures`).
        themes: Optional themes: :class:`policytext.themes.Theme` (from
            :func:`policytext.themes.load_themes`) or entries as written in
            ``themes.yml`` (``{"id", "label", "terms"}``). A sentence takes
            the first theme one of whose terms occurs in it, else ``"other"``.

    Returns:
        One row per commitment, with :data:`COMMITMENT_COLUMNS`, in
        document order (``start``, ``end``: the sentence's offsets in the
        clean text). A sentence repeated word for word in a document
        counts once.

    Raises:
        InputError: ``docs`` lacks a column, or ``themes`` is invalid.
    """
    check_docs(docs, ("doc_id", "period", "text"))
    compiled = _themes(themes)
    rows = []
    for doc, text, norm in doc_texts(docs):
        for sentence in cue_sentences(text, norm, _COMMIT_RE):
            if _commits(sentence):
                theme = next(
                    (ident for ident, terms in compiled if terms and terms.search(sentence.norm)),
                    OTHER_THEME,
                )
                rows.append(
                    (doc.doc_id, doc.period, theme, sentence.text, sentence.start, sentence.end)
                )
    return pd.DataFrame(rows, columns=list(COMMITMENT_COLUMNS))


def _commits(sentence: Sentence) -> bool:
    """Whether a sentence with a cue of commitment is a commitment (see :func:`commitments`)."""
    norm = sentence.norm
    if len(norm) < 8 or norm.rstrip("”’」』)").endswith(("?", "？")):
        return False
    return not find_figures(sentence.text, norm=norm)
