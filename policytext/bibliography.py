"""The bibliography of the sources, generated from the manifest, and its style.

Every document of ``data/corpus.csv`` is a BibTeX entry whose key is its
``doc_id`` (cite it as ``{cite}`2026-03-24-china-electronics-news```): the
outlet stands as the (corporate) author, the title as written with its English
gloss, the date, the address and, for an approximate date, the manifest's note.
Adding a document therefore needs no hand-written BibTeX, and no edit of a
chapter: a chapter cites the sources with :func:`cite` of :func:`source_keys`,
pasted as MyST (``{glue:md}`key:myst```). The site's build
writes the entries into its build folder (:func:`write_source_bibliography`,
called by :mod:`policytext.website.citation`); ``references.bib`` keeps only the
references that are not sources.

The pybtex style ``policytext`` (registered on import) shows titles as written
(no change of case: 新一代AI产品 stays so) and labels every entry with its
BibTeX key, so the key a reader sees is the key to cite.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.template import field, sentence

from policytext.corpus import read_csv_rows

MANIFEST_COLUMNS = ("doc_id", "file", "title", "title_en", "outlet", "date", "date_note", "url")
"""The manifest's columns an entry is made from."""

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_SPECIAL = str.maketrans({c: "\\" + c for c in "&%$#_{}"})


def _escape(text: str) -> str:
    """Escape what BibTeX would read as markup (``~`` and ``^`` as LaTeX commands)."""
    text = text.replace("\\", r"\textbackslash{}").translate(_SPECIAL)
    return text.replace("~", r"\textasciitilde{}").replace("^", r"\textasciicircum{}")


def source_key(row: Mapping[str, str]) -> str:
    """The BibTeX key of a manifest row's entry: its ``doc_id``."""
    return row["doc_id"]


def source_keys(manifest: str | Path) -> list[str]:
    """The keys of every source's entry, in manifest order (what the References page shows).

    Raises:
        InputError: The manifest is missing or lacks a column (the message names it).
    """
    return [source_key(row) for row in read_csv_rows(Path(manifest), columns=MANIFEST_COLUMNS)]


def cite(keys: Iterable[str], *, role: str = "cite:p") -> str:
    """A MyST citation of ``keys`` (``{cite:p}`a,b```), for a chapter to paste with ``glue:md``.

    Args:
        keys: BibTeX keys, e.g. :func:`source_keys`.
        role: The sphinxcontrib-bibtex role (``cite:p``, ``cite:t``, ``cite``).

    Raises:
        ValueError: ``keys`` is empty (a citation of nothing is a mistake).
    """
    keys = list(keys)
    if not keys:
        raise ValueError("nothing to cite")
    return f"{{{role}}}`{','.join(keys)}`"


def source_entry(row: Mapping[str, str]) -> str:
    """The BibTeX entry (``@misc``) of one manifest row.

    Args:
        row: A row of ``corpus.csv`` (at least :data:`MANIFEST_COLUMNS`).

    Returns:
        The entry; its key is the row's ``doc_id``. The outlet before a comma
        is the author (``红星资本局 (Red Star Capital), republished by …``:
        the rest goes to ``howpublished``); the title is braced, so no style
        changes its case.
    """
    outlet, _, rest = row["outlet"].partition(", ")
    title = row["title"] + (f" [{row['title_en']}]" if row.get("title_en") else "")
    date = row["date"]
    fields = [("author", f"{{{_escape(outlet)}}}"), ("title", f"{{{_escape(title)}}}")]
    if rest:
        fields.append(("howpublished", _escape(rest[:1].upper() + rest[1:])))
    fields.append(("year", date[:4]))
    if len(date) >= 7:
        fields.append(("month", _MONTHS[int(date[5:7]) - 1]))
    fields.append(("date", date))
    if row.get("url"):
        fields.append(("url", row["url"]))
    fields.append(("language", "chinese"))
    kept = f"Kept unchanged in data/{row['file']}"
    note = row.get("date_note", "").rstrip(". ")
    fields.append(("note", _escape(f"{note}. {kept}" if note else kept)))
    width = max(len(name) for name, _ in fields)
    body = ",\n".join(
        f"  {name.ljust(width)} = {value if name == 'month' else '{' + value + '}'}"
        for name, value in fields
    )
    return f"@misc{{{source_key(row)},\n{body}\n}}\n"


def source_bibliography(rows: Iterable[Mapping[str, str]]) -> str:
    """The BibTeX entries of every manifest row, in manifest order."""
    header = (
        "% Generated from the manifest (data/corpus.csv) by policytext.bibliography:"
        " do not edit.\n\n"
    )
    return header + "\n".join(source_entry(row) for row in rows)


def write_source_bibliography(manifest: str | Path, path: str | Path) -> Path:
    """Write the sources' entries for ``manifest`` to ``path`` (only if they changed).

    Raises:
        InputError: The manifest is missing or lacks a column (the message names it).
    """
    path = Path(path)
    text = source_bibliography(read_csv_rows(Path(manifest), columns=MANIFEST_COLUMNS))
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return path


class KeyLabels(BaseLabelStyle):
    """Labels entries by their BibTeX key."""

    def format_labels(self, sorted_entries: Iterable) -> Iterable[str]:
        """One label per entry: its key."""
        for entry in sorted_entries:
            yield entry.key


class Style(UnsrtStyle):
    """``unsrt`` with titles as written and keys as labels."""

    default_label_style = "policytext-key"

    def format_title(self, e: object, which_field: str, as_sentence: bool = True) -> object:
        """The title unchanged (``unsrt`` would lowercase all but its first letter)."""
        title = field(which_field)
        return sentence[title] if as_sentence else title


register_plugin("pybtex.style.labels", "policytext-key", KeyLabels)
register_plugin("pybtex.style.formatting", "policytext", Style)
