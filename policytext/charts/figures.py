"""Charts of the figures the documents state: by unit, and the indicators restated."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from policytext import display
from policytext.charts.render import NEUTRAL, base_layout, period_colours, wrap

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


def restated_values(
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
