"""Tests for policytext.findings: every generated statement agrees with the tables.

Unit tests build small frames with the interface columns (articles, speakers,
restatement comparisons) directly. The corpus tests run the pipeline on three
corpora (the shipped one; one with extra documents and a period appended out
of date order; one where a period has a single document) and check every
statement of the landing page and of the chapter summaries against the tables.
"""

from __future__ import annotations

import ast
import csv
import importlib
import math
import pkgutil
import re
import shutil
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from policytext import charts, findings, pipeline
from policytext.config import DATA_DIR
from policytext.corpus import load_periods, parse_date
from policytext.errors import InputError
from policytext.findings import (
    NO_TRANSLATION,
    UNCHANGED,
    PeriodRate,
    Unit,
    agree,
    direction,
    join_words,
    plural,
    poisson_interval,
    rate_interval,
    rests_on,
)

# --------------------------------------------------------------------------
# Wording
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "noun", "expected"),
    [(0, "document", "0 documents"), (1, "document", "1 document"), (2, "mention", "2 mentions")],
)
def test_plural(n: int, noun: str, expected: str) -> None:
    assert plural(n, noun) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [(0, "0 survive"), (1, "1 survives"), (2, "2 survive"), (1000, "1,000 survive")],
)
def test_agree(n: int, expected: str) -> None:
    assert agree(n, "survives", "survive") == expected


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], ""),
        (["June 2025"], "June 2025"),
        (["June 2025", "March 2026"], "June 2025 and March 2026"),
        (["A", "B", "C"], "A, B and C"),
    ],
)
def test_join_words(items: list[str], expected: str) -> None:
    assert join_words(items) == expected


# --------------------------------------------------------------------------
# Intervals and direction
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "low", "high"),
    [
        # k = 0: low 0, high solves exp(-mu) = 0.025, mu = -ln 0.025
        (0, 0.0, -math.log(0.025)),
        # k = 1: low solves 1 - exp(-mu) = 0.025, mu = -ln 0.975; high: exp(-mu)(1 + mu) = 0.025
        (1, -math.log(0.975), 5.571643),
        # k = 10: Garwood's table (chi-square quantiles / 2)
        (10, 4.795389, 18.390356),
    ],
)
def test_poisson_interval_matches_hand_computed_values(count: int, low: float, high: float) -> None:
    got = poisson_interval(count)
    assert got == pytest.approx((low, high), abs=1e-5)


def test_poisson_interval_rejects_negative_counts() -> None:
    with pytest.raises(InputError):
        poisson_interval(-1)


def test_rate_interval_scales_by_characters() -> None:
    low, high = poisson_interval(10)
    assert rate_interval(10, 20_000) == pytest.approx((low / 2, high / 2))
    assert all(math.isnan(v) for v in rate_interval(3, 0))


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ((1.0, 2.0), (3.0, 4.0), "rose"),
        ((3.0, 4.0), (1.0, 2.0), "fell"),
        ((1.0, 3.0), (2.0, 4.0), UNCHANGED),
        ((1.0, 2.0), (2.0, 4.0), UNCHANGED),  # touching intervals overlap
        ((0.0, 8.3), (0.9, 12.2), UNCHANGED),
    ],
)
def test_direction(first: tuple, last: tuple, expected: str) -> None:
    assert direction(first, last) == expected


# --------------------------------------------------------------------------
# Rests on
# --------------------------------------------------------------------------


def unit(uid: str, doc: str, count: int, chars: int = 1000, headline: str = "") -> Unit:
    return Unit(
        uid, doc, "中国电子报 (China Electronics News)", "2026-03-24", count, chars, headline
    )


