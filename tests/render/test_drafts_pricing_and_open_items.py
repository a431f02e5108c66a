"""What the first drafts cannot know, read in the rendered text: the cover memo names each figure the enclosed drafts
state that rests on closing prices after the memo's date (with the rule that sets it in the drafts' words and the day
it becomes known), and says nothing of the kind when every price is known on its date; and the items a first draft
leaves to others before signing (the RRA 3(e) measure of damages, an unconfirmed Disclosure Schedule) are open
pre-signing steps of the closing checklist and lines of the memo, from one rule (figures/drafts.py)."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from assembler.figures.drafts import open_items, pending_on

from conftest import FOCUS, NORTHWIND, rendered_fixture, rendered_set, variant

ROOT = Path(__file__).resolve().parents[2]
DISCOUNT = ROOT / "tests" / "deals" / "discount_pricing_date.yaml"  # window ends on the Board's consent, the memo's day
HEADING = "Figures fixed at pricing."
OPEN = "Open items before signing."


def rendered(path):
    return rendered_set(path, memo=True)


focus = rendered_fixture(FOCUS, memo=True)
northwind = rendered_fixture(NORTHWIND, memo=True)


def memo_section(memo: str, heading: str) -> str:
    m = re.search(rf"^\d+\. {re.escape(heading)}.*?(?=^\d+\. )", memo, re.M | re.S)
    assert m, heading
    return m.group(0)


def before_signing(checklist: str) -> str:
    return checklist.split("Before Signing and at Signing.")[1].split("After Signing and Before the Closing.")[0]


def test_focus_memo_names_the_exercise_price_fixed_after_its_date(focus):
    """FOCUS: the memo is dated November 18, 1999; the Market Price is measured over the five Trading Days to
    November 30, 1999 (before the Closing), so the $2.10 Exercise Price the Warrants state is not known: the memo says
    so, with the rule in the Warrant's own words, and that the Pricing Certificate confirms it."""
    loaded, texts = focus
    memo = texts["cover_memo"]
    assert "\nDate: November 18, 1999\n" in memo
    part = memo_section(memo, HEADING)
    rule = "110% of the Market Price, rounded to the nearest cent, with one-half cent rounded up"
    assert (f"(a) the Exercise Price ($2.10 per share): {rule}; known on November 30, 1999, the last Trading Day of the "
            "Market Price period.") in part
    assert f"shall be $2.10, being {rule}, the Market Price being as defined" in texts["warrant#W-1"]
    assert "that period runs from November 23, 1999 through November 30, 1999" in part
    assert "Section 1.11 of the Purchase Agreement" in part
    # dated before the prices exist, the memo calls the drafts' figures illustrative (a reviewer: prices of
    # November 23-30 cannot be "set out" on November 18)
    assert ("the figures shown in the enclosed drafts are illustrative only: they are computed from the closing prices "
            "assumed in the term sheet for those Trading Days") in part
    assert "confirmed by the Pricing Certificate" in part
    # the Purchase Price is fixed ($1.60), so neither it nor the share counts are listed
    assert "Purchase Price ($" not in part and "number of Shares" not in part and "Warrant Shares (" not in part


def test_northwind_memo_names_every_price_dependent_figure(northwind):
    """Northwind (memo November 16, 2026; Market Price to November 19): the Purchase Price, the Exercise Price, the
    Shares the subscription buys, the Warrant Shares, the amounts paid and Nasdaq's Minimum Price all rest on it."""
    loaded, texts = northwind
    part = memo_section(texts["cover_memo"], HEADING)
    for figure in ("the Purchase Price ($3.17 per share of Common Stock): 92% of the Market Price, rounded to the "
                   "nearest cent, with one-half cent rounded up; known on November 19, 2026",
                   "the Exercise Price ($4.31 per share): 125% of the Market Price",
                   "the number of Shares (788,643): the Investor's subscription amount divided by the Purchase Price, "
                   "rounded down to the nearest whole share, under Section 2.1(a)(ii) of the Purchase Agreement",
                   "the aggregate purchase price ($2,499,998.31)",
                   "the number of Warrant Shares (394,321): fifty percent (50%) of the Shares the Investor purchases",
                   "the Minimum Price under Nasdaq Rule 5635(d) ($3.45)"):
        assert figure in part, figure
    assert "; known on November 19, 2026" in part
    assert texts["purchase_agreement"].count("92% of the Market Price, rounded to the nearest cent, with one-half "
                                             "cent rounded up, being $3.17") == 1


