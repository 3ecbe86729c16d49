"""Tests for policytext.schema: one message per problem, naming file, entry and field.

Each case is a configuration file written by the test (terms.yml, themes.yml,
indicators.yml and its scopes, articles.yml, speakers.yml, periods.csv,
corpus.csv) and the messages its loader must give, in order (the loaders' own
checks across entries are also tested beside each module: test_counts.py,
test_themes.py …).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policytext import figures
from policytext.articles import load_article_rules
from policytext.attribution import load_speaker_rules
from policytext.corpus import load_corpus, load_periods
from policytext.errors import InputError
from policytext.figures import ScopeRules, load_indicator_rules, load_indicators, load_scope_rules
from policytext.lexicon import load_terms
from policytext.themes import load_themes

CASES = [
    (
        load_terms,
        "terms:\n  - term: 未来产业\n    focal: maybe\n",
        ["entry 1 (未来产业): 'focal' must be true or false"],
    ),
    (
        load_terms,
        "terms:\n  - term: 未来产业\n    varients: [未来]\n",
        ["entry 1 (未来产业): unknown key 'varients'"],
    ),
    (
        load_terms,
        "terms:\n  - term: 未来产业\n    variants: [未来, [x]]\n",
        ["entry 1 (未来产业): variant 2 (['x']) is not text; put it in quotes"],
    ),
    (
        load_terms,
        "terms:\n  - just a word\n  - term: 2025\n    pinyin:\n",
        ["entry 1: expected a mapping with term"],
    ),
    (
        load_themes,
        "themes:\n  - id: ai\n    label: AI\n    terms: [AI]\n    label_zh: [人工智能]\n",
        ["theme 1 (ai): 'label_zh' must be text"],
    ),
    (
        load_themes,
        "themes:\n  - id: ai\n    label: AI\n    terms: [AI, '', 6, AI]\n",
        [
            "theme 1 (ai): term 2 is empty",
            "theme 1 (ai): term 3 (6) is not text; put it in quotes",
            "theme 1 (ai): term 'AI' is listed twice",
        ],
    ),
    (
        load_themes,
        "themes:\n  - id: ai\n    label: ' '\n    terms: AI\n",
        ["theme 1 (ai): missing 'label'", "theme 1 (ai): 'terms' must be a list"],
    ),
]


@pytest.mark.parametrize(("loader", "content", "expected"), CASES)
def test_messages_name_file_entry_and_field(
    tmp_path: Path, loader, content: str, expected: list[str]
) -> None:
    path = tmp_path / "config.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        loader(path)
    assert info.value.problems == [f"{path}: {message}" for message in expected]


def test_numbers_and_empty_keys_read_as_text_in_terms(tmp_path: Path) -> None:
    path = tmp_path / "terms.yml"
    path.write_text("terms:\n  - term: 2025\n    pinyin:\n    variants:\n", encoding="utf-8")
    (term,) = load_terms(path)
    assert (term.term, term.pinyin, term.variants, term.focal) == ("2025", "", (), False)


# --------------------------------------------------------------------------
# indicators.yml, its scopes, articles.yml, speakers.yml
# --------------------------------------------------------------------------

INDICATOR = "{id: firms, label: Firms, unit: 家, patterns: ['企业']}"
ARTICLES = (
    "articles:\n  max_headline_chars: 40\n  min_headline_chars: 4\n"
    "  sentence_end: ['。']\n  kicker_lines: 2\n  datelines: ['本报讯']\n"
)
SPEAKERS = (
    "max_subject_chars: 60\n"
    "verbs: ['表示']\n"
    "organiser_verbs: ['召开']\n"
    "meeting_organisers: {minister: miit}\n"
    "continuations: ['^此外']\n"
    "not_after: ['对']\n"
    "adverbs: ['也']\n"
    "pronouns: ['他']\n"
    "meetings: ['会议']\n"
    "speakers:\n"
    "  - {type: minister, person: true, pattern: '李乐成'}\n"
    "titles:\n"
    "  company: ['CEO']\n"
)


def _edit(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


SECTION_CASES = [
    (
        load_indicators,
        f"indicators:\n  - {INDICATOR}\n  - {{id: b, label: B, unit: 家, patterns: ['(']}}\n",
        [
            "indicator 2 (b): 'patterns': invalid regex '(' (missing ), unterminated subpattern at position 0)"
        ],
    ),
    (
        load_indicators,
        f"indicators:\n  - {INDICATOR}\n  - {_edit(INDICATOR, 'firms', 'firms, scope: city')}\n",
        [
            "indicator 2 (firms): 'scope' must be one of national, local, world, any, not 'city'",
        ],
    ),
    (
        load_indicators,
        f"indicators:\n  - {INDICATOR}\n  - {INDICATOR}\n",
        ["indicator 2 (firms): duplicate id 'firms' (also indicator 1)"],
    ),
    (
        load_indicators,
        "indicators:\n  - {id: x, label: X, unit: ' ', patterns: ['a'], exclude: [2]}\n",
        [
            "indicator 1 (x): 'unit' must be a non-empty string",
            "indicator 1 (x): 'exclude': 2 is not a non-empty string",
        ],
    ),
    (
        load_scope_rules,
        "scopes:\n  world: {a: 1}\n  town: ['市']\n",
        ["scopes: 'world' must be a list of regexes", "scopes: unknown key 'town'"],
    ),
    (
        load_scope_rules,
        "scopes: ['全国']\n",
        ["'scopes:' must be a mapping of scope -> list of regexes"],
    ),
    (
        load_article_rules,
        _edit(ARTICLES, "kicker_lines: 2", "kicker_lines: true"),
        ["articles: 'kicker_lines' must be a positive integer"],
    ),
    (
        load_article_rules,
        _edit(ARTICLES, "sentence_end: ['。']", "sentence_end: ['。', '']"),
        ["articles: 'sentence_end' must be a list of non-empty strings"],
    ),
    (
        load_article_rules,
        _edit(ARTICLES, "  kicker_lines: 2\n", ""),
        ["articles: missing key 'kicker_lines'"],
    ),
    (load_article_rules, "articles: [a]\n", ["expected an 'articles:' mapping at the top level"]),
    (
        load_speaker_rules,
        _edit(SPEAKERS, "{type: minister, person: true,", "{type: boss, person: true,"),
        [
            "speakers: entry 1: type 'boss' is not one of minister, miit, central_body, "
            "local_government, company, research_body"
        ],
    ),
    (
        load_speaker_rules,
        _edit(SPEAKERS, "person: true", "persons: true"),
        ["speakers: entry 1: unknown key 'persons'"],
    ),
    (
        load_speaker_rules,
        _edit(SPEAKERS, "  - {type: minister", "  - just a name\n  - {type: minister"),
        ["speakers: entry 1: expected a mapping"],
    ),
    (
        load_speaker_rules,
        _edit(SPEAKERS, "pattern: '李乐成'", "pattern: ''"),
        ["speakers: entry 1: 'pattern' must be a non-empty regex"],
    ),
    (
        load_speaker_rules,
        _edit(SPEAKERS, "  company: ['CEO']", "  boss: ['CEO']\n  journalist: ['记者']"),
        ["titles: 'boss' is not a speaker type", "titles: 'journalist' is not a speaker type"],
    ),
    (
        load_speaker_rules,
        _edit(
            SPEAKERS,
            "meeting_organisers: {minister: miit}\n",
            "meeting_organiser: {minister: miit}\n",
        ),
        ["missing key 'meeting_organisers'", "unknown key 'meeting_organiser'"],
    ),
    (
        load_speaker_rules,
        _edit(SPEAKERS, "verbs: ['表示']", "verbs: []"),
        ["'verbs' must be a non-empty list of regexes"],
    ),
]


@pytest.mark.parametrize(("loader", "content", "expected"), SECTION_CASES)
def test_section_messages_name_file_entry_and_key(
    tmp_path: Path, loader, content: str, expected: list[str]
) -> None:
    path = tmp_path / "config.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        loader(path)
    assert info.value.problems == [f"{path}: {message}" for message in expected]


@pytest.mark.parametrize(
    ("loader", "content"),
    [
        (load_indicators, f"indicators:\n  - {INDICATOR}\n"),
        (load_article_rules, ARTICLES),
        (load_speaker_rules, SPEAKERS),
    ],
)
def test_the_valid_files_of_the_cases_load(tmp_path: Path, loader, content: str) -> None:
    path = tmp_path / "config.yml"
    path.write_text(content, encoding="utf-8")
    assert loader(path)


def test_a_file_without_scopes_has_no_scope_cues(tmp_path: Path) -> None:
    path = tmp_path / "indicators.yml"
    path.write_text(f"indicators:\n  - {INDICATOR}\n", encoding="utf-8")
    assert load_scope_rules(path) == ScopeRules()
    assert load_indicator_rules(path).scopes == ScopeRules()


def test_the_indicators_file_is_read_once_and_both_sections_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "indicators.yml"
    path.write_text(
        f"indicators:\n  - {INDICATOR}\n  - {INDICATOR}\nscopes:\n  town: ['市']\n",
        encoding="utf-8",
    )
    reads: list[Path] = []
    real = figures.rules.load_yaml

    def counted(file: Path) -> object:
        reads.append(file)
        return real(file)

    monkeypatch.setattr(figures.rules, "load_yaml", counted)
    with pytest.raises(InputError) as info:
        load_indicator_rules(path)
    assert reads == [path]
    assert info.value.problems == [
        f"{path}: indicator 2 (firms): duplicate id 'firms' (also indicator 1)",
        f"{path}: scopes: unknown key 'town'",
    ]
    path.write_text(f"indicators:\n  - {INDICATOR}\nscopes:\n  local: ['市']\n", "utf-8")
    rules = load_indicator_rules(path)
    assert [indicator.id for indicator in rules.indicators] == ["firms"]
    assert rules.scopes == load_scope_rules(path) != ScopeRules()


# --------------------------------------------------------------------------
# periods.csv and corpus.csv: rows numbered as records, the header row 1
# --------------------------------------------------------------------------

MANIFEST_HEADER = "doc_id,file,title,title_en,outlet,date,date_note,period,url,notes\n"
MANIFEST_ROW = "doc-a,a.txt,标题,Title,Outlet,2026-03-05,,2026-03,,\n"

ROW_CASES = [
    (
        "periods",
        "period,label\n2026-03,March\n2026-03,Again\n",
        ["row 3: duplicate period '2026-03'"],
    ),
    (
        "periods",
        "period,label,start\n2026-03,March,\nspring,Spring,\nsummer,Summer,June\n",
        [
            "row 3: period 'spring' has no date: its id is not a date (YYYY-MM); "
            "add a start column (YYYY-MM-DD)",
            "row 4: period 'summer' has no date: unparsable start 'June'",
        ],
    ),
    ("periods", "period,label\n2026-03,\n", ["row 2: period and label must not be empty"]),
    (
        "manifest",
        MANIFEST_HEADER + MANIFEST_ROW + _edit(MANIFEST_ROW, "doc-a,a.txt,标题", "Doc B,a.txt,"),
        [
            "row 3: doc_id 'Doc B' must be a slug (lower-case letters, digits, hyphens)",
            "row 3: empty title",
        ],
    ),
    (
        "manifest",
        MANIFEST_HEADER
        + MANIFEST_ROW
        + _edit(MANIFEST_ROW, "2026-03-05,,2026-03", "2026-3,,2026-04"),
        [
            "row 3: unparsable date '2026-3' (expected YYYY-MM-DD, YYYY-MM or YYYY)",
            "row 3: duplicate doc_id 'doc-a' (first in row 2)",
            "row 3: period '2026-04' is not declared in periods.csv (declared: 2026-03)",
        ],
    ),
]


@pytest.mark.parametrize(("which", "content", "expected"), ROW_CASES)
def test_row_messages_name_file_row_and_field(
    tmp_path: Path, which: str, content: str, expected: list[str]
) -> None:
    (tmp_path / "a.txt").write_text("工业和信息化部。", encoding="utf-8")
    periods = tmp_path / "periods.csv"
    manifest = tmp_path / "corpus.csv"
    if which == "periods":
        periods.write_text(content, encoding="utf-8")
        path = periods
    else:
        periods.write_text("period,label\n2026-03,March\n", encoding="utf-8")
        manifest.write_text(content, encoding="utf-8")
        path = manifest
    with pytest.raises(InputError) as info:
        load_periods(periods) if which == "periods" else load_corpus(manifest)
    assert info.value.problems == [f"{path}: {message}" for message in expected]
