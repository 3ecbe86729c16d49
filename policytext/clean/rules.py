"""The cleaning rules: ``data/cleaning.yml`` validated (:mod:`policytext.schema`) and compiled."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from policytext.config import DATA_DIR, load_yaml
from policytext.errors import InputError
from policytext.schema import CleaningFile, CleaningRule, cleaning_problems
from policytext.schema import CleaningShapes as Shapes


@dataclass(frozen=True)
class Rules:
    """Cleaning rules, read from ``data/cleaning.yml`` (see that file)."""

    paragraph_rules: tuple[tuple[str, int, re.Pattern[str]], ...]
    inline_rules: tuple[tuple[str, re.Pattern[str]], ...]
    footer_markers: re.Pattern[str] | None
    sentence_end: str
    headline_max_chars: int
    duplicate_min_chars: int
    duplicate_min_similarity: float
    duplicate_window_chars: int = 20_000
    shapes: Shapes = field(default_factory=Shapes)
    marked_headings: bool = False
    """Set per document: its headings are marked up, so unmarked paragraphs are
    never taken for headlines."""


def load_rules(path: str | Path | None = None) -> Rules:
    """Read, validate and compile the cleaning rules.

    The file is validated by :class:`policytext.schema.CleaningFile`, each rule
    on its own (:class:`policytext.schema.CleaningRule`), so that every problem
    is found in one run.

    Args:
        path: The rules file; defaults to ``data/cleaning.yml``.

    Raises:
        InputError: The file is missing, or a rule or setting is malformed
            (one message per problem, naming the file, the rule and the field).
    """
    path = Path(path) if path else DATA_DIR / "cleaning.yml"
    data = load_yaml(path)
    try:
        config = CleaningFile.model_validate({} if data is None else data)
    except ValidationError as error:
        raise InputError(cleaning_problems(path, error)) from None
    problems: list[str] = []

    def compile_all(patterns: Iterable[str], where: str) -> re.Pattern[str] | None:
        try:
            return re.compile("|".join(f"(?:{p})" for p in patterns))
        except re.error as exc:
            problems.append(f"{path}: {where}: invalid pattern: {exc}")
            return None

    def rules(section: str) -> list[tuple[CleaningRule, re.Pattern[str]]]:
        valid = []
        for number, entry in enumerate(getattr(config, section), start=1):
            where = f"{section} #{number}"
            rule = _rule(entry, path, where, problems)
            pattern = compile_all(rule.patterns, where) if rule else None
            if rule and pattern:
                valid.append((rule, pattern))
        return valid

    paragraph_rules = tuple((r.reason, r.max_chars, p) for r, p in rules("paragraph_rules"))
    inline_rules = tuple((r.reason, p) for r, p in rules("inline_rules"))
    markers = config.footer_markers
    footer = compile_all(markers, "footer_markers") if markers else None
    if problems:
        raise InputError(problems)
    return Rules(
        shapes=config.shapes,
        paragraph_rules=paragraph_rules,
        inline_rules=inline_rules,
        footer_markers=footer,
        sentence_end=config.sentence_end,
        headline_max_chars=config.headline_max_chars,
        duplicate_min_chars=config.duplicate_min_chars,
        duplicate_min_similarity=config.duplicate_min_similarity,
        duplicate_window_chars=config.duplicate_window_chars,
    )


def _rule(entry: Any, path: Path, where: str, problems: list[str]) -> CleaningRule | None:
    """One rule validated, or None with its problems added."""
    try:
        return CleaningRule.model_validate(entry)
    except ValidationError as error:
        problems.extend(cleaning_problems(path, error, section=where))
        return None
