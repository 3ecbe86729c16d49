"""Charts that compare periods: distinctive words ("Fightin' Words") and theme shares."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from policytext.charts.render import NEUTRAL, base_layout, period_colours, wrap


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
