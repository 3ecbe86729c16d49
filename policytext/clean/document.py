"""One document through every stage: :func:`clean_document`."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import replace

from policytext import script
from policytext.clean.audit import AuditRow, CleanDocument, _Audit
from policytext.clean.characters import invisible, lookalike
from policytext.clean.chrome import chrome
from policytext.clean.debris import debris
from policytext.clean.duplicates import duplicates
from policytext.clean.furniture import furniture
from policytext.clean.markup import markup
from policytext.clean.paragraphs import Para, _strip_ends
from policytext.clean.rejoin import rejoin
from policytext.clean.rules import Rules
from policytext.clean.whitespace import tidy_whitespace


def clean_document(doc_id: str, raw: str, *, rules: Rules) -> CleanDocument:
    """Clean one document (see :mod:`policytext.clean` for the stages).

    A document in Traditional script (:func:`policytext.script.detect_script`)
    is cleaned on its Simplified form (same length, so the same offsets), so
    that every rule works whatever the script; the clean text and the audit
    then get the document's own characters back.

    Args:
        doc_id: The document's id, for the audit.
        raw: Its raw text.
        rules: Cleaning rules (:func:`load_rules`).

    Returns:
        The clean text, its offsets into ``raw`` and the audit.
    """
    if script.detect_script(raw) != "traditional":
        return _clean_document(doc_id, raw, rules=rules)
    simplified = script.to_simplified(raw)
    cleaned = _clean_document(doc_id, simplified, rules=rules)
    audit = tuple(
        replace(row, text=_original(row.text, row.offsets, raw))
        if len(row.offsets) == len(row.text)
        else row
        for row in cleaned.audit
    )
    text = _original(cleaned.text, cleaned.offsets, raw)
    converted = sum(1 for o in cleaned.offsets if o >= 0 and raw[o] != simplified[o])
    note = AuditRow(
        doc_id,
        "script",
        f"Traditional script: matched and counted on its Simplified form (OpenCC t2s; "
        f"{converted} of the {len(text)} clean characters differ); the text keeps its own",
        "converted",
        "",
        -1,
        -1,
    )
    return replace(cleaned, text=text, audit=(note, *audit))


def _original(text: str, offsets: Sequence[int], raw: str) -> str:
    """``text`` with each character taken from ``raw`` at its offset (kept where -1)."""
    return "".join(raw[o] if o >= 0 else c for c, o in zip(text, offsets, strict=True))


def _clean_document(doc_id: str, raw: str, *, rules: Rules) -> CleanDocument:
    """:func:`clean_document` for a text in one script."""
    audit = _Audit(doc_id)
    paragraphs = markup(raw, audit)
    paragraphs = [lookalike(invisible(p, audit), audit) for p in paragraphs]
    if any(p.heading for p in paragraphs):
        rules = replace(rules, marked_headings=True)
    paragraphs = [_strip_ends(p) for p in paragraphs]
    before_chrome = len(audit.rows)
    kept = chrome(paragraphs, rules, audit)
    kept = furniture(kept, rules, audit)
    caption_ends = {
        row.end
        for row in audit.rows[before_chrome:]
        if row.stage == "chrome" and "caption" in row.reason
    }
    kept, first = duplicates(kept, rules, audit)
    kept = rejoin(kept, rules, audit, _after(kept, caption_ends))
    kept = debris(kept, audit)
    # Halves of a split copy are too short to be caught before they are rejoined.
    kept, _ = duplicates(kept, rules, audit, before=first)
    # Furniture is judged by where it stands and what it repeats: again once layout
    # copies are gone and split paragraphs rejoined, so cleaning a clean text
    # changes nothing (a line is at the foot of the page whether or not a copy
    # followed it; a summary is found whether or not a break split it).
    kept = furniture(kept, rules, audit)
    kept = [p for p in (tidy_whitespace(p) for p in kept) if p.text]
    return _document(doc_id, kept, audit)


def _after(paragraphs: list[Para], ends: set[int]) -> set[int]:
    """Indices of the paragraphs that directly follow a removal ending at one of ``ends``.

    Until rejoin moves text, raw offsets rise within a paragraph and from one to the next.
    """
    starts = [next((o for o in p.offsets if o >= 0), -1) for p in paragraphs]
    return {
        next(i for i, start in enumerate(starts) if start >= end)
        for end in ends
        if any(start >= end for start in starts)
    }


def _document(doc_id: str, paragraphs: list[Para], audit: _Audit) -> CleanDocument:
    """The paragraphs as one text (a blank line between them, offsets -1) with the audit."""
    text = "\n\n".join(p.text for p in paragraphs)
    offsets = array("i")
    for number, para in enumerate(paragraphs):
        if number:
            offsets.extend((-1, -1))
        offsets.extend(para.offsets)
    return CleanDocument(doc_id, text, offsets, tuple(audit.rows))
