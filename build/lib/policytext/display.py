"""How numbers are written for readers: Chinese units with English equivalents.

One place formats every value the site shows (tables, chart ticks and hover),
so the same number reads the same everywhere and never in scientific notation.
"""

from __future__ import annotations

import math

CN_UNITS = ((1e12, "万亿"), (1e8, "亿"), (1e4, "万"))
"""Chinese magnitudes, largest first."""
EN_UNITS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
"""English magnitudes, largest first (thousands are written out)."""
CURRENCY = {"元": "¥"}
"""Units written as an English currency sign in the English equivalent."""


def plain(value: float, *, digits: int = 4) -> str:
    """A number with at most ``digits`` significant digits, thousands separated.

    ``1234567`` -> ``1,235,000``; ``0.125`` -> ``0.125``; ``3.0`` -> ``3``.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(0, digits - 1 - magnitude)
    rounded = float(f"{value:.{digits}g}")
    text = f"{rounded:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def chinese(value: float, *, unit: str = "") -> str:
    """A value in Chinese magnitudes: ``1.2e12`` with ``元`` -> ``1.2万亿元``."""
    for size, name in CN_UNITS:
        if abs(value) >= size:
            return f"{plain(value / size)}{name}{unit}"
    return f"{plain(value)}{unit}"


def english(value: float, *, unit: str = "") -> str:
    """The English equivalent: ``1.2e12`` with ``元`` -> ``¥1.2 trillion``."""
    sign = CURRENCY.get(unit, "")
    suffix = "%" if unit == "%" else ""  # other units (个, 家) have no short English form
    for size, name in EN_UNITS:
        if abs(value) >= size:
            return f"{sign}{plain(value / size)} {name}{suffix}"
    return f"{sign}{plain(value)}{suffix}"


def both(value: float, *, unit: str = "") -> str:
    """Chinese form with its English equivalent: ``1.2万亿元 (¥1.2 trillion)``.

    Small values with no Chinese magnitude are written once (``12.5%``).
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    cn, en = chinese(value, unit=unit), english(value, unit=unit)
    return cn if abs(value) < 1e4 and not CURRENCY.get(unit) else f"{cn} ({en})"


def log_ticks(
    low: float, high: float, *, unit: str = "", most: int = 6
) -> tuple[list[float], list[str]]:
    """Tick values (powers of ten covering ``low``..``high``) and labels in both languages.

    At most ``most`` ticks (every second or third power of ten on wide ranges).
    """
    if not (low > 0 and high > 0):
        return [], []
    first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
    values = [10.0**k for k in range(first, last + 1)]
    if len(values) > most:  # keep the axis readable on a phone
        values = values[:: math.ceil(len(values) / most)]
    labels = [
        f"{chinese(v, unit=unit)}<br>{english(v, unit=unit)}" if v >= 1e4 else chinese(v, unit=unit)
        for v in values
    ]
    return values, labels


def linear_ticks(high: float, *, unit: str = "", count: int = 4) -> tuple[list[float], list[str]]:
    """Round tick values from 0 to ``high`` with labels in both languages."""
    if not high > 0:
        return [0.0], ["0"]
    raw = high / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(s * power for s in (1, 2, 2.5, 5, 10) if s * power >= raw)
    values = [step * i for i in range(0, count + 2) if step * i <= high * 1.1 or i <= 1]
    labels = [
        f"{chinese(v, unit=unit)}<br>{english(v, unit=unit)}" if v >= 1e4 else chinese(v, unit=unit)
        for v in values
    ]
    return values, labels
