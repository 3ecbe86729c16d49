"""Cleaning on generated web pages: furniture of many shapes, sites the rules never saw.

The pages come from :mod:`webpages` (seeded): every template, many seeds, and
one template written after the shape rules (``LATE_TEMPLATES``). Measured per
template: the share of clean characters that are not article text (at most
2 %), article sentences lost (none), joins that glue what the page did not split
(none), and term counts on the clean text against counts on the article alone.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from functools import cache

import pytest
from webpages import LATE_TEMPLATES, TEMPLATES, Page, make_page

from policytext.clean import CleanDocument, clean_document, load_rules
from policytext.counts import compile_terms, find_terms
from policytext.lexicon import load_terms
from policytext.text import normalize_text

SEEDS = range(12)
MAX_CHROME_SHARE = 0.02
_SPACE = re.compile(r"\s+")


def compact(text: str) -> str:
    return _SPACE.sub("", normalize_text(text))


@cache
def cleaned(template: str, seed: int) -> tuple[Page, CleanDocument]:
    page = make_page(seed, template=template)
    return page, clean_document(f"{template}-{seed}", page.html, rules=load_rules())


def leftover(page: Page, doc: CleanDocument) -> str:
    """The clean text less every article unit (title, headings, paragraphs): kept chrome."""
    left = compact(doc.text)
    for unit in sorted([page.title, *page.headings, *page.paragraphs], key=len, reverse=True):
        left = left.replace(compact(unit), "", 1)
    return left


def wrong_joins(page: Page, doc: CleanDocument) -> list[str]:
    paragraphs = [compact(p) for p in page.paragraphs]
    seams = [compact(r.text.replace("|", "")) for r in doc.audit if r.action == "joined"]
    return [s for s in seams if not any(s in p for p in paragraphs)]


def term_counts(text: str) -> Counter[str]:
    pattern, owner = compile_terms(load_terms())
    return Counter(term for _, _, term in find_terms(normalize_text(text), pattern, owner))


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_generated_pages_keep_little_chrome(template: str) -> None:
    kept = total = 0
    for seed in SEEDS:
        page, doc = cleaned(template, seed)
        kept += len(leftover(page, doc))
        total += len(compact(doc.text))
    assert kept / total <= MAX_CHROME_SHARE, f"{template}: {kept}/{total} chrome characters kept"


@pytest.mark.parametrize("template", sorted(TEMPLATES))
@pytest.mark.parametrize("seed", SEEDS)
def test_generated_pages_lose_no_sentence_and_join_only_splits(template: str, seed: int) -> None:
    page, doc = cleaned(template, seed)
    text = compact(doc.text)
    assert [s for s in page.sentences if compact(s) not in text] == []
    assert compact(page.title) in text
    assert wrong_joins(page, doc) == []
    assert sum(r.action == "joined" for r in doc.audit) == page.splits


@pytest.mark.parametrize("template", sorted(TEMPLATES))
@pytest.mark.parametrize("seed", SEEDS)
def test_generated_pages_count_as_their_article(template: str, seed: int) -> None:
    page, doc = cleaned(template, seed)
    assert term_counts(doc.text) == term_counts(page.article_text)


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_every_removal_has_a_shape_reason(template: str) -> None:
    page, doc = cleaned(template, 0)
    furniture = [r for r in doc.audit if r.stage == "furniture"]
    assert furniture, "the page has furniture"
    assert all(r.reason and r.action == "removed" for r in furniture)
    assert all(r.start >= 0 and page.html[r.start : r.end] for r in furniture)


def test_a_late_template_is_among_the_tested() -> None:
    assert set(LATE_TEMPLATES) <= set(TEMPLATES)


def test_pages_need_no_string_rule(tmp_path) -> None:
    """With the site-specific string rules emptied, the shapes alone keep the pages clean."""
    import yaml

    from policytext.config import DATA_DIR

    data = yaml.safe_load((DATA_DIR / "cleaning.yml").read_text(encoding="utf-8"))
    data["paragraph_rules"], data["inline_rules"], data["footer_markers"] = [], [], []
    path = tmp_path / "cleaning.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    rules = load_rules(path)
    kept = total = 0
    for template in sorted(TEMPLATES):
        for seed in SEEDS:
            page = make_page(seed, template=template)
            doc = clean_document("x", page.html, rules=rules)
            assert [s for s in page.sentences if compact(s) not in compact(doc.text)] == []
            assert wrong_joins(page, doc) == []
            kept += len(leftover(page, doc))
            total += len(compact(doc.text))
    assert kept / total <= MAX_CHROME_SHARE


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("来源：人民网 | 2026-03-05 10:21", "byline or source line"),
        ("2026-03-05 06:47", "timestamp line"),
        ("阅读 1234", "view counter"),
        ("浏览量：5.6万", "view counter"),
        ("关注 分享 收藏", "share or follow bar"),
        ("Source: Xinhua | Editor: Li Wei", "Latin or numeric metadata inside Chinese text"),
        (
            "股票配资，在线理财，彩票预测，代开发票，免费下载，高清视频",
            "keyword spam line (short tokens, no sentence)",
        ),
        (
            "股票配资 在线理财 彩票预测 代开发票 免费下载 高清视频",
            "navigation bar or keyword list (short tokens, no sentence)",
        ),
    ],
)
def test_one_line_of_each_shape(line: str, reason: str) -> None:
    body = "工业和信息化部召开专题会议，研究部署推进新型工业化重点工作。会议指出，要加快建设现代化产业体系。"
    doc = clean_document(
        "x", f"{body}\n{line}\n{body[:30]}今年将培育一批卓越级智能工厂。", rules=load_rules()
    )
    assert [(r.stage, r.reason) for r in doc.audit if r.text == line] == [("furniture", reason)]


BODY = "工业和信息化部召开专题会议，研究部署推进新型工业化重点工作。会议指出，要加快建设现代化产业体系。"
TITLE = "工信部部署推进新型工业化重点工作"


@pytest.mark.parametrize(
    ("lines", "banner"),
    [
        (["打开某某APP，阅读体验更佳", TITLE, BODY], "打开某某APP，阅读体验更佳"),
        (["想看全文？请下载某某客户端！", TITLE, BODY], "想看全文？请下载某某客户端！"),
        # no title below it: the page's first line is its title, whatever it says
        (["打开某某APP，阅读体验更佳", BODY], None),
        # below the first body paragraph it is article text, not a banner
        (
            [TITLE, BODY, "下载某某APP，体验数字化转型成果。", "要推动融合发展，培育新兴产业。"],
            None,
        ),
        # an action without an app, or an app without an action opening its clause
        (["打开新型工业化新局面", TITLE, BODY], None),
        (["工业APP培育工程启动", TITLE, BODY], None),
    ],
    ids=["comma", "question", "no-title", "in-body", "no-app", "no-action"],
)
def test_app_banner_above_the_title(lines: list[str], banner: str | None) -> None:
    doc = clean_document("x", "\n".join(lines), rules=load_rules())
    found = [r.text for r in doc.audit if r.reason.startswith("app banner")]
    assert found == ([banner] if banner else [])
    assert all(compact(line) in compact(doc.text) for line in lines if line != banner)


@pytest.mark.parametrize(
    ("shapes", "expected"),
    [
        ("{nope: 1}", "shapes: unknown setting 'nope'"),
        ("{share_words: 关注}", "shapes: share_words: expected"),
        ("{title_max_chars: many}", "shapes: title_max_chars: expected int"),
        ("[1, 2]", "shapes: must be a mapping"),
    ],
)
def test_shape_settings_errors_name_file_and_setting(tmp_path, shapes: str, expected: str) -> None:
    from policytext.errors import InputError

    path = tmp_path / "cleaning.yml"
    path.write_text(f"shapes: {shapes}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_rules(path)
    assert f"{path}: {expected}" in str(caught.value)


def test_generator_knobs_for_the_decoding_work() -> None:
    plain = make_page(3, template="portal")
    traditional = make_page(3, template="portal", traditional=True)
    assert traditional.title != plain.title and len(traditional.title) == len(plain.title)
    big5 = traditional.data(big5=True).decode("cp950")
    assert traditional.title in big5 and html.unescape(big5) == html.unescape(traditional.html)
    escaped = make_page(3, template="portal", json_escaped=True)
    assert "\\u003cp style=\\" in escaped.html
    assert "<" not in escaped.html
    assert make_page(3, template="portal").html == plain.html  # seeded


def test_a_text_restating_itself_loses_at_most_the_summary_paragraphs() -> None:
    """Body paragraphs whose sentences all recur later: no more than the leading few go."""
    from webpages import SENTENCES

    paragraphs = ["".join(SENTENCES[i : i + 3]) for i in range(0, 12, 3)]
    text = "\n".join(paragraphs + paragraphs[::-1] + paragraphs)
    doc = clean_document("x", text, rules=load_rules())
    summaries = [r for r in doc.audit if r.reason == "machine summary paraphrasing the article"]
    assert len(summaries) <= load_rules().shapes.summary_max_paragraphs
    assert all(compact(s) in compact(doc.text) for s in SENTENCES[:12])
