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


SHIPPED_IDS = (
    "2025-06-china-electronics-news",
    "2026-01-21-scio-press-conference",
    "2026-02-china-electronics-news",
    "2026-03-05-ministers-corridor",
    "2026-03-24-china-electronics-news",
)
"""The shipped documents (tests named ``test_shipped_*`` check them alone)."""


def shipped_corpus(folder: Path) -> Path:
    """The shipped documents alone, whatever else ``data/corpus.csv`` lists: their manifest.

    A test about the shipped documents runs on this, so it still holds after a
    researcher adds documents to ``data/corpus.csv``.
    """
    with (DATA_DIR / "corpus.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["doc_id"] in SHIPPED_IDS]
    files = {row["file"]: (DATA_DIR / row["file"]).read_bytes() for row in rows}
    return write_corpus(folder, rows, files)
