"""The built site in a real browser: Debian's Chromium, the site served from 127.0.0.1.

What a reader gets: every page of ``_toc.yml`` loads with no console error,
every chart draws and every image loads, search finds a Chinese term and an
English word, the notebook and source downloads work, every page ends with
how to cite it, figures and tables are numbered and captioned, and no request
leaves 127.0.0.1 (requests to any other host are recorded and refused, and
the browser cannot resolve any other name). A document whose text holds
markup (``<script>``, ``onerror=``) is shown as text and never run.

The site is built once per session into a temporary folder; set
``POLICYTEXT_SITE`` to a built ``_build/html`` to test that instead. The
browser is ``/usr/bin/chromium`` (``POLICYTEXT_CHROMIUM`` to change), driven
by Playwright, which never downloads a browser here. Where the browser or
Playwright is missing the browser tests skip and say why; with ``CI=true``
they fail instead.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote, unquote, urlsplit

import pytest

from policytext.website.assets import PLOTLY_JS

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("POLICYTEXT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Network off for anything but the site: no other name resolves.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
LOCAL_HOSTS = {"127.0.0.1"}
HOSTILE_PAGE = "book/__hostile__.html"


def in_ci() -> bool:
    """Whether the tests run in CI, where a missing browser is a failure."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def unavailable(reason: str) -> None:
    """Skip with the reason, or fail under CI=true."""
    if in_ci():
        pytest.fail(f"{reason}; CI=true, so the browser tests must run (see .ci/apt-packages)")
    pytest.skip(reason)


def toc_pages() -> list[str]:
    """Every page of the book, landing page first, as ``book/<name>``."""
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    root = re.search(r"^root:\s*(\S+)", toc, re.M)
    pages = re.findall(r"file:\s*(\S+)", toc)
    return ([root.group(1)] if root else []) + pages


PAGES = toc_pages()


# --------------------------------------------------------------------------
# The site, its server and the browser
# --------------------------------------------------------------------------


