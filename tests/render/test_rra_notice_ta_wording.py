"""Issue 12's leftovers in the Registration Rights Agreement, the Warrant's Notice of Exercise and the transfer agent
instructions, read in the rendered text: "business day" defined where a deadline turns on it; one wording of the
effectiveness deadline; a liquidated-damages month with one reading (and the one the figures count); notices effective
at the addresses the Purchase Agreement sets forth; a holder's signature block and, where the transfer agent can make
it, a DWAC/DRS delivery election; the fraction of a share paid in the Warrant's own words; and an allocation schedule
that no Investor receives."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from assembler.calendar import BUSINESS_DAYS
from assembler.figures.compute import damages_schedule
from assembler.figures.load import load

from conftest import FOCUS, NORTHWIND, rendered_fixture, rendered_set, variant


def rendered(path):
    return rendered_set(path)[1]


northwind = rendered_fixture(NORTHWIND, texts_only=True)
focus = rendered_fixture(FOCUS, texts_only=True)


def clause(text: str, start: str) -> str:
    """The paragraph that starts with `start`."""
    m = re.search(rf"^{re.escape(start)}.*$", text, re.M)
    assert m, start
    return m.group(0)


def notice_of_exercise(warrant: str) -> str:
    return warrant.split("NOTICE OF EXERCISE")[1].split("ASSIGNMENT FORM")[0]


# ---------------------------------------------------------------- Registration Rights Agreement

def test_business_day_is_defined_where_the_deadline_clause_relies_on_it(northwind, focus):
    rra = northwind["registration_rights"]
    deadlines = clause(rra, "(i) ")
    assert deadlines.startswith('(i) As used in this Agreement, "business day" means any day other than a Saturday, a '
                               "Sunday or a legal public holiday of the United States designated by 5 U.S.C. 6103(a) "
                               "(or a weekday on which the Federal Government observes such a holiday that falls on a "
                               "Saturday or a Sunday). A deadline under this Section 3 that falls on a day that is not a "
                               "business day is extended to the next succeeding business day.")
    assert rra.count('"business day" means') == 1 and rra.index('"business day" means') < rra.index("Section 8. Notices")
    # the definition is the calendar the deadlines are computed on: July 3, 2026 (Independence Day observed) is not
    # a business day, and the observed day is a weekday the definition names
    assert BUSINESS_DAYS.closed_reason(dt.date(2026, 7, 3)) == "Independence Day (observed)"
    # the form as filed has no deadline clause: its "business day" stays the notice clause's, undefined, as filed
    old = focus["registration_rights"]
    assert '"business day" means' not in old and "A deadline under this Section 3" not in old


@pytest.mark.parametrize("deal", ["focus", "northwind"])
def test_the_effectiveness_deadline_is_worded_once(focus, northwind, deal):
    rra = (focus if deal == "focus" else northwind)["registration_rights"]
    a = clause(rra, "The Company shall use all commercially reasonable efforts to cause such Registration Statement")
    e = clause(rra, "(e) In the event that")
    deadline = re.search(r"within the earlier of \(x\) .*? acceleration of effectiveness", a).group(0)
    assert "and (y) " in deadline and " days after clearance by the Commission to request acceleration" in deadline
    assert f"(ii) such Registration Statement is not declared effective by the Commission {deadline} (unless such " \
           "failure to register is due in whole or in part to the Commission's request" in e
    assert "if earlier" not in a and "to request effectiveness" not in e and "SEC clearance" not in rra


def test_a_damages_month_has_one_reading_and_the_figures_count_it_so(focus, northwind):
    actual = clause(northwind["registration_rights"], "(e) In the event that")
    assert ("(pro rated on a daily basis, each month being the period beginning on the first day of the Registration "
            "Default, or on a monthly anniversary of that day, and ending on the day before the next monthly "
            "anniversary (a monthly "
            "anniversary being the day of the same number in a later calendar month or, if that calendar month has no "
            "day of that number, its last day), and each day of a month of which only part is in default accruing the "
            "amount for that month divided by the number of days in that month)") in actual
    assert "calendar month concerned" not in actual
    thirty = clause(focus["registration_rights"], "(e) In the event that")
    assert ("(pro rated on a daily basis for any period of less than thirty (30) days, each month being one of "
            "consecutive periods of thirty (30) days, the first beginning on the first day of the Registration "
            "Default, and each day of a month of which only part is in default accruing one-thirtieth of the amount "
            "for that month)") in thirty
    # a default beginning on January 31: the first month ends on February 27 (28 days), the second runs from
    # February 28, the anniversary February lacks a 31st for, to March 30 (31 days), as the words say
    ts = load(NORTHWIND).term_sheet
    periods = damages_schedule(ts, Decimal(100), Decimal(100), dt.date(2027, 1, 31), 40)
    assert [(p.start, p.period_days) for p in periods] == [(dt.date(2027, 1, 31), 28), (dt.date(2027, 2, 28), 31)]
    thirty_ts = load(FOCUS).term_sheet
    periods = damages_schedule(thirty_ts, Decimal(100), Decimal(100), dt.date(2000, 1, 31), 40)
    assert [(p.start, p.period_days) for p in periods] == [(dt.date(2000, 1, 31), 30), (dt.date(2000, 3, 1), 30)]


@pytest.mark.parametrize("deal", ["focus", "northwind"])
def test_notices_are_effective_at_the_addresses_the_purchase_agreement_sets_forth(focus, northwind, deal):
    texts = focus if deal == "focus" else northwind
    notices = clause(texts["registration_rights"], "Section 8. Notices.")
    number = "facsimile number" if deal == "focus" else "email address"
    assert (f"at the address or {number} of such party set forth in the Purchase Agreement or most recently specified "
            "by such party by written notice (if delivered on a business day") in notices
    assert "set forth above" not in notices and "designated below" not in notices
    assert "The addresses for such communications shall be:" in texts["purchase_agreement"]


# ---------------------------------------------------------------- Notice of Exercise

HOLDER_BLOCK = ["________________________________________", "(Name of Registered Holder)",
                "By: ________________________________________", "Name: ____________________",
                "Title (if the holder is an entity): ____________________"]


def test_the_notice_of_exercise_leaves_the_holders_name_to_be_written_in(focus, northwind):
    """The holder exercising may be a transferee of the holder named on the Warrant's face (Section 7): the notice
    prints no holder's name, in an executed Warrant as in the form, and an entity signs by its signatory."""
    texts = {"Lakeshore": northwind["warrant#W-1"], "Roseworth": focus["warrant#W-3"],
             "form": focus["warrant_form"], "form (current)": northwind["warrant_form"]}
    for name, warrant in texts.items():
        notice = notice_of_exercise(warrant).splitlines()
        assert notice[-6:] == ["Dated: ____________________"] + HOLDER_BLOCK, name
        assert "Signature" not in "\n".join(notice), name
    assert "LAKESHORE" not in notice_of_exercise(northwind["warrant#W-1"]).upper()
    assert "Lakeshore Capital GP LLC" not in notice_of_exercise(northwind["warrant#W-1"])
    assert "ROSEWORTH" not in notice_of_exercise(focus["warrant#W-3"]).upper()
    # the reason in the cover memo
    memo = rendered_set(NORTHWIND, memo=True)[1]["cover_memo"]
    assert ("a line for the name of the registered holder, written in rather than printed, because the holder "
            "exercising may be a transferee of the holder named on the face of the Warrant (Section 7)") in memo


