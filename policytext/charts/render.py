"""How every chart looks and reaches the page: layout, colours, HTML, data, labels.

Figures are returned as HTML without plotly.js: the site ships a partial
plotly.js bundle once, deferred, and ``_static/policytext-charts.js`` draws
every chart from its JSON once it has loaded, in the colours of the page's
light or dark theme (see :mod:`policytext.website.assets`). Each chart has a stable
element id so rebuilt pages are identical, a source note naming the documents
and a link to the chart's data as CSV (UTF-8 with a BOM, for Excel).
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from policytext.cache import site_data_dir
from policytext.export import write_csv

STATIC_DATA = site_data_dir()
"""Where chapters write each chart's data during a build (the cache, never the
source tree); the Sphinx extension copies it into the site as ``_static/data/``."""

FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
PERIOD_COLOURS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02")
"""One colour per period, in report order (ColorBrewer Dark2)."""
NEUTRAL = "#9a9a9a"
"""Points that are not distinctive (readable on light and dark backgrounds)."""
CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}
"""plotly's options for every chart: resizes with the page, no mode bar over the legend."""


def period_colours(periods: list[str]) -> dict[str, str]:
    """A fixed colour for each period id, by its place in the date-ordered periods."""
    return {p: PERIOD_COLOURS[i % len(PERIOD_COLOURS)] for i, p in enumerate(periods)}


def base_layout(fig: go.Figure, *, height: int = 420) -> go.Figure:
    """Apply the report's common layout (font, margins, transparent background).

    The background is transparent and the text colour is set in the browser
    from the page's theme, so a chart reads in light and dark mode alike.
    """
    fig.update_layout(
        height=height,
        autosize=True,
        font={"family": FONT, "size": 13},
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        plot_bgcolor="rgba(0,0,0,0)",
        paper_bgcolor="rgba(0,0,0,0)",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        hoverlabel={"font": {"family": FONT}},
    )
    fig.update_xaxes(showgrid=False, automargin=True)
    fig.update_yaxes(gridcolor="#e5e5e5", automargin=True)
    return fig


def save_data(frame: pd.DataFrame, name: str, *, folder: Path | None = None) -> str:
    """Write a chart's data as CSV for download (UTF-8 with a BOM); return its file name."""
    folder = STATIC_DATA if folder is None else folder
    folder.mkdir(parents=True, exist_ok=True)
    filename = f"{name}.csv"
    write_csv(frame, folder / filename)
    return filename


class ChartHTML:
    """HTML output for a notebook cell, and the figure for Jupyter's plotly renderer.

    The site shows the ``text/html`` (myst-nb's HTML builder does not render
    plotly's mime type); Jupyter, which lacks the site's drawing script, draws
    the figure from ``application/vnd.plotly.v1+json`` when a chapter is rerun.
    """

    def __init__(self, markup: str, *, figure: dict | None = None) -> None:
        self.markup = markup
        self.figure = figure

    def _repr_html_(self) -> str:
        return self.markup

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict:
        bundle = {"text/html": self.markup}
        if self.figure is not None:
            bundle["application/vnd.plotly.v1+json"] = self.figure
        return bundle


def figure_spec(fig: go.Figure) -> dict:
    """The figure as plotly.js reads it (``data``, ``layout`` with its template)."""
    import plotly.io

    spec = json.loads(plotly.io.to_json(fig, validate=False))
    return {"data": spec["data"], "layout": spec["layout"]}


def template_line() -> str:
    """The line of ``_static/policytext-charts.js`` that holds plotly's default template.

    Every chart's JSON on the site leaves the template out (6.5 kB a chart);
    the drawing script adds this one copy.
    """
    template = figure_spec(go.Figure())["layout"]["template"]
    text = json.dumps(template, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"  var TEMPLATE = {text};"


def figure_json(fig: go.Figure) -> str:
    """The figure as JSON safe inside a ``<script>`` element (no ``<``, ``>``, ``&``).

    plotly's default template is left out (the page's drawing script holds it
    once, see :func:`template_line`); the chart's own layout is kept whole.
    """
    spec = figure_spec(fig)
    layout = {k: v for k, v in spec["layout"].items() if k != "template"}
    spec = {"data": spec["data"], "layout": layout, "config": CONFIG}
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def chart(
    fig: go.Figure,
    *,
    name: str,
    data: pd.DataFrame,
    source: str,
    depth: int = 1,
    caption: str = "",
) -> ChartHTML:
    """Render a figure as an HTML block with its source note and data link.

    Args:
        fig: The plotly figure.
        name: Stable id, also the CSV's file name (``name.csv``).
        data: The numbers the chart shows, offered for download.
        source: Source note, e.g. the documents counted.
        depth: How deep the page is below the site root (chapters in
            ``book/`` are 1), to link to ``_static/data``.
        caption: Optional text shown above the source note (for charts
            shown outside a numbered figure).

    Returns:
        An object that notebooks display (or glue) as HTML.
    """
    filename = save_data(data, name)
    height = fig.layout.height or 420
    spec = figure_json(fig)
    body = (
        f'<div id="{html.escape(name)}" class="plotly-graph-div policytext-plot" '
        f'style="height:{int(height)}px; width:100%;"></div>'
        f'<script type="application/json" class="policytext-figure" '
        f'data-for="{html.escape(name)}">{spec}</script>'
    )
    href = "../" * depth + f"_static/data/{filename}"
    lead = f'<p class="chart-caption">{html.escape(caption)}</p>' if caption else ""
    note = (
        f'<p class="chart-source"><strong>Source:</strong> {html.escape(source)} '
        f'<a class="chart-data" href="{href}" download>Download the data (CSV)</a></p>'
    )
    figure = figure_spec(fig)  # with its template: Jupyter draws it as plotly.py would
    return ChartHTML(f'<div class="policytext-chart">{body}{lead}{note}</div>', figure=figure)


def source_note(*, name: str, data: pd.DataFrame, source: str, depth: int = 1) -> ChartHTML:
    """A source line and data link (CSV) for a figure that is not a plotly chart (word clouds)."""
    filename = save_data(data, name)
    href = "../" * depth + f"_static/data/{filename}"
    return ChartHTML(
        f'<p class="chart-source"><strong>Source:</strong> {html.escape(source)} '
        f'<a class="chart-data" href="{href}" download>Download the data (CSV)</a></p>'
    )


def compact_png(image: object, *, colours: int = 64) -> object:
    """A displayable PNG reduced to a ``colours`` palette (a word cloud: a third of the bytes)."""
    import io

    from IPython.display import Image as DisplayImage
    from PIL import Image

    picture = Image.open(io.BytesIO(image.data)).convert("RGB")
    small = picture.quantize(colors=colours, method=Image.Quantize.MEDIANCUT)
    buffer = io.BytesIO()
    small.save(buffer, format="PNG", optimize=True)
    return DisplayImage(data=buffer.getvalue(), format="png")


def document_labels(documents: pd.DataFrame, *, short: bool = True) -> dict[str, str]:
    """Outlet and date for each doc_id, as a reader names a document (``中国电子报, 2026-03-05``).

    With ``short`` the outlet's English gloss in parentheses is left out (axis labels).
    """
    return {
        row.doc_id: f"{row.outlet.split(' (')[0] if short else row.outlet}, {row.date}"
        for row in documents[["doc_id", "outlet", "date"]].itertuples(index=False)
    }


def wrap(text: str, width: int = 24) -> str:
    """Break a long English label into lines of about ``width`` characters (``<br>``)."""
    import textwrap

    return "<br>".join(textwrap.wrap(str(text), width)) or str(text)