class SiteServer(ThreadingHTTPServer):
    """Serves the site, plus pages the tests add in memory (never written to the site)."""

    daemon_threads = True

    def __init__(self, root: Path) -> None:
        self.root = root
        self.extra: dict[str, bytes] = {}
        self.paths: list[str] = []
        super().__init__(("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))

    @property
    def url(self) -> str:
        """The site's address, with a final slash."""
        return f"http://127.0.0.1:{self.server_address[1]}/"


class _Handler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".ipynb": "application/x-ipynb+json",
    }

    def do_GET(self) -> None:
        server: SiteServer = self.server  # type: ignore[assignment]
        path = unquote(urlsplit(self.path).path)
        server.paths.append(path)
        if path.lstrip("/") in server.extra:
            body = server.extra[path.lstrip("/")]
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[SiteServer]:
    """The site on http://127.0.0.1:<free port>/, from a background thread."""
    httpd = SiteServer(site)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (skipped, or failed under CI, if missing)."""
    if not CHROMIUM.exists():
        unavailable(f"no browser at {CHROMIUM} (apt-get install chromium, or .ci/apt-packages)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed (pip install -r requirements.txt)")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Exception as exc:
        playwright.stop()
        unavailable(f"{CHROMIUM} does not start: {str(exc).splitlines()[0]}")
    yield chromium
    chromium.close()
    playwright.stop()


@dataclass
class Visit:
    """What happened when the browser opened one page."""

    url: str
    errors: list[str] = field(default_factory=list)
    remote: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    charts: int = 0
    drawn: int = 0
    images: list[tuple[str, int]] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"Visit({self.url})"


def open_page(
    browser: Any,
    url: str,
    *,
    settle: Any = None,
    screenshot: Path | None = None,
    width: int = 1280,
    dark: bool = False,
) -> Visit:
    """Open ``url`` in a fresh context, record everything, let charts draw.

    Args:
        browser: The Playwright browser.
        url: The page.
        settle: Optional ``function(page)`` run once the page has loaded,
            whose result is stored in ``Visit.state``.
        screenshot: Where to save a full-page screenshot, if anywhere.
        width: The viewport's width in CSS pixels (390: a phone).
        dark: Open the page in the theme's dark mode (as the reader's toggle stores it).
    """
    visit = Visit(url)
    context = browser.new_context(
        service_workers="block",
        viewport={"width": width, "height": 900},
        is_mobile=width < 600,
        has_touch=width < 600,
        accept_downloads=True,
    )
    if dark:  # what pydata-sphinx-theme's mode switch stores, read before the first paint
        context.add_init_script(
            "localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');"
        )

    def route(route: Any) -> None:
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            visit.remote.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and visit.errors.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: visit.errors.append(f"page error: {e}"))
    page.on("websocket", lambda ws: visit.remote.append(ws.url))
    page.on("response", lambda r: r.status >= 400 and visit.failed.append(f"{r.status} {r.url}"))
    page.on(
        "requestfailed",
        lambda r: (
            urlsplit(r.url).hostname in LOCAL_HOSTS and visit.failed.append(f"{r.failure} {r.url}")
        ),
    )
    try:
        page.goto(url, wait_until="load")
        visit.charts = page.locator(".plotly-graph-div").count()
        if visit.charts:
            try:
                page.wait_for_function(
                    "() => [...document.querySelectorAll('.plotly-graph-div')]"
                    ".every(d => d.querySelector('.main-svg'))",
                    timeout=20_000,
                )
            except Exception:
                pass
            visit.drawn = page.evaluate(
                "() => [...document.querySelectorAll('.plotly-graph-div')]"
                ".filter(d => d.querySelector('.main-svg')).length"
            )
        page.wait_for_function("() => [...document.images].every(i => i.complete)", timeout=20_000)
        visit.images = [
            (src, width)
            for src, width in page.evaluate(
                "() => [...document.images].map(i => [i.getAttribute('src'), i.naturalWidth])"
            )
        ]
        if settle is not None:
            visit.state = settle(page) or {}
        page.wait_for_timeout(300)  # late console errors and requests
        if screenshot is not None:
            page.screenshot(path=str(screenshot), full_page=True)
    finally:
        context.close()
    return visit


@pytest.fixture(scope="session")
def visits(browser: Any, server: SiteServer) -> dict[str, Visit]:
    """Every page of the book, opened once (results shared by the tests)."""
    shots = os.environ.get("POLICYTEXT_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
    return {
        page: open_page(
            browser,
            f"{server.url}{page}.html",
            settle=_page_facts,
            screenshot=Path(shots) / f"{page.replace('/', '_')}.png" if shots else None,
        )
        for page in PAGES
    }


def _page_facts(page: Any) -> dict[str, Any]:
    """Figures, tables, citation and footer of the page, read from its DOM."""
    return page.evaluate(
        """() => {
        const text = (e) => (e ? e.textContent.replace(/\\s+/g, ' ').trim() : '');
        const article = document.querySelector('article') || document.body;
        const charts = [...article.querySelectorAll('.policytext-chart')].map(c => {
            const fig = c.closest('figure');
            return {
                id: fig ? fig.id : '',
                number: text(fig && fig.querySelector('figcaption .caption-number')),
                caption: text(fig && fig.querySelector('figcaption')),
                source: text(c.querySelector('.chart-source')),
            };
        });
        const tables = [...article.querySelectorAll('table')]
            .filter(t => !t.closest('.highlight'))
            .map(t => {
                const fig = t.closest('figure');
                const caption = t.querySelector('caption') ||
                    (fig && fig.querySelector('figcaption'));
                return {
                    id: t.id || (fig ? fig.id : ''),
                    caption: text(caption),
                    number: text(caption && caption.querySelector('.caption-number')),
                    start: text(t).slice(0, 60),
                };
            });
        const cite = document.getElementById('cite-this-page');
        return {
            charts, tables,
            cite: cite ? {
                heading: text(cite.querySelector('h2')),
                text: text(cite.querySelector('p')),
                bibtex: cite.querySelector('pre') ? cite.querySelector('pre').textContent : '',
                last: (() => { let n = cite.nextElementSibling;
                    while (n && n.tagName === 'SCRIPT') n = n.nextElementSibling;
                    return !n; })(),
            } : null,
            footer: text(document.querySelector('.policytext-version')),
            downloads: [...document.querySelectorAll('a[href]')]
                .map(a => a.getAttribute('href'))
                .filter(h => /_sources\\//.test(h)),
        };
    }"""
    )


# --------------------------------------------------------------------------
# Every page
# --------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("page", PAGES)
def test_page_loads_without_errors(visits: dict[str, Visit], page: str) -> None:
    visit = visits[page]
    assert visit.errors == [], visit.errors
    assert visit.failed == [], visit.failed


@pytest.mark.browser
@pytest.mark.parametrize("page", PAGES)
def test_no_request_leaves_127_0_0_1(visits: dict[str, Visit], page: str) -> None:
    assert visits[page].remote == []


@pytest.mark.browser
@pytest.mark.parametrize("page", PAGES)
def test_every_chart_draws(visits: dict[str, Visit], page: str) -> None:
    visit = visits[page]
    assert visit.drawn == visit.charts, f"{visit.drawn} of {visit.charts} charts drew an SVG"


@pytest.mark.browser
@pytest.mark.parametrize("page", PAGES)
def test_every_image_loads(visits: dict[str, Visit], page: str) -> None:
    broken = [src for src, width in visits[page].images if width == 0]
    assert broken == []


@pytest.mark.browser
def test_word_clouds_load(visits: dict[str, Visit]) -> None:
    clouds = [
        (page, src, width)
        for page, visit in visits.items()
        for src, width in visit.images
        if src and "_images/" in src
    ]
    assert clouds, "no word cloud image on any page"
    assert all(width > 0 for _, _, width in clouds), clouds


@pytest.mark.browser
@pytest.mark.parametrize("page", PAGES)
def test_charts_are_numbered_captioned_and_sourced(visits: dict[str, Visit], page: str) -> None:
    for chart in visits[page].state["charts"]:
        assert re.fullmatch(r"Fig\. \d+", chart["number"]), chart
        assert chart["id"], f"chart without a label to cross-reference it: {chart}"
        assert len(chart["caption"]) > len(chart["number"]) + 10, chart
        assert chart["source"].startswith("Source:"), chart
        assert len(chart["source"]) > len("Source: Download the data (CSV)") + 10, chart


@pytest.mark.browser
@pytest.mark.parametrize("page", PAGES)
def test_tables_are_captioned(visits: dict[str, Visit], page: str) -> None:
    missing = [t["start"] for t in visits[page].state["tables"] if not t["caption"]]
    assert missing == [], f"tables without a caption: {missing}"


@pytest.mark.browser
@pytest.mark.parametrize("page", PAGES)
def test_tables_are_numbered(visits: dict[str, Visit], page: str) -> None:
    """Sphinx numbers list-tables and ``{glue-table}`` outputs ("Table 3")."""
    unnumbered = [
        t["caption"][:70] for t in visits[page].state["tables"] if not t["number"].strip()
    ]
    assert unnumbered == [], (
        "tables without a number (glue the table and paste it with {glue-table}, "
        f"see policytext.website.glue_table): {unnumbered}"
    )


@pytest.mark.browser
@pytest.mark.parametrize("page", PAGES)
def test_page_ends_with_how_to_cite_it(visits: dict[str, Visit], page: str) -> None:
    from pybtex.database import parse_string

    from policytext import __version__

    cite = visits[page].state["cite"]
    assert cite is not None, "no 'How to cite' section"
    assert cite["last"], "'How to cite' is not the end of the page"
    root = PAGES[0]
    assert cite["heading"].startswith(
        "How to cite this report" if page == root else "How to cite this chapter"
    )
    url = re.search(r"https://\S+", cite["text"])
    assert url and (page == root or url.group().endswith(f"{page}.html")), cite["text"]
    assert f"version {__version__}" in cite["text"]
    assert re.search(r"\d{4}-\d{2}-\d{2}", cite["text"])
    entry = next(iter(parse_string(cite["bibtex"], "bibtex").entries.values()))
    assert entry.fields["url"] == url.group()
    assert entry.fields["version"] == __version__
    assert entry.fields["year"] == entry.fields["date"][:4]
    assert entry.persons["author"]


@pytest.mark.browser
@pytest.mark.parametrize("page", PAGES)
def test_footer_shows_version_and_build_date(visits: dict[str, Visit], page: str) -> None:
    from policytext import __version__

    footer = visits[page].state["footer"]
    assert re.search(rf"Version {re.escape(__version__)}, built \d{{4}}-\d{{2}}-\d{{2}}", footer)


@pytest.mark.browser
def test_source_date_epoch_sets_the_build_date(visits: dict[str, Visit]) -> None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch or os.environ.get("POLICYTEXT_SITE"):
        pytest.skip("SOURCE_DATE_EPOCH is not set for this build")
    from policytext.website.citation import build_date

    assert f"built {build_date()}" in visits[PAGES[0]].state["footer"]


# --------------------------------------------------------------------------
# Phones and dark mode: every page at 390 and 1366 px, light and dark
# --------------------------------------------------------------------------

LAYOUTS = [(width, mode) for width in (390, 1366) for mode in ("light", "dark")]

LAYOUT_FACTS = """() => {
    const box = (e) => { const r = e.getBoundingClientRect();
        return {l: r.left, t: r.top, r: r.right, b: r.bottom, w: r.width, h: r.height}; };
    const charts = [...document.querySelectorAll('.policytext-chart .js-plotly-plot')].map(div => {
        const named = (sel, kind) => [...div.querySelectorAll(sel)]
            .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; })
            .map(e => ({kind, text: (e.textContent || '').slice(0, 40), ...box(e)}));
        const labels = [
            ...named('.infolayer .gtitle', 'title'),
            ...named('.infolayer .annotation', 'panel title'),
            ...named('.infolayer .legend', 'legend'),
            ...named('.modebar', 'mode bar'),
            ...named('.infolayer .g-xtitle', 'x title'),
            ...named('.infolayer .g-ytitle', 'y title'),
            ...named('.menulayer .updatemenu-container', 'menu'),
            ...named('.xaxislayer-above .xtick text, .yaxislayer-above .ytick text', 'tick'),
        ];
        const plots = named('.draglayer .nsewdrag', 'plot area');
        const tick = div.querySelector('.xtick text, .ytick text');
        return {
            id: div.id, chart: box(div), labels, plots,
            tick: tick ? getComputedStyle(tick).fill : '',
            background: getComputedStyle(div.querySelector('.main-svg')).backgroundColor,
        };
    });
    return {
        scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth,
        theme: document.documentElement.dataset.theme, charts,
    };
}"""


def _overlaps(a: dict, b: dict, slack: float = 1.0) -> bool:
    return (
        min(a["r"], b["r"]) - max(a["l"], b["l"]) > slack
        and min(a["b"], b["b"]) - max(a["t"], b["t"]) > slack
    )


def chart_problems(chart: dict) -> list[str]:
    """Labels of a drawn chart that overlap each other or a plot area, or stick out of it."""
    problems = []
    labels, frame = chart["labels"], chart["chart"]
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            if _overlaps(a, b):
                problems.append(f"{chart['id']}: {a['kind']} {a['text']!r} overlaps {b['kind']}")
        if a["kind"] in {"legend", "mode bar", "menu", "title", "panel title"}:
            for plot in chart["plots"]:
                if _overlaps(a, plot, slack=2.0):
                    problems.append(f"{chart['id']}: {a['kind']} {a['text']!r} covers a plot")
        if a["l"] < frame["l"] - 1 or a["r"] > frame["r"] + 1:
            problems.append(f"{chart['id']}: {a['kind']} {a['text']!r} sticks out of the chart")
    return problems


def _luminance(css: str) -> float:
    r, g, b = (int(v) for v in re.findall(r"\d+", css)[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


@pytest.fixture(scope="session")
def layouts(browser: Any, server: SiteServer) -> dict[tuple[str, int, str], Visit]:
    """Every page at each width and theme, with its scroll width and chart label boxes."""
    shots = os.environ.get("POLICYTEXT_SCREENSHOTS")
    out = {}
    for width, mode in LAYOUTS:
        for page in PAGES:

            def settle(p: Any) -> dict[str, Any]:
                p.wait_for_timeout(400)  # responsive charts resize after the first draw
                return p.evaluate(LAYOUT_FACTS)

            name = f"{page.replace('/', '_')}-{width}-{mode}.png"
            out[page, width, mode] = open_page(
                browser,
                f"{server.url}{page}.html",
                settle=settle,
                width=width,
                dark=mode == "dark",
                screenshot=Path(shots) / name if shots else None,
            )
    return out


@pytest.mark.browser
@pytest.mark.parametrize(("width", "mode"), LAYOUTS)
@pytest.mark.parametrize("page", PAGES)
def test_no_page_is_wider_than_the_screen(layouts: dict, page: str, width: int, mode: str) -> None:
    visit = layouts[page, width, mode]
    assert visit.errors == [], visit.errors
    state = visit.state
    # On a phone an overflowing page widens the layout viewport (innerWidth grows and the
    # page zooms out), so the measure is the screen's width itself.
    assert state["scroll"] <= width, f"{page} at {width} px is {state['scroll']} px wide"
    assert state["inner"] == width, f"{page} at {width} px zooms out to {state['inner']} px"


@pytest.mark.browser
@pytest.mark.parametrize(("width", "mode"), LAYOUTS)
@pytest.mark.parametrize("page", PAGES)
def test_chart_labels_do_not_overlap(layouts: dict, page: str, width: int, mode: str) -> None:
    visit = layouts[page, width, mode]
    assert visit.drawn == visit.charts == len(visit.state["charts"])
    problems = [p for chart in visit.state["charts"] for p in chart_problems(chart)]
    assert problems == []


@pytest.mark.browser
@pytest.mark.parametrize(("width", "mode"), LAYOUTS)
@pytest.mark.parametrize("page", PAGES)
def test_charts_follow_the_theme(layouts: dict, page: str, width: int, mode: str) -> None:
    state = layouts[page, width, mode].state
    assert state["theme"] == mode
    for chart in state["charts"]:
        assert chart["background"] in {"rgba(0, 0, 0, 0)", "transparent"}, chart["id"]
        light_text = _luminance(chart["tick"]) > 0.6
        assert light_text == (mode == "dark"), (chart["id"], chart["tick"])


@pytest.mark.browser
def test_charts_change_colour_with_the_theme_switch(browser: Any, server: SiteServer) -> None:
    """Toggling dark mode on an open page recolours the charts already drawn."""

    def toggle(page: Any) -> dict[str, Any]:
        before = page.evaluate(LAYOUT_FACTS)
        page.evaluate("() => { document.documentElement.dataset.theme = 'dark'; }")
        page.wait_for_timeout(500)
        return {"before": before, "after": page.evaluate(LAYOUT_FACTS)}

    visit = open_page(browser, f"{server.url}book/terms.html", settle=toggle)
    before, after = visit.state["before"]["charts"], visit.state["after"]["charts"]
    assert before and len(before) == len(after)
    assert all(_luminance(c["tick"]) < 0.4 for c in before)
    assert all(_luminance(c["tick"]) > 0.6 for c in after)


# --------------------------------------------------------------------------
# Search, downloads, data
# --------------------------------------------------------------------------


def search(browser: Any, server: SiteServer, query: str) -> Visit:
    """Run a query on search.html and return the pages found (``state['found']``)."""

    def results(page: Any) -> dict[str, Any]:
        page.wait_for_function(
            "() => { const s = document.querySelector('#search-results .search-summary');"
            " return s && /found|no pages/i.test(s.textContent); }",
            timeout=20_000,
        )
        hrefs = page.eval_on_selector_all(
            "#search-results ul.search li a", "as => as.map(a => a.getAttribute('href'))"
        )
        return {"found": sorted({urlsplit(h).path.removesuffix(".html") for h in hrefs})}

    return open_page(browser, f"{server.url}search.html?q={quote(query)}", settle=results)


@pytest.mark.browser
def test_search_finds_a_chinese_term(browser: Any, server: SiteServer) -> None:
    visit = search(browser, server, "未来产业")
    assert visit.errors == [] and visit.remote == []
    assert {"book/terms", "book/comparison"} <= set(visit.state["found"]), visit.state


@pytest.mark.browser
@pytest.mark.parametrize("query", ["人工智能+", "1.2万亿元"])
def test_search_finds_terms_with_symbols_and_figures_as_written(
    browser: Any, server: SiteServer, site: Path, query: str
) -> None:
    """人工智能+ keeps its "+" (the landing page uses it); a figure is found as written.

    Every page found holds the query as written (its "+" or its figure whole).
    """
    visit = search(browser, server, query)
    assert visit.errors == [] and visit.remote == []
    found = visit.state["found"]
    text = {p: (site / f"{p}.html").read_text(encoding="utf-8") for p in PAGES}
    if not any(query in re.sub(r"<[^>]+>", "", text[p]) for p in PAGES):
        pytest.skip(f"no page of this corpus's site holds {query}")
    assert found, f"{query} finds nothing"
    assert all(query in re.sub(r"<[^>]+>", "", text[p]) for p in found), found
    if query == "人工智能+":
        assert PAGES[0] in found, found


@pytest.mark.browser
def test_icons_show_without_fontawesome_js(browser: Any, server: SiteServer) -> None:
    """The theme's icons are drawn by its CSS and webfont: no 1.5 MB script is loaded."""

    def icons(page: Any) -> dict[str, Any]:
        page.evaluate("() => document.fonts.ready")
        return page.evaluate(
            """() => ({
            scripts: [...document.scripts].map(s => s.src).filter(s => /fontawesome/.test(s)),
            icons: [...document.querySelectorAll('.bd-header i.fa-solid, .bd-header i.fas')]
                .filter(i => i.offsetParent !== null)
                .map(i => [i.className, i.getBoundingClientRect().width,
                           getComputedStyle(i, '::before').content]),
        })"""
        )

    visit = open_page(browser, f"{server.url}{PAGES[0]}.html", settle=icons)
    assert visit.state["scripts"] == []
    assert visit.state["icons"], "no icon in the header"
    for name, width, content in visit.state["icons"]:
        assert width > 4 and content not in {"none", "normal", ""}, (name, width, content)


