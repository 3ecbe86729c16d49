"""Stage 2, cleaning: raw page text to article text, with an audit of every change.

Cleaning runs as a sequence of small stages over a document's paragraphs. Each
character of the working text carries the offset of the raw character it came
from, so every removal can be recorded in the audit with its raw position, and
the invariant *raw = kept text + audited removals* can be checked (it is, in
the tests, for every non-whitespace character).

Stages, in order:

``markup``
    HTML comments, script and style elements, tags and entities; Markdown
    heading, bold and list marks. Block tags and line breaks end a paragraph.
``chrome``
    Mastheads, navigation, login prompts, adverts, captions, bylines,
    copyright footers and continuation markers, by the rules in
    ``data/cleaning.yml``; a page footer (after e.g. 推荐阅读) is dropped whole.
``furniture``
    Page furniture by its shape and place, for pages of any site: metadata
    lines (timestamps, bylines and source lines, view counters, share and
    follow bars), lines mostly Latin or digits, keyword spam, site names and
    navigation before the article, title-like lines after it, runs of dated
    titles (related-links boxes) and machine summaries that paraphrase the
    article (``shapes`` in ``data/cleaning.yml``).
``duplicates``
    Paragraphs repeated by the page layout, exact or garbled copies, keeping
    the first occurrence.
``debris``
    Stray characters inside a sentence: unbalanced brackets and a sentence
    mark that splits a dictionary word (今!日 -> 今日).
``rejoin``
    Paragraphs split in the middle of a sentence by a column or page break are
    joined when both sides are Chinese article text meeting inside a sentence;
    a column continued after a photo caption is moved back to its start.

Whitespace is tidied last (not audited: it carries no text).

One module per stage (:mod:`~policytext.clean.markup`, :mod:`~policytext.clean.characters`,
:mod:`~policytext.clean.chrome`, :mod:`~policytext.clean.furniture` with the shapes it looks
for in :mod:`~policytext.clean.shapes`, :mod:`~policytext.clean.duplicates`,
:mod:`~policytext.clean.debris`, :mod:`~policytext.clean.rejoin`,
:mod:`~policytext.clean.whitespace`); the audit data model in
:mod:`~policytext.clean.audit`; the working text (paragraphs with raw offsets) in
:mod:`~policytext.clean.paragraphs`; the words it must not cut come from jieba's main
dictionary (:mod:`policytext.main_dictionary`); the rules loader in
:mod:`~policytext.clean.rules`; and the order of the stages in
:func:`~policytext.clean.document.clean_document`. Names with a leading underscore are
shared between these modules only.
"""

from policytext.clean.audit import AUDIT_COLUMNS, AuditRow, CleanDocument
from policytext.clean.document import clean_document
from policytext.clean.rules import Rules, Shapes, load_rules

__all__ = [
    "AUDIT_COLUMNS",
    "AuditRow",
    "CleanDocument",
    "Rules",
    "Shapes",
    "clean_document",
    "load_rules",
]
