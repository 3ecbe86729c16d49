"""Bad input never gives a silent wrong answer: line ends, invisible characters,
encodings, Traditional script, environment and file-system faults.

Every test here holds for any valid corpus: the ones that use ``data/corpus.csv``
take whatever documents it lists.
"""

from __future__ import annotations

import csv
import errno
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import opencc
import pandas as pd
import pytest
from corpus_files import write_corpus

from policytext import chars, cli, pipeline, script
from policytext.clean import clean_document, load_rules
from policytext.config import DATA_DIR
from policytext.counts import compile_terms, find_terms
from policytext.decoding import decode, normalize_line_ends
from policytext.errors import InputError
from policytext.export import atomic_folder
from policytext.figures import extract_figures
from policytext.lexicon import load_terms
from policytext.segment import default_workers
from policytext.text import normalize_text

RULES = load_rules()
TERMS = load_terms()
FOCAL = [t for t in TERMS if t.focal]
PATTERN, OWNER = compile_terms(TERMS)


def _manifest_rows() -> list[dict[str, str]]:
    with (DATA_DIR / "corpus.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


ROWS = _manifest_rows()
RAW = {row["doc_id"]: (DATA_DIR / row["file"]).read_bytes() for row in ROWS}
SIMPLIFIED = [d for d in RAW if script.detect_script(decode(RAW[d])[0]) == "simplified"]
"""The corpus's documents in Simplified script (an added document may be Traditional)."""


def _count(text: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for _, _, term in find_terms(normalize_text(text), PATTERN, OWNER):
        found[term] = found.get(term, 0) + 1
    return found


# ---------------------------------------------------------------- line ends

LINE_ENDS = ["\r\n", "\r", "\x85", "\u2028", "\u2029", "\x0c", "\x0b"]


@pytest.mark.parametrize("end", LINE_ENDS, ids=[f"U+{ord(e[-1]):04X}" for e in LINE_ENDS])
@pytest.mark.parametrize("doc_id", list(RAW))
def test_every_line_end_gives_the_same_clean_text(doc_id: str, end: str) -> None:
    text, _ = decode(RAW[doc_id])
    variant = text.replace("\n", end).encode("utf-8")
    again, _ = decode(variant, source=doc_id)
    assert again == text
    assert (
        clean_document(doc_id, again, rules=RULES).text
        == clean_document(doc_id, text, rules=RULES).text
    )


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("a\r\nb", "a\nb"),
        ("a\rb\r\rc", "a\nb\n\nc"),
        ("a\x85b", "a\nb"),
        ("a\u2028b\u2029c", "a\nb\nc"),
        ("a\x0cb\x0bc", "a\nb\nc"),
        ("a\n\nb", "a\n\nb"),
    ],
)
def test_line_ends_normalised(given: str, expected: str) -> None:
    assert normalize_line_ends(given) == expected


# ---------------------------------------------------------------- invisible characters

FORMAT_CHARACTERS = [
    chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"
]
VARIATION_SELECTORS = ["\ufe00", "\ufe0f", "\U000e0100", "\U000e01ef"]


def test_every_format_character_is_invisible() -> None:
    pattern = chars.invisible_pattern()
    missed = [f"U+{ord(c):04X}" for c in FORMAT_CHARACTERS + VARIATION_SELECTORS]
    missed = [
        m
        for m, c in zip(missed, FORMAT_CHARACTERS + VARIATION_SELECTORS, strict=True)
        if not pattern.fullmatch(c)
    ]
    assert not missed
    assert len(FORMAT_CHARACTERS) > 100  # the whole Unicode range was enumerated


def test_invisible_characters_are_only_in_the_planes_scanned() -> None:
    """The scan of :data:`chars.INVISIBLE_PLANES` finds what a scan of every code point finds."""
    assert chars.invisible_codes() == chars.invisible_codes(planes=None)
    assert chars.invisible_codes(planes=(0,)) != chars.invisible_codes()  # planes are honoured


@pytest.mark.parametrize("term", [t.term for t in FOCAL])
def test_format_characters_inside_a_focal_term_change_no_count(term: str) -> None:
    sentence = f"工信部表示，要大力发展{term}，推动产业升级。"
    reference = _count(clean_document("ref", sentence, rules=RULES).text)
    assert reference.get(term) == 1
    for char in FORMAT_CHARACTERS + VARIATION_SELECTORS:
        for cut in range(1, len(term)):
            broken = term[:cut] + char + term[cut:]
            raw = f"工信部表示，要大力发展{broken}，推动产业升级。"
            clean = clean_document("doc", raw, rules=RULES)
            assert char not in clean.text, f"U+{ord(char):04X} kept"
            assert _count(clean.text) == reference, f"U+{ord(char):04X} at {cut}"
            gone = [row for row in clean.audit if row.stage == "characters"]
            assert gone and gone[0].text == char


