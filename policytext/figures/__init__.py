"""Stage 5b, figures: the numbers the documents state, and what they commit to.

Working sentence by sentence on the clean text (:mod:`policytext.figures.sentences`):

* :func:`extract_figures` (:mod:`~policytext.figures.extract`) finds each
  quantitative statement (:func:`policytext.numbers.find_figures`), says what
  *kind* of statement it is -- ``reported`` (achieved), ``estimate`` (a
  prediction or calculation for a period already over at the document's
  date), ``forecast`` (a prediction) or ``target`` (a goal) -- the year and
  period it refers to (:mod:`~policytext.figures.reference`), what it counts
  (:mod:`~policytext.figures.scope`), and names the policy indicator it
  measures, from the patterns in ``data/indicators.yml``
  (:func:`load_indicators`, :mod:`~policytext.figures.indicators`).
* :func:`restatements` (:mod:`~policytext.figures.restate`) links the
  statements of the same indicator across documents and periods.
* :func:`commitments` (:mod:`~policytext.figures.commit`) lists the sentences
  that commit to future action without a number, optionally by theme.

Quotes (``figure``, ``sentence``) are always verbatim substrings of the
document's text; matching runs on the NFKC form.
"""

from policytext.figures.commit import COMMITMENT_COLUMNS, OTHER_THEME, commitments
from policytext.figures.extract import DOC_COLUMNS, FIGURE_COLUMNS, KINDS, extract_figures
from policytext.figures.indicators import (
    INDICATOR_SCOPES,
    INDICATORS_FILE,
    Indicator,
    load_indicators,
)
from policytext.figures.reference import period_cues, reference_period
from policytext.figures.restate import (
    APPROX_TOLERANCE,
    COMPARISONS,
    KIND_CLASSES,
    RESTATEMENT_COLUMNS,
    compare_statements,
    interval,
    restatements,
)
from policytext.figures.rules import IndicatorRules, load_indicator_rules
from policytext.figures.scope import SCOPES, ScopeRules, load_scope_rules

__all__ = [
    "APPROX_TOLERANCE",
    "COMMITMENT_COLUMNS",
    "COMPARISONS",
    "DOC_COLUMNS",
    "FIGURE_COLUMNS",
    "INDICATORS_FILE",
    "INDICATOR_SCOPES",
    "KINDS",
    "KIND_CLASSES",
    "OTHER_THEME",
    "RESTATEMENT_COLUMNS",
    "SCOPES",
    "Indicator",
    "IndicatorRules",
    "ScopeRules",
    "commitments",
    "compare_statements",
    "extract_figures",
    "interval",
    "load_indicator_rules",
    "load_indicators",
    "load_scope_rules",
    "period_cues",
    "reference_period",
    "restatements",
]