@pytest.mark.parametrize(
    ("doc_counts", "art_counts", "expected_doc", "expected_art", "phrase"),
    [
        ([25, 3], [20, 5, 3], 25 / 28, 20 / 28, "25 of 28 mentions in one document"),
        ([7], [7], 1.0, 1.0, "all 7 mentions in one document"),
        ([1, 1], [1, 1], 0.5, 0.5, "1 of 2 mentions in one document"),
    ],
)
def test_rests_on(
    doc_counts: list[int],
    art_counts: list[int],
    expected_doc: float,
    expected_art: float,
    phrase: str,
) -> None:
    docs = tuple(unit(f"d{i}", f"d{i}", c) for i, c in enumerate(doc_counts))
    arts = tuple(
        unit(f"d0#{i:02}", "d0", c, chars=300, headline=f"标题{i}")
        for i, c in enumerate(art_counts)
    )
    rate = PeriodRate("2026-03", "March 2026", "2026-03-01", sum(doc_counts), 2000, docs, arts)
    rest = rests_on(rate)
    assert rest.document_share == pytest.approx(expected_doc)
    assert rest.article_share == pytest.approx(expected_art)
    text = findings.rests_on_phrase(rest)
    assert text.startswith("March 2026: " + phrase)
    assert "中国电子报, 2026-03-24" in text


# --------------------------------------------------------------------------
# Rates, leave-one-out and attribution on frames with the interface columns
# --------------------------------------------------------------------------


def frames(counts: dict[str, tuple[str, int]], *, speakers: dict[str, list[str]] | None = None):
    """Documents, articles, counts and kwic for one term: {doc_id: (period, count)}."""
    documents = pd.DataFrame(
        [
            {
                "doc_id": d,
                "period": p,
                "outlet": f"outlet-{d}",
                "date": p + "-15",
                "title": f"title {d}",
                "chars_clean": 10_000,
            }
            for d, (p, _) in counts.items()
        ]
    )
    articles = pd.DataFrame(
        [
            {
                "article_id": f"{d}#{n:02}",
                "doc_id": d,
                "period": p,
                "position": n,
                "headline": f"{d} article {n}",
                "start": 0,
                "end": 5000,
                "chars": 5000,
            }
            for d, (p, _) in counts.items()
            for n in (1, 2)
        ]
    )
    term_counts = pd.DataFrame(
        [{"doc_id": d, "period": p, "term": "未来产业", "count": c} for d, (p, c) in counts.items()]
    )
    # all of a document's mentions in its first article
    art_counts = pd.DataFrame(
        [
            {"article_id": f"{d}#01", "doc_id": d, "period": p, "term": "未来产业", "count": c}
            for d, (p, c) in counts.items()
        ]
    )
    rows = []
    for d, (p, c) in counts.items():
        kinds = (speakers or {}).get(d, ["journalist"] * c)
        for i in range(c):
            rows.append(
                {
                    "doc_id": d,
                    "article_id": f"{d}#01",
                    "period": p,
                    "term": "未来产业",
                    "sentence": f"{d}的第{i}句话讲未来产业的发展问题。",
                    "speaker": "李乐成" if kinds[i] == "minister" else "",
                    "speaker_type": kinds[i],
                }
            )
    kwic = pd.DataFrame(rows)
    return documents, articles, term_counts, art_counts, kwic


PERIODS = pd.DataFrame(
    {
        "period": ["2026-03", "2025-06", "2026-01"],
        "label": ["March 2026", "June 2025", "January 2026"],
        "start": ["2026-03-01", "2025-06-01", "2026-01-01"],
    }
)


class Term:
    term = "未来产业"
    gloss_en = "future industries"
    focal = True


def tables_for(counts: dict, **kwargs) -> dict[str, pd.DataFrame]:
    documents, articles, term_counts, art_counts, kwic = frames(counts, **kwargs)
    return {
        "documents.csv": documents,
        "articles.csv": articles,
        "term_counts.csv": term_counts,
        "article_term_counts.csv": art_counts,
        "kwic.csv": kwic,
    }


