"""Stage 3, tokens: jieba word segmentation with the project's user dictionary.

Segmentation runs on the *normalised* clean text (NFKC, so ``人工智能＋`` is
``人工智能+``), with ``HMM=False`` so that counts only ever come from words in
the dictionaries, never from guessed new words.

Two properties make segmentation cheap to repeat and to spread over cores:

* The user dictionary changes word frequencies but not jieba's frequency
  total (jieba adds every user frequency to it; here it is reset to the main
  dictionary's total). With ``HMM=False`` a text's segmentation then depends
  only on the frequencies of the words it contains, so editing the lexicon
  can only change the tokens of a text that contains an edited form
  (:func:`changed_words`). :mod:`policytext.tokens` uses this to keep the
  cached tokens of every other document.
* :func:`segment_many` segments many texts on a pool of worker processes, each
  of which builds its own tokenizer with the user dictionary loaded (jieba's
  own parallel mode forks before a user dictionary is loaded and ignores it).

The words are jieba's, found by :class:`DagCutter`: jieba's algorithm with its
log frequencies computed once, about twice as fast as ``lcut`` and tested to
give the same words.
"""

from __future__ import annotations

import hashlib
import math
import multiprocessing
import os
import re
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from pathlib import Path

import jieba
from tqdm.auto import tqdm

from policytext.config import DATA_DIR
from policytext.errors import InputError

CACHE_ENV = "POLICYTEXT_CACHE"
"""Environment variable naming the cache folder (default ``.cache/`` in the repo)."""

WORKERS_ENV = "POLICYTEXT_WORKERS"
"""Environment variable capping the number of segmentation processes."""

PARALLEL_MIN_CHARS = 300_000
"""Below this many characters to segment, one process is faster than starting a pool."""

SEGMENTER_VERSION = 1
"""Bump when :func:`segment` changes what it returns, to invalidate cached tokens."""

# jieba's user-dictionary line: word, optional frequency, optional tag.
_USERDICT_LINE = jieba.re_userdict


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
    if not userdict:
        tokenizer.initialize()
        return tokenizer
    base = _tokenizer(None, 0.0)  # share the loaded main dictionary: a copy, not a reload
    tokenizer.FREQ, tokenizer.total = dict(base.FREQ), base.total
    tokenizer.initialized = True
    tokenizer.load_userdict(userdict)
    tokenizer.total = base.total  # see the module docstring: the lexicon moves no total
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
    """Segment normalised text into words (``HMM=False``), whitespace dropped.

    The words are jieba's (``tokenizer.lcut(text, HMM=False)``), found by
    :class:`DagCutter`, jieba's own algorithm in fewer steps.
    """
    return [token for token in cutter(tokenizer).lcut(text) if token.strip()]


class DagCutter:
    """jieba's segmentation without HMM, the same words in about half the time.

    jieba (0.42) cuts a run of Chinese characters, letters and digits by
    building a dictionary of every word starting at each position, then
    choosing, from the end backwards, the split with the highest sum of log
    frequencies; other text is split at whitespace and into characters. This
    does exactly that, with the log frequencies computed once instead of at
    every position and the two passes merged into one. Every floating-point
    sum is made in jieba's order and ties are broken as ``max`` breaks them
    (the longer word), so the result is jieba's, word for word: the tests
    compare the two on the corpus and on generated text.

    Args:
        tokenizer: An initialised jieba tokenizer (user dictionary loaded);
            later changes to its dictionary are not seen (see :func:`cutter`).
    """

    def __init__(self, tokenizer: jieba.Tokenizer) -> None:
        tokenizer.check_initialized()
        self.freq: dict[str, int] = tokenizer.FREQ
        self.logtotal = math.log(tokenizer.total)
        self.logp = {word: math.log(n) - self.logtotal for word, n in self.freq.items() if n}

    def lcut(self, text: str) -> list[str]:
        """The words of ``text``, as ``tokenizer.lcut(text, HMM=False)`` gives them."""
        words: list[str] = []
        for block in _HAN.split(text):
            if not block:
                continue
            if _HAN.match(block):
                words += self._cut_block(block)
                continue
            for piece in _SKIP.split(block):
                if _SKIP.match(piece):
                    words.append(piece)
                else:
                    words.extend(piece)
        return words

    def _cut_block(self, block: str) -> list[str]:
        freq, logp = self.freq, self.logp
        n = len(block)
        score = [0.0] * (n + 1)  # best score of block[k:]
        end = [0] * n  # last index of the first word of that best split
        for k in range(n - 1, -1, -1):
            best: float | None = None
            last = k
            i = k
            fragment = block[k]
            while fragment in freq:
                weight = logp.get(fragment)
                if weight is not None:
                    total = weight + score[i + 1]
                    if best is None or total >= best:  # a tie goes to the longer word
                        best, last = total, i
                i += 1
                if i == n:
                    break
                fragment = block[k : i + 1]
            if best is None:  # no word starts here: the character alone
                best = (math.log(freq.get(block[k]) or 1) - self.logtotal) + score[k + 1]
            score[k], end[k] = best, last
        words: list[str] = []
        letters = ""  # single letters and digits in a row are one word, as in jieba
        k = 0
        while k < n:
            stop = end[k] + 1
            word = block[k:stop]
            if stop - k == 1 and _ENG.match(word):
                letters += word
            else:
                if letters:
                    words.append(letters)
                    letters = ""
                words.append(word)
            k = stop
        if letters:
            words.append(letters)
        return words


_HAN = jieba.re_han_default
_SKIP = jieba.re_skip_default
_ENG = jieba.re_eng
_cutters: dict[int, tuple[jieba.Tokenizer, float, int, DagCutter]] = {}


