"""A chapter's downloadable notebook reads and reruns away from the clone (issue 15, "Rerun").

Unit tests of ``policytext.notebooks`` (input -> output), tests of the built
site's ``_sources/*.ipynb``, and one slow test that follows the README's
"Rerunning a downloaded notebook": a fresh venv, the project installed from a
copy as a wheel (not editable), a downloaded notebook executed outside the clone.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policytext import notebooks

ROOT = Path(__file__).resolve().parent.parent


def plain(value: str) -> dict:
    return {"text/plain": value}


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("{glue:text}`n` documents", {"n": plain("5")}, "5 documents"),
        ("top: {glue:text}`w`.", {"w": plain("'学习'")}, "top: 学习."),
        ("{glue:text}`share:.1%`", {"share": plain("0.125")}, "12.5%"),
        ("{glue:text}`z:.2f`", {"z": plain("3.14159")}, "3.14"),
        ("{glue}`n` and {glue:}`n`", {"n": plain("7")}, "7 and 7"),
        ("{glue:md}`m`", {"m": {"text/markdown": "**bold**", "text/plain": "x"}}, "**bold**"),
        ("{glue:md}`m:myst`", {"m": {"text/markdown": "**b**", "text/plain": "x"}}, "**b**"),
        ("{glue:text}`missing`", {"n": plain("5")}, "{glue:text}`missing`"),
        ("no roles {numref}`fig-x`", {}, "no roles {numref}`fig-x`"),
    ],
)
def test_glue_roles_become_their_values(text: str, values: dict, expected: str) -> None:
    assert notebooks.replace_roles(text, values) == expected


@pytest.mark.parametrize(
    ("plain_text", "fmt", "expected"),
    [
        ("'a'", "", "a"),
        ("12", "", "12"),
        ("12", ",d", "12"),
        ("1234.5", ",.0f", "1,234"),
        ("'3.7'", "", "3.7"),
        ("not python", "", "not python"),
        ("'x'", ".2f", "x"),
    ],
)
def test_format_text(plain_text: str, fmt: str, expected: str) -> None:
    assert notebooks.format_text(plain_text, fmt) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Before.\n\n```{glue:figure} fig_a\n:name: fig-a\n\nThe caption.\n```\n\nAfter.",
            [
                ("markdown", "Before."),
                ("glued", "fig_a"),
                ("markdown", "**Figure.** The caption.\n\nAfter."),
            ],
        ),
        (
            "```{glue-table} tbl\n:name: tab-x\n\nRows.\n```\n",
            [("glued", "tbl"), ("markdown", "**Table.** Rows.")],
        ),
        (":::{glue:figure} f\n:::\ntext", [("glued", "f"), ("markdown", "text")]),
        ("plain text only", [("markdown", "plain text only")]),
    ],
)
def test_glue_directives_split_into_output_and_caption(text: str, expected: list) -> None:
    assert notebooks.split_directives(text) == expected


@pytest.mark.parametrize(
    ("source", "names", "expected", "found"),
    [
        ('glue("t", x, display=False)', {"t"}, 'glue("t", x, display=True)', ["t"]),
        ('glue("t", x, display=False)', {"u"}, 'glue("t", x, display=False)', []),
        (
            "glue('a', f(1, (2)),\n     display=False)\nglue('b', y, display=False)",
            {"a"},
            "glue('a', f(1, (2)),\n     display=True)\nglue('b', y, display=False)",
            ["a"],
        ),
        (
            "for k, v in d.items():\n    glue(k, v, display=False)",
            {"k"},
            "for k, v in d.items():\n    glue(k, v, display=False)",
            [],
        ),
        ("%matplotlib inline", {"t"}, "%matplotlib inline", []),
    ],
)
def test_glued_tables_and_charts_are_displayed_on_rerun(
    source: str, names: set, expected: str, found: list
) -> None:
    assert notebooks.shown_glue(source, names) == (expected, found)


def test_builder_warnings_with_paths_are_dropped() -> None:
    warning = (
        "/home/builder/.venv/lib/python3.11/site-packages/tqdm/auto.py:21: TqdmWarning: "
        "IProgress not found.\n  from .autonotebook import tqdm as notebook_tqdm\n"
    )
    outputs = [
        {"output_type": "stream", "name": "stderr", "text": warning},
        {"output_type": "stream", "name": "stdout", "text": warning + "kept\n"},
        {"output_type": "display_data", "data": plain("1"), "metadata": {}},
    ]
    cleaned = notebooks.clean_outputs(outputs)
    assert [o["output_type"] for o in cleaned] == ["stream", "display_data"]
    assert cleaned[0]["text"] == "kept\n"


def test_a_site_chart_is_also_a_plotly_figure() -> None:
    spec = {"data": [{"type": "bar", "y": [1, 2]}], "layout": {"height": 300}, "config": {}}
    markup = (
        '<div id="c"></div><script type="application/json" class="policytext-figure" '
        f'data-for="c">{json.dumps(spec)}</script>'
    )
    bundle = notebooks.chart_bundle({"text/html": markup, "text/plain": "<ChartHTML>"})
    assert bundle[notebooks.PLOTLY_MIME] == {"data": spec["data"], "layout": spec["layout"]}
    assert bundle["text/html"] == markup


def small_notebook() -> tuple[dict, dict]:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": "# Title"},
        {
            "cell_type": "code",
            "execution_count": 1,
            "metadata": {"tags": ["remove-cell"]},
            "outputs": [
                {
                    "output_type": "stream",
                    "name": "stderr",
                    "text": "/abs/x.py:1: UserWarning: w\n  line\n",
                }
            ],
            "source": 'glue("n", 3, display=False)\nglue("tbl", t, display=False)',
        },
        {
            "cell_type": "markdown",
            "metadata": {},
            "source": "We read {glue:text}`n` files.\n\n```{glue-table} tbl\n:name: tab-t\n\n"
            "The table.\n```\n\n```{glue:figure} other\n\nA figure.\n```\n",
        },
    ]
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    prefix = notebooks.GLUE_PREFIX
    glue = {
        "n": {"data": {prefix + "text/plain": "3"}},
        "tbl": {"data": {prefix + "text/html": "<table><td>42</td></table>"}},
        "other": {"data": {prefix + "image/png": "iVBOR"}},
    }
    return notebook, glue


def test_downloadable_notebook_reads_and_shows_its_outputs() -> None:
    notebook, glue = small_notebook()
    before = json.dumps(notebook)
    result = notebooks.downloadable(
        notebook,
        glue,
        page="book/x",
        built="2026-12-02",
        version="0.1.0",
        repository="https://example.org/r",
    )
    assert json.dumps(notebook) == before  # the input is not changed
    text = json.dumps(result, ensure_ascii=False)
    assert "{glue" not in text and "/abs/" not in text
    cells = result["cells"]
    assert "book/x" in cells[0]["source"] and "2026-12-02" in cells[0]["source"]
    assert "git+https://example.org/r" in cells[1]["source"]
    code = next(c for c in cells if "glue(" in c["source"])
    assert 'glue("tbl", t, display=True)' in code["source"]
    assert 'glue("n", 3, display=False)' in code["source"]
    assert [o["data"] for o in code["outputs"]] == [{"text/html": "<table><td>42</td></table>"}]
    markdown = [c["source"] for c in cells if c["cell_type"] == "markdown"]
    assert "We read 3 files." in markdown
    assert "**Table.** The table." in markdown
    own = [c for c in cells if c["source"].startswith("# other")]
    assert [o["data"] for c in own for o in c["outputs"]] == [{"image/png": "iVBOR"}]
    assert len({c["id"] for c in cells}) == len(cells)
    # Rewriting twice (an incremental build) changes nothing.
    assert notebooks.downloadable(result, glue, page="book/x") == result


# --------------------------------------------------------------------------
# The built site's downloadable notebooks
# --------------------------------------------------------------------------


def site_notebooks(site: Path) -> dict[str, dict]:
    found = {
        p.relative_to(site / "_sources").as_posix(): json.loads(p.read_text(encoding="utf-8"))
        for p in sorted((site / "_sources").rglob("*.ipynb"))
    }
    assert found, "the site offers no notebook for download"
    return found


@pytest.mark.book
def test_site_notebooks_have_no_glue_role_and_no_builder_path(site: Path) -> None:
    for name, notebook in site_notebooks(site).items():
        text = json.dumps(notebook, ensure_ascii=False)
        assert not re.search(r"\{glue(:\w*)?\}`", text), name
        assert not re.search(r"```\{glue", text), name
        assert str(ROOT) not in text and "TqdmWarning" not in text, name
        assert "Rerunning a downloaded notebook" in notebook["cells"][0]["source"], name


@pytest.mark.book
def test_site_notebooks_show_their_tables_and_charts(site: Path) -> None:
    shown = {
        name: [
            set(o.get("data", {}))
            for c in nb["cells"]
            if c["cell_type"] == "code"
            for o in c.get("outputs", [])
        ]
        for name, nb in site_notebooks(site).items()
    }
    charts = [n for n, outs in shown.items() if any(notebooks.PLOTLY_MIME in o for o in outs)]
    tables = [n for n, outs in shown.items() if any("text/html" in o for o in outs)]
    assert charts and tables, shown


# --------------------------------------------------------------------------
# The README's steps, in a fresh venv
# --------------------------------------------------------------------------


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, (
        " ".join(command) + "\n" + result.stdout[-3000:] + result.stderr[-3000:]
    )
    return result


def copy_of_project(target: Path) -> Path:
    """The project as a user gets it (its tracked files), without the clone's venv or build."""
    # Tracked files and new ones not ignored: a document just added is in the copy.
    files = run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT
    ).stdout.split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.mark.slow
