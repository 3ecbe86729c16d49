"""A sentence's own speaker: a name, title, pronoun or meeting before a speech verb."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from policytext.attribution.rules import Speaker, SpeakerRules
from policytext.text import normalize_text


@dataclass(frozen=True)
class Said:
    """A speaker found in a sentence.

    Attributes:
        speaker: The name as written (``""`` for a pronoun or meeting, resolved later).
        type: A speaker type, or ``"pronoun"`` / ``"meeting"`` (to resolve).
        person: Whether the speaker is a person.
        named: ``(name, type)`` of a person named with an organisation, to remember.
    """

    speaker: str
    type: str
    person: bool = False
    named: tuple[str, str] | None = None


@dataclass(frozen=True)
class _Compiled:
    """The regexes :func:`_subject_speaker` needs, built once per rules."""

    verbs: re.Pattern[str]
    organiser_verbs: re.Pattern[str]
    tail: str
    titled: re.Pattern[str] | None
    title_kinds: dict[str, str]
    pronoun: re.Pattern[str] | None
    meeting: re.Pattern[str] | None
    meeting_at: re.Pattern[str] | None
    persons: re.Pattern[str] | None
    person_kinds: tuple[str, ...]
    adverbs: str


_COMPILED: dict[int, tuple[SpeakerRules, _Compiled]] = {}


def compiled_rules(rules: SpeakerRules) -> _Compiled:
    """The compiled regexes of ``rules`` (kept while the rules live)."""
    kept = _COMPILED.get(id(rules))
    if kept is not None and kept[0] is rules:
        return kept[1]
    tail = rf"\s*(?:\([^()]*\))?\s*(?:{rules.adverbs})?\s*$" if rules.adverbs else r"\s*$"
    adverbs = rf"(?:{rules.adverbs})?" if rules.adverbs else ""
    titles = "|".join(re.escape(title) for title, _ in rules.titles)
    pronouns = "|".join(re.escape(p) for p in rules.pronouns)
    meetings = "|".join(re.escape(m) for m in rules.meetings)
    persons = [entry for entry in rules.speakers if entry.person]
    done = _Compiled(
        verbs=re.compile("|".join(f"(?:{v.pattern})" for v in rules.verbs)),
        organiser_verbs=re.compile(
            "|".join(f"(?:{v.pattern})" for v in (*rules.verbs, *rules.organiser_verbs))
        ),
        tail=tail,
        titled=(
            re.compile(
                rf"(?P<title>{titles})\s*"
                rf"(?P<name>[\u4e00-\u9fff·]{{2,4}}?|[A-Za-z][A-Za-z .·-]{{1,30}}?)" + tail
            )
            if titles
            else None
        ),
        title_kinds={title: kind for title, kind in rules.titles},
        pronoun=(
            re.compile(rf"(?:^|[,，。;；:：”])(?:{pronouns}){adverbs}$") if pronouns else None
        ),
        meeting=re.compile(rf"(?:^|[,，。;；:：”])(?:{meetings}){adverbs}$") if meetings else None,
        meeting_at=(
            re.compile(rf"(?:^|[,，。;；:：”])[^,，。;；:：”]{{0,8}}在(?:{meetings})$")
            if meetings
            else None
        ),
        persons=(
            re.compile("|".join(f"(?P<p{i}>{e.pattern.pattern})" for i, e in enumerate(persons)))
            if persons
            else None
        ),
        person_kinds=tuple(e.type for e in persons),
        adverbs=rules.adverbs,
    )
    _COMPILED.clear()
    _COMPILED[id(rules)] = (rules, done)
    return done


def own_speaker(
    sentence: str,
    *,
    rules: SpeakerRules,
    people: dict[str, str] | None = None,
    verbs: Sequence[re.Pattern[str]] | None = None,
    organisations: bool = False,
) -> Said | None:
    """The speaker a sentence names itself (before a speech verb), if any.

    Args:
        sentence: The sentence (any form; matched on its NFKC form).
        rules: The attribution rules.
        people: Names already known in the document -> speaker type.
        verbs: The verbs to look for (default ``rules.verbs``).
        organisations: Only entries that are no person.

    Returns:
        The speaker, or ``None``; a pronoun or meeting word comes back with
        type ``pronoun`` or ``meeting`` (resolved by :func:`attribute_text`).
    """
    norm = normalize_text(sentence)
    compiled = compiled_rules(rules)
    if verbs is None and not compiled.verbs.search(norm, 1):
        return None  # no speech verb: nobody named as speaking
    hits = sorted(
        {
            match.start()
            for pattern in (verbs or rules.verbs)
            for match in pattern.finditer(norm)
            if match.start() > 0
        }
    )
    for start in hits:
        subject = norm[max(0, start - rules.max_subject_chars) : start]
        if subject.count("“") > subject.count("”"):
            continue  # a verb inside a quotation
        said = _subject_speaker(
            subject, rules=rules, people=people or {}, organisations=organisations
        )
        if said is not None:
            return said
    return None


def _subject_speaker(
    subject: str, *, rules: SpeakerRules, people: dict[str, str], organisations: bool = False
) -> Said | None:
    """The speaker a subject (the text before a verb) names, if any.

    The entry matched nearest the verb wins (工信部副部长张云明 is 张云明), the
    earlier entry on a tie; ``organisations`` prefers entries that are no person.
    """
    if not subject.strip():
        return None
    compiled = compiled_rules(rules)
    tail = compiled.tail
    titled = _titled(subject, compiled)
    best: tuple[int, int, Speaker, re.Match[str]] | None = None
    for rank, entry in enumerate(rules.speakers):
        if organisations and entry.person:
            continue
        for match in entry.pattern.finditer(subject):
            if subject[: match.start()].endswith(rules.not_after or ("\0",)):
                continue  # 代表部党组: on behalf of, not the speaker
            key = (match.end(), -rank)
            if best is None or key > (best[0], best[1]):
                best = (match.end(), -rank, entry, match)
    if best is not None:
        _, _, entry, match = best
        if titled is not None and titled[2] >= match.end():
            # 工业和信息化部节能司司长王鹏表示: the person speaks, with the organisation's type
            return Said(titled[0], entry.type, True, (titled[0], entry.type))
        return Said(match.group(), entry.type, entry.person)
    for name, kind in people.items():
        if re.search(re.escape(name) + tail, subject):
            return Said(name, kind, True)
    if titled is not None:
        return Said(titled[0], titled[1], True, (titled[0], titled[1]))
    stripped = subject.strip(" ,，:：")
    if compiled.pronoun is not None and compiled.pronoun.search(stripped):
        return Said("", "pronoun", True)
    if compiled.meeting is not None and (
        compiled.meeting.search(stripped) or compiled.meeting_at.search(stripped)
    ):
        return Said("", "meeting")
    return None


def _titled(subject: str, compiled: _Compiled) -> tuple[str, str, int] | None:
    """``(name, type, position of the name)`` of a titled person before the verb (经理龚存阳)."""
    if compiled.titled is None:
        return None
    match = compiled.titled.search(subject)
    if match is None:
        return None
    name, title = match.group("name").strip(), match.group("title")
    if compiled.adverbs and re.fullmatch(compiled.adverbs, name):
        # Airbnb CEO公开表示: no name, the holder of the title speaks
        holder = re.search(
            r"([A-Za-z][A-Za-z .·-]{0,30}|[\u4e00-\u9fff]{1,8})\s*$", subject[: match.start()]
        )
        name = (holder.group(1).strip() + " " if holder else "") + title
    return name, compiled.title_kinds[title], match.start("name")