def test_period_rates_follow_dates_not_file_order() -> None:
    tables = tables_for({"a": ("2026-03", 30), "b": ("2025-06", 5), "c": ("2026-01", 10)})
    finding = findings.term_finding(Term(), tables, periods=PERIODS, translations={})
    assert [r.label for r in finding.rates] == ["June 2025", "January 2026", "March 2026"]
    assert [r.count for r in finding.rates] == [5, 10, 30]
    assert finding.direction == "rose"
    assert findings.headline(finding).endswith("rose between June 2025 and March 2026")
    assert "in between, 10.0" in findings.direction_sentence(finding)


def test_per_article_values_sit_beside_the_period_rate() -> None:
    tables = tables_for({"a": ("2026-03", 30), "b": ("2025-06", 5)})
    finding = findings.term_finding(Term(), tables, periods=PERIODS, translations={})
    march = finding.last
    assert [a.count for a in march.articles] == [30, 0]
    assert march.articles[0].rate == pytest.approx(30 / 5000 * 10_000)
    assert rests_on(march).article.headline == "a article 1"


def test_leave_one_out_flags_a_direction_carried_by_one_document() -> None:
    # March is high only because of document m1; without it, March equals June.
    tables = tables_for(
        {"j1": ("2025-06", 5), "j2": ("2025-06", 5), "m1": ("2026-03", 60), "m2": ("2026-03", 5)}
    )
    finding = findings.term_finding(Term(), tables, periods=PERIODS, translations={})
    assert finding.direction == "rose"
    assert finding.flips == (("outlet-m1, 2026-03-15", UNCHANGED),)
    text = findings.caveat_sentence(finding)
    assert "Leaving out one document changes the direction" in text
    assert f"without outlet-m1, 2026-03-15 it is “{UNCHANGED}”" in text


def test_leave_one_out_says_when_a_period_has_one_document() -> None:
    tables = tables_for({"j1": ("2025-06", 5), "m1": ("2026-03", 60), "m2": ("2026-03", 50)})
    finding = findings.term_finding(Term(), tables, periods=PERIODS, translations={})
    assert finding.flips == (("outlet-j1, 2025-06-15", "no comparison"),)
    text = findings.caveat_sentence(finding)
    assert "Leaving out outlet-j1, 2025-06-15 empties its period" in text
    assert "Leaving out any other document does not change the direction." in text


def test_miit_scope_counts_only_minister_and_miit_occurrences() -> None:
    speakers = {
        "j1": ["minister", "journalist", "company", "journalist"],
        "m1": ["miit", "miit", "central_body", "journalist", "minister", "journalist"],
    }
    tables = tables_for({"j1": ("2025-06", 4), "m1": ("2026-03", 6)}, speakers=speakers)
    finding = findings.term_finding(Term(), tables, periods=PERIODS, translations={}, scope="miit")
    assert [r.count for r in finding.rates] == [1, 3]
    assert finding.miit_count == 4
    whole = findings.term_finding(Term(), tables, periods=PERIODS, translations={})
    assert whole.total == 10
    assert findings.speaker_sentence(whole).startswith(
        "Of the 10 mentions, 4 are attributed to MIIT"
    )


def test_term_block_states_the_miit_only_rates() -> None:
    speakers = {
        "j1": ["minister"] + ["journalist"] * 3,
        "m1": ["miit"] * 40 + ["journalist"] * 20,
    }
    tables = tables_for({"j1": ("2025-06", 4), "m1": ("2026-03", 60)}, speakers=speakers)
    whole = findings.term_finding(Term(), tables, periods=PERIODS, translations={})
    miit = findings.term_finding(Term(), tables, periods=PERIODS, translations={}, scope="miit")
    text = plain(findings.term_block(whole, miit))
    assert "Of the 64 mentions, 41 are attributed to MIIT" in text
    assert f"Counting those only, it {miit.direction}: 1.0 (" in text
    assert miit.direction == "rose"
    assert "speaker: 李乐成 (the minister)" in text or "speaker: MIIT or an MIIT meeting" in text


