"""A small Sphinx extension for the report's site (registered in ``_config.yml``).

- Ships a partial plotly.js bundle (the basic traces the book draws,
  vendored in ``_static/vendor/plotly`` at the version the installed plotly
  bundles) and ``policytext-charts.js``, which draws the charts in the page's
  light or dark theme; both deferred, only on pages that hold a chart: no CDN.
- Copies the charts' data CSVs, written by the chapters into the build cache
  (never the source tree), into the site as ``_static/data``.
- Puts the package version and the build date into every page's context and
  shows them in the footer (the date is ``SOURCE_DATE_EPOCH`` when set).
- Ends every page of ``_toc.yml`` with "How to cite this chapter" (the landing
  page: "How to cite this report"), as text and as BibTeX, generated from the
  book's configuration: ``title`` and ``author`` of ``_config.yml``, the
  package version, the build date and the page's URL on the site, which is
  derived from the one ``repository.url`` setting (GitHub Pages) unless
  ``policytext_site_url`` is set. ``CITATION.cff`` must agree (a warning,
  so an error in ``make book``, says where it does not).
- Checks the built site is offline-first: a page that would load a script,
  style, font, image or frame from another host is a warning (an error in
  ``make book``), naming the page and the address.

It also holds the small helpers the reference pages (glossary, data, about)
call from their notebook cells, so that those pages are generated from data.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from docutils import nodes

from policytext import __version__, notebooks
from policytext.config import DATA_DIR, load_yaml

PLOTLY_JS = "vendor/plotly/plotly-basic.min.js"
"""The partial plotly.js bundle (npm ``plotly.js-basic-dist-min``), under ``_static``."""
CHARTS_JS = "policytext-charts.js"
"""Draws every chart from its JSON once plotly.js has loaded, in the page's theme."""
CHART_MARKER = "policytext-figure"
ROOT = DATA_DIR.parent
"""The repository: ``_config.yml``, ``CITATION.cff`` and ``book/`` live here."""

CITE_SECTION_ID = "cite-this-page"
"""Element id of the citation section on every page (``page.html#cite-this-page``)."""

DATA_DICTIONARY = DATA_DIR / "data_dictionary.yml"
"""The meaning and type of every column of every exported table."""

EXPORTS_DIR = "exports"
"""Folder under ``_static/data`` where the data page publishes the export."""


# --------------------------------------------------------------------------
# Version, date, addresses
# --------------------------------------------------------------------------


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


# --------------------------------------------------------------------------
# Citations
# --------------------------------------------------------------------------

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


# --------------------------------------------------------------------------
# Offline check
# --------------------------------------------------------------------------

_LOADING_RELS = {
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "preload",
    "modulepreload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "manifest",
}
_SRC_TAGS = {"script", "img", "iframe", "embed", "source", "audio", "video", "track", "input"}


def _is_remote(url: str) -> bool:
    url = url.strip().lower()
    return url.startswith(("http://", "https://", "//", "ftp://", "ws://", "wss://"))


class _ResourceFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.remote: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        urls: list[str] = []
        if tag == "link" and _LOADING_RELS & set(values.get("rel", "").lower().split()):
            urls.append(values.get("href", ""))
        if tag in _SRC_TAGS or tag == "object":
            urls += [values.get("src", ""), values.get("data", ""), values.get("poster", "")]
            urls += [
                part.split()[0] for part in values.get("srcset", "").split(",") if part.strip()
            ]
        urls += _css_urls(values.get("style", ""))
        self.remote += [url for url in urls if url and _is_remote(url)]
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.remote += [url for url in _css_urls(data) if _is_remote(url)]


def _css_urls(css: str) -> list[str]:
    found = re.findall(r"url\(\s*['\"]?([^'\")\s]+)", css)
    found += re.findall(r"@import\s+['\"]([^'\"]+)", css)
    return found


def remote_resources(page: str) -> list[str]:
    """Addresses on other hosts that an HTML page (or a CSS file) would load.

    Links a reader may follow (``<a href>``, ``rel="canonical"``) are not
    loads and are not listed; scripts, styles, fonts, images, frames and
    media are.
    """
    if "<" not in page:
        return sorted({url for url in _css_urls(page) if _is_remote(url)})
    finder = _ResourceFinder()
    finder.feed(page)
    return sorted(set(finder.remote))


