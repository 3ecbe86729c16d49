"""Policy indicators: what a figure measures, from the patterns in ``data/indicators.yml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from pydantic import ValidationInfo, field_validator

from policytext.config import DATA_DIR
from policytext.figures.sentences import found_in
from policytext.schema import (
    Entry,
    Regexes,
    load_config,
    problem,
    regex_list,
    required_regex_list,
    text_or_empty,
)

INDICATORS_FILE = DATA_DIR / "indicators.yml"
"""The policy indicators shipped with the report."""

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

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


class IndicatorEntry(Entry):
    """One entry of ``indicators.yml`` as written (see :class:`Indicator`).

    ``patterns`` (required), ``context`` and ``exclude`` are lists of regexes
    (one string is a list of one); ``note`` is free text for the reader of the file.
    """

    SECTION: ClassVar[str] = "indicators"
    NOUN: ClassVar[str] = "indicator"
    NAME: ClassVar[str] = "id"

    id: str
    label: str
    unit: str
    patterns: Regexes
    context: Regexes = ()
    exclude: Regexes = ()
    label_zh: str = ""
    scope: str = "national"
    note: str = ""

    _empty_as_text = field_validator("label_zh", "note", mode="before")(text_or_empty)
    _patterns = field_validator("patterns", mode="before")(required_regex_list)
    _regexes = field_validator("context", "exclude", mode="before")(regex_list)

    @field_validator("id", "label", "unit")
    @classmethod
    def _text(cls, value: str, info: ValidationInfo) -> str:
        if not value.strip():
            raise problem(f"{info.field_name!r} must be a non-empty string")
        if info.field_name == "id" and not _ID_RE.match(value):
            raise problem(f"id {value!r} may only hold lowercase letters, digits, '-' and '_'")
        return value.strip() if info.field_name != "id" else value

    @field_validator("scope")
    @classmethod
    def _scope(cls, value: str) -> str:
        if value not in INDICATOR_SCOPES:
            raise problem(f"'scope' must be one of {', '.join(INDICATOR_SCOPES)}, not {value!r}")
        return value


def load_indicators(path: str | Path = INDICATORS_FILE, *, data: Any = None) -> list[Indicator]:
    """Read and check an indicators file (an ``indicators:`` list of :class:`IndicatorEntry`).

    Order matters: a figure takes the first indicator that matches, so put
    the specific before the general.

    Args:
        path: The YAML file; default the report's ``data/indicators.yml``.
        data: Its content, already read (:func:`policytext.figures.rules.load_indicator_rules`
            reads the file once for both its sections).

    Returns:
        The indicators, in file order.

    Raises:
        InputError: Unreadable YAML or invalid entries; one line per problem,
            naming the file, the entry (its position and id) and the field.
    """
    loaded = load_config(
        path,
        IndicatorEntry,
        empty="expected a non-empty 'indicators:' list at the top level",
        data=data,
    )
    indicators: list[Indicator] = []
    for _, entry in loaded.unique("indicator"):
        indicators.append(
            Indicator(
                id=entry.id,
                label=entry.label,
                unit=entry.unit,
                patterns=entry.patterns,
                context=entry.context,
                exclude=entry.exclude,
                label_zh=entry.label_zh,
                scope=entry.scope,
            )
        )
    loaded.raise_problems()
    return indicators