def test_quote_without_translation_says_so() -> None:
    tables = tables_for({"j1": ("2025-06", 2), "m1": ("2026-03", 3)})
    finding = findings.term_finding(Term(), tables, periods=PERIODS, translations={})
    assert finding.quotes and all(q.translation is None for q in finding.quotes)
    assert NO_TRANSLATION in finding.quotes[0].markdown()
    known = {q.text: "An English sentence." for q in finding.quotes}
    again = findings.term_finding(Term(), tables, periods=PERIODS, translations=known)
    assert all("An English sentence" in q.markdown() for q in again.quotes)


# --------------------------------------------------------------------------
# What the findings read
# --------------------------------------------------------------------------


def test_prepare_names_every_missing_column() -> None:
    documents, _, term_counts, _, kwic = frames({"a": ("2026-03", 2)})
    tables = {
        "documents.csv": documents,
        "term_counts.csv": term_counts,
        "kwic.csv": kwic.drop(columns=["speaker_type"]),
    }
    with pytest.raises(ValueError) as caught:
        findings.prepare(tables)
    message = str(caught.value)
    assert "kwic.csv: speaker_type" in message and "articles.csv: article_id" in message
    assert "kwic.csv: speaker," not in message


# --------------------------------------------------------------------------
# Figures: targets and restatements
# --------------------------------------------------------------------------


def figure_tables(speaker_types: list[str], comparisons: list[str]) -> dict[str, pd.DataFrame]:
    documents = pd.DataFrame(
        [
            {
                "doc_id": "a",
                "period": "2026-03",
                "outlet": "报",
                "date": "2026-03-01",
                "chars_clean": 10,
            }
        ]
    )
    figures = pd.DataFrame(
        {
            "doc_id": "a",
            "article_id": "a#01",
            "kind": ["target"] * len(speaker_types) + ["reported"],
            "speaker": "",
            "speaker_type": [*speaker_types, "journalist"],
            "sentence": [f"力争到2027年达到{i}家。" for i in range(len(speaker_types))]
            + ["已有5家。"],
        }
    )
    restated = pd.DataFrame(
        {
            "indicator": [f"i{i}" for i in range(len(comparisons))],
            "group": [f"g{i}" for i in range(len(comparisons))],
            "comparison": comparisons,
        }
    )
    return {"documents.csv": documents, "figures.csv": figures, "restatements.csv": restated}


@pytest.mark.parametrize(
    ("speaker_types", "expected"),
    [
        ([], "The corpus holds no target at all, so no MIIT target."),
        (
            ["local_government"],
            "The corpus holds no MIIT target: its 1 target is stated 1 by a local government.",
        ),
        (
            ["company", "company"],
            "The corpus holds no MIIT target: its 2 targets are stated 2 by a company.",
        ),
        (["miit", "company"], "Of the 2 targets, 1 is MIIT's"),
    ],
)
def test_targets_say_whose_they_are(speaker_types: list[str], expected: str) -> None:
    fig = findings.figure_findings(figure_tables(speaker_types, []), translations={})
    assert fig["targets"].startswith(expected)


@pytest.mark.parametrize(
    ("comparisons", "expected"),
    [
        (["consistent", "consistent"], "in 2 groups of comparable statements"),
        (
            ["changed", "consistent", "single"],
            "1 changes value beyond what the bounds allow, 1 is consistent, 1 has no",
        ),
        (["changed", "changed"], "2 change value beyond what the bounds allow, 0 are consistent"),
    ],
)
def test_restatements_use_the_comparison_column(comparisons: list[str], expected: str) -> None:
    fig = findings.figure_findings(figure_tables([], comparisons), translations={})
    assert expected in fig["restatements"]
    assert fig["n_changed"] == comparisons.count("changed")