# --------------------------------------------------------------------------
# Sphinx hooks
# --------------------------------------------------------------------------


def _site_base(app: Any) -> str:
    configured = app.config.policytext_site_url
    if configured:
        return configured if configured.endswith("/") else configured + "/"
    return site_url(app.config.html_theme_options.get("repository_url", "") or "")


def _toc_pages(app: Any) -> tuple[str, list[str]]:
    site_map = getattr(app.config, "external_site_map", None)
    if site_map is None:
        return app.config.root_doc, [app.config.root_doc]
    return site_map.root.docname, list(site_map)


def page_citation(app: Any, docname: str, chapter: str) -> Citation:
    """The citation of one page of the site (the report itself for the landing page)."""
    root, _ = _toc_pages(app)
    base = _site_base(app)
    return Citation(
        authors=parse_authors(app.config.author),
        title=app.config.html_title,
        version=__version__,
        date=app.config.policytext_build_date,
        url=base if docname == root else page_url(base, docname),
        chapter="" if docname == root else chapter,
        key=bibtex_key(docname, root),
    )


def _add_citation(app: Any, doctree: Any) -> None:
    """Append "How to cite this chapter" to every page listed in ``_toc.yml``."""
    docname = app.env.docname
    root, pages = _toc_pages(app)
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


SOURCES_BIB = "sources.bib"
"""The sources' bibliography, generated in the build folder (:mod:`policytext.bibliography`)."""


def _source_bibliography(app: Any, config: Any) -> None:
    """Write the sources' BibTeX from the manifest into the build folder and add it to the bibfiles.

    The file lives beside the doctrees (``_build/bibliography/sources.bib``),
    never in the source tree; a new row of ``data/corpus.csv`` is a new entry.
    """
    from policytext.bibliography import write_source_bibliography

    target = Path(app.doctreedir).parent / "bibliography" / SOURCES_BIB
    write_source_bibliography(Path(app.confdir) / config.policytext_manifest, target)
    files = list(config.bibtex_bibfiles or [])
    if str(target) not in files:
        config.bibtex_bibfiles = [*files, str(target)]


def _check_citation_file(app: Any) -> None:
    """Warn where ``CITATION.cff`` disagrees with what the site cites."""
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    path = Path(app.srcdir) / app.config.policytext_citation_file
    if not path.is_file():
        logger.warning(f"{path}: missing; the report needs a CITATION.cff", type="policytext")
        return
    base = _site_base(app)
    expected = {
        "title": app.config.html_title,
        "authors": parse_authors(app.config.author),
        "version": __version__,
        "repository-code": app.config.html_theme_options.get("repository_url") or None,
        "url": base,
    }
    for problem in citation_problems(load_yaml(path) or {}, expected=expected):
        logger.warning(problem, type="policytext", subtype="citation")


def _footer(context: dict, app: Any) -> str:
    pathto = context.get("pathto")
    links = ""
    if pathto is not None and app.config.policytext_about_page in app.env.all_docs:
        about = pathto(app.config.policytext_about_page)
        links = f' · <a href="{html.escape(about)}">About, rerunning and citing</a>'
    return (
        f'<p class="policytext-version">Version <span class="policytext-version-number">'
        f"{html.escape(__version__)}</span>, built <time>"
        f"{html.escape(app.config.policytext_build_date)}</time>{links}</p>"
    )


def colab_url(colab: str, repository_url: str, branch: str, pagename: str) -> str:
    """Colab's address for a page's executed notebook on a branch of the repository.

    The site is published to ``branch`` (``gh-pages``) with every chapter's
    executed notebook under ``_sources/`` (the ``.ipynb`` download), and Colab
    opens notebooks, not the MyST Markdown the repository holds.

    Example:
        >>> colab_url("https://colab.research.google.com",
        ...           "https://github.com/policytext/policytext", "gh-pages", "book/terms")
        'https://colab.research.google.com/github/policytext/policytext/blob/gh-pages/_sources/book/terms.ipynb'
    """
    owner_repo = repository_url.strip().removesuffix("/").removesuffix(".git")
    owner_repo = owner_repo.split("github.com/", 1)[-1]
    return f"{colab.rstrip('/')}/github/{owner_repo}/blob/{branch}/_sources/{pagename}.ipynb"


