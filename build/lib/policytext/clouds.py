"""Word clouds of each period's vocabulary, drawn with a Simplified Chinese font.

wordcloud's bundled font has no Chinese glyphs (every character comes out as
a box, "tofu"), so a CJK font is required and checked before use:
:func:`resolve_font` finds it, :func:`render_wordcloud` draws a cloud from
term frequencies and :func:`png_bytes` / :func:`save_png` encode it.

The same frequencies, options and font give the same PNG byte for byte (with
the same Pillow/FreeType build): items are sorted before layout, the layout
uses a seeded random generator, colours come from the term itself and the PNG
carries no metadata.

Example:
    >>> font = resolve_font()  # doctest: +SKIP
    >>> frequencies = {"人工智能": 12, "新质生产力": 7}
    >>> image = render_wordcloud(frequencies, font_path=font)  # doctest: +SKIP
    >>> save_png(image, "cloud.png")  # doctest: +SKIP
"""

from __future__ import annotations

import importlib.util
import io
import math
import os
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import Image, ImageFont

from policytext.errors import FontNotFoundError, InputError

if TYPE_CHECKING:
    import pandas as pd

FONT_ENV_VAR = "POLICYTEXT_CJK_FONT"
"""Environment variable naming a font file to use instead of the packaged one."""

FONT_PACKAGE = "mplfonts"
"""The Python package that ships the default font (``pip install mplfonts==0.0.11``)."""

FONT_FILE = "fonts/NotoSansCJKsc-Regular.otf"
"""The default font's path inside :data:`FONT_PACKAGE` (Noto Sans CJK SC, SIL OFL 1.1)."""

CJK_SAMPLE = "人工智能新质生产力未来产业"
"""Characters a font must map for :func:`resolve_font` to accept it."""

PALETTE: tuple[str, ...] = (
    "#1b9e77",
    "#d95f02",
    "#7570b3",
    "#e7298a",
    "#66a61e",
    "#e6ab02",
    "#a6761d",
    "#666666",
)
"""Colours shared by every period's cloud (ColorBrewer Dark2, readable on white)."""

BACKGROUND = "white"
"""Background colour of every cloud."""

_INSTALL_HINT = (
    f"Install the default font with `pip install {FONT_PACKAGE}==0.0.11` "
    f"(`make book` installs it), or set {FONT_ENV_VAR} to a Simplified Chinese "
    ".otf/.ttf file (for example NotoSansCJKsc-Regular.otf)."
)


def resolve_font(path: str | Path | None = None) -> Path:
    """Find a font file that can draw Simplified Chinese, and check it.

    The first source that is set is used, and a bad font is an error, never a
    reason to try the next source:

    1. ``path``, if given;
    2. the environment variable :data:`POLICYTEXT_CJK_FONT <FONT_ENV_VAR>`, if
       set and not empty;
    3. ``NotoSansCJKsc-Regular.otf`` inside the installed :data:`FONT_PACKAGE`
       package (found without importing it).

    Args:
        path: An explicit font file (``~`` is expanded).

    Returns:
        The absolute path of a single-face font whose character map covers
        :data:`CJK_SAMPLE`.

    Raises:
        FontNotFoundError: No font was found, the file is not a font, is a
            collection (``.ttc``: only its first face would be used, which is
            Japanese for Noto CJK), or lacks the sample characters. The
            message names the file, what was tried and how to fix it.
    """
    if path is not None and str(path) != "":
        return _checked(Path(path).expanduser(), source="the font path given")
    env_value = os.environ.get(FONT_ENV_VAR, "")
    if env_value:
        return _checked(Path(env_value).expanduser(), source=f"{FONT_ENV_VAR}")
    packaged = _packaged_font()
    if packaged is None:
        raise FontNotFoundError(
            f"No CJK font for word clouds: no font path was given, {FONT_ENV_VAR} is "
            f"not set, and the Python package {FONT_PACKAGE!r} (which carries "
            f"{Path(FONT_FILE).name}) is not installed. {_INSTALL_HINT}"
        )
    return _checked(packaged, source=f"the {FONT_PACKAGE} package")


def missing_glyphs(text: str, *, font_path: str | Path) -> str:
    """Characters of ``text`` that the font's character map does not cover.

    Whitespace is ignored. Use it to check that every term of a cloud can be
    drawn (a missing character is drawn as a box).

    Args:
        text: The characters to look up.
        font_path: A single-face ``.otf``/``.ttf`` file.

    Returns:
        The missing characters, each once, in order of first appearance;
        ``""`` when the font covers all of them.

    Raises:
        FontNotFoundError: The file is missing or not a readable font.
    """
    cmap = _cmap(Path(font_path), source="the font path given")
    return "".join(dict.fromkeys(c for c in text if not c.isspace() and ord(c) not in cmap))


