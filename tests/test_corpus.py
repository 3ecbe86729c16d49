"""Tests for policytext.corpus and policytext.decoding: decoding, dates, periods and the manifest loader.

Every error case is built in a temporary corpus (a copy of ``data/periods.csv``
plus a manifest and raw files written by the test), so each test shows the
input that triggers one message.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from corpus_files import write_corpus

from policytext.corpus import load_corpus, load_periods, parse_date
from policytext.decoding import decode
from policytext.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SOURCE_CORPUS_ENV = "POLICYTEXT_SOURCE_CORPUS"


def _git(*args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
    except OSError:
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def source_corpus_candidates() -> list[Path]:
    """Where the received corpus may be: ``$POLICYTEXT_SOURCE_CORPUS``, else ``shared/corpus``
    beside this checkout, beside the repository it is a worktree of, or beside the local
    repository it was cloned from (a fresh clone in a temporary folder)."""
    if os.environ.get(SOURCE_CORPUS_ENV):
        return [Path(os.environ[SOURCE_CORPUS_ENV])]
    repositories = [ROOT]
    common = _git("rev-parse", "--path-format=absolute", "--git-common-dir")
    if common:
        repositories.append(Path(common).parent)
    origin = _git("config", "--get", "remote.origin.url").removeprefix("file://")
    if origin and Path(origin).is_dir():
        repositories.append(Path(origin).resolve())
    found = []
    for repository in repositories:
        candidate = repository.parent / "shared" / "corpus"
        if candidate not in found:
            found.append(candidate)
    return found


# The manifest columns as documented in data/corpus.csv (written out, not imported).
COLUMNS = [
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
]
TEXT = "本报讯 3月5日,工业和信息化部召开会议,推动新质生产力发展。\n"


def row(**values: str) -> dict[str, str]:
    """A valid manifest row, with ``values`` overriding the defaults."""
    base = {
        "doc_id": "doc-a",
        "file": "raw/a.txt",
        "title": "标题",
        "title_en": "Title",
        "outlet": "中国电子报",
        "date": "2026-03-05",
        "date_note": "",
        "period": "2026-03",
        "url": "",
        "notes": "",
    }
    return {**base, **values}


def problems_of(manifest: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_corpus(manifest)
    lines = str(info.value).splitlines()
    assert lines == info.value.problems
    return lines


# --------------------------------------------------------------------------
# decode
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (TEXT.encode("utf-8"), TEXT, "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), TEXT, "utf-8-sig"),
        (TEXT.encode("gbk"), TEXT, "gb18030"),
        (TEXT.encode("gb18030"), TEXT, "gb18030"),
        ("人工智能＋制造，“十五五”".encode("gbk"), "人工智能＋制造，“十五五”", "gb18030"),
        (b"plain ascii\r\n\tline\f", "plain ascii\n\tline\n", "utf-8"),  # line ends: LF
    ],
    ids=["utf-8", "utf-8-bom", "gbk", "gb18030", "gbk-full-width", "ascii-allowed-controls"],
)
def test_decode_accepts(data: bytes, text: str, encoding: str) -> None:
    assert decode(data) == (text, encoding)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # "未来产业" is 12 UTF-8 bytes; 0xff is invalid in UTF-8 and in GB18030.
        ("未来产业".encode() + b"\xffabc", ["invalid byte 0xff", "byte offset 12"]),
        (b"\x80abc", ["invalid byte 0x80", "byte offset 0"]),
        # a UTF-8 file cut in the middle of a character (3 + 3 + 1 bytes)
        ("中文测".encode()[:7], ["invalid byte 0xe6", "byte offset 6"]),
        (TEXT.encode("utf-16"), ["UTF-16", "byte offset 0"]),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), ["UTF-16"]),
        # UTF-16 without a byte-order mark: "2" then a NUL byte
        ("2026年".encode("utf-16-le"), ["U+0000", "byte offset 1", "UTF-16"]),
        # pure Chinese UTF-16 without BOM: full-width punctuation brings 0xff or controls
        ("人工智能，未来产业。".encode("utf-16-le"), ["raw/x.txt"]),
        (b"PK\x03\x04\x14\x00\x00\x00", ["ZIP archive or Office file", "not text", "UTF-8"]),
        (b"abc\x00def", ["binary", "U+0000", "byte offset 3"]),
        # the BOM's three bytes and the six of "中文" come before the control character
        (b"\xef\xbb\xbf" + "中文".encode() + b"\x01", ["U+0001", "byte offset 9"]),
        # GB18030 bytes with a control character: 4 bytes of "中文" before it
        ("中文".encode("gbk") + b"\x1b" + "测试".encode("gbk"), ["U+001B", "byte offset 4"]),
        # valid GB18030, but only characters outside GBK: not plausible Chinese text
        (("\U0001f600" * 20).encode("gb18030"), ["not plausible GB18030/GBK", "byte offset 0"]),
    ],
    ids=[
        "invalid-byte",
        "invalid-first-byte",
        "truncated-utf-8",
        "utf-16-le-bom",
        "utf-16-be-bom",
        "utf-16-no-bom",
        "utf-16-no-bom-chinese",
        "zip-header",
        "nul-byte",
        "control-after-bom",
        "control-in-gbk",
        "implausible-gb18030",
    ],
)
def test_decode_rejects_with_byte_offset(data: bytes, expected: list[str]) -> None:
    with pytest.raises(InputError) as info:
        decode(data, source="raw/x.txt")
    message = str(info.value)
    assert message.startswith("raw/x.txt: ")
    assert len(message.splitlines()) == 1
    for part in expected:
        assert part in message


# --------------------------------------------------------------------------
# parse_date
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026", pd.Timestamp(2026, 1, 1)),
        ("2026-03", pd.Timestamp(2026, 3, 1)),
        ("2026-03-05", pd.Timestamp(2026, 3, 5)),
        ("2024-02-29", pd.Timestamp(2024, 2, 29)),
        (" 2025-06 ", pd.Timestamp(2025, 6, 1)),
    ],
)
def test_parse_date_accepts_year_month_day_precision(value: str, expected: pd.Timestamp) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "2026-13-01",
        "2026-00",
        "2026-02-30",
        "2025-02-29",
        "March 2026",
        "2026/03/05",
        "2026-3-5",
        "20260305",
        "26-03-05",
        "2026-03-05T10:00",
        "",
    ],
)
def test_parse_date_rejects(value: str) -> None:
    assert parse_date(value) is None


# --------------------------------------------------------------------------
# load_periods
# --------------------------------------------------------------------------


def test_load_periods_reads_declared_periods_in_order() -> None:
    periods = load_periods(DATA / "periods.csv")
    assert list(periods["period"]) == ["2025-06", "2026-01", "2026-03"]
    assert {"period", "label"} <= set(periods.columns)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("period,label\n2026-01,Jan\n2026-01,Again\n", ["row 3", "duplicate period '2026-01'"]),
        ("period,label\n2026-01,\n", ["row 2", "must not be empty"]),
        ("period,label\n", ["no periods declared"]),
        ("period,name\n2026-01,Jan\n", ["missing column(s): label"]),
    ],
    ids=["duplicate", "empty-label", "no-periods", "missing-column"],
)
def test_load_periods_errors(tmp_path: Path, content: str, expected: list[str]) -> None:
    path = tmp_path / "periods.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_periods(path)
    message = str(info.value)
    assert message.startswith(str(path))
    for part in expected:
        assert part in message


def test_load_periods_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        load_periods(tmp_path / "nope.csv")


# --------------------------------------------------------------------------
# load_corpus: one problem at a time
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "files", "expected"),
    [
        ([row(file="raw/missing.txt")], {}, ["row 2", "file not found", "missing.txt"]),
        (
            [row(), row(file="raw/b.txt")],
            {"raw/a.txt": TEXT.encode(), "raw/b.txt": TEXT.encode()},
            ["row 3", "duplicate doc_id 'doc-a'", "first in row 2"],
        ),
        ([row(date="2026-13-01")], None, ["row 2", "unparsable date '2026-13-01'"]),
        ([row(date="March 2026")], None, ["row 2", "unparsable date 'March 2026'"]),
        ([row(date="")], None, ["row 2", "empty date"]),
        ([row(period="2026-02")], None, ["row 2", "period '2026-02' is not declared"]),
        ([row(title="")], None, ["row 2", "empty title"]),
        ([row(doc_id="Doc A")], None, ["row 2", "must be a slug"]),
        ([row()], {"raw/a.txt": b""}, ["row 2", "empty document", "a.txt"]),
        ([row()], {"raw/a.txt": b" \r\n\t\n\xe3\x80\x80\n"}, ["row 2", "empty document"]),
        ([row()], {"raw/a.txt": b"\xef\xbb\xbf"}, ["row 2", "empty document"]),
        (
            [row()],
            {"raw/a.txt": "未来产业".encode() + b"\xff"},
            ["row 2", "a.txt", "invalid byte 0xff", "byte offset 12"],
        ),
        ([row()], {"raw/a.txt": TEXT.encode("utf-16")}, ["row 2", "a.txt", "UTF-16"]),
        (
            [row()],
            {"raw/a.txt": "2026年".encode("utf-16-le")},
            ["row 2", "a.txt", "UTF-16", "byte offset 1"],
        ),
        (
            [row()],
            {"raw/a.txt": b"BIN\x00\x00\x00\x01data"},
            ["row 2", "a.txt", "binary", "U+0000", "byte offset 3"],
        ),
        ([row(file="raw")], {"raw/a.txt": TEXT.encode()}, ["row 2", "is a folder"]),
        ([], {}, ["no documents listed"]),
    ],
    ids=[
        "missing-file",
        "duplicate-doc-id",
        "month-13",
        "date-in-words",
        "empty-date",
        "undeclared-period",
        "empty-title",
        "doc-id-not-slug",
        "empty-document",
        "whitespace-only",
        "bom-only",
        "undecodable",
        "utf-16",
        "utf-16-no-bom",
        "binary-nul",
        "file-is-folder",
        "no-rows",
    ],
)
def test_load_corpus_reports_problem(
    tmp_path: Path,
    rows: list[dict[str, str]],
    files: dict[str, bytes] | None,
    expected: list[str],
) -> None:
    if files is None:
        files = {"raw/a.txt": TEXT.encode()}
    manifest = write_corpus(tmp_path, rows, files)
    problems = problems_of(manifest)
    assert len(problems) == 1, problems
    assert problems[0].startswith(str(manifest))
    for part in expected:
        assert part in problems[0]


@pytest.mark.parametrize("missing", ["period", "url", "doc_id"])
def test_load_corpus_missing_column(tmp_path: Path, missing: str) -> None:
    columns = [c for c in COLUMNS if c != missing]
    manifest = write_corpus(tmp_path, [row()], {"raw/a.txt": TEXT.encode()}, columns=columns)
    assert problems_of(manifest) == [f"{manifest}: missing column(s): {missing}"]


def test_load_corpus_reports_every_problem_once_per_line(tmp_path: Path) -> None:
    rows = [
        row(doc_id="ok", file="raw/ok.txt"),
        row(doc_id="gone", file="raw/gone.txt"),
        row(doc_id="dated", file="raw/ok.txt", date="2026-13-01", period="1999"),
        row(doc_id="ok", file="raw/empty.txt"),
        row(doc_id="bytes", file="raw/bad.txt"),
    ]
    files = {
        "raw/ok.txt": TEXT.encode(),
        "raw/empty.txt": b"\n\n",
        "raw/bad.txt": b"abc\xffdef",
    }
    manifest = write_corpus(tmp_path, rows, files)
    problems = problems_of(manifest)
    expected = [
        (3, "file not found", "gone.txt"),
        (4, "unparsable date", "2026-13-01"),
        (4, "not declared", "1999"),
        (5, "duplicate doc_id", "'ok'"),
        (5, "empty document", "empty.txt"),
        (6, "invalid byte 0xff", "bad.txt"),
    ]
    assert len(problems) == len(expected), problems
    for line, (number, what, detail) in zip(problems, expected, strict=True):
        assert line.startswith(f"{manifest}: row {number}: "), line
        assert what in line
        assert detail in line


def test_load_corpus_reads_manifest_written_with_bom_and_crlf(tmp_path: Path) -> None:
    manifest = write_corpus(tmp_path, [row()], {"raw/a.txt": TEXT.encode()})
    text = manifest.read_text(encoding="utf-8").replace("\r\n", "\n")
    manifest.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    documents, _ = load_corpus(manifest)
    assert [d.doc_id for d in documents] == ["doc-a"]


# --------------------------------------------------------------------------
# load_corpus: accepted input
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("gb18030"), "gb18030"),
    ],
    ids=["utf-8", "utf-8-bom", "gbk", "gb18030"],
)
def test_load_corpus_accepts_encodings(tmp_path: Path, data: bytes, encoding: str) -> None:
    manifest = write_corpus(tmp_path, [row()], {"raw/a.txt": data})
    documents, _ = load_corpus(manifest)
    assert len(documents) == 1
    assert documents[0].encoding == encoding
    assert documents[0].raw == TEXT  # no BOM, decoded to the same text


@pytest.mark.parametrize("date", ["2026", "2026-03", "2026-03-05"])
def test_load_corpus_accepts_date_precisions(tmp_path: Path, date: str) -> None:
    manifest = write_corpus(tmp_path, [row(date=date)], {"raw/a.txt": TEXT.encode()})
    documents, periods = load_corpus(manifest)
    assert documents[0].date == date
    assert list(periods["period"]) == ["2025-06", "2026-01", "2026-03"]


def test_load_corpus_keeps_manifest_order_and_metadata(tmp_path: Path) -> None:
    rows = [
        row(doc_id="b-second", file="raw/b.txt", period="2026-01", url="https://x.test/b"),
        row(doc_id="a-first", file="raw/a.txt", period="2025-06", date="2025-06"),
    ]
    files = {"raw/a.txt": "甲。".encode(), "raw/b.txt": "乙。".encode("gbk")}
    manifest = write_corpus(tmp_path, rows, files)
    documents, _ = load_corpus(manifest)
    assert [(d.doc_id, d.period, d.raw) for d in documents] == [
        ("b-second", "2026-01", "乙。"),
        ("a-first", "2025-06", "甲。"),
    ]
    assert documents[0].url == "https://x.test/b"
    assert documents[1].date == "2025-06"


def test_load_corpus_counts_rows_as_records(tmp_path: Path) -> None:
    # A quoted field over two lines is one manifest row (as in a spreadsheet).
    rows = [row(notes="first line\nsecond line"), row(doc_id="doc-b", date="2026-13")]
    manifest = write_corpus(tmp_path, rows, {"raw/a.txt": TEXT.encode()})
    problems = problems_of(manifest)
    assert len(problems) == 1
    assert problems[0].startswith(f"{manifest}: row 3: unparsable date")


def test_load_corpus_keeps_line_breaks_in_quoted_fields(tmp_path: Path) -> None:
    manifest = write_corpus(
        tmp_path, [row(notes="first line\nsecond line")], {"raw/a.txt": TEXT.encode()}
    )
    documents, _ = load_corpus(manifest)
    assert documents[0].notes == "first line\nsecond line"


def test_load_corpus_uses_periods_argument(tmp_path: Path) -> None:
    manifest = write_corpus(tmp_path, [row(period="q1")], {"raw/a.txt": TEXT.encode()})
    periods = tmp_path / "other.csv"
    periods.write_text("period,label,start\nq1,First quarter,2026-01\n", encoding="utf-8")
    documents, table = load_corpus(manifest, periods=periods)
    assert documents[0].period == "q1"
    assert list(table["period"]) == ["q1"]


# --------------------------------------------------------------------------
# The real corpus
# --------------------------------------------------------------------------

RAW_FILES = [
    "000_08009bbeaabed763.txt",
    "001_c9a42c12dc24582c.txt",
    "002_64948023efbb9b28.txt",
    "003_42524985e1ee46e3.txt",
    "004_540ba5b113a225cd.txt",
]


def test_corpus_loads() -> None:
    documents, periods = load_corpus(DATA / "corpus.csv")
    assert documents
    assert len({d.doc_id for d in documents}) == len(documents)
    assert {d.period for d in documents} <= set(periods["period"])
    for doc in documents:
        assert parse_date(doc.date) is not None
        assert doc.raw == (DATA / doc.file).read_bytes().decode(doc.encoding)
        assert doc.raw.strip()


def test_shipped_corpus_loads() -> None:
    documents, periods = load_corpus(DATA / "corpus.csv")
    assert set(RAW_FILES) <= {Path(d.file).name for d in documents}
    shipped = [d for d in documents if Path(d.file).name in RAW_FILES]
    assert len({d.doc_id for d in shipped}) == len(RAW_FILES)
    assert {"2025-06", "2026-01", "2026-03"} <= set(periods["period"])
    assert {d.period for d in shipped} == {"2025-06", "2026-01", "2026-03"}


def test_shipped_raw_files_are_the_received_ones() -> None:
    candidates = source_corpus_candidates()
    present = [path for path in candidates if path.is_dir()]
    if not present:
        looked = ", ".join(map(str, candidates))
        pytest.skip(f"no source corpus ({looked}; or set {SOURCE_CORPUS_ENV}): nothing to compare")
    source = present[0]
    received = sorted(p.name for p in source.glob("*.txt"))
    assert received == RAW_FILES
    assert set(RAW_FILES) <= {p.name for p in (DATA / "raw").iterdir()}
    for name in RAW_FILES:
        assert (DATA / "raw" / name).read_bytes() == (source / name).read_bytes(), name
