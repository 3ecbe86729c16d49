"""Tests for policytext.cache: content-hashed entries, written atomically, never trusted blindly.

What the pipeline's inputs are, and that changing one computes again, is tested
with :func:`policytext.pipeline.results` in ``test_pipeline.py``.
"""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from policytext import cache


@pytest.fixture(autouse=True)
def project_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_digest_follows_every_file_byte_and_option(tmp_path: Path) -> None:
    folder = tmp_path / "inputs"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.txt").write_bytes(b"one")
    other = tmp_path / "b.yml"
    other.write_bytes(b"x: 1\n")
    digest = cache.input_digest([folder, other], options={"top_n": 30})
    assert cache.input_digest([other, folder], options={"top_n": 30}) == digest
    (folder / "sub" / "a.txt").write_bytes(b"onE")
    assert cache.input_digest([folder, other], options={"top_n": 30}) != digest
    (folder / "sub" / "a.txt").write_bytes(b"one")
    assert cache.input_digest([folder, other], options={"top_n": 31}) != digest
    (folder / "sub" / "new.txt").write_bytes(b"")
    assert cache.input_digest([folder, other], options={"top_n": 30}) != digest
    (folder / "sub" / "new.txt").unlink()
    other.unlink()
    assert cache.input_digest([folder, other], options={"top_n": 30}) != digest


def test_digest_follows_the_package_source_and_the_installed_versions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "policytext"
    shutil.copytree(cache._PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "_PACKAGE", package)
    digest = cache.input_digest([], options={})
    (package / "pipeline.py").write_text(
        (package / "pipeline.py").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8"
    )
    edited = cache.input_digest([], options={})
    assert edited != digest
    versions = cache.installed_versions()
    assert ("pandas", __import__("pandas").__version__) in versions
    monkeypatch.setattr(cache, "installed_versions", lambda: [*versions, ("pandas", "0.0")])
    assert cache.input_digest([], options={}) != edited


def test_a_value_is_computed_once_and_read_back(project_cache: Path) -> None:
    made = []

    def compute() -> dict:
        made.append(1)
        return {"table": [1, 2, 3]}

    first = cache.load_or_compute("things", "d" * 64, compute)
    second = cache.load_or_compute("things", "d" * 64, compute)
    assert first == second == {"table": [1, 2, 3]} and len(made) == 1
    assert [p.name for p in (project_cache / "things").glob("*.pickle")] == [f"{'d' * 64}.pickle"]
    assert not list((project_cache / "things").glob("*.tmp"))


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: b"",  # empty
        lambda data: data.replace(b"d" * 64, b"e" * 64, 1),  # made for other inputs
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one byte of the body
    ],
    ids=["truncated", "empty", "foreign", "flipped"],
)
def test_a_damaged_entry_is_computed_again(project_cache: Path, damage) -> None:
    made = []
    cache.load_or_compute("things", "d" * 64, lambda: made.append(1) or "value")
    entry = project_cache / "things" / f"{'d' * 64}.pickle"
    entry.write_bytes(damage(entry.read_bytes()))
    assert cache.load_or_compute("things", "d" * 64, lambda: made.append(1) or "value") == "value"
    assert len(made) == 2
    assert cache.read_entry(entry, "d" * 64) == "value"  # and replaced by a good one


def test_two_at_once_compute_once() -> None:
    made = []

    def slow() -> str:
        made.append(1)
        time.sleep(0.3)
        return "value"

    got = []
    threads = [
        threading.Thread(target=lambda: got.append(cache.load_or_compute("things", "f" * 64, slow)))
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert got == ["value", "value"] and len(made) == 1


def test_only_the_newest_entries_are_kept(project_cache: Path) -> None:
    for number in range(cache.KEEP + 2):
        cache.load_or_compute("things", f"{number:064d}", lambda: "value")
    assert len(list((project_cache / "things").glob("*.pickle"))) == cache.KEEP