def test_an_individual_holders_warrant_has_the_same_notice(tmp_path):
    path, _ = variant(tmp_path, ("  - name: Roseworth Group, Ltd.\n    entity_type: company",
                                 "  - name: Hans Gassner\n    entity_type: individual"))
    loaded, texts = rendered_set(path)
    assert loaded.term_sheet.investors[2].individual and not loaded.term_sheet.investors[1].individual
    notice = notice_of_exercise(texts["warrant#W-3"]).splitlines()
    assert notice[-5:] == HOLDER_BLOCK and "Gassner" not in "\n".join(notice)


def assignment_form(warrant: str) -> list[str]:
    return warrant.split("ASSIGNMENT FORM")[1].splitlines()


@pytest.mark.parametrize("deal", ["focus", "northwind"])
def test_the_assignor_signs_the_assignment_form_in_the_holders_block(focus, northwind, deal):
    """Not a bare "Holder's Signature" line: the registered holder's name written in, its signer's By/Name/Title
    (the Notice of Exercise's block), its address, then the signature guarantee of the edition."""
    texts = focus if deal == "focus" else northwind
    for key in ("warrant#W-1", "warrant_form"):
        form = assignment_form(texts[key])
        assert "Holder's Signature" not in "\n".join(form), key
        start = form.index("________________________________________", form.index("Dated: ____________________, "
                                                                                 "__________"))
        assert form[start:start + 8] == [
            "________________________________________", "(Name of Registered Holder, as Assignor)",
            "By: ________________________________________", "Name: ____________________",
            "Title (if the holder is an entity): ____________________",
            "Holder's Address: ________________________________________", "________________________________________",
            ("Medallion Signature Guarantee: " if deal == "northwind" else "Signature Guaranteed: ")
            + "________________________________________"], key
    assert "LAKESHORE" not in "\n".join(assignment_form(northwind["warrant#W-1"])).upper()
    memo = rendered_set(NORTHWIND, memo=True)[1]["cover_memo"]
    assert 'The form\'s Assignment Form ended on a bare "Holder\'s Signature" line' in memo



