"""The Sphinx extension of the report's site, as ``_config.yml`` names it: its registration.

Each job lives in a module of :mod:`policytext.website`: citations
(:mod:`~policytext.website.citation`), what every page gets
(:mod:`~policytext.website.page_context`), the assets and scripts
(:mod:`~policytext.website.assets`), the offline check
(:mod:`~policytext.website.offline`), the search language
(:mod:`~policytext.website.search`), the ``{glue-table}`` directive
(:mod:`~policytext.website.glue_table`) and the check of the chapters' glue keys
(:mod:`~policytext.website.glue_keys`). The helpers that chapters call from
their cells are in :mod:`policytext.chapter`.
"""

from __future__ import annotations

from typing import Any

from policytext import __version__, notebooks
from policytext.segment import ensure_jieba_cache
from policytext.website import (
    assets,
    citation,
    glue_keys,
    glue_table,
    offline,
    page_context,
    search,
)


def setup(app: Any) -> dict[str, Any]:
    """Register the extension."""
    ensure_jieba_cache()  # the Chinese search index uses jieba: keep its cache in the project
    app.add_config_value("policytext_build_date", citation.build_date(), "html")
    app.add_config_value("policytext_site_url", "", "html")
    app.add_config_value("policytext_citation_file", "CITATION.cff", "html")
    app.add_config_value("policytext_about_page", "book/about", "html")
    glue_table.register(app)
    app.add_config_value("policytext_manifest", "data/corpus.csv", "env")
    # Before sphinxcontrib-bibtex reads the bibliography files (at builder-inited).
    app.connect("config-inited", citation.add_source_bibliography)
    app.connect("builder-inited", citation.check_citation_file)
    app.connect("builder-inited", glue_keys.check_glue_keys)
    app.connect("config-inited", assets.scripts_only_where_needed)
    app.connect("builder-inited", assets.clear_chart_data)
    # Before the environment collectors (priority 500), so the section is in the page's toc.
    app.connect("doctree-read", citation.add_citation, priority=400)
    app.add_config_value("policytext_notebook_branch", "gh-pages", "html")
    # After sphinx-book-theme's launch buttons (priority 501).
    app.connect("html-page-context", page_context.page_context, priority=600)
    app.connect("doctree-resolved", page_context.remove_thebe_config, priority=900)
    app.connect("build-finished", assets.copy_chart_data)
    app.connect("build-finished", assets.lighten_pages, priority=800)
    app.connect("build-finished", offline.check_offline, priority=900)
    # The downloadable notebooks: glue roles replaced by their values, glued outputs shown.
    app.connect("build-finished", notebooks.rewrite_site_notebooks, priority=850)
    app.add_search_language(search.search_language())
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
