"""Tests for policytext.counts and policytext.lexicon: term matching, rates, KWIC,
compounds, the jieba user dictionary and the lexicon loader.

Small hand-made texts pin each rule (variants, overlaps, normalisation, word
boundaries); the real corpus is checked for verbatim quotes and for agreement
between the match-based and the token-based counts.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from corpus_files import SHIPPED_IDS

from policytext import per_document, script
from policytext.clean import clean_document, load_rules
from policytext.corpus import load_corpus
from policytext.counts import (
    compile_terms,
    compounds,
    find_terms,
    is_content_token,
    kwic,
    period_counts,
    term_counts,
    token_counts,
)
from policytext.errors import InputError
from policytext.lexicon import Term, load_stopwords, load_terms, userdict_text
from policytext.segment import get_tokenizer, segment
from policytext.text import normalize_text

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
TERMS = load_terms()
FOCAL = ["新质生产力", "未来产业", "人工智能+"]


def texts_frame(texts: list[str], periods: list[str] | None = None) -> pd.DataFrame:
    """The frame the counters read: doc_id, period, text, norm, chars (no whitespace)."""
    periods = periods or ["p"] * len(texts)
    return pd.DataFrame(
        [
            {
                "doc_id": f"d{i}",
                "period": period,
                "text": text,
                "norm": normalize_text(text),
                "chars": len(re.sub(r"\s", "", text)),
            }
            for i, (text, period) in enumerate(zip(texts, periods, strict=True))
        ]
    )


def counts_of(text: str) -> dict[str, int]:
    table = term_counts(texts_frame([text]), TERMS)
    return {row.term: row.count for row in table.itertuples() if row.count}


class Real:
    """The real corpus, cleaned, with the tables of this stage."""

    def __init__(self) -> None:
        documents, self.periods = load_corpus(DATA / "corpus.csv")
        rules = load_rules()
        cleaned = [clean_document(doc.doc_id, doc.raw, rules=rules) for doc in documents]
        self.texts = per_document.texts_table(documents, cleaned)
        self.term_counts = term_counts(self.texts, TERMS)
        self.by_period = period_counts(self.term_counts, self.periods)
        self.kwic = kwic(self.texts, TERMS)
        self.compounds = compounds(self.texts, TERMS)


@pytest.fixture(scope="module")
def results() -> Real:
    return Real()


# --------------------------------------------------------------------------
# term_counts: variants, overlaps, normalisation, boundaries
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("发展人工智能＋行动", {"人工智能+": 1}),
        ("深化拓展“人工智能+”行动", {"人工智能+": 1}),
        ("深化拓展‘人工智能＋’行动", {"人工智能+": 1}),
        ("推动人工智能+制造", {"人工智能+": 1}),
        ("“人工智能+制造”是必答题", {"人工智能+": 1}),
        ("推动AI+制造", {"人工智能+": 1}),
        ("人工智能和人工智能+", {"人工智能": 1, "人工智能+": 1}),
        ("人工智能人工智能", {"人工智能": 2}),
        ("“新质生产力”与新质生产力", {"新质生产力": 2}),
        ("培育“未来产业”和未来产业先导区", {"未来产业": 2}),
        ("６Ｇ技术试验和6G研发", {"6G": 2}),
        ("内存在16GB到32GB之间", {}),
        ("6GHz频段", {}),
        ("第6G代", {"6G": 1}),
        ("５Ｇ－Ａ网络", {"5G-A": 1}),
        ("5G-A和5G-Advanced", {"5G-A": 1}),
        ("GenAI+制造", {}),
        ("“十五五”规划和十五五时期", {"十五五": 2}),
        ("具身智能人形机器人", {"具身智能": 1, "人形机器人": 1}),
        ("专精特新“小巨人”企业", {"专精特新": 1, "小巨人": 1}),
        ("", {}),
    ],
)
def test_term_counts_rules(text: str, expected: dict[str, int]) -> None:
    assert counts_of(text) == expected


def test_compile_terms_prefers_longest_form() -> None:
    pattern, owner = compile_terms(TERMS)
    found = find_terms("人工智能+制造和人工智能", pattern, owner)
    assert found == [(0, 7, "人工智能+"), (8, 12, "人工智能")]
    assert owner["AI+"] == owner["人工智能+制造"] == "人工智能+"


def test_term_counts_zeros_for_every_document_and_term() -> None:
    texts = texts_frame(["新质生产力和未来产业。", "没有任何术语。"], ["a", "b"])
    table = term_counts(texts, TERMS)
    names = [t.term for t in TERMS]
    assert list(table.columns) == [
        "doc_id",
        "period",
        "term",
        "focal",
        "count",
        "chars",
        "per_10k_chars",
    ]
    assert list(table["doc_id"]) == ["d0"] * len(names) + ["d1"] * len(names)
    assert list(table["term"]) == names * 2
    assert list(table["period"]) == ["a"] * len(names) + ["b"] * len(names)
    assert table.loc[table.doc_id == "d1", "count"].eq(0).all()
    first = table[table.doc_id == "d0"].set_index("term")
    assert first.loc["新质生产力", "count"] == 1
    assert first.loc["未来产业", "count"] == 1
    assert first.loc["人工智能", "count"] == 0
    # 11 characters: 1 per 11 characters = 909.0909 per 10,000
    assert first.loc["新质生产力", "chars"] == 11
    assert first.loc["新质生产力", "per_10k_chars"] == pytest.approx(909.0909)
    assert set(table.loc[table.focal, "term"]) == set(FOCAL)


def test_term_counts_rate_of_an_empty_document_is_zero() -> None:
    table = term_counts(texts_frame([""]), TERMS)
    assert table["per_10k_chars"].eq(0.0).all()


# --------------------------------------------------------------------------
# period_counts
# --------------------------------------------------------------------------


def test_period_counts_sums_and_rates() -> None:
    counts = pd.DataFrame(
        [
            ("a1", "P1", "X", 2, 1000),
            ("a1", "P1", "Y", 0, 1000),
            ("a2", "P1", "X", 3, 3000),
            ("a2", "P1", "Y", 1, 3000),
            ("b1", "P2", "X", 0, 500),
            ("b1", "P2", "Y", 4, 500),
        ],
        columns=["doc_id", "period", "term", "count", "chars"],
    )
    periods = pd.DataFrame({"period": ["P1", "P2", "P3"], "label": ["One", "Two", "Three"]})
    table = period_counts(counts, periods)
    assert list(table.columns) == [
        "period",
        "label",
        "term",
        "count",
        "documents",
        "chars",
        "per_10k_chars",
    ]
    expected = [
        ("P1", "One", "X", 5, 2, 4000, 12.5),
        ("P1", "One", "Y", 1, 2, 4000, 2.5),
        ("P2", "Two", "X", 0, 1, 500, 0.0),
        ("P2", "Two", "Y", 4, 1, 500, 80.0),
        ("P3", "Three", "X", 0, 0, 0, 0.0),
        ("P3", "Three", "Y", 0, 0, 0, 0.0),
    ]
    assert [tuple(r) for r in table.itertuples(index=False)] == expected


def test_period_counts_on_the_real_corpus(results: Real) -> None:
    docs = results.term_counts
    by_period = results.by_period
    texts = results.texts
    used = [p for p in results.periods["period"] if (texts.period == p).any()]
    assert list(dict.fromkeys(by_period["period"])) == used
    assert len(by_period) == len(used) * len(TERMS)
    for row in by_period.itertuples():
        in_period = texts[texts.period == row.period]
        assert row.documents == len(in_period)
        assert row.chars == sum(len(re.sub(r"\s", "", t)) for t in in_period.text)
        selected = docs[(docs.period == row.period) & (docs.term == row.term)]
        assert row.count == selected["count"].sum()
        assert row.per_10k_chars == pytest.approx(row.count / row.chars * 10_000, abs=1e-4)
    assert by_period["count"].sum() == docs["count"].sum()


# --------------------------------------------------------------------------
# kwic
# --------------------------------------------------------------------------


def check_kwic_row(text: str, row: pd.Series, width: int) -> None:
    assert text[row.start : row.end] == row.match
    assert text[row.start - len(row.left) : row.end + len(row.right)] == (
        row.left + row.match + row.right
    )
    assert len(row.left) <= width and len(row.right) <= width
    assert "\n" not in row.left + row.match + row.right
    assert row.match in row.sentence and row.sentence in text
    # a Traditional document is matched on its Simplified form and quoted as written
    assert script.to_simplified(normalize_text(row.match)).strip("“”‘’") in {
        normalize_text(f).strip("“”‘’") for t in TERMS if t.term == row.term for f in t.forms
    }


KWIC_TEXT = (
    "第一段,发展人工智能＋行动。\n\n"
    "第二段讲“新质生产力”和未来产业。走遍……人工智能＋制造,很好。\n\n"
    "人工智能和具身智能不是焦点术语。"
)


def test_kwic_quotes_the_clean_text_verbatim() -> None:
    table = kwic(texts_frame([KWIC_TEXT]), TERMS, width=5)
    assert list(table["match"]) == ["人工智能＋", "“新质生产力”", "未来产业", "人工智能＋制造"]
    assert list(table["term"]) == ["人工智能+", "新质生产力", "未来产业", "人工智能+"]
    assert list(table["sentence"]) == [
        "第一段,发展人工智能＋行动。",
        "第二段讲“新质生产力”和未来产业。",
        "第二段讲“新质生产力”和未来产业。",
        "走遍……人工智能＋制造,很好。",
    ]
    assert list(table["left"]) == ["一段,发展", "第二段讲", "生产力”和", "。走遍……"]
    for row in table.itertuples():
        check_kwic_row(KWIC_TEXT, row, width=5)


@pytest.mark.parametrize("limit", [40, 100, 500])
@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_kwic_windows_a_long_sentence_around_the_match(limit: int, where: str) -> None:
    filler = "的发展" * 400  # no sentence mark: one sentence of 1,200+ characters
    body = {"start": "未来产业" + filler, "middle": filler + "未来产业" + filler}.get(
        where, filler + "未来产业"
    )
    text = body + "。\n\n第二段讲新质生产力。"
    table = kwic(texts_frame([text]), TERMS, sentence_max_chars=limit)
    long, short = table.iloc[0], table.iloc[1]
    assert long.match == "未来产业" and bool(long.sentence_windowed)
    assert len(long.sentence) == limit and long.match in long.sentence
    start = text.find(long.sentence)
    assert start <= long.start and long.end <= start + len(long.sentence)
    assert short.sentence == "第二段讲新质生产力。" and not bool(short.sentence_windowed)
    check_kwic_row(text, long, width=20)


def test_kwic_output_grows_linearly_with_an_unpunctuated_text() -> None:
    """Quoted characters per hit are bounded: 10 times the text, 10 times the output."""

    def quoted(repeats: int) -> int:
        text = ("工业和信息化部推动未来产业发展" + "的" * 85) * repeats
        table = kwic(texts_frame([text]), TERMS)
        assert len(table) == repeats
        return int(table["sentence"].str.len().sum())

    assert quoted(200) == 10 * quoted(20)


def test_kwic_all_terms_when_not_focal_only() -> None:
    table = kwic(texts_frame([KWIC_TEXT]), TERMS, focal_only=False)
    assert Counter(table["term"]) == Counter(
        {"人工智能+": 2, "新质生产力": 1, "未来产业": 1, "人工智能": 1, "具身智能": 1}
    )


def test_kwic_on_the_real_corpus_quotes_clean_text(results: Real) -> None:
    table = results.kwic
    texts = results.texts.set_index("doc_id")["text"]
    assert set(table["term"]) == set(FOCAL)
    for row in table.itertuples():
        check_kwic_row(texts[row.doc_id], row, width=20)
    # one row per focal occurrence counted
    counted = results.term_counts
    focal = counted[counted.term.isin(FOCAL)].groupby(["doc_id", "term"])["count"].sum()
    rows = table.groupby(["doc_id", "term"]).size()
    assert rows.to_dict() == focal[focal > 0].to_dict()


# --------------------------------------------------------------------------
# compounds
# --------------------------------------------------------------------------


def test_compounds_are_counted_once_and_listed() -> None:
    text = "今年将大力推动“人工智能+制造”,人工智能＋医疗,AI+教育。深化拓展“人工智能+”。"
    assert counts_of(text) == {"人工智能+": 4}
    table = compounds(texts_frame([text]), TERMS)
    assert list(table.columns) == ["doc_id", "period", "term", "compound", "count"]
    assert dict(zip(table["compound"], table["count"], strict=True)) == {
        "人工智能+制造": 1,
        "人工智能+医疗": 1,
        "人工智能+教育": 1,
    }
    assert set(table["term"]) == {"人工智能+"}


def test_compound_followed_by_more_chinese_is_not_garbled() -> None:
    table = compounds(texts_frame(["人工智能+制造是一个必答题。"]), TERMS)
    assert all(c.startswith("人工智能+制造") for c in table["compound"])


def test_shipped_compounds(results: Real) -> None:
    # In the clean texts 人工智能+ occurs only as ‘人工智能+’ (no compound) and as
    # “人工智能+制造” in the ministers' corridor text.
    table = results.compounds
    norm = results.texts.set_index("doc_id")["norm"]
    corridor = "2026-03-05-ministers-corridor"
    assert norm[corridor].count("人工智能+制造") >= 2
    shipped = table[table["doc_id"].isin(SHIPPED_IDS)]
    assert [tuple(r) for r in shipped.itertuples(index=False)] == [
        (corridor, "2026-03", "人工智能+", "人工智能+制造", norm[corridor].count("人工智能+制造"))
    ]


# --------------------------------------------------------------------------
# Tokens: the user dictionary, and token counts against match counts
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tokenizer():
    return get_tokenizer(DATA / "userdict.txt")


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("因地制宜发展新质生产力", "新质生产力"),
        ("培育未来产业", "未来产业"),
        ("深化拓展人工智能+行动", "人工智能+"),
        ("推动人工智能+制造", "人工智能+制造"),
        ("推动AI+教育", "AI+"),
        ("推进新型工业化", "新型工业化"),
        ("发展具身智能", "具身智能"),
        ("建设现代化产业体系", "现代化产业体系"),
    ],
)
def test_user_dictionary_keeps_terms_whole(tokenizer, text: str, token: str) -> None:
    assert token in segment(normalize_text(text), tokenizer=tokenizer)


def test_without_user_dictionary_new_terms_split() -> None:
    tokens = segment("因地制宜发展新质生产力", tokenizer=get_tokenizer())
    assert "新质生产力" not in tokens
    assert "".join(tokens) == "因地制宜发展新质生产力"


_ASCII = re.compile(r"[A-Za-z0-9]")


def token_based_counts(norm: str, tokenizer, *, word_boundaries: bool) -> Counter[str]:
    """Count each term's token forms among jieba tokens.

    With ``word_boundaries``, a token that begins or ends with an ASCII letter or
    digit is skipped when the text continues with one there (the rule the
    match-based count applies: 6G is not found in 16GB).
    """
    owner = {form: t.term for t in TERMS for form in t.token_forms}
    found: Counter[str] = Counter()
    for word, start, end in tokenizer.tokenize(norm, HMM=False):
        if word not in owner:
            continue
        if word_boundaries and (
            (_ASCII.match(word[0]) and start > 0 and _ASCII.match(norm[start - 1]))
            or (_ASCII.match(word[-1]) and end < len(norm) and _ASCII.match(norm[end]))
        ):
            continue
        found[owner[word]] += 1
    return found


def test_token_counts_agree_with_match_counts(results: Real, tokenizer) -> None:
    counts = results.term_counts.set_index(["doc_id", "term"])["count"]
    for doc in results.texts.itertuples():
        tokens = token_based_counts(doc.norm, tokenizer, word_boundaries=True)
        for term in TERMS:
            assert tokens[term.term] == counts[(doc.doc_id, term.term)], (doc.doc_id, term.term)


def test_token_counts_without_boundaries_overcount_6g_in_16gb(results: Real, tokenizer) -> None:
    # jieba cuts 16GB into 1 / 6G / B: plain token counts find a 6G that is not there.
    counts = results.term_counts.set_index(["doc_id", "term"])["count"]
    differ = {}
    for doc in results.texts.itertuples():
        tokens = token_based_counts(doc.norm, tokenizer, word_boundaries=False)
        for term in TERMS:
            if tokens[term.term] != counts[(doc.doc_id, term.term)]:
                differ[(doc.doc_id, term.term)] = (
                    tokens[term.term] - counts[(doc.doc_id, term.term)]
                )
    assert differ == {("2026-02-china-electronics-news", "6G"): 1}
    norm = results.texts.set_index("doc_id").loc["2026-02-china-electronics-news", "norm"]
    assert "16GB" in norm


def test_user_dictionary_file_matches_the_lexicon() -> None:
    # data/userdict.txt is generated from data/terms.yml; this is the drift check.
    assert (DATA / "userdict.txt").read_text(encoding="utf-8") == userdict_text(load_terms())


def test_userdict_text_format() -> None:
    lines = userdict_text(TERMS).splitlines()
    words = [line.split(" ")[0] for line in lines]
    assert all(re.fullmatch(r"\S+ 100000 nz", line) for line in lines)
    assert len(words) == len(set(words))
    assert {"新质生产力", "未来产业", "人工智能+", "人工智能+制造", "AI+", "十五五"} <= set(words)
    assert not [w for w in words if w[0] in "“‘" or w[-1] in "”’"]


# --------------------------------------------------------------------------
# token_counts and is_content_token
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("发展", True),
        ("新质生产力", True),
        ("5G", True),
        ("AI", True),
        ("的", False),
        ("我们", False),
        ("2025", False),
        ("1.2", False),
        ("1.2万", False),
        ("30%", False),
        ("6000多", False),
        ("第十五", False),
        ("两", False),
        ("，", False),
        ("……", False),
    ],
)
def test_is_content_token(token: str, expected: bool) -> None:
    assert is_content_token(token, stopwords=frozenset({"我们"})) is expected


def test_token_counts_orders_by_document_count_and_word() -> None:
    tokens = [
        ("d1", "p", ["发展", "创新", "发展", "我们", "的", "2025", "创新", "产业"]),
        ("d0", "q", ["制造", "的"]),
    ]
    table = token_counts(tokens, stopwords=frozenset({"我们"}))
    assert [tuple(r) for r in table.itertuples(index=False)] == [
        ("d1", "p", "创新", 2),
        ("d1", "p", "发展", 2),
        ("d1", "p", "产业", 1),
        ("d0", "q", "制造", 1),
    ]


def test_load_stopwords_skips_comments(tmp_path: Path) -> None:
    stop = load_stopwords()
    assert "的" in stop and "我们" in stop
    assert not [w for w in stop if " " in w or "stopwords" in w]
    path = tmp_path / "stop.txt"
    path.write_text("# a comment\n的\n\n  我们  \n＃\n", encoding="utf-8")
    assert load_stopwords(path) == frozenset({"的", "我们", "#"})


# --------------------------------------------------------------------------
# load_terms
# --------------------------------------------------------------------------


def test_load_terms_reads_the_lexicon() -> None:
    assert [t.term for t in TERMS if t.focal] == FOCAL
    ai_plus = next(t for t in TERMS if t.term == "人工智能+")
    assert ai_plus.compounds
    assert ai_plus.forms[0] == "人工智能+"
    assert "人工智能+" in ai_plus.token_forms and "“人工智能+”" not in ai_plus.token_forms
    assert all(t.term == normalize_text(t.term) for t in TERMS)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "terms:\n  - term: 人工智能+\n    variants: [AI+]\n  - term: AI+\n",
            ["entry 2 (AI+)", "form 'AI+' is already a form of '人工智能+'"],
        ),
        (
            "terms:\n  - term: 人工智能+\n  - term: 智能\n    variants: ['人工智能＋']\n",
            ["entry 2 (智能)", "form '人工智能+' is already a form of '人工智能+'"],
        ),
        ("terms:\n  - term: 未来产业\n  - focal: true\n", ["entry 2: needs a 'term'"]),
        ("terms:\n  - term: '  '\n", ["entry 1: needs a 'term'"]),
        (
            "terms:\n  - term: 未来产业\n    variants: 未来\n",
            ["entry 1 (未来产业)", "must be a list"],
        ),
        ("terms: []\n", ["expected a list under 'terms:'"]),
        ("other: 1\n", ["expected a list under 'terms:'"]),
    ],
    ids=[
        "form-claimed-twice",
        "full-width-form-claimed-twice",
        "missing-term",
        "blank-term",
        "variants-not-a-list",
        "empty-list",
        "no-terms-key",
    ],
)
def test_load_terms_errors_name_file_and_entry(
    tmp_path: Path, content: str, expected: list[str]
) -> None:
    path = tmp_path / "terms.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_terms(path)
    assert len(info.value.problems) == 1
    assert info.value.problems[0].startswith(f"{path}: ")
    for part in expected:
        assert part in info.value.problems[0]


def test_load_terms_reports_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "terms.yml"
    path.write_text(
        "terms:\n  - term: A\n  - focal: true\n  - term: B\n    variants: [A]\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_terms(path)
    assert len(info.value.problems) == 2
    assert "entry 2: needs a 'term'" in info.value.problems[0]
    assert "entry 3 (B): form 'A'" in info.value.problems[1]


def test_load_terms_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        load_terms(tmp_path / "nope.yml")


def test_term_forms_are_normalised_and_unique() -> None:
    term = Term("人工智能+", variants=("人工智能＋", "人工智能+", "“人工智能＋”"))
    assert term.forms == ("人工智能+", "“人工智能+”")
    assert term.token_forms == ("人工智能+",)


# --------------------------------------------------------------------------
# The real corpus
# --------------------------------------------------------------------------


def test_real_term_counts_cover_every_document_and_term(results: Real) -> None:
    table = results.term_counts
    assert len(table) == results.texts["doc_id"].nunique() * len(TERMS)
    assert not table.duplicated(["doc_id", "term"]).any()
    texts = results.texts.set_index("doc_id")
    for row in table.itertuples():
        norm = texts.loc[row.doc_id, "norm"]
        chars = texts.loc[row.doc_id, "chars"]
        assert row.per_10k_chars == pytest.approx(row.count / chars * 10_000, abs=1e-4)
        if row.term == "人工智能":  # never inside 人工智能+
            assert row.count == norm.count("人工智能") - norm.count("人工智能+")
        elif row.term in ("新质生产力", "未来产业", "十五五", "十四五", "专精特新"):
            assert row.count == norm.count(row.term)
