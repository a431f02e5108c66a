"""Every validation rule, each reported as `FILE:LINE:COL: path: message` at the line the paralegal must change.

Bad term sheets are focus_1999.yaml with one (or two) lines changed; expected lines and columns are computed from
the text written, so they do not drift when the example file changes.
"""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest

from assembler.cli import main
from assembler.errors import TermSheetInvalid
from assembler.termsheet.source import load_source
from assembler.figures.load import load

from conftest import FIXTURES, key_col, line_of, other_than_deadlines, problem_lines, value_col, variant

D = Decimal


def only(lines: list[str], start: str) -> str:
    """The one problem line that starts with `start`."""
    hits = [line for line in lines if line.startswith(start)]
    assert len(hits) == 1, f"expected one line starting {start!r}, got:\n" + "\n".join(lines)
    return hits[0]


def cli_errors(path, capsys) -> list[str]:
    code = main(["validate", str(path)])
    out, err = capsys.readouterr()
    assert code == 2
    assert "Traceback" not in err and "Traceback" not in out
    assert "valid." not in out
    lines = [line for line in err.splitlines() if line]
    if lines and lines[-1].endswith(" fixed"):  # the count of the warnings held back until the errors are fixed
        assert " not shown until the " in lines[-1]
        lines = lines[:-1]
    assert not [line for line in lines if ": warning: " in line], lines
    return lines


# ---------------------------------------------------------------- structure (source.py + model)

def test_unknown_key_points_at_the_key_with_a_hint(tmp_path):
    path, text = variant(tmp_path, ("  purchase_price:\n", "  purchse_price:\n"))
    line, col = line_of(text, "purchse_price:"), key_col(text, "purchse_price:")
    expected = (f"{path}:{line}:{col}: securities.purchse_price: unknown field 'purchse_price' "
                "(did you mean 'purchase_price'?)")
    assert expected in problem_lines(path)


def test_unknown_scalar_key_hint(tmp_path):
    path, text = variant(tmp_path, ("    term_years: 5\n", "    term_yeras: 5\n"))
    lines = problem_lines(path)
    line = line_of(text, "term_yeras")
    assert only(lines, f"{path}:{line}:").endswith(
        "securities.warrants.term_yeras: unknown field 'term_yeras' (did you mean 'term_years'?)")


def test_duplicate_key(tmp_path):
    path, text = variant(tmp_path, ("\n  trading_days: 5\n", "\n  trading_days: 5\n  trading_days: 6\n"))
    first, second = line_of(text, "  trading_days: 5"), line_of(text, "  trading_days: 6")
    [got] = problem_lines(path)
    assert got == (f"{path}:{second}:{key_col(text, '  trading_days: 6')}: market_price.trading_days: "
                   f"duplicate key 'trading_days' (first given at line {first}) (keep one of them)")


def test_missing_key_points_at_the_parent_mapping(tmp_path):
    path, text = variant(tmp_path, ("  name: FOCUS Enhancements, Inc.\n", ""))
    # the company mapping now begins with its entity_type line
    line = line_of(text, "  entity_type: corporation")
    [got] = problem_lines(path)
    assert got == (f"{path}:{line}:3: company.name: missing required field 'name' "
                   "(add 'name:' under 'company')")


def test_missing_top_level_key_points_at_the_document(tmp_path):
    path, text = variant(tmp_path, ("closing_date: 1999-12-01\n", ""))
    first_key = line_of(text, "deal:")
    [got] = problem_lines(path)
    assert got.startswith(f"{path}:{first_key}:1: closing_date: missing required field 'closing_date'")


def test_list_where_a_mapping_belongs(tmp_path):
    path, text = variant(tmp_path, ("    initial_exercise:\n      date: 1999-12-01\n",
                                    "    initial_exercise:\n      - 1999-12-01\n"))
    line = line_of(text, "      - 1999-12-01")
    [got] = problem_lines(path)
    assert got.startswith(f"{path}:{line}:7: securities.warrants.initial_exercise: ")
    assert "dictionary" in got or "mapping" in got


