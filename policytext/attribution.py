"""Stage 5c, attribution: who says each sentence of a document.

Every sentence of a clean text is attributed to a *speaker* (the name as
written: 李乐成, 工信部, 中央经济工作会议, 华为, 北京, 《报告》 ...; empty for the
article's own voice) and a *speaker type* (:data:`SPEAKER_TYPES`), from the
sentence first (a speaker named before a speech verb: 李乐成表示, 华为预测,
《报告》显示, 北京…力争), then its paragraph (a speech runs on after 李乐成表示)
and its article (会议强调 in a report of an MIIT meeting is MIIT; 他指出 is the
last person named). The rules are data (``data/speakers.yml``,
:func:`load_speaker_rules`).

:func:`attribute_text` attributes one text sentence by sentence;
:func:`attribute` adds ``article_id, speaker, speaker_type`` to any table whose
rows carry a document and an offset in its clean text (figures, commitments,
the concordance).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import ValidationInfo, field_validator

from policytext.articles import article_id as make_article_id
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
from policytext.text import normalize_text, sentence_spans

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

ATTRIBUTION_COLUMNS = ("article_id", "speaker", "speaker_type")
"""Columns :func:`attribute` adds."""


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
    assert data is not None  # not optional
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


# --------------------------------------------------------------------------
# A sentence's own speaker
# --------------------------------------------------------------------------


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


def _compiled(rules: SpeakerRules) -> _Compiled:
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
    compiled = _compiled(rules)
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
    compiled = _compiled(rules)
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


# --------------------------------------------------------------------------
# A text, sentence by sentence
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Attribution:
    """The speaker of one sentence of a text.

    Attributes:
        start: Offset of the sentence in the text.
        end: Offset after it.
        article: Position of its article (1-based).
        speaker: The name as written; ``""`` for the journalist.
        type: One of :data:`SPEAKER_TYPES`.
    """

    start: int
    end: int
    article: int
    speaker: str
    type: str


def _sentences(text: str) -> list[list[tuple[int, int]]]:
    """The sentence spans of each paragraph (line) of ``text``, offsets in ``text``."""
    paragraphs = []
    for match in re.finditer(r"[^\n]+", text):
        spans = [(match.start() + a, match.start() + b) for a, b in sentence_spans(match.group())]
        if spans:
            paragraphs.append(spans)
    return paragraphs


def attribute_text(
    text: str, *, rules: SpeakerRules, articles: Sequence[tuple[int, int]] | None = None
) -> list[Attribution]:
    """Attribute every sentence of a clean text (see ``data/speakers.yml``).

    Args:
        text: A document's clean text (one paragraph per line).
        rules: The attribution rules.
        articles: ``(start, end)`` of each article, in order, tiling the text
            (:func:`policytext.articles.split_articles`); default one article.

    Returns:
        One attribution per sentence, in text order.
    """
    articles = list(articles) if articles else [(0, len(text))]
    starts = [start for start, _ in articles]

    def article_of(offset: int) -> int:
        return max(0, bisect.bisect_right(starts, offset) - 1)

    paragraphs = _sentences(text)
    paragraph_starts = [spans[0][0] for spans in paragraphs]
    people: dict[str, str] = {}
    organisers: dict[int, Said | None] = {}

    def organiser(number: int) -> Said | None:
        """Who holds the meeting an article reports: the speaker of its first body paragraph.

        Read with the organiser verbs too (召开, 主持); an organisation is
        preferred to a person; the type must be one of ``meeting_organisers``.
        """
        if number not in organisers:
            found = None
            begin, end = articles[number]
            verbs = (*rules.verbs, *rules.organiser_verbs)
            first = bisect.bisect_left(paragraph_starts, begin)
            for spans in paragraphs[first:]:
                if spans[0][0] >= end:
                    break
                for organisations in (True, False):
                    for span in spans:
                        said = own_speaker(
                            text[span[0] : span[1]],
                            rules=rules,
                            people=people,
                            verbs=verbs,
                            organisations=organisations,
                        )
                        if said is not None and said.type not in ("meeting", "pronoun"):
                            found = said
                            break
                    if found is not None:
                        break
                if found is not None or len(spans) > 1:
                    break  # the first body paragraph read (a headline is one short line)
            kind = rules.organiser_type(found.type) if found is not None else None
            organisers[number] = Said(found.speaker, kind) if found and kind else None
        return organisers[number]

    compiled = _compiled(rules)
    mentioned: dict[int, Said] = {}  # the person named last so far in each article
    known: list[Any] = [None, None]  # (names, their regex) of ``people``, rebuilt on change

    def remember_people(number: int, sentence: str) -> None:
        """Note the last person named in a sentence (for the pronouns after it)."""
        norm = normalize_text(sentence)
        best: tuple[int, str, str] | None = None
        if compiled.persons is not None:
            for match in compiled.persons.finditer(norm):
                kind = compiled.person_kinds[int(match.lastgroup[1:])]
                best = (match.end(), match.group(), kind)
        if people:
            if known[0] != tuple(people):
                known[0] = tuple(people)
                known[1] = re.compile("|".join(re.escape(n) for n in sorted(people, key=len)[::-1]))
            for match in known[1].finditer(norm):
                if best is None or match.end() > best[0]:
                    best = (match.end(), match.group(), people[match.group()])
        if best is not None:
            mentioned[number] = Said(best[1], best[2], True)

    results: list[Attribution] = []
    previous: Said | None = None  # the voice the last paragraph ended in
    previous_article = -1
    for spans in paragraphs:
        own: list[Said | None] = []
        for span in spans:
            number = article_of(span[0])
            said = own_speaker(text[span[0] : span[1]], rules=rules, people=people)
            if said is not None and said.named is not None:
                people[said.named[0]] = said.named[1]
            if said is not None and said.type == "pronoun":
                said = mentioned.get(number)
            elif said is not None and said.type == "meeting":
                said = organiser(number)
            own.append(said)
            remember_people(number, text[span[0] : span[1]])
        # A quotation with no speaker of its own: the speaker of the sentence after it.
        for index, span in enumerate(spans[:-1]):
            if own[index] is None and text[span[0] : span[1]].lstrip().startswith(("“", '"', "「")):
                own[index] = own[index + 1]
        number = article_of(spans[0][0])
        opening = normalize_text(text[spans[0][0] : spans[0][1]])
        current: Said | None = None
        voice: Said | None = None  # the paragraph's own voice: the first it speaks in
        if (
            own[0] is None
            and number == previous_article
            and any(pattern.search(opening) for pattern in rules.continuations)
        ):
            current = previous  # 第二是要…: the speech goes on in the paragraph's voice
        for span, said in zip(spans, own, strict=True):
            if said is not None:
                current = said
            voice = voice or current
            if current is None:
                results.append(Attribution(span[0], span[1], number + 1, "", JOURNALIST))
            else:
                results.append(
                    Attribution(span[0], span[1], number + 1, current.speaker, current.type)
                )
        previous, previous_article = voice, number
    return results


# --------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------


Index = dict[str, tuple[list[int], list[Attribution]]]
"""Each document's attributions with their starts (see :func:`attribution_index`)."""


