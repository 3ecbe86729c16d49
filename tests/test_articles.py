"""Tests for policytext.articles: headlines, article boundaries, tiling, the tables."""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd
import pytest

from policytext import per_document, pipeline
from policytext.articles import (
    ARTICLE_COLUMNS,
    HEADLINE_SEPARATOR,
    OPENED_BY,
    article_id,
    article_texts,
    articles_table,
    load_article_rules,
    locate,
    split_articles,
)
from policytext.errors import InputError
from policytext.lexicon import load_terms
from policytext.text import count_chars

RULES = load_article_rules()

BODY = "会议强调,要加快推进新型工业化,推动制造业高质量发展,确保各项任务落地见效。"
FEATURE = "当开源成为行业共识,竞争的焦点也在悄然发生改变,企业开始从单纯发布模型转向经营生态。"


def page(*blocks: str) -> str:
    """A clean text: paragraphs a blank line apart, as the cleaning leaves them."""
    return "\n\n".join(blocks) + "\n"


def dated(headline: str) -> list[str]:
    return [headline, f"本报讯3月19日,{BODY}", BODY]


# --------------------------------------------------------------------------
# Headline shape
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("工业和信息化部召开第十次中小企业圆桌会议", True),
        ("5G-A与AI“共赴山海”", True),  # a closing quote after a word
        ("云边端协同下端侧AI如何定位?", True),  # headlines may ask
        ("兴于开源,更要治于开源", True),  # a comma inside, not at the end
        ("这是一句完整的话。", False),
        ("“如果业务存在这三方面需求,就必须在端侧运行。”", False),  # 。 inside the closing quote
        ("会议要求,", False),
        ("本报讯3月19日召开", False),  # a dateline is body text
        ("短", False),  # too short
        ("很" * 60, False),  # too long
    ],
)
def test_headline_shape(line: str, expected: bool) -> None:
    assert RULES.is_headline(line) is expected


# --------------------------------------------------------------------------
# Splitting
# --------------------------------------------------------------------------


def test_a_page_of_reports_splits_at_each_headline() -> None:
    text = page(*dated("甲部门召开全体会议"), *dated("乙部门召开座谈会"), *dated("丙行动方案印发"))
    articles = split_articles(text, rules=RULES)
    assert [a.headline for a in articles] == [
        "甲部门召开全体会议",
        "乙部门召开座谈会",
        "丙行动方案印发",
    ]
    assert [a.opened_by for a in articles] == ["start", "dateline", "dateline"]
    assert [a.position for a in articles] == [1, 2, 3]


def test_articles_tile_the_text() -> None:
    text = "\n" + page(
        *dated("甲部门召开全体会议"), "一篇没有电头的特写", FEATURE, *dated("乙部门召开座谈会")
    )
    articles = split_articles(text, rules=RULES)
    assert articles[0].start == 0
    assert articles[-1].end == len(text)
    for before, after in itertools.pairwise(articles):
        assert before.end == after.start
    assert sum(count_chars(text[a.start : a.end]) for a in articles) == count_chars(text)
    # Each later article starts at its headline.
    for art in articles[1:]:
        assert text[art.start :].startswith(art.headline)


def test_a_feature_keeps_its_subheads() -> None:
    # An undated feature after a report: its own headline opens it, its single-line
    # subheads stay inside; the next dated report opens a new article.
    text = page(
        *dated("甲部门召开全体会议"),
        "兴于开源更要治于开源",
        FEATURE,
        "开源推动大模型上桌",
        FEATURE,
        "智能体成开源发展新变量",
        FEATURE,
        *dated("乙方案印发"),
    )
    articles = split_articles(text, rules=RULES)
    assert [a.headline for a in articles] == [
        "甲部门召开全体会议",
        "兴于开源更要治于开源",
        "乙方案印发",
    ]
    assert articles[1].opened_by == "after_report"
    assert articles[1].subheads == ("开源推动大模型上桌", "智能体成开源发展新变量")


def test_a_kicker_and_title_open_an_article_inside_a_feature() -> None:
    text = page(
        *dated("甲部门召开全体会议"),
        "地方两会中的AI味道",
        FEATURE,
        "AI时代终端大变局",
        "端侧AI如何定位?",
        FEATURE,
    )
    articles = split_articles(text, rules=RULES)
    assert articles[-1].headline == HEADLINE_SEPARATOR.join(["AI时代终端大变局", "端侧AI如何定位?"])
    assert articles[-1].opened_by == "kicker"


def test_a_web_story_is_one_article_with_subheads() -> None:
    # No paragraph opens with a dateline: one article whatever its subheads.
    text = page(
        "部长首秀部长通道推进新一代AI产品",
        FEATURE,
        "二〇二六年全力推进新产品",
        FEATURE,
        "支持领军企业探索",
        FEATURE,
    )
    articles = split_articles(text, rules=RULES)
    assert len(articles) == 1
    assert articles[0].headline == "部长首秀部长通道推进新一代AI产品"
    assert articles[0].subheads == ("二〇二六年全力推进新产品", "支持领军企业探索")


def test_text_before_the_first_headline_is_an_article_without_one() -> None:
    text = page(BODY, *dated("甲部门召开全体会议"))
    articles = split_articles(text, rules=RULES)
    assert [a.headline for a in articles] == ["", "甲部门召开全体会议"]


