"""Findings: every claim the report makes, computed from the pipeline's tables.

The landing page and the chapter summaries are not written by hand: they are
rendered (:func:`key_findings`, :func:`terms_summary` …) from the
finding objects built here, so that a direction word, a period list, a count
or a caveat is always the one the tables support, for any corpus.

The rules, in one place:

- **Periods** come in date order (:func:`policytext.corpus.load_periods`) and
  are named by their label; every value is keyed by period id.
- **Rates** are mentions per 10,000 characters of clean text. Each comes with
  an exact (Garwood) Poisson interval on the count, characters taken as the
  exposure (:func:`rate_interval`), and with the per-document and per-article
  values beside it. The Poisson interval assumes independent mentions; terms
  cluster in articles, so the interval is too narrow when one article carries
  a period, which is what "rests on" and the leave-one-document-out check show.
- **Direction** (:func:`direction`) compares the first and the last period
  with documents, in date order: ``rose`` or ``fell`` when their intervals do
  not overlap, otherwise ``unchanged within uncertainty``; the periods in
  between are stated beside it.
- **Rests on** (:class:`RestsOn`): the share of a period's count from its
  largest document and its largest article, named with outlet and date.
- **Leave one document out**: the direction is recomputed without each
  document; a finding whose direction changes is worded as such.
- **MIIT**: statements about MIIT use the occurrences attributed to the
  minister or to MIIT (``speaker_type`` in :data:`MIIT_TYPES`) only.

The package, by job: :mod:`~policytext.findings.intervals` (Poisson intervals
and the direction word), :mod:`~policytext.findings.rates` (rates by period, leave
one document out), :mod:`~policytext.findings.objects` (the finding objects),
:mod:`~policytext.findings.quotes` (quotations and translations),
:mod:`~policytext.findings.compute` (:func:`build`),
:mod:`~policytext.findings.prose` (generated sentences and blocks),
:mod:`~policytext.findings.wording` (plurals, lists) and
:mod:`~policytext.findings.frames` (tables for charts). Every name is
imported here, so ``from policytext import findings`` gives them all.
"""

from __future__ import annotations

from policytext.findings.compute import (
    PREPARED_COLUMNS,
    build,
    distinctive_findings,
    figure_findings,
    prepare,
    term_finding,
    word_quote,
)
from policytext.findings.frames import RATE_COLUMNS, article_frame, rate_frame
from policytext.findings.intervals import (
    INTERVAL_METHOD,
    LEVEL,
    UNCHANGED,
    direction,
    poisson_interval,
    rate_interval,
)
from policytext.findings.objects import (
    MIIT_TYPES,
    DistinctiveFinding,
    Findings,
    PeriodRate,
    RateFinding,
    RestsOn,
    Unit,
    ordered_periods,
    rests_on,
)
from policytext.findings.prose import (
    caveat_sentence,
    corpus_phrase,
    direction_sentence,
    distinctive_block,
    distinctive_summary,
    document_counts,
    documents_per_period,
    figures_block,
    figures_summary,
    headline,
    how_sure,
    key_findings,
    per_document_sentence,
    rests_on_phrase,
    speaker_counts,
    speaker_sentence,
    stability_summary,
    term_block,
    terms_summary,
    theme_sentence,
    top_word_sentence,
    untranslated_markdown,
)
from policytext.findings.quotes import (
    MIN_QUOTE,
    NO_TRANSLATION,
    SPEAKER_LABELS,
    TRANSLATIONS,
    Quote,
    load_translations,
    pick_sentence,
    quote,
    sentences_with,
)
from policytext.findings.rates import direction_flips, period_rates
from policytext.findings.wording import (
    agree,
    fmt,
    indent,
    join_words,
    md_escape,
    numbered,
    period_list,
    plural,
    short_outlet,
    source,
    verb_phrase,
)

__all__ = [
    "INTERVAL_METHOD",
    "LEVEL",
    "MIIT_TYPES",
    "MIN_QUOTE",
    "NO_TRANSLATION",
    "PREPARED_COLUMNS",
    "RATE_COLUMNS",
    "SPEAKER_LABELS",
    "TRANSLATIONS",
    "UNCHANGED",
    "DistinctiveFinding",
    "Findings",
    "PeriodRate",
    "Quote",
    "RateFinding",
    "RestsOn",
    "Unit",
    "agree",
    "article_frame",
    "build",
    "caveat_sentence",
    "corpus_phrase",
    "direction",
    "direction_flips",
    "direction_sentence",
    "distinctive_block",
    "distinctive_findings",
    "distinctive_summary",
    "document_counts",
    "documents_per_period",
    "figure_findings",
    "figures_block",
    "figures_summary",
    "fmt",
    "headline",
    "how_sure",
    "indent",
    "join_words",
    "key_findings",
    "load_translations",
    "md_escape",
    "numbered",
    "ordered_periods",
    "per_document_sentence",
    "period_list",
    "period_rates",
    "pick_sentence",
    "plural",
    "poisson_interval",
    "prepare",
    "quote",
    "rate_frame",
    "rate_interval",
    "rests_on",
    "rests_on_phrase",
    "sentences_with",
    "short_outlet",
    "source",
    "speaker_counts",
    "speaker_sentence",
    "stability_summary",
    "term_block",
    "term_finding",
    "terms_summary",
    "theme_sentence",
    "top_word_sentence",
    "untranslated_markdown",
    "verb_phrase",
    "word_quote",
]
