"""Stage ``characters``: invisible characters removed and look-alikes replaced, audited."""

from __future__ import annotations

from policytext import chars
from policytext.clean.audit import _Audit
from policytext.clean.paragraphs import Para, _sub


def invisible(para: Para, audit: _Audit) -> Para:
    """Remove format characters and variation selectors (:mod:`policytext.chars`), audited."""
    return _sub(
        para,
        chars.invisible_pattern(),
        audit,
        "characters",
        lambda m: chars.invisible_name(m.group()),
    )


def lookalike(para: Para, audit: _Audit) -> Para:
    """Replace look-alikes by the character each stands for (:mod:`policytext.chars`), audited."""
    return _sub(
        para,
        chars.lookalike_pattern(),
        audit,
        "characters",
        lambda m: chars.lookalike_name(m.group()),
        replacement=lambda m: chars.lookalikes()[m.group()],
    )
