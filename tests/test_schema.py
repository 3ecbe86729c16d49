"""Tests for policytext.schema: one message per problem, naming file, entry and field.

Each case is a terms.yml or themes.yml written by the test and the messages the
loader must give (the loaders' own checks are in test_counts.py and test_themes.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policytext.errors import InputError
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
