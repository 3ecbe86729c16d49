"""Stage 6, charts: plotly figures for the book, rendered as light HTML.

Figures are returned as HTML without plotly.js (the site ships it once, see
:mod:`policytext.sphinxext`), with a stable element id so rebuilt pages are
identical, a source note naming the documents, and a link to the chart's data
as CSV.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from policytext.config import DATA_DIR

STATIC_DATA = DATA_DIR.parent / "_static" / "data"
"""Where chapters write each chart's data; the site serves it as ``_static/data/``."""

FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
PERIOD_COLOURS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02")
"""One colour per period, in report order (ColorBrewer Dark2)."""


def period_colours(periods: list[str]) -> dict[str, str]:
    """A fixed colour for each period, by its position in the report."""
    return {p: PERIOD_COLOURS[i % len(PERIOD_COLOURS)] for i, p in enumerate(periods)}


def base_layout(fig: go.Figure, *, height: int = 420) -> go.Figure:
    """Apply the report's common layout (font, margins, white background)."""
    fig.update_layout(
        height=height,
        font={"family": FONT, "size": 13},
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
    )
    fig.update_xaxes(showgrid=False, automargin=True)
    fig.update_yaxes(gridcolor="#e5e5e5", automargin=True)
    return fig


def save_data(frame: pd.DataFrame, name: str, *, folder: Path = STATIC_DATA) -> str:
    """Write a chart's data as CSV for download; return its file name."""
    folder.mkdir(parents=True, exist_ok=True)
    filename = f"{name}.csv"
    frame.to_csv(folder / filename, index=False, lineterminator="\n", encoding="utf-8")
    return filename


class ChartHTML:
    """HTML output for a notebook cell (``text/html`` only, no plotly mimetype)."""

    def __init__(self, markup: str) -> None:
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup


def chart(
    fig: go.Figure, *, name: str, data: pd.DataFrame, source: str, depth: int = 1
) -> ChartHTML:
    """Render a figure as an HTML block with its source note and data link.

    Args:
        fig: The plotly figure.
        name: Stable id, also the CSV's file name (``name.csv``).
        data: The numbers the chart shows, offered for download.
        source: Source note, e.g. the documents counted.
        depth: How deep the page is below the site root (chapters in
            ``book/`` are 1), to link to ``_static/data``.

    Returns:
        An object that notebooks display (or glue) as HTML.
    """
    filename = save_data(data, name)
    body = fig.to_html(
        include_plotlyjs=False,
        include_mathjax=False,
        full_html=False,
        div_id=name,
        config={"displaylogo": False, "responsive": True},
    )
    href = "../" * depth + f"_static/data/{filename}"
    note = (
        f'<p class="chart-source"><strong>Source:</strong> {html.escape(source)} '
        f'<a class="chart-data" href="{href}" download>Download the data (CSV)</a></p>'
    )
    return ChartHTML(f'<div class="policytext-chart">{body}{note}</div>')


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


def heatmap(counts: pd.DataFrame, *, terms: list[str], documents: list[str]) -> go.Figure:
    """Documents × terms, coloured by rate per 10,000 characters, raw counts on hover."""
    rate = counts.pivot(index="doc_id", columns="term", values="per_10k_chars")
    raw = counts.pivot(index="doc_id", columns="term", values="count")
    rate, raw = (
        rate.reindex(index=documents, columns=terms),
        raw.reindex(index=documents, columns=terms),
    )
    fig = go.Figure(
        go.Heatmap(
            z=rate.to_numpy(),
            x=terms,
            y=documents,
            customdata=raw.to_numpy(),
            colorscale="Blues",
            text=raw.to_numpy(),
            texttemplate="%{text}",
            hovertemplate=(
                "%{y}<br>%{x}: %{customdata} mentions, "
                "%{z:.1f} per 10,000 characters<extra></extra>"
            ),
            colorbar={"title": "per 10k chars"},
        )
    )
    fig.update_yaxes(autorange="reversed")
    return base_layout(fig, height=120 + 45 * len(documents))


