"""Integration test: the whole book builds, executing every notebook, warnings as errors."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.book


def chapters() -> list[str]:
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    return re.findall(r"file:\s*(\S+)", toc)


def test_index_opens_with_every_chapter(site: Path) -> None:
    assert (site / "index.html").exists()
    landing = (site / "book" / "index.html").read_text(encoding="utf-8")
    for chapter in chapters():
        assert f'href="{Path(chapter).name}.html"' in landing, chapter


@pytest.mark.parametrize("chapter", chapters())
def test_chapter_pages_load_nothing_from_the_network(site: Path, chapter: str) -> None:
    page = (site / f"{chapter}.html").read_text(encoding="utf-8")
    external = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="((?:https?:)?//[^"]+)"', page)
    assert external == [], external


@pytest.mark.parametrize("chapter", chapters())
def test_chapter_pages_are_light(site: Path, chapter: str) -> None:
    page = site / f"{chapter}.html"
    assert page.stat().st_size < 500_000, "plotly.js must not be inlined"


def test_plotly_is_shipped_once_deferred_and_loaded_only_with_charts(site: Path) -> None:
    from policytext.website.assets import CHARTS_JS, PLOTLY_JS

    assert (site / "_static" / PLOTLY_JS).stat().st_size > 500_000
    assert not (site / "_static" / "plotly.min.js").exists(), "the full bundle is shipped"
    for chapter in chapters():
        page = (site / f"{chapter}.html").read_text(encoding="utf-8")
        has_chart = "plotly-graph-div" in page
        assert (PLOTLY_JS in page) == has_chart, chapter
        for script in (PLOTLY_JS, CHARTS_JS):
            tags = re.findall(rf"<script[^>]*{re.escape(script)}[^>]*>", page)
            assert all("defer" in tag for tag in tags), (chapter, tags)


def test_downloads_are_excel_ready_and_equal_the_export(site: Path, tmp_path: Path) -> None:
    """Every CSV the site offers starts with a UTF-8 BOM; the data page's equal the export's."""
    from policytext import pipeline

    offered = sorted((site / "_static" / "data").rglob("*.csv"))
    assert offered
    for path in offered:
        assert path.read_bytes().startswith(b"\xef\xbb\xbf"), path.name
    out = tmp_path / "out"
    pipeline.write(pipeline.run(), out)
    published = site / "_static" / "data" / "exports"
    exported = sorted(p.relative_to(out) for p in out.rglob("*.csv"))
    assert exported == sorted(p.relative_to(published) for p in published.rglob("*.csv"))
    for name in exported:
        assert (out / name).read_bytes() == (published / name).read_bytes(), name


def test_chart_data_is_not_written_into_the_source_tree(site: Path) -> None:
    assert not (ROOT / "_static" / "data").exists()
    assert list((site / "_static" / "data").glob("*.csv"))


def test_every_chart_offers_its_data(site: Path) -> None:
    for chapter in chapters():
        page = (site / f"{chapter}.html").read_text(encoding="utf-8")
        for link in re.findall(r'class="chart-data" href="([^"]+)"', page):
            assert (site / "book" / link).resolve().exists(), (chapter, link)
        charts = page.count('class="policytext-chart"')
        assert charts == page.count('class="plotly-graph-div policytext-plot"'), chapter
        # every chart, and every other figure with data (word clouds), has a source line
        assert charts <= page.count('class="chart-source"'), chapter


def test_no_notebook_error_or_raw_traceback_in_pages(site: Path) -> None:
    for chapter in chapters():
        page = (site / f"{chapter}.html").read_text(encoding="utf-8")
        assert "Traceback" not in page and "output error" not in page, chapter


def page_text(path: Path) -> str:
    """A built page's text as a reader sees it (scripts, styles and tags dropped)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", "", path.read_text(encoding="utf-8"), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_glued_values_are_rendered(site: Path) -> None:
    """A glue key that does not resolve would leave its role, or its name, in the page."""
    from policytext.website.glue_keys import load_glue_keys

    for key, entry in load_glue_keys().items():
        for page in entry.pages:
            text = page_text(site / "book" / f"{page}.html")
            assert "{glue" not in text, page
            assert "_" not in key or key not in text, (page, key)


def test_the_corpus_page_states_the_cleaning_facts(site: Path) -> None:
    from policytext import facts, pipeline

    results = pipeline.results()
    cleaning = facts.cleaning(results.tables["documents.csv"], results.tables["cleaning_audit.csv"])
    text = page_text(site / "book" / "corpus.html")
    for value in (cleaning.chars_raw, cleaning.chars_clean, cleaning.share_removed):
        assert re.search(rf"(?<![\d.])(?<!\d,){re.escape(str(value))}(?!,?\d)", text), value


def test_search_index_is_segmented_with_the_user_dictionary(site: Path) -> None:
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    for term in ("未来产业", "新质生产力", "人工智能+"):
        assert term in index["terms"], term
    assert "term" in index["terms"]  # English words stay searchable (stemmed)


def test_build_is_not_left_in_the_repository() -> None:
    leftovers = [p for p in (ROOT / "book").rglob("*") if p.name == "_build"]
    assert leftovers == []
