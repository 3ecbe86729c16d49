"""The book builds from the repository alone, offline, and never shows stale numbers.

A temporary ``git clone`` of the repository (with the working tree's changes to
tracked and new, not ignored, files copied over it, so the test checks the code
as it is about to be committed; ignored files such as ``.cache/``, ``_build/``
and ``.venv/`` are left behind) is built with ``make book``:

1. with no network at all, in an empty network namespace (``unshare -n``, only
   the loopback interface up, which the notebook kernels need), and with a
   fresh ``TMPDIR``, which must stay free of jieba's dictionary cache;
2. again with nothing changed, which must do nothing;
3. again after appending a paragraph that uses 未来产业 three times to one raw
   document, which must re-execute the chapters and show the new numbers.

The clone reuses the installed environment instead of creating its own:
``make book BIN=<this venv>/bin STAMP=<a file in the clone>``, with
``PYTHONPATH`` set to the clone so the notebooks and the Sphinx extension
import the clone's ``policytext`` rather than the editable install. The whole
module takes two full builds (40 to 75 s each on two cores).
"""

from __future__ import annotations

import csv
import html
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policytext import pipeline

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RAW = "data/raw/003_42524985e1ee46e3.txt"  # a March 2026 document with no page footer
ADDED = "\n\n会议强调,要加快培育未来产业,壮大未来产业集群,以未来产业引领新质生产力发展。\n"
BUILT = "_build/html/.built"  # the Makefile's stamp of a complete build
REQUIRE_OFFLINE = "POLICYTEXT_REQUIRE_OFFLINE_BUILD"
"""Set to 1 where the offline build must run: a skip then becomes a failure."""

pytestmark = pytest.mark.book


def offline_problem() -> str | None:
    """Why a command cannot be run without network here, or None if it can."""
    if not shutil.which("unshare"):
        return "`unshare` (util-linux) is not installed"
    if not shutil.which("ip"):
        return "`ip` (iproute2) is not installed: cannot bring up loopback for the kernels"
    probe = subprocess.run(
        ["unshare", "-n", "sh", "-c", "ip link set lo up && ! getent hosts pypi.org"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if probe.returncode != 0:
        return (
            "`unshare -n` cannot create a network namespace here (needs root or "
            f"unprivileged user namespaces): {probe.stderr.strip() or probe.returncode}"
        )
    return None


OFFLINE_PROBLEM = offline_problem()
OFFLINE = (
    []
    if OFFLINE_PROBLEM
    else ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "offline"]
)


def git(*args: str, cwd: Path = ROOT) -> str:
    """A read-only git command's output."""
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True, timeout=120
    ).stdout


class Clone:
    """A clone of the repository being built with ``make book``."""

    def __init__(self, path: Path, temp: Path) -> None:
        self.path = path
        self.temp = temp
        self.first_results: list[str] = []
        self.stamp = path / ".test-venv-installed"
        self.stamp.touch()  # newer than requirements.txt: make installs nothing
        self.env = {**os.environ, "PYTHONPATH": str(path), "TMPDIR": str(temp)}
        for name in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "POLICYTEXT_CACHE", "PYTHONHASHSEED"):
            self.env.pop(name, None)  # the clone's Makefile sets its own

    def make(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = ["make", *args, f"BIN={BIN}", f"STAMP={self.stamp}"]
        return subprocess.run(
            [*OFFLINE, *command],
            cwd=self.path,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=1800,
        )

    def page(self, name: str) -> str:
        return (self.path / "_build" / "html" / "book" / f"{name}.html").read_text(encoding="utf-8")


def working_tree_clone(target: Path) -> Path:
    """``git clone`` of the repository, with the working tree's files copied over it."""
    subprocess.run(
        ["git", "clone", "--quiet", str(ROOT), str(target)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.split("\0")):
        source, copy = ROOT / name, target / name
        if source.is_file():
            if not copy.is_file() or copy.read_bytes() != source.read_bytes():
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, copy)
        elif copy.is_file():  # deleted in the working tree, not yet committed
            copy.unlink()
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Clone, subprocess.CompletedProcess]:
    """The clone after its first ``make book`` (offline where the machine allows)."""
    if not (ROOT / ".git").exists():
        pytest.skip(f"{ROOT} is not a git repository: nothing to clone")
    if not (BIN / "jupyter-book").exists():
        pytest.fail(f"jupyter-book is not installed beside {sys.executable}; run `make test`")
    base = tmp_path_factory.mktemp("rebuild")
    temp = base / "tmp"
    temp.mkdir()
    clone = Clone(working_tree_clone(base / "repo"), temp)
    assert not (clone.path / ".cache").exists() and not (clone.path / "_build").exists()
    start = time.perf_counter()
    result = clone.make("book")
    print(f"\nfirst make book: {time.perf_counter() - start:.0f} s", file=sys.stderr)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-6000:]
    # The pipeline's cached results as the first build left them (later tests edit data).
    clone.first_results = sorted(p.name for p in (clone.path / ".cache/results").glob("*.pickle"))
    return clone, result


