"""The models of ``data/data_dictionary.yml``: a mapping of tables, each of columns."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
)

from policytext.schema.fields import text_or_empty
from policytext.schema.messages import problem


def _columns(value: Any) -> Any:
    """Columns written without a value (``columns:``, ``a:``) as empty mappings."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return {name: {} if spec is None else spec for name, spec in value.items()}
    return value


# --------------------------------------------------------------------------
# data/data_dictionary.yml: a mapping of tables, each a mapping of columns
# --------------------------------------------------------------------------

COLUMN_TYPES = ("string", "integer", "number", "boolean", "date")
"""Types a column can have in ``data_dictionary.yml``."""


class DictionaryColumn(BaseModel):
    """One column of an exported table, as ``data_dictionary.yml`` documents it.

    Attributes:
        type: One of :data:`COLUMN_TYPES`.
        meaning: What the column holds, in a sentence.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: Annotated[Any, BeforeValidator(text_or_empty)] = Field("", validate_default=True)
    meaning: Annotated[Any, BeforeValidator(text_or_empty)] = Field("", validate_default=True)

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: Any) -> str:
        if value not in COLUMN_TYPES:
            raise problem(f"type must be one of {COLUMN_TYPES}")
        return str(value)

    @field_validator("meaning")
    @classmethod
    def _has_meaning(cls, value: Any) -> str:
        if not str(value).strip():
            raise problem("needs a 'meaning'")
        return str(value).strip()


class DictionaryTable(BaseModel):
    """One exported table, as ``data_dictionary.yml`` documents it.

    Attributes:
        description: What one row of the table is, in a sentence.
        columns: Every column by name, in the order of the CSV's columns.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: Annotated[Any, BeforeValidator(text_or_empty)] = Field("", validate_default=True)
    columns: Annotated[dict[str, DictionaryColumn], BeforeValidator(_columns)] = Field(
        default_factory=dict
    )

    @field_validator("description")
    @classmethod
    def _has_description(cls, value: Any) -> str:
        if not str(value).strip():
            raise problem("needs a 'description'")
        return str(value)
