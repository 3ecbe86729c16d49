"""Tests for policytext.segment and policytext.tokens: workers, the token cache, token_counts.

The cache tests count what was read back and what was segmented again
(``TokenCache.hits`` / ``misses``) and check every result against a plain
one-process segmentation with no cache. No test measures time: the
benchmarks are in ``bench/``.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter
from pathlib import Path

import jieba
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytext import pipeline, segment
from policytext.corpus import load_corpus
from policytext.counts import is_content_token, token_counts
from policytext.lexicon import Term, load_stopwords, load_terms, userdict_text
from policytext.segment import (
    changed_words,
    default_workers,
    get_tokenizer,
    segment_many,
    userdict_words,
)
from policytext.text import normalize_text
from policytext.tokens import TokenCache, tokenize

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
TERMS = load_terms()
STOPWORDS = load_stopwords()


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """The corpus's raw documents, normalised: real text with chrome, HTML and the terms."""
    return [normalize_text(d.raw) for d in load_corpus(DATA / "corpus.csv")[0]]


def write_userdict(folder: Path, terms: list[Term], name: str = "userdict.txt") -> Path:
    path = folder / name
    path.write_text(userdict_text(terms), encoding="utf-8")
    return path


def plain(texts: list[str], userdict: Path) -> list[list[str]]:
    """The reference: one process, no cache."""
    tokenizer = get_tokenizer(userdict)
    return [segment.segment(text, tokenizer=tokenizer) for text in texts]