def facts(clone: Clone) -> dict[str, object]:
    """The focal terms' totals (``<id>_total``), rates (``<id>_<period>``) and counts, from the clone."""
    results = pipeline.run(clone.path / "data" / "corpus.csv")
    by_period = results.tables["term_counts_by_period.csv"]
    expected: dict[str, object] = {}
    for term in (term for term in results.terms if term.focal):
        rows = by_period[by_period["term"] == term.term]
        expected[f"{term.id or term.term}_total"] = int(rows["count"].sum())
        for row in rows.itertuples():
            expected[f"{term.id or term.term}_{row.period}"] = f"{row.per_10k_chars:.1f}"
            expected[f"{term.id or term.term}_count_{row.period}"] = int(row.count)
    return expected


def page_text(page: str) -> str:
    """A page's text as a reader sees it (tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def glued(page: str, value: object) -> bool:
    """Whether the page states ``value`` (a number as the code wrote it, not part of another)."""
    return bool(re.search(rf"(?<![\d.]){re.escape(str(value))}(?![\d])", page_text(page)))


def mentions_in_all(page: str) -> int:
    """未来产业's total as the terms chapter's generated summary states it."""
    text = page_text(page)
    match = re.search(r"未来产业: [^\n]*?\((\d+) mentions? in all\)", text)
    assert match, "the terms chapter no longer says '(<n> mentions in all)': update this test"
    return int(match.group(1))


def test_offline_build_from_a_clone(built: tuple[Clone, subprocess.CompletedProcess]) -> None:
    if OFFLINE_PROBLEM:
        message = f"the build ran with network: {OFFLINE_PROBLEM}"
        if os.environ.get(REQUIRE_OFFLINE):
            pytest.fail(message)
        pytest.skip(message)
    clone, result = built
    assert "Executing notebook" in result.stdout + result.stderr
    site = clone.path / "_build" / "html"
    assert (site / "index.html").is_file() and (clone.path / BUILT).is_file()
    terms = clone.page("terms")
    expected = facts(clone)
    assert mentions_in_all(terms) == expected["future_total"]
    for key in ("future_2026-03", "nqpf_total", "aiplus_total"):
        assert glued(terms, expected[key]), key


def test_the_build_computes_one_pipeline_result(
    built: tuple[Clone, subprocess.CompletedProcess],
) -> None:
    """Every chapter reads the same result: one cache entry, so the pipeline ran once.

    A chapter that called the pipeline with other inputs or options would add
    an entry of its own (the entry's name is the digest of what it is computed
    from); a chapter calling :func:`policytext.pipeline.run` itself writes none
    but is caught by ``test_chapters_read_the_cached_result`` in test_site.py.
    """
    clone, _ = built
    assert len(clone.first_results) == 1, clone.first_results


def test_jieba_cache_stays_in_the_project(built: tuple[Clone, subprocess.CompletedProcess]) -> None:
    clone, _ = built
    assert (clone.path / ".cache" / "jieba.cache").is_file()


def test_build_writes_no_jieba_cache_to_tmp(
    built: tuple[Clone, subprocess.CompletedProcess],
) -> None:
    clone, _ = built
    assert list(clone.temp.rglob("jieba.cache")) == []


def test_warm_make_book_does_nothing(built: tuple[Clone, subprocess.CompletedProcess]) -> None:
    clone, _ = built
    stamp = clone.path / BUILT
    before = stamp.stat().st_mtime_ns
    question = clone.make("-q", BUILT)  # `book` is phony: ask about the stamp it needs
    assert question.returncode == 0, (
        "make thinks the site is out of date:\n" + clone.make("-n", "book").stdout
    )
    again = clone.make("book")
    assert again.returncode == 0, again.stderr
    assert "jupyter-book" not in again.stdout + again.stderr
    assert "The site is in" in again.stdout
    assert stamp.stat().st_mtime_ns == before


def test_changed_document_rebuilds_with_new_numbers(
    built: tuple[Clone, subprocess.CompletedProcess],
) -> None:
    clone, _ = built
    before = facts(clone)
    old_page = clone.page("terms")
    assert mentions_in_all(old_page) == before["future_total"]
    assert "壮大未来产业集群" not in old_page
    raw = clone.path / RAW
    raw.write_bytes(raw.read_bytes() + ADDED.encode("utf-8"))
    after = facts(clone)
    assert after["future_total"] == before["future_total"] + 3
    assert after["nqpf_total"] == before["nqpf_total"] + 1

    start = time.perf_counter()
    result = clone.make("book")
    print(f"\nmake book after the change: {time.perf_counter() - start:.0f} s", file=sys.stderr)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-6000:]
    log = result.stdout + result.stderr
    assert "jupyter-book build" in log
    assert re.search(r"book/terms\.md: Executed notebook", log), "terms chapter not re-executed"

    page = clone.page("terms")
    assert mentions_in_all(page) == after["future_total"]
    for key in ("future_2026-03", "nqpf_total", "nqpf_count_2026-03"):
        assert glued(page, after[key]), (key, after[key])
    assert before["future_2026-03"] != after["future_2026-03"]
    assert "壮大未来产业集群" in page  # the concordance quotes the new sentence
    # the data offered beside the chart is the new data too
    chart = clone.path / "_build" / "html" / "_static" / "data" / "focal-terms-by-period.csv"
    with chart.open(encoding="utf-8", newline="") as handle:
        future = [int(r["count"]) for r in csv.DictReader(handle) if r["term"] == "未来产业"]
    assert sum(future) == after["future_total"]
    assert clone.make("-q", BUILT).returncode == 0, "still out of date after the rebuild"
