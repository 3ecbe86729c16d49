"""Each Chinese policy term has one English gloss across the book (issue 15, translations).

The glosses are data: ``gloss_en`` of ``data/terms.yml`` for its terms, and
``glosses:`` of ``data/translations.yml`` for others. Wherever a glossed term
is translated, the English holds that gloss: indicator labels
(``indicators.yml``), theme labels (``themes.yml``), quotation translations
(``translations.yml``) and the chapters' "term (gloss)" pairs in ``book/``,
for the terms ``translations.yml`` holds to their gloss (:func:`held`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from policytext.config import DATA_DIR

ROOT = Path(__file__).resolve().parent.parent


def load(name: str) -> dict:
    return yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8-sig")) or {}


def glosses() -> dict[str, str]:
    """Term -> its one gloss (terms.yml's without a trailing parenthesis, then translations.yml)."""
    found: dict[str, set[str]] = {}
    for term in load("terms.yml").get("terms", []):
        gloss = re.sub(r"\s*\([^)]*\)$", "", str(term.get("gloss_en", ""))).strip()
        found.setdefault(term["term"], set()).add(gloss)
    for term, gloss in (load("translations.yml").get("glosses") or {}).items():
        found.setdefault(term, set()).add(str(gloss).strip())
    return {term: "|".join(sorted(g)) for term, g in found.items()}


def held() -> set[str]:
    """The terms held to their gloss wherever translated (others may be paraphrased).

    Every term of ``glosses:``, and the terms.yml terms listed under ``held:``.
    """
    data = load("translations.yml")
    return set(data.get("glosses") or {}) | set(data.get("held") or [])


def pairs() -> list[tuple[str, str, str]]:
    """Every (where, Chinese, English) translation pair the data holds."""
    out = []
    for entry in load("indicators.yml").get("indicators", []):
        out.append((f"indicators.yml {entry.get('id')}", entry.get("label_zh", ""), entry["label"]))
    for entry in load("themes.yml").get("themes", []):
        out.append((f"themes.yml {entry.get('id')}", entry.get("label_zh", ""), entry["label"]))
    for chinese, english in (load("translations.yml").get("quotes") or {}).items():
        out.append(("translations.yml quote", chinese, english))
    return out


def test_every_term_has_one_gloss() -> None:
    table = glosses()
    many = {term: gloss for term, gloss in table.items() if "|" in gloss}
    assert not many, f"terms glossed more than one way in data/: {many}"
    assert held() <= set(table), held() - set(table)


@pytest.mark.parametrize(
    ("chinese", "english", "table", "ok"),
    [
        (
            "领航工厂",
            "leading-level smart factories",
            {"领航工厂": "leading-level smart factories"},
            True,
        ),
        (
            "领航工厂比例",
            "Lighthouse factories",
            {"领航工厂": "leading-level smart factories"},
            False,
        ),
        ("其他", "anything", {"领航工厂": "leading-level smart factories"}, True),
    ],
)
def test_gloss_check(chinese: str, english: str, table: dict, ok: bool) -> None:
    assert (not missing_glosses(chinese, english, table)) == ok


def missing_glosses(chinese: str, english: str, table: dict[str, str]) -> list[str]:
    """The glossed terms in ``chinese`` whose gloss ``english`` lacks (longest terms first).

    A term inside a longer glossed term (专精特新 in 专精特新中小企业) is checked too.
    """
    return [
        term
        for term in sorted(table, key=len, reverse=True)
        if term in chinese and table[term].lower() not in english.lower()
    ]


def test_data_translations_use_the_one_gloss() -> None:
    table = glosses()
    wrong = {
        where: missing_glosses(chinese, english, table)
        for where, chinese, english in pairs()
        if missing_glosses(chinese, english, table)
    }
    fixed = held()
    wrong = {w: [t for t in terms if t in fixed] for w, terms in wrong.items()}
    assert not {w: t for w, t in wrong.items() if t}, wrong


def test_chapters_gloss_a_term_one_way() -> None:
    table = glosses()
    fixed = held()
    wrong = []
    for page in sorted((ROOT / "book").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        for term in fixed:
            for match in re.finditer(rf"{re.escape(term)}\s*\(([^)]*)\)", text):
                if table[term].lower() not in match[1].lower():
                    wrong.append((page.name, term, match[1]))
    assert not wrong, wrong


def test_no_lighthouse_for_the_leading_level() -> None:
    """领航 (leading-level) is not WEF's 灯塔工厂 ("Lighthouse")."""
    for where, chinese, english in pairs():
        if "领航" in chinese:
            assert "lighthouse" not in english.lower(), where


def test_no_outlet_is_given_a_publication_frequency() -> None:
    """Nothing in the sources states how often an outlet appears (中国电子报 is not "a weekly").

    The 2026-03-24 front page reads 第19期 on a Tuesday in late March, so neither the
    chapters nor the manifest may call an outlet weekly, daily or the like.
    """
    every = r"(?:bi-?)?(?:weekly|daily|monthly)"
    frequency = re.compile(  # a frequency, not a name such as 吉林日报 (Jilin Daily)
        rf"\ban? {every}\b|\b{every} (?:newspaper|paper|publication)|published {every}", re.I
    )
    texts = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "book").glob("*.md")}
    texts["corpus.csv"] = (DATA_DIR / "corpus.csv").read_text(encoding="utf-8-sig")
    found = {name: m[0] for name, text in texts.items() if (m := frequency.search(text))}
    assert not found, found
