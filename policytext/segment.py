"""Stage 3, tokens: jieba's words, with the project's user dictionary, found by rjieba.

Segmentation runs on the *normalised* clean text (NFKC, so ``人工智能＋`` is
``人工智能+``), with ``HMM=False`` so that counts only ever come from words in
the dictionaries, never from guessed new words.

The words are jieba's own: those of ``jieba.lcut(text, HMM=False)`` after
``jieba.load_userdict`` of the user dictionary (frequency total included, as
jieba keeps it). They are found by `rjieba <https://pypi.org/project/rjieba/>`_,
the Python binding of jieba-rs (jieba's algorithm and dictionary in Rust), many
times faster than jieba (``bench/RESULTS.md``); the tests compare the two word
for word on the corpus and on generated text. rjieba has no user-dictionary loader: every line
is added with ``add_word`` and its frequency, as ``jieba.load_userdict`` does.
A line without a frequency is refused, since jieba-rs suggests a frequency
differently from jieba (the lexicon's dictionary gives every form one).

jieba itself stays the reference (:func:`get_tokenizer`), and its main
dictionary alone is what cleaning and compounds consult
(:mod:`policytext.main_dictionary`): the lexicon changes the words counted,
never the cleaning.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
import threading
from functools import cache
from pathlib import Path

import jieba
import rjieba

from policytext.cache import cache_dir
from policytext.errors import InputError

WORKERS_ENV = "POLICYTEXT_WORKERS"
"""Environment variable capping the number of worker processes."""

PARALLEL_MIN_CHARS = 300_000
"""Below this many characters, one process is faster than starting a pool."""


def ensure_jieba_cache() -> None:
    """Keep jieba's dictionary cache in the project cache, not in /tmp."""
    jieba.setLogLevel(60)
    jieba.dt.tmp_dir = str(cache_dir())


@cache
def _tokenizer(userdict: str | None, mtime: float) -> jieba.Tokenizer:
    ensure_jieba_cache()
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(cache_dir())
    if not userdict:
        tokenizer.initialize()
        return tokenizer
    base = _tokenizer(None, 0.0)  # share the loaded main dictionary: a copy, not a reload
    tokenizer.FREQ, tokenizer.total = dict(base.FREQ), base.total
    tokenizer.initialized = True
    tokenizer.load_userdict(userdict)
    return tokenizer


def get_tokenizer(userdict: str | Path | None = None) -> jieba.Tokenizer:
    """A jieba tokenizer with the user dictionary loaded (cached per file version).

    This is jieba itself, the reference the pipeline's segmenter
    (:func:`segmenter`) is tested against.

    Args:
        userdict: A jieba user dictionary file; ``None`` for jieba's dictionary alone.
    """
    if userdict is None:
        return _tokenizer(None, 0.0)
    path = Path(userdict)
    return _tokenizer(str(path.resolve()), path.stat().st_mtime)


@cache
def segmenter(userdict: str = "") -> rjieba.Jieba:
    """An rjieba segmenter with a user dictionary loaded (one per dictionary content).

    Args:
        userdict: The user dictionary's content, jieba's format (``word freq
            [tag]`` per line, see :func:`policytext.lexicon.userdict_text`).

    Raises:
        ValueError: A line gives no frequency (see the module docstring).
    """
    words = rjieba.Jieba()
    for line in userdict.lstrip("\ufeff").splitlines():
        line = line.strip()
        if not line:
            continue
        word, freq, tag = jieba.re_userdict.match(line).groups()
        if freq is None:
            raise ValueError(f"user dictionary line {line!r}: no frequency")
        words.add_word(word, int(freq), tag.strip() if tag else None)
    return words


def segment(text: str, *, tokenizer: rjieba.Jieba | jieba.Tokenizer) -> list[str]:
    """Segment normalised text into words (``HMM=False``), whitespace dropped.

    Args:
        text: Normalised text.
        tokenizer: A :func:`segmenter`, or a jieba tokenizer (:func:`get_tokenizer`).
    """
    if isinstance(tokenizer, jieba.Tokenizer):
        words = tokenizer.lcut(text, HMM=False)
    else:
        words = tokenizer.cut(text, False)
    return [token for token in words if token.strip()]


# --------------------------------------------------------------------------- in parallel


def default_workers() -> int:
    """Processes to segment with: the CPUs this process may run on, capped by the environment.

    ``POLICYTEXT_WORKERS`` (a positive integer) overrides; under ``taskset`` or
    a container's CPU set only the CPUs allowed count.

    Raises:
        InputError: ``POLICYTEXT_WORKERS`` is set but not a whole number of 1 or more.
    """
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        available = os.cpu_count() or 1
    wanted = os.environ.get(WORKERS_ENV)
    if wanted is None:
        return max(1, available)
    if not re.fullmatch(r"\s*[0-9]+\s*", wanted) or int(wanted) < 1:
        raise InputError(
            [
                f"environment variable {WORKERS_ENV}={wanted!r}: not a whole number of processes "
                f"of 1 or more; set it to e.g. {WORKERS_ENV}=2, or unset it to use every CPU "
                f"({available} here)"
            ]
        )
    return int(wanted)


def default_start_method() -> str | None:
    """How to start workers: ``fork`` on Linux when no other thread runs, else the default.

    A forked worker inherits the main dictionary already loaded here (no
    reload: about 2 s less per run on the benchmark machine); with other
    threads running (a Jupyter kernel) forking is unsafe, and ``forkserver``
    (or the platform's default) is used instead. tqdm's monitor thread does
    not count: it only sleeps and checks its bars, which workers never use.
    """
    methods = multiprocessing.get_all_start_methods()
    others = [
        thread
        for thread in threading.enumerate()
        if thread is not threading.main_thread()
        # tqdm's monitor only sleeps and checks its bars: the workers never touch tqdm.
        and type(thread).__name__ != "TMonitor"
    ]
    if sys.platform == "linux" and "fork" in methods and not others:
        return "fork"
    return "forkserver" if "forkserver" in methods else None
