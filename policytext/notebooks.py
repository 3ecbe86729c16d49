"""The downloadable notebooks: each chapter as a reader can open and rerun it.

Jupyter Book offers every chapter's executed notebook for download
(``_sources/<page>.ipynb``), but as executed for the site it reads badly
outside it: its text holds ``{glue:text}`` roles where the site shows
numbers, its tables and charts are glued with ``display=False`` (so the
notebook shows none of them) and its outputs carry the builder's warnings
with absolute paths. :func:`downloadable` turns such a notebook, with the
glued values of its build (myst-nb's ``<page>.glue.json``), into one that
reads and reruns anywhere:

- every glue role in the text is replaced by the value the site shows;
- every glue directive (``{glue:figure}``, ``{glue-table}``, ``{glue}``)
  becomes its caption, and the glued table, chart or image is shown as the
  output of the cell that computed it, whose ``glue(..., display=False)``
  becomes ``display=True`` so a rerun shows it again;
- warnings that name a file on the builder's machine are dropped;
- a first cell says where the notebook comes from, which data it uses and
  how to rerun it.

Everything here is a pure function over the notebook as a dict (nbformat 4
JSON); :func:`rewrite_site_notebooks` is the Sphinx ``build-finished`` hook
that applies them to the built site.
"""

from __future__ import annotations

import ast
import copy
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from policytext import __version__

GLUE_PREFIX = "application/papermill.record/"
"""myst-nb's prefix for the mime types of a value glued with ``display=False``."""
PLOTLY_MIME = "application/vnd.plotly.v1+json"
"""The mime type Jupyter's plotly renderer draws."""

_ROLE = re.compile(r"\{glue(?::(?P<kind>text|md|any|))?\}`(?P<key>[^`]+)`")
_DIRECTIVE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{(?P<name>glue:figure|glue-table|glue:any|glue:md|glue|glue:math)\}"
    r"[ \t]*(?P<key>\S+)[ \t]*\n(?P<body>.*?)^(?P=fence)[ \t]*$\n?",
    re.M | re.S,
)
_OPTION = re.compile(r"^:[\w-]+:.*$\n?", re.M)
_PATH_WARNING = re.compile(r"^(?:[A-Za-z]:)?[/\\][^\n:]*:\d+: \w*Warning:.*\n(?:[ \t]+.*\n)*", re.M)
_CHART_JSON = re.compile(
    r'<script type="application/json" class="policytext-figure"[^>]*>(?P<json>.*?)</script>',
    re.S,
)


