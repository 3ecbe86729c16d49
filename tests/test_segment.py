"""Tests for policytext.segment: jieba's words by rjieba, and token_counts.

The reference is jieba itself: ``jieba.lcut(text, HMM=False)`` after
``jieba.load_userdict`` of the user dictionary. The pipeline's segmenter
(rjieba) must give the same words on the shipped corpus and on generated text,
under the lexicon's dictionary and under generated ones.
"""

from __future__ import annotations

import random
from collections import Counter
from functools import cache
from pathlib import Path

import jieba
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytext import per_document, pipeline, segment
from policytext.corpus import load_corpus
from policytext.counts import is_content_token, token_counts
from policytext.lexicon import load_stopwords, load_terms, userdict_text
from policytext.segment import default_workers, get_tokenizer, segmenter

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
TERMS = load_terms()
STOPWORDS = load_stopwords()
USERDICT = userdict_text(TERMS)


def write_userdict(folder: Path, text: str, name: str = "userdict.txt") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> jieba.Tokenizer:
    """jieba with the lexicon's user dictionary loaded by ``load_userdict``."""
    return get_tokenizer(write_userdict(tmp_path_factory.mktemp("dict"), USERDICT))


def fresh_jieba(userdict: Path) -> jieba.Tokenizer:
    """A new jieba tokenizer (its own dictionary load) with ``userdict`` loaded: jieba alone."""
    segment.ensure_jieba_cache()
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(segment.cache_dir())
    tokenizer.load_userdict(str(userdict))
    return tokenizer


@cache
def lexicon_jieba() -> jieba.Tokenizer:
    """jieba with the lexicon's user dictionary (for tests that cannot take a fixture)."""
    return jieba_copy(USERDICT)


def jieba_copy(userdict: str) -> jieba.Tokenizer:
    """jieba's main dictionary (copied, not reloaded) with a user dictionary's lines added."""
    base = get_tokenizer()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = dict(base.FREQ), base.total, True
    for line in userdict.splitlines():
        word, freq, tag = jieba.re_userdict.match(line.strip()).groups()
        tokenizer.add_word(word, freq.strip(), tag.strip() if tag else None)
    return tokenizer


# --------------------------------------------------------------------------
# The reference is jieba as jieba loads a user dictionary
# --------------------------------------------------------------------------


def test_reference_loads_the_user_dictionary_as_jieba_does(tmp_path: Path) -> None:
    userdict = write_userdict(tmp_path, USERDICT)
    ours, theirs = get_tokenizer(userdict), fresh_jieba(userdict)
    assert ours.total == theirs.total  # the user frequencies count in the total, as in jieba
    assert ours.FREQ == theirs.FREQ


# --------------------------------------------------------------------------
# rjieba gives jieba's words
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped_texts() -> pd.DataFrame:
    return pipeline.run(workers=1).texts


def test_shipped_corpus_tokens_are_jiebas(
    shipped_texts: pd.DataFrame, reference: jieba.Tokenizer
) -> None:
    words = segmenter(USERDICT)
    for doc_id, text in zip(
        shipped_texts["doc_id"], shipped_texts[per_document.SEGMENTED_COLUMN], strict=True
    ):
        assert words.cut(text, False) == reference.lcut(text, HMM=False), doc_id


def test_shipped_tokenize_texts_are_jiebas_without_whitespace(
    shipped_texts: pd.DataFrame, reference: jieba.Tokenizer
) -> None:
    tokens = per_document.tokenize_texts(shipped_texts, terms=TERMS)
    assert [doc_id for doc_id, _, _ in tokens] == list(shipped_texts["doc_id"])
    assert [period for _, period, _ in tokens] == list(shipped_texts["period"])
    for (_, _, words), text in zip(
        tokens, shipped_texts[per_document.SEGMENTED_COLUMN], strict=True
    ):
        assert words == [w for w in reference.lcut(text, HMM=False) if w.strip()]


def test_shipped_raw_pages_tokens_are_jiebas(reference: jieba.Tokenizer) -> None:
    # The raw pages: markup, Latin text, digits and every kind of space.
    words = segmenter(USERDICT)
    for document in load_corpus(DATA / "corpus.csv")[0]:
        raw = document.raw
        assert words.cut(raw, False) == reference.lcut(raw, HMM=False), document.file