def top_words(vocab: pd.DataFrame, *, periods: list[str], n: int = 15) -> go.Figure:
    """One horizontal bar panel per period: its ``n`` most frequent content words."""
    from plotly.subplots import make_subplots

    labels = vocab.drop_duplicates("period").set_index("period")["label"]
    fig = make_subplots(
        rows=1, cols=len(periods), subplot_titles=[str(labels.get(p, p)) for p in periods]
    )
    colours = period_colours(periods)
    for column, period in enumerate(periods, start=1):
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
            row=1,
            col=column,
        )
    fig.update_xaxes(title_text="per 10,000 characters")
    return base_layout(fig, height=40 + 24 * n)


def fightin_words(
    distinctive: pd.DataFrame, *, comparison: str, label_n: int = 10, threshold: float = 1.96
) -> go.Figure:
    """A "Fightin' Words" plot: z-score against total frequency, top terms labelled.

    Words seen only once in both sides together are not drawn (they cannot be
    distinctive); the chart's CSV holds every word.

    Args:
        distinctive: Rows of ``distinctive_terms.csv``.
        comparison: Which comparison to draw (e.g. ``2026-03 vs rest``).
        label_n: Terms labelled at each end.
        threshold: |z| above which a term is drawn in colour.
    """
    rows = distinctive[distinctive["comparison"] == comparison].copy()
    rows["total"] = rows["count"] + rows["count_other"]
    rows["z"] = rows["z"].round(3)
    # Words seen once in the whole comparison cannot stand out; they stay in the CSV.
    rows = rows[(rows["total"] >= 2) | (rows["z"].abs() > threshold)]
    ranked = rows.sort_values(["z", "term"], ascending=[False, True])
    labelled = set(ranked.head(label_n)["term"]) | set(ranked.tail(label_n)["term"])
    colour = rows["z"].map(
        lambda z: "#d95f02" if z > threshold else ("#1b9e77" if z < -threshold else "#bbbbbb")
    )
    fig = go.Figure(
        go.Scatter(
            x=rows["total"],
            y=rows["z"],
            mode="markers+text",
            text=[t if t in labelled else "" for t in rows["term"]],
            textposition="middle right",
            marker={"color": colour, "size": 6, "opacity": 0.8},
            customdata=rows[["term", "count", "count_other"]].to_numpy(),
            hovertemplate=(
                "%{customdata[0]}: z = %{y:.2f}<br>%{customdata[1]} here, "
                "%{customdata[2]} in the other side<extra></extra>"
            ),
        )
    )
    for level in (threshold, -threshold):
        fig.add_hline(y=level, line_dash="dot", line_color="#999999")
    fig.update_xaxes(type="log", title_text="frequency in both sides (log scale)")
    fig.update_yaxes(title_text="z-score (weighted log-odds)")
    return base_layout(fig, height=480)


def fightin_words_pairs(
    distinctive: pd.DataFrame, *, comparisons: list[str], labels: dict[str, str]
) -> go.Figure:
    """The pairwise "Fightin' Words" plots in one figure, one shown at a time (a menu)."""
    fig = go.Figure()
    buttons = []
    for number, comparison in enumerate(comparisons):
        single = fightin_words(distinctive, comparison=comparison)
        fig.add_trace(single.data[0].update(visible=number == 0))
        first, second = comparison.split(" vs ")
        title = f"{labels.get(first, first)} vs {labels.get(second, second)}"
        visible = [i == number for i in range(len(comparisons))]
        buttons.append({"label": title, "method": "update", "args": [{"visible": visible}]})
    for level in (1.96, -1.96):
        fig.add_hline(y=level, line_dash="dot", line_color="#999999")
    fig.update_layout(
        updatemenus=[{"buttons": buttons, "x": 0, "y": 1.12, "xanchor": "left"}],
    )
    fig.update_xaxes(type="log", title_text="frequency in both sides (log scale)")
    fig.update_yaxes(title_text="z-score (weighted log-odds)")
    base_layout(fig, height=500)
    fig.update_layout(margin={"t": 60})
    return fig


