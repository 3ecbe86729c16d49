"""Stage 6, charts: plotly figures for the book, rendered as light HTML.

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
import math
import os
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from policytext import display
from policytext.config import default_cache_dir


def _site_data() -> Path:
    return Path(os.environ.get("POLICYTEXT_CACHE") or default_cache_dir()) / "site-data"


STATIC_DATA = _site_data()
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
    from policytext.export import write_csv

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


def term_frequency(by_period: pd.DataFrame, *, terms: list[str], periods: list[str]) -> go.Figure:
    """Grouped bars: each focal term's rate per 10,000 characters, by period.

    Hover shows the raw count and the documents and characters behind it.
    """
    colours = period_colours(periods)
    fig = go.Figure()
    labels = by_period.drop_duplicates("period").set_index("period")["label"]
    for period in periods:
        rows = by_period[(by_period["period"] == period)].set_index("term").reindex(terms)
        fig.add_bar(
            name=str(labels.get(period, period)),
            x=terms,
            y=rows["per_10k_chars"],
            marker_color=colours[period],
            customdata=rows[["count", "documents", "chars"]].to_numpy(),
            hovertemplate=(
                "%{x}: %{y:.1f} per 10,000 characters<br>"
                "%{customdata[0]} mentions in %{customdata[1]} documents "
                "(%{customdata[2]:,} characters)<extra>%{fullData.name}</extra>"
            ),
        )
    fig.update_layout(barmode="group", yaxis_title="mentions per 10,000 characters")
    return base_layout(fig)


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


TILE = 26
"""Side of a heatmap tile in pixels (rows are 30 px apart)."""

LEVEL_COLUMNS = 5
"""Most documents whose heatmap labels stand level (two lines); more turn upright."""


def heatmap(
    counts: pd.DataFrame,
    *,
    terms: list[str],
    documents: list[str],
    names: dict[str, str] | None = None,
) -> go.Figure:
    """Terms × documents, coloured by rate per 10,000 characters, raw counts in the cells.

    Terms are rows and documents columns (few, labelled outlet and date on two
    lines), so the chart stays readable on a phone. Each cell is a square tile
    (a scatter marker) coloured on the Blues scale, with a colour bar.
    """
    names = names or {}
    rate = counts.pivot(index="term", columns="doc_id", values="per_10k_chars")
    raw = counts.pivot(index="term", columns="doc_id", values="count")
    rate, raw = (
        rate.reindex(index=terms, columns=documents),
        raw.reindex(index=terms, columns=documents),
    )
    # Up to LEVEL_COLUMNS documents, labels stand level on two lines (outlet, date);
    # more, and they turn upright on one line, so seven or more columns fit a phone.
    upright = len(documents) > LEVEL_COLUMNS
    columns = [names.get(d, d).replace(", ", " " if upright else "<br>") for d in documents]
    # Drawn as square tiles (a scatter), not a plotly heatmap trace: the site's plotly.js
    # bundle then needs only the basic traces (scatter, bar), 0.3 MB less on every chart page.
    grid = [
        (term, column, doc)
        for term in terms
        for column, doc in zip(columns, documents, strict=True)
    ]
    z = [float(rate.at[term, doc]) for term, _, doc in grid]
    high = max([v for v in z if v == v] or [1.0]) or 1.0
    fig = go.Figure(
        go.Scatter(
            x=[column for _, column, _ in grid],
            y=[term for term, _, _ in grid],
            mode="markers+text",
            marker={
                "symbol": "square",
                "size": TILE,
                "color": [round(v, 2) for v in z],
                "colorscale": "Blues",
                "cmin": 0,
                "cmax": round(high, 2),
                "showscale": True,
                # Below the tiles, not beside them: on a phone the columns keep the width.
                "colorbar": {
                    "title": {"text": "per 10,000 characters", "side": "top"},
                    "orientation": "h",
                    "thickness": 10,
                    "len": 0.7,
                    "x": 0,
                    "xanchor": "left",
                    "y": -0.02,
                    "yanchor": "top",
                },
                "line": {"width": 0},
            },
            text=[f"{raw.at[term, doc]:.0f}" for term, _, doc in grid],
            textfont={
                "size": 11,
                # white on the darker half of the scale, dark on the lighter
                "color": ["#ffffff" if v > high / 2 else "#262626" for v in z],
            },
            customdata=[int(raw.at[term, doc]) for term, _, doc in grid],
            hovertemplate=(
                "%{x}<br>%{y}: %{customdata} mentions, "
                "%{marker.color:.1f} per 10,000 characters<extra></extra>"
            ),
            showlegend=False,
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top", tickfont={"size": 11})
    if upright:  # level labels keep plotly's automatic angle (turned when they would overlap)
        fig.update_xaxes(tickangle=-90)
    return base_layout(fig, height=190 + 30 * len(terms) + (110 if upright else 0))


def top_words(vocab: pd.DataFrame, *, periods: list[str], n: int = 15) -> go.Figure:
    """Small multiples stacked one above the other: each period's ``n`` most frequent words.

    One column, so the panels never overlap on a narrow screen; panel titles
    are the period labels of ``periods.csv``, keyed by period id.
    """
    from plotly.subplots import make_subplots

    labels = vocab.drop_duplicates("period").set_index("period")["label"]
    fig = make_subplots(
        rows=len(periods),
        cols=1,
        subplot_titles=[str(labels.get(p, p)) for p in periods],
        vertical_spacing=0.25 / max(len(periods), 1),
    )
    colours = period_colours(periods)
    for row, period in enumerate(periods, start=1):
        rows = vocab[(vocab["period"] == period) & (vocab["rank"] <= n)].sort_values(
            "rank", ascending=False
        )
        fig.add_bar(
            x=rows["per_10k_chars"],
            y=rows["term"],
            orientation="h",
            marker_color=colours[period],
            customdata=rows["count"],
            hovertemplate=(
                "%{y}: %{customdata} times, %{x:.1f} per 10,000 characters<extra></extra>"
            ),
            showlegend=False,
            row=row,
            col=1,
        )
    fig.update_xaxes(title_text="per 10,000 characters", row=len(periods), col=1)
    fig.update_yaxes(tickfont={"size": 12})
    fig.update_annotations(font={"size": 14}, xanchor="left", x=0)
    base_layout(fig, height=60 + len(periods) * (70 + 24 * n))
    fig.update_layout(margin={"t": 40})
    return fig


def _side_names(comparison: str, labels: dict[str, str]) -> tuple[str, str]:
    first, second = comparison.split(" vs ")
    other = "the other periods" if second == "rest" else labels.get(second, second)
    return labels.get(first, first), other


HOVER_WORDS = 24
"""Most words a hover lists for one dot (the chart's CSV holds every word)."""


def dots(words: pd.DataFrame, *, labelled: set[str], per_line: int = 4) -> pd.DataFrame:
    """One row per dot drawn: the words at the same place (same counts and drawn z) together.

    Words with the same counts in both sides often have the same z-score, and
    a dot per word draws them on top of each other: one dot carries them all
    (the first in the table's order as ``term``, the next in ``more`` for the
    hover, at most :data:`HOVER_WORDS`, and how many more there are), so the
    chart is the same and its page lighter.

    Args:
        words: Rows of one comparison with ``term, count, count_other, total, z``.
        labelled: Words shown as a label beside their dot.
        per_line: Words per line of the hover after the first line (phone-wide).

    Returns:
        Columns ``term, count, count_other, total, z`` (rounded to 0.01),
        ``more`` (the other words, for the hover), ``each`` (said when the
        dot holds more than one word) and ``label``.
    """
    rows = words.assign(z=words["z"].round(2))
    grouped = rows.groupby(["count", "count_other", "total", "z"], sort=False)["term"]
    out = []
    for (count, other, total, z), terms in grouped:
        terms = list(terms)
        listed = terms[1:HOVER_WORDS]
        lines = ["、".join(listed[i : i + per_line]) for i in range(0, len(listed), per_line)]
        more = ("、" + "<br>".join(lines)) if listed else ""
        if len(terms) > HOVER_WORDS:
            more += f"<br>and {len(terms) - HOVER_WORDS:,} more words (see the CSV)"
        out.append(
            {
                "term": terms[0],
                "count": count,
                "count_other": other,
                "total": total,
                "z": z,
                "more": more,
                "each": f" (each of {len(terms):,} words)" if len(terms) > 1 else "",
                "label": "、".join(t for t in terms if t in labelled),
            }
        )
    columns = ["term", "count", "count_other", "total", "z", "more", "each", "label"]
    return pd.DataFrame(out, columns=columns)


def fightin_words(
    distinctive: pd.DataFrame,
    *,
    comparison: str,
    labels: dict[str, str] | None = None,
    label_n: int = 5,
    threshold: float = 1.96,
) -> go.Figure:
    """A "Fightin' Words" plot: z-score against total frequency, top words labelled.

    Three traces with a legend: words distinctive of the first side (z above
    ``threshold``), of the second side (below ``-threshold``) and the rest.
    Only the ``label_n`` most distinctive words at each end are labelled;
    words drawn at the same place share one dot (:func:`dots`), whose hover
    names them. Words seen only once in both sides together are not drawn
    (they cannot be distinctive); the chart's CSV holds every word.

    Args:
        distinctive: Rows of ``distinctive_terms.csv``.
        comparison: Which comparison to draw (e.g. ``<period> vs rest``).
        labels: Period labels by period id (for the legend).
        label_n: Words labelled at each end.
        threshold: |z| above which a word is drawn in colour.
    """
    first, second = _side_names(comparison, labels or {})
    rows = distinctive[distinctive["comparison"] == comparison].copy()
    rows["total"] = rows["count"] + rows["count_other"]
    rows = rows[(rows["total"] >= 2) | (rows["z"].abs() > threshold)]
    ranked = rows.sort_values(["z", "term"], ascending=[False, True])
    top = set(ranked[ranked["z"] > threshold].head(label_n)["term"])
    bottom = set(ranked[ranked["z"] < -threshold].tail(label_n)["term"])
    groups = (
        (f"distinctive of {first}", rows["z"] > threshold, "#d95f02"),
        (f"distinctive of {second}", rows["z"] < -threshold, "#1b9e77"),
        (f"not distinctive (|z| ≤ {threshold:g})", rows["z"].abs() <= threshold, NEUTRAL),
    )
    fig = go.Figure()
    shown = top | bottom
    for name, mask, colour in groups:
        part = dots(rows[mask], labelled=shown)
        # Neighbouring labels alternate sides of their dot, so close words do not overprint.
        order = {d: i for i, d in enumerate(part[part["label"] != ""].sort_values("z").index)}
        # Per-point labels and positions only where a word is labelled (page weight: the
        # many words that are not distinctive carry neither).
        labelled = bool(order)
        position = [
            ("middle left" if order[d] % 2 else "middle right") if d in order else "middle right"
            for d in part.index
        ]
        fig.add_scatter(
            x=part["total"],
            y=part["z"],  # drawn to 0.01; the CSV keeps every digit
            name=name,
            mode="markers+text" if labelled else "markers",
            text=list(part["label"]) if labelled else "",
            textposition=position if labelled else "middle right",
            textfont={"size": 12},
            marker={"color": colour, "size": 6, "opacity": 0.8},
            customdata=part[["term", "count", "count_other", "more", "each"]].to_numpy(),
            hovertemplate=(
                "%{customdata[0]}%{customdata[3]}: z = %{y:.1f}<br>%{customdata[1]} here, "
                "%{customdata[2]} in the other side%{customdata[4]}<extra></extra>"
            ),
            cliponaxis=False,
        )
    for level in (threshold, -threshold):
        fig.add_hline(y=level, line_dash="dot", line_color=NEUTRAL)
    fig.update_xaxes(type="log", title_text="frequency in both sides (log scale)")
    fig.update_yaxes(title_text="z-score (weighted log-odds)")
    base_layout(fig, height=500)
    fig.update_layout(margin={"r": 40})
    return fig


def fightin_words_pairs(
    distinctive: pd.DataFrame, *, comparisons: list[str], labels: dict[str, str]
) -> go.Figure:
    """The pairwise "Fightin' Words" plots in one figure, one shown at a time (a menu)."""
    fig = go.Figure()
    buttons = []
    per = 3  # traces per comparison (see fightin_words)
    for number, comparison in enumerate(comparisons):
        single = fightin_words(distinctive, comparison=comparison, labels=labels)
        for trace in single.data:
            fig.add_trace(trace.update(visible=number == 0))
        first, second = _side_names(comparison, labels)
        visible = [i // per == number for i in range(per * len(comparisons))]
        buttons.append(
            {"label": f"{first} vs {second}", "method": "update", "args": [{"visible": visible}]}
        )
    for level in (1.96, -1.96):
        fig.add_hline(y=level, line_dash="dot", line_color=NEUTRAL)
    fig.update_xaxes(type="log", title_text="frequency in both sides (log scale)")
    fig.update_yaxes(title_text="z-score (weighted log-odds)")
    base_layout(fig, height=540)
    fig.update_layout(
        updatemenus=[
            {
                "buttons": buttons,
                "x": 0,
                "y": 1.0,
                "xanchor": "left",
                "yanchor": "bottom",
                "pad": {"b": 4},
            }
        ],
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0},
        margin={"t": 50, "r": 40},
    )
    return fig


def theme_shares(themes: pd.DataFrame, *, periods: list[str], labels: dict[str, str]) -> go.Figure:
    """Grouped horizontal bars: each theme's rate per 10,000 characters, by period."""
    colours = period_colours(periods)
    order = list(dict.fromkeys(themes["label"]))
    shown = {label: wrap(label, 20) for label in order}
    fig = go.Figure()
    for period in periods:
        rows = themes[themes["period"] == period].set_index("label").reindex(order)
        fig.add_bar(
            name=labels.get(period, period),
            y=[shown[label] for label in order],
            x=rows["per_10k_chars"],
            orientation="h",
            marker_color=colours[period],
            customdata=rows[["count", "documents", "chars"]].to_numpy(),
            hovertemplate=(
                "%{y}: %{x:.1f} per 10,000 characters<br>%{customdata[0]} matches in "
                "%{customdata[1]} documents (%{customdata[2]:,} characters)"
                "<extra>%{fullData.name}</extra>"
            ),
        )
    fig.update_layout(barmode="group", xaxis_title="per 10,000 characters")
    fig.update_yaxes(autorange="reversed")
    return base_layout(fig, height=140 + 20 * len(order) * max(2, len(periods)))


KIND_SYMBOLS = {
    "reported": "circle",
    "estimate": "circle-open",
    "forecast": "diamond-open",
    "target": "star-open",
}
"""Marker per kind of figure: reported values filled, estimates, forecasts and targets open."""


def figures_by_unit(
    figures: pd.DataFrame,
    *,
    periods: list[str],
    labels: dict[str, str],
    names: dict[str, str] | None = None,
) -> go.Figure:
    """One panel per unit (money, percentages and counts never share an axis).

    Each row is an indicator; each marker a figure, coloured by period and
    shaped by kind, so targets and forecasts stand apart from reported values.
    Axis ticks are in Chinese units with their English equivalent
    (``1万亿元`` over ``¥1 trillion``), never ``1T``.
    """
    from plotly.subplots import make_subplots

    names = names or {}
    shown = figures[figures["policy_indicator"]].copy()
    shown["shown_value"] = [
        display.both(v, unit=u) for v, u in zip(shown["value"], shown["unit"], strict=True)
    ]
    shown["document"] = shown["doc_id"].map(lambda d: names.get(d, d))
    shown["indicator_label"] = shown["indicator_label"].map(wrap)
    units = list(dict.fromkeys(shown.sort_values("unit")["unit"]))
    # Each panel's height follows the lines its (wrapped) indicator labels take.
    lines = shown.drop_duplicates(["unit", "indicator_label"])
    lines = lines.assign(n=lines["indicator_label"].str.count("<br>") + 1).groupby("unit")["n"]
    cats = shown.drop_duplicates(["unit", "indicator_label"]).groupby("unit").size()
    rows_per_unit = [int(lines.sum().get(u, 1)) + int(cats.get(u, 1)) for u in units]
    fig = make_subplots(
        rows=len(units),
        cols=1,
        subplot_titles=[f"unit: {u}" for u in units],
        row_heights=[max(n, 1) + 2 for n in rows_per_unit],
        vertical_spacing=0.45 / max(len(units), 1),
    )
    colours = period_colours(periods)
    seen: set[tuple[str, str]] = set()
    for row, unit in enumerate(units, start=1):
        panel = shown[shown["unit"] == unit]
        for (period, kind), group in panel.groupby(["period", "kind"], sort=True):
            key = (period, kind)
            fig.add_scatter(
                x=group["value"],
                y=group["indicator_label"],
                mode="markers",
                name=f"{labels.get(period, period)}, {kind}",
                legendgroup=f"{period}-{kind}",
                showlegend=key not in seen,
                marker={
                    "color": colours.get(period, "#333333"),
                    "symbol": KIND_SYMBOLS.get(kind, "circle"),
                    "size": 11,
                    "line": {"width": 2, "color": colours.get(period, "#333333")},
                },
                customdata=group[["figure", "document", "kind", "year", "shown_value"]]
                .astype(str)
                .to_numpy(),
                hovertemplate=(
                    "%{y}<br><b>%{customdata[0]}</b> = %{customdata[4]}"
                    "<br>(%{customdata[2]}, %{customdata[3]}) %{customdata[1]}<extra></extra>"
                ),
                row=row,
                col=1,
            )
            seen.add(key)
        values = panel["value"][panel["value"] > 0]
        ticks, text = display.log_ticks(values.min(), values.max(), unit=unit, most=4)
        fig.update_xaxes(
            type="log",
            tickvals=ticks,
            ticktext=text,
            tickangle=0,
            tickfont={"size": 10},
            range=[math.log10(ticks[0]) - 0.2, math.log10(ticks[-1]) + 0.2] if ticks else None,
            row=row,
            col=1,
        )
    fig.update_annotations(xanchor="left", x=0, font={"size": 13})
    base_layout(fig, height=220 + 26 * sum(rows_per_unit) + 110 * len(units))
    fig.update_layout(legend={"orientation": "h", "y": -0.04, "yanchor": "top", "x": 0})
    return fig


def restatements(
    restated: pd.DataFrame,
    *,
    periods: list[str],
    labels: dict[str, str],
    names: dict[str, str] | None = None,
) -> go.Figure:
    """Small multiples stacked in one column: each indicator stated more than once.

    Each panel shows an indicator's values by document (outlet and date, not
    the document id), values in Chinese units with English equivalents on the
    axis and in the hover, which also quotes the wording.
    """
    from plotly.subplots import make_subplots

    names = names or {}
    indicators = list(dict.fromkeys(restated["indicator_label"]))
    rows = max(len(indicators), 1)
    fig = make_subplots(
        rows=rows,
        cols=1,
        subplot_titles=[wrap(i, 40) for i in indicators],
        vertical_spacing=0.35 / rows,
    )
    colours = period_colours(periods)
    for number, indicator in enumerate(indicators, start=1):
        group = restated[restated["indicator_label"] == indicator]
        unit = str(group["unit"].iloc[0]) if "unit" in group else ""
        shown = [display.both(v, unit=unit) for v in group["value"]]
        fig.add_scatter(
            x=group["doc_id"].map(lambda d: names.get(d, d).replace(", ", "<br>")),
            y=group["value"],
            mode="markers+lines",
            marker={
                "color": [colours.get(p, "#333333") for p in group["period"]],
                "symbol": [KIND_SYMBOLS.get(k, "circle") for k in group["kind"]],
                "size": 11,
                "line": {"width": 2, "color": [colours.get(p, "#333333") for p in group["period"]]},
            },
            line={"color": NEUTRAL, "width": 1},
            customdata=list(zip(group["figure"], group["kind"], shown, strict=True)),
            hovertemplate=(
                "<b>%{customdata[0]}</b> = %{customdata[2]} (%{customdata[1]})"
                "<br>%{x}<extra></extra>"
            ),
            showlegend=False,
            row=number,
            col=1,
        )
        ticks, text = display.linear_ticks(float(group["value"].max()), unit=unit, count=3)
        fig.update_yaxes(
            tickvals=ticks, ticktext=text, range=[0, max(ticks) * 1.05 or 1], row=number, col=1
        )
    fig.update_xaxes(tickfont={"size": 11}, tickangle=0)
    fig.update_annotations(xanchor="left", x=0, font={"size": 13})
    base_layout(fig, height=80 + 250 * rows)
    fig.update_layout(margin={"t": 50})
    return fig