def attribution_index(
    texts: pd.DataFrame,
    *,
    articles: pd.DataFrame,
    rules: SpeakerRules,
    documents: set[str] | None = None,
) -> Index:
    """Every sentence of every document attributed once (:func:`attribute_text`).

    Args:
        texts: ``doc_id, text`` of the documents (``pipeline.texts_table``).
        articles: ``articles.csv`` (:func:`policytext.articles.articles_table`).
        rules: The attribution rules.
        documents: Only these documents (default all).
    """
    index: Index = {}
    for doc in texts.itertuples(index=False):
        if documents is not None and doc.doc_id not in documents:
            continue
        spans = articles[articles["doc_id"] == doc.doc_id].sort_values("position")
        done = attribute_text(
            str(doc.text),
            rules=rules,
            articles=list(zip(spans["start"], spans["end"], strict=True)),
        )
        index[doc.doc_id] = ([a.start for a in done], done)
    return index


def attribute(
    table: pd.DataFrame,
    *,
    texts: pd.DataFrame,
    articles: pd.DataFrame,
    rules: SpeakerRules,
    offset: str = "start",
    index: Index | None = None,
) -> pd.DataFrame:
    """``table`` with ``article_id, speaker, speaker_type`` added (at the end).

    Args:
        table: Rows with ``doc_id`` and an offset (column ``offset``) into the
            document's clean text: a figure's or commitment's sentence start,
            a concordance match's start.
        texts: ``doc_id, text`` of the documents (``pipeline.texts_table``).
        articles: ``articles.csv`` (:func:`policytext.articles.articles_table`).
        rules: The attribution rules.
        offset: The offset column.
        index: The documents already attributed (:func:`attribution_index`),
            to attribute several tables at the cost of one.

    Returns:
        A copy of ``table`` with the three columns; a row whose offset falls
        in no sentence (whitespace) takes the sentence before it.
    """
    frame = table.copy()
    if frame.empty:
        for column in ATTRIBUTION_COLUMNS:
            frame[column] = pd.Series(dtype=object)
        return frame
    if index is None:
        index = attribution_index(
            texts, articles=articles, rules=rules, documents=set(frame["doc_id"])
        )
    ids, speakers, types = [], [], []
    for doc_id, position in zip(frame["doc_id"], frame[offset], strict=True):
        starts, done = index.get(doc_id, ([], []))
        if not done or pd.isna(position):
            ids.append("")
            speakers.append("")
            types.append(JOURNALIST)
            continue
        hit = done[max(0, bisect.bisect_right(starts, int(position)) - 1)]
        ids.append(make_article_id(doc_id, hit.article))
        speakers.append(hit.speaker)
        types.append(hit.type)
    frame["article_id"] = ids
    frame["speaker"] = speakers
    frame["speaker_type"] = types
    return frame


def stated_by(frame: pd.DataFrame) -> pd.Series:
    """Who states each row: the speaker's name, else its type (``journalist``)."""
    return frame["speaker"].where(frame["speaker"].astype(bool), frame["speaker_type"])


def type_counts(frame: pd.DataFrame) -> dict[str, Any]:
    """Rows per speaker type, every type listed (zeros included)."""
    counts = frame["speaker_type"].value_counts()
    return {kind: int(counts.get(kind, 0)) for kind in SPEAKER_TYPES}
