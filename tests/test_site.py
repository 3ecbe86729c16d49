"""The site's reference material, without building it: data dictionary, citation, bibliography.

And the pure helpers of :mod:`policytext.website` (addresses, citations, the
offline check) and :mod:`policytext.chapter` (the generated Markdown).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml
from pybtex.database import parse_file, parse_string
from pybtex.plugin import find_plugin

from policytext import __version__, bibliography, chapter, data_dictionary, pipeline
from policytext.config import DATA_DIR
from policytext.errors import InputError
from policytext.lexicon import load_terms
from policytext.schema import DictionaryColumn, DictionaryTable
from policytext.website import assets, citation, offline, page_context
from policytext.website.citation import Citation

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return pipeline.run().tables


# --------------------------------------------------------------------------
# Data dictionary
# --------------------------------------------------------------------------


def test_every_exported_column_is_documented_and_vice_versa(tables: dict) -> None:
    dictionary = data_dictionary.load_data_dictionary()
    assert data_dictionary.dictionary_problems(tables, dictionary) == []


def test_dictionary_lists_columns_in_the_order_of_the_csv(tables: dict) -> None:
    dictionary = data_dictionary.load_data_dictionary()
    for name, entry in dictionary.items():
        assert list(entry.columns) == list(tables[name].columns), name


def test_dictionary_problems_name_each_difference() -> None:
    frame = pd.DataFrame({"a": [1], "b": ["x"], "c": [1.5]})
    column = DictionaryColumn
    dictionary = {
        "t.csv": DictionaryTable(
            description="d",
            columns={
                "a": column(type="integer", meaning="m"),
                "c": column(type="integer", meaning="m"),
                "gone": column(type="string", meaning="m"),
            },
        ),
        "old.csv": DictionaryTable(description="d"),
    }
    problems = data_dictionary.dictionary_problems({"t.csv": frame, "new.csv": frame}, dictionary)
    assert problems == sorted(
        [
            "new.csv: exported but not in data/data_dictionary.yml",
            "old.csv: in data/data_dictionary.yml but not exported",
            "t.csv: column 'b' is not documented",
            "t.csv: column 'c' is documented as integer but holds float64 values",
            "t.csv: documented column 'gone' is not exported",
        ]
    )


def test_dictionary_needs_a_type_and_a_meaning(tmp_path: Path) -> None:
    path = tmp_path / "d.yml"
    path.write_text(
        "tables:\n  t.csv:\n    description: d\n    columns:\n"
        "      a: {type: text, meaning: m}\n      b: {type: string}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        data_dictionary.load_data_dictionary(path)
    assert "t.csv: a: type must be one of" in str(info.value)
    assert "t.csv: b: needs a 'meaning'" in str(info.value)


def test_data_page_links_every_table_and_refuses_an_undocumented_one(tables: dict) -> None:
    dictionary = data_dictionary.load_data_dictionary()
    page = chapter.data_page(tables, dictionary, files=["clean/a.txt"]).text
    for name in dictionary:
        assert f'href="../_static/data/exports/{name}"' in page
        assert f":name: data-{name.removesuffix('.csv').replace('_', '-')}" in page
    assert 'href="../_static/data/exports/clean/a.txt"' in page
    extra = {**tables, "documents.csv": tables["documents.csv"].assign(extra=1)}
    with pytest.raises(InputError, match="column 'extra' is not documented"):
        chapter.data_page(extra, dictionary)


# --------------------------------------------------------------------------
# Glossary
# --------------------------------------------------------------------------


def test_glossary_has_every_term_and_no_other(tables: dict) -> None:
    terms = load_terms()
    text = chapter.glossary(terms, tables["term_counts.csv"]).text
    rows = re.findall(r"^\* - \*\*(.+?)\*\*$", text, re.M)
    assert [row.replace("\\", "") for row in rows] == [t.term for t in terms]
    for term in terms:
        assert chapter.md_escape(term.pinyin) in text
        assert chapter.md_escape(term.gloss_en) in text


def test_glossary_page_types_no_term() -> None:
    """The glossary page is generated: no term of terms.yml is written in its source."""
    source = (ROOT / "book" / "glossary.md").read_text(encoding="utf-8")
    assert [t.term for t in load_terms() if t.term in source] == []


# --------------------------------------------------------------------------
# Citation
# --------------------------------------------------------------------------


def config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def test_citation_cff_agrees_with_the_site() -> None:
    cfg = config()
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    expected = {
        "title": cfg["title"],
        "authors": citation.parse_authors(cfg["author"]),
        "version": __version__,
        "repository-code": cfg["repository"]["url"],
        "url": citation.site_url(cfg["repository"]["url"]),
    }
    assert citation.citation_problems(cff, expected=expected) == []
    preferred = cff["preferred-citation"]
    assert preferred["type"] == "report"
    for key in ("title", "authors", "url", "repository-code", "version"):
        assert preferred[key] == cff[key], key


def test_citation_cff_has_the_required_fields() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors"):
        assert cff[key], key
    assert all("name" in a or "family-names" in a for a in cff["authors"])


def test_citation_problems_name_the_field() -> None:
    cff = {"title": "T", "authors": [{"name": "A"}], "version": "0.0.9"}
    expected = {"title": "T", "authors": ("A",), "version": "0.1.0"}
    assert citation.citation_problems(cff, expected=expected) == [
        "CITATION.cff: version is '0.0.9', the site says '0.1.0'"
    ]


def test_site_url_is_github_pages() -> None:
    assert citation.site_url("https://github.com/Owner/repo.git") == "https://owner.github.io/repo/"
    assert citation.site_url("https://github.com/o/o.github.io/") == "https://o.github.io/"
    assert citation.site_url("https://gitlab.com/o/r") == ""


def test_chapter_citation_as_text_and_bibtex() -> None:
    citation = Citation(
        authors=("The policytext authors",),
        title="How MIIT talks, June 2025 – March 2026",
        version="1.2.3",
        date="2026-04-01",
        url="https://o.github.io/r/book/terms.html",
        chapter="Terms & 100% {things}",
        key="policytext-terms",
    )
    text = citation.text()
    for part in ("The policytext authors (2026)", "“Terms & 100% {things}”", "1.2.3"):
        assert part in text
    assert text.endswith("2026-04-01). https://o.github.io/r/book/terms.html")
    entry = parse_string(citation.bibtex(), "bibtex").entries["policytext-terms"]
    assert entry.type == "incollection"
    assert entry.fields["title"] == r"Terms \& 100\% \{things\}"
    assert entry.fields["booktitle"] == "How MIIT talks, June 2025 – March 2026"
    assert entry.fields["url"] == "https://o.github.io/r/book/terms.html"
    assert (entry.fields["year"], entry.fields["version"]) == ("2026", "1.2.3")
    assert str(entry.persons["author"][0]) == "{The policytext authors}"


def test_report_citation_is_misc() -> None:
    citation = Citation(("A",), "T", "1", "2026-01-02", "https://x/")
    assert citation.bibtex().startswith("@misc{policytext,")
    assert citation.text() == "A (2026). T (version 1, 2026-01-02). https://x/"


def test_build_date_follows_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1774310400")
    assert citation.build_date() == "2026-03-24"


def test_colab_opens_the_published_notebook() -> None:
    url = page_context.colab_url(
        "https://colab.research.google.com/", "https://github.com/o/r/", "gh-pages", "book/x"
    )
    assert url == "https://colab.research.google.com/github/o/r/blob/gh-pages/_sources/book/x.ipynb"


# --------------------------------------------------------------------------
# Bibliography of the sources
# --------------------------------------------------------------------------


def source_entries(rows: list[dict[str, str]]) -> dict:
    return parse_string(bibliography.source_bibliography(rows), "bibtex").entries


def test_every_source_document_is_in_the_bibliography() -> None:
    manifest = pd.read_csv(DATA_DIR / "corpus.csv", dtype=str, keep_default_na=False)
    rows = manifest.to_dict("records")
    bib = source_entries(rows)
    months = "January February March April May June July August September October November December"
    assert list(bib) == [row["doc_id"] for row in rows]
    for doc in manifest.itertuples(index=False):
        entry = bib[doc.doc_id]
        assert entry.type == "misc"
        title = entry.fields["title"].strip("{}")
        assert title.startswith(doc.title.replace("%", r"\%")), doc.doc_id
        assert doc.title_en in title, doc.doc_id
        assert entry.fields["date"] == doc.date, doc.doc_id
        assert entry.fields["year"] == doc.date[:4], doc.doc_id
        if len(doc.date) >= 7:
            assert entry.fields["month"] == months.split()[int(doc.date[5:7]) - 1], doc.doc_id
        outlet = doc.outlet.split(",")[0]
        assert outlet in str(entry.persons["author"][0]), doc.doc_id
        note = entry.fields["note"].replace("\\_", "_")
        assert doc.date_note in note and doc.file in note, doc.doc_id
        assert entry.fields.get("url", "") == doc.url


def test_references_bib_holds_no_source() -> None:
    """Sources come from the manifest alone: a hand-written entry would drift from it."""
    manifest = pd.read_csv(DATA_DIR / "corpus.csv", dtype=str, keep_default_na=False)
    hand = parse_file(ROOT / "references.bib", "bibtex").entries
    assert "monroe2008fightin" in hand
    assert set(hand).isdisjoint(manifest["doc_id"])


NEW_ROW = {
    "doc_id": "2026-04-10-new-site",
    "file": "raw/new_site.html",
    "title": "工信部：推进“人工智能+制造” 100% {覆盖} & more_#1",
    "title_en": "A new site's page",
    "outlet": "Some Site, mirrored by Other Site",
    "date": "2026-04-10",
    "date_note": "",
    "url": "https://example.com/a?b=1&c=2",
}


def test_a_new_row_is_a_valid_entry_with_its_title_as_written() -> None:
    entry = source_entries([NEW_ROW])["2026-04-10-new-site"]
    assert entry.fields["title"].startswith(
        "{工信部：推进“人工智能+制造” 100\\% \\{覆盖\\} \\& more\\_\\#1"
    )
    assert entry.fields["howpublished"] == "Mirrored by Other Site"
    assert entry.fields["url"] == NEW_ROW["url"]
    style = find_plugin("pybtex.style.formatting", "policytext")()
    monroe = parse_file(ROOT / "references.bib", "bibtex").entries
    formatted = list(style.format_entries([entry, *monroe.values()]))
    assert [f.label for f in formatted] == ["2026-04-10-new-site", *monroe]
    text = formatted[0].text.render_as("text")
    assert "“人工智能+制造”" in text and "A new site's page" in text
    assert "Fightin' Words: Lexical Feature Selection" in formatted[1].text.render_as("text")


def test_the_build_writes_the_sources_into_the_build_folder(tmp_path: Path) -> None:
    manifest = tmp_path / "corpus.csv"
    pd.DataFrame([NEW_ROW]).to_csv(manifest, index=False)
    target = bibliography.write_source_bibliography(manifest, tmp_path / "_build" / "s.bib")
    assert list(parse_file(target, "bibtex").entries) == ["2026-04-10-new-site"]
    assert "bibtex_default_style: policytext" in (ROOT / "_config.yml").read_text(encoding="utf-8")


def test_chapter_citation_has_every_required_field() -> None:
    citation = Citation(("A & B",), "T", "1", "2026-01-02", "https://x/", chapter="C")
    entry = parse_string(citation.bibtex(), "bibtex").entries["policytext"]
    required = {"incollection": {"title", "booktitle", "publisher", "year"}, "misc": set()}
    assert required[entry.type] <= set(entry.fields)
    assert entry.persons["author"]


def test_references_page_lists_the_bibliography() -> None:
    page = (ROOT / "book" / "references.md").read_text(encoding="utf-8")
    assert "{bibliography}" in page
    assert "book/references" in (ROOT / "_toc.yml").read_text(encoding="utf-8")


# --------------------------------------------------------------------------
# Offline check and generated Markdown
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "remote"),
    [
        ('<script src="https://cdn.example/x.js"></script>', ["https://cdn.example/x.js"]),
        ('<link href="//fonts.example/f.css" rel="stylesheet">', ["//fonts.example/f.css"]),
        ('<img srcset="a.png 1x, https://i.example/b.png 2x">', ["https://i.example/b.png"]),
        (
            "<style>@font-face{src:url(https://f.example/f.woff)}</style>",
            ["https://f.example/f.woff"],
        ),
        (
            "<div style=\"background:url('http://i.example/x.png')\"></div>",
            ["http://i.example/x.png"],
        ),
        ('<iframe src="https://www.example/embed"></iframe>', ["https://www.example/embed"]),
        ('<a href="https://doi.org/10.1/x">doi</a>', []),
        ('<link rel="canonical" href="https://o.github.io/r/">', []),
        ('<script src="../_static/plotly.min.js"></script><img src="data:image/png;base64,x">', []),
    ],
)
def test_remote_resources(html: str, remote: list[str]) -> None:
    assert offline.remote_resources(html) == remote


def test_remote_resources_in_css() -> None:
    css = "@import 'https://x.example/a.css'; b{background:url(../img.png)}"
    assert offline.remote_resources(css) == ["https://x.example/a.css"]


def test_md_escape_shows_markup_as_text() -> None:
    assert chapter.md_escape('<img src=x onerror="a()">') == r'\<img src=x onerror="a\(\)"\>'
    assert chapter.md_escape("{numref}`x` *y* [z](u)") == (r"\{numref\}\`x\` \*y\* \[z\]\(u\)")


def test_list_table_is_numbered_and_labelled() -> None:
    text = chapter.list_table([["a", "b"]], header=["A", "B"], caption="C", name="n")
    assert text.splitlines()[:3] == ["::::{list-table} C", ":header-rows: 1", ":name: n"]
    assert "* - a\n  - b" in text


# --------------------------------------------------------------------------
# Numbers, tables and charts as readers see them (issue 15)
# --------------------------------------------------------------------------


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


def test_vendored_plotly_bundle_matches_the_installed_plotly() -> None:
    import json

    import plotly.offline

    vendor = ROOT / "_static" / assets.PLOTLY_JS
    package = json.loads((vendor.parent / "package.json").read_text(encoding="utf-8"))
    assert package["version"] == plotly.offline.get_plotlyjs_version()
    assert (vendor.parent / "LICENSE").is_file() and vendor.stat().st_size > 500_000


def test_chart_json_cannot_close_its_script_element() -> None:
    import plotly.graph_objects as go

    from policytext import charts

    fig = go.Figure(go.Bar(x=["</script><script>alert(1)</script>"], y=[1]))
    markup = charts.chart(fig, name="t", data=pd.DataFrame({"a": [1]}), source="s").markup
    payload = markup.split('data-for="t">', 1)[1].rsplit("</script>", 1)[0]
    assert "<" not in payload and ">" not in payload


def _html_text(styler: object) -> str:
    markup = styler._repr_html_() if hasattr(styler, "_repr_html_") else styler.to_html()
    return re.sub(r"<style.*?</style>", "", markup, flags=re.S)


def test_tables_have_no_scientific_notation_and_no_document_ids(tables: dict) -> None:
    from policytext import charts, figures, report

    names = charts.document_labels(tables["documents.csv"])
    found = report.with_labels(tables["figures.csv"], figures.load_indicators())
    shown = [
        report.figure_table(found, names=names),
        report.commitment_table(
            tables["commitments.csv"],
            labels={},
            names=names,
            themes=dict(
                zip(tables["themes.csv"]["theme"], tables["themes.csv"]["label"], strict=True)
            ),
        ),
        report.concordance(tables["kwic.csv"], names=names),
    ]
    for table in shown:
        text = _html_text(table)
        assert not re.search(r">[^<]*\d[eE][+-]\d[^<]*<", text)
        for doc_id in tables["documents.csv"]["doc_id"]:
            assert f">{doc_id}<" not in text, doc_id


def test_commitment_themes_are_labels_not_ids(tables: dict) -> None:
    from policytext import report

    themes = dict(zip(tables["themes.csv"]["theme"], tables["themes.csv"]["label"], strict=True))
    text = _html_text(report.commitment_table(tables["commitments.csv"], labels={}, themes=themes))
    for theme_id in set(tables["commitments.csv"]["theme"]) & set(themes):
        if theme_id != themes[theme_id]:
            assert f">{theme_id}<" not in text, theme_id


def test_the_same_z_shows_the_same_digits_in_every_table(tables: dict) -> None:
    from policytext import report

    distinctive, stability = tables["distinctive_terms.csv"], tables["distinctive_stability.csv"]
    periods = list(dict.fromkeys(stability["period"]))
    top = report.top_distinctive(distinctive, periods=periods, labels={}).data
    robust = report.stability_table(stability, labels={p: p for p in periods}).data
    shown = dict(
        zip(robust["Term"] + "|" + robust["Period"], robust["z (all documents)"], strict=True)
    )
    compared = 0
    for row in top.itertuples(index=False):
        key = f"{row.Term}|{row.Period}"
        if key in shown:
            assert row.z == shown[key], key
            compared += 1
    assert compared > 0


@pytest.mark.parametrize(
    ("raw", "clean", "removed"),
    [
        ("ab cd\n<p>ef</p>", "abcdef", ["<p>", "</p>"]),
        ("新 质\n生产力 广告 ", "新质生产力", ["广告 "]),
    ],
)
def test_cleaning_table_counts_removed_characters_without_whitespace(
    raw: str, clean: str, removed: list[str]
) -> None:
    from policytext import report

    def non_space(text: str) -> int:
        return len(re.sub(r"\s", "", text))

    documents = pd.DataFrame(
        {"doc_id": ["d"], "chars_raw": [non_space(raw)], "chars_clean": [non_space(clean)]}
    )
    audit = pd.DataFrame(
        {
            "doc_id": "d",
            "stage": "markup",
            "reason": "r",
            "action": "removed",
            "text": removed,
            "chars": [len(t) for t in removed],  # as given, whitespace included
        }
    )
    table = report.cleaning_frame(documents, audit)
    assert (table["removed"] == table["raw"] - table["clean"]).all()


def test_cleaning_table_adds_up_for_the_shipped_corpus(tables: dict) -> None:
    from policytext import report

    table = report.cleaning_frame(tables["documents.csv"], tables["cleaning_audit.csv"])
    assert (table["removed"] == table["raw"] - table["clean"]).all(), table


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
    fig = charts.restatements(restated, periods=[], labels={}, names=names)
    shown = {x for trace in fig.data for x in trace.x}
    assert not shown & set(tables["documents.csv"]["doc_id"])
    assert len(fig.layout.annotations) == restated["indicator"].nunique()