def test_a_memo_dated_the_last_trading_day_names_its_figures_as_the_board_approves_the_formula(tmp_path):
    """One rule for the memo and the Board's resolutions (Figures.market_known_on): a closing price is known only when
    that day's trading ends, after a document of that date is signed. Without its draft_date, Northwind's memo is
    dated the Board's consent (November 19, 2026), the last Trading Day of the Market Price: the consent approves the
    Purchase Agreement's formula rather than a price, and the memo names the figures fixed at pricing, known that
    day (it used to say nothing of them, as if the day's close were known in the morning). The same for a deal whose
    window ends on the consent (tests/deals/discount_pricing_date). A deal of fixed prices has no such paragraph."""
    path, _ = variant(tmp_path, ("  draft_date: 2026-11-16\n", ""), base=NORTHWIND)
    texts = rendered(path)[1]
    assert "\nDate: November 19, 2026\n" in texts["cover_memo"]
    part = memo_section(texts["cover_memo"], HEADING)
    assert "known on November 19, 2026, the last Trading Day of the Market Price period" in part
    assert "not yet known on the date of this memorandum (a Trading Day's closing price is known only when that " \
           "day's trading ends)" in part
    assert "of the Market Price as defined in the Purchase Agreement" in texts["board_consent"]
    discount = rendered(DISCOUNT)[1]
    assert "known on March 9, 2026, the last Trading Day" in memo_section(discount["cover_memo"], HEADING)
    fixed = rendered(ROOT / "tests" / "deals" / "minimal_shares_only.yaml")[1]["cover_memo"]
    assert HEADING not in fixed and "Pricing Certificate" not in fixed


def test_pending_figures_are_those_not_known_on_the_day(focus, northwind):
    """The rule itself: a price is known the day after the last Trading Day it is measured over (at that day's
    close), as the Board's resolutions and the form of warrant at signing read it."""
    ts, fig = focus[0].term_sheet, focus[0].figures
    assert [p.name for p in pending_on(ts, fig, dt.date(1999, 11, 30))] == ["Exercise Price"]
    assert pending_on(ts, fig, dt.date(1999, 12, 1)) == []
    assert not fig.market_known_on(dt.date(1999, 11, 30)) and fig.market_known_on(dt.date(1999, 12, 1))
    assert [p.name for p in fig.pending] == ["Exercise Price"] and fig.draft_date == dt.date(1999, 11, 18)
    ts, fig = northwind[0].term_sheet, northwind[0].figures
    assert [p.key for p in pending_on(ts, fig, dt.date(2026, 11, 19))] == [
        "price", "price", "shares", "aggregate", "warrant_shares", "minimum_price"]
    assert pending_on(ts, fig, dt.date(2026, 11, 20)) == []


def test_a_second_measure_counts_for_when_the_market_price_is_known():
    """The lower of two measures is known when both are: the last Trading Day of either counts (the Board's
    resolutions and the form of warrant used to read the first measure's alone; in this deal both end on the same
    day)."""
    from assembler.figures.load import load

    fig = load(ROOT / "tests" / "deals" / "lower_of_two_measures.yaml").figures
    last = max(list(fig.market.window.days) + list(fig.market.second.window.days))
    assert fig.last_price_day == last
    assert not fig.market_known_on(last) and fig.market_known_on(last + dt.timedelta(days=1))


def test_focus_open_items_are_pre_signing_steps_and_memo_lines(focus):
    """FOCUS measures damages by the market value on the Closing Date (not yet confirmed by the Investors' counsel)
    and its Disclosure Schedule is not confirmed: each is an open step before signing, and a line of the memo."""
    texts = focus[1]
    table = before_signing(texts["closing_checklist"])
    # the memo goes out on its own date (deal.draft_date), before the open items and the Board's consent
    assert "counsel to the Investors\nNovember 18, 1999\nCompany Counsel\nOpen\n2\nConfirmation of the measure" in table
    assert ("Confirmation of the measure of liquidated damages in Section 3(e) of the Registration Rights Agreement "
            "(document 08 below): the market value of the Shares still held, at the closing price on the Closing "
            "Date, as the cover memorandum asks\nBefore signing\nInvestors' Counsel\nOpen") in table
    assert ('Confirmation by the Company of the Disclosure Schedule (document 07 below), each part of which is marked '
            '"(To be confirmed by the Company.)" until then\nBefore signing\nCompany\nOpen') in table
    assert "(To be confirmed by the Company.)" in texts["disclosure_schedule"]
    part = memo_section(texts["cover_memo"], OPEN)
    assert ("(a) The measure of liquidated damages in Section 3(e) of the Registration Rights Agreement: the draft "
            "measures the market value of the Shares still held by the closing price on the Closing Date") in part
    assert "Please confirm that this is the measure the Investors intend." in part
    assert "(b) The Disclosure Schedule:" in part


