from fractions import Fraction

import pytest

from echo_fieldwork.reports.stats import (
    format_compact,
    format_number,
    format_range,
    median,
    minutes,
    percent,
    round_half_away,
)


@pytest.mark.parametrize("value, decimals, expected", [
    (Fraction(245, 100), 1, Fraction(25, 10)),    # Python's round() would give 2.4 (banker's rounding)
    (Fraction(625, 100), 1, Fraction(63, 10)),    # 1/16 of 100 %: 6.25 → 6.3
    (Fraction(-5, 2), 0, Fraction(-3)),
    (Fraction(1, 3) * 100, 1, Fraction(333, 10)),
    (Fraction(0), 1, Fraction(0)),
])
def test_rounding_is_half_away_from_zero(value, decimals, expected):
    assert round_half_away(value, decimals) == expected


def test_median_odd_even_and_ties():
    assert median([5, 1, 3]) == 3
    assert median([2, 3, 5, 8, 10, 20]) == Fraction(13, 2)        # mean of the two middle values
    assert median([55, 58, 58, 59]) == 58                          # a tie in the middle
    assert median([3, 3, 3, 4]) == 3
    with pytest.raises(ValueError):
        median([])


def test_minutes_round_half_away():
    assert minutes(29_999) == 0
    assert minutes(30_000) == 1
    assert minutes(3_510_000) == 59       # 58.5 min
    assert minutes(3_509_999) == 58


def test_number_formats_follow_the_language():
    assert format_number(percent(3, 7), "en", 1) == "42.9"
    assert format_number(percent(3, 7), "fr", 1) == "42,9"
    assert format_number(percent(0, 7), "fr", 1) == "0,0"
    assert format_number(percent(1, 16), "en", 1) == "6.3"
    assert format_compact(Fraction(13, 2), "fr") == "6,5"
    assert format_compact(Fraction(6), "en") == "6"
    assert format_range(3, 6, "en") == "3–6"
    assert format_range(1, 1, "en") == "1"
