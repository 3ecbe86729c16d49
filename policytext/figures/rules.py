"""``data/indicators.yml`` read once: its policy indicators and its scope cues."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from policytext.config import load_yaml
from policytext.errors import InputError
from policytext.figures.indicators import INDICATORS_FILE, Indicator, load_indicators
from policytext.figures.scope import ScopeRules, load_scope_rules


@dataclass(frozen=True)
class IndicatorRules:
    """What an indicators file says.

    Attributes:
        indicators: Its ``indicators:``, in file order (:func:`load_indicators`).
        scopes: Its ``scopes:`` (:func:`load_scope_rules`).
    """

    indicators: list[Indicator]
    scopes: ScopeRules = field(default_factory=ScopeRules)


def load_indicator_rules(path: str | Path = INDICATORS_FILE) -> IndicatorRules:
    """Read an indicators file once and validate both its sections.

    Args:
        path: The YAML file; default the report's ``data/indicators.yml``.

    Raises:
        InputError: The file cannot be read, or either section is invalid:
            every problem of both, one line each, naming the file, the entry
            or section and the field.
    """
    data = load_yaml(Path(path))
    problems: list[str] = []
    indicators: list[Indicator] = []
    scopes = ScopeRules()
    try:
        indicators = load_indicators(path, data=data)
    except InputError as error:
        problems += error.problems
    try:
        scopes = load_scope_rules(path, data=data)
    except InputError as error:
        problems += error.problems
    if problems:
        raise InputError(problems)
    return IndicatorRules(indicators, scopes)