@pytest.mark.parametrize("text", ["", "\n\n", "只有一段正文,没有标题。"])
def test_a_text_without_headlines_is_one_article(text: str) -> None:
    articles = split_articles(text, rules=RULES)
    assert len(articles) == 1
    assert (articles[0].start, articles[0].end) == (0, len(text))


def test_the_last_line_is_never_a_headline() -> None:
    text = page(*dated("甲部门召开全体会议"), "乙部门召开座谈会")
    assert len(split_articles(text, rules=RULES)) == 1


# --------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def texts() -> pd.DataFrame:
    two = page(*dated("未来产业座谈会召开"), *dated("人工智能方案印发"))
    one = page("未来产业与人工智能", FEATURE)
    return pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "period": ["p1", "p2"],
            "text": [two + "未来产业。人工智能+制造。", one],
            "chars": [count_chars(two + "未来产业。人工智能+制造。"), count_chars(one)],
        }
    ).assign(norm=lambda f: f["text"])


def test_articles_table(texts: pd.DataFrame) -> None:
    table = articles_table(texts, rules=RULES)
    assert tuple(table.columns) == ARTICLE_COLUMNS
    assert list(table["article_id"]) == ["a#01", "a#02", "b#01"]
    assert set(table["opened_by"]) <= set(OPENED_BY)
    chars = table.groupby("doc_id")["chars"].sum()
    assert chars.to_dict() == dict(zip(texts["doc_id"], texts["chars"], strict=True))
    assert article_id("x", 3) == "x#03"


def test_locate(texts: pd.DataFrame) -> None:
    table = articles_table(texts, rules=RULES)
    second = int(table.loc[1, "start"])
    assert locate(table, "a", [0, second - 1, second, None]) == ["a#01", "a#01", "a#02", ""]


def test_article_term_counts_add_up_to_the_documents(texts: pd.DataFrame) -> None:
    terms = load_terms()
    table = articles_table(texts, rules=RULES)
    by_article = per_document.article_term_counts(texts, table, terms)
    assert tuple(by_article.columns) == per_document.ARTICLE_TERM_COLUMNS
    assert len(by_article) == len(table) * len(terms)  # zeros included
    from policytext.counts import term_counts

    by_doc = term_counts(texts, terms).set_index(["doc_id", "term"])["count"]
    summed = by_article.groupby(["doc_id", "term"])["count"].sum()
    pd.testing.assert_series_equal(summed.sort_index(), by_doc.sort_index(), check_names=False)
    assert by_doc.sum() > 0  # the texts hold terms: the test can fail


def test_article_texts_are_the_articles(texts: pd.DataFrame) -> None:
    table = articles_table(texts, rules=RULES)
    pieces = article_texts(texts, table)
    assert "".join(pieces[pieces["source_doc"] == "a"]["text"]) == texts.loc[0, "text"]


# --------------------------------------------------------------------------
# Rules file
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- a\n", "expected an 'articles:' mapping"),
        ("articles: {}\n", "missing key 'datelines'"),
        (
            "articles: {max_headline_chars: 0, min_headline_chars: 4, sentence_end: ['。'],"
            " kicker_lines: 2, datelines: ['本报讯']}\n",
            "'max_headline_chars' must be a positive integer",
        ),
        (
            "articles: {max_headline_chars: 40, min_headline_chars: 4, sentence_end: ['。'],"
            " kicker_lines: 2, datelines: ['(']}\n",
            "invalid regex",
        ),
        (
            "articles: {max_headline_chars: 40, min_headline_chars: 4, sentence_end: ['。'],"
            " kicker_lines: 2, datelines: ['x'], extra: 1}\n",
            "unknown key 'extra'",
        ),
    ],
)
def test_load_article_rules_bad_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "articles.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_article_rules(path)


# --------------------------------------------------------------------------
# The shipped corpus
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> pipeline.Results:
    return pipeline.run(workers=1)


def test_shipped_newspaper_pages_split_into_several_articles(shipped: pipeline.Results) -> None:
    articles = shipped.tables["articles.csv"]
    per_doc = articles.groupby("doc_id").size()
    documents = shipped.tables["documents.csv"]
    pages = documents[documents["title"].str.contains("中国电子报")]["doc_id"]
    assert len(pages) > 0
    assert (per_doc[pages] > 1).all()
    march = documents[documents["period"] == documents["period"].max()]
    assert per_doc[march["doc_id"]].max() > 1  # the March newspaper issue


def test_shipped_articles_tile_each_document(shipped: pipeline.Results) -> None:
    articles = shipped.tables["articles.csv"]
    docs = shipped.tables["documents.csv"].set_index("doc_id")
    for doc_id, rows in articles.groupby("doc_id"):
        assert rows["start"].iloc[0] == 0
        assert (rows["start"].iloc[1:].to_numpy() == rows["end"].iloc[:-1].to_numpy()).all()
        assert rows["chars"].sum() == docs.loc[doc_id, "chars_clean"]


def test_shipped_article_term_counts_add_up(shipped: pipeline.Results) -> None:
    by_article = shipped.tables["article_term_counts.csv"]
    by_doc = shipped.tables["term_counts.csv"].set_index(["doc_id", "term"])["count"]
    summed = by_article.groupby(["doc_id", "term"])["count"].sum()
    pd.testing.assert_series_equal(
        summed.sort_index(), by_doc.sort_index(), check_names=False, check_dtype=False
    )
