"""Page weight and first paint of the built site on an emulated 4G link (not a test).

    .venv/bin/python bench/page_weight.py [--site _build/html] [--append bench/RESULTS.md]

Serves the built site from 127.0.0.1, opens every page of ``_toc.yml`` in a
fresh Chromium context (Debian's ``/usr/bin/chromium`` via Playwright, empty
cache) with the network throttled through the Chrome DevTools Protocol
(``Network.emulateNetworkConditions``: 9 Mbit/s down, 9 Mbit/s up, 85 ms
latency), and records for each page the bytes transferred (the sum of every
response's encoded body: the local server does not compress, so this is the
uncompressed weight), the number of requests and the first contentful paint
(``performance.getEntriesByName('first-contentful-paint')``). Targets (issue
15): chart pages ≤ 2.5 MB and first contentful paint ≤ 3 s; text pages ≤ 1 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import re
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOWN_BPS = 9_000_000 / 8  # bytes per second
LATENCY_MS = 85
CHART_PAGE_MB, TEXT_PAGE_MB, FCP_S = 2.5, 1.0, 3.0


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def pages() -> list[str]:
    """Every page of the book, landing page first."""
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    root = re.search(r"^root:\s*(\S+)", toc, re.M)
    return ([root.group(1)] if root else []) + re.findall(r"file:\s*(\S+)", toc)


def measure(site: Path) -> list[dict[str, object]]:
    """Open each page once on the throttled link; return its weight and first paint."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        for page_name in pages():
            context = browser.new_context(viewport={"width": 390, "height": 900})
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            cdp.send(
                "Network.emulateNetworkConditions",
                {
                    "offline": False,
                    "latency": LATENCY_MS,
                    "downloadThroughput": DOWN_BPS,
                    "uploadThroughput": DOWN_BPS,
                },
            )
            sizes: dict[str, int] = {}
            urls: dict[str, str] = {}
            cdp.on(
                "Network.responseReceived",
                lambda e, urls=urls: urls.__setitem__(e["requestId"], e["response"]["url"]),
            )
            cdp.on(
                "Network.loadingFinished",
                lambda e, sizes=sizes: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
            )
            page.goto(f"{base}{page_name}.html", wait_until="load")
            page.wait_for_timeout(1500)
            fcp = page.evaluate(
                "() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"
            )
            charts = page.locator(".policytext-chart .plotly-graph-div").count()
            rows.append(
                {
                    "page": page_name,
                    "charts": charts,
                    "bytes": sum(sizes.values()),
                    "requests": len(sizes),
                    "fcp_s": (fcp or 0) / 1000,
                    "files": {
                        urls.get(r, r).removeprefix(base).split("?")[0]: n for r, n in sizes.items()
                    },
                }
            )
            context.close()
        browser.close()
    httpd.shutdown()
    return rows


def table(rows: list[dict[str, object]]) -> str:
    """The results as a Markdown table with the target of each page."""
    lines = [
        "| page | charts | transferred | requests | first contentful paint | target |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        mb = row["bytes"] / 1e6
        limit = CHART_PAGE_MB if row["charts"] else TEXT_PAGE_MB
        met = "met" if mb <= limit and row["fcp_s"] <= FCP_S else "**not met**"
        lines.append(
            f"| {row['page']} | {row['charts']} | {mb:.2f} MB | {row['requests']} | "
            f"{row['fcp_s']:.2f} s | ≤ {limit} MB, ≤ {FCP_S:g} s: {met} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Measure, print, and optionally append to bench/RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--append", type=Path)
    parser.add_argument(
        "--detail", type=int, default=0, help="print each page's N largest responses"
    )
    args = parser.parse_args()
    rows = measure(args.site)
    for row in rows if args.detail else []:
        print(f"{row['page']}: {row['bytes'] / 1e6:.2f} MB")
        for name, size in sorted(row["files"].items(), key=lambda kv: -kv[1])[: args.detail]:
            print(f"  {size / 1e3:9.1f} kB  {name}")
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = (
        f"\n## {when}: `python bench/page_weight.py` (page weight, commit {commit})\n\n"
        "Method: the built site served from 127.0.0.1 (no compression), each page of "
        "`_toc.yml` opened once in a fresh Chromium context at 390 px with the cache "
        "disabled and the link throttled by CDP `Network.emulateNetworkConditions` "
        f"({DOWN_BPS * 8 / 1e6:g} Mbit/s, {LATENCY_MS} ms latency); transferred = the sum of "
        "`encodedDataLength` of every response until 1.5 s after `load`; first contentful "
        "paint from the Paint Timing API. The machine is shared (2 cores), so paint times "
        "are upper bounds.\n\n" + table(rows) + "\n"
    )
    print(section)
    if args.append:
        with args.append.open("a", encoding="utf-8") as handle:
            handle.write(section)


if __name__ == "__main__":
    sys.exit(main())
