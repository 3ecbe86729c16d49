"""The token cache: every document is segmented once and its tokens reused.

Segmentation is the costliest stage, and its result depends only on the text,
the segmenter (jieba and its dictionary) and the user dictionary generated
from the lexicon. Each document's tokens are kept in the project cache
(:func:`policytext.segment.cache_dir`, under ``tokens/``), in a file named by a
hash of the segmenter version and the text, and tagged with the user
dictionary they were made with. On the next run:

* a document whose text is unchanged, under the same user dictionary, is read
  back, not segmented;
* a new or edited document is segmented (a new text, a new file name);
* after a lexicon edit, a document is segmented again only if its text
  contains a word whose user-dictionary entry changed
  (:func:`policytext.segment.changed_words`): the tokens of every other
  document cannot have changed.

Documents that miss the cache are segmented in parallel
(:func:`policytext.segment.segment_many`), and each worker writes its cache
entries itself. Entries are written atomically (a temporary file renamed into
place), so concurrent runs and interrupted runs never leave a torn entry; a
damaged or unreadable entry is a miss. The folder can be deleted at any time.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from policytext.segment import (
    cache_dir,
    changed_words,
    segment_many,
    segmenter_version,
)

FOLDER = "tokens"
"""The cache's folder inside the project cache."""

_MAGIC = "policytext-tokens 1"


@dataclass
class TokenCache:
    """Tokens per document text, for one user dictionary.

    Args:
        userdict: The user dictionary's content (what the tokens are made with).
        root: The cache folder (default ``<project cache>/tokens``).

    Attributes:
        hits: Documents read back from the cache in this session.
        stale: Documents found in the cache but made with a user dictionary
            whose changes touch their text (segmented again).
        misses: Documents not in the cache (or stale, or unreadable).
    """

    userdict: str
    root: Path | None = None
    hits: int = 0
    stale: int = 0
    misses: int = 0
    _changed: dict[str, frozenset[str] | None] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.root = Path(self.root) if self.root else cache_dir() / FOLDER
        self.lexicon_id = hashlib.sha256(self.userdict.encode("utf-8")).hexdigest()[:16]
        self._version = segmenter_version()
        lexicon = self._lexicon_path(self.lexicon_id)
        if not lexicon.exists():
            _write_atomic(lexicon, self.userdict)

    def key(self, text: str) -> str:
        """The cache key of a text: a hash of the segmenter version and the text."""
        digest = hashlib.sha256(self._version.encode("utf-8"))
        digest.update(b"\0")
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def path(self, key: str) -> Path:
        """Where the entry for ``key`` lives."""
        return self.root / key[:2] / f"{key}.txt"

    def get(self, key: str, text: str) -> list[str] | None:
        """The cached tokens of ``text`` (key ``key``), or ``None`` to segment it."""
        try:
            data = self.path(key).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            self.misses += 1
            return None
        header, _, body = data.partition("\n")
        magic, _, lexicon_id = header.rpartition(" ")
        if magic != _MAGIC or not lexicon_id:
            self.misses += 1
            return None
        if lexicon_id != self.lexicon_id:
            changed = self._changed_since(lexicon_id)
            if changed is None or any(word in text for word in changed):
                self.stale += 1
                self.misses += 1
                return None
        self.hits += 1
        return list(map(sys.intern, body.split("\n"))) if body else []

    def writer(self) -> partial:
        """A picklable ``store(key, tokens)`` that writes entries (for worker processes)."""
        return partial(write_entry, self.root, self.lexicon_id)

    def _changed_since(self, lexicon_id: str) -> frozenset[str] | None:
        if lexicon_id not in self._changed:
            try:
                old = self._lexicon_path(lexicon_id).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                self._changed[lexicon_id] = None  # unknown: treat every entry as stale
            else:
                self._changed[lexicon_id] = changed_words(old, self.userdict)
        return self._changed[lexicon_id]

    def _lexicon_path(self, lexicon_id: str) -> Path:
        return self.root / "lexicons" / f"{lexicon_id}.txt"


def write_entry(root: Path, lexicon_id: str, key: str, tokens: list[str]) -> None:
    """Write one cache entry (tokens one per line under a header naming the lexicon)."""
    if any("\n" in token for token in tokens):  # cannot happen with segment(); never cache it
        return
    body = "\n".join(tokens)
    _write_atomic(root / key[:2] / f"{key}.txt", f"{_MAGIC} {lexicon_id}\n{body}")


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def tokenize(
    texts: Sequence[str],
    *,
    userdict: str | Path,
    cache: bool | str | Path | TokenCache = True,
    workers: int | None = None,
    progress: bool = False,
) -> list[list[str]]:
    """The tokens of every text, from the cache where possible, in parallel otherwise.

    Args:
        texts: Normalised texts to segment.
        userdict: The jieba user dictionary file.
        cache: ``True`` for the project cache, a folder for another one, a
            :class:`TokenCache`, or ``False`` to segment everything afresh
            (nothing read or written).
        workers: Processes for the texts not in the cache (see
            :func:`policytext.segment.segment_many`).
        progress: A progress bar on standard error.

    Returns:
        One token list per text, in order.
    """
    if cache is False:
        jobs = [(str(i), text) for i, text in enumerate(texts)]
        return [
            tokens
            for _, tokens in segment_many(
                jobs, userdict=userdict, workers=workers, progress=progress
            )
        ]
    if not isinstance(cache, TokenCache):
        root = None if cache is True else Path(cache)
        cache = TokenCache(Path(userdict).read_text(encoding="utf-8"), root=root)
    results: list[list[str] | None] = []
    jobs: list[tuple[str, str]] = []
    first: dict[str, int] = {}  # key -> index of the first text with it
    repeats: list[tuple[int, int]] = []  # (index, index of the same text earlier)
    for index, text in enumerate(texts):
        key = cache.key(text)
        if key in first:  # the same text twice: segment it once
            repeats.append((index, first[key]))
            results.append(None)
            continue
        first[key] = index
        tokens = cache.get(key, text)
        results.append(tokens)
        if tokens is None:
            jobs.append((key, text))
    for key, tokens in segment_many(
        jobs, userdict=userdict, workers=workers, store=cache.writer(), progress=progress
    ):
        results[first[key]] = tokens
    for index, earlier in repeats:
        results[index] = list(results[earlier])
    return results  # type: ignore[return-value]
