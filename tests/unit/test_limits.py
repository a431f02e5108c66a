"""Bounded input (docs/limits.md): hostile YAML ends in one located error, fast and small; every value has bounds;
text is visible. Each test states the attack and the exact place the error must point at."""
from __future__ import annotations

import os
import resource
import time

import pytest

from assembler.errors import TermSheetInvalid
from assembler.termsheet import source
from assembler.termsheet.types import MAX_TEXT

from conftest import FOCUS, line_of, problem_lines, variant, value_col


def one_problem(path) -> str:
    lines = problem_lines(path)
    assert len(lines) == 1, lines
    return lines[0]


def _laughs(levels: int = 9) -> str:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    prev = "a"
    for name in "bcdefghijklm"[:levels - 1]:
        text += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
        prev = name
    return text


def test_billion_laughs_stops_at_the_alias_that_crosses_the_limit(tmp_path):
    path = tmp_path / "laughs.yaml"
    path.write_text(_laughs(), encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    line = one_problem(path)
    assert time.perf_counter() - start < 1.0
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KB: no expansion happened
    # a = 9 values, b = 82, c = 739, d = 6,652: the limit is crossed inside d's list, at line 4
    assert line.startswith(f"{path}:4:") and "more than 5,000 values" in line


@pytest.mark.parametrize("opener, closer", [("[", "]"), ("{a: ", "}")])
def test_deep_nesting_is_one_located_error_not_a_recursion_error(tmp_path, opener, closer):
    path = tmp_path / "deep.yaml"
    path.write_text("deal: " + opener * 2000 + "x" + closer * 2000 + "\n", encoding="utf-8")
    line = one_problem(path)
    assert "nested more than 16 levels deep" in line
    assert line.startswith(f"{path}:1:")


def test_block_style_nesting_is_located_at_the_first_level_too_deep(tmp_path):
    text = "".join("  " * i + f"k{i}:\n" for i in range(40)) + "  " * 40 + "x: 1\n"
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    assert one_problem(path).startswith(f"{path}:16:")


def test_many_keys_stop_at_the_value_limit(tmp_path):
    path = tmp_path / "keys.yaml"
    path.write_text("".join(f"k{i}: {i}\n" for i in range(20_000)), encoding="utf-8")
    assert path.stat().st_size < source.MAX_BYTES
    start = time.perf_counter()
    line = one_problem(path)
    assert time.perf_counter() - start < 1.5
    # the root mapping is value 1; k{i} and its value are values 2i+2 and 2i+3
    assert line.startswith(f"{path}:2500:") and "more than 5,000 values" in line


def test_keys_in_one_mapping_are_bounded(tmp_path):
    path, text = variant(tmp_path, ("deal:\n", "deal:\n" + "".join(f"  k{i}: {i}\n" for i in range(600))))
    line = one_problem(path)
    assert line.startswith(f"{path}:{line_of(text, '  k500: 500')}:3: ") and "603 keys; at most 500" in line  # id, title, draft_date and 600


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("# " + "x" * source.MAX_BYTES + "\n", encoding="utf-8")
    assert one_problem(path) == (f"{path}:1:1: the file is {path.stat().st_size:,} bytes; a term sheet is at most "
                                 "262,144 bytes (see docs/limits.md)")


def test_a_fifo_is_not_read(tmp_path):
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    assert "is not a regular file" in one_problem(path)  # opening it would block forever


def test_more_than_two_hundred_problems_are_summarised(tmp_path):
    from assembler.errors import TermSheetInvalid

    path, _ = variant(tmp_path, ("deal:\n", "deal:\n" + "".join(f"  k{i}: {i}\n" for i in range(270))))
    lines = problem_lines(path)
    assert TermSheetInvalid.SHOWN == 200
    assert len(lines) == 201 and lines[-1] == f"... and 70 more problems in {path}"


# ---------------------------------------------------------------- values

NAME = "  - name: Raptor Global Portfolio Ltd.\n"


@pytest.mark.parametrize("typed, expected", [
    ('"   "', "is blank"),
    ('"Raptor \\u202eLtd."', "contains U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    ('"Raptor \\e[2J\\e[HLtd."', "contains U+001B (a control character)"),
    ('"Raptor\\tLtd."', "contains U+0009 (a control character)"),
    ('"Raptor\\u200bLtd."', "contains U+200B (ZERO WIDTH SPACE)"),
    ('"Raptor\\u2066Ltd."', "contains U+2066 (LEFT-TO-RIGHT ISOLATE)"),
    ('"Raptor\\x00Ltd."', "contains U+0000 (a control character)"),
])
def test_names_must_be_visible_text(tmp_path, typed, expected):
    path, text = variant(tmp_path, (NAME, f"  - name: {typed}\n"))
    line = one_problem(path)
    where = f"{path}:{line_of(text, typed)}:{value_col(text, typed)}: investors[0].name: "
    assert line.startswith(where) and expected in line


def test_names_are_bounded_in_length(tmp_path):
    path, text = variant(tmp_path, (NAME, f"  - name: {'R' * (MAX_TEXT + 1)}\n"))
    line = one_problem(path)
    assert line.startswith(f"{path}:{line_of(text, 'RRRR')}:11: investors[0].name: String should have at most 200")
    assert "R" * 41 not in line  # a long value is never echoed
    from assembler.figures.load import load

    path, _ = variant(tmp_path, (NAME, f"  - name: {'R' * MAX_TEXT}\n"))
    assert load(path).term_sheet.investors[0].name == "R" * MAX_TEXT


def test_letters_of_every_script_and_accents_are_fine(tmp_path):
    from assembler.figures.load import load

    path, _ = variant(tmp_path, (NAME, "  - name: Zoë Núñez Société Générale 株式会社 Ελλάς — “Fund”\n"))
    assert load(path).term_sheet.investors[0].name.startswith("Zoë")


@pytest.mark.parametrize("old, new, loc, expected", [
    ("    amount: 1394400.00\n", "    amount: 100000000000.01\n", "investors[0].amount", "is more than $100,000,000,000.00, the largest a term sheet may give"),
    ("    amount: 1394400.00\n", "    amount: 1e28\n", "investors[0].amount", "is more than $100,000,000,000.00"),
    ("    fixed: 1.60\n", "    fixed: 1e299\n", "securities.purchase_price.fixed", "is more than $1,000,000 per share"),
    ("    fixed: 1.60\n", "    fixed: 0.00\n", "securities.purchase_price.fixed", "greater than 0"),
    ("  authorized_common: 30000000\n", "  authorized_common: 100000000001\n", "capitalization.authorized_common",
     "is more than 100,000,000,000 shares"),
    ("closing_date: 1999-12-01\n", "closing_date: 0001-01-03\n", "closing_date", "outside the dates"),
    ("closing_date: 1999-12-01\n", "closing_date: 9999-12-30\n", "closing_date", "outside the dates"),
    ("    fiscal_year_end: 1998-12-31\n", "    fiscal_year_end: 1899-12-31\n", "company.sec_documents.fiscal_year_end",
     "1899-12-31 is outside the dates a term sheet may use (1900-01-01 to 2099-12-31)"),
])
def test_values_out_of_bounds_are_located_term_sheet_errors(tmp_path, old, new, loc, expected):
    path, text = variant(tmp_path, (old, new))
    lines = problem_lines(path)
    line = line_of(text, new.strip())
    assert any(p.startswith(f"{path}:{line}:{value_col(text, new.strip())}: {loc}: ") and expected in p
               for p in lines), lines


@pytest.mark.parametrize("percent, where, name", [
    ("0.2", "exercise_price", "Exercise Price"),
])
def test_a_price_that_rounds_to_zero_is_refused(tmp_path, percent, where, name):
    path, text = variant(tmp_path, ("      percent_of_market_price: 110\n", f"      percent_of_market_price: {percent}\n"))
    line = one_problem(path)
    assert line.startswith(f"{path}:{line_of(text, 'percent_of_market_price: ' + percent)}:32: "
                           f"securities.warrants.{where}.percent_of_market_price: the {name} is 0.2% of the Market "
                           "Price ($1.9125), which is $0.00 once rounded to the nearest cent")


def test_a_purchase_price_that_rounds_to_zero_does_not_divide_by_zero(tmp_path):
    path, text = variant(tmp_path, ("    fixed: 1.60\n", "    percent_of_market_price: 0.1\n"),
                         ("  share_rounding: exact\n", "  share_rounding: down\n"))
    line = one_problem(path)
    assert line.startswith(f"{path}:{line_of(text, 'percent_of_market_price: 0.1')}:30: "
                           "securities.purchase_price.percent_of_market_price: the Purchase Price is 0.1% of the "
                           "Market Price ($1.9125), which is $0.00 once rounded")


def test_a_zero_market_price_is_refused(tmp_path):
    import re

    prices = re.findall(r"^    \d{4}-\d\d-\d\d: [\d.]+\n", FOCUS.read_text(encoding="utf-8"), re.M)
    path, out = variant(tmp_path, *[(ln, ln.split(": ")[0] + ": 0.00001\n") for ln in prices])
    lines = problem_lines(path)
    assert any(": market_price.rounding: the Market Price is $0.00 after rounding" in p for p in lines), lines
    assert not any("ZeroDivision" in p or "division" in p for p in lines)


def test_the_example_term_sheets_are_within_every_bound():
    from assembler.figures.load import load

    for sheet in FOCUS.parent.glob("*.yaml"):
        load(sheet)  # raises if any bound refuses them


def test_limits_are_documented_where_a_paralegal_looks():
    from pathlib import Path

    from assembler.termsheet import types as model

    doc = (Path(__file__).resolve().parents[2] / "docs" / "limits.md").read_text(encoding="utf-8")
    for fact in (f"{source.MAX_BYTES:,} bytes", f"{source.MAX_VALUES:,}", f"{source.MAX_DEPTH} levels",
                 f"{source.MAX_KEYS}", f"${model.MAX_AMOUNT:,}", f"${model.MAX_PRICE:,}", f"{model.MAX_SHARES:,}",
                 model.MIN_DATE.strftime("%B %-d, %Y"), model.MAX_DATE.strftime("%B %-d, %Y"),
                 f"1 to {model.MAX_TEXT} characters", f"10 to {model.MAX_PROSE:,} characters"):
        assert fact in doc, fact


def test_term_sheet_invalid_is_the_only_error(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(TermSheetInvalid):
        source.load_source(path)
