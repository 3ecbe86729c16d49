"""Stage 5c, attribution: who says each sentence of a document.

Every sentence of a clean text is attributed to a *speaker* (the name as
written: 李乐成, 工信部, 中央经济工作会议, 华为, 北京, 《报告》 ...; empty for the
article's own voice) and a *speaker type* (:data:`SPEAKER_TYPES`), from the
sentence first (a speaker named before a speech verb: 李乐成表示, 华为预测,
《报告》显示, 北京…力争), then its paragraph (a speech runs on after 李乐成表示)
and its article (会议强调 in a report of an MIIT meeting is MIIT; 他指出 is the
last person named). The rules are data (``data/speakers.yml``,
:func:`load_speaker_rules`).

Modules: :mod:`~policytext.attribution.rules` (the rules and their loader),
:mod:`~policytext.attribution.speakers` (a sentence's own speaker),
:mod:`~policytext.attribution.context` (:func:`attribute_text`: a text
sentence by sentence) and :mod:`~policytext.attribution.tables`
(:func:`attribute` adds ``article_id, speaker, speaker_type`` to any table whose
rows carry a document and an offset in its clean text (figures, commitments,
the concordance)).
"""

from policytext.attribution.context import Attribution, attribute_text
from policytext.attribution.rules import (
    JOURNALIST,
    SPEAKER_TYPES,
    SPEAKERS_FILE,
    Speaker,
    SpeakerEntry,
    SpeakerRules,
    SpeakersFile,
    load_speaker_rules,
)
from policytext.attribution.speakers import Said, own_speaker
from policytext.attribution.tables import (
    ATTRIBUTION_COLUMNS,
    Index,
    attribute,
    attribution_index,
    stated_by,
    type_counts,
)

__all__ = [
    "ATTRIBUTION_COLUMNS",
    "JOURNALIST",
    "SPEAKERS_FILE",
    "SPEAKER_TYPES",
    "Attribution",
    "Index",
    "Said",
    "Speaker",
    "SpeakerEntry",
    "SpeakerRules",
    "SpeakersFile",
    "attribute",
    "attribute_text",
    "attribution_index",
    "load_speaker_rules",
    "own_speaker",
    "stated_by",
    "type_counts",
]
