"""The pipeline as map and reduce: parts of the corpus on worker processes.

Every per-document table must not depend on how the corpus was cut into parts
nor on how many processes ran them; problems found in a worker reach the user
as they do in one process.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from policytext import parts, per_document, pipeline
from policytext.config import DATA_DIR
from policytext.errors import InputError
from policytext.lexicon import load_terms
from policytext.tables import TABLE_FILES, Tables

ROOT = Path(__file__).resolve().parents[1]
CHROME_ONLY = "首页 | 登录 | 快速注册\n版权所有 © 中国电子报社\n"


@pytest.fixture(scope="module")
def one_process() -> pipeline.Results:
    return pipeline.run(workers=1)


@pytest.fixture(scope="module")
def parts_of_one() -> pipeline.Results:
    # Every document its own part, two workers, however small the corpus.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parts, "PARALLEL_MIN_CHARS", 0)
        patch.setattr(parts, "PART_MAX_DOCUMENTS", 1)
        return pipeline.run(workers=2)


def test_parts_give_the_tables_of_one_process(
    one_process: pipeline.Results, parts_of_one: pipeline.Results
) -> None:
    assert list(parts_of_one.tables) == list(one_process.tables)
    for name, table in one_process.tables.items():
        pd.testing.assert_frame_equal(parts_of_one.tables[name], table, obj=name)
    assert [c.text for c in parts_of_one.cleaned] == [c.text for c in one_process.cleaned]
    assert [c.audit for c in parts_of_one.cleaned] == [c.audit for c in one_process.cleaned]


def test_compounds_are_put_back_in_term_order_across_parts() -> None:
    # Compounds are listed by term, then document; parts are cut by document.
    terms = load_terms()
    first, second = terms[0].term, terms[1].term

    def part(doc_id: str) -> per_document.Part:
        tables = {name: pd.DataFrame() for name in per_document.PER_DOCUMENT_TABLES}
        tables["term_compounds.csv"] = pd.DataFrame(
            {"doc_id": doc_id, "term": [first, second], "compound": ["x", "y"], "count": 1}
        )
        return per_document.Part([], tables, [])

    _, tables = parts.concat_parts([part("a"), part("b")], terms=terms)
    joined = tables["term_compounds.csv"]
    assert list(zip(joined["term"], joined["doc_id"], strict=True)) == [
        (first, "a"),
        (first, "b"),
        (second, "a"),
        (second, "b"),
    ]


def test_parts_are_small_and_cover_every_document() -> None:
    documents = list(range(1, 1001))
    assert parts.part_sizes(len(documents), workers=2) == [50] * 20
    assert sum(parts.part_sizes(7, workers=2)) == 7
    assert parts.part_sizes(7, workers=2) == [1] * 7  # at least eight parts per worker
    assert parts.part_sizes(0, workers=2) == []


def test_a_problem_found_in_a_worker_is_reported_with_every_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "data"
    shutil.copytree(DATA_DIR / "raw", corpus / "raw")
    shutil.copy(DATA_DIR / "periods.csv", corpus / "periods.csv")
    manifest = pd.read_csv(DATA_DIR / "corpus.csv", dtype=str, keep_default_na=False)
    extra = []
    for number in (1, 2):
        (corpus / "raw" / f"chrome-{number}.txt").write_text(CHROME_ONLY, encoding="utf-8")
        extra.append({**manifest.iloc[0], "doc_id": f"chrome-{number}"})
        extra[-1]["file"] = f"raw/chrome-{number}.txt"
    manifest = pd.concat([manifest, pd.DataFrame(extra)], ignore_index=True)
    manifest.to_csv(corpus / "corpus.csv", index=False)
    monkeypatch.setattr(parts, "PARALLEL_MIN_CHARS", 0)
    monkeypatch.setattr(parts, "PART_MAX_DOCUMENTS", 1)
    with pytest.raises(InputError) as info:
        pipeline.run(corpus / "corpus.csv", workers=2)
    rows = len(manifest) + 1
    assert [p.split(": ")[1] for p in info.value.problems] == [f"row {rows - 1}", f"row {rows}"]
    assert all("no article text left after cleaning" in p for p in info.value.problems)


def test_readme_states_the_pipelines_constants() -> None:
    readme = re.sub(r"\s+", " ", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert f"at most {parts.PART_MAX_DOCUMENTS} documents" in readme
    assert f"under {parts.PARALLEL_MIN_CHARS:,} characters" in readme
    assert f"above {pipeline.LOO_MAX_DOCUMENTS} documents" in readme


# --------------------------------------------------------------------------
# pipeline.results: run once per set of inputs, read back from the project cache
# --------------------------------------------------------------------------

CONFIG = {
    "rules": "cleaning.yml",
    "terms": "terms.yml",
    "stopwords": "stopwords.txt",
    "themes": "themes.yml",
    "indicators": "indicators.yml",
    "article_rules": "articles.yml",
    "speakers": "speakers.yml",
}


@pytest.fixture
def counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    """A copy of data/ and an empty project cache; ``calls`` counts what is computed."""
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    monkeypatch.setenv("POLICYTEXT_CACHE", str(tmp_path / "cache"))
    calls = []
    real = pipeline.run

    def run(*args, **kwargs) -> pipeline.Results:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "run", run)

    def results() -> pipeline.Results:
        configs = {name: copy / file for name, file in CONFIG.items()}
        return pipeline.results(copy / "corpus.csv", **configs, workers=1)

    return {"data": copy, "cache": tmp_path / "cache", "calls": calls, "results": results}


def assert_same_results(one: pipeline.Results, other: pipeline.Results) -> None:
    assert list(one.tables) == list(other.tables)
    for name, table in one.tables.items():
        pd.testing.assert_frame_equal(other.tables[name], table, obj=name)
    assert [c.text for c in one.cleaned] == [c.text for c in other.cleaned]
    pd.testing.assert_frame_equal(one.periods, other.periods)


def test_results_are_computed_once_then_read_back(counted: dict) -> None:
    first = counted["results"]()
    second = counted["results"]()
    assert len(counted["calls"]) == 1
    assert second is not first
    assert_same_results(first, second)
    assert len(list((counted["cache"] / "results").glob("*.pickle"))) == 1


def _first_raw(data: Path) -> Path:
    manifest = pd.read_csv(data / "corpus.csv", dtype=str, keep_default_na=False)
    return data / manifest["file"].iloc[0]


def _append(path: Path, text: str) -> None:
    path.write_bytes(path.read_bytes() + text.encode("utf-8"))


def _change_manifest_title(data: Path) -> None:
    manifest = pd.read_csv(data / "corpus.csv", dtype=str, keep_default_na=False)
    manifest.loc[0, "title"] = manifest.loc[0, "title"] + "（修订）"
    manifest.to_csv(data / "corpus.csv", index=False)


def _change_period_label(data: Path) -> None:
    periods = pd.read_csv(data / "periods.csv", dtype=str, keep_default_na=False)
    periods.loc[0, "label"] = periods.loc[0, "label"] + " (edited)"
    periods.to_csv(data / "periods.csv", index=False)


CHANGES = {
    "a raw file byte": lambda data: _append(_first_raw(data), "\n"),
    "a term": lambda data: _append(data / "terms.yml", "  - term: 低空经济\n"),
    "a stopword": lambda data: _append(data / "stopwords.txt", "发展\n"),
    "a byte of cleaning.yml": lambda data: _append(data / "cleaning.yml", "\n"),
    "a byte of themes.yml": lambda data: _append(data / "themes.yml", "\n"),
    "a byte of speakers.yml": lambda data: _append(data / "speakers.yml", "\n"),
    "a period label": _change_period_label,
    "a manifest title": _change_manifest_title,
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_changing_any_one_input_computes_again(counted: dict, change: str) -> None:
    before = counted["results"]()
    CHANGES[change](counted["data"])
    after = counted["results"]()
    assert len(counted["calls"]) == 2
    counted["results"]()
    assert len(counted["calls"]) == 2  # and the new result is the one read back
    if change == "a term":
        assert len(after.terms) == len(before.terms) + 1
    if change == "a manifest title":
        assert after.documents[0].title != before.documents[0].title


def test_a_damaged_or_foreign_entry_is_computed_again(counted: dict) -> None:
    first = counted["results"]()
    (entry,) = (counted["cache"] / "results").glob("*.pickle")
    data = bytearray(entry.read_bytes())
    data[-10] ^= 0xFF  # one byte of the body: the checksum no longer matches
    entry.write_bytes(bytes(data))
    second = counted["results"]()
    assert len(counted["calls"]) == 2
    assert_same_results(first, second)
    # An entry made for other inputs, under this digest's name, is not trusted either.
    _append(_first_raw(counted["data"]), "\n")
    counted["results"]()
    assert len(counted["calls"]) == 3
    old, new = sorted(
        (counted["cache"] / "results").glob("*.pickle"), key=lambda p: p.stat().st_mtime
    )
    new.write_bytes(old.read_bytes())
    counted["results"]()
    assert len(counted["calls"]) == 4


def test_results_of_the_same_inputs_however_given_are_one_entry(counted: dict) -> None:
    data = counted["data"]
    configs = {name: data / file for name, file in CONFIG.items()}
    first = counted["results"]()
    given = pipeline.Inputs(data / "corpus.csv", **configs)
    second = pipeline.results(given, workers=1)
    third = pipeline.results(pipeline.Inputs.of(data / "corpus.csv", **configs), workers=1)
    assert len(counted["calls"]) == 1
    assert_same_results(first, second)
    assert_same_results(first, third)
    pipeline.results(given, top_n=given.top_n + 1, workers=1)
    assert len(counted["calls"]) == 2


# --------------------------------------------------------------------------
# Inputs and Tables
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "options", "expected"),
    [
        (None, {}, pipeline.Inputs()),
        (Path("x/corpus.csv"), {}, pipeline.Inputs(manifest=Path("x/corpus.csv"))),
        ("x/corpus.csv", {"top_n": 5}, pipeline.Inputs(manifest="x/corpus.csv", top_n=5)),
        (
            pipeline.Inputs(manifest="x/corpus.csv", rules="r.yml"),
            {"terms": "t.yml"},
            pipeline.Inputs(manifest="x/corpus.csv", rules="r.yml", terms="t.yml"),
        ),
    ],
)
def test_inputs_of(given: object, options: dict, expected: pipeline.Inputs) -> None:
    assert pipeline.Inputs.of(given, **options) == expected


def test_inputs_name_every_configuration_file_and_periods_beside_the_manifest() -> None:
    inputs = pipeline.Inputs(manifest=Path("x/corpus.csv"), speakers="s.yml")
    assert inputs.periods == Path("x/periods.csv")
    assert inputs.files["speakers"] == "s.yml"
    options = {"manifest", "top_n"}
    fields = set(pipeline.Inputs.__dataclass_fields__)
    assert set(inputs.files) == fields - options
    with pytest.raises(TypeError):
        pipeline.Inputs.of(None, cleaning="x.yml")


def test_run_reports_a_bad_configuration_file_given_as_inputs(tmp_path: Path) -> None:
    bad = tmp_path / "themes.yml"
    bad.write_text("themes: []\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        pipeline.run(pipeline.Inputs(themes=bad), workers=1)
    assert str(bad) in str(info.value)


def test_every_table_has_its_property(one_process: pipeline.Results) -> None:
    tables = one_process.tables
    assert isinstance(tables, Tables) and list(tables) == list(TABLE_FILES)
    properties = {name for name, value in vars(Tables).items() if isinstance(value, property)}
    assert properties == {name.removesuffix(".csv") for name in TABLE_FILES}
    for name in TABLE_FILES:
        assert getattr(tables, name.removesuffix(".csv")) is tables[name]


def test_a_missing_table_is_named() -> None:
    tables = Tables({"documents.csv": pd.DataFrame()})
    assert Tables.of(tables) is tables
    with pytest.raises(KeyError, match=r"kwic\.csv"):
        _ = Tables.of({"documents.csv": pd.DataFrame()}).kwic