@pytest.fixture
def always_parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use a pool however little text there is."""
    monkeypatch.setattr(segment, "PARALLEL_MIN_CHARS", 0)


# --------------------------------------------------------------------------
# The user dictionary, in this process and in workers
# --------------------------------------------------------------------------


def test_user_dictionary_keeps_a_term_whole(tmp_path: Path) -> None:
    userdict = write_userdict(tmp_path, TERMS)
    assert "新质生产力" in plain(["因地制宜发展新质生产力"], userdict)[0]
    assert "新质生产力" not in segment.segment("发展新质生产力", tokenizer=get_tokenizer())


@pytest.mark.parametrize(
    "method", [m for m in ("fork", "spawn") if m in multiprocessing.get_all_start_methods()]
)
def test_user_dictionary_is_active_in_workers(
    tmp_path: Path, always_parallel: None, method: str
) -> None:
    userdict = write_userdict(tmp_path, TERMS)
    jobs = [(str(i), "因地制宜发展新质生产力，培育未来产业。") for i in range(4)]
    results = list(segment_many(jobs, userdict=userdict, workers=2, start_method=method))
    assert [key for key, _ in results] == ["0", "1", "2", "3"]
    for _, tokens in results:
        assert "新质生产力" in tokens and "未来产业" in tokens


def test_parallel_result_is_identical_to_serial(
    tmp_path: Path, texts: list[str], always_parallel: None
) -> None:
    userdict = write_userdict(tmp_path, TERMS)
    many = texts * 3 + ["", "  \n ", "AI+制造 与 人工智能+ 。"]
    jobs = [(str(i), text) for i, text in enumerate(many)]
    parallel = [tokens for _, tokens in segment_many(jobs, userdict=userdict, workers=2)]
    assert parallel == plain(many, userdict)


def test_tokenize_texts_parallel_and_cached_equal_the_plain_reference(
    tmp_path: Path, always_parallel: None
) -> None:
    results = pipeline.run()
    texts = results.texts
    reference = pipeline.tokenize_texts(texts, terms=TERMS, workers=1, cache=False)
    parallel = pipeline.tokenize_texts(texts, terms=TERMS, workers=2, cache=False)
    cold = pipeline.tokenize_texts(texts, terms=TERMS, workers=2, cache=tmp_path / "tokens")
    warm = pipeline.tokenize_texts(texts, terms=TERMS, workers=2, cache=tmp_path / "tokens")
    assert parallel == reference
    assert cold == reference
    assert warm == reference
    assert [doc_id for doc_id, _, _ in warm] == list(texts["doc_id"])
    assert any("新质生产力" in tokens for _, _, tokens in warm)


def test_default_workers_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYTEXT_WORKERS", "3")
    assert default_workers() == 3
    monkeypatch.setenv("POLICYTEXT_WORKERS", "not a number")
    assert default_workers() >= 1


# --------------------------------------------------------------------------
# The token cache: hits and misses
# --------------------------------------------------------------------------


def cached(texts: list[str], userdict: Path, root: Path) -> tuple[list[list[str]], TokenCache]:
    cache = TokenCache(userdict.read_text(encoding="utf-8"), root=root)
    return tokenize(texts, userdict=userdict, cache=cache, workers=1), cache


def test_same_content_and_lexicon_is_read_back(tmp_path: Path, texts: list[str]) -> None:
    userdict = write_userdict(tmp_path, TERMS)
    first, cache = cached(texts, userdict, tmp_path / "tokens")
    assert (cache.hits, cache.misses) == (0, len(texts))
    second, cache = cached(texts, userdict, tmp_path / "tokens")
    assert (cache.hits, cache.misses) == (len(texts), 0)
    assert first == second == plain(texts, userdict)


def test_one_changed_document_alone_is_segmented_again(tmp_path: Path, texts: list[str]) -> None:
    userdict = write_userdict(tmp_path, TERMS)
    cached(texts, userdict, tmp_path / "tokens")
    changed = [*texts]
    changed[2] = changed[2] + "\n新增一段：加快发展新质生产力。"
    tokens, cache = cached(changed, userdict, tmp_path / "tokens")
    assert (cache.hits, cache.misses) == (len(texts) - 1, 1)
    assert tokens == plain(changed, userdict)


def test_added_document_alone_is_segmented(tmp_path: Path, texts: list[str]) -> None:
    userdict = write_userdict(tmp_path, TERMS)
    cached(texts, userdict, tmp_path / "tokens")
    more = [*texts, "一篇新的文档：推动人工智能+制造。"]
    tokens, cache = cached(more, userdict, tmp_path / "tokens")
    assert (cache.hits, cache.misses) == (len(texts), 1)
    assert tokens == plain(more, userdict)


def test_edited_lexicon_resegments_the_documents_it_touches(tmp_path: Path) -> None:
    texts = [
        "推动低空经济发展，培育新质生产力。",  # contains the new term
        "加快建设现代化产业体系。",  # does not
        "低空经济是战略性新兴产业。",  # contains it
    ]
    old = write_userdict(tmp_path, TERMS, "old.txt")
    new = write_userdict(tmp_path, [*TERMS, Term(term="低空经济")], "new.txt")
    before, _ = cached(texts, old, tmp_path / "tokens")
    assert "低空经济" not in before[0]
    after, cache = cached(texts, new, tmp_path / "tokens")
    assert (cache.hits, cache.stale, cache.misses) == (1, 2, 2)
    assert after == plain(texts, new)
    assert "低空经济" in after[0] and "低空经济" in after[2]
    # ... and back: removing the term touches the same documents.
    again, cache = cached(texts, old, tmp_path / "tokens")
    assert (cache.hits, cache.stale) == (1, 2)
    assert again == before


def test_edited_lexicon_with_a_form_everywhere_resegments_everything(
    tmp_path: Path, texts: list[str]
) -> None:
    old = write_userdict(tmp_path, TERMS, "old.txt")
    # A new frequency for a word every document contains, 工业: all are segmented again.
    edited = userdict_text(TERMS) + "工业 5 n\n"
    new = tmp_path / "new.txt"
    new.write_text(edited, encoding="utf-8")
    cached(texts, old, tmp_path / "tokens")
    tokens, cache = cached(texts, new, tmp_path / "tokens")
    assert cache.hits == 0 and cache.misses == len(texts)
    assert tokens == plain(texts, new)


def test_damaged_entry_is_a_miss(tmp_path: Path) -> None:
    userdict = write_userdict(tmp_path, TERMS)
    texts = ["发展新质生产力。", "培育未来产业。"]
    _, cache = cached(texts, userdict, tmp_path / "tokens")
    cache.path(cache.key(texts[0])).write_bytes(b"\xff\xfe not the format")
    tokens, cache = cached(texts, userdict, tmp_path / "tokens")
    assert (cache.hits, cache.misses) == (1, 1)
    assert tokens == plain(texts, userdict)


def test_repeated_text_is_segmented_once(tmp_path: Path) -> None:
    userdict = write_userdict(tmp_path, TERMS)
    texts = ["发展新质生产力。", "培育未来产业。", "发展新质生产力。"]
    tokens, cache = cached(texts, userdict, tmp_path / "tokens")
    assert cache.misses == 2
    assert tokens == plain(texts, userdict)
    assert tokens[0] is not tokens[2]  # separate lists: editing one leaves the other


def test_empty_text_is_cached_as_no_tokens(tmp_path: Path) -> None:
    userdict = write_userdict(tmp_path, TERMS)
    cached(["", " \n"], userdict, tmp_path / "tokens")
    tokens, cache = cached(["", " \n"], userdict, tmp_path / "tokens")
    assert tokens == [[], []] and cache.hits == 2


# --------------------------------------------------------------------------
# Why a lexicon edit can only touch texts that contain an edited word
# --------------------------------------------------------------------------


def test_user_dictionary_leaves_the_frequency_total_alone(tmp_path: Path) -> None:
    userdict = write_userdict(tmp_path, TERMS)
    assert get_tokenizer(userdict).total == get_tokenizer().total


def test_changed_words() -> None:
    old = "新质生产力 100000 nz\n未来产业 100000 nz\n6G 100000 nz\n"
    new = "新质生产力 100000 nz\n未来产业 5 nz\n低空经济 100000 nz\n"
    assert changed_words(old, new) == {"未来产业", "6G", "低空经济"}
    assert changed_words(old, old) == frozenset()
    assert userdict_words("\ufeff人工智能+ 100000 nz\n大模型\n") == {
        "人工智能+": "100000",
        "大模型": None,
    }


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    return [
        s
        for path in sorted(DATA.glob("raw/*"))
        for s in normalize_text(path.read_text(encoding="utf-8")).split("。")
        if len(s) > 4
    ]


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_a_new_word_changes_no_text_without_it(data: st.DataObject, sentences, tmp_path_factory):
    """The property the cache rests on, for words added the way get_tokenizer adds them."""
    sentence = data.draw(st.sampled_from(sentences))
    other = data.draw(st.sampled_from(sentences))  # a stretch of another sentence as new word
    start = data.draw(st.integers(0, len(other) - 2))
    word = other[start : start + data.draw(st.integers(2, 5))].strip()
    if len(word) < 2 or word in sentence or " " in word:
        return
    old = get_tokenizer(_base_userdict(tmp_path_factory))
    new = jieba.Tokenizer()  # what get_tokenizer does, without keeping every version cached
    new.FREQ, new.total, new.initialized = dict(old.FREQ), old.total, True
    new.add_word(word, 100_000, "nz")
    new.total = old.total
    assert segment.segment(sentence, tokenizer=old) == segment.segment(sentence, tokenizer=new)


def _base_userdict(factory: pytest.TempPathFactory) -> Path:
    path = factory.getbasetemp() / "segment-base-userdict.txt"
    if not path.exists():
        path.write_text(userdict_text(TERMS), encoding="utf-8")
    return path


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


def test_token_counts_equal_the_reference_on_the_corpus() -> None:
    results = pipeline.run()
    tokens = pipeline.tokenize_texts(results.texts, terms=TERMS, workers=1, cache=False)
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


# --------------------------------------------------------------------------- DagCutter


@pytest.fixture(scope="module")
def lexicon_tokenizer(tmp_path_factory: pytest.TempPathFactory) -> jieba.Tokenizer:
    return segment.get_tokenizer(write_userdict(tmp_path_factory.mktemp("dict"), TERMS))


def test_dag_cutter_gives_jiebas_words_on_the_corpus(
    texts: list[str], lexicon_tokenizer: jieba.Tokenizer
) -> None:
    cutter = segment.cutter(lexicon_tokenizer)
    for text in texts:
        assert cutter.lcut(text) == lexicon_tokenizer.lcut(text, HMM=False)
    # and on the raw pages, markup, Latin text and all
    for path in sorted((DATA / "raw").glob("*.txt")):
        raw = path.read_bytes().decode("utf-8-sig", errors="replace")
        assert cutter.lcut(raw) == lexicon_tokenizer.lcut(raw, HMM=False), path.name


# Characters that make jieba take every path: words and their prefixes, the
# lexicon's forms, letters, digits and the symbols jieba keeps in a block, spaces.
_PIECES = [
    *"新质生产力未来产业人工智能+制造中小企业工业和信息化部",
    *"aAZz09.#&%_-",
    *" \t\n\r\u3000。，、",
]
_PIECES += ["人工智能+", "新质生产力", "6G", "AI+", "\r\n", "的", "了"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_dag_cutter_gives_jiebas_words_on_any_text(text: str) -> None:
    tokenizer = segment.get_tokenizer()
    assert segment.cutter(tokenizer).lcut(text) == tokenizer.lcut(text, HMM=False)


def test_dag_cutter_follows_a_changed_dictionary() -> None:
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total = (
        dict(segment.get_tokenizer().FREQ),
        segment.get_tokenizer().total,
    )
    tokenizer.initialized = True
    before = segment.cutter(tokenizer).lcut("低空经济发展")
    tokenizer.add_word("低空经济", 100000)
    after = segment.cutter(tokenizer).lcut("低空经济发展")
    assert before != after == tokenizer.lcut("低空经济发展", HMM=False)
