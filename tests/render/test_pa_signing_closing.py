"""Issue 12's leftovers in the Purchase Agreement, read in the rendered text: what each Investor pays is its Aggregate
Purchase Price (the Purchase Price is the price of one share); the representations speak of the documents executed at
the Closing as executed then, when the deal signs before it closes; the current edition states the scheduled Closing
Date and an outside date; one Investor's or one Warrant's documents carry no plural or gendered leftovers; and the
cover memo is dated before the Board acts."""
from __future__ import annotations

import re
from pathlib import Path

import pytest


from conftest import FOCUS, NORTHWIND, rendered_fixture, rendered_set

ROOT = Path(__file__).resolve().parents[2]
DEALS = ROOT / "tests" / "deals"


def rendered(path):
    """Every document's text, the cover memo among them (it quotes the form variance report)."""
    return rendered_set(path, memo=True)[1]


northwind = rendered_fixture(NORTHWIND, memo=True, texts_only=True)
focus = rendered_fixture(FOCUS, memo=True, texts_only=True)


def clause(text: str, start: str) -> str:
    """The paragraph that begins with `start`."""
    m = re.search(rf"^{re.escape(start)}.*$", text, re.M)
    assert m, start
    return m.group(0)


def section(text: str, number: str) -> str:
    m = re.search(rf"^(?:Section )?{re.escape(number)}\. .*$", text, re.M)
    assert m, number
    return m.group(0)


# ---------------------------------------------------------------- 2.1: the Aggregate Purchase Price, not the price

def test_each_investor_pays_its_aggregate_purchase_price_in_both_editions(northwind, focus):
    """The form had each Investor pay "their proportionate amount of the Purchase Price" and made the Closing
    conditional on funds "in the amount of the Purchase Price", the price of one share: each pays its Aggregate
    Purchase Price, defined once, and the amount its signature page states."""
    for texts in (northwind, focus):
        pa = texts["purchase_agreement"]
        closing = clause(pa, "(i) Closing.")
        assert "proportionate amount of the Purchase Price" not in closing
        assert not re.search(r"(?<!Aggregate )Purchase Price as set forth", closing)
        assert re.search(r"immediately available funds in the amount of its Aggregate Purchase Price for "
                         r"the Common Stock and the Warrants?;", pa)
        assert "in the amount of the Purchase Price of" not in pa
        assert pa.count('(its "Aggregate Purchase Price")') == 1  # defined once
    # FOCUS: amounts bought exactly; the Closing clause defines the term
    assert ('each Investor shall deliver to the Company immediately available funds in the amount of the Purchase '
            'Price multiplied by the number of Shares it purchases (its "Aggregate Purchase Price"), as set forth on '
            'its signature page hereto') in focus["purchase_agreement"]
    # Northwind: a subscription amount; the Number of Shares clause defines it, the Closing clause uses it
    assert ("the Investor shall deliver to the Company immediately available funds in the amount of its Aggregate "
            "Purchase Price as set forth on its signature page hereto") in northwind["purchase_agreement"]
    assert ('multiplied by the Purchase Price (its "Aggregate Purchase Price")'
            in clause(northwind["purchase_agreement"], "(ii) Number of Shares."))


@pytest.mark.parametrize("deal, unit", [("minimal_shares_only", "Shares"), ("single_investor_units", "Units")])
def test_an_investor_that_states_its_shares_pays_the_price_times_its_shares(deal, unit):
    pa = rendered(DEALS / f"{deal}.yaml")["purchase_agreement"]
    assert (f'the Investor shall deliver to the Company immediately available funds in the amount of the Purchase '
            f'Price multiplied by the number of {unit} it purchases (its "Aggregate Purchase Price")') in pa
    assert "the Purchase Price of the" not in pa


# ---------------------------------------------------------------- 3.3 and 4.2: executed at the Closing, not at signing