# ---------------------------------------------------------------- encodings

CHINESE = "工业和信息化部表示，今年将加快发展新质生产力，培育未来产业，深入实施人工智能+行动。" * 5
FOREIGN = {
    "shift_jis": "経済産業省は新しい産業政策を発表しました。人工知能と半導体の分野で投資を拡大します。"
    * 20,
    "euc_kr": "과학기술정보통신부는 새로운 산업 정책을 발표했습니다. 인공지능 분야 투자를 확대합니다."
    * 20,
    "cp1252": "Le ministère a présenté ses priorités: café, déjà, façade, naïve. " * 20,
    "latin-1": "Die Behörde äußerte sich zur Förderung künftiger Industrien. " * 20,
    "koi8_r": "Министерство промышленности заявило о новых приоритетах. " * 20,
    "cp1251": "Министерство промышленности заявило о новых приоритетах. " * 20,
    "iso8859_7": "Το Υπουργείο Βιομηχανίας ανακοίνωσε νέες προτεραιότητες. " * 20,
}


@pytest.mark.parametrize("encoding", list(FOREIGN))
def test_other_languages_legacy_encodings_are_refused(encoding: str) -> None:
    with pytest.raises(InputError) as caught:
        decode(FOREIGN[encoding].encode(encoding), source="raw/x.txt")
    message = str(caught.value)
    assert message.startswith("raw/x.txt: ")
    assert "UTF-8" in message


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        (CHINESE, "utf-8", "utf-8"),
        (CHINESE, "utf-8-sig", "utf-8-sig"),
        (CHINESE, "gbk", "gb18030"),
        (CHINESE, "gb18030", "gb18030"),
        (opencc.OpenCC("s2t").convert(CHINESE), "big5", "big5"),
        (opencc.OpenCC("s2t").convert(CHINESE), "cp950", "big5"),
    ],
)
def test_chinese_encodings_are_read(text: str, codec: str, expected: str) -> None:
    decoded, encoding = decode(text.encode(codec))
    assert (decoded, encoding) == (text, expected)


def test_plausibility_separates_chinese_from_other_bytes() -> None:
    assert script.plausibility(CHINESE) > script.MIN_PLAUSIBILITY
    for encoding in ("shift_jis", "euc_kr"):
        wrong = FOREIGN[encoding].encode(encoding).decode("gb18030")
        assert script.plausibility(wrong) < script.MIN_PLAUSIBILITY


# ---------------------------------------------------------------- Traditional script

S2T = opencc.OpenCC("s2t")


@pytest.mark.parametrize("doc_id", SIMPLIFIED)
def test_to_simplified_keeps_length_and_round_trips(doc_id: str) -> None:
    text, _ = decode(RAW[doc_id])
    traditional = S2T.convert(text)
    assert script.detect_script(traditional) == "traditional"
    back = script.to_simplified(traditional)
    assert len(back) == len(traditional)
    assert _count(back) == _count(text)


def test_traditional_copy_counts_as_the_original(tmp_path: Path) -> None:
    """A Traditional copy of every document gives the same counts, figures and words."""
    files, rows, originals, original_rows = {}, [], {}, []
    for row in ROWS:
        if row["doc_id"] not in SIMPLIFIED:
            continue  # an added Traditional document has no Simplified original
        text, _ = decode(RAW[row["doc_id"]])
        name = f"raw/{row['doc_id']}.txt"
        files[name] = S2T.convert(text).encode("utf-8")
        originals[row["file"]] = RAW[row["doc_id"]]
        rows.append({**row, "file": name})
        original_rows.append(row)
    simplified = write_corpus(tmp_path / "simplified", original_rows, originals)
    original = pipeline.run(simplified, workers=1).tables
    converted = pipeline.run(write_corpus(tmp_path / "traditional", rows, files), workers=1).tables
    documents = converted["documents.csv"]
    assert set(documents["script"]) == {"traditional"}
    assert set(original["documents.csv"]["script"]) == {"simplified"}
    pd.testing.assert_frame_equal(original["term_counts.csv"], converted["term_counts.csv"])
    columns = ["doc_id", "value", "value_high", "unit", "bound", "kind", "year"]
    pd.testing.assert_frame_equal(
        original["figures.csv"][columns].reset_index(drop=True),
        converted["figures.csv"][columns].reset_index(drop=True),
    )
    # Quotes keep the document's own characters.
    assert converted["figures.csv"]["sentence"].map(script.detect_script).eq("traditional").any()
    top = original["token_counts.csv"].groupby("term")["count"].sum().nlargest(50)
    top_converted = converted["token_counts.csv"].groupby("term")["count"].sum()
    assert (top_converted.reindex(top.index) == top).all()


