"""Adding a document, a period and a term flows into every output table, with no code change."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
import yaml

from policytext import pipeline

ROOT = Path(__file__).resolve().parent.parent

NEW_DOC = """\
<p>首页新闻正文</p>
## 工业和信息化部召开未来产业发展座谈会
**本报讯** 4月10日,工业和信息化部召开座谈会,研究部署培育发展未来产业和“人工智能+制造”工作。
会议指出,2025年我国人工智能企业数量超过6500家,核心产业规模超过1.3万亿元。
会议强调,要加快发展新质生产力,力争到2027年培育100家示范工厂。下一步将制定具身智能产业发展行动计划。
扫码关注 微信号:cena1984
"""


@pytest.fixture(scope="module")
def extended(tmp_path_factory: pytest.TempPathFactory) -> pipeline.Results:
    data = tmp_path_factory.mktemp("corpus") / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "raw" / "new.txt").write_text(NEW_DOC, encoding="utf-8")
    with (data / "periods.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(
            ["2026-04", "April 2026", "2026年4月", "A test period"]
        )
    with (data / "corpus.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(
            [
                "2026-04-10-test-meeting",
                "raw/new.txt",
                "测试文件",
                "Test document",
                "Test",
                "2026-04-10",
                "",
                "2026-04",
                "",
                "added by the extension test",
            ]
        )
    terms = yaml.safe_load((data / "terms.yml").read_text(encoding="utf-8"))
    terms["terms"].append(
        {"term": "示范工厂", "pinyin": "shìfàn gōngchǎng", "gloss_en": "demonstration factories"}
    )
    (data / "terms.yml").write_text(yaml.safe_dump(terms, allow_unicode=True), encoding="utf-8")
    return pipeline.run(
        pipeline.Inputs(
            data / "corpus.csv",
            terms=data / "terms.yml",
            themes=data / "themes.yml",
            indicators=data / "indicators.yml",
            stopwords=data / "stopwords.txt",
            rules=data / "cleaning.yml",
        )
    )


DOCUMENT_TABLES = [
    "documents.csv",
    "cleaning_audit.csv",
    "articles.csv",
    "article_term_counts.csv",
    "term_counts.csv",
    "kwic.csv",
    "token_counts.csv",
    "figures.csv",
    "commitments.csv",
]
PERIOD_TABLES = [
    "term_counts_by_period.csv",
    "vocabulary.csv",
    "distinctive_terms.csv",
    "distinctive_stability.csv",
    "themes.csv",
]


def test_every_table_is_covered() -> None:
    results = pipeline.run()
    per_document = {"term_compounds.csv", "restatements.csv"}
    assert set(results.tables) == set(DOCUMENT_TABLES) | set(PERIOD_TABLES) | per_document


@pytest.mark.parametrize("table", [*DOCUMENT_TABLES, "term_compounds.csv"])
def test_new_document_appears_in_every_document_table(
    extended: pipeline.Results, table: str
) -> None:
    assert "2026-04-10-test-meeting" in set(extended.tables[table]["doc_id"])


@pytest.mark.parametrize("table", PERIOD_TABLES)
def test_new_period_appears_in_every_period_table(extended: pipeline.Results, table: str) -> None:
    frame = extended.tables[table]
    column = "comparison" if table == "distinctive_terms.csv" else "period"
    assert frame[column].astype(str).str.contains("2026-04").any()


def test_new_term_is_counted(extended: pipeline.Results) -> None:
    counts = extended.tables.term_counts
    row = counts[(counts["doc_id"] == "2026-04-10-test-meeting") & (counts["term"] == "示范工厂")]
    assert row["count"].tolist() == [1]


def test_new_document_is_cleaned_and_its_figures_restated(extended: pipeline.Results) -> None:
    clean = next(c for c in extended.cleaned if c.doc_id == "2026-04-10-test-meeting")
    assert "扫码" not in clean.text and "首页" not in clean.text and "<p>" not in clean.text
    restated = extended.tables.restatements
    assert "2026-04-10-test-meeting" in set(restated["doc_id"])
