"""Stage 3, tokens: jieba word segmentation with the project's user dictionary.

Segmentation runs on the *normalised* clean text (NFKC, so ``人工智能＋`` is
``人工智能+``), with ``HMM=False`` so that counts only ever come from words in
the dictionaries, never from guessed new words.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import jieba

from policytext.config import DATA_DIR

CACHE_ENV = "POLICYTEXT_CACHE"
"""Environment variable naming the cache folder (default ``.cache/`` in the repo)."""


def cache_dir() -> Path:
    """The project's cache folder, created if needed (never a shared temp folder)."""
    path = Path(os.environ.get(CACHE_ENV) or DATA_DIR.parent / ".cache")
    path.mkdir(parents=True, exist_ok=True)
    return path


def ensure_jieba_cache() -> None:
    """Keep jieba's dictionary cache in the project cache, not in /tmp."""
    jieba.setLogLevel(60)
    jieba.dt.tmp_dir = str(cache_dir())


@cache
def _tokenizer(userdict: str | None, mtime: float) -> jieba.Tokenizer:
    ensure_jieba_cache()
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(cache_dir())
    tokenizer.initialize()
    if userdict:
        tokenizer.load_userdict(userdict)
    return tokenizer


def get_tokenizer(userdict: str | Path | None = None) -> jieba.Tokenizer:
    """A jieba tokenizer with the user dictionary loaded (cached per file version).

    Args:
        userdict: A jieba user dictionary; ``None`` for jieba's dictionary alone.
    """
    if userdict is None:
        return _tokenizer(None, 0.0)
    path = Path(userdict)
    return _tokenizer(str(path.resolve()), path.stat().st_mtime)


def segment(text: str, *, tokenizer: jieba.Tokenizer) -> list[str]:
    """Segment normalised text into words (``HMM=False``), whitespace dropped."""
    return [token for token in tokenizer.lcut(text, HMM=False) if token.strip()]
