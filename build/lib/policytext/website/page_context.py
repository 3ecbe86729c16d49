"""What every page of the site gets: the footer, the launch buttons, its scripts.

Puts the package version and the build date into every page's context and
shows them in the footer; points the Colab button at the executed notebook
published with the site; drops sphinx-thebe's scripts when thebe is off; adds
the scripts a page needs (:mod:`policytext.website.assets`).
"""

from __future__ import annotations

import html
from typing import Any

from docutils import nodes

from policytext import __version__
from policytext.website.assets import add_page_scripts


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


def remove_thebe_config(app: Any, doctree: Any, docname: str) -> None:
    """Drop the thebe configuration sphinx-thebe appends to each page when thebe is off."""
    launch = app.config.html_theme_options.get("launch_buttons") or {}
    if launch.get("thebe"):
        return
    for node in list(doctree.findall(nodes.raw)):
        text = node.astext()
        if "text/x-thebe-config" in text or text.strip().startswith("<script>kernelName = "):
            node.parent.remove(node)


def page_context(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """What every page gets: launch buttons, theme mode, version, footer, its scripts."""
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
    add_page_scripts(context)
    _without_thebe(app, context)
