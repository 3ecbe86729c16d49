"""The site's machinery: :mod:`policytext.website` (offline check, assets, page context).

Citations are in ``test_citation.py``; the built site in ``test_book.py`` and
``test_browser.py``.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from policytext.website import assets, offline, page_context

ROOT = Path(__file__).resolve().parent.parent


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


def test_colab_opens_the_published_notebook() -> None:
    url = page_context.colab_url(
        "https://colab.research.google.com/", "https://github.com/o/r/", "gh-pages", "book/x"
    )
    assert url == "https://colab.research.google.com/github/o/r/blob/gh-pages/_sources/book/x.ipynb"


def test_vendored_plotly_bundle_matches_the_installed_plotly() -> None:
    import json

    import plotly.offline

    vendor = ROOT / "_static" / assets.PLOTLY_JS
    package = json.loads((vendor.parent / "package.json").read_text(encoding="utf-8"))
    assert package["version"] == plotly.offline.get_plotlyjs_version()
    assert (vendor.parent / "LICENSE").is_file() and vendor.stat().st_size > 500_000


@pytest.mark.parametrize(
    ("body", "scripts"),
    [
        ("<p>text</p>", []),
        ('<div class="policytext-figure">', [assets.PLOTLY_JS, assets.CHARTS_JS]),
        ('<input class="policytext-filter">', [assets.FILTER_JS]),
        (
            '<input class="policytext-filter"><div class="policytext-figure">',
            [assets.PLOTLY_JS, assets.CHARTS_JS, assets.FILTER_JS],
        ),
    ],
)
def test_a_page_loads_the_scripts_its_body_needs(body: str, scripts: list[str]) -> None:
    assert assets.page_scripts(body) == scripts


def test_every_page_script_is_shipped_and_kept_off_other_pages() -> None:
    scripts = assets.page_scripts("policytext-figure policytext-filter")
    config = SimpleNamespace(html_js_files=["other.js", *scripts, ("other.js", {})])
    for script in scripts:
        assert (ROOT / "_static" / script).is_file(), script
    assets.scripts_only_where_needed(None, config)
    assert config.html_js_files == ["other.js", ("other.js", {})]
