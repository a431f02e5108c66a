"""House style: numbers in words (US legal style) and figures."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from assembler.format import (jurisdiction, long_date, money, money_wf, num, percent, percent_wf, price, shares,
                              shares_wf, wf)
from assembler.words import decimal_words, dollars_words, integer_words

D = Decimal


@pytest.mark.parametrize("n, words", [
    (0, "zero"),
    (1, "one"),
    (30, "thirty"),
    (101, "one hundred one"),
    (120, "one hundred twenty"),
    (1_001, "one thousand one"),
    (3_500, "three thousand five hundred"),
    (87_150, "eighty-seven thousand one hundred fifty"),
    (871_500, "eight hundred seventy-one thousand five hundred"),
    (1_250_000, "one million two hundred fifty thousand"),
    (21_012_701, "twenty-one million twelve thousand seven hundred one"),
])
def test_integer_words_us_style(n, words):
    assert integer_words(n) == words


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=999_999_999_999))
def test_integer_words_never_and_or_comma(n):
    words = integer_words(n)
    assert " and " not in f" {words} " and "," not in words
    assert re.fullmatch(r"[a-z]+(?:[- ][a-z]+)*", words), words


def test_integer_words_rejects_non_int():
    for bad in (True, 1.0, D("1")):
        with pytest.raises(TypeError):
            integer_words(bad)


@pytest.mark.parametrize("amount, words", [
    ("2000000.00", "Two Million Dollars"),
    ("2000000", "Two Million Dollars"),
    ("1.00", "One Dollar"),
    ("2499998.31", "Two Million Four Hundred Ninety-Nine Thousand Nine Hundred Ninety-Eight and 31/100 Dollars"),
    ("1394400.10", "One Million Three Hundred Ninety-Four Thousand Four Hundred and 10/100 Dollars"),
    ("120.05", "One Hundred Twenty and 05/100 Dollars"),
])
def test_dollars_words(amount, words):
    assert dollars_words(D(amount)) == words


@settings(max_examples=60, deadline=None)
@given(st.decimals(min_value="0.01", max_value="99999999.99", places=2))
def test_money_words_style(amount):
    words = dollars_words(amount)
    assert "zero cents" not in words.lower() and "00/100" not in words and "cent" not in words.lower()
    whole, cents = int(amount), int((amount - int(amount)) * 100)
    if cents:
        assert words.endswith(f" and {cents:02d}/100 Dollars")
        assert words.count(" and ") == 1  # the only "and" is before the cents
    else:
        assert " and " not in words
        assert words.endswith(" Dollar" if whole == 1 else " Dollars")


def test_dollars_words_refuses_fractions_of_a_cent():
    with pytest.raises(ValueError):
        dollars_words(D("5.7375"))


def test_money_wf():
    assert money_wf(D("2000000.00")) == "Two Million Dollars ($2,000,000.00)"


@pytest.mark.parametrize("value, text", [
    ("1.5", "one and one-half percent (1.5%)"),
    ("1.50", "one and one-half percent (1.5%)"),
    ("1", "one percent (1%)"),
    ("2", "two percent (2%)"),
    ("110", "one hundred ten percent (110%)"),
    ("0.5", "one-half percent (0.5%)"),
    ("12.25", "twelve and one-quarter percent (12.25%)"),
    ("2.35", "two and thirty-five hundredths percent (2.35%)"),
])
def test_percent_wf(value, text):
    assert percent_wf(D(value)) == text


def test_percent_wf_from_float_literal():
    assert percent_wf(1.5) == "one and one-half percent (1.5%)"


def test_percent_plain():
    assert percent(D("110")) == "110%" and percent(D("1.50")) == "1.5%" and percent(D("20")) == "20%"


def test_decimal_words():
    assert decimal_words(D("0.75")) == "three-quarters"
    assert decimal_words(D("1.1")) == "one and one tenth"
    with pytest.raises(ValueError):
        decimal_words(D("1.23456"))


def test_wf_and_shares_wf():
    assert wf(30) == "thirty (30)"
    assert wf(5) == "five (5)"
    assert wf(120) == "one hundred twenty (120)"
    assert shares_wf(871_500) == "eight hundred seventy-one thousand five hundred (871,500)"
    assert shares_wf(1_250_000) == "one million two hundred fifty thousand (1,250,000)"
    assert shares(871_500) == "871,500" and num(871_500) == "871500"
    for f in (wf, shares_wf, shares, num):
        with pytest.raises(TypeError):
            f(D("30"))
        with pytest.raises(TypeError):
            f(True)


@pytest.mark.parametrize("day, text", [
    (dt.date(1999, 11, 24), "November 24, 1999"),
    (dt.date(1999, 12, 1), "December 1, 1999"),
    (dt.date(2000, 1, 3), "January 3, 2000"),
])
def test_long_date(day, text):
    assert long_date(day) == text


def test_long_date_refuses_text():
    with pytest.raises(TypeError):
        long_date("1999-11-24")


@pytest.mark.parametrize("state, text", [
    ("Massachusetts", "Commonwealth of Massachusetts"),
    ("Pennsylvania", "Commonwealth of Pennsylvania"),
    ("Virginia", "Commonwealth of Virginia"),
    ("Kentucky", "Commonwealth of Kentucky"),
    ("Delaware", "State of Delaware"),
    ("New York", "State of New York"),
    ("Nevada", "State of Nevada"),
])
def test_jurisdiction(state, text):
    assert jurisdiction(state) == text


@pytest.mark.parametrize("value, text", [
    ("1.60", "$1.60"),
    ("1.6", "$1.60"),
    ("2", "$2.00"),
    ("20", "$20.00"),
    ("1.9125", "$1.9125"),
    ("1.9100", "$1.91"),
    ("3.4440", "$3.444"),
    ("1234.5", "$1,234.50"),
])
def test_price_places_only_when_needed(value, text):
    assert price(D(value)) == text


@pytest.mark.parametrize("value, text", [
    ("2000000.00", "$2,000,000.00"),
    ("2499998.31", "$2,499,998.31"),
    ("5600", "$5,600.00"),
    ("0.1", "$0.10"),
])
def test_money(value, text):
    assert money(D(value)) == text


def test_roman_numerals_one_place_for_tree_and_word_labels():
    """words.roman numbers the tree's articles and clauses and reads Word's list labels back (layout/numbering.py);
    the checks' enumerator reader (checks/analysis.py) reads each of its lower-case numerals back to its number."""
    from assembler.checks.analysis import roman as read_roman
    from assembler.layout.numbering import FORMATS
    from assembler.words import roman

    assert [roman(n) for n in (1, 4, 9, 14, 40, 90, 400, 1999)] == ["I", "IV", "IX", "XIV", "XL", "XC", "CD",
                                                                      "MCMXCIX"]
    assert all(read_roman(roman(n).lower()) == n for n in range(1, 40))
    assert FORMATS["upperRoman"](12) == "XII" and FORMATS["lowerRoman"](12) == "xii"


def test_inflect_is_imported_without_typeguard_and_typeguard_stays_the_real_one():
    import subprocess
    import sys

    code = ("import sys, assembler.words as w; assert 'typeguard' not in sys.modules, 'typeguard imported'; "
            "import typeguard; assert hasattr(typeguard, 'TypeCheckError'); print(w.integer_words(1999))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "one thousand nine hundred ninety-nine"
