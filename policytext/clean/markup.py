"""Stage ``markup``: HTML and Markdown marks stripped, the page split into paragraphs."""

from __future__ import annotations

import html
import re

from policytext.clean.audit import _Audit
from policytext.clean.paragraphs import Para, _counting, _sub

_BLOCK_TAGS = (
    "p|br|div|li|ul|ol|h[1-6]|tr|td|th|table|section|article|header|footer|nav|blockquote|hr"
)


# Attributes, with quoted values that may hold > or < (alt="a>b").
_ATTRS = r"""(?:\s+(?:[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>`]+))?|/))*\s*/?"""
_COMMENT_RE = re.compile(
    r"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?\]\]>|<![A-Za-z][^>]*>|<\?[^>]*\?>", re.S
)
_SCRIPT_RE = re.compile(rf"<(script|style)\b{_ATTRS}>.*?(?:</\1\s*>|\Z)", re.S | re.I)
_BLOCK_RE = re.compile(rf"</?(?:{_BLOCK_TAGS})\b{_ATTRS}>", re.I)
_TAG_RE = re.compile(rf"</?[a-zA-Z][a-zA-Z0-9]*{_ATTRS}>")
_ENTITY_RE = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});")
_MD_HEADING_RE = re.compile(r"^[ \t\u3000]*#{1,6}[ \t]+")
_MD_LIST_RE = re.compile(r"^[ \t\u3000]*(?:[-*+]|\d{1,3}[.)])[ \t]+")
_MD_EMPHASIS_RE = re.compile(r"\*\*|__")
_MD_RULE_RE = re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$")
_MD_LINE_MARK_RE = re.compile(
    "|".join(p.pattern for p in (_MD_RULE_RE, _MD_HEADING_RE, _MD_LIST_RE))
)
"""A Markdown rule, heading or list mark (each opens a line)."""


def markup(raw: str, audit: _Audit) -> list[Para]:
    """Strip HTML and Markdown-like marks and split the page into paragraphs.

    Args:
        raw: The raw document text.
        audit: Collects what is removed.

    Returns:
        Paragraphs (lines of the page), with ``heading`` set on Markdown
        headings and on paragraphs that are wholly bold.
    """
    page = Para(raw, _counting(len(raw)))
    page = _sub(page, _COMMENT_RE, audit, "markup", "HTML comment or declaration")
    page = _sub(page, _SCRIPT_RE, audit, "markup", "HTML script or style element")
    bold = _mark_bold_paragraphs(page.text)
    page = _sub(page, _BLOCK_RE, audit, "markup", "HTML block tag", replacement=lambda m: "\n")
    page = _sub(page, _TAG_RE, audit, "markup", "HTML tag")
    page = _sub(
        page,
        _ENTITY_RE,
        audit,
        "markup",
        "HTML entity decoded",
        replacement=lambda m: html.unescape(m.group()).replace("\xa0", " "),
    )
    paragraphs: list[Para] = []
    start = 0
    for line in page.text.split("\n"):
        line_start, start = start, start + len(line) + 1
        if not line.strip():
            continue  # no mark to remove, no paragraph
        para = _markdown_line(Para(line, page.offsets[line_start : start - 1]), bold, audit)
        if para is not None:
            paragraphs.append(para)
    return paragraphs


def _markdown_line(para: Para, bold: set[int], audit: _Audit) -> Para | None:
    """Remove the Markdown marks of a line and mark it a heading if it is one.

    Returns:
        The paragraph, or None for a rule or a line with nothing but marks.
    """
    if not (_MD_LINE_MARK_RE.match(para.text) or _MD_EMPHASIS_RE.search(para.text)):
        return Para(para.text, para.offsets, heading=para.offsets[0] in bold)  # never blank
    if _MD_RULE_RE.match(para.text):
        audit.add("markup", "Markdown rule", para.text, para.offsets)
        return None
    heading = bool(_MD_HEADING_RE.match(para.text))
    para = _sub(para, _MD_HEADING_RE, audit, "markup", "Markdown heading mark")
    para = _sub(para, _MD_LIST_RE, audit, "markup", "Markdown list mark")
    stripped = para.text.strip()
    wholly_bold = (
        stripped.startswith("**") and stripped.endswith("**") and stripped.count("**") == 2
    ) or any(o in bold for o in para.offsets[:1])
    para = _sub(para, _MD_EMPHASIS_RE, audit, "markup", "Markdown bold mark")
    if not para.text.strip():
        return None
    return Para(para.text, para.offsets, heading=heading or wholly_bold)


_BOLD_P_RE = re.compile(
    r"<p\b[^>]*>\s*<(strong|b)\b[^>]*>(?P<body>[^<]*)</\1>\s*(?:<br\s*/?>\s*)?</p>", re.I
)


def _mark_bold_paragraphs(text: str) -> set[int]:
    """Offsets (in ``text``) of the first character of wholly bold HTML paragraphs."""
    return {m.start("body") for m in _BOLD_P_RE.finditer(text) if m.group("body").strip()}
