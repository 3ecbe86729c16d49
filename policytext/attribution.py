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

from policytext.articles import article_id as make_article_id
from policytext.config import DATA_DIR, load_yaml
from policytext.errors import InputError
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


_KEYS = {
    "max_subject_chars",
    "meeting_organisers",
    "continuations",
    "adverbs",
    "not_after",
    "verbs",
    "organiser_verbs",
    "pronouns",
    "meetings",
    "speakers",
    "titles",
}


def load_speaker_rules(path: str | Path = SPEAKERS_FILE) -> SpeakerRules:
    """Read and check a speakers file.

    Args:
        path: The YAML file; default the report's ``data/speakers.yml``.

    Returns:
        The rules.

    Raises:
        InputError: Unreadable YAML or invalid entries, one line per problem
            naming the file and the key or entry.
    """
    path = Path(path)
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise InputError([f"{path}: expected a mapping with {', '.join(sorted(_KEYS))}"])
    problems = [f"{path}: unknown key {key!r}" for key in data if key not in _KEYS]
    problems += [f"{path}: missing key {key!r}" for key in sorted(_KEYS) if key not in data]
    if problems:
        raise InputError(problems)

    def regexes(key: str) -> tuple[re.Pattern[str], ...]:
        items = data[key]
        if not isinstance(items, list) or not items:
            problems.append(f"{path}: {key!r} must be a non-empty list of regexes")
            return ()
        compiled = []
        for item in items:
            try:
                compiled.append(re.compile(str(item)))
            except re.error as exc:
                problems.append(f"{path}: {key}: invalid regex {item!r} ({exc})")
        return tuple(compiled)

    verbs = regexes("verbs")
    organiser = regexes("organiser_verbs")
    continuations = regexes("continuations")
    adverbs = regexes("adverbs")
    not_after = data["not_after"]
    if not isinstance(not_after, list) or not all(isinstance(i, str) and i for i in not_after):
        problems.append(f"{path}: 'not_after' must be a list of non-empty strings")
        not_after = []
    organisers = data["meeting_organisers"]
    if not isinstance(organisers, dict) or not all(
        k in SPEAKER_TYPES and v in SPEAKER_TYPES for k, v in organisers.items()
    ):
        problems.append(f"{path}: 'meeting_organisers' must map speaker types to speaker types")
        organisers = {}
    words = {}
    for key in ("pronouns", "meetings"):
        items = data[key]
        if not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
            problems.append(f"{path}: {key!r} must be a list of non-empty strings")
            items = []
        words[key] = tuple(sorted(items, key=len, reverse=True))
    speakers = []
    entries = data["speakers"] if isinstance(data["speakers"], list) else None
    if not entries:
        problems.append(f"{path}: 'speakers' must be a non-empty list")
    for position, entry in enumerate(entries or [], start=1):
        where = f"{path}: speakers: entry {position}"
        if not isinstance(entry, dict) or set(entry) - {"type", "pattern", "person"}:
            problems.append(f"{where}: expected a mapping with type, pattern and optionally person")
            continue
        kind = entry.get("type")
        if kind not in SPEAKER_TYPES or kind == JOURNALIST:
            problems.append(f"{where}: type {kind!r} is not one of {', '.join(SPEAKER_TYPES[:-1])}")
            continue
        try:
            pattern = re.compile(str(entry.get("pattern") or ""))
        except re.error as exc:
            problems.append(f"{where}: invalid regex {entry.get('pattern')!r} ({exc})")
            continue
        if not pattern.pattern:
            problems.append(f"{where}: 'pattern' must be a non-empty regex")
            continue
        speakers.append(Speaker(kind, pattern, bool(entry.get("person", False))))
    titles: list[tuple[str, str]] = []
    raw_titles = data["titles"]
    if not isinstance(raw_titles, dict):
        problems.append(f"{path}: 'titles' must map a speaker type to a list of titles")
    else:
        for kind, items in raw_titles.items():
            if kind not in SPEAKER_TYPES or kind == JOURNALIST:
                problems.append(f"{path}: titles: {kind!r} is not a speaker type")
            elif not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
                problems.append(f"{path}: titles: {kind}: expected a list of non-empty strings")
            else:
                titles.extend((title, kind) for title in items)
    limit = data["max_subject_chars"]
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        problems.append(f"{path}: 'max_subject_chars' must be a positive integer")
    if problems:
        raise InputError(problems)
    return SpeakerRules(
        speakers=tuple(speakers),
        verbs=verbs,
        organiser_verbs=organiser,
        pronouns=words["pronouns"],
        meetings=words["meetings"],
        titles=tuple(sorted(titles, key=lambda t: len(t[0]), reverse=True)),
        max_subject_chars=limit,
        meeting_organisers=tuple(organisers.items()),
        continuations=continuations,
        adverbs="|".join(f"(?:{a.pattern})" for a in adverbs),
        not_after=tuple(not_after),
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
    hits = sorted(
        match.start()
        for pattern in (verbs or rules.verbs)
        for match in pattern.finditer(norm)
        if match.start() > 0
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
    tail = rf"\s*(?:\([^()]*\))?\s*(?:{rules.adverbs})?\s*$" if rules.adverbs else r"\s*$"
    titled = _titled(subject, rules=rules, tail=tail)
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
    for pronoun in rules.pronouns:
        if re.search(
            rf"(?:^|[,，。;；:：”]){re.escape(pronoun)}(?:{rules.adverbs or '$^'})?$", stripped
        ):
            return Said("", "pronoun", True)
    for word in rules.meetings:
        if re.search(
            rf"(?:^|[,，。;；:：”]){re.escape(word)}(?:{rules.adverbs or '$^'})?$", stripped
        ):
            return Said("", "meeting")
        if re.search(rf"(?:^|[,，。;；:：”])[^,，。;；:：”]{{0,8}}在{re.escape(word)}$", stripped):
            return Said("", "meeting")
    return None


def _titled(subject: str, *, rules: SpeakerRules, tail: str) -> tuple[str, str, int] | None:
    """``(name, type, position of the name)`` of a titled person before the verb (经理龚存阳)."""
    for title, kind in rules.titles:
        match = re.search(
            re.escape(title) + r"\s*([\u4e00-\u9fff·]{2,4}?|[A-Za-z][A-Za-z .·-]{1,30}?)" + tail,
            subject,
        )
        if match:
            name = match.group(1).strip()
            if rules.adverbs and re.fullmatch(rules.adverbs, name):
                holder = re.search(
                    r"([A-Za-z][A-Za-z .·-]{0,30}|[\u4e00-\u9fff]{1,8})\s*$",
                    subject[: match.start()],
                )
                name = (holder.group(1).strip() + " " if holder else "") + title
            return name, kind, match.start(1)
    return None


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
            for spans in paragraphs:
                if not begin <= spans[0][0] < end:
                    continue
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

    person_patterns = [entry.pattern for entry in rules.speakers if entry.person]

    def last_person(number: int, before: int) -> Said | None:
        """The person named last before ``before`` in article ``number``."""
        begin = articles[number][0]
        window = normalize_text(text[begin:before])
        best: tuple[int, str, str] | None = None
        candidates = [(p, None) for p in person_patterns] + [
            (re.compile(re.escape(name)), kind) for name, kind in people.items()
        ]
        for pattern, kind in candidates:
            for match in pattern.finditer(window):
                if best is None or match.end() > best[0]:
                    entry_kind = kind or next(
                        e.type for e in rules.speakers if e.pattern is pattern
                    )
                    best = (match.end(), match.group(), entry_kind)
        return Said(best[1], best[2], True) if best else None

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
                said = last_person(number, span[0])
            elif said is not None and said.type == "meeting":
                said = organiser(number)
            own.append(said)
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
