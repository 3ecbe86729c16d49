"""The rows of a CSV file (``periods.csv``, ``corpus.csv``), one model a row."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    ValidationError,
)

from policytext.schema.entries import Loaded
from policytext.schema.messages import message


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
