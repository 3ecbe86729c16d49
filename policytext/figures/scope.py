"""Scope of a figure: what it counts (the country, a province, the world, an event, a company)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from policytext.config import load_yaml
from policytext.errors import InputError
from policytext.figures.indicators import INDICATORS_FILE
from policytext.figures.sentences import found_in

SCOPES = ("national", "local", "world", "event", "company", "unspecified")
"""Values of the ``scope`` column: what a figure counts -- the country, a province
or city, the world, one event (a fair, a meeting), one company, or unknown."""

_SCOPE_KEYS = ("share", "event", "world", "national", "local", "company")


@dataclass(frozen=True)
class ScopeRules:
    """The cues of each scope (the ``scopes:`` section of ``data/indicators.yml``).

    Attributes:
        share: Cues of a share of a larger whole (``占全国``): text matching
            them is no cue of that whole's scope.
        event: Cues of an event (a fair's exhibitors, a meeting's attendees),
            looked for in the whole sentence.
        world: Cues of a world-wide figure, in the figure's clause.
        national: Cues of a national figure, in its clause, else in the sentence.
        local: Cues of a province or city, in its clause or the sentence's first clause.
        company: Cues of one company, in its clause or the sentence's first clause.
    """

    share: tuple[re.Pattern[str], ...] = ()
    event: tuple[re.Pattern[str], ...] = ()
    world: tuple[re.Pattern[str], ...] = ()
    national: tuple[re.Pattern[str], ...] = ()
    local: tuple[re.Pattern[str], ...] = ()
    company: tuple[re.Pattern[str], ...] = ()

    def scope(self, *, clause: str, sentence: str, subject: str) -> str:
        """The scope (one of :data:`SCOPES`) of a figure, from NFKC texts around it.

        Args:
            clause: The figure's clause.
            sentence: Its sentence.
            subject: The sentence's first clause (its subject, usually).
        """
        if found_in(self.event, sentence):
            return "event"
        clause = self._unshared(clause)
        for name in ("world", "national", "local", "company"):
            if found_in(getattr(self, name), clause):
                return name
        subject = self._unshared(subject)
        for name in ("local", "company"):
            if found_in(getattr(self, name), subject):
                return name
        if found_in(self.national, self._unshared(sentence)):
            return "national"
        return "unspecified"

    def _unshared(self, text: str) -> str:
        for pattern in self.share:
            text = pattern.sub(" ", text)
        return text


def load_scope_rules(path: str | Path = INDICATORS_FILE) -> ScopeRules:
    """Read the ``scopes:`` section of an indicators file (none: no cues, all ``unspecified``).

    Raises:
        InputError: Invalid entries, one line per problem naming the file and key.
    """
    path = Path(path)
    data = load_yaml(path)
    section = data.get("scopes") if isinstance(data, dict) else None
    if section is None:
        return ScopeRules()
    if not isinstance(section, dict):
        raise InputError([f"{path}: 'scopes:' must be a mapping of scope -> list of regexes"])
    problems = [f"{path}: scopes: unknown key {k!r}" for k in section if k not in _SCOPE_KEYS]
    compiled: dict[str, tuple[re.Pattern[str], ...]] = {}
    for key in _SCOPE_KEYS:
        raw = section.get(key, [])
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list):
            problems.append(f"{path}: scopes: {key!r} must be a list of regexes")
            continue
        patterns = []
        for item in raw:
            try:
                patterns.append(re.compile(str(item)))
            except re.error as exc:
                problems.append(f"{path}: scopes: {key}: invalid regex {item!r} ({exc})")
        compiled[key] = tuple(patterns)
    if problems:
        raise InputError(problems)
    return ScopeRules(**compiled)
