"""Helpers a chapter calls from its cells: MyST Markdown output, and the generated reference pages.

- :class:`MystMarkdown`, :func:`md_escape`, :func:`list_table`: a cell's
  output as MyST Markdown (roles resolved and checked by Sphinx), text shown
  as itself, numbered tables.
- :func:`glossary`: the glossary page's table, from ``data/terms.yml``.
- :func:`data_page`: the data page, from ``data/data_dictionary.yml``
  (:mod:`policytext.data_dictionary`).

The site's machinery (Sphinx hooks) is in :mod:`policytext.website`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from policytext.data_dictionary import dictionary_problems
from policytext.errors import InputError
from policytext.schema import DictionaryTable

EXPORTS_DIR = "exports"
"""Folder under ``_static/data`` where the data page publishes the export."""


class MystMarkdown:
    """Notebook output shown as MyST Markdown (tag the cell ``markdown_format: myst``).

    Roles such as ``{numref}`` and links to other chapters are then resolved,
    and checked, by Sphinx like the page's own text.
    """

    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$&:])")


def md_escape(text: object) -> str:
    """Text shown as itself in Markdown: every ASCII punctuation mark escaped."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def list_table(
    rows: Iterable[Iterable[str]],
    *,
    header: Iterable[str],
    caption: str,
    name: str,
    widths: Iterable[int] | None = None,
) -> str:
    """A MyST ``list-table`` (numbered, captioned, ``name`` its label); cells are Markdown."""
    options = [":header-rows: 1", f":name: {name}", ":class: policytext-list-table"]
    if widths is not None:
        options.append(":widths: " + " ".join(str(w) for w in widths))
    lines = [f"::::{{list-table}} {caption}", *options, ""]
    for row in [list(header), *map(list, rows)]:
        for i, cell in enumerate(row):
            lines.append(("* - " if i == 0 else "  - ") + (cell or " "))
    lines.append("::::")
    return "\n".join(lines)


def glossary(
    terms: list,
    term_counts: Any,
    *,
    chapter: str = "terms",
    in_context: str = "the-terms-in-context",
    focal_figure: str = "fig-focal-terms",
    document_figure: str = "fig-terms-heatmap",
) -> MystMarkdown:
    """The glossary: every term of ``terms.yml``, with where the report discusses it.

    Args:
        terms: The lexicon (:func:`policytext.lexicon.load_terms`).
        term_counts: ``term_counts.csv`` (``term``, ``count``), for the mentions.
        chapter: The chapter (beside the glossary) that counts the terms.
        in_context: The id of that chapter's concordance section.
        focal_figure: Label of the figure of the headline terms by period.
        document_figure: Label of the figure of every term by document.

    Returns:
        A numbered table (label ``glossary-terms``): term, pinyin, English,
        origin, mentions in the corpus and links.
    """
    totals = term_counts.groupby("term")["count"].sum()
    rows = []
    for term in terms:
        mentions = int(totals.get(term.term, 0))
        where = []
        if term.focal:
            where.append(f"[in context]({chapter}.md#{in_context})")
            where.append(f"{{numref}}`by period (Fig. %s) <{focal_figure}>`")
        if mentions:
            where.append(f"{{numref}}`by document (Fig. %s) <{document_figure}>`")
        rows.append(
            [
                f"**{md_escape(term.term)}**",
                md_escape(term.pinyin),
                md_escape(term.gloss_en),
                md_escape(term.origin),
                f"{mentions:,}",
                ", ".join(where) if where else "not in these documents",
            ]
        )
    return MystMarkdown(
        list_table(
            rows,
            header=["Term", "Pinyin", "English", "Origin", "Mentions", "Discussed in"],
            caption="Every term the report counts (data/terms.yml), with its mentions in the "
            "five documents and where the report discusses it.",
            name="glossary-terms",
            widths=[11, 13, 17, 33, 8, 18],
        )
    )


def data_page(
    tables: Mapping[str, Any],
    dictionary: Mapping[str, DictionaryTable],
    *,
    files: Iterable[str] = (),
    href: str = f"../_static/data/{EXPORTS_DIR}/",
) -> MystMarkdown:
    """The data page: a table of the published files, then one dictionary per table.

    Raises:
        InputError: The dictionary does not document exactly the exported columns.
    """
    problems = dictionary_problems(tables, dictionary)
    if problems:
        raise InputError(problems)
    link = '<a class="policytext-download" href="{0}{1}" download>{1}</a>'.format
    rows = [
        [
            link(html.escape(href), html.escape(name)),
            f"{len(tables[name]):,}",
            md_escape(dictionary[name].description),
            f"{{numref}}`{_table_label(name)}`",
        ]
        for name in dictionary
    ]
    rows += [
        [link(html.escape(href), html.escape(name)), "", md_escape(_describe_file(name)), ""]
        for name in files
    ]
    parts = [
        list_table(
            rows,
            header=["File", "Rows", "What", "Columns"],
            caption=(
                "The files of the export, published with this site (CSV in UTF-8 with a BOM, "
                "for Excel; LF line ends)."
            ),
            name="data-files",
            widths=[26, 8, 52, 14],
        )
    ]
    for name, entry in dictionary.items():
        order = {column: i for i, column in enumerate(tables[name].columns)}
        columns = sorted(entry.columns.items(), key=lambda item: order[item[0]])
        parts.append(
            list_table(
                [[f"`{column}`", c.type, md_escape(c.meaning)] for column, c in columns],
                header=["Column", "Type", "Meaning"],
                caption=f"{md_escape(name)}: {md_escape(entry.description)}",
                name=_table_label(name),
                widths=[24, 12, 64],
            )
        )
    return MystMarkdown("\n\n".join(parts))


def _describe_file(name: str) -> str:
    """What a file of the export that is not a table holds, from its name."""
    path = Path(name)
    if path.parent.name == "clean" and path.suffix == ".txt":
        return f"The clean text of document {path.stem} (UTF-8): every count is made on it."
    if path.name.startswith("wordcloud_") and path.suffix == ".png":
        return f"Word cloud of period {path.stem.removeprefix('wordcloud_')} (PNG)."
    return ""


def _table_label(name: str) -> str:
    return "data-" + re.sub(r"[^a-z0-9]+", "-", name.lower().removesuffix(".csv")).strip("-")
