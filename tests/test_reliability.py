"""Reliability of ``python -m policytext export``: bad inputs, reproducible outputs.

Every kind of input a user can hand the export is fed to the loader (or the
pipeline) in this process *and* to the whole command in a subprocess. Each
either works, and the test asserts the outputs a reader expects, or stops with
exit status 2, no traceback, and one ``policytext: error:`` line naming the
manifest, the row, the file and the problem; a failing run must leave an
existing output folder byte for byte as it was (a previous good export plus a
sentinel file).

test_corpus.py already checks the loader's messages for most problems one by
one, and test_cli.py a manifest with three problems, the sentinel and a second
in-process run; this file adds what they do not: each problem through the
command against a previous good export, documents that must *work* in other
encodings, as HTML with scripts, in mixed full- and half-width forms and at
scale, and two runs that differ in everything but the input.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pandas as pd
import pytest
from corpus_files import write_corpus

from policytext import pipeline, report
from policytext.clean import clean_document, load_rules
from policytext.corpus import load_corpus
from policytext.errors import InputError
from policytext.text import normalize_text

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
RULES = load_rules()
COLUMNS = ["doc_id", "file", "title", "title_en", "outlet", "date", "date_note", "period"]
COLUMNS += ["url", "notes"]
GOOD_TEXT = "本报讯 3月5日,工业和信息化部召开会议,推动新质生产力发展,培育未来产业。\n"

# Real documents: 003 encodes in GBK; 004 carries a no-break space (GB18030 only).
GBK_SOURCE = DATA / "raw" / "003_42524985e1ee46e3.txt"
BOM_SOURCE = DATA / "raw" / "004_540ba5b113a225cd.txt"

LARGE_MB = float(os.environ.get("POLICYTEXT_LARGE_DOC_MB", "20"))  # "tens of MB"
"""Size of the generated large document, in MB. 1 MB (about 16 s) keeps CI fast:
cleaning is quadratic in document size (see test_cleaning_time_grows_linearly;
4 MB takes about 4.5 min, 20 MB would take about 2 hours) until that is fixed."""


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def row(**values: str) -> dict[str, str]:
    base = dict.fromkeys(COLUMNS, "")
    base.update(doc_id="doc-a", file="raw/a.txt", title="标题", date="2026-03-05", period="2026-03")
    return {**base, **values}


def cli_env(**extra: str | None) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "0"}
    env.pop("POLICYTEXT_DEBUG", None)
    for key, value in extra.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def export(
    manifest: Path | str, out: Path | str, *, cwd: Path, **env: str | None
) -> subprocess.CompletedProcess[str]:
    command = ["export", "--corpus", str(manifest), "--out", str(out), "--quiet"]
    return subprocess.run(
        [sys.executable, "-m", "policytext", *command],
        cwd=cwd,
        env=cli_env(**env),
        capture_output=True,
        text=True,
        timeout=600,
    )


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file (bytes) and folder (None) under ``folder``, by relative path."""
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


