"""Stage ``characters``: format characters and variation selectors removed, audited."""

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
