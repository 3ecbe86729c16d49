"""A small Sphinx extension for the report's site (registered in ``_config.yml``).

- Ships ``plotly.min.js`` once, copied from the installed plotly so the version
  always matches, and loads it only on pages that hold a chart: no CDN.
- Puts the package version and the build date into every page's context.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

from policytext import __version__

PLOTLY_JS = "plotly.min.js"
CHART_MARKER = "plotly-graph-div"


def _plotly_js_source() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / PLOTLY_JS


def build_date() -> str:
    """Build date (UTC), or ``SOURCE_DATE_EPOCH`` when set, for reproducible sites."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return moment.strftime("%Y-%m-%d")


def _page_context(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    context["policytext_version"] = __version__
    context["policytext_build_date"] = app.config.policytext_build_date
    body = context.get("body", "")
    if CHART_MARKER in body:
        app.add_js_file(PLOTLY_JS, priority=200)


def _copy_assets(app: Any, exception: Exception | None) -> None:
    """Copy plotly.min.js and the charts' data (written by the chapters) into the site."""
    if exception is None and app.builder.format == "html":
        from policytext.charts import STATIC_DATA

        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_plotly_js_source(), static / PLOTLY_JS)
        if STATIC_DATA.is_dir():
            shutil.copytree(STATIC_DATA, static / "data", dirs_exist_ok=True)


def setup(app: Any) -> dict[str, Any]:
    """Register the extension."""
    app.add_config_value("policytext_build_date", build_date(), "html")
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _copy_assets)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
