"""Field validators shared by the models: text, positive integers, lists of text, regexes."""

from __future__ import annotations

import re
from typing import Any

from pydantic import (
    ValidationInfo,
)

from policytext.schema.messages import problem, problems


def text_or_empty(value: Any) -> Any:
    """``None`` (a key written without a value) as ``""``; anything else as it is."""
    return "" if value is None else value


def positive_integer(value: Any, info: ValidationInfo) -> Any:
    """A field validator (``mode="before"``): a whole number of at least 1, not ``true``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise problem(f"{info.field_name!r} must be a positive integer")
    return value


def text_list(value: Any, info: ValidationInfo) -> tuple[str, ...]:
    """A field validator (``mode="before"``): a list of non-empty strings, as a tuple."""
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise problem(f"{info.field_name!r} must be a list of non-empty strings")
    return tuple(value)


def regex_list(value: Any, info: ValidationInfo, *, required: bool = False) -> Any:
    """A field validator (``mode="before"``): a list of regexes (one string: a list of one).

    Args:
        value: The value as written.
        info: The field.
        required: Whether the list must not be empty.

    Returns:
        The compiled patterns, as a tuple.

    Raises:
        ValidationError: One problem per item that is not a non-empty string
            or not a valid regex, or the value is not a (non-empty) list.
    """
    name = info.field_name
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or (required and not items):
        raise problem(f"{name!r} must be a {'non-empty ' if required else ''}list of regexes")
    found, compiled = [], []
    for item in items:
        if not isinstance(item, str) or not item:
            found.append(f"{name!r}: {item!r} is not a non-empty string")
            continue
        try:
            compiled.append(re.compile(item))
        except re.error as exc:
            found.append(f"{name!r}: invalid regex {item!r} ({exc})")
    if found:
        raise problems(found, value)
    return tuple(compiled)


def required_regex_list(value: Any, info: ValidationInfo) -> Any:
    """:func:`regex_list` for a list that must not be empty."""
    return regex_list(value, info, required=True)


Regexes = tuple[re.Pattern[str], ...]
"""The type of a field validated by :func:`regex_list`."""