@pytest.mark.browser
def test_search_finds_an_english_word(browser: Any, server: SiteServer) -> None:
    visit = search(browser, server, "audit")
    assert visit.errors == [] and visit.remote == []
    assert "book/corpus" in visit.state["found"], visit.state


@pytest.mark.browser
@pytest.mark.parametrize("page", PAGES)
def test_notebook_and_source_download(
    visits: dict[str, Visit], server: SiteServer, site: Path, page: str
) -> None:
    source = next(p for p in (ROOT / f"{page}.md", ROOT / f"{page}.ipynb") if p.exists())
    notebook = "kernelspec:" in source.read_text(encoding="utf-8")
    links = {Path(unquote(h)).name for h in visits[page].state["downloads"]}
    assert source.name in links, links
    import urllib.request

    with urllib.request.urlopen(f"{server.url}_sources/{page}{source.suffix}") as response:
        assert response.read().decode("utf-8") == source.read_text(encoding="utf-8")
    if not notebook:
        return
    assert f"{Path(page).name}.ipynb" in links, links
    with urllib.request.urlopen(f"{server.url}_sources/{page}.ipynb") as response:
        nb = json.loads(response.read())
    assert nb["nbformat"] == 4
    code = [cell for cell in nb["cells"] if cell["cell_type"] == "code"]
    assert code and all("outputs" in cell for cell in code)
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.browser
def test_data_page_publishes_every_table(browser: Any, server: SiteServer) -> None:
    from policytext.data_dictionary import load_data_dictionary

    dictionary = load_data_dictionary()

    def fetch_all(page: Any) -> dict[str, Any]:
        links = page.eval_on_selector_all(
            "a.policytext-download", "as => as.map(a => [a.textContent, a.href])"
        )
        heads = {}
        for name, href in links:
            response = page.request.get(href)
            body = response.body()
            csv = name.endswith(".csv")
            head = body.split(b"\n", 1)[0].decode("utf-8-sig") if csv else ""
            heads[name] = [response.status, head, body.startswith(b"\xef\xbb\xbf") or not csv]
        return {"heads": heads}

    visit = open_page(browser, f"{server.url}book/data.html", settle=fetch_all)
    assert visit.errors == [] and visit.remote == []
    heads = visit.state["heads"]
    for table, entry in dictionary.items():
        assert table in heads, f"{table} is not offered on the data page"
        status, header, bom = heads[table]
        assert status == 200, (table, status)
        assert bom, f"{table}: no UTF-8 byte-order mark (Excel would show mojibake)"
        assert set(header.split(",")) == set(entry.columns), (table, header)
    assert all(status == 200 for status, _, _ in heads.values()), heads


