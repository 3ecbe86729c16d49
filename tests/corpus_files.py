"""Writing small test corpora: shared by the loader and reliability tests."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

from policytext.config import DATA_DIR
from policytext.corpus import MANIFEST_COLUMNS


def write_corpus(
    folder: Path,
    rows: list[dict[str, str]],
    files: Mapping[str, bytes] | None = None,
    *,
    columns: Sequence[str] = MANIFEST_COLUMNS,
) -> Path:
    """A corpus in ``folder``: the real periods.csv, a manifest of ``rows`` and raw ``files``.

    Returns:
        The manifest's path.
    """
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA_DIR / "periods.csv", folder / "periods.csv")
    for name, data in (files or {}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    manifest = folder / "corpus.csv"
    with manifest.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return manifest