# ---------------------------------------------------------------- the environment


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1.5", "", " ", "2x"])
def test_invalid_workers_are_named(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("POLICYTEXT_WORKERS", value)
    with pytest.raises(InputError, match="POLICYTEXT_WORKERS"):
        default_workers()


@pytest.mark.parametrize(("value", "expected"), [("1", 1), ("3", 3), (" 2 ", 2)])
def test_valid_workers(monkeypatch: pytest.MonkeyPatch, value: str, expected: int) -> None:
    monkeypatch.setenv("POLICYTEXT_WORKERS", value)
    assert default_workers() == expected


def _fill(folder: Path) -> None:
    (folder / "table.csv").write_text("new\n", encoding="utf-8")


def _existing(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    (out / "table.csv").write_text("old\n", encoding="utf-8")
    return out


def test_full_disk_is_one_line_and_keeps_the_old_output(tmp_path: Path) -> None:
    out = _existing(tmp_path)

    def full(folder: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(folder / "kwic.csv"))

    with pytest.raises(Exception) as caught:
        atomic_folder(out, full)
    message = str(caught.value)
    assert "No space left on device" in message and "kwic.csv" in message
    assert "free some space" in message and "\n" not in message
    assert (out / "table.csv").read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_an_interrupted_swap_is_restored(tmp_path: Path) -> None:
    out = _existing(tmp_path)
    out.rename(tmp_path / ".out.old")  # killed between the two renames
    assert not out.exists()
    atomic_folder(out, _fill)
    assert (out / "table.csv").read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_stale_old_copy_is_dropped(tmp_path: Path) -> None:
    out = _existing(tmp_path)
    stale = tmp_path / ".out.old"
    stale.mkdir()
    (stale / "x").write_text("x", encoding="utf-8")
    atomic_folder(out, _fill)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_read_only_output_leaves_no_copy(tmp_path: Path) -> None:
    out = _existing(tmp_path)
    (out / "table.csv").chmod(0o444)
    out.chmod(0o555)
    atomic_folder(out, _fill)
    assert (out / "table.csv").read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_cli_reports_an_os_error_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def failing(args: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(tmp_path / "cache"))

    monkeypatch.setattr(cli, "export_command", failing)
    status = cli.main(["export", "--corpus", str(DATA_DIR / "corpus.csv"), "--out", "x"])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2
    assert len(err) == 1 and err[0].startswith("policytext: error: ")
    assert str(tmp_path / "cache") in err[0] and "read-only" in err[0]
    assert "internal error" not in err[0]


# ---------------------------------------------------------------- JSON-escaped markup


def test_json_escaped_markup_is_decoded_and_stripped() -> None:
    raw = (
        r"\u003cp style=\"width:50%\"\u003e工业和信息化部推动新质生产力发展。\u003c/p\u003e"
        r"\u003cp\u003e预计2027年产业规模超过1万亿元。\u003c/p\u003e"
    )
    text, _ = decode(raw.encode())
    assert "\\u003c" not in text
    clean = clean_document("doc", text, rules=RULES)
    assert "50%" not in clean.text and "style" not in clean.text
    assert "新质生产力" in clean.text
    texts = pd.DataFrame(
        [{"doc_id": "doc", "period": "p", "date": "2026-01-01", "text": clean.text}]
    )
    figures = extract_figures(texts)
    assert "50%" not in set(figures["figure"])
    assert len(figures)  # the article's own figures are still found


def test_text_without_escaped_markup_keeps_its_backslashes() -> None:
    assert decode(b"C:\\new\\table \\u4e2d") == ("C:\\new\\table \\u4e2d", "utf-8")


# ---------------------------------------------------------------- look-alike characters

LOOKALIKES = chars.lookalikes()
RADICAL_BLOCKS = ((0x2E80, 0x2EFF), chars.KANGXI_RADICALS)
IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f]")


def test_lookalike_table_folds_what_nfkc_does_not() -> None:
    listed = chars.load_lookalikes()
    supplement = [c for c in listed if RADICAL_BLOCKS[0][0] <= ord(c) <= RADICAL_BLOCKS[0][1]]
    assigned = [
        chr(code)
        for code in range(RADICAL_BLOCKS[0][0], RADICAL_BLOCKS[0][1] + 1)
        if unicodedata.category(chr(code)) != "Cn"
    ]
    # Every assigned CJK radical has its ideograph but U+2E80 (none in Unicode's table).
    assert sorted(supplement) == [c for c in assigned if c != "\u2e80"]
    for char, target in listed.items():
        in_block = any(a <= ord(char) <= b for a, b in RADICAL_BLOCKS)
        assert IDEOGRAPH.fullmatch(target) or not in_block, f"U+{ord(char):04X}"
        assert target not in listed, f"U+{ord(char):04X} folds to another look-alike"
        assert unicodedata.normalize("NFKC", char) in (char, target), f"U+{ord(char):04X}"


def _lookalike_variants(term: str) -> list[tuple[int, str]]:
    """Each (position, look-alike) that can stand for a character of ``term``."""
    return [(i, c) for i, t in enumerate(term) for c, f in LOOKALIKES.items() if f == t]


VARIANTS = [(t.term, v) for t in FOCAL for v in _lookalike_variants(t.term)]


def test_focal_terms_have_lookalikes_to_test() -> None:
    assert len({term for term, _ in VARIANTS}) >= 2  # else the next test proves little


@pytest.mark.parametrize(("term", "variant"), VARIANTS, ids=lambda v: str(v))
def test_lookalikes_inside_a_focal_term_change_no_count(term: str, variant: tuple) -> None:
    sentence = f"工信部表示，要大力发展{term}，推动产业升级。"
    reference = _count(clean_document("ref", sentence, rules=RULES).text)
    for position, char in [variant]:
        broken = term[:position] + char + term[position + 1 :]
        clean = clean_document("doc", sentence.replace(term, broken), rules=RULES)
        assert char not in clean.text, f"U+{ord(char):04X} kept"
        assert _count(clean.text) == reference, f"U+{ord(char):04X} at {position}"
        folded = [row for row in clean.audit if row.stage == "characters"]
        assert [(r.text, r.action) for r in folded] == [(char, "changed")]
        assert LOOKALIKES[char] in folded[0].reason


def test_every_lookalike_is_folded_in_clean_text() -> None:
    body = "".join(LOOKALIKES)
    raw = f"工信部表示，{body}。要大力发展新质生产力，推动产业升级。"
    clean = clean_document("doc", raw, rules=RULES)
    assert not set(clean.text) & set(LOOKALIKES)
    assert sum(row.stage == "characters" for row in clean.audit) == len(LOOKALIKES)


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("2ED3,U+957F,x,y", "row 2: code must be a code point"),
        ("U+2ED3,long,x,y", "row 2: folds_to must be a code point"),
        ("U+2ED3,U+2ED3,x,y", "row 2: U+2ED3 folds to itself"),
    ],
)
def test_a_bad_lookalike_row_is_named(tmp_path: Path, row: str, problem: str) -> None:
    path = tmp_path / "lookalikes.csv"
    path.write_text(f"code,folds_to,name,source\n{row}\n", encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(problem)) as caught:
        chars.load_lookalikes(path)
    assert str(path) in str(caught.value)