@pytest.mark.browser
def test_glossary_lists_every_term_with_a_link(browser: Any, server: SiteServer) -> None:
    from policytext.lexicon import load_terms

    def rows(page: Any) -> dict[str, Any]:
        found = page.eval_on_selector_all(
            "#glossary-terms tbody tr",
            """trs => trs.map(tr => ({
                cells: [...tr.querySelectorAll('td')].map(td => td.textContent.trim()),
                links: [...tr.querySelectorAll('a[href]')].map(a => a.href),
            }))""",
        )
        targets = {}
        for link in {link for row in found for link in row["links"]}:
            target = page.context.new_page()
            target.goto(link, wait_until="domcontentloaded")
            fragment = urlsplit(link).fragment
            targets[link] = bool(fragment) and target.locator(f"[id='{fragment}']").count() > 0
            target.close()
        return {"rows": found, "targets": targets}

    visit = open_page(browser, f"{server.url}book/glossary.html", settle=rows)
    rows_by_term = {row["cells"][0]: row for row in visit.state["rows"]}
    for term in load_terms():
        row = rows_by_term.get(term.term)
        assert row is not None, f"{term.term} is not in the glossary"
        cells = [straight(cell) for cell in row["cells"]]
        assert term.pinyin in cells and term.gloss_en in cells, row
        assert row["links"] or row["cells"][-1] == "not in these documents", row
    assert visit.state["targets"] and all(visit.state["targets"].values()), visit.state["targets"]


