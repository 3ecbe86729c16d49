"""Small wording helpers of the report: plurals, lists, rates, sources."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

# The one import of md_escape in the findings: prose, quotes and chapters take it from here.
from policytext.chapter import md_escape as md_escape

if TYPE_CHECKING:
    from policytext.findings.objects import PeriodRate, Unit


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """``n`` with the noun agreeing: ``1 document``, ``2 documents``."""
    return f"{n:,} {singular if n == 1 else plural_form or singular + 's'}"


def agree(n: int, singular: str, plural_form: str) -> str:
    """``n`` with the verb agreeing: ``1 survives``, ``2 survive``."""
    return f"{n:,} {singular if n == 1 else plural_form}"


def join_words(items: Iterable[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def verb_phrase(word: str) -> str:
    """``rose``, ``fell`` or ``was unchanged within uncertainty``."""
    return word if word in ("rose", "fell") else f"was {word}"


def fmt(value: float) -> str:
    """A rate as the report prints it (one decimal)."""
    return f"{value:.1f}"


def short_outlet(outlet: str) -> str:
    """An outlet's name up to its first gloss or comma: ``中国电子报``."""
    return re.split(r"\s*[(（,，]", outlet, maxsplit=1)[0] or outlet


def source(unit: Unit) -> str:
    """``中国电子报, 2026-03-24``."""
    return f"{short_outlet(unit.outlet)}, {unit.date}"


def period_list(rates: Sequence[PeriodRate]) -> str:
    """The period labels in date order: ``June 2025, January 2026 and March 2026``."""
    return join_words(r.label for r in rates)


def indent(block: str, *, width: int = 3) -> str:
    """A markdown block indented to sit inside a numbered list item."""
    pad = " " * width
    return "\n".join(pad + line if line else "" for line in block.splitlines())


def numbered(blocks: Sequence[str]) -> str:
    """Markdown blocks as a numbered list."""
    return "\n\n".join(f"{n}. " + indent(b)[3:] for n, b in enumerate(blocks, start=1))
