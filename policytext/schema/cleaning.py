"""The models of ``data/cleaning.yml``, and how their errors are worded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)
from pydantic_core import ErrorDetails

from policytext.schema.messages import message


class CleaningRule(BaseModel):
    """A paragraph or inline rule of ``data/cleaning.yml``: a reason and its regexes.

    Attributes:
        reason: Why the match goes, as the audit says it.
        patterns: Python regular expressions (any of them matches).
        max_chars: A paragraph rule drops only paragraphs this short (compact
            characters), so an article paragraph that merely mentions a word stays.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    reason: str = Field(min_length=1)
    patterns: list[str] = Field(min_length=1)
    max_chars: int = 60


class CleaningShapes(BaseModel):
    """``shapes`` of ``data/cleaning.yml``: the vocabulary and thresholds of page furniture.

    Each field is described beside it in the file; the shapes themselves are in
    :mod:`policytext.clean.furniture`.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    title_max_chars: int = 40
    body_marks: str = "。！？!?；"
    body_min_chars: int = 12
    meta_max_chars: int = 80
    meta_max_residue: float = 0.3
    byline_labels: tuple[str, ...] = ()
    field_labels: tuple[str, ...] = ()
    counter_words: tuple[str, ...] = ()
    share_words: tuple[str, ...] = ()
    latin_min_share: float = 0.6
    spam_min_tokens: int = 6
    spam_max_token_chars: int = 8
    particles: str = "的了是在将要把被对与和也就都而并"
    head_max_chars: int = 6
    nav_min_items: int = 3
    related_min_lines: int = 3
    related_min_dated: float = 0.5
    summary_labels: tuple[str, ...] = ()
    summary_min_overlap: float = 0.5
    summary_min_share: float = 0.6
    summary_max_paragraphs: int = 2
    banner_actions: tuple[str, ...] = ()
    banner_objects: tuple[str, ...] = ()


class CleaningFile(BaseModel):
    """The whole of ``data/cleaning.yml`` (each rule validated on its own: :class:`CleaningRule`).

    A key written without a value takes its default.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    paragraph_rules: list[Any] = []
    inline_rules: list[Any] = []
    footer_markers: list[str] = []
    shapes: CleaningShapes = CleaningShapes()
    sentence_end: str = "。！？!?…”"
    headline_max_chars: int = 40
    duplicate_min_chars: int = 20
    duplicate_min_similarity: float = 0.9
    duplicate_window_chars: int = 20_000

    @model_validator(mode="before")
    @classmethod
    def _empty_keys_take_defaults(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if value is not None}
        return data


def cleaning_problems(path: Path, error: ValidationError, *, section: str = "") -> list[str]:
    """The messages of a ``cleaning.yml`` validation error, each naming file, entry and field.

    Args:
        path: The file.
        error: Raised by :class:`CleaningFile` or :class:`CleaningRule`.
        section: For a rule's error, where the rule is (``paragraph_rules #2``).

    Returns:
        One message per problem, in order, without repeats::

            data/cleaning.yml: paragraph_rules #2: needs 'reason' and 'patterns'
            data/cleaning.yml: shapes: unknown setting 'nope'
            data/cleaning.yml: shapes: title_max_chars: expected int (got 'many')
    """
    found: list[str] = []
    for detail in error.errors():
        loc, kind = list(detail["loc"]), detail["type"]
        if section:  # a rule
            needs = not loc or (loc[0] in ("reason", "patterns") and len(loc) == 1)
            if needs and kind in ("missing", "too_short", "model_type", "model_attributes_type"):
                text = f"{section}: needs 'reason' and 'patterns'"
            else:
                text = f"{section}: {message(detail)}"
        elif not loc:
            text = "must be a mapping of rules and settings"
        elif loc[:1] == ["shapes"]:
            text = _shapes_problem(loc[1:], detail)
        else:
            text = message(detail)
        text = f"{path}: {text}"
        if text not in found:
            found.append(text)
    return found


def _shapes_problem(loc: list[Any], detail: ErrorDetails) -> str:
    if not loc:
        return "shapes: must be a mapping"
    name = str(loc[0])
    if detail["type"] == "extra_forbidden":
        return f"shapes: unknown setting '{name}'"
    annotation = CleaningShapes.model_fields[name].annotation
    kind = {int: "int", float: "float", str: "text"}.get(annotation, "a list of words")  # type: ignore[call-overload]
    return f"shapes: {name}: expected {kind} (got {detail['input']!r})"


# ==========================================================================
# Sections and rows (articles.yml, speakers.yml, the scopes of indicators.yml,
# periods.csv, corpus.csv): a mapping validated as a whole, CSV rows one by one
# ==========================================================================