def test_malformed_yaml(tmp_path, capsys):
    path, text = variant(tmp_path, ("closing_date: 1999-12-01\n", "closing_date: 1999-12-01: x\n"))
    line = line_of(text, "closing_date: 1999-12-01: x")
    col = text.splitlines()[line - 1].index(": x") + 1
    [got] = problem_lines(path)
    assert got == f"{path}:{line}:{col}: malformed YAML: mapping values are not allowed here"
    assert cli_errors(path, capsys) == [got]


def test_unclosed_flow_sequence_is_one_located_line(tmp_path, capsys):
    path, _ = variant(tmp_path, ("    fixed: 1.60\n", "    fixed: [1.60\n"))
    [got] = cli_errors(path, capsys)
    assert got.startswith(f"{path}:") and ": malformed YAML: " in got


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n"])
def test_empty_file(tmp_path, capsys, content):
    path = tmp_path / "empty.yaml"
    path.write_text(content, encoding="utf-8")
    expected = f"{path}:1:1: the file is empty (start from term_sheets/focus_1999.yaml)"
    assert problem_lines(path) == [expected]
    assert cli_errors(path, capsys) == [expected]


def test_missing_file(tmp_path, capsys):
    path = tmp_path / "nope.yaml"
    assert problem_lines(path) == [f"{path}:1:1: file not found (check the path)"]
    assert cli_errors(path, capsys) == [f"{path}:1:1: file not found (check the path)"]


def test_top_level_list_is_refused(tmp_path, capsys):
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    [got] = cli_errors(path, capsys)
    assert got == f"{path}:1:1: expected a mapping of term-sheet fields, found a list"


def test_merge_keys_are_refused(tmp_path):
    path, text = variant(tmp_path, ("  secretary:\n    name: Gary M. Cebula\n",
                                    "  secretary:\n    <<: {name: X}\n    name: Gary M. Cebula\n"))
    line = line_of(text, "<<: {name: X}")
    [got] = problem_lines(path)
    assert got.startswith(f"{path}:{line}:5: company.secretary: merge keys (<<) are not supported")


def test_fixture_files_fail_with_located_lines(capsys):
    for path in sorted((FIXTURES / "bad").glob("*.yaml")):
        lines = cli_errors(path, capsys)
        assert lines and all(line.startswith(f"{path}:") for line in lines), path


# ---------------------------------------------------------------- amounts and shares

def test_investor_amounts_do_not_sum_to_aggregate(tmp_path):
    path, text = variant(tmp_path, ("  aggregate_amount: 2000000.00\n", "  aggregate_amount: 2000001.00\n"))
    line, col = line_of(text, "aggregate_amount:"), value_col(text, "aggregate_amount:")
    [got] = problem_lines(path)
    assert got == (f"{path}:{line}:{col}: securities.aggregate_amount: the investors' amounts add up to "
                   "$2,000,000.00, not $2,000,001.00 (correct an investor's amount or the aggregate)")


def test_amount_that_does_not_buy_whole_shares(tmp_path):
    path, text = variant(tmp_path, ("    amount: 1394400.00\n", "    amount: 1394401.00\n"),
                         ("  aggregate_amount: 2000000.00\n", "  aggregate_amount: 2000001.00\n"))
    line, col = line_of(text, "amount: 1394401.00"), value_col(text, "amount: 1394401.00")
    [got] = problem_lines(path)
    assert got.startswith(f"{path}:{line}:{col}: investors[0].amount: ")
    assert "$1,394,401.00 at $1.60 is 871,500.625 shares" in got
    assert "whole-share amounts nearby are $1,394,400.00 and $1,394,401.60" in got


def test_fractional_warrant_shares_with_exact_rounding(tmp_path):
    path, text = variant(tmp_path, ("    coverage_percent: 10\n", "    coverage_percent: 12.5\n"),
                         ("    share_rounding: down\n", "    share_rounding: exact\n"))
    line, col = line_of(text, "    share_rounding: exact"), value_col(text, "    share_rounding: exact")
    lines = problem_lines(path)
    head = f"{path}:{line}:{col}: securities.warrants.share_rounding: "
    # 12.5% of 871,500 and of 3,500 is fractional; of 375,000 it is whole (46,875)
    assert len(lines) == 2 and all(x.startswith(head) for x in lines)
    assert "12.5% of 871,500 shares (Raptor Global Portfolio Ltd.) is 108,937.5 warrant shares" in lines[0] + lines[1]
    assert "12.5% of 3,500 shares (Altar Rock Fund L.P.) is 437.5 warrant shares" in lines[0] + lines[1]


