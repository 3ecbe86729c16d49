"""The project cache: a computed result stored under a content hash of its inputs.

The folder is ``POLICYTEXT_CACHE`` (the Makefile sets ``.cache/`` in the
repository), never the source tree. An entry is named by a SHA-256 of every
input it was computed from (:func:`input_digest`): the bytes of the input
files, the package's own source and the installed version of every
distribution. Changing any of them names another entry, so an entry is never
stale; old entries are removed (:data:`KEEP` kept).

An entry is written atomically (a temporary file renamed into place) under an
exclusive lock, so two processes computing the same result at once compute it
once and neither reads a torn file. It holds its own digest and a checksum of
its content: an entry that does not match (damaged, truncated, foreign) is
computed again and replaced, never trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from policytext.config import default_cache_dir

CACHE_ENV = "POLICYTEXT_CACHE"
"""Environment variable naming the cache folder (default ``.cache/`` in the repo)."""

KEEP = 4
"""Entries of one kind kept in the cache (the newest); older ones are removed."""

_MAGIC = b"policytext-cache 1\n"
_PACKAGE = Path(__file__).resolve().parent

T = TypeVar("T")


def cache_path() -> Path:
    """Where the project's cache folder is: ``POLICYTEXT_CACHE``, else :func:`default_cache_dir`."""
    return Path(os.environ.get(CACHE_ENV) or default_cache_dir())


def cache_dir() -> Path:
    """The project's cache folder, created if needed (never a shared temp folder)."""
    path = cache_path()
    path.mkdir(parents=True, exist_ok=True)
    return path


def site_data_dir() -> Path:
    """Where chapters write each chart's data during a build: in the cache.

    Never the source tree; the Sphinx extension copies it into the site as
    ``_static/data/``.
    """
    return cache_path() / "site-data"


def _files(root: Path) -> Iterator[Path]:
    """Every file under ``root`` (itself if a file), in a stable order, caches left out."""
    if root.is_file():
        yield root
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            yield path


def installed_versions() -> list[tuple[str, str]]:
    """Every installed distribution and its version (the pinned dependencies as installed)."""
    found = {
        ((dist.metadata["Name"] or "").lower(), dist.version)
        for dist in importlib.metadata.distributions()
    }
    return sorted(found)


def input_digest(inputs: Iterable[str | Path], *, options: dict[str, object]) -> str:
    """A SHA-256 of everything a result is computed from.

    Args:
        inputs: Files and folders read (a folder counts with every file under
            it); one missing counts as missing.
        options: Other arguments that change the result (by their ``repr``).

    Returns:
        The hex digest of the inputs' paths and bytes, the options, this
        package's source, Python's version and every installed distribution.
    """
    digest = hashlib.sha256()

    def add(*parts: bytes) -> None:
        for part in parts:
            digest.update(len(part).to_bytes(8, "little"))
            digest.update(part)

    roots = [*sorted({Path(path).resolve() for path in inputs}), _PACKAGE]
    for root in roots:
        if not root.exists():
            add(b"missing", str(root).encode())
            continue
        for path in _files(root):
            add(str(path).encode("utf-8", "surrogateescape"), path.read_bytes())
    add(repr(sorted(options.items())).encode())
    add(sys.version.encode(), repr(installed_versions()).encode())
    return digest.hexdigest()


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` (a lock file) where the platform has one."""
    try:
        import fcntl
    except ImportError:  # not POSIX: atomic writes alone keep entries whole
        yield
        return
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_entry(path: Path, digest: str) -> object | None:
    """The value stored at ``path`` for ``digest``, or ``None`` if absent or not to be trusted."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header = _MAGIC + digest.encode() + b"\n"
    if not data.startswith(header):
        return None
    checksum, _, body = data[len(header) :].partition(b"\n")
    if hashlib.sha256(body).hexdigest().encode() != checksum:
        return None
    try:
        return pickle.loads(body)
    except Exception:  # a checksum that matches a body that does not load: recompute
        return None


def write_entry(path: Path, digest: str, value: object) -> None:
    """Store ``value`` at ``path`` for ``digest``, atomically."""
    body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    checksum = hashlib.sha256(body).hexdigest().encode()
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(_MAGIC + digest.encode() + b"\n" + checksum + b"\n" + body)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load_or_compute(kind: str, digest: str, compute: Callable[[], T]) -> T:
    """The cached value of ``kind`` for ``digest``, computed (and stored) if there is none.

    Args:
        kind: What is stored (a folder name in the cache, e.g. ``results``).
        digest: The inputs' digest (:func:`input_digest`).
        compute: Makes the value; called only when no trusted entry exists.
    """
    folder = cache_dir() / kind
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{digest}.pickle"
    with _locked(folder / f"{digest}.lock"):
        value = read_entry(path, digest)
        if value is None:
            value = compute()
            write_entry(path, digest, value)
        else:
            os.utime(path)  # recently used: kept by _prune
    _prune(folder)
    return value  # type: ignore[return-value]


def _prune(folder: Path) -> None:
    """Remove all but the :data:`KEEP` newest entries (and their lock files)."""
    entries = []
    for path in folder.glob("*.pickle"):
        with contextlib.suppress(OSError):  # another process may have removed it
            entries.append((path.stat().st_mtime, path))
    for _, old in sorted(entries, reverse=True)[KEEP:]:
        old.unlink(missing_ok=True)
        old.with_suffix(".lock").unlink(missing_ok=True)
