"""Policy indicators: what a figure measures, from the patterns in ``data/indicators.yml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policytext.config import DATA_DIR, load_yaml
from policytext.errors import InputError
from policytext.figures.sentences import found_in

INDICATORS_FILE = DATA_DIR / "indicators.yml"
"""The policy indicators shipped with the report."""

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_INDICATOR_KEYS = frozenset(
    {"id", "label", "label_zh", "unit", "patterns", "context", "exclude", "note", "scope"}
)

INDICATOR_SCOPES = ("national", "local", "world", "any")
"""Values of an indicator's ``scope``: a figure matches only if its scope is the
indicator's or ``unspecified`` (``any``: every scope but ``event``)."""


@dataclass(frozen=True)
class Indicator:
    """A policy indicator and the wording that identifies it.

    Patterns are regexes matched on NFKC-normalised text (write ``5G-A`` and
    ``%``, not their full-width forms).

    Attributes:
        id: Short key (lowercase letters, digits, ``-``, ``_``).
        label: English label for the report.
        unit: Unit of its figures (``家``, ``元``, ``%`` ...); a figure given
            without a unit (``用户达9.4亿``) takes it.
        patterns: One must match near the figure: in its clause (the text
            between punctuation marks around it, after any earlier figure in
            that clause).
        context: If given, one must match in the sentence or the sentence
            before it in the paragraph (the subject is often stated once:
            ``人工智能核心产业规模超过1.2万亿元,企业超过6200家``).
        exclude: None may match near the figure.
        label_zh: Chinese label ("" if none).
        scope: One of :data:`INDICATOR_SCOPES` (default ``national``): a
            figure of another scope (an exhibitor count at a fair, a company's
            own products) never measures it.
    """

    id: str
    label: str
    unit: str
    patterns: tuple[re.Pattern[str], ...]
    context: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()
    label_zh: str = ""
    scope: str = "national"

    def accepts(self, scope: str) -> bool:
        """Whether a figure of ``scope`` (one of :data:`SCOPES`) may measure this."""
        if scope == "unspecified":
            return True
        if self.scope == "any":
            return scope != "event"
        return scope == self.scope

    def matches(self, *, near: str, context: str, unit: str, scope: str = "unspecified") -> bool:
        """Whether a figure (``unit``, ``scope``, ``near`` text, ``context``) measures this."""
        if unit and unit != self.unit:
            return False
        if not self.accepts(scope):
            return False
        if not found_in(self.patterns, near):
            return False
        if self.context and not found_in(self.context, context):
            return False
        return not found_in(self.exclude, near)


def load_indicators(path: str | Path = INDICATORS_FILE) -> list[Indicator]:
    """Read and check an indicators file (an ``indicators:`` list).

    Each entry has ``id``, ``label``, ``unit`` and ``patterns`` (a list of
    regexes), and optionally ``context`` and ``exclude`` (lists of regexes),
    ``label_zh`` and ``note``. Order matters: a figure takes the first
    indicator that matches, so put the specific before the general.

    Args:
        path: The YAML file; default the report's ``data/indicators.yml``.

    Returns:
        The indicators, in file order.

    Raises:
        InputError: Unreadable YAML or invalid entries; one line per problem,
            naming the file and the entry (its position and id).
    """
    path = Path(path)
    data = load_yaml(path)
    entries = data.get("indicators") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise InputError([f"{path}: expected a non-empty 'indicators:' list at the top level"])
    problems: list[str] = []
    indicators: list[Indicator] = []
    seen: dict[str, int] = {}
    for position, entry in enumerate(entries, start=1):
        ident = entry.get("id") if isinstance(entry, dict) else None
        where = f"{path}: indicator {position}" + (f" ({ident})" if isinstance(ident, str) else "")
        indicator, entry_problems = _parse_indicator(entry)
        if isinstance(ident, str) and ident in seen:
            entry_problems.append(f"duplicate id {ident!r} (also indicator {seen[ident]})")
        elif isinstance(ident, str):
            seen[ident] = position
        problems.extend(f"{where}: {problem}" for problem in entry_problems)
        if indicator is not None and not entry_problems:
            indicators.append(indicator)
    if problems:
        raise InputError(problems)
    return indicators


def _parse_indicator(entry: Any) -> tuple[Indicator | None, list[str]]:
    if not isinstance(entry, dict):
        return None, ["expected a mapping with id, label, unit and patterns"]
    problems = [f"unknown key {key!r}" for key in entry if key not in _INDICATOR_KEYS]
    for key in ("id", "label", "unit"):
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"'{key}' must be a non-empty string")
    ident = entry.get("id")
    if isinstance(ident, str) and ident and not _ID_RE.match(ident):
        problems.append(f"id {ident!r} may only hold lowercase letters, digits, '-' and '_'")
    label_zh = entry.get("label_zh", "")
    if not isinstance(label_zh, str):
        problems.append("'label_zh' must be a string")
    scope = entry.get("scope", "national")
    if scope not in INDICATOR_SCOPES:
        problems.append(f"'scope' must be one of {', '.join(INDICATOR_SCOPES)}, not {scope!r}")
    compiled: dict[str, tuple[re.Pattern[str], ...]] = {}
    for key in ("patterns", "context", "exclude"):
        raw = entry.get(key, [] if key != "patterns" else None)
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list) or (key == "patterns" and not raw):
            problems.append(f"'{key}' must be a {'non-empty ' if key == 'patterns' else ''}list")
            continue
        patterns = []
        for item in raw:
            if not isinstance(item, str) or not item:
                problems.append(f"'{key}': {item!r} is not a non-empty string")
                continue
            try:
                patterns.append(re.compile(item))
            except re.error as exc:
                problems.append(f"'{key}': invalid regex {item!r} ({exc})")
        compiled[key] = tuple(patterns)
    if problems:
        return None, problems
    return (
        Indicator(
            id=entry["id"],
            label=entry["label"].strip(),
            unit=entry["unit"].strip(),
            patterns=compiled["patterns"],
            context=compiled["context"],
            exclude=compiled["exclude"],
            label_zh=label_zh,
            scope=scope,
        ),
        [],
    )
