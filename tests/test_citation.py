"""How the report and its chapters are cited: :mod:`policytext.website.citation`.

With ``CITATION.cff``, and the sources' bibliography the build writes
(:mod:`policytext.bibliography`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml
from pybtex.database import parse_file, parse_string
from pybtex.plugin import find_plugin

from policytext import __version__, bibliography
from policytext.config import DATA_DIR
from policytext.website import citation
from policytext.website.citation import Citation

ROOT = Path(__file__).resolve().parent.parent


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
