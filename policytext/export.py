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

from policytext.errors import PolicytextError


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write a table as CSV for any reader, Excel included: UTF-8 with a BOM, no index, LF ends.

    The byte-order mark makes Excel (Windows, double-click) read the Chinese
    text as UTF-8; pandas, R and Python's ``utf-8-sig`` read it transparently.
    """
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8-sig")


def write_text(text: str, path: Path) -> None:
    """Write UTF-8 text with LF line ends and a final newline."""
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8", newline="\n")


def atomic_folder(out: Path, fill: Callable[[Path], None]) -> None:
    """Build a folder with ``fill`` in a temporary place, then swap it into ``out``.

    Args:
        out: The destination folder; replaced only if ``fill`` succeeds.
        fill: Writes the folder's content into the path it is given.

    Raises:
        PolicytextError: ``out`` exists and is not a folder, or its parent
            cannot be written.
    """
    out = Path(out)
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
            old = out.with_name(f".{out.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
            work.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            work.rename(out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