def test_confirmations_in_the_term_sheet_close_the_open_items(tmp_path):
    """registration_rights.liquidated_damages.measure_confirmed and disclosure_schedule.confirmed: no open step, no
    memo line, and the RRA's reason in the memo no longer asks."""
    path, _ = variant(tmp_path, ("    base: market_value_at_closing\n",
                                 "    base: market_value_at_closing\n    measure_confirmed: true\n"),
                      ("  confirmed: false\n", "  confirmed: true\n"))
    loaded, texts = rendered(path)
    assert open_items(loaded.term_sheet) == [] and loaded.figures.open_items == []
    assert "Before signing\n" not in before_signing(texts["closing_checklist"])
    memo = texts["cover_memo"]
    assert OPEN not in memo and "Please confirm" not in memo
    assert "each month's liquidated damages are a fixed amount known at the Closing." in memo
    assert "(To be confirmed by the Company.)" not in texts["disclosure_schedule"]
    # only the damages measure confirmed: the Disclosure Schedule stays open
    path, _ = variant(tmp_path, ("    base: market_value_at_closing\n",
                                 "    base: market_value_at_closing\n    measure_confirmed: true\n"), name="one.yaml")
    loaded, texts = rendered(path)
    assert [i.key for i in loaded.figures.open_items] == ["disclosure_schedule"]
    table = before_signing(texts["closing_checklist"])
    assert "Confirmation by the Company of the Disclosure Schedule" in table and "liquidated damages" not in table


def test_northwind_has_no_open_items(northwind):
    """Northwind measures damages by the Purchase Price paid and its Company has confirmed the schedule."""
    loaded, texts = northwind
    assert loaded.figures.open_items == []
    assert OPEN not in texts["cover_memo"]
    assert "Before signing\n" not in before_signing(texts["closing_checklist"])


def test_the_memo_names_each_inconsistency_the_term_sheet_accepts_once(focus, northwind):
    """FOCUS accepts the form's New York law for its Warrants against Massachusetts law for the agreements (two
    accepted findings, one reason): the memo tells the other side, once; a deal that accepts nothing has no section."""
    loaded, texts = focus
    reasons = {a.reason for a in loaded.term_sheet.accepted_findings}
    assert len(reasons) == 1 and len(loaded.term_sheet.accepted_findings) == 2
    kept = memo_section(texts["cover_memo"], "Inconsistencies kept")
    assert kept.count("governed by New York law") == 1
    assert " ".join(next(iter(reasons)).split()) in " ".join(kept.split())
    assert "Inconsistencies kept" not in northwind[1]["cover_memo"]


def test_the_placement_agents_fee_and_warrant_fixed_at_pricing_are_named():
    """A Purchase Price fixed at pricing fixes the Placement Agent's cash fee (a percentage of the aggregate purchase
    price, which the Purchase Agreement's Brokerage section states in dollars) and, when the Investors state
    subscription amounts, the shares of its warrant (a percentage of the Shares sold): the memo names both, with the
    figures the drafts state and the rule in the term sheet's words (a reviewer found them missing)."""
    from assembler.format import money, shares

    path = ROOT / "tests" / "deals" / "units_two_series_agent.yaml"
    loaded, texts = rendered(path)
    fig, agent = loaded.figures, loaded.term_sheet.placement_agent
    part = memo_section(texts["cover_memo"], HEADING)
    fee = re.search(r"the Placement Agent's cash fee \((\$[\d,.]+)\), stated in Section (\S+) of the Purchase "
                    r"Agreement: (.*?); known on (.*?)[;.]\n", part)
    assert fee and fee.group(1) == money(fig.agent.fee)
    brokerage = next(line for line in texts["purchase_agreement"].splitlines()
                     if line.startswith(f"Section {fee.group(2)}. Brokerage."))
    assert f"cash fee of {fee.group(1)} and issue a warrant" in brokerage
    assert fee.group(3).startswith(f"six percent ({agent.fee_percent}%) of the aggregate purchase price, rounded to "
                                   "the nearest cent")
    assert fee.group(3).endswith(f"plus {money(agent.fee_fixed)}")
    warrant = f"the number of shares under the Placement Agent Warrant ({shares(fig.agent.warrant_shares)}): "
    assert warrant in part
    assert f"({fig.agent.warrant_shares:,}) shares of Common Stock" in brokerage  # the figure the memo names
    assert f"four percent ({agent.warrants.coverage_percent}%) of the Shares the Company sells under the Purchase " \
           "Agreement, rounded down to the nearest whole share" in part
    # Kodiak (tests/deals/placement_agent_warrants) has an agent too, but its Purchase Price is known on the memo's date
    kodiak = rendered(ROOT / "tests" / "deals" / "placement_agent_warrants.yaml")
    assert "Placement Agent's cash fee (" not in kodiak[1]["cover_memo"]
    assert not any(p.key == "agent_fee" for p in kodiak[0].figures.pending)