def test_a_traditional_document_is_noted_in_the_audit() -> None:
    simplified = "工信部表示，今年将加快发展新质生产力，培育未来产业。" * 3
    traditional = opencc.OpenCC("s2t").convert(simplified)
    doc = clean_document("doc", traditional, rules=RULES)
    notes = [row for row in doc.audit if row.stage == "script"]
    assert len(notes) == 1 and notes[0].action == "converted" and notes[0].chars == 0
    assert doc.text == traditional  # the document keeps its own characters
    differ = sum(a != b for a, b in zip(traditional, simplified, strict=True))
    assert f"{differ} of the {len(doc.text)} clean characters differ" in notes[0].reason
    assert not [
        r for r in clean_document("s", simplified, rules=RULES).audit if r.stage == "script"
    ]


# ---------------------------------------------------------------- the cache folder


def _export(tmp_path: Path, cache: Path) -> tuple[int, list[str]]:
    """Run the export in a fresh process (this one has its segmenter set up already)."""
    done = subprocess.run(
        [sys.executable, "-m", "policytext", "export", "--out", str(tmp_path / "out"), "--quiet"],
        env={**os.environ, "POLICYTEXT_CACHE": str(cache)},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    return done.returncode, done.stderr.strip().splitlines()


def test_a_cache_folder_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    status, err = _export(tmp_path, blocker / "cache")
    assert status == 2
    assert len(err) == 1 and err[0].startswith("policytext: error: "), err
    assert str(blocker) in err[0] and "internal error" not in err[0]
    assert "POLICYTEXT_CACHE" in err[0]
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="needs file modes")
def test_a_read_only_cache_folder_is_one_line(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o555)
    try:
        status, err = _export(tmp_path, cache)
    finally:
        cache.chmod(0o755)
    assert status == 2
    assert len(err) == 1 and err[0].startswith("policytext: error: "), err
    assert str(cache) in err[0] and "POLICYTEXT_CACHE" in err[0]
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- not text, or too little of it

