"""What the first drafts can and cannot know: the date of the cover memorandum that goes with them, the figures the
drafts state that rest on closing prices of Trading Days after that date (the memo names them, with the rule that
sets each and the day it becomes known), and the open items a first draft leaves to others before signing (the
memo lists them and the closing checklist carries each as a pre-signing step). One place decides each, so the memo
and the checklist never hold two copies of a condition. Pure functions."""
from __future__ import annotations

import datetime as dt

from assembler.figures.model import Figures, OpenItem, Pending
from assembler.rules import CENT, DamagesBase
from assembler.termsheet.model import TermSheet


def draft_date(ts: TermSheet, fig: Figures) -> dt.date:
    """The cover memo's date: the term sheet's `deal.draft_date`, else the first day of the closing timetable (the
    Board's consent, or the exchange's notice when it falls earlier)."""
    return ts.deal.draft_date or fig.timetable[0].date


def pending_on(ts: TermSheet, fig: Figures, day: dt.date) -> list[Pending]:
    """The figures the drafts state that are not known on `day`: the Purchase Price and each Exercise Price measured
    (directly, or through the Purchase Price) from a Market Price not known on `day` (Figures.market_known_on: its
    last Trading Day does not precede `day`), the share and warrant share counts and the amounts that follow from such
    a Purchase Price, and Nasdaq's Minimum Price when its last trading day does not precede `day`, by the same rule.
    In the order the drafts state them; empty when every figure is known on `day`."""
    out: list[Pending] = []
    last = fig.last_price_day
    market = not fig.market_known_on(day)
    pp = ts.securities.purchase_price
    purchase = market and pp.fixed is None and pp.base != "purchase_price"
    if purchase:
        out.append(Pending("price", "Purchase Price", last, fig.purchase_price, term=pp, base="Market Price"))
    several = len(fig.investor_series) > 1
    for s in fig.series:
        ep = s.spec.exercise_price
        base = "Purchase Price" if ep.base == "purchase_price" else "Market Price"
        if ep.fixed is None and (purchase if base == "Purchase Price" else market):
            name = ("Exercise Price of the Placement Agent Warrant" if s.index < 0 else
                    f"Exercise Price of the {s.label}" if several else "Exercise Price")
            out.append(Pending("price", name, last, s.exercise_price, term=ep, base=base, series=s.index))
    if purchase:
        # the Shares of an Investor that states a subscription amount are that amount divided by the Purchase Price,
        # and the Warrant Shares measured from them follow; an Investor that states its number of Shares knows them
        shares = any(p.paid_by == "subscription_amount" for p in fig.investors)
        if shares:
            out.append(Pending("shares", "number of Shares", last, fig.totals.shares))
        out.append(Pending("aggregate", "aggregate purchase price", last, fig.totals.purchase_price))
        for s in fig.investor_series:
            if s.spec.warrant_shares is None and shares:
                name = f"number of Warrant Shares under the {s.label}" if several else "number of Warrant Shares"
                out.append(Pending("warrant_shares", name, last, s.warrant_shares, series=s.index))
        agent = ts.placement_agent
        if agent is not None and agent.fee_percent:  # a percentage of the aggregate purchase price (PA "Brokerage")
            out.append(Pending("agent_fee", "Placement Agent's cash fee", last, fig.agent.fee, rounding=CENT))
        agent_series = next((s for s in fig.series if s.index < 0), None)
        if agent_series is not None and agent_series.spec.warrant_shares is None and shares:
            out.append(Pending("warrant_shares", "number of shares under the Placement Agent Warrant", last,
                               fig.agent.warrant_shares, series=agent_series.index))
    m = fig.minimum_price
    if m is not None and not m.last_day < day:
        out.append(Pending("minimum_price", "Minimum Price", m.last_day, m.value))
    return out


def open_items(ts: TermSheet) -> list[OpenItem]:
    """What a first draft leaves to others to confirm before the Purchase Agreement is signed, in the order the
    closing checklist lists them: the measure of liquidated damages the draft chose where the form's was doubtful
    (Registration Rights Agreement 3(e): the market value on the Closing Date), until the term sheet records that the
    Investors' counsel confirmed it (registration_rights.liquidated_damages.measure_confirmed); and the Disclosure
    Schedule, until the Company has confirmed it (disclosure_schedule.confirmed)."""
    out = []
    ld = ts.registration_rights.liquidated_damages
    if ld.base is DamagesBase.market_value_at_closing and not ld.measure_confirmed:
        out.append(OpenItem("damages_measure", "investors' counsel" if ts.investors_counsel else "investors"))
    if not ts.disclosure_schedule.confirmed:
        out.append(OpenItem("disclosure_schedule", "company"))
    return out
