"""A one-investor set speaks of one investor everywhere (issue 12, a securities lawyer's page-by-page read): no
"majority in interest" of a single Investor, no number-and-gender clause for "one or more Investors", no "such
Investor" or "such holders" without a class to pick from, and no plural headings or reasons in the schedule of
investors, the funds flow memorandum and the cover memo. Read in the rendered text of the whole set."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FOCUS, NORTHWIND, rendered_set

ROOT = Path(__file__).resolve().parents[2]
DEALS = ROOT / "tests" / "deals"
ONE_INVESTOR = {
    "northwind_2026": NORTHWIND,  # shares and one Warrant
    "minimal_shares_only": DEALS / "minimal_shares_only.yaml",  # shares only
    "units_two_series_agent": DEALS / "units_two_series_agent.yaml",  # Units, two series, a Placement Agent, escrow
}

# The plural constructions a one-investor set must not use, in any document but the cover memo (which quotes the
# form's words when it says what changed)
PLURAL = [
    "majority in interest",
    "one or more Investors",
    "references to plural Investors",
    "such Investor",
    "such holders",
    "each Investor",
    "any Investor",
    "the Investors",
    "Investors and Addresses",
    "Wires from the",
    "the wires",
    "subscription amounts",
    "unapplied remainders",
]


@pytest.fixture(scope="module", params=sorted(ONE_INVESTOR))
def one_investor(request):
    return request.param, rendered_set(ONE_INVESTOR[request.param], memo=True)[1]


def test_no_document_of_a_one_investor_set_speaks_of_several_investors(one_investor):
    deal, docs = one_investor
    found = [f"{key}: {m.group(0)!r}" for key, text in docs.items() if key != "cover_memo"
             for phrase in PLURAL for m in re.finditer(rf".{{0,40}}\b{re.escape(phrase)}\b.{{0,40}}", text)]
    assert not found, f"{deal}: " + "\n".join(found)


def test_the_one_investor_clauses_say_what_the_several_investor_clauses_said(one_investor):
    deal, docs = one_investor
    pa, rra = docs["purchase_agreement"], docs["registration_rights"]
    # clause (iii) when no other warrants or options are excepted (a cap of 0: tests/render/test_option_cap.py)
    assert re.search(r"\((?:iii|iv)\) with the prior approval of the Investor, which will not be unreasonably withheld",
                     pa)
    assert ('Section 13.5. Number and Gender. There is one Investor party to this Agreement, which may be a natural '
            'person or an entity. All references to the Investor as "it" shall apply equally to a natural person.') in pa
    assert "purchased from the Company and still held by the Investor for" in rra
    assert "the Company may not so suspend the right of the Investor for more than" in rra
    assert "1. Investor and Address for Notices. The Investor," in docs["schedule_of_investors"]
    funds = docs["funds_flow"]
    assert "1. Wire from the Investor. On the Closing Date, the Investor shall wire" in funds
    assert "2. Reconciliation. The wire reconciles to the aggregate purchase price" in funds
    assert "Subscription amount of the Investor" in funds
    # the Board names the one Investor it approves a sale to (a reviewer: "the investor named in the Purchase Agreement"
    # left the directors approving a sale to an investor the agreement names later), in the consent and the certified
    # copy of the resolutions
    name = rendered_set(ONE_INVESTOR[deal], memo=True)[0].term_sheet.investors[0].name
    for key in ("board_consent", "secretarys_certificate"):
        assert f'would issue and sell to {name} (the "Investor") shares of the Company' in docs[key], key


def test_the_cover_memo_gives_one_investors_reasons_in_the_singular():
    memo = rendered_set(NORTHWIND, memo=True)[1]["cover_memo"]
    stock_split = next(line for line in memo.splitlines() if 'referred to the holder of the Warrant as "he"' in line)
    assert "the holder may be an entity (the Investor's entity type is stated)" in stock_split
    assert "the holders are entities" not in stock_split and "each Investor" not in stock_split
    # one Warrant certificate: the reasons speak of it, not of "each Warrant" (a reviewer, memo 4(b)(ii), 4(f)(i))
    assert "Each Warrant" not in memo and "The Warrant states its Exercise Price" in memo
    assert "The Warrant certificate carries its number" in memo


def test_several_investors_keep_the_forms_plural_clauses():
    docs = rendered_set(FOCUS)[1]
    assert "with the prior approval of a majority in interest of the Investors, which" in docs["purchase_agreement"]
    assert "There may be one or more Investors parties to this Agreement" in docs["purchase_agreement"]
    assert "still held by such Investor for" in docs["registration_rights"]
    assert "suspend the right of such holders of Securities for" in docs["registration_rights"]
    assert "1. Investors and Addresses for Notices." in docs["schedule_of_investors"]
    assert "1. Wires from the Investors." in docs["funds_flow"]


# ---------------------------------------------------------------- "Exercise Price", defined in the Purchase Agreement

@pytest.mark.parametrize("deal", ["northwind_2026", "focus_1999", "two_warrant_series"])
def test_the_purchase_agreement_defines_the_exercise_price_the_other_documents_use(deal):
    """The checklist, the schedule of investors, the board's resolutions and the transfer agent instructions use
    "Exercise Price" with the meaning the Purchase Agreement gives it: the Agreement defines it, by reference to the
    Warrants. (The undefined-term check reads an incorporating document against every definition of the set, the
    Warrant's included, so it did not report it.)"""
    path = {"northwind_2026": NORTHWIND, "focus_1999": FOCUS}.get(deal, DEALS / f"{deal}.yaml")
    docs = rendered_set(path)[1]
    pa = docs["purchase_agreement"]
    warrants = {"northwind_2026": "the Warrant", "focus_1999": "the Warrants",
                "two_warrant_series": "the Warrants of each series"}[deal]
    assert (f'"Exercise Price" shall mean the exercise price per Warrant Share set forth in {warrants}, as adjusted '
            "from time to time as provided therein.") in pa
    assert pa.count('"Exercise Price"') == 1
    assert any("Exercise Price" in docs[key] for key in ("closing_checklist", "schedule_of_investors"))


def test_a_set_without_warrants_defines_no_exercise_price():
    docs = rendered_set(ONE_INVESTOR["minimal_shares_only"])[1]
    assert not any("Exercise Price" in text for key, text in docs.items() if key != "cover_memo")
