"""Scope of a figure: what it counts (the country, a province, the world, an event, a company)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from pydantic import field_validator

from policytext.figures.indicators import INDICATORS_FILE
from policytext.figures.sentences import found_in
from policytext.schema import Regexes, Section, load_section, regex_list

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


class ScopeSection(Section):
    """The ``scopes:`` section of ``indicators.yml`` as written: a list of regexes per key."""

    SECTION: ClassVar[str] = "scopes"

    share: Regexes = ()
    event: Regexes = ()
    world: Regexes = ()
    national: Regexes = ()
    local: Regexes = ()
    company: Regexes = ()

    _regexes = field_validator(*_SCOPE_KEYS, mode="before")(regex_list)


def load_scope_rules(path: str | Path = INDICATORS_FILE, *, data: Any = None) -> ScopeRules:
    """Read the ``scopes:`` section of an indicators file (none: no cues, all ``unspecified``).

    Args:
        path: The YAML file; default the report's ``data/indicators.yml``.
        data: Its content, already read (see
            :func:`policytext.figures.rules.load_indicator_rules`).

    Raises:
        InputError: Invalid entries, one line per problem naming the file, the
            section and the key.
    """
    section = load_section(
        path,
        ScopeSection,
        not_mapping="'scopes:' must be a mapping of scope -> list of regexes",
        optional=True,
        data=data,
    )
    if section is None:
        return ScopeRules()
    return ScopeRules(**{key: getattr(section, key) for key in _SCOPE_KEYS})
