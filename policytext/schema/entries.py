"""Files holding a list of entries (terms, themes, indicators): each entry validated on its own."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    ValidationError,
)

from policytext.config import load_yaml
from policytext.errors import InputError
from policytext.schema.messages import message


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


def load_config(
    path: str | Path, model: type[E], *, empty: str | None = None, data: Any = None
) -> Loaded[E]:
    """Read a configuration file and validate every entry with ``model``.

    Args:
        path: The YAML file.
        model: The entries' model (its ``SECTION``, ``NOUN`` and ``NAME`` shape
            the messages).
        empty: The message when the file holds no list of entries under
            ``model.SECTION`` (default: ``expected a non-empty '<section>:' list``).
        data: The file's content, already read (a file with several sections
            is read once); ``None`` reads ``path``.

    Returns:
        The valid entries and the problems of the others; call
        :meth:`Loaded.raise_problems` after adding checks across entries.

    Raises:
        InputError: The file is missing, not UTF-8, not YAML, or has no entries.
    """
    path = Path(path)
    if data is None:
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
