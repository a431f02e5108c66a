"""The broker of the Purchase Agreement's "Brokerage" section (FOCUS: JWGenesis Securities, Inc.) is paid by the
Company only for the Investors it introduced, and the form states no amount; the Form D reports it as sales
commissions. Given (`broker.fee`), the data sheet states it; not given, the sheet says the Company confirms it before
filing, the checklist's Form D row says so, and the build warns at the broker."""
from __future__ import annotations

import re

from assembler.errors import TermSheetInvalid
from assembler.figures.load import load
from conftest import FOCUS, line_of, rendered_set, variant

import pytest

CONFIRM = ("To be confirmed by the Company before filing: the fee of JWGenesis Securities, Inc. under Section 13.9 of "
           "the Purchase Agreement, payable only to the extent that it introduced one or more of the Investors")
CHECKLIST = ("the Company to confirm before filing the fee of JWGenesis Securities, Inc. under Section 13.9 of the "
             "Purchase Agreement, which the Form D reports as sales commissions")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'"))


def commissions(form_d: str) -> str:
    """The Sales commissions row: its two cells, as the text of the document gives them (a line each)."""
    lines = form_d.splitlines()
    at = lines.index("Sales commissions")
    return f"{lines[at]} | {lines[at + 1]}"


def test_focus_leaves_the_fee_to_the_company_and_says_so():
    loaded, texts = rendered_set(FOCUS)
    assert flat(commissions(texts["form_d_data_sheet"])) == "Sales commissions | " + CONFIRM
    assert CHECKLIST in flat(texts["closing_checklist"])
    text = FOCUS.read_text(encoding="utf-8")
    [warning] = [str(w) for w in loaded.warnings if w.path == "broker"]
    assert warning.startswith(f"{FOCUS}:{line_of(text, '  name: JWGenesis')}:")
    assert "warning: the broker's fee is not given" in warning and "set broker.fee" in warning


@pytest.mark.parametrize("fee, shown", [("45000", "$45,000.00"), ("0", "$0.00")])
def test_a_given_fee_is_the_sales_commissions(tmp_path, fee, shown):
    path, _ = variant(tmp_path, ("  name: JWGenesis Securities, Inc.\n",
                                 f"  name: JWGenesis Securities, Inc.\n  fee: {fee}\n"))
    loaded, texts = rendered_set(path)
    assert flat(commissions(texts["form_d_data_sheet"])) == f"Sales commissions | {shown}"
    assert "to confirm before filing" not in flat(texts["closing_checklist"])
    assert not [w for w in loaded.warnings if w.path == "broker"]


def test_a_negative_or_fractional_cent_fee_is_refused_at_its_line(tmp_path):
    for fee in ("-1", "10.005"):
        path, text = variant(tmp_path, ("  name: JWGenesis Securities, Inc.\n",
                                        f"  name: JWGenesis Securities, Inc.\n  fee: {fee}\n"))
        with pytest.raises(TermSheetInvalid) as info:
            load(path)
        assert f"{path}:{line_of(text, '  fee: ')}:" in str(info.value) and "broker.fee" in str(info.value)