def glue_values(glue: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Each glued name's mime bundle, without myst-nb's ``display=False`` prefix.

    Args:
        glue: The content of myst-nb's ``<page>.glue.json`` (name -> output).

    Returns:
        Name -> ``{mime type: data}``.
    """
    values = {}
    for name, output in glue.items():
        data = output.get("data", {}) if isinstance(output, Mapping) else {}
        values[name] = {mime.removeprefix(GLUE_PREFIX): value for mime, value in data.items()}
    return values


def _joined(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def format_text(plain: str, fmt: str = "") -> str:
    """A glued ``text/plain`` value as ``{glue:text}`` shows it: quotes off, ``fmt`` applied.

    ``"'学习'"`` -> ``学习``; ``"3.14159"`` with ``".2f"`` -> ``3.14``.
    """
    try:
        value = ast.literal_eval(plain)
    except (SyntaxError, ValueError):
        value = plain
    if not fmt:
        return str(value)
    kind = fmt[-1]
    try:
        if kind == "s":
            value = str(value)
        elif kind in "bcdoxX":
            value = int(value)
        elif kind in "eEfFgGn%":
            value = float(value)
        return format(value, fmt)
    except (TypeError, ValueError):
        return str(value)


def role_text(bundle: Mapping[str, Any], fmt: str = "") -> str:
    """The text a glue role stands for: Markdown if glued as Markdown, else plain text."""
    if "text/markdown" in bundle:
        return _joined(bundle["text/markdown"]).strip()
    return format_text(_joined(bundle.get("text/plain", "")), fmt)


def replace_roles(text: str, values: Mapping[str, Mapping[str, Any]]) -> str:
    """Every glue role in Markdown ``text`` replaced by its value (unknown names kept).

    ``{glue:text}`top_n``` -> ``10``; ``{glue:text}`share:.1%``` -> ``12.5%``.
    """

    def value(match: re.Match[str]) -> str:
        key, fmt = match["key"], ""
        if match["kind"] == "text" and ":" in key:
            key, fmt = key.rsplit(":", 1)
        elif match["kind"] == "md" and key.endswith((":myst", ":commonmark", ":gfm")):
            key = key.rsplit(":", 1)[0]  # the Markdown flavour, not part of the name
        if key not in values:
            return match[0]
        return role_text(values[key], fmt)

    return _ROLE.sub(value, text)


def _caption(name: str, body: str) -> str:
    caption = _OPTION.sub("", body).strip()
    if not caption:
        return ""
    what = {"glue:figure": "Figure", "glue-table": "Table"}.get(name, "Output")
    return f"**{what}.** {caption}"


def split_directives(text: str) -> list[tuple[str, str]]:
    """Markdown cut at its glue directives: ``("markdown", text)`` and ``("glued", name)`` parts.

    Each directive is replaced by its caption (options such as ``:name:``
    dropped) in the Markdown that follows the glued output.
    """
    parts: list[tuple[str, str]] = []
    last = 0
    pending = ""
    for match in _DIRECTIVE.finditer(text):
        before = pending + text[last : match.start()].lstrip("\n")
        if before.strip():
            parts.append(("markdown", before.strip("\n")))
        parts.append(("glued", match["key"]))
        caption = _caption(match["name"], match["body"])
        pending = caption + "\n\n" if caption else ""
        last = match.end()
    rest = pending + text[last:].lstrip("\n")
    if rest.strip():
        parts.append(("markdown", rest.strip("\n")))
    return parts


def shown_glue(source: str, names: set[str]) -> tuple[str, list[str]]:
    """``glue("name", ..., display=False)`` made ``display=True`` for each of ``names``.

    Args:
        source: A code cell's source.
        names: The glued names the notebook's text shows as a figure or table.

    Returns:
        The new source and the names whose glue call was found (in order).
        A cell that is not plain Python is returned unchanged.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source, []
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    edits, found = [], []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", None)) == "glue"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and node.args[0].value in names
        ):
            continue
        found.append(node.args[0].value)
        for keyword in node.keywords:
            if keyword.arg == "display" and isinstance(keyword.value, ast.Constant):
                v = keyword.value
                start = offsets[v.lineno - 1] + v.col_offset
                end = offsets[v.end_lineno - 1] + v.end_col_offset
                edits.append((start, end))
    for start, end in sorted(edits, reverse=True):
        source = source[:start] + "True" + source[end:]
    found.sort(key=lambda name: source.find(repr(name)[1:-1]))
    return source, found


def chart_bundle(bundle: Mapping[str, Any]) -> dict[str, Any]:
    """A glued output for Jupyter: a site chart also as a plotly figure Jupyter can draw.

    The site draws a chart from the JSON in its HTML with its own script, which
    a notebook does not have; the figure is added under plotly's mime type
    (the HTML, with the chart's source note, stays as the fallback).
    """
    shown = {k: v for k, v in bundle.items() if not k.startswith(GLUE_PREFIX)}
    match = _CHART_JSON.search(_joined(shown.get("text/html", "")))
    if match and PLOTLY_MIME not in shown:
        spec = json.loads(match["json"])
        shown[PLOTLY_MIME] = {"data": spec.get("data", []), "layout": spec.get("layout", {})}
    return shown


