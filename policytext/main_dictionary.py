"""jieba's main dictionary alone, for the stages that must not depend on the lexicon.

Two stages consult words without counting them: cleaning, which must not cut
a word when it removes debris or rejoins paragraphs (:mod:`policytext.clean`),
and the compounds of a term, named by the word that follows it
(:func:`policytext.counts.compounds`). Both use jieba's own dictionary without
the project's user dictionary (``HMM=False``), so that adding a term to
``data/terms.yml`` never changes how a text is cleaned or which word follows a
term. The words that are counted are segmented with the user dictionary
loaded (:func:`policytext.segment.segmenter`).
"""

from __future__ import annotations

from functools import lru_cache

from policytext.segment import get_tokenizer


def is_word(text: str) -> bool:
    """Whether ``text`` is a word of jieba's main dictionary."""
    return get_tokenizer().FREQ.get(text, 0) > 0


def words(text: str) -> list[str]:
    """``text`` segmented with jieba's main dictionary alone (``HMM=False``)."""
    return get_tokenizer().lcut(text, HMM=False)


def first_word(text: str) -> str:
    """The first word of ``text`` by jieba's main dictionary (``""`` for no text)."""
    found = words(text)
    return found[0] if found else ""


@lru_cache(maxsize=1 << 16)
def splits_word(left: str, right: str) -> bool:
    """Whether joining ``left`` and ``right`` makes a word across the seam.

    Remembered: the same few characters meet often (headings, stock phrases),
    and jieba's main dictionary never changes.
    """
    position = 0
    for token in words(left + right):
        if position < len(left) < position + len(token):
            return True
        position += len(token)
    return False
