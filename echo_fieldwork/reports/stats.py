"""Counting and rounding rules shared by every report, stated once so the footnotes tell the truth.

Exact arithmetic (fractions) until the last step; rounding is half away from zero (2.45 → 2.5,
not the banker's 2.4 of Python's `round`), so a number checked by hand comes out the same.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Iterable

MS_PER_MINUTE = 60_000


def round_half_away(value: Fraction | int | float, decimals: int = 0) -> Fraction:
    """Round to `decimals` places, halves away from zero; exact on fractions."""
    value = Fraction(value)
    scale = Fraction(10) ** decimals
    scaled = abs(value) * scale
    whole = int(scaled)  # floor, since scaled >= 0
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    result = Fraction(whole) / scale
    return -result if value < 0 else result


def median(values: Iterable[int | Fraction]) -> Fraction:
    """The middle value; for an even count, the mean of the two middle values."""
    ordered = sorted(Fraction(v) for v in values)
    if not ordered:
        raise ValueError("median of no values")
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def percent(part: int, whole: int) -> Fraction:
    return Fraction(100 * part, whole) if whole else Fraction(0)


def minutes(ms: int | Fraction) -> int:
    """Milliseconds → whole minutes, rounded half away from zero (30 s rounds up)."""
    return int(round_half_away(Fraction(ms) / MS_PER_MINUTE, 0))


def format_number(value: Fraction | int, language: str, decimals: int = 0) -> str:
    """A rounded number as the report's language writes it: 41.7 in English, 41,7 in French."""
    rounded = round_half_away(value, decimals)
    if decimals == 0:
        text = str(int(rounded))
    else:
        sign = "-" if rounded < 0 else ""
        scaled = int(abs(rounded) * 10 ** decimals)
        text = f"{sign}{scaled // 10 ** decimals}.{scaled % 10 ** decimals:0{decimals}d}"
    return text.replace(".", ",") if language == "fr" else text


def format_compact(value: Fraction | int, language: str) -> str:
    """An exact number with at most one decimal, without a useless ".0" (a median of integers is x or x.5)."""
    rounded = round_half_away(value, 1)
    return format_number(rounded, language, 0 if rounded.denominator == 1 else 1)


def format_range(low: Fraction | int, high: Fraction | int, language: str) -> str:
    """'18–28' (en dash); a single value when both ends are equal."""
    low_text, high_text = format_compact(low, language), format_compact(high, language)
    return low_text if low_text == high_text else f"{low_text}–{high_text}"
