"""Tests for policytext.attribution: who says each sentence, figure, commitment and kwic row.

One file with a section per module of the package: the sentence (``speakers``),
paragraph and article (``context``), tables (``tables``), rules file (``rules``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from policytext import pipeline
from policytext.articles import articles_table, load_article_rules, split_articles
from policytext.attribution import (
    ATTRIBUTION_COLUMNS,
    JOURNALIST,
    SPEAKER_TYPES,
    attribute,
    attribute_text,
    load_speaker_rules,
    own_speaker,
    stated_by,
    type_counts,
)
from policytext.errors import InputError

RULES = load_speaker_rules()
ARTICLE_RULES = load_article_rules()


def speaker_of(text: str, sentence: str) -> tuple[str, str]:
    """``(speaker, type)`` of the sentence of ``text`` that starts with ``sentence``."""
    articles = split_articles(text, rules=ARTICLE_RULES)
    found = attribute_text(text, rules=RULES, articles=[(a.start, a.end) for a in articles])
    for hit in found:
        if text[hit.start : hit.end].startswith(sentence):
            return hit.speaker, hit.type
    raise AssertionError(f"no sentence starts with {sentence!r}")


# --------------------------------------------------------------------------
# The sentence: a speaker before a speech verb
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "speaker", "kind"),
    [
        ("李乐成表示,2026年将大力推动人工智能和制造业“双向奔赴”。", "李乐成", "minister"),
        ("工业和信息化部部长李乐成指出,要加快发展。", "李乐成", "minister"),
        (
            "2025年12月召开的中央经济工作会议提出,“深化拓展‘人工智能+’”。",
            "中央经济工作会议",
            "central_body",
        ),
        ("华为预测,今年全球将有超过50张5G-A网络规模商用。", "华为", "company"),
        ("《报告》显示,截至2025年12月,我国网民规模达11.25亿人。", "《报告》", "research_body"),
        (
            "北京在年初发布了规划,力争用两年时间实现核心产业规模破万亿元。",
            "北京",
            "local_government",
        ),
        ("中国信通院预测,明年产业规模将继续增长。", "中国信通院", "research_body"),
        ("工信部数据显示,2025年我国人工智能企业数量超6000家。", "工信部", "miit"),
        ("工信部副部长张云明在会上介绍,一批创新成果竞相涌现。", "张云明", "miit"),
        ("据有关机构测算,2025年我国人工智能企业数量超过6000家。", "有关机构", "research_body"),
        ("星环无涯研发经理龚存阳表示:“端侧模型的部署通常受限于计算资源。”", "龚存阳", "company"),
        ("李乐成代表部党组对大家表示感谢。", "李乐成", "minister"),  # on behalf of
    ],
)
def test_a_sentence_names_its_speaker(sentence: str, speaker: str, kind: str) -> None:
    said = own_speaker(sentence, rules=RULES)
    assert said is not None
    assert (said.speaker, said.type) == (speaker, kind)


@pytest.mark.parametrize(
    "sentence",
    [
        "截至目前,我国已有300多个城市实现5G-A覆盖。",  # the journalist's own voice
        "数据显示,2025年国内人形机器人整机企业数量超140家。",  # data, nobody named
        "据介绍,目前人工智能已渗透领航工厂70%以上的业务场景。",
        "本次名单首次纳入了港澳台企业,助力融合发展。",
    ],
)
def test_a_plain_sentence_names_nobody(sentence: str) -> None:
    assert own_speaker(sentence, rules=RULES) is None
    assert speaker_of(sentence + "\n", sentence[:6]) == ("", JOURNALIST)


# --------------------------------------------------------------------------
# Paragraph and article
# --------------------------------------------------------------------------

MIIT_MEETING = (
    "工业和信息化部安全生产委员会召开全体会议\n\n"
    "本报讯3月19日,工业和信息化部安全生产委员会召开全体会议,研究部署全年安全生产工作。\n\n"
    "会议强调,做好安全生产工作,必须坚持以人民为中心的发展思想。要深入推进治本攻坚三年行动。\n\n"
    "要认真落实重点行业领域全链条安全整治任务。\n"
)


@pytest.mark.parametrize(
    ("text", "sentence", "expected"),
    [
        # 会议强调 in the report of an MIIT meeting: MIIT.
        (MIIT_MEETING, "会议强调", ("工业和信息化部安全生产委员会", "miit")),
        # The meeting's voice goes on in its paragraph and in a paragraph opening with 要.
        (MIIT_MEETING, "要深入推进", ("工业和信息化部安全生产委员会", "miit")),
        (MIIT_MEETING, "要认真落实", ("工业和信息化部安全生产委员会", "miit")),
        # A meeting chaired by the minister is an MIIT meeting, not the minister's words.
        (
            "第十次圆桌会议举行\n\n本报讯6月19日,部长李乐成主持召开会议。\n\n会议指出,成绩来之不易。\n",
            "会议指出",
            ("李乐成", "miit"),
        ),
        # The organisation that holds it is preferred to the person who chairs it.
        (
            "部党组召开会议\n\n本报讯6月19日,部党组书记、部长李乐成主持召开会议。\n\n会议指出,成绩来之不易。\n",
            "会议指出",
            ("部党组", "miit"),
        ),
        # A speech runs on after the speaker is named, and into an enumeration.
        (
            "李乐成表示,要稳增长。首先还是要稳增长。\n\n第二是要强创新。\n",
            "第二是要强创新",
            ("李乐成", "minister"),
        ),
        # A pronoun is the last person named in the article.
        (
            "张云明提到,目前我国人形机器人已经能够站得住。\n\n他指出,接下来将着力攻技术。\n",
            "他指出",
            ("张云明", "miit"),
        ),
        # A quotation takes the speaker named right after it.
        (
            "“这一现象印证了我国的创新活力。”中国电子学会处长王桓表示。\n",
            "“这一现象",
            ("中国电子学会", "research_body"),
        ),
        # A person named with an organisation keeps its type later in the document.
        (
            "工业和信息化部节能司司长王鹏表示,要加快推进。\n\n王鹏指出,目前仍存在不足。\n",
            "王鹏指出",
            ("王鹏", "miit"),
        ),
        # The voice does not carry into a plain paragraph.
        (
            "李乐成表示,要稳增长。\n\n3月5日,部长通道集中采访活动正式开启。\n",
            "3月5日",
            ("", JOURNALIST),
        ),
    ],
)
def test_paragraph_and_article_context(text: str, sentence: str, expected: tuple) -> None:
    assert speaker_of(text, sentence) == expected


def test_a_meeting_word_without_an_organiser_names_nobody() -> None:
    text = "我国互联网普及率已突破80%\n\n本报讯《报告》近日发布。\n\n会议强调,要加强统筹协调。\n"
    assert speaker_of(text, "会议强调") == ("", JOURNALIST)


def test_every_sentence_is_attributed_once() -> None:
    found = attribute_text(MIIT_MEETING, rules=RULES)
    assert all(hit.type in SPEAKER_TYPES for hit in found)
    starts = [hit.start for hit in found]
    assert starts == sorted(set(starts))


# --------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------


def test_attribute_adds_the_columns() -> None:
    texts = pd.DataFrame({"doc_id": ["d"], "period": ["p"], "text": [MIIT_MEETING]})
    articles = articles_table(texts, rules=ARTICLE_RULES)
    offset = MIIT_MEETING.index("会议强调")
    table = pd.DataFrame({"doc_id": ["d", "d"], "start": [0, offset + 3]})
    done = attribute(table, texts=texts, articles=articles, rules=RULES)
    assert tuple(done.columns[-3:]) == ATTRIBUTION_COLUMNS
    assert list(done["speaker_type"]) == [JOURNALIST, "miit"]
    assert list(done["article_id"]) == ["d#01", "d#01"]
    assert list(stated_by(done)) == [JOURNALIST, "工业和信息化部安全生产委员会"]
    counts = type_counts(done)
    assert set(counts) == set(SPEAKER_TYPES) and sum(counts.values()) == 2


def test_attribute_an_empty_table() -> None:
    texts = pd.DataFrame({"doc_id": ["d"], "period": ["p"], "text": [MIIT_MEETING]})
    done = attribute(
        pd.DataFrame({"doc_id": [], "start": []}),
        texts=texts,
        articles=articles_table(texts, rules=ARTICLE_RULES),
        rules=RULES,
    )
    assert done.empty and set(ATTRIBUTION_COLUMNS) <= set(done.columns)


# --------------------------------------------------------------------------
# Rules file
# --------------------------------------------------------------------------

GOOD = Path(__file__).resolve().parents[1] / "data" / "speakers.yml"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("max_subject_chars: 60", "max_subject_chars: 0", "'max_subject_chars' must be a positive"),
        ("{type: minister,", "{type: boss,", "type 'boss' is not one of"),
        ("pronouns: ['他', '她']", "pronouns: [1]", "'pronouns' must be a list"),
        ("verbs:\n", "verbs_x:\n", "unknown key 'verbs_x'"),
        ("'力争'", "'力争('", "invalid regex"),
    ],
)
def test_load_speaker_rules_bad_files(tmp_path: Path, old: str, new: str, message: str) -> None:
    text = GOOD.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "speakers.yml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_speaker_rules(path)


# --------------------------------------------------------------------------
# The shipped corpus
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> pipeline.Results:
    return pipeline.run(workers=1)


def test_shipped_minister_speech_is_the_ministers(shipped: pipeline.Results) -> None:
    for name in ("commitments.csv", "kwic.csv"):
        table = shipped.tables[name]
        said = table[table["sentence"].str.match(r"李乐成(?:表示|指出|强调|提到|介绍)")]
        assert len(said) > 0, name
        assert set(said["speaker_type"]) == {"minister"}, name
    figures = shipped.tables["figures.csv"]
    corridor = figures[figures["doc_id"].str.contains("minister")]
    assert (corridor["speaker_type"] == "minister").sum() > len(corridor) / 2


def test_shipped_forecasts_are_not_miits(shipped: pipeline.Results) -> None:
    figures = shipped.tables["figures.csv"]
    forecasts = figures[figures["kind"] == "forecast"]
    assert len(forecasts) > 0
    assert not forecasts["speaker_type"].isin(["miit", "minister"]).any()


def test_shipped_tables_carry_the_attribution(shipped: pipeline.Results) -> None:
    articles = set(shipped.tables["articles.csv"]["article_id"])
    for name in ("figures.csv", "commitments.csv", "kwic.csv"):
        table = shipped.tables[name]
        assert set(ATTRIBUTION_COLUMNS) <= set(table.columns), name
        assert set(table["speaker_type"]) <= set(SPEAKER_TYPES), name
        assert set(table["article_id"]) <= articles, name
        journalist = table["speaker_type"] == JOURNALIST
        assert (table.loc[journalist, "speaker"] == "").all(), name
        assert (table.loc[~journalist, "speaker"] != "").all(), name
