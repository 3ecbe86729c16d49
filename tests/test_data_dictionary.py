"""The data dictionary (data/data_dictionary.yml): :mod:`policytext.data_dictionary`."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from policytext import data_dictionary, pipeline
from policytext.errors import InputError
from policytext.schema import DictionaryColumn, DictionaryTable


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return pipeline.results().tables


def test_every_exported_column_is_documented_and_vice_versa(tables: dict) -> None:
    dictionary = data_dictionary.load_data_dictionary()
    assert data_dictionary.dictionary_problems(tables, dictionary) == []


def test_dictionary_lists_columns_in_the_order_of_the_csv(tables: dict) -> None:
    dictionary = data_dictionary.load_data_dictionary()
    for name, entry in dictionary.items():
        assert list(entry.columns) == list(tables[name].columns), name


def test_dictionary_problems_name_each_difference() -> None:
    frame = pd.DataFrame({"a": [1], "b": ["x"], "c": [1.5]})
    column = DictionaryColumn
    dictionary = {
        "t.csv": DictionaryTable(
            description="d",
            columns={
                "a": column(type="integer", meaning="m"),
                "c": column(type="integer", meaning="m"),
                "gone": column(type="string", meaning="m"),
            },
        ),
        "old.csv": DictionaryTable(description="d"),
    }
    problems = data_dictionary.dictionary_problems({"t.csv": frame, "new.csv": frame}, dictionary)
    assert problems == sorted(
        [
            "new.csv: exported but not in data/data_dictionary.yml",
            "old.csv: in data/data_dictionary.yml but not exported",
            "t.csv: column 'b' is not documented",
            "t.csv: column 'c' is documented as integer but holds float64 values",
            "t.csv: documented column 'gone' is not exported",
        ]
    )


def test_dictionary_needs_a_type_and_a_meaning(tmp_path: Path) -> None:
    path = tmp_path / "d.yml"
    path.write_text(
        "tables:\n  t.csv:\n    description: d\n    columns:\n"
        "      a: {type: text, meaning: m}\n      b: {type: string}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        data_dictionary.load_data_dictionary(path)
    assert f"{path}: t.csv: a: type must be one of" in str(info.value)
    assert f"{path}: t.csv: b: needs a 'meaning'" in str(info.value)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("    columns:\n      a: {type: string, meaning: m}\n", "t.csv: needs a 'description'"),
        ("    description: d\n    columns:\n      a:\n", "t.csv: a: type must be one of"),
        ("    description: d\n    columns:\n      a:\n", "t.csv: a: needs a 'meaning'"),
        (
            "    description: d\n    columns:\n      a: {type: string, meaning: m, unit: x}\n",
            "t.csv: a: unknown key 'unit'",
        ),
        ("    description: d\n    rows: 3\n", "t.csv: unknown key 'rows'"),
        ("    description: d\n    columns: [a, b]\n", "t.csv: 'columns':"),
    ],
)
def test_dictionary_problems_name_file_table_and_column(
    tmp_path: Path, table: str, message: str
) -> None:
    path = tmp_path / "d.yml"
    path.write_text("tables:\n  t.csv:\n" + table, encoding="utf-8")
    with pytest.raises(InputError) as info:
        data_dictionary.load_data_dictionary(path)
    assert f"{path}: {message}" in str(info.value)


def test_every_problem_of_the_dictionary_is_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "d.yml"
    path.write_text(
        "tables:\n  a.csv:\n    columns: {x: {type: text, meaning: m}}\n"
        "  b.csv:\n    description: d\n    columns: {y: {type: string}}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        data_dictionary.load_data_dictionary(path)
    assert len(info.value.problems) == 3, info.value.problems


def test_a_dictionary_without_tables_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "d.yml"
    path.write_text("columns: {}\n", encoding="utf-8")
    with pytest.raises(InputError, match="expected a mapping under 'tables:'"):
        data_dictionary.load_data_dictionary(path)
