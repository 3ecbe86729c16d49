"""The site's search: Sphinx's Chinese search, keeping terms with symbols and figures whole."""

from __future__ import annotations

import re

from sphinx.search.zh import SearchChinese

from policytext.numbers import find_figures

SEARCH_SPLITTER_JS = r"""
function splitQuery(query) {
  // As Sphinx's default, but "+", "." and "%" stay inside a term: 人工智能+, 1.2万亿元, 70%.
  return query
    .split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}+.%]+/gu)
    .map((term) => term.replace(/^[.]+|[.]+$/g, ""))
    .filter((term) => term);
}
"""


def search_language() -> type:
    """Sphinx's Chinese search (jieba), which also indexes terms with symbols and figures.

    jieba (with the user dictionary of ``html_search_options``) keeps 人工智能+
    whole; each figure as written in the text (``1.2万亿元``, ``超过6000家``, and
    without its qualifier, ``6000家``) is indexed as one word too, found by
    :func:`policytext.numbers.find_figures`. In the browser, the query is split
    by :data:`SEARCH_SPLITTER_JS`, which keeps ``+``, ``.`` and ``%``.
    """

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
