from __future__ import annotations

import os
import subprocess
import sys
import zlib
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from PIL import Image, ImageColor, ImageDraw, ImageFont

from policytext import clouds
from policytext.clouds import (
    CJK_SAMPLE,
    FONT_ENV_VAR,
    PALETTE,
    missing_glyphs,
    period_frequencies,
    png_bytes,
    render_wordcloud,
    resolve_font,
    save_png,
)
from policytext.errors import FontNotFoundError, InputError, PolicytextError

SMALL = {"width": 240, "height": 150}
FREQS = {
    "人工智能": 30,
    "新质生产力": 22,
    "未来产业": 22,
    "制造业": 18,
    "数字化转型": 12,
    "工业互联网": 12,
    "中小企业": 9,
    "创新": 9,
    "5G": 4,
}
DEJAVU = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def cjk_font() -> Path:
    # No skip: without the font the report cannot be built, so say so loudly.
    return resolve_font()


@pytest.fixture(autouse=True)
def _no_env_font(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(FONT_ENV_VAR, raising=False)


# --- font resolution -------------------------------------------------------


def test_default_font_is_the_packaged_noto_sans_sc(cjk_font: Path) -> None:
    assert cjk_font.name == "NotoSansCJKsc-Regular.otf"
    assert cjk_font.is_absolute()
    assert missing_glyphs(CJK_SAMPLE, font_path=cjk_font) == ""


def test_explicit_path_wins_over_env(
    cjk_font: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(FONT_ENV_VAR, str(tmp_path / "elsewhere.otf"))
    assert resolve_font(cjk_font) == cjk_font
    assert resolve_font(str(cjk_font)) == cjk_font


def test_env_var_overrides_package(
    cjk_font: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "my font.otf"
    copy.symlink_to(cjk_font)
    monkeypatch.setenv(FONT_ENV_VAR, str(copy))
    assert resolve_font() == copy.resolve()


def test_bad_env_var_is_an_error_not_a_fallback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "nope.otf"
    monkeypatch.setenv(FONT_ENV_VAR, str(missing))
    with pytest.raises(FontNotFoundError) as info:
        resolve_font()
    assert str(missing) in str(info.value)
    assert FONT_ENV_VAR in str(info.value)


def test_missing_path_names_the_path_and_the_fix(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-font.otf"
    with pytest.raises(FontNotFoundError) as info:
        resolve_font(missing)
    message = str(info.value)
    assert str(missing) in message
    assert "does not exist" in message
    assert FONT_ENV_VAR in message
    assert "make book" in message
    assert "mplfonts==0.0.11" in message
    assert isinstance(info.value, PolicytextError)


def test_folder_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(FontNotFoundError, match="folder"):
        resolve_font(tmp_path)


def test_font_without_cjk_glyphs_is_rejected() -> None:
    assert DEJAVU.is_file()
    with pytest.raises(FontNotFoundError) as info:
        resolve_font(DEJAVU)
    message = str(info.value)
    assert str(DEJAVU) in message
    assert "no glyphs" in message
    assert "人" in message


def test_not_a_font_is_rejected(tmp_path: Path) -> None:
    fake = tmp_path / "fake.otf"
    fake.write_text("not a font", encoding="utf-8")
    with pytest.raises(FontNotFoundError, match="not a font file"):
        resolve_font(fake)


def test_collection_is_rejected(tmp_path: Path) -> None:
    ttc = tmp_path / "NotoSansCJK-Regular.ttc"
    ttc.write_bytes(b"ttcf" + bytes(12))
    with pytest.raises(FontNotFoundError, match="collection"):
        resolve_font(ttc)


def test_package_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clouds, "FONT_PACKAGE", "policytext_no_such_font_package")
    with pytest.raises(FontNotFoundError) as info:
        resolve_font()
    message = str(info.value)
    assert "not installed" in message
    assert FONT_ENV_VAR in message
    assert "make book" in message


def test_resolving_does_not_import_the_font_package(cjk_font: Path) -> None:
    code = (
        "import sys; from policytext.clouds import resolve_font; resolve_font(); "
        "print('mplfonts' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_missing_glyphs(cjk_font: Path) -> None:
    assert missing_glyphs("人工 智能", font_path=cjk_font) == ""
    assert missing_glyphs("人工智能人", font_path=DEJAVU) == "人工智能"
    assert missing_glyphs("AI", font_path=DEJAVU) == ""


# --- the glyphs really are Chinese, not boxes ------------------------------


def _ink(font_path: Path, char: str) -> np.ndarray:
    font = ImageFont.truetype(str(font_path), 48)
    image = Image.new("L", (64, 64), 0)
    ImageDraw.Draw(image).text((8, 4), char, fill=255, font=font)
    return np.asarray(image) > 127


def test_cjk_characters_draw_distinct_glyphs(cjk_font: Path) -> None:
    shapes = [_ink(cjk_font, c) for c in "人工智能"]
    assert all(shape.sum() > 40 for shape in shapes)
    for i, a in enumerate(shapes):
        for b in shapes[i + 1 :]:
            assert (a != b).sum() > 50


def test_tofu_font_draws_the_same_box_for_every_character() -> None:
    # The check above would catch tofu: a font without the glyphs draws
    # one identical placeholder for different characters.
    assert np.array_equal(_ink(DEJAVU, "人"), _ink(DEJAVU, "工"))


def test_cloud_of_one_word_is_that_word(cjk_font: Path) -> None:
    ren = np.asarray(render_wordcloud({"人": 1}, font_path=cjk_font, **SMALL).convert("L")) < 128
    gong = np.asarray(render_wordcloud({"工": 1}, font_path=cjk_font, **SMALL).convert("L")) < 128
    assert ren.sum() > 100
    assert gong.sum() > 100
    assert (ren != gong).sum() > 100


# --- rendering -------------------------------------------------------------


def test_render_is_byte_for_byte_repeatable(cjk_font: Path) -> None:
    first = png_bytes(render_wordcloud(FREQS, font_path=cjk_font, **SMALL))
    second = png_bytes(render_wordcloud(FREQS, font_path=cjk_font, **SMALL))
    assert first == second


def test_insertion_order_does_not_matter(cjk_font: Path) -> None:
    reordered = dict(reversed(list(FREQS.items())))
    assert list(reordered) != list(FREQS)
    a = png_bytes(render_wordcloud(FREQS, font_path=cjk_font, **SMALL))
    b = png_bytes(render_wordcloud(reordered, font_path=cjk_font, **SMALL))
    assert a == b


def test_ties_at_the_max_words_cut_do_not_depend_on_order(cjk_font: Path) -> None:
    # 新质生产力 and 未来产业 tie; only one fits under max_words=2.
    reordered = {k: FREQS[k] for k in ["未来产业", "人工智能", "新质生产力"]}
    a = png_bytes(render_wordcloud(FREQS, font_path=cjk_font, max_words=2, **SMALL))
    b = png_bytes(render_wordcloud(reordered, font_path=cjk_font, max_words=2, **SMALL))
    assert a == b


def test_seed_changes_the_layout(cjk_font: Path) -> None:
    a = png_bytes(render_wordcloud(FREQS, font_path=cjk_font, random_state=1, **SMALL))
    b = png_bytes(render_wordcloud(FREQS, font_path=cjk_font, random_state=2, **SMALL))
    assert a != b


def test_repeatable_across_processes(cjk_font: Path) -> None:
    code = (
        "import sys, hashlib; from policytext.clouds import render_wordcloud, png_bytes; "
        f"im = render_wordcloud({FREQS!r}, font_path=sys.argv[1], width=240, height=150); "
        "print(hashlib.sha256(png_bytes(im)).hexdigest())"
    )
    digests = set()
    for seed in ("0", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", code, str(cjk_font)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(out.stdout.strip())
    assert len(digests) == 1


def test_image_size_mode_background_and_palette(cjk_font: Path) -> None:
    image = render_wordcloud(FREQS, font_path=cjk_font, **SMALL)
    assert image.size == (240, 150)
    assert image.mode == "RGB"
    assert image.getpixel((0, 0)) == (255, 255, 255)
    colours = {c for _, c in image.getcolors(maxcolors=1 << 16)}
    # The two largest terms have solid strokes in their palette colour (small
    # ones may be anti-aliased all over, or not fit at all).
    assert {_colour_of("人工智能"), _colour_of("新质生产力")} <= colours


def _colour_of(term: str) -> tuple[int, int, int]:
    return ImageColor.getrgb(PALETTE[zlib.crc32(term.encode("utf-8")) % len(PALETTE)])[:3]


def test_same_term_same_colour_in_every_period(cjk_font: Path) -> None:
    one = render_wordcloud({"人工智能": 5}, font_path=cjk_font, **SMALL)
    two = render_wordcloud(
        {"人工智能": 5, "制造业": 1}, font_path=cjk_font, random_state=7, **SMALL
    )
    for image in (one, two):
        assert _colour_of("人工智能") in {c for _, c in image.getcolors(maxcolors=1 << 16)}


@pytest.mark.parametrize(
    ("frequencies", "match"),
    [
        ({}, "nothing to draw"),
        ({"人工智能": 0}, "nothing to draw"),
        ({"  ": 3}, "nothing to draw"),
        ({"人工智能": -1}, "人工智能"),
        ({"人工智能": float("nan")}, "finite"),
    ],
)
def test_bad_frequencies(cjk_font: Path, frequencies: dict, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        render_wordcloud(frequencies, font_path=cjk_font, **SMALL)


def test_bad_options(cjk_font: Path) -> None:
    with pytest.raises(ValueError, match="max_words"):
        render_wordcloud(FREQS, font_path=cjk_font, max_words=0, **SMALL)
    with pytest.raises(ValueError, match="palette"):
        render_wordcloud(FREQS, font_path=cjk_font, palette=(), **SMALL)


# --- PNG -------------------------------------------------------------------


def test_png_has_no_metadata_and_round_trips(cjk_font: Path, tmp_path: Path) -> None:
    image = render_wordcloud(FREQS, font_path=cjk_font, **SMALL)
    image.info["dpi"] = (300, 300)
    image.info["Software"] = "something"
    data = png_bytes(image)
    for chunk in (b"tEXt", b"zTXt", b"iTXt", b"tIME", b"pHYs", b"iCCP"):
        assert chunk not in data
    assert image.info["dpi"] == (300, 300)  # the caller's image is not changed
    target = tmp_path / "sub" / "cloud.png"
    save_png(image, target)
    assert target.read_bytes() == data
    with Image.open(target) as back:
        assert back.size == image.size
        assert np.array_equal(np.asarray(back.convert("RGB")), np.asarray(image))


# --- period_frequencies ----------------------------------------------------


VOCAB = pd.DataFrame(
    {
        "period": ["2025H2", "2025H2", "2025H2", "2025H2", "2026Q1", "2025H2", "2025H2"],
        "term": ["制造业", "人工智能", "未来产业", "新质生产力", "人工智能", "制造业", "噪声"],
        "count": [5, 7, 7, 3, 40, 4, 0],
    }
)


def test_period_frequencies_sums_sorts_and_cuts() -> None:
    result = period_frequencies(VOCAB, "2025H2")
    assert result == {"制造业": 9, "人工智能": 7, "未来产业": 7, "新质生产力": 3}
    assert list(result) == ["制造业", "人工智能", "未来产业", "新质生产力"]
    assert all(type(v) is int for v in result.values())
    assert period_frequencies(VOCAB, "2025H2", top_n=2) == {"制造业": 9, "人工智能": 7}
    assert period_frequencies(VOCAB, "2026Q1") == {"人工智能": 40}


def test_period_frequencies_ignores_row_order() -> None:
    shuffled = VOCAB.sample(frac=1, random_state=3).reset_index(drop=True)
    assert list(period_frequencies(shuffled, "2025H2", top_n=2)) == ["制造业", "人工智能"]


def test_period_frequencies_unknown_period() -> None:
    with pytest.raises(InputError, match="2024") as info:
        period_frequencies(VOCAB, "2024")
    assert "2025H2, 2026Q1" in str(info.value)


def test_period_frequencies_bad_input() -> None:
    with pytest.raises(ValueError, match="count"):
        period_frequencies(VOCAB.drop(columns="count"), "2025H2")
    with pytest.raises(ValueError, match="top_n"):
        period_frequencies(VOCAB, "2025H2", top_n=0)