def clean_outputs(outputs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Outputs without warnings naming a file on the builder's machine (empty streams dropped)."""
    kept = []
    for output in outputs:
        if output.get("output_type") == "stream":
            text = _PATH_WARNING.sub("", _joined(output.get("text", "")))
            if not text.strip():
                continue
            output = {**output, "text": text}
        kept.append(output)
    return kept


def _display(name: str, bundle: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "output_type": "display_data",
        "data": chart_bundle(bundle),
        "metadata": {"scrapbook": {"name": name, "mime_prefix": ""}},
    }


def _markdown(text: str) -> dict[str, Any]:
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def intro_cell(*, page: str, built: str, version: str, repository: str) -> list[dict[str, Any]]:
    """The first cells: where the notebook comes from, which data it uses, how to rerun it."""
    install = f'"policytext[book] @ git+{repository}"' if repository else "policytext[book]"
    note = (
        f"*This notebook is the chapter `{page}` of the report, as built on {built} "
        f"(policytext {version}). Its text shows the numbers of that build; its code cells "
        "compute them again from the corpus and configuration installed with the package "
        "(`policytext/data`, the repository's `data/`; set `POLICYTEXT_DATA` to use another "
        'folder). To rerun it, follow the README\'s "Rerunning a downloaded notebook": a fresh '
        f"virtual environment, `pip install {install} ipykernel`, then run all cells.*"
    )
    code = (
        "# On Colab or Binder without the package, install it first (see the README):\n"
        f"# %pip install {install}"
    )
    return [
        _markdown(note),
        {
            "cell_type": "code",
            "execution_count": None,
            "metadata": {"tags": ["remove-cell"]},
            "outputs": [],
            "source": code,
        },
    ]


def downloadable(
    notebook: Mapping[str, Any],
    glue: Mapping[str, Any],
    *,
    page: str,
    built: str = "",
    version: str = "",
    repository: str = "",
) -> dict[str, Any]:
    """The chapter's notebook as offered for download (see the module's docstring).

    Args:
        notebook: The executed notebook (nbformat 4 as a dict).
        glue: myst-nb's glued outputs of that execution (``<page>.glue.json``).
        page: The chapter's page name (``book/terms``).
        built: The build date shown on the site.
        version: The package's version.
        repository: The repository URL (for the install line).

    Returns:
        A new notebook dict; ``notebook`` is not changed.
    """
    result = copy.deepcopy(dict(notebook))
    if result.get("metadata", {}).get("policytext", {}).get("downloadable"):
        return result  # already rewritten (an incremental build left it in place)
    values = glue_values(glue)
    cells: list[dict[str, Any]] = intro_cell(
        page=page, built=built, version=version, repository=repository
    )
    directive_names = {
        match["key"]
        for cell in notebook.get("cells", [])
        if cell.get("cell_type") == "markdown"
        for match in _DIRECTIVE.finditer(_joined(cell.get("source", "")))
    }
    shown: set[str] = set()
    for cell in result.get("cells", []):
        cell = dict(cell)
        if cell.get("cell_type") == "code":
            source, found = shown_glue(_joined(cell.get("source", "")), directive_names)
            cell["source"] = source
            outputs = clean_outputs(cell.get("outputs", []))
            outputs += [_display(name, values[name]) for name in found if name in values]
            shown |= set(found)
            cell["outputs"] = outputs
            cells.append(cell)
            continue
        if cell.get("cell_type") != "markdown":
            cells.append(cell)
            continue
        for kind, part in split_directives(replace_roles(_joined(cell.get("source", "")), values)):
            if kind == "markdown":
                cells.append({**cell, "source": part})
            elif part not in shown and part in values:
                # Glued under a computed name: shown by a cell of its own.
                cells.append(
                    {
                        "cell_type": "code",
                        "execution_count": None,
                        "metadata": {"tags": ["remove-input"]},
                        "outputs": [_display(part, values[part])],
                        "source": f"# {part}: computed above, as the site shows it",
                    }
                )
    for number, cell in enumerate(cells):
        cell.pop("id", None)
        if result.get("nbformat_minor", 0) >= 5:
            cell["id"] = f"cell-{number}"
    result["cells"] = cells
    result.setdefault("metadata", {})["policytext"] = {"downloadable": True, "page": page}
    return result


def rewrite_site_notebooks(app: Any, exception: Exception | None) -> None:
    """Sphinx ``build-finished`` hook: rewrite every downloadable ``.ipynb`` of the site."""
    if exception is not None or app.builder.format != "html":
        return
    sources = Path(app.outdir) / "_sources"
    executed = Path(app.env.mystnb_config.output_folder)
    repository = (app.config.html_theme_options or {}).get("repository_url") or ""
    built = str(getattr(app.config, "policytext_build_date", "") or "")
    for path in sorted(sources.rglob("*.ipynb")):
        page = path.relative_to(sources).with_suffix("").as_posix()
        glue_file = executed / f"{page}.glue.json"
        glue = json.loads(glue_file.read_text(encoding="utf-8")) if glue_file.is_file() else {}
        notebook = json.loads(path.read_text(encoding="utf-8"))
        rewritten = downloadable(
            notebook, glue, page=page, built=built, version=__version__, repository=repository
        )
        text = json.dumps(rewritten, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        path.write_text(text, encoding="utf-8")


class PlotlyBesideHTML:
    """myst-nb mime renderer (entry point ``myst_nb.mime_renderers``): plotly's figure unrendered.

    A chart's output carries its figure twice: as the site's HTML (drawn by
    ``_static/policytext-charts.js``) and under plotly's mime type for Jupyter.
    The site shows the HTML; this plugin renders the plotly copy as nothing,
    instead of myst-nb's "unknown mime type" warning, and keeps it out of the
    output's mime priority.
    """

    mime_priority_overrides = (("*", PLOTLY_MIME, None),)

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list | None:
        """Nothing for plotly's mime type (the HTML beside it is shown); else not handled."""
        return [] if data.mime_type == PLOTLY_MIME else None
