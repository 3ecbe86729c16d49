"""Numerals as written in Chinese news, read into numbers.

:func:`parse_number` reads one numeral -- Arabic (``6.02``, ``1,000``),
Chinese (``三千五百``, ``两万``, ``二〇二五``, ``一点五``) or mixed (``1.2万亿``,
``3千``) -- into a float. A multiplier alone counts as one of it (``万亿`` is
1e12). Finding numerals in text, with their units and bounds, is
:func:`policytext.numbers.find_figures`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from policytext.text import normalize_text

_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "两": 2,
    "贰": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}

ARABIC = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
"""An Arabic numeral: digits, optional thousands commas, optional decimals (a regex)."""
_TOKEN_RE = re.compile(rf"{ARABIC}|.", re.S)
_CN_DECIMAL_RE = re.compile(r"(.+?)点([〇零一二两三四五六七八九]+)([万萬亿億]*)")


@dataclass(frozen=True)
class _Tok:
    """A numeral token: a number (``digit`` tells a Chinese digit) or a unit."""

    value: Decimal
    unit: bool = False
    digit: bool = False


def _tokens(text: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    for match in _TOKEN_RE.finditer(text):
        piece = match.group()
        if piece[0].isdigit():
            tokens.append(_Tok(Decimal(piece.replace(",", ""))))
        elif piece in _CN_DIGITS:
            tokens.append(_Tok(Decimal(_CN_DIGITS[piece]), digit=True))
        elif piece in _SMALL_UNITS:
            tokens.append(_Tok(Decimal(_SMALL_UNITS[piece]), unit=True))
        elif piece in _BIG_UNITS:
            tokens.append(_Tok(Decimal(_BIG_UNITS[piece]), unit=True))
        else:
            raise ValueError(f"not a numeral character: {piece!r}")
    return tokens


def _section(tokens: list[_Tok]) -> Decimal:
    """Value of a numeral below 万: digits with 十/百/千 (or digit by digit)."""
    if not tokens:
        raise ValueError("empty numeral")
    if not any(t.unit for t in tokens):
        digits = [t.value for t in tokens]
        if len(tokens) == 1:
            return tokens[0].value
        if all(t.digit for t in tokens) and (len(tokens) > 2 or Decimal(0) in digits):
            # 二〇二五: read digit by digit (but 一一, 三四 are no numerals)
            return Decimal("".join(str(int(t.value)) for t in tokens))
        raise ValueError("digits without units")
    total = Decimal(0)
    pending: Decimal | None = None
    last_unit: Decimal | None = None
    zero = False
    for tok in tokens:
        if tok.unit:
            if last_unit is not None and tok.value >= last_unit:
                raise ValueError("units out of order")
            total += (pending if pending is not None else Decimal(1)) * tok.value
            pending, last_unit, zero = None, tok.value, False
        elif tok.digit and tok.value == 0:
            if pending is not None:
                raise ValueError("zero after a digit")
            zero = True
        else:
            if pending is not None:
                raise ValueError("two digits in a row")
            pending = tok.value
    if pending is not None:
        if last_unit is not None and not zero:
            # 一百五 = 150, 三千二 = 3200: a trailing digit counts in the next unit down.
            total += pending * last_unit / 10
        else:
            total += pending
    return total


def _evaluate(tokens: list[_Tok]) -> Decimal:
    """Value of a numeral, splitting at its last 亿 and then 万."""
    for big in (Decimal(10**8), Decimal(10**4)):
        positions = [i for i, t in enumerate(tokens) if t.unit and t.value == big]
        if not positions:
            continue
        index = positions[-1]
        high, low = tokens[:index], tokens[index + 1 :]
        high_value = _evaluate(high) if high else Decimal(1)
        if high_value <= 0:
            raise ValueError("nothing before a multiplier")
        if not low:
            return high_value * big
        if len(low) == 1 and not low[0].unit and low[0].value != 0:
            # 一万二 = 12000, 一亿五 = 1.5亿: a lone trailing digit is in the next unit down.
            low_value = low[0].value * big / 10
        else:
            low_value = _evaluate(low)
        if low_value >= big:
            raise ValueError("lower part too large")
        return high_value * big + low_value
    return _section(tokens)


def parse_number(text: str) -> float:
    """Value of a numeral written with Arabic or Chinese digits and multipliers.

    ``6.02`` -> 6.02; ``1,000`` -> 1000; ``1.2万亿`` -> 1.2e12; ``1.76万`` ->
    17600; ``三千五百万`` -> 3.5e7; ``两万`` -> 20000; ``一万二`` -> 12000;
    ``一百零五`` -> 105; ``二〇二五`` -> 2025; ``一点五万`` -> 15000; a
    multiplier alone counts once: ``万`` -> 1e4, ``万亿`` -> 1e12. Full-width
    digits are accepted.

    Args:
        text: The numeral alone, without unit or qualifier.

    Returns:
        Its value.

    Raises:
        ValueError: ``text`` is not a numeral.
    """
    clean = normalize_text(text).strip()
    if not clean:
        raise ValueError(f"not a number: {text!r}")
    try:
        decimal = _CN_DECIMAL_RE.fullmatch(clean)
        if decimal:
            whole, fraction, multipliers = decimal.groups()
            value = _evaluate(_tokens(whole)) + Decimal(
                "0." + "".join(str(_CN_DIGITS[c]) for c in fraction)
            )
            for char in multipliers:
                value *= _BIG_UNITS[char]
            return float(value)
        return float(_evaluate(_tokens(clean)))
    except (ValueError, InvalidOperation, KeyError):
        raise ValueError(f"not a number: {text!r}") from None
