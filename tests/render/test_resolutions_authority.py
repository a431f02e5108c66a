"""The Board's General Authority resolution names every instrument the officers sign, the placement agent's warrant
among them (it was covered only by "other instruments"); a unit deal's resolutions approve the Units the Purchase
Agreement sells, at their price per Unit, the Shares being the shares the Units include, and the warrants as part of
the Units (review findings); with several series, each series' warrants are in the form attached for that series.
The Secretary's Certificate certifies the same words."""
from __future__ import annotations

import re
from pathlib import Path

from assembler.words import integer_words as wf
from conftest import FOCUS, rendered_set, variant

UNITS = Path(__file__).resolve().parents[1] / "deals" / "units_two_series_agent.yaml"


def authority(text: str) -> str:
    return next(p for p in re.sub(r"\s+", " ", text).split("RESOLVED, that ") if "execute and deliver the Purchase" in p)


def test_the_officers_sign_the_placement_agent_warrant():
    texts = rendered_set(UNITS)[1]
    for key in ("board_consent", "secretarys_certificate"):
        assert ("execute and deliver the Purchase Agreement, the Warrants, the Placement Agent Warrant, the "
                "Registration Rights Agreement") in authority(texts[key])
        text = re.sub(r"\s+", " ", texts[key])
        assert "Issuance and Sale of the Units RESOLVED, that the issuance and sale by the Company to the Investor " \
               "under the Purchase Agreement of units (the \"Units\"), in the number determined as provided in the " \
               "Purchase Agreement, each consisting of one share of Common Stock and the warrants described in the " \
               "next resolution (the shares of Common Stock included in the Units, the \"Shares\"), at a purchase " \
               "price per Unit equal to 90% of the Market Price" in text
        assert "shares of Common Stock (the \"Shares\")" not in text and "per share equal to 90%" not in text
        assert "under the Purchase Agreement, as part of the Units, of warrants in two (2) series, each in the form " \
               "attached to the Purchase Agreement for its series (together, the \"Warrants\")" in text


def test_a_unit_deal_with_its_price_known_approves_the_units(tmp_path):
    """The same when the Board adopts the resolutions once the price is known: the Units by number and price."""
    path, _ = variant(tmp_path, ("    discount_percent: 10\n", "    fixed: '3.60'\n"), base=UNITS)
    loaded, texts = rendered_set(path)
    text = re.sub(r"\s+", " ", texts["board_consent"])
    units = loaded.figures.totals.shares
    assert (f"of an aggregate of {wf(units)} ({units:,}) units (the \"Units\"), each consisting of one share of Common "
            "Stock and the warrants described in the next resolution (the shares of Common Stock included in the "
            "Units, the \"Shares\"), at a purchase price of $3.60 per Unit (the \"Purchase Price\")") in text


def test_without_an_agent_warrant_none_is_named():
    texts = rendered_set(FOCUS)[1]
    assert "Placement Agent Warrant" not in authority(texts["board_consent"])
    assert "per share" in texts["board_consent"] and "per Unit" not in texts["board_consent"]