def _launch_buttons(app: Any, pagename: str, context: dict) -> None:
    """Point the Colab button at the executed notebook published with the site."""
    branch = app.config.policytext_notebook_branch
    launch = app.config.html_theme_options.get("launch_buttons") or {}
    repository = app.config.html_theme_options.get("repository_url") or ""
    if not (branch and launch.get("colab_url") and "github.com/" in repository):
        return
    for group in context.get("header_buttons") or []:
        for button in group.get("buttons") or [] if isinstance(group, dict) else []:
            if button.get("text") == "Colab":
                button["url"] = colab_url(launch["colab_url"], repository, branch, pagename)


def _without_thebe(app: Any, context: dict) -> None:
    """Drop sphinx-thebe's scripts when thebe is off.

    sphinx-thebe adds them to every page whether or not thebe is used: a
    configuration script naming thebe on unpkg.com (added twice, so the
    second copy throws "Identifier 'THEBE_JS_URL' has already been
    declared") and a loader. With ``launch_buttons.thebe: false`` nothing
    calls them.
    """
    launch = app.config.html_theme_options.get("launch_buttons") or {}
    if launch.get("thebe"):
        return

    def thebe(script: Any) -> bool:
        name = str(getattr(script, "filename", "") or "")
        body = str((getattr(script, "attributes", None) or {}).get("body", ""))
        return name.endswith("sphinx-thebe.js") or "THEBE_JS_URL" in body

    scripts = context.get("script_files")
    if scripts is not None:  # in place: the builder restores its list after each page
        scripts[:] = [script for script in scripts if not thebe(script)]


def _remove_thebe_config(app: Any, doctree: Any, docname: str) -> None:
    """Drop the thebe configuration sphinx-thebe appends to each page when thebe is off."""
    launch = app.config.html_theme_options.get("launch_buttons") or {}
    if launch.get("thebe"):
        return
    for node in list(doctree.findall(nodes.raw)):
        text = node.astext()
        if "text/x-thebe-config" in text or text.strip().startswith("<script>kernelName = "):
            node.parent.remove(node)


