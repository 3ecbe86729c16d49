"""Mappings validated as a whole: ``articles.yml``, ``speakers.yml``, ``scopes:``."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar, Literal, TypeVar, overload

from pydantic import (
    BaseModel,
    ConfigDict,
    ValidationError,
)
from pydantic_core import ErrorDetails

from policytext.config import load_yaml
from policytext.errors import InputError
from policytext.schema.messages import message


class Section(BaseModel):
    """A configuration mapping validated as a whole (a subclass per file or section).

    Its fields are the mapping's keys; a key it does not declare is an error.
    Items of a list of mappings are named ``<key>: entry <position>``.

    Class attributes:
        SECTION: The top-level key holding the mapping (``articles``), or
            ``""`` when the mapping is the whole file.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    SECTION: ClassVar[str] = ""


S = TypeVar("S", bound=Section)


@overload
def load_section(
    path: str | Path,
    model: type[S],
    *,
    not_mapping: str,
    optional: Literal[False] = False,
    data: Any = None,
) -> S: ...


@overload
def load_section(
    path: str | Path,
    model: type[S],
    *,
    not_mapping: str,
    optional: Literal[True],
    data: Any = None,
) -> S | None: ...


def load_section(
    path: str | Path,
    model: type[S],
    *,
    not_mapping: str,
    optional: bool = False,
    data: Any = None,
) -> S | None:
    """Read a configuration mapping (the file, or its ``model.SECTION``) and validate it.

    Args:
        path: The YAML file.
        model: The mapping's model.
        not_mapping: The message when the file (or section) is not a mapping.
        optional: Whether a file without ``model.SECTION`` is valid (``None`` is returned).
        data: The file's content, already read; ``None`` reads ``path``.

    Returns:
        The validated mapping, or ``None`` (``optional`` and no section).

    Raises:
        InputError: The file is missing, not UTF-8, not YAML, or not valid;
            one line per problem, naming the file, the section, the entry
            (where the key is a list of mappings) and the key.
    """
    path = Path(path)
    if data is None:
        data = load_yaml(path)
    if model.SECTION:
        section = data.get(model.SECTION) if isinstance(data, dict) else None
        if section is None and optional:
            return None
    else:
        section = data
    if not isinstance(section, dict):
        raise InputError([f"{path}: {not_mapping}"])
    try:
        return model.model_validate(section)
    except ValidationError as error:
        where = f"{path}: {model.SECTION}: " if model.SECTION else f"{path}: "
        raise InputError([where + section_message(detail) for detail in error.errors()]) from None


def section_message(error: ErrorDetails) -> str:
    """One pydantic error inside a section: ``<key>: entry <n>: `` where it is, then the problem."""
    loc = [part for part in error["loc"] if part != "__root__"]
    where = []
    while len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
        where.append(f"{loc[0]}: entry {loc[1] + 1}: ")
        loc = loc[2:]
    kind = error["type"]
    if kind in ("model_type", "dict_type") and not loc:
        text = "expected a mapping"
    elif kind == "missing" and len(loc) == 1:
        text = f"missing key {loc[0]!r}"
    elif kind == "extra_forbidden" and len(loc) == 1:
        text = f"unknown key {loc[0]!r}"
    else:
        text = message({**error, "loc": tuple(loc)})
    return "".join(where) + text
