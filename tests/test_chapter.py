"""The helpers chapters call from their cells: :mod:`policytext.chapter`."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from policytext import chapter, data_dictionary, pipeline
from policytext.errors import InputError
from policytext.lexicon import load_terms

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return pipeline.results().tables


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


def test_md_escape_shows_markup_as_text() -> None:
    assert chapter.md_escape('<img src=x onerror="a()">') == r'\<img src=x onerror="a\(\)"\>'
    assert chapter.md_escape("{numref}`x` *y* [z](u)") == (r"\{numref\}\`x\` \*y\* \[z\]\(u\)")


def test_list_table_is_numbered_and_labelled() -> None:
    text = chapter.list_table([["a", "b"]], header=["A", "B"], caption="C", name="n")
    assert text.splitlines()[:3] == ["::::{list-table} C", ":header-rows: 1", ":name: n"]
    assert "* - a\n  - b" in text