# --------------------------------------------------------------------------
# Periods in date order
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "period,label\n2026-03,March\n2025-06,June\n2026-01,Jan\n",
            ["2025-06", "2026-01", "2026-03"],
        ),
        ("period,label,start\nlate,Late,2026-05\nearly,Early,2025-01-15\n", ["early", "late"]),
        ("period,label,start\n2026-03,March,\n2025,Year 2025,\n", ["2025", "2026-03"]),
    ],
    ids=["ids-out-of-order", "start-column", "empty-start-falls-back-to-id"],
)
def test_load_periods_sorts_by_date(tmp_path: Path, content: str, expected: list[str]) -> None:
    path = tmp_path / "periods.csv"
    path.write_text(content, encoding="utf-8")
    assert list(load_periods(path)["period"]) == expected


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("period,label\nq1,First quarter\n", "period 'q1' has no date"),
        ("period,label,start\nq1,First quarter,spring\n", "unparsable start 'spring'"),
    ],
)
def test_load_periods_rejects_periods_without_a_date(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "periods.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_periods(path)
    assert (
        str(path) in str(info.value) and "row 2" in str(info.value) and expected in str(info.value)
    )


# --------------------------------------------------------------------------
# Three corpora: every generated statement agrees with the tables
# --------------------------------------------------------------------------


def plain(markdown: str) -> str:
    """Generated MyST as the reader reads it: escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def copy_data(folder: Path) -> Path:
    data = folder / "data"
    shutil.copytree(DATA_DIR, data)
    return data


def append_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def run_corpus(data: Path) -> pipeline.Results:
    return pipeline.run(
        data / "corpus.csv",
        terms=data / "terms.yml",
        themes=data / "themes.yml",
        indicators=data / "indicators.yml",
        stopwords=data / "stopwords.txt",
        rules=data / "cleaning.yml",
        workers=1,
    )


def manifest_row(doc_id: str, file: str, date: str, period: str) -> list[str]:
    return [
        doc_id,
        file,
        "测试文件",
        "Test document",
        "测试报 (Test News)",
        date,
        "",
        period,
        "",
        "",
    ]


def extended_corpus(folder: Path) -> Path:
    """Extra documents (edited copies of shipped files) and a period appended out of date order."""
    data = copy_data(folder)
    raw = sorted((data / "raw").glob("*.txt"))
    first, second = raw[0].read_text(encoding="utf-8"), raw[-1].read_text(encoding="utf-8")
    (data / "raw" / "extra-a.txt").write_text(
        first.replace("人工智能", "未来产业"), encoding="utf-8"
    )
    (data / "raw" / "extra-b.txt").write_text(
        second.replace("开源", "新质生产力"), encoding="utf-8"
    )
    periods = pd.read_csv(data / "periods.csv", dtype=str)
    dates = sorted(parse_date(p) for p in periods["period"])
    # a period between the first two, appended last: out of date order in the file
    middle = dates[0] + (dates[1] - dates[0]) / 2
    new_id = f"{middle.year:04d}-{middle.month:02d}"
    assert new_id not in set(periods["period"])
    append_rows(data / "periods.csv", [[new_id, f"Test {new_id}", "", "appended out of order"]])
    last = max(periods["period"], key=parse_date)
    append_rows(
        data / "corpus.csv",
        [
            manifest_row("extra-middle-a", "raw/extra-a.txt", f"{new_id}-10", new_id),
            manifest_row("extra-middle-b", "raw/extra-b.txt", f"{new_id}-20", new_id),
            manifest_row("extra-last", "raw/extra-a.txt", f"{last}-28", last),
        ],
    )
    return data


def one_document_corpus(folder: Path) -> Path:
    """The shipped manifest cut so that the latest period keeps exactly one document."""
    data = copy_data(folder)
    manifest = pd.read_csv(data / "corpus.csv", dtype=str, keep_default_na=False)
    last = max(manifest["period"], key=parse_date)
    keep = manifest[manifest["period"] != last]
    cut = pd.concat([keep, manifest[manifest["period"] == last].head(1)])
    cut.to_csv(data / "corpus.csv", index=False)
    return data


@pytest.fixture(scope="module", params=["shipped", "extended", "one-document-period"])
def corpus(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    if request.param == "shipped":
        results = pipeline.run(workers=1)
    else:
        folder = tmp_path_factory.mktemp(request.param)
        build = extended_corpus if request.param == "extended" else one_document_corpus
        results = run_corpus(build(folder))
    return request.param, results, findings.build(results)


def dated_periods(results: pipeline.Results) -> list[tuple[str, str]]:
    """(period, label) of the periods with documents, sorted by date independently."""
    docs = results.tables.documents
    rows = results.periods[results.periods["period"].isin(set(docs["period"]))]
    dates = {
        p: parse_date(s or p)
        for p, s in zip(rows["period"], rows.get("start", rows["period"]), strict=True)
    }
    return sorted(zip(rows["period"], rows["label"], strict=True), key=lambda pl: dates[pl[0]])


def test_periods_are_in_date_order(corpus) -> None:
    _, results, found = corpus
    assert found.period_labels == [label for _, label in dated_periods(results)]
    starts = list(results.periods["start"])
    assert starts == sorted(starts)


def test_document_counts_add_up(corpus) -> None:
    _, results, found = corpus
    docs = results.tables.documents
    text = findings.document_counts(docs, results.periods)
    total, rest = re.match(r"([\d,]+) documents?: (.*)", text).groups()
    parts = re.findall(r"(\d+) for ([^,]+?)(?:,| and |$)", rest)
    assert int(total.replace(",", "")) == len(docs)
    assert sum(int(n) for n, _ in parts) == len(docs)
    assert [label for _, label in parts] == [label for _, label in dated_periods(results)]
    sizes = docs.groupby("period").size()
    assert [int(n) for n, _ in parts] == [int(sizes[p]) for p, _ in dated_periods(results)]
    assert text in plain(findings.how_sure(found))


def test_direction_words_match_the_numbers(corpus) -> None:
    _, results, found = corpus
    docs = results.tables.documents
    counts = results.tables.term_counts
    order = dated_periods(results)
    chars = docs.groupby("period")["chars_clean"].sum()
    assert len(found.terms) == sum(1 for t in results.terms if t.focal)
    for finding in found.terms:
        mine = counts[counts["term"] == finding.term].groupby("period")["count"].sum()
        first, last = order[0][0], order[-1][0]
        ends = [rate_interval(int(mine.get(p, 0)), int(chars[p])) for p in (first, last)]
        if len(order) > 1:
            word = direction(*ends)
            assert finding.direction == word
            text = plain(findings.key_findings(found))
            verb = word if word != UNCHANGED else f"was {UNCHANGED}"
            assert (
                f"{finding.term} ({finding.gloss}) {verb} between {order[0][1]} and {order[-1][1]}"
                in text
            )
        # every period's rate and interval is stated as the tables give it
        sentence = findings.direction_sentence(finding)
        for period, label in order:
            rate = int(mine.get(period, 0)) / int(chars[period]) * 10_000
            low, high = rate_interval(int(mine.get(period, 0)), int(chars[period]))
            assert f"{rate:.1f} ({low:.1f}–{high:.1f}) in {label}" in sentence


def test_rests_on_names_the_largest_document(corpus) -> None:
    _, results, found = corpus
    docs = results.tables.documents.set_index("doc_id")
    counts = results.tables.term_counts
    for finding in found.terms:
        for rest in finding.rests_on:
            mine = counts[(counts["term"] == finding.term) & (counts["period"] == rest.period)]
            top = mine.sort_values("count", ascending=False, kind="stable").iloc[0]
            assert rest.count == int(mine["count"].sum())
            assert rest.document.count == int(top["count"])
            phrase = findings.rests_on_phrase(rest)
            assert f"{findings.short_outlet(docs.loc[rest.document.doc_id, 'outlet'])}, " in phrase
            assert docs.loc[rest.document.doc_id, "date"] in phrase


def test_one_document_periods_are_worded_as_such(corpus) -> None:
    _, results, found = corpus
    docs = results.tables.documents
    sizes = docs.groupby("period").size()
    single = [label for p, label in dated_periods(results) if sizes[p] == 1]
    text = plain(findings.how_sure(found))
    for label in single:
        assert label in text
    for d in found.distinctive:
        if sizes[d.period] == 1:
            assert d.stability.startswith(f"{d.label} has 1 document: leaving it out removes")
    for finding in found.terms:
        ends = {finding.first.period, finding.last.period}
        for period in ends:
            if sizes[period] == 1:
                assert "no comparison" in [w for _, w in finding.flips]


def test_generated_text_agrees_in_number(corpus) -> None:
    _, results, found = corpus
    texts = [
        findings.key_findings(found),
        findings.how_sure(found),
        findings.terms_summary(found, compounds=results.tables.term_compounds),
        findings.distinctive_summary(found),
        findings.stability_summary(found),
        findings.documents_per_period(found),
        findings.figures_summary(found),
        findings.untranslated_markdown(found),
    ]
    text = plain("\n".join(texts))
    bad = re.findall(
        r"\b1 (?:documents|mentions|targets|figures|runs|survive\b|are\b)"
        r"|\b(?:[02-9]|\d\d+) (?:document|mention|target|figure|run|survives|is)\b",
        text,
    )
    assert not bad, bad


def test_distinctive_words_match_the_comparison_table(corpus) -> None:
    _, results, found = corpus
    distinctive = results.tables.distinctive_terms
    assert [d.label for d in found.distinctive] == [label for _, label in dated_periods(results)]
    for d in found.distinctive:
        mine = distinctive[distinctive["comparison"] == f"{d.period} vs rest"]
        assert d.word == mine.nlargest(1, "z").iloc[0]["term"]
        assert f"{d.label}: {d.word} (z = {mine['z'].max():.1f};" in findings.distinctive_summary(
            found
        ).replace("\\", "")


def test_fightin_words_menu_shows_the_period_it_names(corpus) -> None:
    """The chart a period's label names shows that period's comparison (keyed by id)."""
    _, results, _ = corpus
    distinctive = results.tables.distinctive_terms
    order = dated_periods(results)
    labels = dict(order)
    comparisons = [f"{p} vs rest" for p, _ in order]
    fig = charts.fightin_words_pairs(distinctive, comparisons=comparisons, labels=labels)
    buttons = fig.layout.updatemenus[0].buttons
    for number, (period, label) in enumerate(order):
        assert buttons[number].label.startswith(label)
        mine = distinctive[distinctive["comparison"] == f"{period} vs rest"].set_index("term")
        per = len(fig.data) // len(order)  # traces per comparison, shown together
        drawn = {
            term: y
            for trace in fig.data[number * per : (number + 1) * per]
            for term, y in zip(trace.customdata[:, 0], trace.y, strict=True)
        }
        assert set(drawn) <= set(mine.index)
        top = mine["z"].idxmax()
        # the chart draws z rounded to 0.01 (the CSV keeps every digit)
        assert drawn[top] == pytest.approx(mine.loc[top, "z"], abs=0.005)
        assert all(drawn[t] == pytest.approx(mine.loc[t, "z"], abs=0.005) for t in drawn)


def test_quotes_are_verbatim_with_source(corpus) -> None:
    _, results, found = corpus
    texts = dict(zip(results.texts["doc_id"], results.texts["text"], strict=True))
    docs = results.tables.documents.set_index("doc_id")
    assert found.quotes
    for q in found.quotes:
        assert q.text in texts[q.doc_id]
        assert q.date == docs.loc[q.doc_id, "date"]
    items = re.split(r"^\d+\. ", findings.key_findings(found), flags=re.M)[1:]
    assert len(items) == len(found.terms) + 2
    for item, finding in zip(items, found.terms, strict=False):
        quotes = len(re.findall(r"^\s*> \*", item, flags=re.M))
        assert quotes <= 3
        assert quotes >= 1 or finding.total == 0
    for item in items[len(found.terms) :]:
        assert 1 <= len(re.findall(r"^\s*> \*", item, flags=re.M)) <= 3


def test_shipped_quotes_are_all_translated(tmp_path: Path) -> None:
    from corpus_files import shipped_corpus

    found = findings.build(pipeline.run(shipped_corpus(tmp_path), workers=1))
    assert found.untranslated == []
    assert "Every quotation" in findings.untranslated_markdown(found)


@pytest.mark.parametrize(
    ("body", "messages"),
    [
        ("quotes:\n  中文: ''\n", ["quotes: entry '中文': translation must be a non-empty string"]),
        (
            "quotes:\n  中文: [a]\n  英文: ' '\n",
            [
                "quotes: entry '中文': translation must be a non-empty string",
                "quotes: entry '英文': translation must be a non-empty string",
            ],
        ),
        ("- a list\n", ["expected a mapping 'quotes:' of Chinese quote to English"]),
        ("quotes: [a, b]\n", ["expected a mapping 'quotes:' of Chinese quote to English"]),
        ("quote:\n  中文: Chinese\n", ["unknown key 'quote'"]),
        ("glosses: [a]\nquotes:\n  中文: Chinese\n", ["'glosses'"]),
        ("quotes:\n  中文: [unclosed\n", ["line"]),
    ],
)
def test_translations_file_errors(tmp_path: Path, body: str, messages: list[str]) -> None:
    path = tmp_path / "translations.yml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as info:
        findings.load_translations(path)
    assert len(info.value.problems) == len(messages)
    for problem, expected in zip(info.value.problems, messages, strict=True):
        assert problem.startswith(f"{path}:") and expected in problem


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("quotes:\n  ' 中文 ': '  Chinese '\n", {"中文": "Chinese"}),
        ("", {}),
        ("quotes:\n", {}),
        (
            "glosses:\n  领航工厂: leading-level\nheld: [专精特新]\nquotes:\n  中文: Chinese\n",
            {"中文": "Chinese"},
        ),
    ],
)
def test_translations_file_read(tmp_path: Path, body: str, expected: dict[str, str]) -> None:
    path = tmp_path / "translations.yml"
    path.write_text(body, encoding="utf-8")
    assert findings.load_translations(path) == expected
    assert findings.load_translations(tmp_path / "absent.yml") == {}


# --------------------------------------------------------------------------
# The names the chapters use
# --------------------------------------------------------------------------

BOOK = Path(__file__).resolve().parents[1] / "book"


@pytest.mark.parametrize("module", ["findings", "charts", "pipeline", "compare"])
def test_every_name_a_chapter_uses_exists(module: str) -> None:
    imported = importlib.import_module(f"policytext.{module}")
    used = {
        name
        for chapter in sorted(BOOK.glob("*.md"))
        for name in re.findall(rf"\b{module}\.([A-Za-z_]\w*)", chapter.read_text(encoding="utf-8"))
    }
    assert used or module == "compare", f"no chapter uses policytext.{module}: the scan is broken"
    assert sorted(name for name in used if not hasattr(imported, name)) == []


@pytest.mark.parametrize("package", [findings, charts], ids=["findings", "charts"])
def test_the_package_exports_every_public_name_of_its_modules(package: ModuleType) -> None:
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        defined = {
            node.name if not isinstance(node, ast.Assign) else node.targets[0].id
            for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.ClassDef | ast.Assign)
        }
        public = {name for name in defined if not name.startswith("_")}
        assert public, f"nothing found in {info.name}: the scan is broken"
        assert sorted(public - set(package.__all__)) == [], info.name
        for name in public:
            assert getattr(package, name) is getattr(module, name)
