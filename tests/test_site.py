"""Numbers and charts as readers see them: :mod:`policytext.display`, the charts, the CSVs.

The site's machinery is tested in ``test_website.py`` and ``test_citation.py``,
the chapters' helpers in ``test_chapter.py``, their tables in ``test_report.py``,
the data dictionary in ``test_data_dictionary.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from policytext import pipeline

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return pipeline.results().tables


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (1.2e12, "元", "1.2万亿元 (¥1.2 trillion)"),
        (3.5e8, "元", "3.5亿元 (¥350 million)"),
        (1e7, "", "1,000万 (10 million)"),
        (6e4, "家", "6万家 (60,000)"),
        (12.5, "%", "12.5%"),
        (300, "人", "300人"),
    ],
)
def test_values_are_written_in_chinese_units_with_english(
    value: float, unit: str, shown: str
) -> None:
    from policytext import display

    assert display.both(value, unit=unit) == shown


@pytest.mark.parametrize(("low", "high"), [(6e10, 4.17e13), (1.0, 6000.0), (5.9, 141.7)])
def test_log_ticks_cover_the_values_in_chinese_units(low: float, high: float) -> None:
    from policytext import display

    ticks, labels = display.log_ticks(low, high, unit="元", most=4)
    assert ticks[0] <= low and ticks[-1] >= high / 10 and len(ticks) <= 4
    assert len(labels) == len(ticks)
    assert not any(re.search(r"\d[eE][+-]?\d|\d[TGMBk]\b", label) for label in labels), labels


def test_write_csv_is_excel_ready(tmp_path: Path) -> None:
    from policytext.export import write_csv

    path = tmp_path / "t.csv"
    write_csv(pd.DataFrame({"term": ["人工智能+"], "count": [3]}), path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
    assert pd.read_csv(path)["term"].tolist() == ["人工智能+"]


def test_chart_data_goes_to_the_cache_not_the_source_tree() -> None:
    from policytext import charts

    assert ROOT / "_static" not in charts.STATIC_DATA.parents
    assert ROOT / "book" not in charts.STATIC_DATA.parents


def test_chart_json_cannot_close_its_script_element() -> None:
    import plotly.graph_objects as go

    from policytext import charts

    fig = go.Figure(go.Bar(x=["</script><script>alert(1)</script>"], y=[1]))
    markup = charts.chart(fig, name="t", data=pd.DataFrame({"a": [1]}), source="s").markup
    payload = markup.split('data-for="t">', 1)[1].rsplit("</script>", 1)[0]
    assert "<" not in payload and ">" not in payload


def test_fightin_words_labels_only_the_top_words_with_a_legend(tables: dict) -> None:
    from policytext import charts

    distinctive = tables["distinctive_terms.csv"]
    comparison = distinctive["comparison"].iloc[0]
    fig = charts.fightin_words(distinctive, comparison=comparison, label_n=4)
    labelled = [t for trace in fig.data for t in trace.text if t]
    assert 0 < len(labelled) <= 8
    assert [trace.name for trace in fig.data][2].startswith("not distinctive")
    assert all(trace.showlegend is not False for trace in fig.data)


def test_restatements_name_documents_by_outlet_and_date(tables: dict) -> None:
    from policytext import charts, figures, report

    restated = report.with_labels(tables["restatements.csv"], figures.load_indicators())
    if restated.empty:
        pytest.skip("no indicator is restated in this corpus")
    names = charts.document_labels(tables["documents.csv"])
    fig = charts.restated_values(restated, periods=[], labels={}, names=names)
    shown = {x for trace in fig.data for x in trace.x}
    assert not shown & set(tables["documents.csv"]["doc_id"])
    assert len(fig.layout.annotations) == restated["indicator"].nunique()


CHAPTER_CALLS_RE = re.compile(r"\bpipeline\.(\w+)\(")


@pytest.mark.parametrize("chapter", sorted((ROOT / "book").glob("*.md")), ids=lambda p: p.stem)
def test_chapters_read_the_cached_result(chapter: Path) -> None:
    """A chapter takes the pipeline's tables from :func:`pipeline.results` (one run per build).

    Only ``results()`` (read from the cache), and ``write`` and ``wordclouds``
    of a result, are called; ``run`` would compute the pipeline again.
    """
    source = chapter.read_text(encoding="utf-8")
    calls = set(CHAPTER_CALLS_RE.findall(source))
    assert calls <= {"results", "write", "wordclouds"}, calls
    assert "from policytext.pipeline import" not in source  # a call by bare name
    if calls:
        assert "results" in calls