def test_the_documents_of_the_closing_are_represented_as_executed_at_the_closing(northwind, focus):
    """The deal signs before it closes: the Registration Rights Agreement, the Warrants and any certificates are
    executed at the Closing, so neither party represents on signing that they "have been duly executed"."""
    for texts, warrant in ((northwind, "the Warrant"), (focus, "the Warrants")):
        pa = texts["purchase_agreement"]
        investor = section(pa, "3.3")
        assert ("which is required to be executed by Investor has been, or at the Closing will be, duly authorized "
                "and validly executed and delivered by the Investor and is, or at the Closing will be, a valid and "
                "binding agreement of the Investor") in investor
        company = section(pa, "4.2")
        assert f"{warrant} have been, or at the Closing will be, duly executed and delivered by the Company" in company
        assert "have been duly executed" not in pa and "has been duly authorized and validly executed" not in pa
    assert ("the Common Stock certificates representing the Shares, and the Warrants have been, or at the Closing will "
            "be, duly executed") in section(focus["purchase_agreement"], "4.2")


def test_a_deal_that_signs_and_closes_on_one_day_keeps_the_forms_words(tmp_path):
    from conftest import variant

    path, _ = variant(tmp_path, ("closing_date: 2026-12-08\n", "closing_date: 2026-11-20\n"), base=NORTHWIND)
    pa = rendered(path)["purchase_agreement"]
    assert "the Registration Rights Agreement and the Warrant have been duly executed and delivered" in pa
    assert "or at the Closing will be" not in pa


# ---------------------------------------------------------------- 1.5 and 2.3: the scheduled Closing Date, the outside date

def test_the_current_edition_schedules_the_closing_and_names_an_outside_date(northwind, focus):
    pa = northwind["purchase_agreement"]
    assert section(pa, "1.5").endswith("and the Closing shall have occurred, which shall be December 8, 2026, or such "
                                       "other date as the Company and the Investor agree in writing.")
    termination = section(pa, "2.3")
    # thirty days after the Closing Date: the term sheet names no outside date
    assert termination.startswith("Section 2.3. Termination. If the Closing has not occurred on or before January 7, "
                                  "2027, this Agreement may be terminated by the Company or by the Investor by written "
                                  "notice to the other; provided, however, that the right to terminate this Agreement "
                                  "under this Section 2.3 shall not be available to a party whose breach")
    assert "no termination shall relieve any party of liability for any breach" in termination
    # the form as filed closes when its conditions are met, and has no termination clause
    old = focus["purchase_agreement"]
    assert section(old, "1.5").endswith("and the Closing shall have occurred.")
    assert "Termination" not in old and "terminated by" not in old


def test_the_outside_date_of_the_term_sheet_and_several_investors(tmp_path):
    from conftest import variant

    path, _ = variant(tmp_path, ("closing_date: 2026-12-08\n", "closing_date: 2026-12-08\noutside_date: 2026-12-18\n"),
                      base=NORTHWIND)
    assert "on or before December 18, 2026, this Agreement may be terminated" in rendered(path)["purchase_agreement"]
    pa = rendered(DEALS / "subscription_up.yaml")["purchase_agreement"]
    assert "such other date as the Company and the Investors agree in writing." in section(pa, "1.5")
    assert ("this Agreement may be terminated by the Company, by written notice to the Investors, or by any Investor, "
            "as to its own obligations hereunder only, by written notice to the Company;") in section(pa, "2.3")
    assert "(if an Investor terminates it, as between that Investor and the Company only)" in section(pa, "2.3")


# ---------------------------------------------------------------- one Warrant, one Investor: no plural or gendered leftovers

def paragraph_of(text: str, words: str) -> str:
    m = re.search(rf"^.*{re.escape(words)}.*$", text, re.M)
    assert m, words
    return m.group(0)