def theme_shares(themes: pd.DataFrame, *, periods: list[str], labels: dict[str, str]) -> go.Figure:
    """Grouped horizontal bars: each theme's rate per 10,000 characters, by period."""
    colours = period_colours(periods)
    order = list(dict.fromkeys(themes["label"]))
    fig = go.Figure()
    for period in periods:
        rows = themes[themes["period"] == period].set_index("label").reindex(order)
        fig.add_bar(
            name=labels.get(period, period),
            y=order,
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
    fig.update_layout(barmode="group", xaxis_title="theme terms per 10,000 characters")
    fig.update_yaxes(autorange="reversed")
    return base_layout(fig, height=140 + 28 * len(order) * max(1, len(periods)) // 2)


KIND_SYMBOLS = {
    "reported": "circle",
    "estimate": "circle-open",
    "forecast": "diamond-open",
    "target": "star-open",
}
"""Marker per kind of figure: reported values filled, estimates, forecasts and targets open."""


def figures_by_unit(
    figures: pd.DataFrame, *, periods: list[str], labels: dict[str, str]
) -> go.Figure:
    """One panel per unit (money, percentages and counts never share an axis).

    Each row is an indicator; each marker a figure, coloured by period and
    shaped by kind, so targets and forecasts stand apart from reported values.
    """
    from plotly.subplots import make_subplots

    shown = figures[figures["policy_indicator"]].copy()
    units = list(dict.fromkeys(shown.sort_values("unit")["unit"]))
    rows_per_unit = [shown.loc[shown["unit"] == u, "indicator_label"].nunique() for u in units]
    fig = make_subplots(
        rows=len(units),
        cols=1,
        subplot_titles=[f"unit: {u}" for u in units],
        row_heights=[max(n, 1) for n in rows_per_unit],
        vertical_spacing=0.3 / max(len(units), 1),
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
                customdata=group[["figure", "doc_id", "kind", "year"]].astype(str).to_numpy(),
                hovertemplate=(
                    "%{y}<br><b>%{customdata[0]}</b> (%{customdata[2]}, %{customdata[3]})"
                    "<br>%{customdata[1]}<extra></extra>"
                ),
                row=row,
                col=1,
            )
            seen.add(key)
        fig.update_xaxes(type="log", row=row, col=1)
    base_layout(fig, height=200 + 34 * sum(rows_per_unit) + 60 * len(units))
    fig.update_layout(legend={"orientation": "h", "y": -0.02, "yanchor": "top", "x": 0})
    return fig


def restatements(
    restated: pd.DataFrame, *, periods: list[str], labels: dict[str, str]
) -> go.Figure:
    """Small multiples: each indicator stated more than once, its values by document."""
    from plotly.subplots import make_subplots

    names = list(dict.fromkeys(restated["indicator_label"]))
    columns = 2
    rows = (len(names) + columns - 1) // columns
    fig = make_subplots(
        rows=rows, cols=columns, subplot_titles=names, vertical_spacing=0.5 / max(rows, 1)
    )
    colours = period_colours(periods)
    for number, name in enumerate(names):
        group = restated[restated["indicator_label"] == name]
        fig.add_scatter(
            x=group["doc_id"],
            y=group["value"],
            mode="markers+lines+text",
            text=group["figure"],
            textposition="top center",
            marker={
                "color": [colours.get(p, "#333333") for p in group["period"]],
                "symbol": [KIND_SYMBOLS.get(k, "circle") for k in group["kind"]],
                "size": 11,
            },
            line={"color": "#cccccc"},
            customdata=group[["sentence", "kind"]].to_numpy(),
            hovertemplate="%{text} (%{customdata[1]})<br>%{customdata[0]}<extra></extra>",
            showlegend=False,
            row=number // columns + 1,
            col=number % columns + 1,
        )
    fig.update_xaxes(tickangle=-25, tickfont={"size": 10})
    fig.update_yaxes(rangemode="tozero")
    fig.update_traces(cliponaxis=False)
    base_layout(fig, height=120 + 340 * rows)
    fig.update_layout(margin={"t": 60})
    return fig