def test_wheel_holds_every_data_file(tmp_path: Path) -> None:
    """A wheel of a copy of the project: every tracked file of data/ is in it, as policytext/data."""
    import zipfile

    tracked = run(["git", "ls-files", "data"], cwd=ROOT).stdout.split()
    assert tracked
    project = copy_of_project(tmp_path / "project")
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "-w",
            str(tmp_path / "dist"),
            str(project),
        ],
        timeout=900,
    )
    (wheel,) = (tmp_path / "dist").glob("policytext-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert not [f for f in tracked if "policytext/" + f not in names]


@pytest.mark.slow
@pytest.mark.book
def test_a_downloaded_notebook_reruns_in_a_fresh_venv(site: Path, tmp_path: Path) -> None:
    # A downloaded chapter with a table and a chart, as the site offers it.
    name = "book/terms.ipynb"
    downloaded = tmp_path / "downloads" / "terms.ipynb"
    downloaded.parent.mkdir()
    shutil.copy2(site / "_sources" / name, downloaded)
    # A wheel of a copy of the project, installed (not editable) in a fresh venv.
    project = copy_of_project(tmp_path / "project")
    run([sys.executable, "-m", "venv", str(tmp_path / "env")])
    python = tmp_path / "env" / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POLICYTEXT_", "PYTHON"))}
    env |= {"HOME": str(tmp_path / "home"), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    run(
        [
            str(python),
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-w",
            str(tmp_path / "dist"),
            str(project),
        ],
        env=env,
        timeout=900,
    )
    (wheel,) = (tmp_path / "dist").glob("policytext-*.whl")
    run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "-c",
            str(project / "requirements.txt"),
            f"{wheel}[book]",
            "ipykernel",
            "nbclient",
        ],
        env=env,
        timeout=1800,
    )
    installed = run(
        [str(python), "-c", "import policytext.config as c; print(c.DATA_DIR)"],
        cwd=tmp_path,
        env=env,
    ).stdout.strip()
    assert "site-packages" in installed and str(ROOT) not in installed
    # Executed outside the clone, with the venv's kernel.
    run(
        [str(tmp_path / "env" / "bin" / "jupyter-execute"), "--inplace", downloaded.name],
        cwd=downloaded.parent,
        env=env,
        timeout=1800,
    )
    executed = json.loads(downloaded.read_text(encoding="utf-8"))
    outputs = [o for c in executed["cells"] if c["cell_type"] == "code" for o in c["outputs"]]
    assert not [o for o in outputs if o["output_type"] == "error"]
    html = "".join(str(o.get("data", {}).get("text/html", "")) for o in outputs)
    assert any(notebooks.PLOTLY_MIME in o.get("data", {}) for o in outputs), "no chart drawn"
    # Its outputs hold the numbers: each headline term's count and rate in each period, as
    # the clone's own pipeline computes them (the rerun read the installed copy of data/).
    from policytext import pipeline

    results = pipeline.results()
    focal = [term.term for term in results.terms if term.focal]
    by_period = results.tables["term_counts_by_period.csv"]
    rows = by_period[by_period["term"].isin(focal)]
    assert not rows.empty
    for row in rows.itertuples():
        assert row.term in html
        assert f"{row.count:,} ({row.per_10k_chars:,.1f})" in html, (row.term, row.period)
    assert str(ROOT) not in json.dumps(executed, ensure_ascii=False)
