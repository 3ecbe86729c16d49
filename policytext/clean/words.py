"""The dictionary's words, for the stages that must not cut one (debris, rejoin)."""

from __future__ import annotations

from functools import lru_cache


def _word_frequencies() -> dict[str, int]:
    """Jieba's dictionary (word -> frequency), loaded once per process."""
    from policytext.segment import get_tokenizer

    return get_tokenizer().FREQ


def _is_word(text: str) -> bool:
    return _word_frequencies().get(text, 0) > 0


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
