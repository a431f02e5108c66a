"""Issue 12's reviewer findings on the closing mechanics and the certified resolutions, read in the rendered text:
an escrow deal's closing condition has the funds delivered to the Escrow Agent, not to the Company."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FOCUS, rendered_set

ROOT = Path(__file__).resolve().parents[2]
DEALS = ROOT / "tests" / "deals"


@pytest.mark.parametrize("deal", ["placement_agent_warrants", "units_two_series_agent", "agent_warrants_only"])
def test_an_escrow_deals_closing_condition_delivers_the_funds_to_the_escrow_agent(deal):
    loaded, docs = rendered_set(DEALS / f"{deal}.yaml")
    assert loaded.term_sheet.escrow_agent is not None
    pa = docs["purchase_agreement"]
    condition = next(line for line in pa.splitlines() if line.startswith("(ii) delivery to "))
    assert condition.startswith("(ii) delivery to the Escrow Agent, for the account of the Company, by ")
    assert condition.endswith(", to be held by the Escrow Agent and released as provided in Section 2.1(a)(i);")
    assert "delivery to the Company by" not in pa
    memo = rendered_set(DEALS / f"{deal}.yaml", memo=True)[1]["cover_memo"]
    assert "the condition of the Closing is the delivery of the funds to the escrow agent" in memo


def test_a_deal_without_escrow_delivers_the_funds_to_the_company():
    pa = rendered_set(FOCUS)[1]["purchase_agreement"]
    assert ("(ii) delivery to the Company by each Investor of immediately available funds in the amount of its "
            "Aggregate Purchase Price for the Common Stock and the Warrants;") in pa


DEFINITIONS = ("Capitalized terms used and not defined in these resolutions have the meanings given to them in the "
               "Purchase Agreement.")


@pytest.mark.parametrize("deal", ["focus_1999", "northwind_2026"])
def test_the_certified_resolutions_define_their_terms_as_the_consent_does(deal):
    """Annex A to the Secretary's Certificate is the consent's resolutions word for word, their definitions
    paragraph included (the certified copy used "Purchase Price", "Registration Rights Agreement" and the like with
    nothing to define them)."""
    docs = rendered_set(ROOT / "term_sheets" / f"{deal}.yaml")[1]
    annex = docs["secretarys_certificate"].split("\nANNEX A\n")[1].splitlines()
    consent = docs["board_consent"].splitlines()
    assert DEFINITIONS in annex and DEFINITIONS in consent
    assert consent.count(DEFINITIONS) == 1 and annex.count(DEFINITIONS) == 1
    # the resolutions, from the first WHEREAS to the definitions paragraph, are the same in both
    start = next(i for i, line in enumerate(consent) if line.startswith("WHEREAS, the Board of Directors"))
    resolutions = consent[start:consent.index(DEFINITIONS) + 1]
    assert annex[annex.index(resolutions[0]):annex.index(DEFINITIONS) + 1] == resolutions
    assert consent[consent.index(DEFINITIONS) + 1].startswith("This consent may be executed in counterparts")
