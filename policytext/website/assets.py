"""What the site ships beside its pages, and what each page loads.

- A partial plotly.js bundle (the basic traces the book draws, vendored in
  ``_static/vendor/plotly`` at the version the installed plotly bundles) and
  ``policytext-charts.js``, which draws the charts in the page's light or dark
  theme: deferred, only on pages that hold a chart. No CDN.
- ``policytext-filter.js``, the filter box above long tables: deferred, only
  on pages that hold one.
- The charts' data CSVs, written by the chapters into the build cache (never
  the source tree), copied into the site as ``_static/data``.
- Pages made lighter: scripts the theme loads on every page but nothing uses
  are dropped.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from policytext.cache import site_data_dir

PLOTLY_JS = "vendor/plotly/plotly-basic.min.js"
"""The partial plotly.js bundle (npm ``plotly.js-basic-dist-min``), under ``_static``."""
CHARTS_JS = "policytext-charts.js"
"""Draws every chart from its JSON once plotly.js has loaded, in the page's theme."""
CHART_MARKER = "policytext-figure"
"""A class every chart's HTML holds: the page needs the chart scripts."""
FILTER_JS = "policytext-filter.js"
"""Filters the rows of a table as the reader types in the box above it."""
FILTER_MARKER = "policytext-filter"
"""The class of the filter box (:class:`policytext.report.Searchable`): the page needs FILTER_JS."""

PAGE_SCRIPTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (CHART_MARKER, (PLOTLY_JS, CHARTS_JS)),
    (FILTER_MARKER, (FILTER_JS,)),
)
"""The scripts under ``_static`` a page loads when its body holds the marker, in order."""


def page_scripts(body: str) -> list[str]:
    """The scripts (paths under ``_static``) a page loads, from its body's markers, in order.

    Example:
        >>> page_scripts('<input class="policytext-filter">')
        ['policytext-filter.js']
    """
    return [script for marker, scripts in PAGE_SCRIPTS if marker in body for script in scripts]


def add_page_scripts(context: dict) -> None:
    """Add the scripts this page needs to its context: deferred, in order, this page only.

    ``app.add_js_file`` here would add them to every later page.
    """
    from sphinx.builders.html._assets import _JavaScript

    needed = page_scripts(context.get("body", ""))
    if needed:
        context["script_files"] = [
            *context.get("script_files", []),
            *(
                _JavaScript(f"_static/{script}", priority=200 + i, defer="defer")
                for i, script in enumerate(needed)
            ),
        ]


def scripts_only_where_needed(app: Any, config: Any) -> None:
    """Keep the page scripts off pages that do not need them.

    Jupyter Book lists every ``.js`` under ``_static`` in ``html_js_files`` (every
    page); :func:`add_page_scripts` adds them to the pages that need them only.
    """
    ours = {script for _, scripts in PAGE_SCRIPTS for script in scripts}
    config.html_js_files = [
        js for js in config.html_js_files if (js[0] if isinstance(js, tuple) else js) not in ours
    ]


def clear_chart_data(app: Any) -> None:
    """Start every build with no chart data: only this build's CSVs reach the site."""
    shutil.rmtree(site_data_dir(), ignore_errors=True)


def copy_chart_data(app: Any, exception: Exception | None) -> None:
    """Copy the charts' data (written by the chapters into the cache) into the site."""
    if exception is None and app.builder.format == "html":
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        chart_data = site_data_dir()
        if chart_data.is_dir():
            shutil.rmtree(static / "data", ignore_errors=True)
            shutil.copytree(chart_data, static / "data")


FONTAWESOME_JS = re.compile(
    r'<script[^>]*src="[^"]*_static/scripts/fontawesome\.js[^"]*"[^>]*>\s*</script>\n?'
)
"""pydata-sphinx-theme's Font Awesome script (1.5 MB): its CSS already draws the icons
with the Font Awesome webfont it ships, so the script is dropped from every page."""

INLINE_SEARCH_JS = re.compile(
    r'<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)"'
    r"></script>\n?"
)
"""The search index and tools pydata-sphinx-theme loads on every page for its
search-as-you-type (off in this book: ``search_as_you_type`` is not set); the
search box sends the query to ``search.html``, which loads them itself."""

SPHINX_DESIGN = re.compile(
    r'<link[^>]*href="[^"]*_static/sphinx-design\.min\.css[^"]*"[^>]*>\n?'
    r'|<script[^>]*src="[^"]*_static/design-tabs\.js[^"]*"[^>]*></script>\n?'
)
"""sphinx-design's stylesheet and script (loaded by Jupyter Book on every page),
dropped from pages that use none of its components (no ``sd-`` class)."""


def lighten_pages(app: Any, exception: Exception | None) -> None:
    """Remove the Font Awesome script (and the search index, but on the search page) from pages."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    inline_search = (app.config.html_theme_options or {}).get("search_as_you_type")
    for path in outdir.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        lighter = FONTAWESOME_JS.sub("", page)
        if path.name != "search.html" and not inline_search:
            lighter = INLINE_SEARCH_JS.sub("", lighter)
        if 'class="sd-' not in lighter:
            lighter = SPHINX_DESIGN.sub("", lighter)
        if lighter != page:
            path.write_text(lighter, encoding="utf-8")
    for name in ("fontawesome.js", "fontawesome.js.map"):
        (outdir / "_static" / "scripts" / name).unlink(missing_ok=True)