def cutter(tokenizer: jieba.Tokenizer) -> DagCutter:
    """The :class:`DagCutter` of ``tokenizer``, made again if its dictionary changed."""
    tokenizer.check_initialized()
    state = (tokenizer.total, len(tokenizer.FREQ))
    known = _cutters.get(id(tokenizer))
    if known is None or known[0] is not tokenizer or known[1:3] != state:
        known = (tokenizer, *state, DagCutter(tokenizer))
        _cutters[id(tokenizer)] = known
    return known[3]


@cache
def segmenter_version() -> str:
    """What the tokens of a text depend on besides the text and the user dictionary.

    The segmenter's version, jieba's version and a hash of its main dictionary
    file: a cached token list is valid only under the same value.
    """
    digest = hashlib.sha256(Path(jieba.get_dict_file().name).read_bytes()).hexdigest()[:16]
    return f"policytext-segment {SEGMENTER_VERSION}; jieba {jieba.__version__}; dict {digest}"


def userdict_words(text: str) -> dict[str, str | None]:
    """The words of a jieba user dictionary and their frequencies (as written).

    Args:
        text: The dictionary's content (``word [freq] [tag]`` per line).

    Returns:
        ``word -> frequency`` (``None`` when a line gives none); a word listed
        twice keeps its last frequency, as in jieba.
    """
    words: dict[str, str | None] = {}
    for line in text.lstrip("\ufeff").splitlines():
        line = line.strip()
        if not line:
            continue
        word, freq, _ = _USERDICT_LINE.match(line).groups()
        words[word.strip()] = freq.strip() if freq else None
    return words


def changed_words(old: str, new: str) -> frozenset[str]:
    """Words whose frequency differs between two user dictionaries (added, removed, changed).

    Only a text that contains one of them (as a substring) can be segmented
    differently under ``new`` than under ``old``: jieba (``HMM=False``) scores
    a text only with the frequencies of words found in it, and the frequency
    total is the main dictionary's under both (see the module docstring).
    """
    before, after = userdict_words(old), userdict_words(new)
    return frozenset(
        word for word in before.keys() | after.keys() if before.get(word, 0) != after.get(word, 0)
    )


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


_worker: dict[str, object] = {}


def _init_worker(userdict: str | None, cache: str, store: Callable | None) -> None:
    """Pool initializer: build the tokenizer with the user dictionary in this process."""
    os.environ[CACHE_ENV] = cache
    _worker["tokenizer"] = get_tokenizer(userdict)
    _worker["store"] = store


def _segment_job(job: tuple[str, str]) -> str:
    """Segment one text in a worker; send the tokens back joined by newlines (one string)."""
    return "\n".join(_segment_one(job, tokenizer=_worker["tokenizer"], store=_worker["store"]))


def _segment_one(
    job: tuple[str, str], *, tokenizer: jieba.Tokenizer, store: Callable | None
) -> list[str]:
    """Segment one text and store its tokens."""
    key, text = job
    tokens = segment(text, tokenizer=tokenizer)
    if store is not None:
        store(key, tokens)
    return tokens


def _split(joined: str) -> list[str]:
    """Tokens back from :func:`_segment_job`, each word one shared string object."""
    return list(map(sys.intern, joined.split("\n"))) if joined else []


def segment_many(
    jobs: Sequence[tuple[str, str]],
    *,
    userdict: str | Path | None,
    workers: int | None = None,
    store: Callable[[str, list[str]], None] | None = None,
    progress: bool = False,
    start_method: str | None = None,
) -> Iterator[tuple[str, list[str]]]:
    """Segment many texts, on several processes when there is enough text.

    Tokens never contain a line break (jieba yields whitespace as tokens of
    its own, which :func:`segment` drops), so workers send them back as one
    newline-joined string; the parent splits it and interns every token, so
    each distinct word is held once however many documents use it.

    Args:
        jobs: ``(key, text)`` pairs; ``key`` is passed through (e.g. a cache key).
        userdict: The user dictionary loaded in every worker.
        workers: Processes to use (default :func:`default_workers`); 1 segments
            in this process. Small inputs (< ``PARALLEL_MIN_CHARS``) always do.
        store: Called as ``store(key, tokens)`` in the process that segmented
            the text (it must be picklable: a module-level function or a
            ``functools.partial`` of one), e.g. to write a cache entry.
        progress: A progress bar on standard error.
        start_method: ``fork``, ``forkserver`` or ``spawn`` (default
            :func:`default_start_method`).

    Yields:
        ``(key, tokens)`` in the order of ``jobs``.
    """
    workers = default_workers() if workers is None else max(1, workers)
    chars = sum(len(text) for _, text in jobs)
    workers = min(workers, len(jobs))
    bar = tqdm(total=len(jobs), desc="segmenting", unit="doc", disable=not progress)
    userdict = str(Path(userdict).resolve()) if userdict is not None else None
    try:
        if workers <= 1 or chars < PARALLEL_MIN_CHARS:
            tokenizer = get_tokenizer(userdict)
            for job in jobs:
                tokens = _segment_one(job, tokenizer=tokenizer, store=store)
                yield job[0], list(map(sys.intern, tokens))
                bar.update()
            return
        context = multiprocessing.get_context(start_method or default_start_method())
        # Chunks big enough to amortise the messages, small enough to balance the load.
        chunksize = max(1, min(16, len(jobs) // (workers * 8)))
        with context.Pool(
            workers, initializer=_init_worker, initargs=(userdict, str(cache_dir()), store)
        ) as pool:
            results = pool.imap(_segment_job, jobs, chunksize=chunksize)
            for (key, _), joined in zip(jobs, results, strict=True):
                yield key, _split(joined)
                bar.update()
    finally:
        bar.close()
