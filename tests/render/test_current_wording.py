"""Issue 12's leftovers in the wording, read in the rendered text: the current edition's set speaks of book entry,
email notices, today's tax code and Medallion guarantees; the Notice of Exercise offers the cashless exercise Section 3
grants (both editions); the issuance letter restricts transfers in Article IX's words; and the charter document is
named by the law of the state of incorporation (one rule, law.charter)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from assembler.law import charter

from conftest import FOCUS, NORTHWIND, rendered_fixture, rendered_set

ROOT = Path(__file__).resolve().parents[2]
SHARES_ONLY = ROOT / "tests" / "deals" / "minimal_shares_only.yaml"  # current edition, no Warrants


def rendered(path):
    return rendered_set(path)[1]


northwind = rendered_fixture(NORTHWIND, texts_only=True)
focus = rendered_fixture(FOCUS, texts_only=True)


def section(text: str, number: str) -> str:
    """The paragraph of a numbered section ("5. Charges, ..."; "Section 13.7. ...")."""
    m = re.search(rf"^(?:Section )?{re.escape(number)}\. .*$", text, re.M)
    assert m, number
    return m.group(0)


def test_the_current_edition_cites_no_repealed_tax_election(northwind, focus):
    assert "341(f)" not in northwind["purchase_agreement"]
    assert "Section 341(f) of the Internal Revenue Code" in focus["purchase_agreement"]  # the form as filed keeps it
    # the rest of the clause stays
    assert "The Company is not liable for the Taxes of another person" in northwind["purchase_agreement"]


def test_a_book_entry_warrant_speaks_of_no_stock_certificate(northwind, focus):
    for key in ("warrant#W-1", "warrant_form"):
        w = northwind[key]
        charges = section(w, "5")
        assert charges.startswith("5. Charges, Taxes and Expenses. Issuance of Warrant Shares upon the exercise")
        assert "such shares shall be issued in book-entry form in the name of the holder of this Warrant" in charges
        assert "stock certificate" not in w and "certificates for shares" not in w.lower(), key
        loss = section(w, "9")
        assert "mutilation of this Warrant certificate, and in case of loss" in loss  # the Warrant is still paper
        assert "a new Warrant of like tenor" in loss
        assert ("officers who are charged with the duty of issuing shares of Common Stock to instruct the Company's "
                "transfer agent to issue the Warrant Shares in book-entry form") in section(w, "15")
    old = focus["warrant#W-1"]
    assert "or any stock certificate relating to the Warrant Shares" in old
    assert "the duty of executing stock certificates to execute and issue the necessary certificates" in old
    assert "Issuance of certificates for shares of Common Stock" in old


def test_the_purchase_agreement_replaces_only_the_certificates_that_exist(northwind, focus):
    replacement = section(northwind["purchase_agreement"], "13.7")
    assert ("loss, theft, destruction or mutilation of a certificate representing the Warrant (the Shares and the "
            "Warrant Shares being issued in book-entry form, without certificates)") in replacement
    assert "the Shares or Warrants or any Warrant Shares" in section(focus["purchase_agreement"], "13.7")
    shares_only = rendered(SHARES_ONLY)["purchase_agreement"]
    assert "Replacement of Certificates" not in shares_only and "certificate representing the Shares" not in shares_only


def test_notices_of_adjustment_follow_the_notice_clause(northwind, focus):
    w = northwind["warrant#W-1"]
    notices = re.search(r"^(\d+)\(([a-z])\) Notices\. ", w, re.M) or re.search(r"^\(([a-z])\) Notices\. ", w, re.M)
    adjustment = section(w, "13")
    assert "the Company shall promptly deliver, in accordance with Section 16(d), to the holder" in adjustment
    assert "registered or certified mail" not in w
    assert "(d) Notices. Any notice, request or other document required or permitted to be given or delivered to the " \
           "holder hereof by the Company shall be delivered in accordance with the notice provisions of the Purchase " \
           "Agreement." in w and notices
    assert "transmitted by email" in northwind["purchase_agreement"]
    assert "mail by registered or certified mail, return receipt requested" in section(focus["warrant#W-1"], "13")


@pytest.mark.parametrize("edition", ["as_filed", "current"])
def test_the_notice_of_exercise_offers_the_cashless_exercise_section_3_grants(northwind, focus, edition):
    w = (focus if edition == "as_filed" else northwind)["warrant#W-1"]
    assert 'the Holder shall have the right to a "cashless exercise"' in section(w, "3")
    notice = w.split("NOTICE OF EXERCISE")[1].split("ASSIGNMENT FORM")[0]
    assert "pursuant to the terms of the attached Warrant, and (check one):" in notice
    assert "(a) __________ tenders herewith payment of the Exercise Price in full" in notice
    assert ('(b) __________ in place of payment of the Exercise Price, elects a "cashless exercise" under Section 3 '
            "of the attached Warrant (if then available under Section 3), in which the undersigned shall receive the "
            "number of shares equal to the quotient obtained by dividing the product of (A-B) and (X) by (A), X being "
            "the number of shares stated above and A and B as defined in Section 3") in notice


def test_the_assignment_form_asks_for_a_medallion_guarantee_today(northwind, focus):
    form = northwind["warrant#W-1"].split("ASSIGNMENT FORM")[1]
    assert "Medallion Signature Guarantee: ____" in form
    assert ("must be guaranteed by an eligible guarantor institution (as defined in Rule 17Ad-15 under the Securities "
            "Exchange Act of 1934, as amended) participating in a Medallion signature guarantee program approved by "
            "the Securities Transfer Association (STAMP, SEMP or MSP).") in form
    assert "bank or trust company" not in form
    old = focus["warrant#W-1"].split("ASSIGNMENT FORM")[1]
    assert "Signature Guaranteed:" in old and "must be guaranteed by a bank or trust company" in old


@pytest.mark.parametrize("deal", ["northwind", "focus"])
def test_the_issuance_letter_restricts_transfers_in_the_words_of_article_ix(northwind, focus, deal):
    texts = northwind if deal == "northwind" else focus
    letter, pa = texts["issuance_instruction_letter"], texts["purchase_agreement"]
    assert "stop on transfer" not in letter
    m = re.search(r"As Section (\d+\.\d+) of the Purchase Agreement provides, no legend other than the Legend and no "
                  r'"stop transfer orders," "stock transfer restrictions," or other restrictions have been or shall be '
                  r"given to you with respect to the Shares other than as expressly set forth in Article ([IVX]+) of "
                  r"the Purchase Agreement\.", letter)
    assert m, letter
    number, article = m.groups()
    assert section(pa, number).startswith(f"Section {number}. No Other Legend or Stock Transfer Restrictions.")
    assert re.search(rf"^ARTICLE {article}\nLEGENDS; TRANSFER AGENT INSTRUCTIONS$", pa, re.M | re.I)
    instructions = re.search(r"The Legend shall be removed as provided in the Irrevocable Instructions to Transfer Agent "
                             r"given to you under Section (\d+\.\d+) of the Purchase Agreement\.", letter)
    assert instructions and section(pa, instructions.group(1)).startswith(
        f"Section {instructions.group(1)}. Transfer Agent Instructions.")
    # no restriction of its own (Section 9.3 forbids any beyond Article IX), and no second order to issue the Shares
    assert "register a transfer" not in letter and "only in accordance with those instructions" not in letter
    assert re.search(r"This letter carries out the instruction to issue the Shares given to you in Section 1 of the "
                     r"Irrevocable Instructions to Transfer Agent and does not call for the issuance of any shares in "
                     r"addition to them", letter)
    assert texts["transfer_agent_instructions"].split("\n1. ", 1)[1].startswith("Issuance of the Shares")


def test_the_charter_rule():
    assert charter("Nevada").name == "articles of incorporation"
    assert charter("Nevada").title == "Articles of Incorporation"
    assert charter("Delaware").title == "Certificate of Incorporation"
    assert charter("New York").name == charter("New Jersey").name == "certificate of incorporation"
    assert charter("Massachusetts").name == "articles of organization"
    assert charter("Texas").title == "Certificate of Formation"
    assert charter("California").name == "articles of incorporation"  # the Model Act's term, every other State
    assert charter("Cayman Islands").name == "charter"  # not a State: the generic word
    assert charter("Delaware", "limited liability company").name == "charter"  # not a corporation


def test_a_nevada_company_has_articles_of_incorporation_wherever_the_charter_is_named(northwind, focus):
    for key, text in northwind.items():
        if key != "cover_memo":  # the memo quotes the form
            assert "certificate of incorporation" not in text.lower(), key
    assert "result in a violation of the Company's Articles of Incorporation or By-Laws" in \
        northwind["purchase_agreement"]
    assert "amending its articles of incorporation or" in northwind["warrant#W-1"]
    sc = northwind["secretarys_certificate"]
    assert "2. Articles of Incorporation and Bylaws. The articles of incorporation and the bylaws of the Company" in sc
    assert "in accordance with the Company's articles of incorporation and bylaws" in sc
    assert "charter" not in sc.lower()
    # FOCUS is a Delaware corporation: its certificate of incorporation, as the form said
    assert "violation of the Company's Certificate of Incorporation or By-Laws" in focus["purchase_agreement"]
    assert "2. Certificate of Incorporation and Bylaws." in focus["secretarys_certificate"]
    assert "amending its certificate of incorporation or" in focus["warrant#W-1"]


def test_the_board_acts_by_written_consent_under_its_own_states_statute(northwind, focus):
    """The consent cites the statute of the state of incorporation (law.charter's written_consent), never Delaware's
    typed in the template: Northwind is a Nevada corporation (NRS 78.315(2)), FOCUS a Delaware one (DGCL 141(f))."""
    consent = northwind["board_consent"]
    assert ("acting without a meeting by unanimous written consent as permitted by Section 78.315(2) of the Nevada "
            "Revised Statutes and the bylaws of Northwind Biosciences, Inc.") in consent
    assert "141(f)" not in consent and "Delaware" not in consent
    assert ("as permitted by Section 141(f) of the General Corporation Law of the State of Delaware and the bylaws of "
            "FOCUS Enhancements, Inc.") in focus["board_consent"]
    assert "141(f)" not in (ROOT / "templates" / "board_consent" / "document.xml.j2").read_text(encoding="utf-8")
    assert charter("Massachusetts").written_consent == "the corporation law of the Commonwealth of Massachusetts"
    assert charter("California").written_consent == "the corporation law of the State of California"


@pytest.mark.parametrize("deal", ["northwind", "focus"])
def test_the_closing_certificates_cite_no_condition_that_does_not_call_for_them(northwind, focus, deal):
    """No closing condition of the Purchase Agreement (Section 2.1(b)) asks for an officer's or a Secretary's
    certificate: they are delivered in connection with the Closing, not "under Section 2.1(b)" (the lawyers' read)."""
    texts = northwind if deal == "northwind" else focus
    for key in ("officers_certificate", "secretarys_certificate"):
        text = " ".join(texts[key].split())
        assert "certificate under Section" not in text and "delivered under the" not in text
        assert re.search(r"deliver(s this certificate|ed) in connection with the Closing on the date hereof under the "
                         r"Common Stock and Warrants? Purchase Agreement dated as of", text), text[:600]


@pytest.mark.parametrize("path", [FOCUS, SHARES_ONLY], ids=["warrants", "shares-only"])
def test_the_board_reserves_the_shares_section_6_2_says_are_reserved(path):
    """Section 6.2 of the Purchase Agreement says the Company has reserved shares for the Shares at the Closing (and
    the Warrant Shares): the Board's consent reserves each number, from the figures (the lawyers' read found only the
    Warrant Shares reserved)."""
    loaded, texts = rendered_set(path)
    consent = " ".join(texts["board_consent"].split())
    fig = loaded.figures
    assert f"{fig.totals.shares:,}) shares for issuance of the Shares at the Closing" in consent
    if fig.totals.warrant_shares:
        assert f"and {fig.totals.warrant_shares:,}" not in consent  # written in words and figures, not bare
        assert f"({fig.totals.warrant_shares:,}) shares for issuance upon exercise of the Warrant" in consent
    else:
        assert "Warrant" not in consent.split("Reservation of the Shares", 1)[1].split("RESOLVED", 2)[1]
    reservation = re.search(r"Section (\d+\.\d+) of the Purchase Agreement;", consent.split("Reservation of the Shares")[1])
    assert reservation and section(texts["purchase_agreement"], reservation.group(1)).startswith(
        f"Section {reservation.group(1)}. Reservation of Common Stock.")


def test_the_transfer_agent_letters_of_one_warrant_speak_of_the_warrant(northwind, focus):
    """One investor's one Warrant is "the Warrant" throughout the instructions and their form (the Purchase Agreement
    defines only that term); several investors' are "the Warrants" (the lawyers' read found "Warrants" undefined)."""
    for key in ("transfer_agent_instructions", "transfer_agent_instructions_form"):
        text = " ".join(northwind[key].split())
        assert "Warrants" not in text, re.findall(r"[^.]*Warrants[^.]*", text)
        assert "upon each exercise of the Warrant in accordance with its terms" in text
        assert "The Warrant is registered on the books of the Company." in text
        old = " ".join(focus[key].split())
        assert "upon each exercise of the Warrants in accordance with their terms" in old
        assert "The Warrants are registered on the books of the Company." in old


def test_a_board_approving_the_agreement_before_signing_lets_the_signing_officer_approve_changes(northwind, focus):
    """The consent precedes the signing, so negotiation after it must stay within what the Board approved: the form
    presented is approved with the changes the signing officer approves, evidenced by the signature (a reviewer:
    "any negotiated change falls outside what the board approved"). The Secretary certifies the same words."""
    words = ("in the form presented to the Board, with such changes therein as the officer of the Company executing it "
             "may approve, that approval to be conclusively evidenced by the officer's execution of the Purchase "
             "Agreement (the \"Purchase Agreement\")")
    for s in (northwind, focus):
        assert words in s["board_consent"]
        assert words in s["secretarys_certificate"]


def test_the_checklist_gives_both_prongs_of_the_effectiveness_deadline(northwind, focus):
    """RRA 3(a) and 3(e)(ii): effectiveness within the earlier of the period from the Closing Date and the days after
    the Commission's clearance to request acceleration; the checklist used to give the first prong alone."""
    for s, days, full, clearance in ((focus, 120, 150, 5), (northwind, 90, 120, 3)):
        text = s["closing_checklist"]
        for n in (days, full):
            assert (f"(the earlier of {n} days after the Closing Date, shown here, and {clearance} days after clearance by the "
                    "Securities and Exchange Commission to request acceleration of effectiveness") in text, n


def test_the_questionnaire_speaks_of_an_agreement_not_yet_signed(northwind):
    """The questionnaires are returned before the Board acts, so before the Purchase Agreement is signed: the Company
    proposes to sell under an agreement to be dated as of the signing (a reviewer: it said the Company "is selling")."""
    text = northwind["bad_actor_questionnaire"]
    assert ('Northwind Biosciences, Inc. (the "Company") proposes to sell securities under the Common Stock and Warrant '
            'Purchase Agreement to be dated as of November 20, 2026 (the "Purchase Agreement")') in text
    assert "is selling securities" not in text


def test_one_investors_book_entry_position_and_the_schedules_total_percentage(northwind, focus):
    """Reviewers: the one-investor transfer agent letter spoke of 'each Investor'; the schedule's Total row left the
    percentage blank (the Shares of all the Investors are all the Shares sold)."""
    assert "The Investor's book-entry position in the Shares shall carry a notation of the Legend" in \
        northwind["transfer_agent_instructions"]
    assert "book-entry position of each Investor" not in northwind["transfer_agent_instructions"]
    rows = focus["schedule_of_investors"]
    assert "Total\n$2,000,000.00\n1,250,000\n$2,000,000.00\n125,000\n100.00%\n" in rows


def test_the_pricing_certificate_shows_each_close_to_the_places_of_the_market_price(focus):
    """A reviewer: '$1.875' and '$2.00' beside '$1.9375' in one column; the Market Price is worked to four places, so
    each close is shown to four."""
    text = focus["pricing_certificate"]
    for day, close in (("November 23, 1999", "$1.8750"), ("November 26, 1999", "$2.0000"),
                       ("November 24, 1999", "$1.9375")):
        assert f"{day}\n{close}\n" in text, day