SIGNED = {
    "pdf": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "a PDF file"),
    "docx": (b"PK\x03\x04\x14\x00\x06\x00" + "工信部".encode("gb18030") * 40, "Office file"),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "old Office file"),
    "rtf": (b"{\\rtf1\\ansi " + "工信部表示".encode("gb18030") * 20 + b"}", "an RTF file"),
    "png": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "a PNG image"),
    "jpeg": (b"\xff\xd8\xff\xe0" + b"\x00" * 40, "a JPEG image"),
}


@pytest.mark.parametrize("kind", list(SIGNED))
def test_files_that_are_not_text_are_named_by_format(kind: str) -> None:
    data, name = SIGNED[kind]
    with pytest.raises(InputError) as caught:
        decode(data, source="raw/x")
    assert len(caught.value.problems) == 1
    message = caught.value.problems[0]
    assert message.startswith("raw/x: ") and name in message and "UTF-8" in message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("登录\n注册\n关注我们\n", "only 2 Chinese characters of article text left"),
        ("The ministry said it would speed up. " * 40, "no article text left"),
        ("工信部：新质生产力。\n", "only 8 Chinese characters of article text left"),
    ],
)
def test_a_document_with_too_little_article_text_is_named(
    tmp_path: Path, raw: str, expected: str
) -> None:
    row = {**ROWS[0], "file": "raw/short.txt"}
    manifest = write_corpus(tmp_path, [row], {"raw/short.txt": raw.encode("utf-8")})
    with pytest.raises(InputError) as caught:
        pipeline.run(manifest, workers=1)
    (message,) = caught.value.problems
    assert "raw/short.txt" in message and expected in message
    assert f"at least {script.MIN_HAN}" in message or "no article text" in message


def test_the_cleaning_table_adds_up_with_changes(tmp_path: Path) -> None:
    """Entities decoded and look-alikes replaced: removed = raw − clean still, per document."""
    from policytext import report

    look = next(c for c, t in LOOKALIKES.items() if t == "长")
    page = (
        "<p>工信部表示，要加快发展新质生产力&amp;未来产业，推动产业升级&#12290;</p>\n"
        f"<p>增{look}率达到百分之五，{look}期向好，规模以上工业增加值稳步增长。</p>\n"
    ) * 4
    row = {**ROWS[0], "file": "raw/changed.html"}
    manifest = write_corpus(tmp_path, [row], {"raw/changed.html": page.encode("utf-8")})
    tables = pipeline.run(manifest, workers=1).tables
    audit = tables["cleaning_audit.csv"]
    changed = audit[audit["action"] == "changed"]
    assert {"&amp;", look} <= set(changed["text"]) and "长" in set(changed["replacement"])
    table = report.cleaning_frame(tables["documents.csv"], audit)
    assert (table["removed"] == table["raw"] - table["clean"]).all(), table


@pytest.mark.parametrize(
    ("text", "at_least", "expected"),
    [("工信部", 3, True), ("工信部", 4, False), ("MIIT 工信部 2026", 3, True), ("", 1, False)],
)
def test_has_han_counts_han_characters(text: str, at_least: int, expected: bool) -> None:
    assert script.has_han(text, at_least) is expected
    assert script.has_han(text, at_least) == (len(script.han_characters(text)) >= at_least)
