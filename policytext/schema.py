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

``data/data_dictionary.yml`` is a mapping of tables rather than a list: its
models (:class:`DictionaryTable`, :class:`DictionaryColumn`) are read by
:func:`policytext.data_dictionary.load_data_dictionary`, with messages that
name the file, the table and the column in the same way.

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
from typing import Annotated, Any, ClassVar, Generic, Literal, TypeVar, overload

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
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

    def unique(self, noun: str) -> list[tuple[int, E]]:
        """The valid entries whose ``id`` is the first of its kind; a repeat is a problem.

        Args:
            noun: What an entry is called in the message (``also theme 2``).
        """
        kept: list[tuple[int, E]] = []
        first: dict[str, int] = {}
        for position, entry in self.entries:
            key = entry.id  # type: ignore[attr-defined]
            if key in first:
                self.add(position, {"id": key}, f"duplicate id {key!r} (also {noun} {first[key]})")
                continue
            first[key] = position
            kept.append((position, entry))
        return kept

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


# --------------------------------------------------------------------------
# data/glue_keys.yml: the registry of the chapters' glue keys
# --------------------------------------------------------------------------


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


# --------------------------------------------------------------------------
# data/translations.yml (read by policytext.findings.quotes)
# --------------------------------------------------------------------------


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


# --------------------------------------------------------------------------- cleaning.yml


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