def read_table(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def error_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The error lines of a failed run, checked for form: status 2, no traceback."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines
    assert [line for line in lines if not line.startswith("policytext: error: ")] == []
    return [line.removeprefix("policytext: error: ") for line in lines]


def compact(text: str) -> str:
    return re.sub(r"\s", "", text)


# --------------------------------------------------------------------------
# Documents that must work: encodings, HTML with scripts, mixed widths
# --------------------------------------------------------------------------

HTML_PAGE = """<html><head><meta charset="utf-8">
<script>window.tracker = "SCRIPTBODY"; alert(1);</script>
<style type="text/css">.nav { color: red }</style>
</head>
<body onload="alert('ONLOADVALUE')">
<div class="nav"><a href="/">首页</a></div>
<p id="48Q0968K" data-track="TRACKVALUE">本报讯 3月5日,工业和信息化部召开会议,推动新质生产力发展。<img src=x onerror=alert(1)></p>
<p onclick="alert('CLICKVALUE')" style="color:red">会议强调,要培育未来产业,推进人工智能＋制造,发展未来产业。</p>
<script type="text/javascript">
document.write("<p>SCRIPTWRITE</p>");
</script>
<p><a href="javascript:alert('HREFVALUE')" onmouseover="alert(1)">会议指出</a>,新质生产力加快发展,未来产业前景广阔。</p>
<SCRIPT>alert("SCRIPTUPPER")</SCRIPT >
<svg onload=alert(1)><p>工业和信息化部&amp;国家发展改革委联合发布通知。</p></svg>
<iframe src="javascript:alert('IFRAMEVALUE')"></iframe>
</body></html>
"""
HTML_CLEAN = (
    "本报讯3月5日,工业和信息化部召开会议,推动新质生产力发展。\n\n"
    "会议强调,要培育未来产业,推进人工智能＋制造,发展未来产业。\n\n"
    "会议指出,新质生产力加快发展,未来产业前景广阔。\n\n"
    "工业和信息化部&国家发展改革委联合发布通知。\n"
)
# Nothing of a script, a style or an attribute may reach the clean text.
HTML_NEVER = (
    *("SCRIPTBODY", "SCRIPTWRITE", "SCRIPTUPPER", "ONLOADVALUE", "TRACKVALUE", "CLICKVALUE"),
    *("HREFVALUE", "IFRAMEVALUE", "alert", "onerror", "onclick", "onload", "onmouseover"),
    *("javascript", "document.write", "color", "<", ">", "="),
)

MIXED_WIDTH = (
    "本报讯　３月５日，工业和信息化部召开会议，推动ＡＩ＋行动和人工智能＋制造，"
    "培育“未来产业”，发展新质生产力。\n\n"
    "会议指出，规模以上工业增加值同比增长５.９％，人工智能+医疗和AI+教育加快落地（见图）。\n"
)


@pytest.fixture(scope="module")
def accepted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """One export of documents that must all work: (manifest, output folder)."""
    folder = tmp_path_factory.mktemp("accepted")
    gbk = GBK_SOURCE.read_text(encoding="utf-8")
    bom = BOM_SOURCE.read_text(encoding="utf-8")
    files = {
        "raw/utf8.txt": gbk.encode("utf-8"),
        "raw/gbk.txt": gbk.encode("gbk"),
        "raw/bom.txt": b"\xef\xbb\xbf" + bom.encode("utf-8"),
        "raw/page.html": HTML_PAGE.encode("utf-8"),
        "raw/mixed.txt": MIXED_WIDTH.encode("utf-8"),
    }
    rows = [
        row(doc_id="utf8", file="raw/utf8.txt"),
        row(doc_id="gbk", file="raw/gbk.txt"),
        row(doc_id="bom", file="raw/bom.txt"),
        row(doc_id="html", file="raw/page.html", date="2026-01-21", period="2026-01"),
        row(doc_id="mixed", file="raw/mixed.txt", date="2025-06", period="2025-06"),
    ]
    manifest = write_corpus(folder / "corpus", rows, files)
    result = export(manifest, folder / "out", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return manifest, folder / "out"


def test_loader_reads_gbk_and_bom_as_the_same_text(accepted: tuple[Path, Path]) -> None:
    documents, _ = load_corpus(accepted[0])
    by_id = {d.doc_id: d for d in documents}
    assert by_id["gbk"].raw == by_id["utf8"].raw == GBK_SOURCE.read_text(encoding="utf-8")
    assert by_id["bom"].raw == BOM_SOURCE.read_text(encoding="utf-8")
    assert not by_id["bom"].raw.startswith("\ufeff")
    assert [d.encoding for d in documents] == ["utf-8", "gb18030", "utf-8-sig", "utf-8", "utf-8"]


def test_gbk_and_bom_export_like_utf8(accepted: tuple[Path, Path]) -> None:
    out = accepted[1]
    docs = read_table(out / "documents.csv").set_index("doc_id")
    assert list(docs["encoding"]) == ["utf-8", "gb18030", "utf-8-sig", "utf-8", "utf-8"]
    assert docs.loc["gbk", "chars_raw"] == docs.loc["utf8", "chars_raw"]
    assert docs.loc["gbk", "chars_clean"] == docs.loc["utf8", "chars_clean"]
    assert (out / "clean" / "gbk.txt").read_bytes() == (out / "clean" / "utf8.txt").read_bytes()
    # the BOM is no character of the document: not in the text, not counted
    bom_raw = BOM_SOURCE.read_text(encoding="utf-8")
    bom_clean = (out / "clean" / "bom.txt").read_text(encoding="utf-8")
    assert "\ufeff" not in bom_clean
    assert int(docs.loc["bom", "chars_raw"]) == len(compact(bom_raw))
    assert bom_clean == clean_document("bom", bom_raw, rules=RULES).text + "\n"
    # every table treats the GBK copy exactly as the UTF-8 original
    for name in ("term_counts.csv", "cleaning_audit.csv", "kwic.csv", "figures.csv"):
        table = read_table(out / name)
        ids = [c for c in ("doc_id", "article_id") if c in table.columns]  # both name the doc
        utf8 = table[table["doc_id"] == "utf8"].drop(columns=ids).reset_index(drop=True)
        gbk = table[table["doc_id"] == "gbk"].drop(columns=ids).reset_index(drop=True)
        assert len(utf8) > 0, name
        pd.testing.assert_frame_equal(utf8, gbk, obj=name)


def test_html_scripts_and_attributes_do_not_survive(accepted: tuple[Path, Path]) -> None:
    out = accepted[1]
    text = (out / "clean" / "html.txt").read_text(encoding="utf-8")
    assert text == HTML_CLEAN
    assert [mark for mark in HTML_NEVER if mark in text] == []
    # ... and every script and tag removed is in the audit, quoted from the raw page
    audit = read_table(out / "cleaning_audit.csv")
    audit = audit[audit["doc_id"] == "html"]
    scripts = audit[audit["reason"] == "HTML script or style element"]["text"].tolist()
    assert len(scripts) == 4
    assert any("SCRIPTWRITE" in s for s in scripts) and any("SCRIPTUPPER" in s for s in scripts)
    tags = audit[audit["reason"].str.startswith("HTML")]["text"].tolist()
    assert "<img src=x onerror=alert(1)>" in tags
    # counts and concordance come from the clean text alone
    counts = read_table(out / "term_counts.csv")
    counts = counts[counts["doc_id"] == "html"].set_index("term")["count"].astype(int)
    assert (counts["未来产业"], counts["新质生产力"], counts["人工智能+"]) == (3, 2, 1)
    kwic = read_table(out / "kwic.csv")
    for line in kwic[kwic["doc_id"] == "html"].itertuples():
        assert line.sentence in text and "alert" not in line.sentence


def test_mixed_width_is_counted_normalised_and_quoted_verbatim(
    accepted: tuple[Path, Path],
) -> None:
    out = accepted[1]
    text = (out / "clean" / "mixed.txt").read_text(encoding="utf-8")
    # the clean text keeps the forms as printed ...
    for form in ("ＡＩ＋行动", "人工智能＋制造", "５.９％", "“未来产业”", "AI+教育"):
        assert form in text, form
    # ... and the counts match them in NFKC form (ＡＩ＋ = AI+, ＋ = +)
    counts = read_table(out / "term_counts.csv")
    counts = counts[counts["doc_id"] == "mixed"].set_index("term")["count"].astype(int)
    assert (counts["人工智能+"], counts["未来产业"], counts["新质生产力"]) == (4, 1, 1)
    kwic = read_table(out / "kwic.csv")
    lines = kwic[kwic["doc_id"] == "mixed"]
    assert sorted(lines["match"]) == sorted(
        ["ＡＩ＋", "人工智能＋制造", "人工智能+", "AI+", "“未来产业”", "新质生产力"]
    )
    for line in lines.itertuples():
        assert text[int(line.start) : int(line.end)] == line.match
        assert line.left + line.match + line.right in text
    figures = read_table(out / "figures.csv")
    figures = figures[figures["doc_id"] == "mixed"]
    growth = figures[figures["figure"] == "５.９％"]
    assert len(growth) == 1 and float(growth["value"].iloc[0]) == 5.9
    assert growth["unit"].iloc[0] == "%"
    compounds = read_table(out / "term_compounds.csv")
    named = set(compounds.loc[compounds["doc_id"] == "mixed", "compound"])
    assert {"人工智能+制造", "人工智能+医疗"} <= named


# --------------------------------------------------------------------------
# Documents that must stop the run, each with its message
# --------------------------------------------------------------------------


def png_bytes() -> bytes:
    """A real 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


CHROME_ONLY = "\n".join(
    [
        "主管：中华人民共和国工业和信息化部",
        "扫码关注我们",
        "登录 快速注册",
        "责任编辑：王熙雁",
        "Copyright © 2026 中国电子报 版权所有",
        "京ICP备12345678号",
    ]
).encode("utf-8")

# (id, the second manifest row, its file's bytes, what the message must say)
BAD = [
    ("utf-16", {}, GOOD_TEXT.encode("utf-16"), ["bad.txt", "UTF-16"]),
    ("utf-16-le-no-bom", {}, GOOD_TEXT.encode("utf-16-le"), ["bad.txt", "not UTF-8"]),
    ("binary-png", {}, png_bytes(), ["bad.txt", "a PNG image, not text"]),
    ("binary-gzip", {}, zlib.compress(GOOD_TEXT.encode() * 20), ["bad.txt", "not UTF-8"]),
    (
        "binary-random-gbk-range",
        {},
        bytes(random.Random(7).randint(0x81, 0xFE) for _ in range(4000)),
        ["bad.txt", "not plausible GB18030/GBK"],
    ),
    ("empty", {}, b"", ["bad.txt", "empty document"]),
    ("whitespace-only", {}, "\r\n \u3000\n\t".encode(), ["bad.txt", "empty document"]),
    ("missing-file", {"file": "raw/gone.txt"}, None, ["gone.txt", "file not found"]),
    ("duplicate-doc-id", {"doc_id": "good"}, GOOD_TEXT.encode(), ["duplicate doc_id 'good'"]),
    ("malformed-date", {"date": "2026-02-30"}, GOOD_TEXT.encode(), ["unparsable date"]),
    ("date-in-words", {"date": "5 March 2026"}, GOOD_TEXT.encode(), ["unparsable date"]),
    ("undeclared-period", {"period": "2026-04"}, GOOD_TEXT.encode(), ["'2026-04' is not declared"]),
]


def bad_corpus(folder: Path, overrides: dict[str, str], data: bytes | None) -> Path:
    """Row 2 is a good document; row 3 is the bad one (its file is raw/bad.txt)."""
    files = {"raw/good.txt": GOOD_TEXT.encode()}
    if data is not None:
        files["raw/bad.txt"] = data
    rows = [row(doc_id="good", file="raw/good.txt"), row(doc_id="bad", file="raw/bad.txt")]
    rows[1].update(overrides)
    return write_corpus(folder, rows, files)


@pytest.fixture
def previous_export(accepted: tuple[Path, Path], tmp_path: Path) -> tuple[Path, dict]:
    """An output folder holding a previous good export and a sentinel file."""
    out = tmp_path / "out"
    shutil.copytree(accepted[1], out)
    (out / "sentinel.txt").write_bytes(b"written before the failing run\n")
    return out, snapshot(out)


def check_untouched(out: Path, before: dict) -> None:
    assert snapshot(out) == before, "a failing run changed the existing output"
    leftovers = [p.name for p in out.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == [], leftovers


@pytest.mark.parametrize(
    ("overrides", "data", "expected"), [b[1:] for b in BAD], ids=[b[0] for b in BAD]
)
def test_bad_document_stops_the_loader(
    tmp_path: Path, overrides: dict[str, str], data: bytes | None, expected: list[str]
) -> None:
    manifest = bad_corpus(tmp_path / "corpus", overrides, data)
    with pytest.raises(InputError) as info:
        load_corpus(manifest)
    assert len(info.value.problems) == 1, info.value.problems
    problem = info.value.problems[0]
    assert problem.startswith(f"{manifest}: row 3: "), problem
    for part in expected:
        assert part in problem, (part, problem)


@pytest.mark.parametrize(
    ("overrides", "data", "expected"), [b[1:] for b in BAD], ids=[b[0] for b in BAD]
)
def test_bad_document_stops_the_export(
    tmp_path: Path,
    previous_export: tuple[Path, dict],
    overrides: dict[str, str],
    data: bytes | None,
    expected: list[str],
) -> None:
    manifest = bad_corpus(tmp_path / "corpus", overrides, data)
    out, before = previous_export
    lines = error_lines(export(manifest, out, cwd=tmp_path))
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{manifest}: row 3: "), lines[0]
    for part in expected:
        assert part in lines[0], (part, lines[0])
    check_untouched(out, before)


def test_manifest_missing_a_column_stops_the_export(
    tmp_path: Path, previous_export: tuple[Path, dict]
) -> None:
    columns = [c for c in COLUMNS if c != "period"]
    manifest = write_corpus(
        tmp_path / "corpus",
        [row(doc_id="good", file="raw/good.txt")],
        {"raw/good.txt": GOOD_TEXT.encode()},
        columns=columns,
    )
    with pytest.raises(InputError) as info:
        load_corpus(manifest)
    assert info.value.problems == [f"{manifest}: missing column(s): period"]
    out, before = previous_export
    assert error_lines(export(manifest, out, cwd=tmp_path)) == [
        f"{manifest}: missing column(s): period"
    ]
    check_untouched(out, before)


def test_chrome_only_document_stops_the_pipeline(tmp_path: Path) -> None:
    manifest = bad_corpus(tmp_path / "corpus", {}, CHROME_ONLY)
    load_corpus(manifest)  # the loader accepts it: it is not empty before cleaning
    with pytest.raises(InputError) as info:
        pipeline.run(manifest)
    assert len(info.value.problems) == 1
    assert "raw/bad.txt" in info.value.problems[0]
    assert "no article text left after cleaning" in info.value.problems[0]


def test_chrome_only_document_stops_the_export(
    tmp_path: Path, previous_export: tuple[Path, dict]
) -> None:
    manifest = bad_corpus(tmp_path / "corpus", {}, CHROME_ONLY)
    out, before = previous_export
    lines = error_lines(export(manifest, out, cwd=tmp_path))
    assert len(lines) == 1
    assert "bad.txt" in lines[0] and "no article text left after cleaning" in lines[0]
    check_untouched(out, before)


def test_chrome_only_message_names_manifest_and_row(tmp_path: Path) -> None:
    manifest = bad_corpus(tmp_path / "corpus", {}, CHROME_ONLY)
    with pytest.raises(InputError) as info:
        pipeline.run(manifest)
    assert info.value.problems[0].startswith(f"{manifest}: row 3: ")


def test_every_problem_of_a_corpus_is_reported_at_once(
    tmp_path: Path, previous_export: tuple[Path, dict]
) -> None:
    files = {f"raw/{b[0]}.txt": b[2] for b in BAD if b[2] is not None}
    rows = [row(doc_id="good", file="raw/good.txt")]
    files["raw/good.txt"] = GOOD_TEXT.encode()
    for ident, overrides, _, _ in BAD:
        values = {"doc_id": ident, "file": f"raw/{ident}.txt", **overrides}
        rows.append(row(**values))
    manifest = write_corpus(tmp_path / "corpus", rows, files)
    out, before = previous_export
    lines = error_lines(export(manifest, out, cwd=tmp_path))
    assert len(lines) == len(BAD), lines
    for number, (line, (ident, _, _, expected)) in enumerate(zip(lines, BAD, strict=True), 3):
        assert line.startswith(f"{manifest}: row {number}: "), line
        expected = [part.replace("bad.txt", f"{ident}.txt") for part in expected]
        assert all(part in line for part in expected), (ident, line)
    check_untouched(out, before)


# --------------------------------------------------------------------------
# HTML that once reached the clean text (regressions)
# --------------------------------------------------------------------------

HTML_BUGS = [
    pytest.param(
        '<p>会议召开。<img alt="a>b" onerror="alert(1)">推动发展。</p>',
        "会议召开。推动发展。",
        id="quoted-gt-in-attribute",
    ),
    pytest.param(
        "<p title='a > b' onmouseover=\"alert(1)\">会议召开。</p>",
        "会议召开。",
        id="quoted-gt-in-block-tag-attribute",
    ),
    pytest.param(
        '<p>会议召开。<a href="x" onclick="alert(\'<b>\')">链接</a>推动发展。</p>',
        "会议召开。链接推动发展。",
        id="lt-in-attribute",
    ),
    pytest.param(
        "<p>会议召开。</p><script>\nalert('unclosed')\n",
        "会议召开。",
        id="unclosed-script",
    ),
    pytest.param(
        "<!DOCTYPE html>\n<p>会议召开。</p>",
        "会议召开。",
        id="doctype-declaration",
    ),
    pytest.param(
        '<?xml version="1.0" encoding="utf-8"?>\n<p>会议召开。</p>',
        "会议召开。",
        id="xml-declaration",
    ),
]


@pytest.mark.parametrize(("raw", "expected"), HTML_BUGS)
def test_html_edge_cases_leave_no_markup(raw: str, expected: str) -> None:
    assert clean_document("doc", raw, rules=RULES).text == expected


def test_report_tables_escape_text_quoted_from_documents() -> None:
    # Markup quoted from a document (audit examples, concordance) must reach the
    # book's pages as text, never as live HTML.
    audit = pd.DataFrame(
        [
            {
                "doc_id": "html",
                "stage": "markup",
                "reason": "HTML tag",
                "action": "removed",
                "text": "<img src=x onerror=alert(1)>",
                "chars": 28,
                "start": 0,
                "end": 28,
            }
        ]
    )
    html = report.audit_examples(audit).to_html()
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    kwic = pd.DataFrame(
        [
            {
                "doc_id": "d",
                "period": "2026-03",
                "term": "未来产业",
                "left": "比较",
                "match": "未来产业",
                "right": "<script>alert(1)</script>",
                "sentence": "比较未来产业<script>alert(1)</script>。",
                "start": 2,
                "end": 6,
            }
        ]
    )
    assert "<script>alert(1)" not in report.concordance(kwic).to_html()


# --------------------------------------------------------------------------
# A very large document
# --------------------------------------------------------------------------


def real_sentences() -> list[str]:
    documents, _ = load_corpus(DATA / "corpus.csv")
    found: list[str] = []
    for document in documents:
        text = clean_document(document.doc_id, document.raw, rules=RULES).text
        found += re.findall(r"[^。！？\n]{8,200}[。！？]", text)
    return list(dict.fromkeys(found))


def large_document(n_bytes: int, *, seed: int = 7) -> tuple[str, int]:
    """Real sentences recombined into paragraphs, with layout noise.

    Most paragraphs are new combinations (no exact repeats); every 40th is an
    exact copy of an earlier paragraph (a layout duplicate, to be removed) and
    every 100th a line of site chrome. Returns the text and the number of
    exact copies put in.
    """
    rng = random.Random(seed)
    sentences = real_sentences()
    paragraphs: list[str] = []
    copies = size = 0
    while size < n_bytes:
        number = len(paragraphs)
        if number and number % 40 == 0:
            text = rng.choice(paragraphs[max(0, number - 30) : number])
            copies += 1
        elif number % 100 == 99:
            text = rng.choice(["扫码关注我们", "责任编辑：王熙雁", "(下转第7版)"])
        else:
            text = "".join(rng.sample(sentences, rng.randint(2, 5)))
        paragraphs.append(text)
        size += len(text.encode()) + 2
    return "\n\n".join(paragraphs) + "\n", copies


def test_large_document_exports(tmp_path: Path) -> None:
    raw, copies = large_document(int(LARGE_MB * 1_000_000))
    manifest = write_corpus(
        tmp_path / "corpus",
        [row(doc_id="large", file="raw/large.txt")],
        {"raw/large.txt": raw.encode()},
    )
    out = tmp_path / "out"
    command = [sys.executable, "-m", "policytext", "export", "--corpus", str(manifest)]
    start = time.perf_counter()
    process = subprocess.Popen(
        [*command, "--out", str(out), "--quiet"],
        cwd=tmp_path,
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = process.stderr.read().decode() if process.stderr else ""
    peak_mb = usage.ru_maxrss / 1024
    print(
        f"\nlarge document: {len(raw.encode()) / 1e6:.1f} MB, {len(raw):,} characters: "
        f"export {elapsed:.1f} s, peak RSS {peak_mb:.0f} MB",
        file=sys.stderr,
    )
    assert os.waitstatus_to_exitcode(status) == 0, stderr
    assert stderr == ""
    text = (out / "clean" / "large.txt").read_text(encoding="utf-8")
    docs = read_table(out / "documents.csv")
    assert int(docs["chars_raw"][0]) == len(compact(raw))
    assert int(docs["chars_clean"][0]) == len(compact(text))
    # most of the text is new and kept; every exact copy is removed and audited
    audit = read_table(out / "cleaning_audit.csv")
    exact = audit[audit["reason"] == "layout duplicate: exact copy of earlier text"]
    assert len(exact) >= copies
    assert len(compact(text)) > 0.8 * len(compact(raw))
    # counts and concordance agree with the clean text
    counts = read_table(out / "term_counts.csv").set_index("term")["count"].astype(int)
    assert counts["未来产业"] == normalize_text(text).count("未来产业") > 100
    kwic = read_table(out / "kwic.csv")
    assert (kwic["term"] == "未来产业").sum() == counts["未来产业"]
    # generous budgets: they catch a blow-up, not a slow machine
    if LARGE_MB <= 1:
        assert elapsed < 120, f"export of a {LARGE_MB} MB document took {elapsed:.0f} s"
    assert peak_mb < 1500 + 150 * LARGE_MB, f"peak memory {peak_mb:.0f} MB"


# --------------------------------------------------------------------------
# Reproducible: two runs that differ in everything but the input
# --------------------------------------------------------------------------


def test_two_different_runs_are_byte_identical(tmp_path: Path) -> None:
    """Hash seed, working folder, relative or absolute paths, TMPDIR, locale, time
    zone, a cold or the warm jieba cache: none of them changes a byte of the output
    (word cloud PNGs included), and no run writes jieba's cache to the temp folder."""
    cold_cache = tmp_path / "cold-cache"
    temps = [tmp_path / "tmp-a", tmp_path / "tmp-b"]
    for temp in temps:
        temp.mkdir()
    elsewhere = tmp_path / "elsewhere" / "deeper"
    elsewhere.mkdir(parents=True)
    first = export(
        "data/corpus.csv", tmp_path / "a", cwd=ROOT,
        PYTHONHASHSEED="0", TMPDIR=str(temps[0]), POLICYTEXT_CACHE=str(cold_cache),
        LC_ALL="C", TZ="UTC",
    )  # fmt: skip
    second = export(
        DATA / "corpus.csv", "../b", cwd=elsewhere,
        PYTHONHASHSEED="4242", TMPDIR=str(temps[1]), POLICYTEXT_CACHE=None,
        LC_ALL="C.UTF-8", TZ="Asia/Shanghai",
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    a, b = snapshot(tmp_path / "a"), snapshot(elsewhere.parent / "b")
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []
    periods = {d.period for d in load_corpus(DATA / "corpus.csv")[0]}
    assert len([name for name in a if name.endswith(".png")]) == len(periods)
    # jieba's dictionary cache went to the project's cache, never to TMPDIR
    assert (cold_cache / "jieba.cache").is_file()
    for temp in temps:
        assert list(temp.rglob("jieba.cache")) == [], temp
