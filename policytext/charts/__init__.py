"""Stage 6, charts: plotly figures for the book, rendered as light HTML.

:mod:`~policytext.charts.render` holds what every chart shares: the common
layout and colours, the HTML a chapter displays (:func:`chart`, with its source
note and a link to the chart's data as CSV, written to :data:`STATIC_DATA`)
and the labels of documents. The charts themselves, by the chapter that shows
them: :mod:`~policytext.charts.terms` (focal terms by period, the terms by
document heatmap, each period's top words), :mod:`~policytext.charts.comparison`
(the "Fightin' Words" plots, theme shares) and :mod:`~policytext.charts.figures`
(the figures stated, by unit, and the indicators restated).

Every name is importable from ``policytext.charts``. The data folder is read
where it lives: a test or tool that moves it sets
``policytext.charts.render.STATIC_DATA``.
"""

from policytext.charts.comparison import (
    HOVER_WORDS,
    dots,
    fightin_words,
    fightin_words_pairs,
    theme_shares,
)
from policytext.charts.figures import KIND_SYMBOLS, figures_by_unit, restated_values
from policytext.charts.render import (
    CONFIG,
    FONT,
    NEUTRAL,
    PERIOD_COLOURS,
    STATIC_DATA,
    ChartHTML,
    base_layout,
    chart,
    compact_png,
    document_labels,
    figure_json,
    figure_spec,
    period_colours,
    save_data,
    source_note,
    template_line,
    wrap,
)
from policytext.charts.terms import LEVEL_COLUMNS, TILE, heatmap, term_frequency, top_words

__all__ = [
    "CONFIG",
    "FONT",
    "HOVER_WORDS",
    "KIND_SYMBOLS",
    "LEVEL_COLUMNS",
    "NEUTRAL",
    "PERIOD_COLOURS",
    "STATIC_DATA",
    "TILE",
    "ChartHTML",
    "base_layout",
    "chart",
    "compact_png",
    "document_labels",
    "dots",
    "fightin_words",
    "fightin_words_pairs",
    "figure_json",
    "figure_spec",
    "figures_by_unit",
    "heatmap",
    "period_colours",
    "restated_values",
    "save_data",
    "source_note",
    "template_line",
    "term_frequency",
    "theme_shares",
    "top_words",
    "wrap",
]
