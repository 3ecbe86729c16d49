"""Tests for policytext.themes: the themes file, theme counts per document and rates per period.

Also the term matching the themes use (:func:`policytext.text.compile_forms`).
"""

from __future__ import annotations

import textwrap

import pandas as pd
import pytest

from policytext.errors import InputError
from policytext.text import compile_forms
from policytext.themes import (
    THEME_RATE_COLUMNS,
    Theme,
    load_themes,
    theme_counts,
    theme_rates,
)

# --------------------------------------------------------------------------
# compile_forms
# --------------------------------------------------------------------------


def test_compile_terms_longest_first():
    pattern = compile_forms(["人工智能", "人工智能+", "智能"])
    assert pattern.findall("推动人工智能+制造和人工智能，智能工厂") == [
        "人工智能+",
        "人工智能",
        "智能",
    ]


def test_compile_terms_ascii_boundaries():
    pattern = compile_forms(["AI", "6G"])
    assert pattern.findall("OpenAI 与 AI手机，16GB 内存，6G技术，AIGC，(AI)") == [
        "AI",
        "6G",
        "AI",
    ]


def test_compile_terms_normalises_terms():
    pattern = compile_forms(["人工智能＋", "ＡＩ"])
    assert pattern.findall("人工智能+ AI") == ["人工智能+", "AI"]


def test_compile_terms_rejects_empty():
    with pytest.raises(ValueError):
        compile_forms([])
    with pytest.raises(ValueError):
        compile_forms(["AI", " "])


# --------------------------------------------------------------------------
# Themes
# --------------------------------------------------------------------------


def test_repository_themes_load():
    themes = load_themes()
    ids = [theme.id for theme in themes]
    assert ids == [
        "ai",
        "future",
        "manufacturing",
        "sme",
        "party",
        "safety",
        "green",
        "open_source",
        "international",
    ]
    by_id = {theme.id: theme for theme in themes}
    assert {"人工智能", "AI", "大模型", "人工智能+"} <= set(by_id["ai"].terms)
    assert "开源" in by_id["open_source"].terms
    assert all(theme.label and theme.label_zh and theme.terms for theme in themes)


def write(tmp_path, body: str):
    path = tmp_path / "themes.yml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_load_themes_reports_every_problem_with_file_and_entry(tmp_path):
    path = write(
        tmp_path,
        """\
        themes:
          - id: ai
            label: AI
            terms: [AI]
          - label: No id
            terms: [x]
          - id: ai
            label: Again
            terms: [y]
          - id: empty
            label: Empty
          - id: Bad Id
            label: Bad
            terms: [z, 5, z]
          - just a string
        """,
    )
    with pytest.raises(InputError) as info:
        load_themes(path)
    problems = info.value.problems
    assert all(str(path) in problem for problem in problems)
    text = "\n".join(problems)
    assert "theme 2: missing 'id'" in text
    assert "theme 3 (ai): duplicate id 'ai' (also theme 1)" in text
    assert "theme 4 (empty): missing 'terms'" in text
    assert "theme 5 (Bad Id): id 'Bad Id' must be" in text
    assert "term 2 (5) is not text" in text
    assert "term 'z' is listed twice" in text
    assert "theme 6: expected a mapping" in text


def test_load_themes_top_level_and_yaml_errors(tmp_path):
    with pytest.raises(InputError, match="'themes:' list"):
        load_themes(write(tmp_path, "other: 1\n"))
    with pytest.raises(InputError, match=r"themes\.yml"):
        load_themes(write(tmp_path, "themes: [\n"))
    with pytest.raises(InputError, match="file not found"):
        load_themes(tmp_path / "missing.yml")


def test_load_themes_unknown_key(tmp_path):
    path = write(tmp_path, "themes:\n  - id: a\n    label: A\n    term: [x]\n")
    with pytest.raises(InputError) as info:
        load_themes(path)
    assert any("unknown key 'term'" in p for p in info.value.problems)
    assert any("missing 'terms'" in p for p in info.value.problems)


THEMES = [
    Theme(id="ai", label="AI", terms=("人工智能", "人工智能+", "AI")),
    Theme(id="green", label="Green", terms=("绿色", "低碳")),
]


@pytest.fixture
def texts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": ["d1", "d2", "d3"],
            "period": ["P2", "P1", "P2"],
            "text": [
                "人工智能＋制造，ＡＩ手机。\n绿色",  # full-width: normalised before matching
                "OpenAI 不算。低碳 绿色 绿色",
                "人工智能 人工智能",
            ],
        }
    )


def test_theme_counts_per_document(texts):
    out = theme_counts(texts, THEMES)
    assert list(out.columns) == [
        "doc_id",
        "period",
        "theme",
        "label",
        "count",
        "per_10k_chars",
        "chars",
    ]
    got = out.set_index(["doc_id", "theme"])["count"].to_dict()
    assert got == {
        ("d1", "ai"): 2,  # 人工智能+ once (not also 人工智能), AI once
        ("d1", "green"): 1,
        ("d2", "ai"): 0,  # OpenAI is no AI
        ("d2", "green"): 3,
        ("d3", "ai"): 2,
        ("d3", "green"): 0,
    }
    d1 = out[(out["doc_id"] == "d1") & (out["theme"] == "ai")].iloc[0]
    assert d1["chars"] == len("人工智能+制造,AI手机。绿色")  # whitespace not counted
    assert d1["per_10k_chars"] == pytest.approx(2 / d1["chars"] * 10_000)


def test_theme_rates_per_period(texts):
    out = theme_rates(texts, THEMES)
    assert tuple(out.columns) == THEME_RATE_COLUMNS
    assert out[["period", "theme"]].values.tolist() == [
        ["P1", "ai"],
        ["P1", "green"],
        ["P2", "ai"],
        ["P2", "green"],
    ]
    chars = {"d1": len("人工智能+制造,AI手机。绿色"), "d3": 8}
    p2_ai = out[(out["period"] == "P2") & (out["theme"] == "ai")].iloc[0]
    assert p2_ai["count"] == 4
    assert p2_ai["documents"] == 2
    assert p2_ai["chars"] == chars["d1"] + chars["d3"]
    assert p2_ai["per_10k_chars"] == pytest.approx(4 / (chars["d1"] + chars["d3"]) * 10_000)
    assert p2_ai["label"] == "AI"
    p1_ai = out[(out["period"] == "P1") & (out["theme"] == "ai")].iloc[0]
    assert p1_ai["count"] == 0 and p1_ai["per_10k_chars"] == 0.0


def test_theme_rates_period_order_and_errors(texts):
    out = theme_rates(texts, THEMES, periods=["P2"])
    assert set(out["period"]) == {"P2"}
    with pytest.raises(ValueError, match="no documents for P9"):
        theme_rates(texts, THEMES, periods=["P9"])
    with pytest.raises(ValueError, match="duplicate doc_id"):
        theme_rates(pd.concat([texts, texts]), THEMES)
    with pytest.raises(ValueError, match="duplicate id"):
        theme_rates(texts, [THEMES[0], THEMES[0]])
