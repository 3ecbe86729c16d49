"""Charts of the terms: focal terms by period, terms by document, each period's top words."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from policytext.charts.render import base_layout, period_colours


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