def test_amount_buying_no_share(tmp_path):
    path, text = variant(tmp_path, ("    amount: 5600.00\n", "    amount: 1.00\n"),
                         ("  aggregate_amount: 2000000.00\n", "  aggregate_amount: 1994401.00\n"),
                         ("  share_rounding: exact\n", "  share_rounding: down\n"))
    line, col = line_of(text, "amount: 1.00"), value_col(text, "amount: 1.00")
    [got] = problem_lines(path)
    assert got == f"{path}:{line}:{col}: investors[1].amount: $1.00 buys no whole share at $1.60"


def test_duplicate_investor_name(tmp_path):
    path, text = variant(tmp_path, ("  - name: Altar Rock Fund L.P.\n", "  - name: Raptor Global Portfolio Ltd.\n"))
    second = [i for i, l in enumerate(text.splitlines(), 1) if "name: Raptor Global Portfolio Ltd." in l][1]
    [got] = problem_lines(path)
    assert got.startswith(f"{path}:{second}:11: investors[1].name: investor 'Raptor Global Portfolio Ltd.' "
                          "appears twice")


# ---------------------------------------------------------------- dates and the price table

def test_closing_date_not_a_trading_day(tmp_path):
    path, text = variant(tmp_path, ("closing_date: 1999-12-01\n", "closing_date: 1999-11-25\n"))
    line, col = line_of(text, "closing_date:"), value_col(text, "closing_date:")
    lines = problem_lines(path)
    got = only(lines, f"{path}:{line}:{col}: closing_date: the Closing Date 1999-11-25 is not a trading day (")
    assert "Thanksgiving" in got and "the next trading day is 1999-11-26" in got


def test_closing_date_before_agreement_date(tmp_path):
    path, text = variant(tmp_path, ("agreement_date: 1999-11-24\n", "agreement_date: 1999-12-02\n"))
    line, col = line_of(text, "closing_date:"), value_col(text, "closing_date:")
    lines = problem_lines(path)
    only(lines, f"{path}:{line}:{col}: closing_date: the Closing Date 1999-12-01 is before the agreement date "
                "1999-12-02")


def test_missing_day_in_closing_prices(tmp_path):
    path, text = variant(tmp_path, ("    1999-11-29: 1.9375\n", ""))
    line = line_of(text, "1999-11-23: 1.8750")  # the closing_prices mapping starts here
    col = key_col(text, "1999-11-23: 1.8750")
    [got] = problem_lines(path)
    assert got.startswith(f"{path}:{line}:{col}: market_price.closing_prices: the Market Price needs a price for 5 "
                          "trading days (1999-11-23 to 1999-11-30); missing: 1999-11-29")


def test_price_on_a_closed_day(tmp_path):
    path, text = variant(tmp_path, ("    1999-11-24: 1.9375\n", "    1999-11-24: 1.9375\n    1999-11-25: 1.9000\n"))
    line = line_of(text, "1999-11-25: 1.9000")
    [got] = problem_lines(path)
    assert got.startswith(f"{path}:{line}:")
    assert ": market_price.closing_prices.1999-11-25: a price is given for 1999-11-25, when the market was closed " \
           "(Thanksgiving Day) (remove it)" in got


def test_exercisable_before_closing(tmp_path):
    path, text = variant(tmp_path, ("      date: 1999-12-01\n", "      date: 1999-11-30\n"))
    line, col = line_of(text, "date: 1999-11-30"), value_col(text, "date: 1999-11-30")
    [got] = problem_lines(path)
    assert got.startswith(f"{path}:{line}:{col}: securities.warrants.initial_exercise.date: the warrants cannot "
                          "become exercisable (1999-11-30) before the Closing Date (1999-12-01)")


def test_wrong_type_shows_the_value(tmp_path):
    path, text = variant(tmp_path, ("  trading_days: 5\n", "  trading_days: five\n"))
    line, col = line_of(text, "trading_days: five"), value_col(text, "trading_days: five")
    [got] = problem_lines(path)
    assert got.startswith(f"{path}:{line}:{col}: market_price.trading_days: ") and "(got 'five')" in got


