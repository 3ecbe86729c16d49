"""Tests for the policytext.figures package, one file with a section per job.

Shape, values, kinds and years: ``extract`` (and ``sentences``); indicators:
``indicators``; restatements: ``restate``; commitments: ``commit``; reference
period and scope: ``reference`` and ``scope``. The loaders' messages are also
tested in test_schema.py.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from policytext import corpus
from policytext.config import DATA_DIR
from policytext.errors import InputError
from policytext.figures import (
    COMMITMENT_COLUMNS,
    COMPARISONS,
    FIGURE_COLUMNS,
    KIND_CLASSES,
    KINDS,
    RESTATEMENT_COLUMNS,
    Indicator,
    commit,
    commitments,
    compare_statements,
    extract,
    extract_figures,
    interval,
    load_indicators,
    load_scope_rules,
    restatements,
)
from policytext.text import normalize_text, split_sentences
from policytext.themes import Theme, load_themes

INDICATORS = load_indicators()

# Paragraphs of the five documents, as the cleaning stage leaves them.
SCIO = "\n\n".join(
    [
        "会上介绍,2025年规模以上工业增加值同比增长5.9%,制造业增加值占GDP比重保持稳定,"
        "制造业规模有望连续16年保持全球第一。",
        "6G方面,第一阶段技术试验形成超300项关键技术储备,近期已经启动第二阶段6G技术试验。",
        "中小企业方面,将制定“十五五”促进中小企业发展规划,深入推进加快加力清理拖欠企业账款行动,"
        "加快修订中小企业划型标准。",
        "据有关机构测算,2025年我国人工智能企业数量超过6000家,核心产业规模预计突破1.2万亿元。",
        "张云明在会上介绍,目前,人工智能应用已覆盖钢铁、有色、电力、通信等重点行业。"
        "已有100家高水平的5G工厂达到全球领先水平。",
        "会上介绍,2025年中小企业发展持续保持平稳向好态势。2025年,规上工业中小企业增加值同比增长6.9%。"
        "累计培育专精特新“小巨人”企业1.76万家、专精特新中小企业超14万家、科技和创新型中小企业超60万家。",
        "数据显示,2025年国内人形机器人整机企业数量超140家,发布人形机器人产品超330款。",
        "强化国家人工智能产业投资基金对人形机器人的支持力度。"
        "据悉,我国启动运行国家人工智能产业投资基金,资金规模达600亿元。",
    ]
)
FEBRUARY = "\n\n".join(
    [
        "本报讯2月4日,工业和信息化部在京召开离退休干部情况通报会。",
        "吴基传、李毅中、张峰、韩夏等12位老部领导,部机关和在京部属单位离退休干部代表近300人参加会议。",
        "《报告》显示,截至2025年12月,我国网民规模达11.25亿人,互联网普及率突破80%,"
        "数字发展成果惠及更广泛群体。",
        "《报告》显示,截至2025年12月,生成式人工智能用户规模达6.02亿人,较2024年年底增长141.7%;"
        "普及率达42.8%,同比大幅提高25.2个百分点。",
        "全国一体化政务服务平台用户达9.4亿,“高效办成一件事”成为常态。",
        "北京在2026年年初发布了《人工智能创新高地建设规划》,设立了打造“全球人工智能第一城”的目标,"
        "力争用两年时间实现人工智能核心产业规模破万亿元。",
        "北京已累计备案大模型达209款,占全国近三成。",
        "工信部数据显示,2025年我国人工智能产业活力迸发、成绩显著,人工智能企业数量超6000家,"
        "核心产业规模预计突破1.2万亿元。",
    ]
)
CORRIDOR = "\n\n".join(
    [
        "李乐成表示,2026年将大力推动人工智能和制造业“双向奔赴”,着力在三个方面做好工作。",
        "工信部将重点从哪些方面发力?",
        "2025年,工业增加值41.7万亿元,对经济增长的贡献率35%。",
        "其中,新能源汽车的产销量再创新高,连续11年位居全球第一。"
        "培育出了504家卓越级智能工厂,1260家高水平5G工厂,建成了超过8000家国家绿色工厂。",
        "2025年,我国人工智能核心产业规模超过1.2万亿元,企业超过6200家,有三个亮点分享。",
        "第二点,AI工具赋能生产。我国规上制造业企业人工智能技术应用普及率超30%,这是到去年底的数据。",
        "我国企业推出人形机器人300多款,超过全球半数。",
    ]
)
JUNE = "\n\n".join(
    [
        "截至目前,我国已有300多个城市实现5G-A覆盖,30多个省份发布5G-A套餐,5G-A用户数超过1000万。"
        "华为预测,今年全球将有超过50张5G-A网络规模商用,我国5G-A用户将超6000万人……",
        "华为常务董事汪涛预测:“到2030年,近30亿台AI机器人将进入工厂和家庭。”",
        "会上,来自量子科技、人工智能等未来产业领域的10家初创期中小企业负责人介绍了技术研发。",
    ]
)
MARCH = "\n\n".join(
    [
        "会议指出,今年以来,前两个月工业经济实现良好开局,规模以上工业增加值同比增长6.3%。",
        "会上,河北、辽宁、陕西等13个省份工业和信息主管负责同志作交流发言。",
        "研究报告显示,美国开发者采用的开源大模型中80%来自中国。",
        "《节能装备高质量发展实施方案(2026—2028年)》印发",
        "“十四五”以来,我国重点推广万余项高效节能装备,有力推动节能装备产业发展。",
    ]
)


@pytest.fixture(scope="module")
def docs() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("2025-06-june", "2025-06", "2025-06", JUNE),
            ("2026-01-21-scio", "2026-01", "2026-01-21", SCIO),
            ("2026-02-feb", "2026-01", "2026-02", FEBRUARY),
            ("2026-03-05-corridor", "2026-03", "2026-03-05", CORRIDOR),
            ("2026-03-24-march", "2026-03", "2026-03-24", MARCH),
        ],
        columns=["doc_id", "period", "date", "text"],
    )


@pytest.fixture(scope="module")
def figures(docs: pd.DataFrame) -> pd.DataFrame:
    return extract_figures(docs, indicators=INDICATORS)


def _row(figures: pd.DataFrame, doc_id: str, figure: str, nth: int = 0) -> pd.Series:
    rows = figures[(figures["doc_id"] == doc_id) & (figures["figure"] == figure)]
    assert len(rows) > nth, f"{figure} not found in {doc_id}"
    return rows.iloc[nth]


# --------------------------------------------------------------------------
# Shape and quoting
# --------------------------------------------------------------------------


def test_columns_and_types(figures: pd.DataFrame) -> None:
    assert tuple(figures.columns) == FIGURE_COLUMNS
    assert str(figures["year"].dtype) == "Int64"
    assert figures["policy_indicator"].dtype == bool
    assert set(figures["kind"]) <= set(KINDS)
    assert set(figures["bound"]) <= {"=", ">", "≈", "<"}


def test_quotes_are_verbatim(docs: pd.DataFrame, figures: pd.DataFrame) -> None:
    texts = dict(zip(docs["doc_id"], docs["text"], strict=True))
    for row in figures.itertuples():
        assert row.sentence in texts[row.doc_id]
        assert row.figure in row.sentence


def test_order_is_documents_then_position(docs: pd.DataFrame, figures: pd.DataFrame) -> None:
    order = {doc_id: i for i, doc_id in enumerate(docs["doc_id"])}
    texts = dict(zip(docs["doc_id"], docs["text"], strict=True))
    keys = [
        (order[r.doc_id], texts[r.doc_id].index(r.sentence) + r.sentence.index(r.figure))
        for r in figures.drop_duplicates(["doc_id", "sentence", "figure"]).itertuples()
    ]
    assert keys == sorted(keys)
    assert list(dict.fromkeys(figures["doc_id"])) == list(docs["doc_id"])


def test_every_statement_once(figures: pd.DataFrame) -> None:
    expected = {
        "2025-06-june": "300多个 30多个 超过1000万 超过50张 超6000万人 近30亿台 10家",
        "2026-01-21-scio": "5.9% 16年 超300项 超过6000家 突破1.2万亿元 100家 6.9% "
        "1.76万家 超14万家 超60万家 超140家 超330款 600亿元",
        "2026-02-feb": "12位 近300人 11.25亿人 突破80% 6.02亿人 141.7% 42.8% "
        "25.2个百分点 9.4亿 破万亿元 209款 近三成 超6000家 突破1.2万亿元",
        "2026-03-05-corridor": "41.7万亿元 35% 11年 504家 1260家 超过8000家 超过1.2万亿元 "
        "超过6200家 超30% 300多款 超过全球半数",
        "2026-03-24-march": "6.3% 13个 80% 万余项",
    }
    for doc_id, quotes in expected.items():
        assert list(figures.loc[figures["doc_id"] == doc_id, "figure"]) == quotes.split()


def test_repeated_sentence_counts_once() -> None:
    sentence = "数据显示,2025年国内人形机器人整机企业数量超140家。"
    docs = pd.DataFrame(
        [
            ("a", "2026-01", "2026-01-21", f"{sentence}\n\n其他内容。\n\n{sentence}"),
            ("b", "2026-03", "2026-03", sentence),
        ],
        columns=["doc_id", "period", "date", "text"],
    )
    figures = extract_figures(docs, indicators=INDICATORS)
    assert list(figures["doc_id"]) == ["a", "b"]


def test_a_norm_column_changes_nothing(docs: pd.DataFrame) -> None:
    texts = docs.assign(text=docs["text"] + "\n\n增长１２％……企业超过５００家。要加快发展。")
    with_norm = texts.assign(norm=texts["text"].map(normalize_text))
    expected = extract_figures(texts, indicators=INDICATORS)
    assert extract_figures(with_norm, indicators=INDICATORS).equals(expected)
    assert "超过５００家" in set(expected["figure"])
    assert commitments(with_norm, themes=THEMES).equals(commitments(texts, themes=THEMES))


def test_empty_and_missing_text() -> None:
    docs = pd.DataFrame(
        [("a", "2026-01", "2026-01", ""), ("b", "2026-01", None, None)],
        columns=["doc_id", "period", "date", "text"],
    )
    figures = extract_figures(docs, indicators=INDICATORS)
    assert figures.empty
    assert tuple(figures.columns) == FIGURE_COLUMNS


def test_missing_column_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"missing column.*date"):
        extract_figures(pd.DataFrame(columns=["doc_id", "period", "text"]))


def test_default_indicators_are_the_shipped_file(docs: pd.DataFrame) -> None:
    assert extract_figures(docs).equals(extract_figures(docs, indicators=INDICATORS))
    assert extract_figures(docs, indicators=[])["indicator"].isna().all()


# --------------------------------------------------------------------------
# Values, kinds and years
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("doc_id", "figure", "value", "unit", "bound", "kind", "year"),
    [
        # 2026 documents on 2025 results.
        ("2026-01-21-scio", "5.9%", 5.9, "%", "=", "reported", 2025),
        ("2026-01-21-scio", "16年", 16, "年", "=", "estimate", 2025),  # 有望, for 2025
        ("2026-01-21-scio", "超过6000家", 6000, "家", ">", "estimate", 2025),  # 据…测算
        ("2026-01-21-scio", "突破1.2万亿元", 1.2e12, "元", ">", "estimate", 2025),  # 预计, past
        # The year comes from the previous sentence of the paragraph.
        ("2026-01-21-scio", "1.76万家", 17600, "家", "=", "reported", 2025),
        ("2026-01-21-scio", "超14万家", 140000, "家", ">", "reported", 2025),
        ("2026-02-feb", "超6000家", 6000, "家", ">", "reported", 2025),
        ("2026-02-feb", "突破1.2万亿元", 1.2e12, "元", ">", "estimate", 2025),
        ("2026-02-feb", "141.7%", 141.7, "%", "=", "reported", 2025),  # not 较2024年
        ("2026-02-feb", "42.8%", 42.8, "%", "=", "reported", 2025),
        ("2026-02-feb", "9.4亿", 9.4e8, "人", "=", "reported", 2026),  # unit from the indicator
        ("2026-02-feb", "破万亿元", 1e12, "元", ">", "target", 2027),  # 力争用两年时间
        ("2026-02-feb", "近三成", 30, "%", "≈", "reported", 2026),
        ("2026-03-05-corridor", "41.7万亿元", 4.17e13, "元", "=", "reported", 2025),
        ("2026-03-05-corridor", "超过6200家", 6200, "家", ">", "reported", 2025),
        ("2026-03-05-corridor", "超30%", 30, "%", ">", "reported", 2025),  # 到去年底
        ("2026-03-24-march", "6.3%", 6.3, "%", "=", "reported", 2026),  # 今年以来
        # A 2025 document on the rest of 2025 and on 2030.
        ("2025-06-june", "超过1000万", 1e7, "人", ">", "reported", 2025),
        ("2025-06-june", "超过50张", 50, "张", ">", "forecast", 2025),
        ("2025-06-june", "超6000万人", 6e7, "人", ">", "forecast", 2025),
        ("2025-06-june", "近30亿台", 3e9, "台", "≈", "forecast", 2030),
    ],
)
def test_value_kind_and_year(figures, doc_id, figure, value, unit, bound, kind, year) -> None:
    row = _row(figures, doc_id, figure)
    assert math.isclose(row["value"], value, rel_tol=1e-12)
    assert (row["unit"], row["bound"], row["kind"], row["year"]) == (unit, bound, kind, year)


@pytest.mark.parametrize(
    ("sentence", "date", "kind", "year"),
    [
        ("到2027年,力争人工智能核心产业规模超过2万亿元。", "2026-03", "target", 2027),
        ("目标是培育专精特新中小企业超过20万家。", "2026-03", "target", None),
        ("预计2026年规模以上工业增加值增长5%左右。", "2026-01-21", "forecast", 2026),
        ("预计2025年规模以上工业增加值增长5%左右。", "2026-01-21", "estimate", 2025),
        ("2027年人形机器人整机企业数量达到300家。", "2026-03", "target", 2027),
        ("去年我国网民规模达11亿人。", "2026-02-01", "reported", 2025),
        ("我国网民规模达11亿人。", None, "reported", None),
        ("2025年顺利完成全年目标任务,工业增加值增长5.9%,超预期。", "2026-01", "reported", 2025),
        ("预计将有力推动产业发展,2025年工业增加值增长5.9%。", "2026-01", "estimate", 2025),
    ],
)
def test_kind_from_cues_and_date(sentence: str, date: str, kind: str, year: int | None) -> None:
    docs = pd.DataFrame([("d", "p", date, sentence)], columns=["doc_id", "period", "date", "text"])
    row = extract_figures(docs, indicators=INDICATORS).iloc[0]
    assert row["kind"] == kind
    assert (row["year"] if not pd.isna(row["year"]) else None) == year


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2024年工作会议召开。企业超过5000家。", 2024),
        ("2024年工作会议召开。\n\n企业超过5000家。", 2026),  # another paragraph
        ("2024年工作会议召开。\n\n其他内容。企业超过5000家。", 2026),
    ],
)
def test_year_from_the_sentence_before_in_its_paragraph(text: str, year: int) -> None:
    docs = pd.DataFrame([("d", "p", "2026-01", text)], columns=["doc_id", "period", "date", "text"])
    assert list(extract_figures(docs, indicators=INDICATORS)["year"]) == [year]


def test_range_has_low_and_high() -> None:
    docs = pd.DataFrame(
        [("d", "p", "2026-01", "内存容量在16~32GB,能够运行量化后约为7B~13B参数的模型;")],
        columns=["doc_id", "period", "date", "text"],
    )
    figures = extract_figures(docs, indicators=INDICATORS)
    assert list(figures["value"]) == [16, 7e9]
    assert list(figures["value_high"]) == [32, 1.3e10]
    assert list(figures["bound"]) == ["=", "≈"]


# --------------------------------------------------------------------------
# Indicators
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("doc_id", "figure", "indicator"),
    [
        ("2026-01-21-scio", "5.9%", "industrial-value-added-growth"),
        ("2026-01-21-scio", "16年", "manufacturing-world-first-years"),
        ("2026-01-21-scio", "超300项", "6g-key-technologies"),
        ("2026-01-21-scio", "超过6000家", "ai-enterprises"),
        ("2026-01-21-scio", "突破1.2万亿元", "ai-core-industry"),
        ("2026-01-21-scio", "100家", "world-leading-5g-factories"),
        ("2026-01-21-scio", "6.9%", "sme-value-added-growth"),
        ("2026-01-21-scio", "1.76万家", "little-giants"),
        ("2026-01-21-scio", "超14万家", "specialised-smes"),
        ("2026-01-21-scio", "超60万家", "tech-smes"),
        ("2026-01-21-scio", "超140家", "humanoid-robot-makers"),
        ("2026-01-21-scio", "超330款", "humanoid-robot-products"),
        ("2026-01-21-scio", "600亿元", "ai-industry-fund"),
        ("2026-02-feb", "11.25亿人", "internet-users"),
        ("2026-02-feb", "突破80%", "internet-penetration"),
        ("2026-02-feb", "6.02亿人", "genai-users"),
        ("2026-02-feb", "141.7%", "genai-user-growth"),
        ("2026-02-feb", "42.8%", "genai-penetration"),  # subject in the sentence before
        ("2026-02-feb", "25.2个百分点", "genai-penetration-change"),
        ("2026-02-feb", "9.4亿", "e-government-users"),
        ("2026-02-feb", "破万亿元", "beijing-ai-core-industry"),
        ("2026-02-feb", "209款", "beijing-registered-models"),
        ("2026-02-feb", "超6000家", "ai-enterprises"),
        ("2026-03-05-corridor", "41.7万亿元", "industrial-value-added"),
        ("2026-03-05-corridor", "35%", "industry-growth-contribution"),
        ("2026-03-05-corridor", "11年", "nev-world-first-years"),
        ("2026-03-05-corridor", "504家", "excellent-smart-factories"),
        ("2026-03-05-corridor", "1260家", "5g-factories"),
        ("2026-03-05-corridor", "超过8000家", "green-factories"),
        ("2026-03-05-corridor", "超过6200家", "ai-enterprises"),  # 企业…, subject earlier
        ("2026-03-05-corridor", "超30%", "ai-adoption-manufacturing"),
        ("2026-03-05-corridor", "300多款", "humanoid-robot-products"),
        ("2026-03-05-corridor", "超过全球半数", "humanoid-robot-world-share"),
        ("2025-06-june", "300多个", "5g-a-cities"),
        ("2025-06-june", "30多个", "5g-a-provinces-plans"),
        ("2025-06-june", "超过1000万", "5g-a-users"),
        ("2025-06-june", "超6000万人", "5g-a-users"),
        ("2025-06-june", "超过50张", "5g-a-commercial-networks"),
        ("2026-03-24-march", "6.3%", "industrial-value-added-growth"),
        ("2026-03-24-march", "万余项", "energy-saving-equipment"),
    ],
)
def test_indicator(figures: pd.DataFrame, doc_id: str, figure: str, indicator: str) -> None:
    row = _row(figures, doc_id, figure)
    assert row["indicator"] == indicator
    assert row["policy_indicator"]


@pytest.mark.parametrize(
    ("doc_id", "figure"),
    [
        ("2026-02-feb", "12位"),
        ("2026-02-feb", "近300人"),
        ("2025-06-june", "10家"),  # 10家初创期中小企业负责人: not SMEs counted
        ("2026-03-24-march", "13个"),
    ],
)
def test_attendance_counts_are_kept_but_no_indicator(figures, doc_id, figure) -> None:
    row = _row(figures, doc_id, figure)
    assert row["indicator"] is None
    assert not row["policy_indicator"]


def test_shipped_indicators_are_valid_and_unique() -> None:
    ids = [i.id for i in INDICATORS]
    assert len(ids) == len(set(ids))
    assert all(isinstance(i, Indicator) and i.patterns and i.unit and i.label for i in INDICATORS)


def test_load_indicators_reports_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "indicators.yml"
    path.write_text(
        "indicators:\n"
        "  - {id: ok, label: OK, unit: 家, patterns: ['企业']}\n"
        "  - {id: ok, label: Again, unit: 家, patterns: ['企业']}\n"
        "  - {id: Bad Id, label: '', unit: 家, patterns: []}\n"
        "  - {id: regex, label: R, unit: '%', patterns: ['(unclosed'], context: [1]}\n"
        "  - {id: typo, label: T, unit: 个, pattern: ['x']}\n"
        "  - just a string\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_indicators(path)
    problems = caught.value.problems
    assert all(str(path) in p for p in problems)
    text = "\n".join(problems)
    assert "indicator 2 (ok): duplicate id 'ok' (also indicator 1)" in text
    assert "indicator 3 (Bad Id): 'label' must be a non-empty string" in text
    assert "indicator 3 (Bad Id): id 'Bad Id' may only hold" in text
    assert "indicator 3 (Bad Id): 'patterns' must be a non-empty list" in text
    assert "indicator 4 (regex): 'patterns': invalid regex '(unclosed'" in text
    assert "indicator 4 (regex): 'context': 1 is not a non-empty string" in text
    assert "indicator 5 (typo): unknown key 'pattern'" in text
    assert "indicator 6: expected a mapping" in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("indicators: []\n", "expected a non-empty 'indicators:' list"),
        ("- a\n- b\n", "expected a non-empty 'indicators:' list"),
        ("indicators: [\n", "indicators.yml: line"),
    ],
)
def test_load_indicators_bad_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "indicators.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_indicators(path)


def test_load_indicators_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nothere\.yml: file not found"):
        load_indicators(tmp_path / "nothere.yml")


# --------------------------------------------------------------------------
# Restatements
# --------------------------------------------------------------------------


def test_restatements(figures: pd.DataFrame) -> None:
    table = restatements(figures)
    assert tuple(table.columns) == RESTATEMENT_COLUMNS
    ai = table[table["indicator"] == "ai-enterprises"]
    assert list(ai["figure"]) == ["超过6000家", "超6000家", "超过6200家"]
    assert list(ai["period"]) == ["2026-01", "2026-01", "2026-03"]
    assert set(ai["statements"]) == {3}
    core = table[table["indicator"] == "ai-core-industry"]
    assert list(core["value"]) == [1.2e12] * 3  # Beijing's own target is not the national figure
    robots = table[table["indicator"] == "humanoid-robot-products"]
    assert list(robots["figure"]) == ["超330款", "300多款"]
    assert "little-giants" not in set(table["indicator"])  # stated once
    assert table["indicator"].notna().all()
    # Indicators are grouped, in order of first statement.
    firsts = list(dict.fromkeys(table["indicator"]))
    assert firsts == sorted(firsts, key=lambda i: list(figures["indicator"]).index(i))


def test_restatements_of_nothing() -> None:
    empty = pd.DataFrame(columns=list(FIGURE_COLUMNS))
    assert restatements(empty).empty
    with pytest.raises(InputError, match="missing column"):
        restatements(pd.DataFrame({"indicator": []}))


# --------------------------------------------------------------------------
# Commitments
# --------------------------------------------------------------------------

THEMES = [
    {"id": "sme", "label": "SMEs", "terms": ["中小企业", "专精特新"]},
    {"id": "ai", "label": "AI", "terms": ["人工智能", "AI"]},
]

LI_2026 = "李乐成表示,2026年将大力推动人工智能和制造业“双向奔赴”,着力在三个方面做好工作。"


def test_commitments(docs: pd.DataFrame) -> None:
    table = commitments(docs, themes=THEMES)
    assert tuple(table.columns) == COMMITMENT_COLUMNS
    sentences = list(table["sentence"])
    assert (
        "中小企业方面,将制定“十五五”促进中小企业发展规划,深入推进加快加力清理拖欠企业账款行动,"
        "加快修订中小企业划型标准。" in sentences
    )
    assert LI_2026 in sentences
    assert "工信部将重点从哪些方面发力?" not in sentences  # a question
    assert not any("力争用两年时间" in s for s in sentences)  # has a number: a target figure
    assert not any(s.startswith("本报讯2月4日") for s in sentences)  # a report, no commitment
    themes = dict(zip(table["sentence"], table["theme"], strict=True))
    assert themes[sentences[0]] == "sme"
    assert themes[LI_2026] == "ai"
    for row in table.itertuples():
        assert row.sentence in docs.set_index("doc_id").loc[row.doc_id, "text"]


def test_commitment_at_the_start_of_a_sentence() -> None:
    text = "这项工作不必。要加快建设算力基础设施。\n\n加快\n为加快建设算力基础设施提供支撑。"
    docs = pd.DataFrame([("d", "p", text)], columns=["doc_id", "period", "text"])
    assert list(commitments(docs)["sentence"]) == ["要加快建设算力基础设施。"]


def test_commitment_themes_loaded_or_as_written(docs: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "themes.yml"
    path.write_text(yaml.safe_dump({"themes": THEMES}, allow_unicode=True), encoding="utf-8")
    loaded = load_themes(path)
    as_written = commitments(docs, themes=THEMES)
    assert commitments(docs, themes=loaded).equals(as_written)
    assert commitments(docs, themes=[loaded[0], THEMES[1]]).equals(as_written)
    assert {"sme", "ai"} <= set(as_written["theme"])  # the test can fail
    assert set(commitments(docs)["theme"]) == {"other"}
    only_sme = [{"id": "sme", "label": "SMEs", "terms": ["中小企业"]}]
    assert "other" in set(commitments(docs, themes=only_sme)["theme"])


def test_commitments_with_the_shipped_themes(docs: pd.DataFrame) -> None:
    path = DATA_DIR / "themes.yml"
    if not path.exists():
        pytest.skip("data/themes.yml not written yet")
    themes = load_themes(path)
    table = commitments(docs, themes=themes)
    assert not table.empty
    ids = {t.id for t in themes} | {"other"}
    assert set(table["theme"]) <= ids


@pytest.mark.parametrize(
    ("themes", "expected"),
    [
        ("ai", ["themes: expected a list of themes"]),
        (5, ["themes: expected a list of themes"]),
        ({"ai": "人工智能"}, ["themes: expected a list of themes"]),
        (
            [{"label": "no id"}],
            ["themes: theme 1: missing 'id'", "themes: theme 1: missing 'terms'"],
        ),
        (
            [THEMES[0], {"id": "ai", "label": "AI", "terms": "人工智能"}],
            ["themes: theme 2 (ai): 'terms' must be a list"],
        ),
        (["ai"], ["themes: theme 1: expected a mapping with id, label, terms"]),
        (
            [
                Theme(id="sme", label="SMEs", terms=("中小企业",)),
                {"id": "Bad", "label": "B", "terms": ["x"]},
            ],
            ["themes: theme 2 (Bad): id 'Bad' must be lowercase letters, digits, '-' or '_'"],
        ),
    ],
)
def test_commitments_bad_themes(docs: pd.DataFrame, themes, expected: list[str]) -> None:
    with pytest.raises(InputError) as info:
        commitments(docs, themes=themes)
    assert [p.split(" (see ")[0] for p in info.value.problems] == expected


# --------------------------------------------------------------------------
# Cues searched for fast
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "scanned"),
    [
        (extract._FORECAST, extract._FORECAST_RE),
        (extract._TARGET, extract._TARGET_RE),
        (commit._COMMIT, commit._COMMIT_RE),
    ],
    ids=["forecast", "target", "commitment"],
)
def test_scanned_cues_find_what_their_patterns_do(source: str, scanned: re.Pattern[str]) -> None:
    # The pattern's own words, alone and in pairs (an alternative whose first character is
    # missing from the scanned set is found alone), then real sentences.
    words = re.findall(r"[\u4e00-\u9fff]+", source)
    texts = [*words, *(a + b for a in words for b in words), "到2027年", "计划到2030年"]
    texts += [
        s
        for document in corpus.load_corpus(DATA_DIR / "corpus.csv")[0]
        for s in split_sentences(document.raw)
    ]
    plain = re.compile(source)
    assert sum(bool(plain.search(t)) for t in texts) > 100
    for text in texts:
        assert bool(scanned.search(text)) == bool(plain.search(text)), text


# --------------------------------------------------------------------------
# The real corpus, through the cleaning stage
# --------------------------------------------------------------------------

# Every quantitative statement in the five documents, checked by hand:
# (doc_id, figure, indicator or None).
CORPUS_FIGURES = [
    ("2025-06-china-electronics-news", "10家", None),
    ("2025-06-china-electronics-news", "300多个", "5g-a-cities"),
    ("2025-06-china-electronics-news", "30多个", "5g-a-provinces-plans"),
    ("2025-06-china-electronics-news", "超过1000万", "5g-a-users"),
    ("2025-06-china-electronics-news", "超过50张", "5g-a-commercial-networks"),
    ("2025-06-china-electronics-news", "超6000万人", "5g-a-users"),
    ("2025-06-china-electronics-news", "近30亿台", "ai-robots-forecast"),
    ("2026-01-21-scio-press-conference", "5.9%", "industrial-value-added-growth"),
    ("2026-01-21-scio-press-conference", "16年", "manufacturing-world-first-years"),
    ("2026-01-21-scio-press-conference", "超300项", "6g-key-technologies"),
    ("2026-01-21-scio-press-conference", "超300项", "6g-key-technologies"),
    ("2026-01-21-scio-press-conference", "超过6000家", "ai-enterprises"),
    ("2026-01-21-scio-press-conference", "突破1.2万亿元", "ai-core-industry"),
    ("2026-01-21-scio-press-conference", "100家", "world-leading-5g-factories"),
    ("2026-01-21-scio-press-conference", "15家", "lighthouse-factories"),
    ("2026-01-21-scio-press-conference", "70%以上", "lighthouse-ai-scenario-share"),
    ("2026-01-21-scio-press-conference", "超6000个", "lighthouse-vertical-models"),
    ("2026-01-21-scio-press-conference", "1700多项", "lighthouse-equipment-software"),
    ("2026-01-21-scio-press-conference", "6.9%", "sme-value-added-growth"),
    ("2026-01-21-scio-press-conference", "1.76万家", "little-giants"),
    ("2026-01-21-scio-press-conference", "超14万家", "specialised-smes"),
    ("2026-01-21-scio-press-conference", "超60万家", "tech-smes"),
    ("2026-01-21-scio-press-conference", "超140家", "humanoid-robot-makers"),
    ("2026-01-21-scio-press-conference", "超330款", "humanoid-robot-products"),
    ("2026-01-21-scio-press-conference", "600亿元", "ai-industry-fund"),
    ("2026-02-china-electronics-news", "12位", None),
    ("2026-02-china-electronics-news", "近300人", None),
    ("2026-02-china-electronics-news", "276个", "consumer-brands"),
    ("2026-02-china-electronics-news", "165个", "consumer-brands-enterprise"),
    ("2026-02-china-electronics-news", "76个", "consumer-brands-regional"),
    ("2026-02-china-electronics-news", "35个", "consumer-brands-special-groups"),
    ("2026-02-china-electronics-news", "突破80%", "internet-penetration"),
    ("2026-02-china-electronics-news", "11.25亿人", "internet-users"),
    ("2026-02-china-electronics-news", "突破80%", "internet-penetration"),
    ("2026-02-china-electronics-news", "6.02亿人", "genai-users"),
    ("2026-02-china-electronics-news", "141.7%", "genai-user-growth"),
    ("2026-02-china-electronics-news", "42.8%", "genai-penetration"),
    ("2026-02-china-electronics-news", "25.2个百分点", "genai-penetration-change"),
    ("2026-02-china-electronics-news", "超过80%", "internet-penetration"),
    ("2026-02-china-electronics-news", "9.4亿", "e-government-users"),
    ("2026-02-china-electronics-news", "破万亿元", "beijing-ai-core-industry"),
    ("2026-02-china-electronics-news", "2个", None),
    ("2026-02-china-electronics-news", "4个", None),
    ("2026-02-china-electronics-news", "5个", None),
    ("2026-02-china-electronics-news", "1个", None),
    ("2026-02-china-electronics-news", "14所", None),
    ("2026-02-china-electronics-news", "209款", "beijing-registered-models"),
    ("2026-02-china-electronics-news", "近三成", "beijing-registered-models-share"),
    ("2026-02-china-electronics-news", "16~32GB", None),
    ("2026-02-china-electronics-news", "约为7B~13B", None),
    ("2026-02-china-electronics-news", "32GB", None),
    ("2026-02-china-electronics-news", "12GB", None),
    ("2026-02-china-electronics-news", "约20B", None),
    ("2026-02-china-electronics-news", "12GB~16GB", None),
    ("2026-02-china-electronics-news", "7B", None),
    ("2026-02-china-electronics-news", "30B", None),
    ("2026-02-china-electronics-news", "超6000家", "ai-enterprises"),
    ("2026-02-china-electronics-news", "突破1.2万亿元", "ai-core-industry"),
    ("2026-03-05-ministers-corridor", "41.7万亿元", "industrial-value-added"),
    ("2026-03-05-ministers-corridor", "35%", "industry-growth-contribution"),
    ("2026-03-05-ministers-corridor", "11年", "nev-world-first-years"),
    ("2026-03-05-ministers-corridor", "504家", "excellent-smart-factories"),
    ("2026-03-05-ministers-corridor", "1260家", "5g-factories"),
    ("2026-03-05-ministers-corridor", "超过8000家", "green-factories"),
    ("2026-03-05-ministers-corridor", "超过1.2万亿元", "ai-core-industry"),
    ("2026-03-05-ministers-corridor", "超过6200家", "ai-enterprises"),
    ("2026-03-05-ministers-corridor", "超30%", "ai-adoption-manufacturing"),
    ("2026-03-05-ministers-corridor", "300多款", "humanoid-robot-products"),
    ("2026-03-05-ministers-corridor", "超过全球半数", "humanoid-robot-world-share"),
    ("2026-03-24-china-electronics-news", "6.3%", "industrial-value-added-growth"),
    ("2026-03-24-china-electronics-news", "13个", None),
    ("2026-03-24-china-electronics-news", "两周", None),
    ("2026-03-24-china-electronics-news", "80%", "open-models-chinese-share"),
    ("2026-03-24-china-electronics-news", "万余项", "energy-saving-equipment"),
]


@pytest.fixture(scope="module")
def corpus_docs() -> pd.DataFrame:
    clean = pytest.importorskip("policytext.clean")
    documents, _ = corpus.load_corpus(DATA_DIR / "corpus.csv")
    rules = clean.load_rules()
    return pd.DataFrame(
        [
            (d.doc_id, d.period, d.date, clean.clean_document(d.doc_id, d.raw, rules=rules).text)
            for d in documents
        ],
        columns=["doc_id", "period", "date", "text"],
    )


def test_shipped_corpus_figures(corpus_docs: pd.DataFrame) -> None:
    figures = extract_figures(corpus_docs)
    shipped = {doc_id for doc_id, _, _ in CORPUS_FIGURES}
    got = [(r.doc_id, r.figure, r.indicator) for r in figures.itertuples() if r.doc_id in shipped]
    assert got == CORPUS_FIGURES
    texts = dict(zip(corpus_docs["doc_id"], corpus_docs["text"], strict=True))
    for row in figures.itertuples():
        assert row.sentence in texts[row.doc_id] and row.figure in row.sentence
    assert set(figures.loc[figures["indicator"].isna(), "policy_indicator"]) == {False}


# --------------------------------------------------------------------------
# Reference period, scope, bound intervals, restatement groups
# --------------------------------------------------------------------------

SCOPES = load_scope_rules()


@pytest.mark.parametrize(
    ("sentence", "date", "expected"),
    [
        ("2025年规模以上工业增加值同比增长5.9%。", "2026-01-21", "2025"),
        (
            "前两个月工业经济实现良好开局,规模以上工业增加值同比增长6.3%。",
            "2026-03-24",
            "2026-01/2026-02",
        ),
        ("1-2月,规模以上工业增加值同比增长6.3%。", "2026-03-24", "2026-01/2026-02"),
        ("2025年1—2月,出口增长5%。", "2026-03-24", "2025-01/2025-02"),
        ("截至10月底,累计培育专精特新中小企业超14万家。", "2025-11-02", "../2025-10"),
        ("截至2025年12月,我国网民规模达11.25亿人。", "2026-02", "../2025-12"),
        ("普及率超30%,这是到去年底的数据。", "2026-03-05", "../2025-12"),
        ("截至目前,我国5G-A用户数超过1000万。", "2025-06", "../2025-06"),
        ("一季度工业增加值增长6%。", "2026-04-20", "2026-01/2026-03"),
        ("上半年工业增加值增长6%。", "2025-07-15", "2025-01/2025-06"),
        ("力争用两年时间实现核心产业规模破万亿元。", "2026-02", "2027"),
        ("到2027年,培育领航级智能工厂100家。", "2026-03", "2027"),
        ("今年全球将有超过50张5G-A网络规模商用。", "2025-06", "2025"),
        ("较2024年年底增长141.7%。", "2026-02", ""),  # the base of a comparison
        ("《2026—2028年实施方案》推广节能装备万余项。", "2026-03", ""),  # a plan's name
        ("我国企业推出人形机器人300多款。", "2026-03-05", ""),  # not stated
    ],
)
def test_reference_period(sentence: str, date: str, expected: str) -> None:
    docs = pd.DataFrame({"doc_id": ["d"], "period": ["p"], "date": [date], "text": [sentence]})
    found = extract_figures(docs, indicators=[], scopes=SCOPES)
    assert len(found) >= 1
    assert found["ref_period"].iloc[-1] == expected


@pytest.mark.parametrize(
    ("value", "high", "bound", "expected"),
    [
        (330, math.nan, ">", (330, math.inf)),  # 超330款
        (300, math.nan, ">", (300, math.inf)),  # 300多款
        (80, math.nan, "=", (80, 80)),
        (4.5, 5.0, "=", (4.5, 5.0)),  # 4.5%-5%
        (300, math.nan, "≈", (270, 330)),  # 近300人
        (30, math.nan, "<", (0, 30)),  # 不到30%
    ],
)
def test_bound_intervals(value: float, high: float, bound: str, expected: tuple) -> None:
    low, top = interval(value, high, bound)
    assert low == pytest.approx(expected[0]) and top == pytest.approx(expected[1])


@pytest.mark.parametrize(
    ("intervals", "expected"),
    [
        ([(330, math.inf), (300, math.inf)], "consistent"),  # both lower bounds
        ([(6000, math.inf), (6200, math.inf), (6000, math.inf)], "consistent"),
        ([(5.9, 5.9), (6.3, 6.3)], "changed"),
        ([(270, 330), (300, 300)], "consistent"),
        ([(100, 100), (150, math.inf)], "changed"),
        ([(80, 80)], "single"),
    ],
)
def test_compare_statements(intervals: list, expected: str) -> None:
    assert compare_statements(intervals) == expected


SME_FAIR = "本届中博会共有863家专精特新中小企业参展,签约项目120个。"
NATIONAL_SMES = "截至2025年底,全国累计培育专精特新中小企业超14万家。"


@pytest.mark.parametrize(
    ("sentence", "scope", "indicator"),
    [
        (SME_FAIR, "event", None),  # an exhibitor count is no national total
        (NATIONAL_SMES, "national", "specialised-smes"),
        ("北京已累计备案大模型达209款,占全国近三成。", "local", "beijing-registered-models"),
        ("我国5G-A用户数超过1000万。", "national", "5g-a-users"),
        ("今年全球将有超过50张5G-A网络规模商用。", "world", "5g-a-commercial-networks"),
        ("该公司旗下专精特新中小企业达12家。", "company", None),  # one company's own
        (
            "规上工业中小企业增加值同比增长6.9%。",
            "national",
            "sme-value-added-growth",
        ),  # indicator's
    ],
)
def test_scope_and_indicator_in_context(sentence: str, scope: str, indicator: str | None) -> None:
    docs = pd.DataFrame({"doc_id": ["d"], "period": ["p"], "date": ["2026-01"], "text": [sentence]})
    found = extract_figures(docs, indicators=INDICATORS, scopes=SCOPES)
    first = found.iloc[0]
    assert first["scope"] == scope
    assert (first["indicator"] if first["indicator"] else None) == indicator


def test_an_indicator_matches_only_its_scope() -> None:
    national = next(i for i in INDICATORS if i.id == "specialised-smes")
    near = "专精特新中小企业"
    assert national.matches(near=near, context="", unit="家", scope="national")
    assert national.matches(near=near, context="", unit="家", scope="unspecified")
    assert not national.matches(near=near, context="", unit="家", scope="event")
    assert not national.matches(near=near, context="", unit="家", scope="company")
    assert not national.matches(near=near, context="", unit="家", scope="local")


def _figure_row(**fields: object) -> dict:
    row = dict.fromkeys(FIGURE_COLUMNS)
    row.update(
        doc_id="d1",
        period="p1",
        value_high=math.nan,
        unit="款",
        bound="=",
        kind="reported",
        year=2025,
        policy_indicator=True,
        sentence="s",
        start=0,
        end=1,
        ref_period="2025",
        scope="national",
        speaker_type="miit",
    )
    row.update(fields)
    return row


@pytest.mark.parametrize(
    ("rows", "groups", "comparisons"),
    [
        # 超330款 vs 300多款: both lower bounds, the same year: consistent, not a change.
        (
            [
                {"indicator": "robots", "figure": "超330款", "value": 330, "bound": ">"},
                {
                    "indicator": "robots",
                    "figure": "300多款",
                    "value": 300,
                    "bound": ">",
                    "doc_id": "d2",
                },
            ],
            1,
            ["consistent", "consistent"],
        ),
        # 5.9 % for 2025 vs 6.3 % for Jan-Feb 2026: different reference periods, not grouped.
        (
            [
                {"indicator": "growth", "figure": "5.9%", "value": 5.9, "unit": "%"},
                {
                    "indicator": "growth",
                    "figure": "6.3%",
                    "value": 6.3,
                    "unit": "%",
                    "ref_period": "2026-01/2026-02",
                    "doc_id": "d2",
                },
            ],
            2,
            ["single", "single"],
        ),
        # An official 超过1000万 vs a company's forecast: never joined.
        (
            [
                {"indicator": "users", "figure": "超过1000万", "value": 1e7, "bound": ">"},
                {
                    "indicator": "users",
                    "figure": "超6000万人",
                    "value": 6e7,
                    "bound": ">",
                    "kind": "forecast",
                    "speaker_type": "company",
                },
            ],
            2,
            ["single", "single"],
        ),
        # A fair's exhibitors vs the national total: different scopes.
        (
            [
                {"indicator": "smes", "figure": "863家", "value": 863, "scope": "event"},
                {"indicator": "smes", "figure": "超14万家", "value": 1.4e5, "bound": ">"},
            ],
            2,
            ["single", "single"],
        ),
        # Exact values that differ, same period and kind: changed.
        (
            [
                {"indicator": "fund", "figure": "600亿元", "value": 6e10},
                {"indicator": "fund", "figure": "500亿元", "value": 5e10, "doc_id": "d2"},
            ],
            1,
            ["changed", "changed"],
        ),
        # A reported value and an estimate for the same year are comparable.
        (
            [
                {"indicator": "core", "figure": "超过1.2万亿元", "value": 1.2e12, "bound": ">"},
                {
                    "indicator": "core",
                    "figure": "突破1.2万亿元",
                    "value": 1.2e12,
                    "bound": ">",
                    "kind": "estimate",
                },
            ],
            1,
            ["consistent", "consistent"],
        ),
        # Unknown reference periods: compared only within their document.
        (
            [
                {
                    "indicator": "tech",
                    "figure": "超300项",
                    "value": 300,
                    "bound": ">",
                    "ref_period": "",
                },
                {
                    "indicator": "tech",
                    "figure": "超300项",
                    "value": 300,
                    "bound": ">",
                    "ref_period": "",
                },
                {
                    "indicator": "tech",
                    "figure": "400项",
                    "value": 400,
                    "ref_period": "",
                    "doc_id": "d2",
                },
            ],
            2,
            ["consistent", "consistent", "single"],
        ),
    ],
)
def test_restatement_groups(rows: list, groups: int, comparisons: list) -> None:
    figures = pd.DataFrame([_figure_row(**row) for row in rows])
    table = restatements(figures)
    assert tuple(table.columns) == RESTATEMENT_COLUMNS
    assert table["group"].nunique() == groups
    assert list(table["comparison"]) == comparisons
    assert set(table["comparison"]) <= set(COMPARISONS)


def test_restatement_group_ids_are_stable() -> None:
    rows = [
        _figure_row(indicator="robots", figure="超330款", value=330, bound=">"),
        _figure_row(indicator="robots", figure="300多款", value=300, bound=">", doc_id="d2"),
    ]
    first = restatements(pd.DataFrame(rows))["group"]
    again = restatements(pd.DataFrame(rows[::-1]))["group"]
    assert set(first) == set(again) == {"robots|2025|actual|national"}


def test_shipped_restatements_never_join_periods_kinds_or_scopes() -> None:
    from policytext import pipeline

    table = pipeline.run(workers=1).tables["restatements.csv"]
    assert len(table) > 0
    classes = table["kind"].map(KIND_CLASSES)
    for _, rows in table.groupby("group"):
        assert rows["ref_period"].nunique() == 1
        assert classes[rows.index].nunique() == 1
        assert rows["scope"].nunique() == 1
        assert rows["indicator"].nunique() == 1
