"""Chart pages stay light without losing what the charts show (issue 15, page weight).

The weight itself is measured by ``bench/page_weight.py`` (not a test); these
tests hold the means: one shared plotly template, one dot per place drawn,
only the trace types the vendored plotly.js bundle has.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from policytext import charts

ROOT = Path(__file__).resolve().parent.parent
BASIC_TRACES = {"scatter", "bar", "pie"}
"""The traces of npm's plotly.js-basic-dist-min, the bundle the site ships."""


def test_the_drawing_script_holds_the_installed_plotly_template() -> None:
    script = (ROOT / "_static" / "policytext-charts.js").read_text(encoding="utf-8")
    assert charts.template_line() in script.splitlines()


def test_chart_json_leaves_the_template_to_the_script() -> None:
    import plotly.graph_objects as go

    fig = charts.base_layout(go.Figure(go.Bar(x=["a"], y=[1])))
    spec = json.loads(charts.figure_json(fig))
    assert "template" not in spec["layout"]
    assert spec["layout"]["height"] == 420
    figure = charts.chart(fig, name="t", data=pd.DataFrame({"a": [1]}), source="s").figure
    assert "template" in figure["layout"]  # Jupyter draws it as plotly.py would


def frame(rows: list[tuple[str, int, int, float]]) -> pd.DataFrame:
    words = pd.DataFrame(rows, columns=["term", "count", "count_other", "z"])
    return words.assign(total=words["count"] + words["count_other"])


@pytest.mark.parametrize(
    ("rows", "labelled", "expected"),
    [
        (
            [("甲", 2, 0, 1.234), ("乙", 2, 0, 1.2349), ("丙", 1, 1, 0.0)],
            set(),
            [("甲", "、乙", " (each of 2 words)", ""), ("丙", "", "", "")],
        ),
        (
            [("甲", 2, 0, 1.23), ("乙", 2, 0, 1.24), ("丙", 2, 0, 1.23)],
            {"丙"},
            [("甲", "、丙", " (each of 2 words)", "丙"), ("乙", "", "", "")],
        ),
        ([("甲", 3, 0, 2.5)], {"甲"}, [("甲", "", "", "甲")]),
    ],
)
def test_words_drawn_at_one_place_share_a_dot(rows: list, labelled: set, expected: list) -> None:
    out = charts.dots(frame(rows), labelled=labelled)
    assert list(out[["term", "more", "each", "label"]].itertuples(index=False, name=None)) == (
        expected
    )


def test_a_crowded_dot_lists_some_words_and_counts_the_rest() -> None:
    rows = [(f"词{i}", 1, 1, 0.0) for i in range(charts.HOVER_WORDS + 7)]
    (dot,) = charts.dots(frame(rows), labelled=set()).itertuples()
    listed = [dot.term, *re.split(r"、|<br>", dot.more.split("<br>and ")[0].lstrip("、"))]
    assert listed == [f"词{i}" for i in range(charts.HOVER_WORDS)]
    assert "and 7 more words" in dot.more
    assert dot.each == f" (each of {charts.HOVER_WORDS + 7} words)"


def test_fightin_words_dots_hold_every_word_drawn() -> None:
    from policytext import pipeline

    distinctive = pipeline.results().tables["distinctive_terms.csv"]
    for comparison in dict.fromkeys(distinctive["comparison"]):
        fig = charts.fightin_words(distinctive, comparison=comparison)
        rows = distinctive[distinctive["comparison"] == comparison]
        total = rows["count"] + rows["count_other"]
        drawn = rows[(total >= 2) | (rows["z"].abs() > 1.96)]
        held = sum(
            int(re.search(r"each of ([\d,]+)", c[4])[1].replace(",", "")) if c[4] else 1
            for trace in fig.data
            for c in trace.customdata
        )
        assert held == len(drawn), comparison
        points = sum(len(trace.x) for trace in fig.data)
        assert points <= len(drawn)


def test_every_chart_type_is_in_the_shipped_bundle() -> None:
    import plotly.graph_objects as go

    counts = pd.DataFrame(
        {
            "term": ["a", "a", "b", "b"],
            "doc_id": ["d1", "d2", "d1", "d2"],
            "count": [1, 0, 3, 2],
            "per_10k_chars": [1.0, 0.0, 3.0, 2.0],
        }
    )
    fig = charts.heatmap(counts, terms=["a", "b"], documents=["d1", "d2"])
    assert {trace.type for trace in fig.data} <= BASIC_TRACES
    (trace,) = fig.data
    assert list(trace.text) == ["1", "0", "3", "2"]
    assert list(trace.customdata) == [1, 0, 3, 2]
    assert isinstance(fig, go.Figure)
    package = json.loads(
        (ROOT / "_static" / "vendor" / "plotly" / "package.json").read_text(encoding="utf-8")
    )
    assert package["name"] == "plotly.js-basic-dist-min"


@pytest.mark.book
def test_site_charts_use_only_the_bundle_traces(site: Path) -> None:
    found = set()
    for page in site.glob("book/*.html"):
        for spec in re.findall(
            r'class="policytext-figure"[^>]*>(.*?)</script>', page.read_text(encoding="utf-8"), re.S
        ):
            found |= {trace.get("type", "scatter") for trace in json.loads(spec)["data"]}
    assert found and found <= BASIC_TRACES, found
