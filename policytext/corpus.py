"""Stage 1, the corpus: read and validate the manifest and the raw documents.

The bytes of each file are read as text by :mod:`policytext.decoding`.

This is an I/O edge. Everything it reads is checked, and every problem found is
reported at once, one line per problem, naming the file and the manifest row.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from pydantic import ValidationInfo, field_validator, model_validator

from policytext.decoding import decode
from policytext.errors import InputError
from policytext.schema import Row, problem, problems, validate_rows

MANIFEST_COLUMNS = (
    "doc_id",
    "file",
    "title",
    "title_en",
    "outlet",
    "date",
    "date_note",
    "period",
    "url",
    "notes",
)
"""Columns of ``corpus.csv``; all must be present (values may be empty but
``doc_id``, ``file``, ``title``, ``date`` and ``period``)."""

REQUIRED_VALUES = ("doc_id", "file", "title", "date", "period")
PERIOD_COLUMNS = ("period", "label")

_DOC_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class Document:
    """One raw document with its manifest metadata.

    Attributes:
        doc_id: Readable slug, unique in the corpus.
        file: Path as written in the manifest (relative to the manifest).
        title: Title in Chinese.
        title_en: English title.
        outlet: Outlet that published it.
        date: ISO date, at day, month or year precision.
        date_note: Why the date is approximate, if it is.
        period: A period declared in ``periods.csv``.
        url: Source address, where known.
        notes: Free-text notes.
        encoding: The encoding the raw bytes were decoded with.
        raw: The decoded raw text, exactly as received.
    """

    doc_id: str
    file: str
    title: str
    title_en: str
    outlet: str
    date: str
    date_note: str
    period: str
    url: str
    notes: str
    encoding: str
    raw: str
    source: str = ""
    """Where the document is listed (``data/corpus.csv: row 4``), for messages."""


def parse_date(value: str) -> pd.Timestamp | None:
    """Parse an ISO date at year, month or day precision, or return ``None``."""
    match = _DATE_RE.match(value.strip())
    if not match:
        return None
    year, month, day = match.groups()
    try:
        return pd.Timestamp(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None


def read_csv_rows(path: Path, *, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Read a UTF-8 CSV into dicts, checking that ``columns`` are present.

    Raises:
        InputError: Missing file, bad encoding or missing columns.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError([f"{path}: file not found"]) from None
    except IsADirectoryError:
        raise InputError([f"{path}: is a folder, expected a CSV file"]) from None
    text, _ = decode(data, source=str(path))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in columns if c not in header]
    if missing:
        raise InputError([f"{path}: missing column(s): {', '.join(missing)}"])
    return [{k: (v or "").strip() for k, v in row.items() if k is not None} for row in reader]


class PeriodRow(Row):
    """One row of ``periods.csv`` (other columns, such as ``label_zh``, are kept as they are).

    Attributes:
        period: The period's id.
        label: Its English label.
        start: Its start (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``); empty: the id read as a date.
    """

    period: str
    label: str
    start: str = ""

    @model_validator(mode="after")
    def _dated(self) -> PeriodRow:
        found = []
        if not self.period or not self.label:
            found.append("period and label must not be empty")
        if self.period and self.date is None:
            found.append(
                f"period {self.period!r} has no date: "
                + (
                    f"unparsable start {self.start!r}"
                    if self.start
                    else "its id is not a date (YYYY-MM); add a start column (YYYY-MM-DD)"
                )
            )
        if found:
            raise problems(found, self.period)
        return self

    @property
    def date(self) -> pd.Timestamp | None:
        """The period's start: its ``start``, else its id read as a date."""
        return parse_date(self.start or self.period)


