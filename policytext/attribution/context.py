"""A text sentence by sentence: a speaker carried on through its paragraph and its article."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from policytext.attribution.rules import JOURNALIST, SpeakerRules
from policytext.attribution.speakers import Said, compiled_rules, own_speaker
from policytext.text import normalize_text, sentence_spans


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

    compiled = compiled_rules(rules)
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
