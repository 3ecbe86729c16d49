"""Reading a raw file's bytes as text: encodings, line ends, formats that are not text.

UTF-8 (with or without a byte-order mark), GB18030/GBK and Big5 are read; a
file that is not UTF-8 is read in the legacy encoding whose characters are
plausibly Chinese (:func:`policytext.script.plausibility`), and refused when
none is. PDF, Office files, images and archives are named by their format.
Line ends of every kind become LF; JSON-escaped markup is unescaped. Used by
:mod:`policytext.corpus`, which reads the files the manifest lists.
"""

from __future__ import annotations

import re

from policytext import script
from policytext.errors import InputError

_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
"""Control characters (C0 but tab, line feed, form feed and carriage return; DEL; C1)."""

LINE_ENDS_RE = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
"""Line ends other than LF: CRLF, CR (old Mac), VT, form feed, NEL, U+2028, U+2029."""

LEGACY_ENCODINGS = ("gb18030", "big5")
"""Encodings tried, in this order, for a file that is not UTF-8 (GB18030 covers GBK, GB2312)."""


def normalize_line_ends(text: str) -> str:
    """Every line end (:data:`LINE_ENDS_RE`) as LF, so a file reads the same on any system."""
    return LINE_ENDS_RE.sub("\n", text)


_JSON_MARKUP_RE = re.compile(r"\\u003[cCeE]")
_JSON_ESCAPE_RE = re.compile(r'\\(?:u([0-9a-fA-F]{4})|(["\\/])|([nrt]))')


def unescape_json_markup(text: str) -> str:
    r"""Text with JSON string escapes decoded, if it holds JSON-escaped markup.

    Pages scraped from a script's data carry their HTML as a JSON string
    (``\u003cp style=\"width:50%\"\u003e``): unescaped, it is markup that
    cleaning strips (and its ``50%`` no figure). Text without an escaped ``<``
    or ``>`` is returned unchanged, backslashes and all.
    """
    if not _JSON_MARKUP_RE.search(text):
        return text

    def unescape(match: re.Match[str]) -> str:
        code, char, control = match.groups()
        if code:
            return chr(int(code, 16))
        return char or {"n": "\n", "r": "\n", "t": "\t"}[control]

    unescaped = _JSON_ESCAPE_RE.sub(unescape, text)
    # Characters beyond the BMP come as two escaped surrogates: pair them.
    return unescaped.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


FILE_SIGNATURES: dict[bytes, tuple[str, str]] = {
    b"%PDF-": ("a PDF file", "extract its text (e.g. `pdftotext -enc UTF-8`)"),
    b"PK\x03\x04": ("a ZIP archive or Office file (.docx, .xlsx)", "copy out the article text"),
    b"\xd0\xcf\x11\xe0": ("an old Office file (.doc, .xls)", "copy out the article text"),
    b"{\\rtf": ("an RTF file", "save the article as plain text"),
    b"\x89PNG": ("a PNG image", "transcribe or OCR the article text"),
    b"\xff\xd8\xff": ("a JPEG image", "transcribe or OCR the article text"),
    b"GIF8": ("a GIF image", "transcribe or OCR the article text"),
    b"\x1f\x8b": ("a gzip archive", "decompress it"),
}
"""Leading bytes of file formats that are not text, and what to do instead."""


def decode(data: bytes, *, source: str = "<bytes>") -> tuple[str, str]:
    """Decode raw bytes as UTF-8 (with or without BOM), GB18030/GBK or Big5, with LF line ends.

    A file that is not UTF-8 is decoded with each of :data:`LEGACY_ENCODINGS`
    and read in the one whose characters are plausibly Chinese
    (:func:`policytext.script.plausibility`); bytes of another language's
    legacy encoding (Shift-JIS, EUC-KR, Windows-1252 …) are refused rather than
    read as meaningless Chinese. Line ends of every kind become LF, and
    JSON-escaped markup is unescaped (:func:`unescape_json_markup`).

    Args:
        data: The file's bytes.
        source: Name used in error messages.

    Returns:
        ``(text, encoding)`` where encoding is ``utf-8``, ``utf-8-sig``,
        ``gb18030`` or ``big5``.

    Raises:
        InputError: The bytes start as a known non-text format (PDF, Office,
            images: :data:`FILE_SIGNATURES`), are in none of these
            encodings, are not plausibly Chinese in any, or hold control
            characters (binary data, UTF-16); the message names the byte offset.
    """
    for signature, (kind, advice) in FILE_SIGNATURES.items():
        if data.startswith(signature):
            raise InputError([f"{source}: {kind}, not text: {advice}, and save it as UTF-8"])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            [f"{source}: looks like UTF-16 (byte-order mark at byte offset 0); save it as UTF-8"]
        )
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            text, encoding = data[3:].decode("utf-8"), "utf-8-sig"
        else:
            text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        text, encoding = _decode_legacy(data, utf8_error, source=source)
    text = unescape_json_markup(normalize_line_ends(text))
    control = _CONTROL_RE.search(text)
    if control is not None:
        bad = control.start()
        offset = len(text[:bad].encode(encoding.replace("-sig", ""))) + (
            3 if encoding == "utf-8-sig" else 0
        )
        raise InputError(
            [
                f"{source}: binary data or UTF-16 text: control character "
                f"U+{ord(text[bad]):04X} at byte offset {offset}"
            ]
        )
    return text, encoding


def _decode_legacy(data: bytes, utf8_error: UnicodeDecodeError, *, source: str) -> tuple[str, str]:
    """Decode non-UTF-8 bytes in the most plausible of :data:`LEGACY_ENCODINGS`."""
    where = f"invalid byte 0x{data[utf8_error.start]:02x} at byte offset {utf8_error.start}"
    scored: list[tuple[float, str, str]] = []
    for encoding in LEGACY_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = script.plausibility(text)
        if score is None:  # too few Chinese characters to judge: the old GBK test
            score = 1.0 if encoding == "gb18030" and _plausible_gb(text) else 0.0
        scored.append((score, encoding, text))
    if not scored:
        raise InputError(
            [f"{source}: not UTF-8, GB18030/GBK or Big5: {where}; save the file as UTF-8"]
        )
    score, encoding, text = max(scored, key=lambda item: item[0])
    if score < script.MIN_PLAUSIBILITY:
        tried = ", ".join(f"{e} {s:.0%}" for s, e, _ in scored)
        raise InputError(
            [
                f"{source}: not UTF-8 ({where}), and not plausible GB18030/GBK or Big5 text "
                f"(common Chinese characters: {tried}; real Chinese text has over "
                f"{script.MIN_PLAUSIBILITY:.0%}): is it in another language's encoding? "
                "Save the file as UTF-8"
            ]
        )
    return text, encoding


def _plausible_gb(text: str) -> bool:
    """Whether text decoded as GB18030 is made of characters GBK can encode (ASCII included).

    For texts with too few Chinese characters for :func:`policytext.script.plausibility`.
    """
    if not text:
        return True
    ok = 0
    for char in text:
        try:
            char.encode("gbk")
            ok += 1
        except UnicodeEncodeError:
            pass
    return ok / len(text) >= 0.98
