"""The model of ``data/glue_keys.yml``: every glue key of the chapters."""

from __future__ import annotations

from typing import ClassVar

from pydantic import (
    Field,
)

from policytext.schema.entries import Entry


class GlueKey(Entry):
    """One glue key of the chapters (``data/glue_keys.yml``).

    Attributes:
        key: The key, as chapters glue and show it (letters, digits, ``_``).
        pages: The chapters (files of ``book/`` without ``.md``) that glue it.
        what: What the value is, in one line.
    """

    SECTION: ClassVar[str] = "keys"
    NOUN: ClassVar[str] = "key"
    NAME: ClassVar[str] = "key"

    key: str = Field(pattern=r"^\w+$")
    pages: list[str] = Field(min_length=1)
    what: str = Field(min_length=1)