@pytest.mark.parametrize("deal", ["focus", "northwind"])
def test_the_assignment_form_can_assign_part_of_the_warrant(focus, northwind, deal):
    """The Warrant registers a transfer "in whole or in part" in the denominations the instrument of assignment
    specifies and gives the assignor a new Warrant for the rest; the form's Assignment Form could assign only the
    whole Warrant (a review finding). It now names a number of Warrant Shares, when less than all, and the memo
    says why."""
    texts = focus if deal == "focus" else northwind
    for key in ("warrant#W-1", "warrant_form"):
        assert "in whole or in part" in texts[key] and "denomination or denominations specified in such instrument " \
            "of assignment, and shall issue to the assignor a new Warrant evidencing the portion of this Warrant not " \
            "so assigned" in texts[key], key
        form = assignment_form(texts[key])
        assert form[2] == ("FOR VALUE RECEIVED, the foregoing Warrant and all rights evidenced thereby (or, if a number "
                           "of Warrant Shares is written in below, the right to purchase that number of Warrant Shares) "
                           "are hereby assigned to"), key
        assert "Number of Warrant Shares assigned, if less than all: ____________________" in form, key
        assert form.index("Number of Warrant Shares assigned, if less than all: ____________________") < \
            form.index("(Name of Registered Holder, as Assignor)")
    memo = rendered_set(FOCUS if deal == "focus" else NORTHWIND, memo=True)[1]["cover_memo"]
    assert "the form's Assignment Form could assign only the whole Warrant and had no place for a denomination" in memo


@pytest.mark.parametrize("deal", ["focus", "northwind"])
def test_the_notice_of_exercise_has_check_blanks_only_where_the_holder_chooses(focus, northwind, deal):
    """The form put a blank before its numbered paragraphs (1) and (2), which the holder does not choose between (a
    review finding); the blanks stay where the holder checks one: the manner of payment, (a) or (b)."""
    texts = focus if deal == "focus" else northwind
    for key in ("warrant#W-1", "warrant_form"):
        notice = notice_of_exercise(texts[key])
        assert "\n(1) The undersigned hereby elects to purchase __________ shares" in notice, key
        assert "\n(2) Please issue " in notice, key
        assert "\n(a) __________ tenders herewith payment" in notice and "\n(b) __________ in place of payment" in notice

def test_a_dwac_eligible_book_entry_deal_lets_the_holder_elect_drs_or_dwac(focus, northwind, tmp_path):
    for key in ("warrant#W-1", "warrant_form"):
        w = northwind[key]
        notice = notice_of_exercise(w)
        assert "(3) Please deliver said shares of Common Stock (check one):" in notice
        assert ("(a) __________ by book-entry registration through the Direct Registration System of the Company's "
                "transfer agent, in the name specified above on the register of the Company's transfer agent") in notice
        assert ("(b) __________ if said shares may then be issued without a restrictive legend, by crediting them "
                "through the Deposit/Withdrawal at Custodian (DWAC) system of The Depository Trust Company (\"DTC\") to "
                "the following account of the undersigned's broker:") in notice
        assert "DTC Participant Number: ____" in notice and "Account Number: ____" in notice
        # Section 3 grants the election the Notice asks for
        assert ("(or, if the holder so elects in the Notice of Exercise and such shares may then be issued without a "
                "restrictive legend, credited through the Deposit/Withdrawal at Custodian system of The Depository "
                "Trust Company to the account of the broker specified in the Notice of Exercise)") in clause(w, "3. ")
    letter = northwind["transfer_agent_instructions"]
    assert "and the holder so elects in the Notice of Exercise or otherwise requests in writing" in letter
    # certificates (the form as filed), or a transfer agent that cannot deliver through DTC: no DWAC election
    assert "DWAC" not in focus["warrant#W-1"]
    path, _ = variant(tmp_path, ("  dwac_eligible: true", "  dwac_eligible: false"), base=NORTHWIND)
    texts = rendered_set(path)[1]
    assert "DWAC" not in texts["warrant#W-1"] and "Deposit/Withdrawal" not in texts["warrant#W-1"]
    assert "Please issue said shares of Common Stock in book-entry form" in notice_of_exercise(texts["warrant#W-1"])