def render_wordcloud(
    frequencies: Mapping[str, float],
    *,
    font_path: str | Path,
    random_state: int = 42,
    width: int = 800,
    height: int = 500,
    max_words: int = 100,
    palette: Sequence[str] = PALETTE,
    prefer_horizontal: float = 1.0,
    min_font_size: int = 8,
) -> Image.Image:
    """Draw a word cloud, the same image every time for the same arguments.

    Items are ordered by descending frequency, then by term, before layout,
    so the order of ``frequencies`` does not matter and ties are broken the
    same way every time. Each term's colour is picked from ``palette`` by a
    checksum of the term, so a term has the same colour in every period.

    Args:
        frequencies: Term to weight (count or share); weights must be finite
            and not negative, zero weights are left out.
        font_path: A CJK font, normally from :func:`resolve_font` (not checked
            again here).
        random_state: Seed of the layout.
        width: Image width in pixels.
        height: Image height in pixels.
        max_words: The largest number of terms drawn (the heaviest ones).
        palette: Colours (any form Pillow reads, e.g. ``"#1b9e77"``); keep
            the default so every period's cloud uses the same scheme.
        prefer_horizontal: Share of terms tried horizontally first; the
            default 1.0 turns a term only when it does not fit otherwise.
        min_font_size: Terms that would be smaller than this are left out.

    Returns:
        An RGB image on a white background.

    Raises:
        ValueError: No term has a positive weight, a weight is negative or
            not finite, or an option is out of range.
    """
    from wordcloud import WordCloud  # imports matplotlib; only pay for it when drawing

    items = _ordered_items(frequencies)
    if max_words < 1:
        raise ValueError(f"max_words must be at least 1, got {max_words}")
    if not palette:
        raise ValueError("palette must hold at least one colour")
    colours = tuple(palette)

    def colour_of(word: str, **_: object) -> str:
        return colours[zlib.crc32(word.encode("utf-8")) % len(colours)]

    cloud = WordCloud(
        font_path=str(font_path),
        width=width,
        height=height,
        max_words=max_words,
        random_state=random_state,
        background_color=BACKGROUND,
        mode="RGB",
        color_func=colour_of,
        prefer_horizontal=prefer_horizontal,
        min_font_size=min_font_size,
        repeat=False,
    )
    cloud.generate_from_frequencies(dict(items[:max_words]))
    return cloud.to_image()


def png_bytes(image: Image.Image) -> bytes:
    """Encode an image as PNG with fixed options and no metadata.

    No text chunks, timestamps, resolution or colour profile are written, so
    equal pixels give equal bytes.

    Args:
        image: The image, e.g. from :func:`render_wordcloud`.

    Returns:
        The PNG file's bytes.
    """
    clean = image.copy()
    clean.info = {}
    buffer = io.BytesIO()
    clean.save(buffer, format="PNG", optimize=False, compress_level=9)
    return buffer.getvalue()