def _page_context(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    _launch_buttons(app, pagename, context)
    # pydata-sphinx-theme logs a console error on a first visit unless a mode is set;
    # light, because the charts and word clouds are drawn on white.
    if not context.get("default_mode"):
        context["default_mode"] = "light"
    context["policytext_version"] = __version__
    context["policytext_build_date"] = app.config.policytext_build_date
    context["theme_extra_footer"] = (context.get("theme_extra_footer") or "") + _footer(
        context, app
    )
    body = context.get("body", "")
    if CHART_MARKER in body:
        # This page only (app.add_js_file here would add them to every later page),
        # deferred and in order: plotly.js, then the script that draws the charts.
        from sphinx.builders.html._assets import _JavaScript

        context["script_files"] = [
            *context.get("script_files", []),
            _JavaScript(f"_static/{PLOTLY_JS}", priority=200, defer="defer"),
            _JavaScript(f"_static/{CHARTS_JS}", priority=201, defer="defer"),
        ]
    _without_thebe(app, context)


def _chart_scripts_only_where_needed(app: Any, config: Any) -> None:
    """Keep the chart scripts off pages without a chart.

    Jupyter Book lists every ``.js`` under ``_static`` in ``html_js_files`` (every
    page); :func:`_page_context` adds the chart scripts to chart pages only.
    """
    config.html_js_files = [
        js
        for js in config.html_js_files
        if (js[0] if isinstance(js, tuple) else js) not in {PLOTLY_JS, CHARTS_JS}
    ]


def _clear_chart_data(app: Any) -> None:
    """Start every build with no chart data: only this build's CSVs reach the site."""
    from policytext.charts import STATIC_DATA

    shutil.rmtree(STATIC_DATA, ignore_errors=True)


def _copy_assets(app: Any, exception: Exception | None) -> None:
    """Copy the charts' data (written by the chapters into the cache) into the site."""
    if exception is None and app.builder.format == "html":
        from policytext.charts import STATIC_DATA

        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        if STATIC_DATA.is_dir():
            shutil.rmtree(static / "data", ignore_errors=True)
            shutil.copytree(STATIC_DATA, static / "data")


def _check_offline(app: Any, exception: Exception | None) -> None:
    """Warn about every page or stylesheet that would load something from another host."""
    if exception is not None or app.builder.format != "html":
        return
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    outdir = Path(app.outdir)
    for path in sorted([*outdir.rglob("*.html"), *outdir.rglob("*.css")]):
        for url in remote_resources(path.read_text(encoding="utf-8", errors="replace")):
            logger.warning(
                f"{path.relative_to(outdir)}: loads {url} from another host; the site must "
                "work offline: ship it in _static (or remove it)",
                type="policytext",
                subtype="offline",
            )


FONTAWESOME_JS = re.compile(
    r'<script[^>]*src="[^"]*_static/scripts/fontawesome\.js[^"]*"[^>]*>\s*</script>\n?'
)
"""pydata-sphinx-theme's Font Awesome script (1.5 MB): its CSS already draws the icons
with the Font Awesome webfont it ships, so the script is dropped from every page."""


INLINE_SEARCH_JS = re.compile(
    r'<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)"'
    r"></script>\n?"
)
SPHINX_DESIGN = re.compile(
    r'<link[^>]*href="[^"]*_static/sphinx-design\.min\.css[^"]*"[^>]*>\n?'
    r'|<script[^>]*src="[^"]*_static/design-tabs\.js[^"]*"[^>]*></script>\n?'
)
"""sphinx-design's stylesheet and script (loaded by Jupyter Book on every page),
dropped from pages that use none of its components (no ``sd-`` class)."""
"""The search index and tools pydata-sphinx-theme loads on every page for its
search-as-you-type (off in this book: ``search_as_you_type`` is not set); the
search box sends the query to ``search.html``, which loads them itself."""


def _drop_fontawesome_js(app: Any, exception: Exception | None) -> None:
    """Remove the Font Awesome script (and the search index, but on the search page) from pages."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    inline_search = (app.config.html_theme_options or {}).get("search_as_you_type")
    for path in outdir.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        lighter = FONTAWESOME_JS.sub("", page)
        if path.name != "search.html" and not inline_search:
            lighter = INLINE_SEARCH_JS.sub("", lighter)
        if 'class="sd-' not in lighter:
            lighter = SPHINX_DESIGN.sub("", lighter)
        if lighter != page:
            path.write_text(lighter, encoding="utf-8")
    for name in ("fontawesome.js", "fontawesome.js.map"):
        (outdir / "_static" / "scripts" / name).unlink(missing_ok=True)


SEARCH_SPLITTER_JS = r"""
function splitQuery(query) {
  // As Sphinx's default, but "+", "." and "%" stay inside a term: 人工智能+, 1.2万亿元, 70%.
  return query
    .split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}+.%]+/gu)
    .map((term) => term.replace(/^[.]+|[.]+$/g, ""))
    .filter((term) => term);
}
"""


def _search_language() -> type:
    """Sphinx's Chinese search (jieba), which also indexes terms with symbols and figures.

    jieba (with the user dictionary of ``html_search_options``) keeps 人工智能+
    whole; each figure as written in the text (``1.2万亿元``, ``超过6000家``, and
    without its qualifier, ``6000家``) is indexed as one word too, found by
    :func:`policytext.numbers.find_figures`. In the browser, the query is split
    by :data:`SEARCH_SPLITTER_JS`, which keeps ``+``, ``.`` and ``%``.
    """
    from sphinx.search.zh import SearchChinese

    from policytext.numbers import find_figures

    class SearchChineseTerms(SearchChinese):
        js_splitter_code = SEARCH_SPLITTER_JS

        def split(self, input: str) -> list[str]:
            words = super().split(input)
            for figure in find_figures(input):
                core = re.sub(r"^\D+", "", figure.text)
                bare = re.sub(r"(以上|以下|左右|之多)$", "", core)
                words.extend(dict.fromkeys([figure.text, core, bare]))
            return [w for w in words if w]

    return SearchChineseTerms


def _glue_table_directive() -> type:
    """``{glue-table}``: a glued output (a Styler table) as a numbered, captioned table.

    Like myst-nb's ``{glue:figure}``, but numbered and referenced as a table
    ("Table 3", ``{numref}`tab-sources```)::

        ```{glue-table} sources
        :name: tab-sources

        The five source documents, as listed in data/corpus.csv.
        ```
    """
    from myst_nb.ext.glue.directives import PasteFigureDirective

    class GlueTable(PasteFigureDirective):
        def run(self) -> list:
            result = super().run()
            for i, node in enumerate(result):
                if isinstance(node, nodes.figure):
                    table = table_output(node.rawsource, *node.children, **node.attributes)
                    table.source, table.line = node.source, node.line
                    table["classes"].append("policytext-table-output")
                    for node_id in table["ids"]:  # the label points at the new node
                        self.state.document.ids[node_id] = table
                    result[i] = table
            return result

    return GlueTable


class table_output(nodes.figure):  # lower case, as docutils names its nodes
    """A glued output shown as a table: a figure node that Sphinx numbers as a table."""


def _caption_of(node: Any) -> str:
    caption = next(iter(node.findall(nodes.caption)), None)
    return caption.astext() if caption is not None else ""


def _register_table_output(app: Any) -> None:
    from sphinx.writers.html5 import HTML5Translator

    app.add_enumerable_node(
        table_output,
        "table",
        _caption_of,
        html=(HTML5Translator.visit_figure, HTML5Translator.depart_figure),
    )
    app.add_directive("glue-table", _glue_table_directive())


def setup(app: Any) -> dict[str, Any]:
    """Register the extension."""
    from policytext.segment import ensure_jieba_cache

    ensure_jieba_cache()  # the Chinese search index uses jieba: keep its cache in the project
    app.add_config_value("policytext_build_date", build_date(), "html")
    app.add_config_value("policytext_site_url", "", "html")
    app.add_config_value("policytext_citation_file", "CITATION.cff", "html")
    app.add_config_value("policytext_about_page", "book/about", "html")
    _register_table_output(app)
    app.add_config_value("policytext_manifest", "data/corpus.csv", "env")
    # Before sphinxcontrib-bibtex reads the bibliography files (at builder-inited).
    app.connect("config-inited", _source_bibliography)
    app.connect("builder-inited", _check_citation_file)
    app.connect("config-inited", _chart_scripts_only_where_needed)
    app.connect("builder-inited", _clear_chart_data)
    # Before the environment collectors (priority 500), so the section is in the page's toc.
    app.connect("doctree-read", _add_citation, priority=400)
    app.add_config_value("policytext_notebook_branch", "gh-pages", "html")
    # After sphinx-book-theme's launch buttons (priority 501).
    app.connect("html-page-context", _page_context, priority=600)
    app.connect("doctree-resolved", _remove_thebe_config, priority=900)
    app.connect("build-finished", _copy_assets)
    app.connect("build-finished", _drop_fontawesome_js, priority=800)
    app.connect("build-finished", _check_offline, priority=900)
    # The downloadable .ipynb of each chapter: glued values in its text, its outputs shown.
    app.connect("build-finished", notebooks.rewrite_site_notebooks, priority=850)
    app.add_search_language(_search_language())
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}


# --------------------------------------------------------------------------
# Helpers for the reference pages (called from their notebook cells)
# --------------------------------------------------------------------------


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


@dataclass(frozen=True)
class Column:
    """One documented column: its name, type and meaning."""

    name: str
    type: str
    meaning: str


COLUMN_TYPES = ("string", "integer", "number", "boolean", "date")
"""Types a column can have in ``data_dictionary.yml``."""


def load_data_dictionary(path: str | Path = DATA_DICTIONARY) -> dict[str, dict[str, Any]]:
    """Read ``data_dictionary.yml``: each table's ``description`` and ``columns``.

    Returns:
        ``{table: {"description": str, "columns": [Column, ...]}}`` in file order.

    Raises:
        InputError: A table or column without a type or meaning, or an unknown type.
    """
    from policytext.errors import InputError

    data = load_yaml(path) or {}
    tables = data.get("tables") if isinstance(data, dict) else None
    if not isinstance(tables, dict) or not tables:
        raise InputError([f"{path}: expected a mapping under 'tables:'"])
    problems: list[str] = []
    out: dict[str, dict[str, Any]] = {}
    for table, entry in tables.items():
        entry = entry or {}
        columns = []
        if not str(entry.get("description") or "").strip():
            problems.append(f"{path}: {table}: needs a 'description'")
        for name, spec in (entry.get("columns") or {}).items():
            spec = spec or {}
            kind, meaning = spec.get("type"), str(spec.get("meaning") or "").strip()
            if kind not in COLUMN_TYPES:
                problems.append(f"{path}: {table}: {name}: type must be one of {COLUMN_TYPES}")
            if not meaning:
                problems.append(f"{path}: {table}: {name}: needs a 'meaning'")
            columns.append(Column(str(name), str(kind), meaning))
        out[str(table)] = {"description": str(entry.get("description", "")), "columns": columns}
    if problems:
        raise InputError(problems)
    return out


def _type_of(series: Any) -> set[str]:
    import pandas as pd

    if pd.api.types.is_bool_dtype(series):
        return {"boolean"}
    if pd.api.types.is_integer_dtype(series):
        return {"integer", "number"}
    if pd.api.types.is_float_dtype(series):
        return {"number"} | (
            {"integer"} if series.dropna().eq(series.dropna().round()).all() else set()
        )
    values = series.dropna()
    if len(values) and values.map(lambda v: isinstance(v, bool)).all():
        return {"boolean"}
    return {"string", "date"}


def dictionary_problems(tables: Mapping[str, Any], dictionary: Mapping[str, Any]) -> list[str]:
    """Where the exported tables and the data dictionary disagree.

    Args:
        tables: The exported tables by file name (``Results.tables``).
        dictionary: :func:`load_data_dictionary`.

    Returns:
        One message per undocumented table or column, per documented table
        or column that is not exported, and per column whose values do not
        fit its documented type; empty when they agree.
    """
    problems = []
    for name in tables.keys() - dictionary.keys():
        problems.append(f"{name}: exported but not in data/data_dictionary.yml")
    for name in dictionary.keys() - tables.keys():
        problems.append(f"{name}: in data/data_dictionary.yml but not exported")
    for name in sorted(tables.keys() & dictionary.keys()):
        frame = tables[name]
        documented = {c.name: c for c in dictionary[name]["columns"]}
        for column in frame.columns:
            if column not in documented:
                problems.append(f"{name}: column {column!r} is not documented")
            elif documented[column].type not in _type_of(frame[column]):
                problems.append(
                    f"{name}: column {column!r} is documented as {documented[column].type} "
                    f"but holds {frame[column].dtype} values"
                )
        for column in documented.keys() - set(frame.columns):
            problems.append(f"{name}: documented column {column!r} is not exported")
    return sorted(problems)


def data_page(
    tables: Mapping[str, Any],
    dictionary: Mapping[str, Any],
    *,
    files: Iterable[str] = (),
    href: str = f"../_static/data/{EXPORTS_DIR}/",
) -> MystMarkdown:
    """The data page: a table of the published files, then one dictionary per table.

    Raises:
        InputError: The dictionary does not document exactly the exported columns.
    """
    from policytext.errors import InputError

    problems = dictionary_problems(tables, dictionary)
    if problems:
        raise InputError(problems)
    link = '<a class="policytext-download" href="{0}{1}" download>{1}</a>'.format
    rows = [
        [
            link(html.escape(href), html.escape(name)),
            f"{len(tables[name]):,}",
            md_escape(dictionary[name]["description"]),
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
        columns = sorted(entry["columns"], key=lambda c: order[c.name])
        parts.append(
            list_table(
                [[f"`{c.name}`", c.type, md_escape(c.meaning)] for c in columns],
                header=["Column", "Type", "Meaning"],
                caption=f"{md_escape(name)}: {md_escape(entry['description'])}",
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