def load_periods(path: str | Path) -> pd.DataFrame:
    """Read ``periods.csv`` (:class:`PeriodRow`): the declared periods, in date order.

    A period's date is its optional ``start`` column (``YYYY-MM-DD``,
    ``YYYY-MM`` or ``YYYY``) or, when that is absent or empty, its id read as
    such a date (``2026-03``). Periods are returned sorted by that date
    (ties keep file order), whatever the order of the file, so every table,
    chart and sentence built from them runs from the earliest to the latest.

    Args:
        path: The periods file.

    Returns:
        A frame with columns ``period, label, start`` (and any others in the
        file); ``start`` is the ISO date of each period's start.

    Raises:
        InputError: Missing file or columns, empty or duplicate periods, a
            period whose id is not a date and that has no valid ``start``;
            one line per problem, naming the file and the row.
    """
    path = Path(path)
    rows = read_csv_rows(path, columns=PERIOD_COLUMNS)
    loaded = validate_rows(path, rows, PeriodRow)
    seen: set[str] = set()
    for number, period in loaded.entries:
        if period.period in seen:
            loaded.add(number, {}, f"duplicate period {period.period!r}")
        seen.add(period.period)
        start = period.date  # a valid row has one
        rows[number - 2]["start"] = start.date().isoformat() if start is not None else ""
    if not rows:
        raise InputError([f"{path}: no periods declared"])
    loaded.raise_problems()
    frame = pd.DataFrame(rows)
    return frame.sort_values("start", kind="stable").reset_index(drop=True)


class ManifestRow(Row):
    """One row of ``corpus.csv`` (see :class:`Document`).

    ``doc_id``, ``file``, ``title``, ``date`` and ``period`` must not be empty.
    """

    doc_id: str
    file: str
    title: str
    title_en: str = ""
    outlet: str = ""
    date: str
    date_note: str = ""
    period: str
    url: str = ""
    notes: str = ""

    @field_validator(*REQUIRED_VALUES)
    @classmethod
    def _given(cls, value: str, info: ValidationInfo) -> str:
        if not value:
            raise problem(f"empty {info.field_name}")
        if info.field_name == "doc_id" and not _DOC_ID_RE.match(value):
            raise problem(f"doc_id {value!r} must be a slug (lower-case letters, digits, hyphens)")
        if info.field_name == "date" and parse_date(value) is None:
            raise problem(f"unparsable date {value!r} (expected YYYY-MM-DD, YYYY-MM or YYYY)")
        return value


def load_corpus(
    manifest: str | Path, *, periods: str | Path | None = None
) -> tuple[list[Document], pd.DataFrame]:
    """Read the manifest (:class:`ManifestRow`) and every document it lists, validating everything.

    Args:
        manifest: ``corpus.csv``; document paths are relative to its folder.
        periods: ``periods.csv``; defaults to the one beside the manifest.

    Returns:
        The documents in manifest order, and the declared periods.

    Raises:
        InputError: Every problem found, one line each, naming file and row:
            missing file, duplicate ``doc_id``, unparsable date, undeclared
            period, empty document, undecodable bytes, missing columns.
    """
    manifest = Path(manifest)
    period_table = load_periods(periods or manifest.parent / "periods.csv")
    declared = set(period_table["period"])
    rows = read_csv_rows(manifest, columns=MANIFEST_COLUMNS)
    if not rows:
        raise InputError([f"{manifest}: no documents listed"])
    loaded = validate_rows(manifest, rows, ManifestRow)
    valid = dict(loaded.entries)
    documents: list[Document] = []
    reported: list[str] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        where = f"{manifest}: row {number}"
        found = [problem for position, problem in loaded.problems if position == number]
        doc_id, period = row.get("doc_id", ""), row.get("period", "")
        if doc_id in seen:
            found.append(f"{where}: duplicate doc_id {doc_id!r} (first in row {seen[doc_id]})")
        seen.setdefault(doc_id, number)
        if period and period not in declared:
            found.append(
                f"{where}: period {period!r} is not declared in periods.csv "
                f"(declared: {', '.join(sorted(declared))})"
            )
        path = manifest.parent / row["file"] if row["file"] else None
        text, encoding = "", ""
        if path is not None:
            try:
                text, encoding = decode(path.read_bytes(), source=f"{where}: {path}")
            except FileNotFoundError:
                found.append(f"{where}: file not found: {path}")
            except IsADirectoryError:
                found.append(f"{where}: is a folder, not a document: {path}")
            except InputError as error:
                found.extend(error.problems)
            else:
                if not text.strip():
                    found.append(f"{where}: empty document: {path}")
        if found:
            reported.extend(found)
        else:
            fields = valid[number].model_dump()
            documents.append(Document(**fields, encoding=encoding, raw=text, source=where))
    if reported:
        raise InputError(reported)
    return documents, period_table
