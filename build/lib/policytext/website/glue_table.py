"""The ``{glue-table}`` directive: a glued table, numbered and captioned as a table."""

from __future__ import annotations

from typing import Any

from docutils import nodes


def _glue_table_directive() -> type:
    """``{glue-table}``: a glued output (a Styler table) as a numbered, captioned table.

    Like myst-nb's ``{glue:figure}``, but numbered and referenced as a table
    ("Table 3", ``{numref}`tab-sources```)::

        ```{glue-table} sources
        :name: tab-sources

        The source documents, as listed in data/corpus.csv.
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


def register(app: Any) -> None:
    """Register the ``table_output`` node (numbered as a table) and ``{glue-table}``."""
    from sphinx.writers.html5 import HTML5Translator

    app.add_enumerable_node(
        table_output,
        "table",
        _caption_of,
        html=(HTML5Translator.visit_figure, HTML5Translator.depart_figure),
    )
    app.add_directive("glue-table", _glue_table_directive())