# ---------------------------------------------------------------- transfer agent instructions

@pytest.mark.parametrize("key", ["transfer_agent_instructions", "transfer_agent_instructions_form"])
def test_the_letter_pays_a_fraction_in_the_warrants_own_words(focus, northwind, key):
    warrant_words = re.search(r"As to any fraction of a share which Holder would otherwise be entitled to purchase upon "
                              r"such exercise, (.*?)\.", clause(focus["warrant#W-1"], "4. ")).group(1)
    assert warrant_words == ("the Company shall pay a cash adjustment in respect of such final fraction in an amount "
                             "equal to such fraction multiplied by the Exercise Price")
    for texts, warrants in ((focus, "Warrants"), (northwind, "Warrant")):
        letter = texts[key]
        assert (f"No fractional Warrant Shares shall be issued upon any exercise; as provided in Section 4 of the "
                f"{warrants}, as to any fraction of a share which the holder would otherwise be entitled to purchase "
                f"upon such exercise, {warrant_words}, and you shall issue only the whole number of Warrant Shares.") \
            in letter
        assert "cash at the Exercise Price" not in letter


def test_no_investor_receives_another_investors_amounts(focus, northwind):
    letter = focus["transfer_agent_instructions"]
    body, schedule = letter.split("SCHEDULE I\n")
    load_focus = load(FOCUS).figures
    amounts = [f"{p.shares:,}" for p in load_focus.investors]
    assert all(a not in body for a in amounts) and all(a in schedule for a in amounts)
    assert "allocated among the Investors as set forth in Schedule I to this letter." in body
    assert "with a copy of this letter, without Schedule I, to each of the Investors." in body
    cc_with, cc_without = body.split("cc (with Schedule I):\n")[1].split("cc (without Schedule I):\n")
    assert cc_with.splitlines()[:2] == ["Epstein Becker & Green, P.C. (counsel to the Investors)",
                                        "Sullivan & Worcester LLP (counsel to the Company)"]
    assert cc_without.splitlines()[:3] == ["Raptor Global Portfolio Ltd.", "Altar Rock Fund L.P.",
                                           "Roseworth Group, Ltd."]
    assert schedule.startswith("ALLOCATION AMONG THE INVESTORS\nFurnished to the transfer agent, the Company and "
                               "counsel only; not to be delivered to any Investor.")
    # the form attached to the Purchase Agreement, which every Investor signs, shows no Investor's amounts
    form = focus["transfer_agent_instructions_form"]
    assert all(a not in form for a in amounts)
    assert ("To be completed at the Closing with the name of each Investor and the number of Shares, the number of "
            "Warrant Shares and the number of each Warrant issued to it.") in form
    # one Investor: its own allocation stays in the letter, copied to it
    single = northwind["transfer_agent_instructions"]
    assert "Schedule I" not in single and "set forth in the following schedule:" in single
    assert "cc:\nLakeshore Healthcare Opportunities Fund, L.P." in single


def test_a_term_sheet_may_not_ask_for_a_fraction_settlement_no_document_drafts(tmp_path):
    from assembler.errors import TermSheetInvalid
    path, _ = variant(tmp_path, ("fractional_share_settlement: cash at the Exercise Price",
                                 "fractional_share_settlement: rounded up to a whole share"))
    with pytest.raises(TermSheetInvalid, match="equal to the fraction multiplied by the Exercise Price"):
        load(path)