# Generated text: the user dictionary's words, their characters (so prefixes and
# overlaps of the words), letters, digits and the symbols jieba keeps in a block,
# punctuation and spaces.
_WORDS = [line.split()[0] for line in USERDICT.splitlines()]
_PIECES = sorted(
    {*_WORDS, *"".join(_WORDS), *"发展的了和中小企业工业", *"aAZz09.#&%_-+", *" \t\n\r\u3000。，、"}
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_generated_text_tokens_are_jiebas(text: str) -> None:
    assert segmenter(USERDICT).cut(text, False) == lexicon_jieba().lcut(text, HMM=False)


def random_userdict(rng: random.Random, source: str) -> str:
    """A user dictionary of stretches of ``source`` (new words and jieba's own) at any frequency."""
    lines = []
    for _ in range(rng.randint(1, 30)):
        start = rng.randrange(len(source) - 6)
        word = source[start : start + rng.randint(1, 6)]
        if word.strip() == word and word and not any(c.isspace() for c in word):
            lines.append(f"{word} {rng.choice([1, 3, 50, 1000, 100_000, 10**7])} nz")
    return "\n".join(lines) + "\n"


def test_generated_dictionaries_and_text_tokens_are_jiebas(
    shipped_texts: pd.DataFrame,
) -> None:
    # Seeded: twenty user dictionaries cut from the corpus (so they re-weight words jieba
    # knows, too), each with a hundred strings of their words and the corpus's characters.
    rng = random.Random(16)
    source = "".join(shipped_texts[per_document.SEGMENTED_COLUMN])
    chars = sorted(set(source))
    for _ in range(20):
        userdict = random_userdict(rng, source)
        words = [line.split()[0] for line in userdict.splitlines()]
        ours, theirs = segmenter(userdict), jieba_copy(userdict)
        for _ in range(100):
            text = "".join(
                rng.choice(words) if rng.random() < 0.4 else rng.choice(chars)
                for _ in range(rng.randint(1, 30))
            )
            assert ours.cut(text, False) == theirs.lcut(text, HMM=False), (userdict, text)


def test_user_dictionary_keeps_a_term_whole() -> None:
    assert "新质生产力" in segment.segment("因地制宜发展新质生产力", tokenizer=segmenter(USERDICT))
    assert "新质生产力" not in segment.segment("因地制宜发展新质生产力", tokenizer=segmenter())


def test_segment_drops_whitespace() -> None:
    text = "发展 新质生产力\n\r\n\t培育　未来产业"
    words = segment.segment(text, tokenizer=segmenter(USERDICT))
    assert words == [w for w in segmenter(USERDICT).cut(text, False) if w.strip()]
    assert all(w.strip() == w and w for w in words)


def test_a_line_without_frequency_is_refused() -> None:
    # jieba-rs suggests a missing frequency differently from jieba.
    with pytest.raises(ValueError, match="大模型"):
        segmenter("人工智能+ 100000 nz\n大模型\n")


def test_tokenize_texts_segments_the_one_segmented_column(reference: jieba.Tokenizer) -> None:
    texts = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "period": ["p1", "p2"],
            per_document.SEGMENTED_COLUMN: ["发展新质生产力", ""],
            "other": ["不是这一列", "也不是"],
        }
    )
    tokens = per_document.tokenize_texts(texts, terms=TERMS)
    expected = [reference.lcut(text, HMM=False) for text in texts[per_document.SEGMENTED_COLUMN]]
    assert tokens == [("a", "p1", expected[0]), ("b", "p2", [])]
    assert "新质生产力" in expected[0]


def test_default_workers_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYTEXT_WORKERS", "3")
    assert default_workers() == 3
    monkeypatch.delenv("POLICYTEXT_WORKERS")
    assert default_workers() >= 1


# --------------------------------------------------------------------------
# token_counts: the same table as the straightforward per-document version
# --------------------------------------------------------------------------


def reference_token_counts(tokens, *, stopwords, min_chars=2) -> pd.DataFrame:
    """token_counts as it was first written: one small frame per document."""
    frames = []
    for doc_id, period, words in tokens:
        counted = Counter(
            w for w in words if is_content_token(w, stopwords=stopwords, min_chars=min_chars)
        )
        frame = pd.DataFrame({"term": list(counted), "count": list(counted.values())})
        frame = frame.sort_values(["count", "term"], ascending=[False, True], kind="stable")
        frame.insert(0, "period", period)
        frame.insert(0, "doc_id", doc_id)
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=["doc_id", "period", "term", "count"])
    return pd.concat(frames, ignore_index=True)


def test_shipped_token_counts_equal_the_reference() -> None:
    tokens = per_document.tokenize_texts(pipeline.run().texts, terms=TERMS)
    pd.testing.assert_frame_equal(
        token_counts(tokens, stopwords=STOPWORDS),
        reference_token_counts(tokens, stopwords=STOPWORDS),
    )


WORDS = ["发展", "创新", "产业", "的", "我们", "2025", "AI", "新质生产力", "，", "人工智能+", "aB"]


@settings(max_examples=60, deadline=None)
@given(
    docs=st.lists(
        st.tuples(
            st.sampled_from(["2025-06", "2026-01", "2026-03"]),
            st.lists(st.sampled_from(WORDS), min_size=1, max_size=30).filter(
                lambda words: any(w not in ("的", "我们", "2025", "，") for w in words)
            ),
        ),
        min_size=1,
        max_size=6,
    ),
    min_chars=st.integers(1, 3),
)
def test_token_counts_equal_the_reference(docs, min_chars: int) -> None:
    tokens = [(f"d{i}", period, words) for i, (period, words) in enumerate(docs)]
    stop = frozenset({"的", "我们"})
    new = token_counts(tokens, stopwords=stop, min_chars=min_chars)
    old = reference_token_counts(tokens, stopwords=stop, min_chars=min_chars)
    if (old["count"].dtype == "float64") or old.empty:
        # The reference turns counts into floats when a document keeps no word.
        old = old.astype({"count": "int64"}) if not old.empty else old
        pd.testing.assert_frame_equal(new, old, check_dtype=False)
    else:
        pd.testing.assert_frame_equal(new, old)


def test_token_counts_of_documents_without_content_words() -> None:
    table = token_counts([("d1", "p", ["的", "，"])], stopwords=frozenset({"的"}))
    assert list(table.columns) == ["doc_id", "period", "term", "count"]
    assert table.empty and table["count"].dtype == "int64"
    mixed = token_counts(
        [("d1", "p", ["的"]), ("d2", "p", ["发展", "发展"])], stopwords=frozenset({"的"})
    )
    assert [tuple(r) for r in mixed.itertuples(index=False)] == [("d2", "p", "发展", 2)]
    assert mixed["count"].dtype == "int64"