def straight(text: str) -> str:
    """Text with the typographic quotes Sphinx puts in (smartquotes) made straight."""
    return text.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"}))


# --------------------------------------------------------------------------
# Hostile documents
# --------------------------------------------------------------------------

PWN = "window.__pwned = (window.__pwned || []).concat"


def hostile_corpus(folder: Path) -> Path:
    """A two-period corpus whose text, titles and labels carry markup that would run."""
    raw = folder / "raw"
    raw.mkdir(parents=True)
    (raw / "a.txt").write_text(
        "<p>工业和信息化部推动未来产业发展。"
        f"&lt;img src=x onerror=&quot;{PWN}(1)&quot;&gt;未来产业要加快培育，新质生产力是关键。</p>\n"
        f"<script>{PWN}(2)</script>\n"
        f'<p>人工智能+制造<img src=y onerror="{PWN}(3)">继续推进，规模超过100家企业。</p>\n'
        f"<p>新质生产力&lt;script&gt;{PWN}(4)&lt;/script&gt;加快发展，未来产业增长超过20%。</p>\n",
        encoding="utf-8",
    )
    (raw / "b.txt").write_text(
        "未来产业和人工智能+制造继续发展，培育新质生产力。\n"
        f"要加快推进&lt;svg onload=&quot;{PWN}(5)&quot;&gt;数字化转型，力争新增500家智能工厂。\n",
        encoding="utf-8",
    )
    (folder / "periods.csv").write_text(
        "period,label,label_zh,description\n"
        f'2025-06,"June <img src=p onerror=""{PWN}(6)"">",2025年6月,x\n'
        "2026-03,March 2026,2026年3月,y\n",
        encoding="utf-8",
    )
    (folder / "corpus.csv").write_text(
        "doc_id,file,title,title_en,outlet,date,date_note,period,url,notes\n"
        f'a,raw/a.txt,"未来产业<img src=t onerror=""{PWN}(7)"">",A,'
        f'"<b onmouseover=""{PWN}(8)"">Outlet</b>",2025-06,,2025-06,,\n'
        "b,raw/b.txt,标题,B,Outlet,2026-03-24,,2026-03,,\n",
        encoding="utf-8",
    )
    return folder / "corpus.csv"