def test_more_than_cents_in_an_amount(tmp_path):
    path, text = variant(tmp_path, ("    amount: 5600.00\n", "    amount: 5600.001\n"))
    line, col = line_of(text, "amount: 5600.001"), value_col(text, "amount: 5600.001")
    [got] = problem_lines(path)
    assert got.startswith(f"{path}:{line}:{col}: investors[1].amount: 5600.001 has more than two decimal places")


# ---------------------------------------------------------------- capitalization and the 20% rule

def test_authorized_common_insufficient(tmp_path):
    path, text = variant(tmp_path, ("  authorized_common: 30000000\n", "  authorized_common: 25000000\n"))
    line, col = line_of(text, "authorized_common: 25000000"), value_col(text, "authorized_common: 25000000")
    outstanding, other = 21_012_701, 4_500_000
    needed = 1_250_000 + 125_000 + other
    short = needed - (25_000_000 - outstanding)
    [got] = problem_lines(path)
    assert got.startswith(f"{path}:{line}:{col}: capitalization.authorized_common: authorized but unissued Common "
                          f"Stock ({25_000_000 - outstanding:,}) does not cover")
    assert f"= {needed:,}" in got and f"needs {short:,} more authorized shares" in got


def issuance_percent(outstanding: int, price: str = "1.60", coverage: int = 10) -> Decimal:
    """(Shares + Warrant Shares) / outstanding for focus_1999's three amounts at `price`, computed here."""
    amounts = [D(a) for a in ("1394400.00", "5600.00", "600000.00")]
    shares = [int(a / D(price)) for a in amounts]
    assert all(n * D(price) == a for n, a in zip(shares, amounts))
    issued = sum(shares) + sum(n * coverage // 100 for n in shares)
    return (D(issued) * 100 / D(outstanding)).quantize(D("0.01"), rounding=ROUND_HALF_UP)


def test_twenty_percent_rule_below_market_without_approval_is_an_error(tmp_path):
    path, text = variant(tmp_path, ("  outstanding_common: 21012701\n", "  outstanding_common: 5000000\n"))
    line, col = line_of(text, "shareholder_approval_obtained:"), value_col(text, "shareholder_approval_obtained:")
    [got] = problem_lines(path)
    assert got.startswith(f"{path}:{line}:{col}: shareholder_approval_obtained: the issuance, Warrant Shares "
                          f"included, is {issuance_percent(5_000_000)}% of the 5,000,000 shares outstanding")
    assert "20% shareholder-approval threshold" in got
    assert "at a price ($1.60) below the Market Price ($1.9125)" in got


def test_twenty_percent_rule_with_approval_is_a_warning(tmp_path):
    path, text = variant(tmp_path, ("  outstanding_common: 21012701\n", "  outstanding_common: 5000000\n"),
                         ("shareholder_approval_obtained: false\n", "shareholder_approval_obtained: true\n"))
    loaded = load(path)
    line, col = line_of(text, "outstanding_common:"), value_col(text, "outstanding_common:")
    [w] = other_than_deadlines([str(x) for x in loaded.warnings])
    assert w.startswith(f"{path}:{line}:{col}: capitalization.outstanding_common: warning: the issuance, Warrant "
                        f"Shares included, is {issuance_percent(5_000_000)}% of the 5,000,000 shares outstanding")
    assert "27.50%" in w


def test_twenty_percent_rule_price_at_or_above_market_is_a_warning(tmp_path):
    path, text = variant(tmp_path, ("  outstanding_common: 21012701\n", "  outstanding_common: 5000000\n"),
                         ("    fixed: 1.60\n", "    fixed: 2.00\n"))  # above the $1.9125 Market Price
    loaded = load(path)
    [w] = [x for x in loaded.warnings if other_than_deadlines([str(x)])]
    assert w.severity == "warning" and w.path == "capitalization.outstanding_common"
    assert f"is {issuance_percent(5_000_000, price='2.00')}%" in w.message


def test_twenty_percent_rule_exactly_at_threshold(tmp_path):
    outstanding = 1_375_000 * 5  # the issuance is exactly 20%
    path, _ = variant(tmp_path, ("  outstanding_common: 21012701\n", f"  outstanding_common: {outstanding}\n"))
    [got] = problem_lines(path)
    assert ": shareholder_approval_obtained: " in got and "is 20.00% of the" in got


def test_twenty_percent_rule_just_below_threshold_is_silent(tmp_path):
    # 1,375,000 / 6,875,001 = 19.99999709...%: below 20%, even though it rounds to 20.00% for display
    outstanding = 1_375_000 * 5 + 1
    path, _ = variant(tmp_path, ("  outstanding_common: 21012701\n", f"  outstanding_common: {outstanding}\n"))
    loaded = load(path)
    assert other_than_deadlines([str(x) for x in loaded.warnings]) == []


def test_below_threshold_no_warning(focus):
    assert other_than_deadlines([str(x) for x in focus.warnings]) == []


# ---------------------------------------------------------------- all at once

def test_all_problems_reported_at_once(tmp_path, capsys):
    path, text = variant(tmp_path, ("agreement_date: 1999-11-24\n", "agreement_date: 1999-12-02\n"),
                         ("  aggregate_amount: 2000000.00\n", "  aggregate_amount: 1999999.00\n"))
    expected = [
        f"{path}:{line_of(text, 'closing_date:')}:{value_col(text, 'closing_date:')}: closing_date: the Closing Date",
        f"{path}:{line_of(text, 'aggregate_amount:')}:{value_col(text, 'aggregate_amount:')}: "
        "securities.aggregate_amount: the investors' amounts add up to $2,000,000.00, not $1,999,999.00",
    ]
    lines = problem_lines(path)
    assert len(lines) == 2
    assert [l.startswith(e) for l, e in zip(lines, expected)] == [True, True]
    assert cli_errors(path, capsys) == lines


def test_model_errors_reported_at_once(tmp_path):
    path, text = variant(tmp_path, ("  trading_days: 5\n", "  trading_days: five\n"),
                         ("    term_years: 5\n", "    term_yeras: 5\n"))
    lines = problem_lines(path)
    assert any("term_yeras" in l for l in lines) and any("trading_days" in l and "five" in l for l in lines)
    assert any("did you mean 'term_years'?" in l for l in lines)
    # in file order
    assert [int(l.split(":")[1]) for l in lines] == sorted(int(l.split(":")[1]) for l in lines)


def test_problem_object_is_located():
    with pytest.raises(TermSheetInvalid) as info:
        load_source(FIXTURES / "does-not-exist.yaml")
    [p] = info.value.problems
    assert (p.line, p.column, p.severity) == (1, 1, "error")


def test_twenty_percent_on_nasdaq_without_official_closes_needs_them_only_without_approval(tmp_path):
    """Rule 5635(d) compares the price with the Minimum Price, which needs the official closes of the five trading days
    before signing; once the shareholders have approved the issuance the comparison decides nothing, so the missing
    closes are no error (found by the structure property test: an approved 20% deal was refused)."""
    from pathlib import Path

    base = Path(__file__).resolve().parents[1] / "deals" / "single_investor_warrants.yaml"
    small = ("  outstanding_common: 30000000\n", "  outstanding_common: 1000000\n")
    refused, _ = variant(tmp_path, small, base=base, name="refused.yaml")
    with pytest.raises(TermSheetInvalid, match="Minimum Price, which needs the Nasdaq Official Closing Price"):
        load(refused)
    approved, _ = variant(tmp_path, small, ("capitalization:\n", "shareholder_approval_obtained: true\ncapitalization:\n"),
                          base=base, name="approved.yaml")
    loaded = load(approved)
    assert any("shareholder-approval threshold" in str(w) for w in loaded.warnings)


def test_outside_date_before_the_closing_date(tmp_path):
    from conftest import NORTHWIND

    path, text = variant(tmp_path, ("closing_date: 2026-12-08\n", "closing_date: 2026-12-08\noutside_date: 2026-12-07\n"),
                         base=NORTHWIND)
    line, col = line_of(text, "outside_date:"), value_col(text, "outside_date:")
    lines = problem_lines(path)
    only(lines, f"{path}:{line}:{col}: outside_date: the outside date 2026-12-07 is before the Closing Date 2026-12-08")


def test_outside_date_more_than_180_days_after_the_closing(tmp_path, capsys):
    """A party may not be held to prices fixed at signing for longer than 180 days after the scheduled Closing: a
    later outside date (here a year too late, a typing error) is refused at its line with the latest date allowed."""
    from conftest import NORTHWIND

    path, text = variant(tmp_path, ("closing_date: 2026-12-08\n", "closing_date: 2026-12-08\noutside_date: 2027-12-08\n"),
                         base=NORTHWIND)
    line, col = line_of(text, "outside_date:"), value_col(text, "outside_date:")
    expected = (f"{path}:{line}:{col}: outside_date: the outside date 2027-12-08 is 365 days after the Closing Date "
                "2026-12-08, more than the 180 days a party may be held to prices fixed at signing (give a date no "
                "later than 2027-06-06 (180 days after the Closing Date), or none (30 days after the Closing Date))")
    assert only(cli_errors(path, capsys), f"{path}:{line}:{col}: outside_date:") == expected  # exit 2, nothing built
    # the last day allowed is valid
    allowed, _ = variant(tmp_path, ("closing_date: 2026-12-08\n", "closing_date: 2026-12-08\noutside_date: 2027-06-06\n"),
                         base=NORTHWIND, name="allowed.yaml")
    assert load(allowed).figures.outside_date == dt.date(2027, 6, 6)


def test_outside_date_in_the_form_as_filed(tmp_path):
    path, text = variant(tmp_path, ("closing_date: 1999-12-01\n", "closing_date: 1999-12-01\noutside_date: 1999-12-31\n"))
    line, col = line_of(text, "outside_date:"), value_col(text, "outside_date:")
    lines = problem_lines(path)
    only(lines, f"{path}:{line}:{col}: outside_date: the form as filed has no termination clause")


def test_first_drafts_dated_after_the_boards_consent(tmp_path):
    path, text = variant(tmp_path, ("  draft_date: 1999-11-18\n", "  draft_date: 1999-11-24\n"))
    line, col = line_of(text, "draft_date:"), value_col(text, "draft_date:")
    lines = problem_lines(path)
    only(lines, f"{path}:{line}:{col}: deal.draft_date: the first drafts (1999-11-24) are dated after the Board's "
                "consent (1999-11-23, the business day before the agreement date)")


def test_executive_officers_on_an_as_filed_deal_are_a_located_warning(tmp_path):
    """The form as filed has no Rule 506(d) representation: officers listed for questionnaires would be silently
    ignored, so the list is a warning at its line."""
    path, text = variant(tmp_path, ("    title: President & CEO\n", "    title: President & CEO\n  executive_officers:\n"
                                    "    - name: Gary Williams\n      title: Chief Financial Officer\n"))
    loaded = load(path)
    line = line_of(text, "- name: Gary Williams")  # the list's first item
    [w] = [str(x) for x in loaded.warnings if ": company.executive_officers: " in str(x)]
    assert w.startswith(f"{path}:{line}:")
    assert "company.executive_officers: warning: the form as filed has no Rule 506(d) representation" in w
    assert "use edition: current" in w


def test_an_option_cap_below_the_options_and_warrants_reserved_is_a_located_warning(tmp_path):
    """The standstill on discounted sales excepts exercises of outstanding options and warrants only up to the cap;
    Northwind once capped them at 150,000 while its Disclosure Schedule listed 1,875,000 (a reviewer: an ordinary
    exercise would breach the covenant). Its cap now covers them, and no warning is given."""
    from conftest import NORTHWIND
    assert not [w for w in map(str, load(NORTHWIND).warnings) if "future_financing_option_cap" in w]
    path, text = variant(tmp_path, ("  future_financing_option_cap: 1875000", "  future_financing_option_cap: 150000"),
                         base=NORTHWIND)
    [w] = [str(x) for x in load(path).warnings if ": capitalization.future_financing_option_cap: " in str(x)]
    assert w.startswith(f"{path}:{line_of(text, 'future_financing_option_cap:')}:")
    assert "only up to 150,000 shares, but 1,875,000 shares are reserved for other options and warrants" in w
    assert "raise future_financing_option_cap" in w
