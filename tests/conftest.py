"""Fixtures shared by the test files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built site: ``POLICYTEXT_SITE``, or a fresh build in a temporary folder."""
    given = os.environ.get("POLICYTEXT_SITE")
    if given:
        path = Path(given).resolve()
        assert (path / "index.html").is_file(), f"POLICYTEXT_SITE={given}: no index.html there"
        return path
    jb = Path(sys.executable).parent / "jupyter-book"
    if not jb.exists():
        pytest.fail(f"jupyter-book is not installed beside {sys.executable}; run `make test`")
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [
            str(jb),
            "build",
            "--all",
            "--warningiserror",
            "--keep-going",
            "--path-output",
            str(out),
            ".",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return out / "_build" / "html"


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``shipped`` marker (given by name: see :func:`pytest_collection_modifyitems`)."""
    config.addinivalue_line(
        "markers",
        "shipped: checks the shipped documents (a test named test_shipped_*); "
        "deselect with -m 'not shipped' to run only the corpus-independent tests",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every ``test_shipped_*`` test ``shipped``: the name and the marker cannot disagree."""
    for item in items:
        if getattr(item, "originalname", item.name).startswith("test_shipped_"):
            item.add_marker(pytest.mark.shipped)