def hostile_outputs(manifest: Path, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The hostile corpus through the pipeline and the chapters' table and chart code."""
    from policytext import charts, pipeline, report

    monkeypatch.setattr(charts.render, "save_data", lambda frame, name, **_: f"{name}.csv")
    results = pipeline.run(manifest)
    t = results.tables
    periods = list(results.periods["period"])
    labels = dict(zip(results.periods["period"], results.periods["label"], strict=True))
    focal = [term.term for term in results.terms if term.focal]
    outputs = [
        report.source_table(t["documents.csv"], results.periods),
        report.cleaning_summary(t["documents.csv"], t["cleaning_audit.csv"]),
        report.audit_examples(t["cleaning_audit.csv"]),
        report.concordance(t["kwic.csv"]),
        report.period_term_table(t["term_counts_by_period.csv"], terms=focal),
        report.top_distinctive(t["distinctive_terms.csv"], periods=periods, labels=labels),
        charts.chart(
            charts.term_frequency(
                t["term_counts_by_period.csv"][t["term_counts_by_period.csv"]["term"].isin(focal)],
                terms=focal,
                periods=periods,
            ),
            name="hostile-terms",
            data=t["term_counts_by_period.csv"],
            source=f'<img src=s onerror="{PWN}(9)">',
        ),
        charts.chart(
            charts.top_words(t["vocabulary.csv"], periods=periods, n=10),
            name="hostile-vocabulary",
            data=t["vocabulary.csv"],
            source="test",
        ),
    ]
    if hasattr(report, "figure_table") and hasattr(report, "with_labels"):
        from policytext import figures

        found = report.with_labels(t["figures.csv"], figures.load_indicators())
        outputs.append(report.figure_table(found))
    return [output._repr_html_() for output in outputs]


def hostile_page(site: Path, outputs: list[str]) -> bytes:
    """A chapter page of the site with its article replaced by the outputs.

    Each output is wrapped as myst-nb wraps a cell's ``text/html`` output, so
    the page runs the site's own scripts (plotly.js included) on the markup.
    """
    chapter = next(
        (site / f"{page}.html")
        for page in PAGES
        if PLOTLY_JS in (site / f"{page}.html").read_text(encoding="utf-8")
    )
    page = chapter.read_text(encoding="utf-8")
    start = page.index("<article")
    start = page.index(">", start) + 1
    end = page.index("</article>", start)
    cells = "\n".join(
        '<div class="cell_output docutils container"><div class="output text_html">'
        f"{output}</div></div>"
        for output in outputs
    )
    return (page[:start] + f"<section id='hostile'>{cells}</section>" + page[end:]).encode()


@pytest.mark.browser
def test_markup_in_documents_is_shown_as_text_and_never_runs(
    browser: Any,
    server: SiteServer,
    site: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    outputs = hostile_outputs(hostile_corpus(tmp_path / "corpus"), tmp_path, monkeypatch)
    server.extra[HOSTILE_PAGE] = hostile_page(site, outputs)

    def inspect(page: Any) -> dict[str, Any]:
        page.wait_for_timeout(500)  # let a failed image's onerror fire, if it would
        return page.evaluate(
            """() => ({
            pwned: window.__pwned || null,
            handlers: document.querySelectorAll(
                '#hostile [onerror], #hostile [onload], #hostile [onmouseover]').length,
            scripts: [...document.querySelectorAll('#hostile script:not(script.policytext-figure[type="application/json"])')]
                .filter(s => !s.textContent.includes('Plotly.newPlot')).length,
            text: document.querySelector('#hostile').innerText,
        })"""
        )

    before = len(server.paths)
    try:
        visit = open_page(browser, f"{server.url}{HOSTILE_PAGE}", settle=inspect)
    finally:
        del server.extra[HOSTILE_PAGE]
    state = visit.state
    assert state["pwned"] is None, f"markup from a document ran: window.__pwned = {state}"
    assert state["handlers"] == 0, "an event-handler attribute from a document became markup"
    assert state["scripts"] == 0, "a <script> from a document became markup"
    requested = {Path(p).name for p in server.paths[before:]}
    assert not requested & {"x", "y", "p", "s", "t"}, "a document's <img> was loaded"
    # ... and the reader sees the markup as the document's text.
    assert "onerror=" in state["text"] and "<script>" in state["text"], state["text"][:500]
    assert visit.drawn == visit.charts > 0


# --------------------------------------------------------------------------
# Rerunning a downloaded notebook
# --------------------------------------------------------------------------


@pytest.mark.book
def test_downloaded_notebook_reruns(site: Path, tmp_path: Path) -> None:
    """The .ipynb offered for download runs again, top to bottom, from another folder."""
    jupyter = Path(sys.executable).parent / "jupyter"
    notebook = tmp_path / "terms.ipynb"
    shutil.copyfile(site / "_sources" / "book" / "terms.ipynb", notebook)
    result = subprocess.run(
        [str(jupyter), "execute", "--inplace", str(notebook)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    errors = [
        output
        for cell in nb["cells"]
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert errors == []


@pytest.mark.browser
def test_the_filter_box_filters_the_figures_table(browser: Any, server: SiteServer) -> None:
    """The box above the figures table (``_static/policytext-filter.js``) hides the other rows."""

    def type_a_quote(page: Any) -> dict[str, Any]:
        box = page.locator("input.policytext-filter").first
        rows = f"[...document.querySelectorAll('#{box.get_attribute('data-table')} tbody tr')]"
        quote = page.evaluate(f"{rows}[0].querySelector('td:last-child').textContent")
        holding = page.evaluate(
            f"q => {rows}.filter(r => r.textContent.toLowerCase().includes(q.toLowerCase()))"
            ".length",
            quote,
        )
        box.fill(quote)
        shown = page.evaluate(f"{rows}.filter(r => r.style.display !== 'none').length")
        box.fill("")
        cleared = page.evaluate(f"{rows}.filter(r => r.style.display !== 'none').length")
        total = page.evaluate(f"{rows}.length")
        return {"total": total, "holding": holding, "shown": shown, "cleared": cleared}

    visit = open_page(browser, f"{server.url}book/figures.html", settle=type_a_quote)
    assert visit.errors == [] and visit.remote == []
    state = visit.state
    assert state["holding"] >= 1
    assert state["shown"] == state["holding"], state  # the rows holding the quote, no other
    assert state["cleared"] == state["total"], state
