"""The registry of glue keys (data/glue_keys.yml) and the chapters: :mod:`policytext.website.glue_keys`."""

from __future__ import annotations

from pathlib import Path

import pytest

from policytext.errors import InputError
from policytext.schema import GlueKey
from policytext.website.glue_keys import (
    PageKeys,
    book_problems,
    load_glue_keys,
    page_keys,
    registry_problems,
)

ROOT = Path(__file__).resolve().parent.parent


def test_the_chapters_glue_and_show_only_declared_keys_written_out() -> None:
    """Every key a chapter uses is declared, every declared key is used, none is built."""
    assert book_problems(ROOT / "book") == []


def test_every_declared_key_says_what_it_is() -> None:
    keys = load_glue_keys()
    assert keys and all(entry.what.strip() for entry in keys.values())
    assert all((ROOT / "book" / f"{page}.md").is_file() for e in keys.values() for page in e.pages)


@pytest.mark.parametrize(
    ("source", "glued", "shown", "built"),
    [
        (
            'glue("n_docs", len(docs), display=False)\n{glue:text}`n_docs`',
            {"n_docs"},
            {"n_docs"},
            0,
        ),
        ("glue('share', s)\n{glue}`share`", {"share"}, {"share"}, 0),
        ('glue("rate", 1.5)\n{glue:text}`rate:.1f`', {"rate"}, {"rate"}, 0),
        (
            'glue("fig_a", chart)\n```{glue:figure} fig_a\n:name: fig-a\n```',
            {"fig_a"},
            {"fig_a"},
            0,
        ),
        ('glue("tbl_a", table)\n```{glue-table} tbl_a\n```', {"tbl_a"}, {"tbl_a"}, 0),
        ("{glue:text}`other.ipynb::n_docs`", set(), {"n_docs"}, 0),
        (
            "for name, value in facts.items():\n    glue(name, value, display=False)",
            set(),
            set(),
            1,
        ),
        ('glue(f"top_{period}", value)', set(), set(), 1),
        ('glue("top_" + period, value)', set(), set(), 1),
        ("from myst_nb import glue", set(), set(), 0),
    ],
)
def test_page_keys(source: str, glued: set, shown: set, built: int) -> None:
    keys = page_keys(source)
    assert (set(keys.glued), set(keys.shown), len(keys.built)) == (glued, shown, built)


def entry(key: str, *pages: str) -> GlueKey:
    return GlueKey(key=key, pages=list(pages), what="w")


def page(glued: set[str], shown: set[str] | None = None, built: tuple = ()) -> PageKeys:
    return PageKeys(frozenset(glued), frozenset(glued if shown is None else shown), built)


@pytest.mark.parametrize(
    ("pages", "keys", "problems"),
    [
        ({"a": page({"k"})}, {"k": entry("k", "a")}, []),
        ({"a": page({"k"}), "b": page({"k"})}, {"k": entry("k", "a", "b")}, []),
        (
            {"a": page({"k"})},
            {},
            ["registry: 'k' is glued in book/a.md but not declared"],
        ),
        (
            {"a": page(set())},
            {"k": entry("k", "a")},
            ["registry: 'k' is declared but no chapter glues it"],
        ),
        (
            {"a": page({"k"}), "b": page({"k"})},
            {"k": entry("k", "a")},
            ["registry: 'k' lists book/a.md but is glued in book/a.md, book/b.md"],
        ),
        (
            {"a": page({"k", "unused"}, {"k"})},
            {"k": entry("k", "a"), "unused": entry("unused", "a")},
            ["book/a.md: glues 'unused' but never shows it"],
        ),
        (
            {"a": page({"k"}, {"k", "missing"})},
            {"k": entry("k", "a")},
            ["book/a.md: shows 'missing' but does not glue it"],
        ),
        (
            {"a": page(set(), set(), ("glue(name, value)",))},
            {},
            ["book/a.md: the glue key is built, not written out: glue(name, value)"],
        ),
    ],
)
def test_registry_problems_name_the_page_and_the_key(
    pages: dict, keys: dict, problems: list[str]
) -> None:
    assert registry_problems(pages, keys) == problems


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ("  - {key: k, pages: [a]}\n", "key 1 (k): missing 'what'"),
        ("  - {key: k, pages: [], what: w}\n", "key 1 (k): 'pages' must not be empty"),
        ("  - {key: top-1, pages: [a], what: w}\n", "key 1 (top-1): 'key':"),
        ("  - {key: k, pages: [a], what: w, note: x}\n", "key 1 (k): unknown key 'note'"),
        (
            "  - {key: k, pages: [a], what: w}\n  - {key: k, pages: [b], what: v}\n",
            "key 2 (k): key 'k' is declared twice",
        ),
    ],
)
def test_registry_problems_name_file_entry_and_field(
    tmp_path: Path, entries: str, message: str
) -> None:
    path = tmp_path / "glue_keys.yml"
    path.write_text("keys:\n" + entries, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_glue_keys(path)
    assert f"{path}: {message}" in str(info.value)


def test_a_chapter_with_a_built_key_is_found_in_its_book(tmp_path: Path) -> None:
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "a.md").write_text(
        'glue("n", 1)\nfor name, value in facts.items():\n    glue(name, value)\n{glue:text}`n`\n',
        encoding="utf-8",
    )
    registry = tmp_path / "glue_keys.yml"
    registry.write_text("keys:\n  - {key: n, pages: [a], what: w}\n", encoding="utf-8")
    assert book_problems(tmp_path / "book", path=registry) == [
        "book/a.md: the glue key is built, not written out: glue(name, value)"
    ]
