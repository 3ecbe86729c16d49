"""The data dictionary: the meaning and type of every column of every exported table.

``data/data_dictionary.yml`` is read through the models of
:mod:`policytext.schema` (:class:`~policytext.schema.DictionaryTable`,
:class:`~policytext.schema.DictionaryColumn`); every problem is reported at
once, each message naming the file, the table and the column::

    data/data_dictionary.yml: figures.csv: year: type must be one of (...)

:func:`dictionary_problems` says where the exported tables and the dictionary
disagree; the data page (:func:`policytext.chapter.data_page`) refuses to be
built while they do.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from policytext.config import DATA_DIR, load_yaml
from policytext.errors import InputError
from policytext.schema import DictionaryTable, message

DATA_DICTIONARY = DATA_DIR / "data_dictionary.yml"
"""The meaning and type of every column of every exported table."""


def load_data_dictionary(path: str | Path = DATA_DICTIONARY) -> dict[str, DictionaryTable]:
    """Read ``data_dictionary.yml``: each table's ``description`` and ``columns``.

    Returns:
        ``{table: DictionaryTable}`` in file order; each table's ``columns``
        maps a column's name to its ``type`` and ``meaning``, in file order.

    Raises:
        InputError: One message per table or column without a type or meaning,
            with an unknown type or an unknown key, each naming file, table and
            column.
    """
    data = load_yaml(path) or {}
    tables = data.get("tables") if isinstance(data, dict) else None
    if not isinstance(tables, dict) or not tables:
        raise InputError([f"{path}: expected a mapping under 'tables:'"])
    problems: list[str] = []
    out: dict[str, DictionaryTable] = {}
    for table, entry in tables.items():
        try:
            out[str(table)] = DictionaryTable.model_validate(entry or {})
        except ValidationError as error:
            for detail in error.errors():
                problems.append(_where(path, str(table), detail) + message(_inner(detail)))
    if problems:
        raise InputError(problems)
    return out


def _column_loc(detail: Any) -> bool:
    loc = detail["loc"]
    return len(loc) >= 2 and loc[0] == "columns"


def _where(path: str | Path, table: str, detail: Any) -> str:
    """``<file>: <table>: `` and, for a column's problem, ``<column>: ``."""
    where = f"{path}: {table}: "
    return where + f"{detail['loc'][1]}: " if _column_loc(detail) else where


def _inner(detail: Any) -> Any:
    """The error with its location inside the table or column (the field that is wrong)."""
    return {**detail, "loc": tuple(detail["loc"][2:])} if _column_loc(detail) else detail


def _type_of(series: Any) -> set[str]:
    import pandas as pd

    if pd.api.types.is_bool_dtype(series):
        return {"boolean"}
    if pd.api.types.is_integer_dtype(series):
        return {"integer", "number"}
    if pd.api.types.is_float_dtype(series):
        return {"number"} | (
            {"integer"} if series.dropna().eq(series.dropna().round()).all() else set()
        )
    values = series.dropna()
    if len(values) and values.map(lambda v: isinstance(v, bool)).all():
        return {"boolean"}
    return {"string", "date"}


def dictionary_problems(
    tables: Mapping[str, Any], dictionary: Mapping[str, DictionaryTable]
) -> list[str]:
    """Where the exported tables and the data dictionary disagree.

    Args:
        tables: The exported tables by file name (``Results.tables``).
        dictionary: :func:`load_data_dictionary`.

    Returns:
        One message per undocumented table or column, per documented table
        or column that is not exported, and per column whose values do not
        fit its documented type; empty when they agree.
    """
    problems = []
    for name in tables.keys() - dictionary.keys():
        problems.append(f"{name}: exported but not in data/data_dictionary.yml")
    for name in dictionary.keys() - tables.keys():
        problems.append(f"{name}: in data/data_dictionary.yml but not exported")
    for name in sorted(tables.keys() & dictionary.keys()):
        frame = tables[name]
        documented = dictionary[name].columns
        for column in frame.columns:
            if column not in documented:
                problems.append(f"{name}: column {column!r} is not documented")
            elif documented[column].type not in _type_of(frame[column]):
                problems.append(
                    f"{name}: column {column!r} is documented as {documented[column].type} "
                    f"but holds {frame[column].dtype} values"
                )
        for column in documented.keys() - set(frame.columns):
            problems.append(f"{name}: documented column {column!r} is not exported")
    return sorted(problems)
