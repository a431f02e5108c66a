"""YAML 1.1 traps: the loader keeps what the paralegal typed (no Norway problem, no octal, no float money)."""
from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from assembler.termsheet.source import load_source
from assembler.termsheet.model import TermSheet
from assembler.figures.load import load

from conftest import FOCUS, variant


@pytest.mark.parametrize("word", ["NO", "no", "No", "on", "off", "yes", "Y", "n", "true", "False"])
def test_yes_no_words_stay_text_in_an_investor_name(tmp_path, word):
    path, _ = variant(tmp_path, ("  - name: Altar Rock Fund L.P.\n", f"  - name: {word}\n"))
    loaded = load(path)
    name = loaded.term_sheet.investors[1].name
    assert name == word and isinstance(name, str)
    assert loaded.figures.investors[1].name == word


@pytest.mark.parametrize("word", ["NO", "on", "yes", "off"])
def test_yes_no_words_stay_text_in_a_signatory_title(tmp_path, word):
    path, _ = variant(tmp_path, ("      title: Authorized Signatory\n", f"      title: {word}\n"))
    assert load(path).term_sheet.investors[2].signatory.title == word


def test_country_code_no_stays_text(tmp_path):
    path, _ = variant(tmp_path, ("      country: Liechtenstein\n", "      country: NO\n"))
    address = load(path).term_sheet.investors[2].address
    assert address.country == "NO"
    assert address.as_lines[-1] == "NO"


def test_unquoted_postal_code_keeps_leading_zero(tmp_path):
    path, _ = variant(tmp_path, ('    postal_code: "01887"\n', "    postal_code: 01887\n"))
    assert load_source(path).data["company"]["address"]["postal_code"] == "01887"
    address = load(path).term_sheet.company.address
    assert address.postal_code == "01887"
    assert address.as_lines[-1] == "Wilmington, MA 01887"


def test_unquoted_octal_looking_postal_code(tmp_path):
    # 02110 is a YAML 1.1 octal integer (1096) if constructed; it must stay the ZIP code
    path, _ = variant(tmp_path, ('    postal_code: "02109"\n', "    postal_code: 02109\n"))
    assert load(path).term_sheet.company.counsel.address.postal_code == "02109"


def test_money_is_decimal_exactly(tmp_path):
    path, _ = variant(tmp_path, ("    amount: 1394400.00\n", "    amount: 1394400.10\n"),
                      ("  aggregate_amount: 2000000.00\n", "  aggregate_amount: 2000000.10\n"),
                      ("  share_rounding: exact\n", "  share_rounding: down\n"))
    loaded = load(path)
    amount = loaded.term_sheet.investors[0].amount
    assert isinstance(amount, Decimal)
    assert amount == Decimal("1394400.10") and str(amount) == "1394400.10"
    assert loaded.figures.investors[0].unapplied == Decimal("0.10")


def test_amounts_add_up_without_float_error(tmp_path):
    amounts = ["1394400.07", "5600.12", "599999.81"]
    # the float sum is 2000000.0000000002: a float-based check would refuse this term sheet
    assert sum(float(a) for a in amounts) != 2000000.0
    path, _ = variant(tmp_path, ("    amount: 1394400.00\n", f"    amount: {amounts[0]}\n"),
                      ("    amount: 5600.00\n", f"    amount: {amounts[1]}\n"),
                      ("    amount: 600000.00\n", f"    amount: {amounts[2]}\n"),
                      ("  share_rounding: exact\n", "  share_rounding: down\n"))
    loaded = load(path)  # aggregate_amount 2000000.00 still matches
    assert loaded.figures.totals.subscription == Decimal("2000000.00")
    assert [p.subscription for p in loaded.figures.investors] == [Decimal(a) for a in amounts]


def test_price_is_decimal_as_written(focus):
    fixed = focus.term_sheet.securities.purchase_price.fixed
    assert isinstance(fixed, Decimal) and str(fixed) == "1.60"
    prices = focus.term_sheet.market_price.closing_prices
    assert all(isinstance(v, Decimal) for v in prices.values())
    assert [str(v) for v in prices.values()] == ["1.8750", "1.9375", "2.0000", "1.9375", "1.8125"]


def test_source_keeps_scalars_as_typed():
    data = load_source(FOCUS).data
    assert data["securities"]["purchase_price"]["fixed"] == "1.60"
    assert data["investors"][0]["amount"] == "1394400.00"
    assert data["closing_date"] == "1999-12-01"
    assert data["shareholder_approval_obtained"] == "false"


def test_float_money_is_refused():
    data = load_source(FOCUS).data
    data["investors"][0]["amount"] = 1394400.1
    with pytest.raises(ValidationError, match="not read through float"):
        TermSheet.model_validate(data)


@pytest.mark.parametrize("written", ["1,394,400.00", "$1,394,400.00"])
def test_money_with_commas_and_dollar_sign(tmp_path, written):
    path, _ = variant(tmp_path, ("    amount: 1394400.00\n", f'    amount: "{written}"\n'))
    assert load(path).term_sheet.investors[0].amount == Decimal("1394400.00")


def test_explicit_null_is_none_but_quoted_null_is_text(tmp_path):
    path, _ = variant(tmp_path, ("      title: Authorized Signatory\n", '      title: "null"\n'),
                      ("    fax: 011-075-236-0405\n", "    fax: ~\n"))
    ts = load(path).term_sheet
    assert ts.investors[2].signatory.title == "null"
    assert ts.investors[2].fax is None
