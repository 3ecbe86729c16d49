"""The attribution rules: speaker types, the speakers and cues of ``data/speakers.yml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationInfo, field_validator

from policytext.config import DATA_DIR
from policytext.schema import (
    Regexes,
    Section,
    load_section,
    positive_integer,
    problem,
    problems,
    required_regex_list,
    text_list,
)

SPEAKERS_FILE = DATA_DIR / "speakers.yml"
"""The attribution rules shipped with the report."""

SPEAKER_TYPES = (
    "minister",
    "miit",
    "central_body",
    "local_government",
    "company",
    "research_body",
    "journalist",
)
"""Values of ``speaker_type``; ``journalist`` is the article's own voice (no speaker found)."""

JOURNALIST = "journalist"


@dataclass(frozen=True)
class Speaker:
    """A speaker entry of ``data/speakers.yml``.

    Attributes:
        type: One of :data:`SPEAKER_TYPES` (not ``journalist``).
        pattern: Matches the speaker's name as written (NFKC text).
        person: Whether it names a person (a pronoun may refer to it).
    """

    type: str
    pattern: re.Pattern[str]
    person: bool = False


@dataclass(frozen=True)
class SpeakerRules:
    """The attribution rules (see ``data/speakers.yml``)."""

    speakers: tuple[Speaker, ...]
    verbs: tuple[re.Pattern[str], ...]
    organiser_verbs: tuple[re.Pattern[str], ...]
    pronouns: tuple[str, ...]
    meetings: tuple[str, ...]
    titles: tuple[tuple[str, str], ...]  # (title, type), longest title first
    max_subject_chars: int
    meeting_organisers: tuple[tuple[str, str], ...] = ()
    continuations: tuple[re.Pattern[str], ...] = ()
    adverbs: str = ""
    not_after: tuple[str, ...] = ()

    def organiser_type(self, kind: str) -> str | None:
        """The type a meeting organised by a speaker of ``kind`` takes, if it may."""
        return dict(self.meeting_organisers).get(kind)


def _speaker_type(value: Any, info: ValidationInfo) -> Any:
    """A field validator: one of :data:`SPEAKER_TYPES` but ``journalist``."""
    if value not in SPEAKER_TYPES or value == JOURNALIST:
        raise problem(f"{info.field_name} {value!r} is not one of {', '.join(SPEAKER_TYPES[:-1])}")
    return value


class SpeakerEntry(Section):
    """One entry of the ``speakers:`` list of ``speakers.yml`` (see :class:`Speaker`)."""

    type: str
    pattern: re.Pattern[str]
    person: bool = False

    _type = field_validator("type", mode="before")(_speaker_type)

    @field_validator("pattern", mode="before")
    @classmethod
    def _pattern(cls, value: Any) -> re.Pattern[str]:
        if not isinstance(value, str) or not value:
            raise problem("'pattern' must be a non-empty regex")
        try:
            return re.compile(value)
        except re.error as exc:
            raise problem(f"invalid regex {value!r} ({exc})") from None


class SpeakersFile(Section):
    """``speakers.yml`` as written: every key required (see :class:`SpeakerRules`)."""

    max_subject_chars: int
    meeting_organisers: dict[str, str]
    continuations: Regexes
    adverbs: Regexes
    not_after: tuple[str, ...]
    verbs: Regexes
    organiser_verbs: Regexes
    pronouns: tuple[str, ...]
    meetings: tuple[str, ...]
    speakers: list[SpeakerEntry]
    titles: dict[str, tuple[str, ...]]

    _limit = field_validator("max_subject_chars", mode="before")(positive_integer)
    _regexes = field_validator(
        "continuations", "adverbs", "verbs", "organiser_verbs", mode="before"
    )(required_regex_list)
    _texts = field_validator("pronouns", "meetings", "not_after", mode="before")(text_list)

    @field_validator("meeting_organisers", mode="before")
    @classmethod
    def _organisers(cls, value: Any) -> Any:
        if not isinstance(value, dict) or not all(
            k in SPEAKER_TYPES and v in SPEAKER_TYPES for k, v in value.items()
        ):
            raise problem("'meeting_organisers' must map speaker types to speaker types")
        return value

    @field_validator("speakers", mode="before")
    @classmethod
    def _speakers(cls, value: Any) -> Any:
        if not isinstance(value, list) or not value:
            raise problem("'speakers' must be a non-empty list")
        return value

    @field_validator("titles", mode="before")
    @classmethod
    def _titles(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            raise problem("'titles' must map a speaker type to a list of titles")
        found = []
        for kind, items in value.items():
            if kind not in SPEAKER_TYPES or kind == JOURNALIST:
                found.append(f"titles: {kind!r} is not a speaker type")
            elif not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
                found.append(f"titles: {kind}: expected a list of non-empty strings")
        if found:
            raise problems(found, value)
        return {kind: tuple(items) for kind, items in value.items()}


def load_speaker_rules(path: str | Path = SPEAKERS_FILE) -> SpeakerRules:
    """Read and check a speakers file (:class:`SpeakersFile`).

    Args:
        path: The YAML file; default the report's ``data/speakers.yml``.

    Returns:
        The rules.

    Raises:
        InputError: Unreadable YAML or invalid entries, one line per problem
            naming the file and the key or entry.
    """
    data = load_section(
        path,
        SpeakersFile,
        not_mapping=f"expected a mapping with {', '.join(sorted(SpeakersFile.model_fields))}",
    )
    titles = [(title, kind) for kind, items in data.titles.items() for title in items]
    return SpeakerRules(
        speakers=tuple(Speaker(e.type, e.pattern, e.person) for e in data.speakers),
        verbs=data.verbs,
        organiser_verbs=data.organiser_verbs,
        pronouns=tuple(sorted(data.pronouns, key=len, reverse=True)),
        meetings=tuple(sorted(data.meetings, key=len, reverse=True)),
        titles=tuple(sorted(titles, key=lambda t: len(t[0]), reverse=True)),
        max_subject_chars=data.max_subject_chars,
        meeting_organisers=tuple(data.meeting_organisers.items()),
        continuations=data.continuations,
        adverbs="|".join(f"(?:{a.pattern})" for a in data.adverbs),
        not_after=data.not_after,
    )
