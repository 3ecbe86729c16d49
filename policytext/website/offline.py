"""The offline check: a built page that would load anything from another host is a warning.

Scripts, styles, fonts, images, frames and media count; links a reader may
follow do not. Under ``make book`` (``-W``) the warning is an error that names
the page and the address.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

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


def check_offline(app: Any, exception: Exception | None) -> None:
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
