"""The model and loader of ``data/translations.yml`` (read by :mod:`policytext.findings.quotes`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from policytext.config import load_yaml
from policytext.errors import InputError
from policytext.schema.messages import message, problem


class Translation(BaseModel):
    """One entry of ``translations.yml``: a quotation and its English, both stripped.

    In the file an entry is ``<exact Chinese sentence>: <English>`` under ``quotes:``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    quote: str
    english: str

    @field_validator("quote", "english", mode="before")
    @classmethod
    def _non_empty_text(cls, value: Any, info: ValidationInfo) -> str:
        what = "the quotation" if info.field_name == "quote" else "translation"
        if not isinstance(value, str) or not value.strip():
            raise problem(f"{what} must be a non-empty string")
        return value.strip()


class TranslationsFile(BaseModel):
    """The whole of ``translations.yml``.

    Attributes:
        quotes: Quotation -> English (each entry checked by :class:`Translation`).
        glosses: Chinese policy term -> its one English rendering (terms not
            in ``terms.yml``).
        held: Terms of ``terms.yml`` whose ``gloss_en`` every translation uses.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    quotes: dict[Any, Any] | None = None
    glosses: dict[str, str] | None = None
    held: list[str] | None = None

    @field_validator("quotes", mode="before")
    @classmethod
    def _mapping(cls, value: Any) -> Any:
        if value is not None and not isinstance(value, dict):
            raise problem("expected a mapping 'quotes:' of Chinese quote to English")
        return value


def load_translations_file(path: str | Path) -> dict[str, str]:
    """Every translation of ``translations.yml``, keyed by the exact (stripped) quotation.

    A missing or empty file holds no translations.

    Raises:
        InputError: The file is not UTF-8 or YAML, is not a mapping with
            ``quotes:``, or has entries that are not non-empty text; one
            message per problem, naming the file, the entry and the field.
    """
    path = Path(path)
    if not path.exists():
        return {}
    data = load_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError([f"{path}: expected a mapping 'quotes:' of Chinese quote to English"])
    try:
        quotes = TranslationsFile.model_validate(data).quotes or {}
    except ValidationError as error:
        raise InputError([f"{path}: {message(detail)}" for detail in error.errors()]) from None
    found, messages = {}, []
    for key, value in quotes.items():
        try:
            entry = Translation.model_validate({"quote": str(key), "english": value})
        except ValidationError as error:
            messages += [f"{path}: quotes: entry {key!r}: {message(d)}" for d in error.errors()]
            continue
        found[entry.quote] = entry.english
    if messages:
        raise InputError(messages)
    return found