def test_one_warrant_speaks_of_this_warrant_and_no_holder_is_he(northwind, focus):
    """Warrant Section 15's par-value covenant spoke of "the Warrants" in a deal that issues one; Section 11(a) called
    the holder (a fund) "he"."""
    for key in ("warrant#W-1", "warrant_form"):
        w = northwind[key]
        par = paragraph_of(w, "Before taking any action which would cause an adjustment reducing the current Exercise")
        assert "issuable upon exercise of this Warrant, the Company shall take" in par
        assert "exercise of the Warrants" not in w  # (the Warrants a division or transfer creates stay plural)
    for texts in (northwind, focus):
        splits = paragraph_of(texts["warrant#W-1"], "(a) Stock Splits")
        assert "securities of the Company which such holder would have owned" in splits
        for key, text in texts.items():
            if key == "cover_memo":
                continue  # the memo quotes the form
            text = re.sub(r"\b(he or she|his or her)\b", "", text)  # natural persons: directors and officers
            assert not re.search(r"\b(he|his|him|himself)\b", text), (key, re.findall(r".{0,60}\bhe\b.{0,20}", text))
    # several Warrants (FOCUS): the form's words stay
    assert "issuable upon exercise of the Warrants, the Company shall take" in focus["warrant#W-1"]


def test_a_single_investor_set_has_no_plural_investors(northwind):
    for key in ("purchase_agreement", "registration_rights", "registration_rights_form", "warrant#W-1", "warrant_form",
                "transfer_agent_instructions", "issuance_instruction_letter"):
        text = northwind[key]
        # nor Section 13.5 of the Purchase Agreement, which says that there is one Investor
        assert "Investors" not in text, (key, re.findall(r".{60}Investors.{30}", text))


# ---------------------------------------------------------------- the cover memo's date

def test_the_cover_memo_is_dated_before_the_board_acts(northwind, focus):
    """The memo goes out with the first drafts, which precede the Board's consent (the business day before signing when
    the term sheet names no date) and the signing: both examples date it three business days before the consent
    (deal.draft_date); with no draft_date it is dated the first day of the closing timetable, never the agreement
    date."""
    assert "\nDate: November 16, 2026\n" in northwind["cover_memo"]  # the Board's consent November 19, signed Nov 20
    assert "Dated as of November 19, 2026" in northwind["board_consent"]
    assert "\nDate: November 18, 1999\n" in focus["cover_memo"]  # consent November 23, signed November 24, 1999


def test_without_a_draft_date_the_memo_is_dated_the_boards_consent(tmp_path):
    from conftest import variant

    path, _ = variant(tmp_path, ("  draft_date: 1999-11-18\n", ""))
    texts = rendered(path)
    assert "\nDate: November 23, 1999\n" in texts["cover_memo"]


def test_an_exchange_notice_before_the_board_dates_the_memo(tmp_path):
    """Nasdaq's notice, 15 days before the Closing, falls before the Board's consent when the Closing is 10 days after
    signing: the first drafts precede it too."""
    from conftest import variant

    path, _ = variant(tmp_path, ("closing_date: 2026-12-08\n", "closing_date: 2026-12-01\n"), base=NORTHWIND)
    texts = rendered(path)
    assert "\nDate: November 16, 2026\n" in texts["cover_memo"]  # December 1 less 15 days
    assert "Dated as of November 19, 2026" in texts["board_consent"]


def test_article_ii_of_one_warrant_is_the_sale_of_the_warrant(northwind, focus):
    """Article II's title followed the form's "Common Stock and Warrants" in a deal of one Warrant (its agreement the
    "Common Stock and Warrant Purchase Agreement")."""
    assert "\nARTICLE II\nPurchase and Sale of Common Stock and Warrant\n" in northwind["purchase_agreement"]
    assert "\nARTICLE II\nPurchase and Sale of Common Stock and Warrants\n" in focus["purchase_agreement"]


def test_the_cover_memo_says_exhibit_c_has_no_form_and_names_no_tool_file(northwind, focus):
    """The form refers to an Exhibit C it does not attach: the memo tells the Investors' counsel that the instructions
    are new drafting, not covered by the list of changes (reviewers: new drafting went out unflagged); and it speaks of
    the redline, not of the tool's file name."""
    for s in (northwind, focus):
        memo = s["cover_memo"]
        assert ("The form refers to an Exhibit C, the Irrevocable Instructions to Transfer Agent, which it does not "
                "attach. The enclosed Exhibit C to the Purchase Agreement, and the Irrevocable Instructions to Transfer "
                "Agent to be delivered at the Closing, are therefore our own drafting") in memo
        assert "form_variance" not in memo
        assert "We send with this memorandum a redline of each of these documents against the form, in which" in memo
