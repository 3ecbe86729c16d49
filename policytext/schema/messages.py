"""How a pydantic error becomes the project's message: naming file, entry and field."""

from __future__ import annotations

from typing import Any

from pydantic import (
    ValidationError,
)
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError


def message(error: ErrorDetails) -> str:
    """One pydantic error as the project words it, naming the field (and item)."""
    loc = [part for part in error["loc"] if part != "__root__"]
    field_name = str(loc[0]) if loc else ""
    kind = error["type"]
    if kind == CONFIG_ERROR:  # the project's own wording, from a validator
        return str(error["msg"])
    if len(loc) >= 2 and isinstance(loc[1], int):  # an item of a list field
        item = f"{field_name.removesuffix('s')} {loc[1] + 1} ({error['input']!r})"
        if kind == "string_type":
            return f"{item} is not text; put it in quotes"
        return f"{item}: {_reason(error)}"
    if kind == "missing":
        return f"missing {field_name!r}"
    if kind == "extra_forbidden":
        return f"unknown key {field_name!r}"
    if kind == "string_type":
        return f"{field_name!r} must be text"
    if kind == "list_type":
        return f"{field_name!r} must be a list"
    if kind in ("bool_type", "bool_parsing"):
        return f"{field_name!r} must be true or false"
    if kind == "too_short":
        return f"{field_name!r} must not be empty"
    return f"{field_name!r}: {_reason(error)}" if field_name else _reason(error)


def _reason(error: ErrorDetails) -> str:
    """The words of pydantic's message, without its ``Value error, `` prefix."""
    return str(error["msg"]).removeprefix("Value error, ")


CONFIG_ERROR = "policytext_config"
"""The error type of :func:`problem`: its message is used as it is."""


def problem(text: str) -> PydanticCustomError:
    """An error for a validator to raise, worded as the message will read."""
    return PydanticCustomError(CONFIG_ERROR, text)


def problems(texts: list[str], value: Any) -> ValidationError:
    """Several problems of one field, for a validator to raise: each becomes its own message."""
    details = [InitErrorDetails(type=problem(text), loc=(), input=value) for text in texts]
    return ValidationError.from_exception_data("configuration", details)
