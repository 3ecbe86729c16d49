"""Stage ``chrome``: mastheads, adverts, captions, bylines and footers by the string rules."""

from __future__ import annotations

from dataclasses import replace

from policytext.clean.audit import _Audit
from policytext.clean.paragraphs import Para, _compact, _strip_ends, _sub
from policytext.clean.rules import Rules
from policytext.clean.shapes import _is_body


def chrome(paragraphs: list[Para], rules: Rules, audit: _Audit) -> list[Para]:
    """Drop site and masthead chrome by the paragraph, inline and footer rules.

    A footer marker starts the page footer (dropped whole) unless more body
    text follows it than precedes it, in two paragraphs or more (关注我们 may
    stand above the article).
    """
    kept: list[Para] = []
    footer: str | None = None
    body = [len(_compact(p.text)) if _is_body(p, rules) else 0 for p in paragraphs]
    after = sum(body)
    for number, para in enumerate(paragraphs):
        compact = _compact(para.text)
        after -= body[number]
        if (
            footer is None
            and rules.footer_markers
            and rules.footer_markers.search(compact)
            and (after <= sum(body) - after or sum(map(bool, body[number + 1 :])) <= 1)
        ):
            footer = compact
        if footer is not None:
            audit.add("chrome", f"page footer (after '{footer}')", para.text, para.offsets)
            continue
        stripped = para.text.strip()
        reason = next(
            (
                why
                for why, max_chars, pattern in rules.paragraph_rules
                if len(compact) <= max_chars and pattern.search(stripped)
            ),
            None,
        )
        if reason is not None:
            audit.add("chrome", reason, para.text, para.offsets)
            continue
        for why, pattern in rules.inline_rules:
            para = _strip_ends(para)
            match = pattern.search(para.text)
            if match is None:
                continue
            if match.start() == 0 and match.end() < len(para.text):
                para = replace(para, starts_block=True)  # a label opened it
            para = _sub(para, pattern, audit, "chrome", why)
        if para.text.strip():
            kept.append(para)
        else:
            audit.add("chrome", "empty after chrome removal", para.text, para.offsets)
    return kept