def save_png(image: Image.Image, path: str | Path) -> None:
    """Write :func:`png_bytes` of ``image`` to ``path``, creating its folder.

    Args:
        image: The image to write.
        path: The ``.png`` file to (over)write.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png_bytes(image))


def period_frequencies(vocab: pd.DataFrame, period: str, *, top_n: int = 150) -> dict[str, int]:
    """The ``top_n`` most frequent terms of one period, ready for a cloud.

    Counts of repeated ``(period, term)`` rows are added up; terms with a
    count of zero or less are left out. Ties at the cut are broken by term,
    and the result is ordered by descending count, then term.

    Args:
        vocab: Token counts with columns ``period``, ``term`` and ``count``.
        period: The period to take.
        top_n: How many terms to keep.

    Returns:
        Term to count, heaviest first.

    Raises:
        ValueError: A column is missing or ``top_n`` is less than 1.
        InputError: The period has no term with a positive count.
    """
    missing = [c for c in ("period", "term", "count") if c not in vocab.columns]
    if missing:
        raise ValueError(
            f"vocab lacks column(s) {', '.join(missing)}; it has {list(vocab.columns)}"
        )
    if top_n < 1:
        raise ValueError(f"top_n must be at least 1, got {top_n}")
    rows = vocab.loc[vocab["period"] == period, ["term", "count"]]
    totals = rows.groupby("term", sort=False)["count"].sum()
    ranked = sorted(
        ((str(term), int(count)) for term, count in totals.items() if count > 0),
        key=lambda item: (-item[1], item[0]),
    )
    if not ranked:
        known = ", ".join(sorted(map(str, vocab["period"].dropna().unique())))
        raise InputError(
            [f"period {period!r}: no terms to draw a word cloud from (periods with terms: {known})"]
        )
    return dict(ranked[:top_n])


def _ordered_items(frequencies: Mapping[str, float]) -> list[tuple[str, float]]:
    """Positive items by descending weight, then term; bad weights raise ValueError."""
    items: list[tuple[str, float]] = []
    for term, weight in frequencies.items():
        value = float(weight)
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"term {term!r}: weight must be finite and >= 0, got {weight!r}")
        if value > 0 and str(term).strip():
            items.append((str(term), value))
    if not items:
        raise ValueError("no term with a positive weight: nothing to draw")
    return sorted(items, key=lambda item: (-item[1], item[0]))


def _packaged_font() -> Path | None:
    """The default font inside the installed font package, without importing it."""
    try:
        spec = importlib.util.find_spec(FONT_PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    for location in spec.submodule_search_locations or ():
        candidate = Path(location) / FONT_FILE
        if candidate.is_file():
            return candidate.resolve()
    return None


def _cmap(path: Path, *, source: str) -> dict[int, str]:
    """The best Unicode character map of a single-face font file."""
    from fontTools.ttLib import TTFont, TTLibError

    if not path.is_file():
        what = "is a folder, not a font file" if path.is_dir() else "does not exist"
        raise FontNotFoundError(f"CJK font {path} (from {source}) {what}. {_INSTALL_HINT}")
    try:
        with path.open("rb") as handle:
            tag = handle.read(4)
    except OSError as exc:
        raise FontNotFoundError(
            f"CJK font {path} (from {source}) cannot be read: {exc.strerror}. {_INSTALL_HINT}"
        ) from None
    if tag == b"ttcf":
        raise FontNotFoundError(
            f"CJK font {path} (from {source}) is a font collection (.ttc/.otc); word clouds "
            "would use only its first face, which for Noto/Source Han CJK is Japanese. "
            f"Use a single-face Simplified Chinese file instead. {_INSTALL_HINT}"
        )
    try:
        with TTFont(path, lazy=True) as font:
            cmap = font.getBestCmap()
    except (TTLibError, OSError, KeyError, AssertionError, ValueError) as exc:
        raise FontNotFoundError(
            f"CJK font {path} (from {source}) is not a font file that can be read "
            f"({type(exc).__name__}: {exc}). {_INSTALL_HINT}"
        ) from None
    return cmap or {}


def _checked(path: Path, *, source: str) -> Path:
    """``path`` made absolute, once it is shown to be a usable CJK font."""
    cmap = _cmap(path, source=source)
    missing = "".join(dict.fromkeys(c for c in CJK_SAMPLE if ord(c) not in cmap))
    if missing:
        raise FontNotFoundError(
            f"Font {path} (from {source}) has no glyphs for the Chinese characters "
            f"{missing!r}: a word cloud drawn with it would show boxes. {_INSTALL_HINT}"
        )
    try:
        ImageFont.truetype(str(path), 12)
    except OSError as exc:
        raise FontNotFoundError(
            f"Font {path} (from {source}) cannot be opened by Pillow ({exc}). {_INSTALL_HINT}"
        ) from None
    return path.resolve()


def side_by_side(
    images: Mapping[str, bytes], *, labels: Sequence[str], font_path: str | Path | None = None
) -> Any:
    """The word clouds in one row, each titled, as a displayable PNG.

    Args:
        images: PNG bytes in display order (e.g. from ``pipeline.wordclouds``).
        labels: One title per image.
        font_path: Font for the titles (default: :func:`resolve_font`).

    Returns:
        An ``IPython.display.Image`` (PNG), for a notebook to show or glue.
    """
    from IPython.display import Image as DisplayImage
    from PIL import ImageDraw

    clouds = [Image.open(io.BytesIO(data)).convert("RGB") for data in images.values()]
    if len(labels) != len(clouds):
        raise ValueError(f"side_by_side: {len(clouds)} images but {len(labels)} labels")
    title_font = ImageFont.truetype(str(font_path or resolve_font()), 28)
    gap, title = 20, 50
    width = sum(c.width for c in clouds) + gap * (len(clouds) - 1)
    height = max(c.height for c in clouds) + title
    canvas = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(canvas)
    x = 0
    for cloud, label in zip(clouds, labels, strict=True):
        canvas.paste(cloud, (x, title))
        draw.text((x + 10, 8), label, fill="#333333", font=title_font)
        x += cloud.width + gap
    return DisplayImage(data=png_bytes(canvas), format="png")
