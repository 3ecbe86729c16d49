"""Tests for the command line: ``python -m policytext export``.

The real corpus is exported once per module in a subprocess, and once more in
this process with another hash seed, to show the output is byte-for-byte
reproducible. Failing runs must exit with status 2, print one
``policytext: error:`` line per problem and no traceback, and leave an existing
output folder exactly as it was.
"""

from __future__ import annotations

import csv
import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from corpus_files import SHIPPED_IDS

from policytext import cli
from policytext.corpus import load_corpus
from policytext.decoding import decode

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
STAGES = {"markup", "characters", "script", "chrome", "furniture", "duplicates", "debris", "rejoin"}


def cli_env(seed: str = "0") -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed}
    env.pop("POLICYTEXT_DEBUG", None)
    return env


def run_cli(*args: str, cwd: Path, seed: str = "0") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policytext", *args],
        cwd=cwd,
        env=cli_env(seed),
        capture_output=True,
        text=True,
        timeout=300,
    )


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file (bytes) and folder (None) under ``folder``, by relative path."""
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


def manifest_rows() -> list[dict[str, str]]:
    with (DATA / "corpus.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_table(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def non_space(text: str) -> int:
    return len(re.sub(r"\s", "", text))


# --------------------------------------------------------------------------
# A successful export of the real corpus
# --------------------------------------------------------------------------


Run = tuple[Path, subprocess.CompletedProcess]


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Run:
    work = tmp_path_factory.mktemp("export")
    result = run_cli(
        "export", "--corpus", str(DATA / "corpus.csv"), "--out", "out", cwd=work, seed="1"
    )
    assert result.returncode == 0, result.stderr
    return work / "out", result


@pytest.fixture(scope="module")
def out(export: Run) -> Path:
    return export[0]


def test_export_succeeds_and_reports(export: Run) -> None:
    folder, result = export
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    n = len(manifest_rows())
    assert f"policytext: wrote {n} documents to {folder.name}" in result.stderr


def test_export_writes_the_expected_files(out: Path) -> None:
    names = {p.name for p in out.iterdir()}
    assert {
        "documents.csv",
        "cleaning_audit.csv",
        "term_counts.csv",
        "kwic.csv",
        "clean",
    } <= names
    assert not [n for n in names if n.startswith(".") or n.endswith(".tmp")]
    ids = [row["doc_id"] for row in manifest_rows()]
    assert sorted(p.name for p in (out / "clean").iterdir()) == sorted(f"{i}.txt" for i in ids)


def test_documents_csv(out: Path) -> None:
    table = read_table(out / "documents.csv")
    required = [
        "doc_id",
        "file",
        "title",
        "outlet",
        "date",
        "period",
        "encoding",
        "chars_raw",
        "chars_clean",
    ]
    assert set(required) <= set(table.columns)
    rows = manifest_rows()
    assert list(table["doc_id"]) == [r["doc_id"] for r in rows]
    for row, manifest in zip(table.itertuples(), rows, strict=True):
        for column in ("file", "title", "outlet", "date", "period"):
            assert getattr(row, column) == manifest[column]
        raw, encoding = decode((DATA / manifest["file"]).read_bytes())
        clean = (out / "clean" / f"{row.doc_id}.txt").read_text(encoding="utf-8")
        assert row.encoding == encoding
        assert int(row.chars_raw) == non_space(raw)
        assert int(row.chars_clean) == non_space(clean)
        assert 0 < int(row.chars_clean) <= int(row.chars_raw)


def test_clean_texts(out: Path) -> None:
    for path in (out / "clean").iterdir():
        data = path.read_bytes()
        text = data.decode("utf-8")
        assert b"\r" not in data
        assert text.endswith("\n") and not text.endswith("\n\n")
        assert non_space(text) > 0
        assert "<" not in text


def test_shipped_clean_texts_are_long_and_without_adverts(out: Path) -> None:
    for doc_id in SHIPPED_IDS:
        text = (out / "clean" / f"{doc_id}.txt").read_text(encoding="utf-8")
        assert non_space(text) > 1000
        assert "扫码" not in text


def test_cleaning_audit_csv(out: Path) -> None:
    table = read_table(out / "cleaning_audit.csv")
    assert {
        "doc_id",
        "stage",
        "reason",
        "action",
        "text",
        "replacement",
        "chars",
        "start",
        "end",
    } <= set(table.columns)
    assert set(table["doc_id"]) == {r["doc_id"] for r in manifest_rows()}
    assert set(table["stage"]) <= STAGES
    assert {"markup", "chrome", "rejoin"} <= set(table["stage"])
    assert table["reason"].str.len().gt(0).all()
    counted = table["action"].isin(["removed", "changed"])
    nonspace = (
        table["text"].str.replace(r"\s", "", regex=True).str.len()
        - table["replacement"].fillna("").str.replace(r"\s", "", regex=True).str.len()
    )
    assert (table.loc[counted, "chars"].astype(int) == nonspace[counted]).all()
    assert table.loc[~counted, "chars"].astype(int).eq(0).all()
    # the audit quotes the raw text it removed (an entity in it as decoded: &#29234; as 爲)
    raws = {d.doc_id: d.raw for d in load_corpus(DATA / "corpus.csv")[0]}  # in any encoding
    removed = table[table["action"] == "removed"]
    for row in removed.itertuples():
        raw = raws[row.doc_id][int(row.start) : int(row.end)]
        quoted = re.sub(r"\s", "", row.text)
        assert quoted in (re.sub(r"\s", "", raw), re.sub(r"\s", "", html.unescape(raw)))


def test_term_counts_csv(out: Path) -> None:
    table = read_table(out / "term_counts.csv")
    assert {"doc_id", "period", "term", "count", "per_10k_chars"} <= set(table.columns)
    terms = re.findall(r"(?m)^  - term: (.+)$", (DATA / "terms.yml").read_text(encoding="utf-8"))
    assert len(table) == len(manifest_rows()) * len(terms)
    assert set(table["term"]) == set(terms)
    assert not table.duplicated(["doc_id", "term"]).any()
    assert table["count"].astype(int).ge(0).all()


def test_kwic_csv_quotes_the_clean_files(out: Path) -> None:
    table = read_table(out / "kwic.csv")
    assert {"doc_id", "term", "left", "match", "right", "sentence"} <= set(table.columns)
    assert len(table) > 0
    texts = {p.stem: p.read_text(encoding="utf-8") for p in (out / "clean").iterdir()}
    for row in table.itertuples():
        assert row.left + row.match + row.right in texts[row.doc_id]
        assert row.match in row.sentence and row.sentence in texts[row.doc_id]


def test_two_runs_are_byte_identical(
    out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The second run is in this process (another hash seed unless PYTHONHASHSEED=1),
    # --quiet, into a folder whose parents do not exist yet.
    again = tmp_path / "nested" / "deeper" / "out"
    status = cli.main(
        ["export", "--corpus", str(DATA / "corpus.csv"), "--out", str(again), "--quiet"]
    )
    assert status == 0
    assert capsys.readouterr().err == ""  # --quiet: no progress bars, no summary
    first, second = snapshot(out), snapshot(again)
    assert sorted(first) == sorted(second)
    differ = [name for name in first if first[name] != second[name]]
    assert differ == []


# --------------------------------------------------------------------------
# Help
# --------------------------------------------------------------------------


def test_help_lists_every_option(tmp_path: Path) -> None:
    result = run_cli("export", "--help", cwd=tmp_path)
    assert result.returncode == 0
    for option in ("--corpus", "--out", "--rules", "--quiet", "--help"):
        assert option in result.stdout
    # and whatever else the parser defines, each with its help text
    parser = cli.build_parser()
    export = next(a for a in parser._actions if a.dest == "command").choices["export"]
    for action in export._actions:
        assert action.help, action.option_strings
        for option in action.option_strings:
            assert option in result.stdout


def test_top_level_help_and_version(tmp_path: Path) -> None:
    result = run_cli("--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "export" in result.stdout and "--version" in result.stdout
    version = run_cli("--version", cwd=tmp_path)
    assert version.returncode == 0
    assert re.fullmatch(r"policytext \d+\.\d+\.\d+\S*\n", version.stdout)


def test_missing_out_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("export", cwd=tmp_path)
    assert result.returncode == 2
    assert "--out" in result.stderr
    assert "Traceback" not in result.stderr


# --------------------------------------------------------------------------
# Failing runs
# --------------------------------------------------------------------------


def bad_corpus(folder: Path) -> Path:
    """A manifest with three problems in rows 2 to 4."""
    folder.mkdir()
    shutil.copy(DATA / "periods.csv", folder / "periods.csv")
    (folder / "raw").mkdir()
    (folder / "raw" / "ok.txt").write_text("本报讯 会议召开,推动未来产业发展。\n", encoding="utf-8")
    columns = "doc_id,file,title,title_en,outlet,date,date_note,period,url,notes\n"
    manifest = folder / "corpus.csv"
    manifest.write_text(
        columns
        + "gone,raw/gone.txt,标题,,,2026-03-05,,2026-03,,\n"
        + "dated,raw/ok.txt,标题,,,March 2026,,2026-03,,\n"
        + "undeclared,raw/ok.txt,标题,,,2026-02,,2026-02,,\n",
        encoding="utf-8",
    )
    return manifest


def check_error_output(result: subprocess.CompletedProcess) -> list[str]:
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines
    assert [line for line in lines if not line.startswith("policytext: error: ")] == []
    return lines


def test_bad_manifest_exits_2_with_one_line_per_problem(tmp_path: Path) -> None:
    manifest = bad_corpus(tmp_path / "corpus")
    result = run_cli("export", "--corpus", str(manifest), "--out", "out", cwd=tmp_path)
    lines = check_error_output(result)
    assert len(lines) == 3
    for line, number, what in zip(
        lines,
        (2, 3, 4),
        ("file not found", "unparsable date 'March 2026'", "period '2026-02' is not declared"),
        strict=True,
    ):
        assert line.startswith(f"policytext: error: {manifest}: row {number}: ")
        assert what in line
    assert not (tmp_path / "out").exists()


def test_failing_run_leaves_existing_output_untouched(tmp_path: Path) -> None:
    manifest = bad_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    (out / "clean").mkdir(parents=True)
    (out / "sentinel.txt").write_bytes(b"written before the run\n")
    (out / "clean" / "old.txt").write_text("旧的输出\n", encoding="utf-8")
    before, siblings = snapshot(out), sorted(p.name for p in tmp_path.iterdir())
    result = run_cli("export", "--corpus", str(manifest), "--out", str(out), cwd=tmp_path)
    check_error_output(result)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == siblings  # no temporary folder left


def small_corpus(folder: Path, periods: str = "period,label\n2026-03,March 2026\n") -> Path:
    """One short document, with a periods.csv that declares only its period."""
    folder.mkdir()
    (folder / "periods.csv").write_text(periods, encoding="utf-8")
    (folder / "raw").mkdir()
    (folder / "raw" / "a.txt").write_text(
        "## 工信部召开会议\n\n本报讯 会议指出,要培育新质生产力,发展未来产业。\n", encoding="utf-8"
    )
    manifest = folder / "corpus.csv"
    manifest.write_text(
        "doc_id,file,title,title_en,outlet,date,date_note,period,url,notes\n"
        "doc-a,raw/a.txt,标题,,,2026-03-05,,2026-03,,\n",
        encoding="utf-8",
    )
    return manifest


def test_out_that_is_a_file_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = small_corpus(tmp_path / "corpus")
    target = tmp_path / "out"
    target.write_bytes(b"not a folder\n")
    status = cli.main(["export", "--corpus", str(manifest), "--out", str(target), "--quiet"])
    assert status == 2
    err = capsys.readouterr().err
    assert err == f"policytext: error: {target}: exists and is not a folder; choose another --out\n"
    assert target.read_bytes() == b"not a folder\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "out"]


def test_failure_while_writing_leaves_existing_output_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from policytext import pipeline

    manifest = small_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    out.mkdir()
    (out / "sentinel.txt").write_bytes(b"keep me\n")
    before, siblings = snapshot(out), sorted(p.name for p in tmp_path.iterdir())
    written: list[Path] = []

    def failing_write_text(text: str, path: Path) -> None:
        path.write_text(text, encoding="utf-8")
        written.append(path)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pipeline, "write_text", failing_write_text)
    monkeypatch.delenv("POLICYTEXT_DEBUG", raising=False)
    status = cli.main(["export", "--corpus", str(manifest), "--out", str(out), "--quiet"])
    assert status == 2  # the environment, not a bug
    assert written, "the failure must happen while the folder is being written"
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("policytext: error: ")
    assert (
        str(out) in err[0] and "No space left on device" in err[0] and "free some space" in err[0]
    )
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == siblings


def test_declared_period_without_documents_is_no_internal_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    periods = (DATA / "periods.csv").read_text(encoding="utf-8")
    manifest = small_corpus(tmp_path / "corpus", periods=periods)
    status = cli.main(
        ["export", "--corpus", str(manifest), "--out", str(tmp_path / "out"), "--quiet"]
    )
    assert "internal error" not in capsys.readouterr().err
    assert status in (0, 2)
