"""The export: every analysis table written to one folder, atomically.

This is the write edge of the pipeline. Tables are built in memory by
:mod:`policytext.pipeline`, written into a temporary folder beside the
destination and only then moved into place, so a run that fails leaves an
existing output folder exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from policytext.errors import PolicytextError, os_error_message


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write a table as CSV for any reader, Excel included: UTF-8 with a BOM, no index, LF ends.

    The byte-order mark makes Excel (Windows, double-click) read the Chinese
    text as UTF-8; pandas, R and Python's ``utf-8-sig`` read it transparently.
    """
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8-sig")


def write_text(text: str, path: Path) -> None:
    """Write UTF-8 text with LF line ends and a final newline."""
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8", newline="\n")


def _old(out: Path) -> Path:
    return out.with_name(f".{out.name}.old")


def recover_swap(out: Path) -> None:
    """Finish a swap that was interrupted: restore ``out`` from its ``.old`` copy, or drop it.

    :func:`atomic_folder` renames ``out`` to ``.<out>.old`` and the new folder to
    ``out``; a run killed between the two renames leaves no ``out``. The next
    run puts the old folder back first, so ``out`` is never lost.
    """
    old = _old(out)
    if not old.exists():
        return
    if out.exists():
        _remove(old)
    else:
        old.rename(out)


def _remove(folder: Path) -> None:
    """Remove a folder, making read-only parts writable first if need be."""
    shutil.rmtree(folder, ignore_errors=True)
    if folder.exists():
        for root, dirs, _files in os.walk(folder):
            for name in dirs:
                os.chmod(Path(root) / name, 0o755)
            os.chmod(root, 0o755)
        shutil.rmtree(folder, ignore_errors=True)


def atomic_folder(out: Path, fill: Callable[[Path], None]) -> None:
    """Build a folder with ``fill`` in a temporary place, then swap it into ``out``.

    A swap interrupted by an earlier run is finished first (:func:`recover_swap`).

    Args:
        out: The destination folder; replaced only if ``fill`` succeeds.
        fill: Writes the folder's content into the path it is given.

    Raises:
        PolicytextError: ``out`` exists and is not a folder, its parent
            cannot be written, or writing fails (a full disk): one line naming
            the path and what to do; ``out`` is then left as it was.
    """
    out = Path(out)
    try:
        recover_swap(out)
    except OSError as exc:
        raise PolicytextError(
            os_error_message(exc, what="the output folder", path=str(out))
        ) from None
    if out.exists() and not out.is_dir():
        raise PolicytextError(f"{out}: exists and is not a folder; choose another --out")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    except OSError as exc:
        raise PolicytextError(f"{out}: cannot write there: {exc.strerror}") from None
    try:
        fill(work)
        os.chmod(work, 0o755)
        if out.exists():
            old = _old(out)
            out.rename(old)
            try:
                work.rename(out)
            except OSError:
                old.rename(out)
                raise
            _remove(old)
        else:
            work.rename(out)
    except OSError as exc:
        raise PolicytextError(os_error_message(exc, what="the output", path=str(out))) from None
    finally:
        _remove(work)
