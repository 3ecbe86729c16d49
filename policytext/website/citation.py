"""How to cite the report and each chapter, and the addresses and date a citation needs.

- Ends every page of ``_toc.yml`` with "How to cite this chapter" (the landing
  page: "How to cite this report"), as text and as BibTeX, generated from the
  book's configuration: ``title`` and ``author`` of ``_config.yml``, the
  package version, the build date and the page's URL on the site, which is
  derived from the one ``repository.url`` setting (GitHub Pages) unless
  ``policytext_site_url`` is set. ``CITATION.cff`` must agree (a warning,
  so an error in ``make book``, says where it does not).
- Writes the sources' bibliography from the manifest into the build folder.
- The build date is ``SOURCE_DATE_EPOCH`` when set, so a commit builds the same site.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes

from policytext import __version__
from policytext.bibliography import write_source_bibliography
from policytext.config import DATA_DIR, load_yaml

ROOT = DATA_DIR.parent
"""The repository: ``_config.yml``, ``CITATION.cff`` and ``book/`` live here."""

CITE_SECTION_ID = "cite-this-page"
"""Element id of the citation section on every page (``page.html#cite-this-page``)."""

SOURCES_BIB = "sources.bib"
"""The sources' bibliography, generated in the build folder (:mod:`policytext.bibliography`)."""


def build_date() -> str:
    """Build date (UTC), or ``SOURCE_DATE_EPOCH`` when set, for reproducible sites."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return moment.strftime("%Y-%m-%d")


def book_config(path: str | Path = ROOT / "_config.yml") -> dict[str, Any]:
    """The book's ``_config.yml`` as a dictionary."""
    return load_yaml(path) or {}


def site_url(repository_url: str) -> str:
    """The GitHub Pages address of a GitHub repository, with a final slash.

    Args:
        repository_url: ``https://github.com/<owner>/<repo>`` (``.git`` and a
            final slash are allowed).

    Returns:
        ``https://<owner>.github.io/<repo>/``, or ``""`` when the address is
        not a GitHub repository (then set ``policytext_site_url``).

    Example:
        >>> site_url("https://github.com/policytext/policytext")
        'https://policytext.github.io/policytext/'
    """
    match = re.fullmatch(
        r"https://github\.com/([A-Za-z0-9-]+)/([A-Za-z0-9._-]+?)(?:\.git)?/?",
        repository_url.strip(),
    )
    if not match:
        return ""
    owner, repo = match.groups()
    if repo.lower() == f"{owner.lower()}.github.io":
        return f"https://{owner.lower()}.github.io/"
    return f"https://{owner.lower()}.github.io/{repo}/"


def page_url(base: str, docname: str) -> str:
    """The address of a page of the site (``base`` ends with a slash)."""
    return f"{base}{docname}.html"


_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


def bibtex_escape(text: str) -> str:
    """Escape the characters that BibTeX/LaTeX would read as markup."""
    text = text.replace("\\", r"\textbackslash{}")
    text = _BIBTEX_SPECIAL.sub(r"\\\1", text)
    return text.replace("~", r"\textasciitilde{}").replace("^", r"\textasciicircum{}")


@dataclass(frozen=True)
class Citation:
    """How to cite the report, or one chapter of it.

    Attributes:
        authors: Author names; each is cited as written (a corporate name).
        title: The report's title.
        version: The report's version (the package version).
        date: The build date, ``YYYY-MM-DD``.
        url: The page's address on the published site.
        chapter: The chapter's title; empty for the report as a whole.
        key: The BibTeX key.
    """

    authors: tuple[str, ...]
    title: str
    version: str
    date: str
    url: str
    chapter: str = ""
    key: str = "policytext"

    @property
    def year(self) -> str:
        """The year of :attr:`date`."""
        return self.date[:4]

    def text(self) -> str:
        """The citation as one line of plain text."""
        authors = "; ".join(self.authors)
        where = f"version {self.version}, {self.date}"
        if self.chapter:
            return (
                f"{authors} ({self.year}). “{self.chapter}”. In: {self.title} ({where}). {self.url}"
            )
        return f"{authors} ({self.year}). {self.title} ({where}). {self.url}"

    def bibtex(self) -> str:
        """The citation as a BibTeX entry (``@incollection`` for a chapter, else ``@misc``)."""
        fields: list[tuple[str, str]] = [
            ("author", " and ".join("{" + bibtex_escape(a) + "}" for a in self.authors))
        ]
        if self.chapter:
            # @incollection requires a publisher: the report is published by its authors
            publisher = " and ".join(self.authors)
            fields += [
                ("title", self.chapter),
                ("booktitle", self.title),
                ("publisher", publisher),
            ]
        else:
            fields += [("title", self.title)]
        fields += [
            ("year", self.year),
            ("date", self.date),
            ("version", self.version),
            ("url", self.url),
            ("note", f"Version {self.version}, built {self.date}"),
        ]
        width = max(len(name) for name, _ in fields)
        body = ",\n".join(
            f"  {name.ljust(width)} = {{{value if name == 'author' else _bib_value(name, value)}}}"
            for name, value in fields
        )
        kind = "incollection" if self.chapter else "misc"
        return f"@{kind}{{{self.key},\n{body}\n}}"


def _bib_value(name: str, value: str) -> str:
    return value if name == "url" else bibtex_escape(value)


def parse_authors(author: str) -> tuple[str, ...]:
    """The names in ``_config.yml``'s ``author``: separated by ``;`` or `` and ``."""
    names = [name.strip() for name in re.split(r";|\s+and\s+", author) if name.strip()]
    return tuple(names) or ("Anonymous",)


def bibtex_key(docname: str, root: str) -> str:
    """``policytext`` for the landing page, ``policytext-<page>`` for a chapter."""
    if docname == root:
        return "policytext"
    return "policytext-" + re.sub(r"[^A-Za-z0-9]+", "-", Path(docname).name).strip("-")


def citation_problems(cff: Mapping[str, Any], *, expected: Mapping[str, Any]) -> list[str]:
    """Where ``CITATION.cff`` disagrees with the book's configuration.

    Args:
        cff: The parsed ``CITATION.cff``.
        expected: ``title``, ``authors`` (names), ``version``,
            ``repository-code`` and ``url`` as the site cites them.

    Returns:
        One message per field that differs, empty when they agree.
    """
    problems = []
    cff_names = tuple(
        str(a.get("name") or " ".join(filter(None, (a.get("given-names"), a.get("family-names")))))
        for a in cff.get("authors") or []
        if isinstance(a, dict)
    )
    found = {
        "title": cff.get("title"),
        "authors": cff_names,
        "version": str(cff.get("version", "")),
        "repository-code": cff.get("repository-code"),
        "url": cff.get("url"),
    }
    for field, value in expected.items():
        if field == "url" and not value:
            continue
        if found.get(field) != value:
            problems.append(
                f"CITATION.cff: {field} is {found.get(field)!r}, the site says {value!r}"
            )
    return problems


def site_base(app: Any) -> str:
    """The site's address: ``policytext_site_url``, else the GitHub Pages one of the repository."""
    configured = app.config.policytext_site_url
    if configured:
        return configured if configured.endswith("/") else configured + "/"
    return site_url(app.config.html_theme_options.get("repository_url", "") or "")


def toc_pages(app: Any) -> tuple[str, list[str]]:
    """The landing page and every page of ``_toc.yml``, as docnames."""
    site_map = getattr(app.config, "external_site_map", None)
    if site_map is None:
        return app.config.root_doc, [app.config.root_doc]
    return site_map.root.docname, list(site_map)


def page_citation(app: Any, docname: str, chapter: str) -> Citation:
    """The citation of one page of the site (the report itself for the landing page)."""
    root, _ = toc_pages(app)
    base = site_base(app)
    return Citation(
        authors=parse_authors(app.config.author),
        title=app.config.html_title,
        version=__version__,
        date=app.config.policytext_build_date,
        url=base if docname == root else page_url(base, docname),
        chapter="" if docname == root else chapter,
        key=bibtex_key(docname, root),
    )


def add_citation(app: Any, doctree: Any) -> None:
    """Append "How to cite this chapter" to every page listed in ``_toc.yml``."""
    docname = app.env.docname
    root, pages = toc_pages(app)
    chapter = next(iter(doctree.findall(nodes.section)), None)
    if docname not in pages or chapter is None:
        return
    title = chapter.next_node(nodes.title)
    citation = page_citation(app, docname, title.astext() if title else docname)
    heading = "How to cite this report" if docname == root else "How to cite this chapter"
    section = nodes.section(ids=[CITE_SECTION_ID], names=[nodes.fully_normalize_name(heading)])
    section["classes"].append("policytext-citation")
    section += nodes.title(heading, heading)
    text = citation.text()
    cited, _, _ = text.rpartition(citation.url)
    section += nodes.paragraph(
        "", "", nodes.Text(cited), nodes.reference(citation.url, citation.url, refuri=citation.url)
    )
    section += nodes.paragraph("", "As BibTeX:")
    bib = citation.bibtex()
    block = nodes.literal_block(bib, bib, language="bibtex")
    block["classes"].append("policytext-bibtex")
    section += block
    chapter += section


def add_source_bibliography(app: Any, config: Any) -> None:
    """Write the sources' BibTeX from the manifest into the build folder and add it to the bibfiles.

    The file lives beside the doctrees (``_build/bibliography/sources.bib``),
    never in the source tree; a new row of ``data/corpus.csv`` is a new entry.
    """
    target = Path(app.doctreedir).parent / "bibliography" / SOURCES_BIB
    write_source_bibliography(Path(app.confdir) / config.policytext_manifest, target)
    files = list(config.bibtex_bibfiles or [])
    if str(target) not in files:
        config.bibtex_bibfiles = [*files, str(target)]


def check_citation_file(app: Any) -> None:
    """Warn where ``CITATION.cff`` disagrees with what the site cites."""
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    path = Path(app.srcdir) / app.config.policytext_citation_file
    if not path.is_file():
        logger.warning(f"{path}: missing; the report needs a CITATION.cff", type="policytext")
        return
    base = site_base(app)
    expected = {
        "title": app.config.html_title,
        "authors": parse_authors(app.config.author),
        "version": __version__,
        "repository-code": app.config.html_theme_options.get("repository_url") or None,
        "url": base,
    }
    for problem in citation_problems(load_yaml(path) or {}, expected=expected):
        logger.warning(problem, type="policytext", subtype="citation")
