"""One schema for configuration files: pydantic models and one loader that names file, entry, field.

A configuration file is a YAML mapping with one list of entries under a key
(``terms:``, ``themes:``). Each entry is validated by a pydantic model
(:class:`Entry`), on its own, so that every problem of every entry is found in
one run. :func:`load_config` turns pydantic's errors into the project's
messages, one per problem, each naming the file, the entry (its position and,
where it has one, its name) and the field::

    data/themes.yml: theme 3 (ai): missing 'terms'
    data/themes.yml: theme 5 (green): term 2 (5) is not text; put it in quotes

Checks across entries (a name used twice, a form claimed by two terms) belong
to the loader of each file, which adds its messages to those returned here.

Files of other shapes go through the same messages: a mapping validated as a
whole (:class:`Section`, :func:`load_section`: ``articles.yml``,
``speakers.yml``, the ``scopes:`` of ``indicators.yml``) and the rows of a CSV
file (:class:`Row`, :func:`validate_rows`: ``periods.csv``, ``corpus.csv``)::

    data/speakers.yml: speakers: entry 3: type 'boss' is not one of minister, ...
    data/corpus.csv: row 4: unparsable date '2026-3' (expected YYYY-MM-DD, YYYY-MM or YYYY)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Generic, Literal, TypeVar, overload

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError

from policytext.config import load_yaml
from policytext.errors import InputError


class Entry(BaseModel):
    """One entry of a configuration file (a subclass per file).

    Class attributes:
        SECTION: The top-level key holding the entries (``themes``).
        NOUN: What one entry is called in messages (``theme``).
        NAME: The field shown beside the position (``id``), if any.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    SECTION: ClassVar[str] = ""
    NOUN: ClassVar[str] = "entry"
    NAME: ClassVar[str] = ""


E = TypeVar("E", bound=Entry)


@dataclass
class Loaded(Generic[E]):
    """What :func:`load_config` read.

    Attributes:
        path: The file.
        model: The entries' model.
        entries: ``(position, entry)`` of every valid entry, in file order
            (positions count from 1).
        problems: ``(position, message)`` of every problem, each message
            naming the file, the entry and the field.
    """

    path: Path
    model: type[E]
    entries: list[tuple[int, E]] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)

    def add(self, position: int, entry: object, problem: str) -> None:
        """Record a problem of one entry (``entry``: its raw mapping, for its name)."""
        name = entry.get(self.model.NAME) if isinstance(entry, dict) and self.model.NAME else None
        named = (
            f" ({str(name).strip()})" if isinstance(name, str | int) and str(name).strip() else ""
        )
        where = f"{self.path}: {self.model.NOUN} {position}{named}"
        self.problems.append((position, f"{where}: {problem}"))

    def raise_problems(self) -> None:
        """Raise every problem, in file order.

        Raises:
            InputError: There is at least one problem.
        """
        if self.problems:
            ordered = sorted(self.problems, key=lambda problem: problem[0])
            raise InputError([message for _, message in ordered])


def load_config(path: str | Path, model: type[E], *, empty: str | None = None) -> Loaded[E]:
    """Read a configuration file and validate every entry with ``model``.

    Args:
        path: The YAML file.
        model: The entries' model (its ``SECTION``, ``NOUN`` and ``NAME`` shape
            the messages).
        empty: The message when the file holds no list of entries under
            ``model.SECTION`` (default: ``expected a non-empty '<section>:' list``).

    Returns:
        The valid entries and the problems of the others; call
        :meth:`Loaded.raise_problems` after adding checks across entries.

    Raises:
        InputError: The file is missing, not UTF-8, not YAML, or has no entries.
    """
    path = Path(path)
    data = load_yaml(path)
    entries = data.get(model.SECTION) if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        empty = empty or f"expected a non-empty '{model.SECTION}:' list"
        raise InputError([f"{path}: {empty}"])
    return validate_entries(path, entries, model)


def validate_entries(source: str | Path, entries: list[Any], model: type[E]) -> Loaded[E]:
    """Validate each of a list of entries with ``model`` (see :func:`load_config`).

    Args:
        source: Where the entries come from, named in the messages (a file, or
            a word such as ``themes`` for entries given in code).
        entries: The entries as written.
        model: Their model.

    Returns:
        The valid entries and the problems of the others.
    """
    loaded: Loaded[E] = Loaded(Path(source), model)
    for position, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            required = [name for name, info in model.model_fields.items() if info.is_required()]
            fields = ", ".join(required or [model.NAME])
            loaded.add(position, entry, f"expected a mapping with {fields}")
            continue
        try:
            loaded.entries.append((position, model.model_validate(entry)))
        except ValidationError as error:
            for detail in error.errors():
                loaded.add(position, entry, message(detail))
    return loaded


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


def text_or_empty(value: Any) -> Any:
    """``None`` (a key written without a value) as ``""``; anything else as it is."""
    return "" if value is None else value


# ==========================================================================
# Sections and rows (articles.yml, speakers.yml, the scopes of indicators.yml,
# periods.csv, corpus.csv): a mapping validated as a whole, CSV rows one by one
# ==========================================================================


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
    path: str | Path, model: type[S], *, not_mapping: str, optional: Literal[False] = False
) -> S: ...


@overload
def load_section(
    path: str | Path, model: type[S], *, not_mapping: str, optional: Literal[True]
) -> S | None: ...


def load_section(
    path: str | Path, model: type[S], *, not_mapping: str, optional: bool = False
) -> S | None:
    """Read a configuration mapping (the file, or its ``model.SECTION``) and validate it.

    Args:
        path: The YAML file.
        model: The mapping's model.
        not_mapping: The message when the file (or section) is not a mapping.
        optional: Whether a file without ``model.SECTION`` is valid (``None`` is returned).

    Returns:
        The validated mapping, or ``None`` (``optional`` and no section).

    Raises:
        InputError: The file is missing, not UTF-8, not YAML, or not valid;
            one line per problem, naming the file, the section, the entry
            (where the key is a list of mappings) and the key.
    """
    path = Path(path)
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


class Row(BaseModel):
    """One row of a CSV configuration file (a subclass per file); values are text.

    Columns the model does not declare are ignored (a CSV may carry notes).

    Class attributes:
        NOUN: What one row is called in messages.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    NOUN: ClassVar[str] = "row"
    NAME: ClassVar[str] = ""


R = TypeVar("R", bound=Row)


def validate_rows(path: str | Path, rows: list[dict[str, str]], model: type[R]) -> Loaded[R]:
    """Validate each row of a CSV file read as text (:func:`policytext.corpus.read_csv_rows`).

    Args:
        path: The file, for the messages.
        rows: Its rows, in file order, without the header.
        model: The rows' model.

    Returns:
        The valid rows and the problems of the others, each row numbered as a
        record, the header being row 1 (a quoted value over two lines is one
        row, as in a spreadsheet): ``data/periods.csv: row 3: ...``.
        Call :meth:`Loaded.raise_problems` after adding checks across rows.
    """
    loaded: Loaded[R] = Loaded(Path(path), model)
    for number, row in enumerate(rows, start=2):
        try:
            loaded.entries.append((number, model.model_validate(row)))
        except ValidationError as error:
            for detail in error.errors():
                loaded.add(number, row, message(detail))
    return loaded


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
