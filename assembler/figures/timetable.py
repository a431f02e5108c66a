"""The closing timetable, computed once from the term sheet and the figures: the Board's consent, the exchange's
notice, signing, the announcement and the Form 8-K, the wire instructions, the Closing, listing, the Form D and its
copies to the investors. Each step keeps the rule that dates it (the checklist prints the dates; figures/limits.py
warns when the dates cannot work). And the Nasdaq Rule 5635(d) Minimum Price the 20% test compares the price with.
Pure functions.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from assembler.calendar import BUSINESS_DAYS, Calendar, trading_calendar
from assembler.figures.model import Audit, Capitalization, Dates, MinimumPrice, Step, Totals
from assembler.figures.prices import average_price
from assembler.format import long_date
from assembler.law import (FORM_8K_BUSINESS_DAYS, FORM_8K_ITEMS, ITEM_302_THRESHOLD_PERCENT, LAS_DAYS,
                           LAS_THRESHOLD_PERCENT, MINIMUM_PRICE_DAYS, NASDAQ_MINIMUM_PRICE, OUTSIDE_DATE_DAYS)
from assembler.rules import PriceKind
from assembler.termsheet.model import TermSheet


# The steps at which documents are signed (a template manifest's `signed_at`), each with its phase: the signature
# packets put the pages of a pre_signing or signing step in their signing part, the others in their closing part.
SIGNED_AT = {"board_consent": "pre_signing", "bad_actor_questionnaires": "pre_signing", "signing": "signing",
             "closing": "closing"}


def signing_part(step: str) -> bool:
    """Are the pages of a document signed at `step` (manifest signed_at) signed before or at signing?"""
    return SIGNED_AT[step] in ("pre_signing", "signing")


def board_consent_date(ts: TermSheet) -> tuple[dt.date, str]:
    if ts.board_consent_date is not None:
        return ts.board_consent_date, "the date of the Board's unanimous written consent (board_consent_date)"
    return BUSINESS_DAYS.previous_open(ts.agreement_date), ("the business day before the agreement date (the term "
                                                             "sheet gives no board_consent_date)")


def outside_date(ts: TermSheet) -> tuple[dt.date | None, str]:
    """The date after which a party may terminate the Purchase Agreement if the Closing has not occurred (the current
    edition's; None in the form as filed, which has no termination clause)."""
    if not ts.edition.scheduled_closing:
        return None, "the form as filed has no termination clause"
    if ts.outside_date is not None:
        return ts.outside_date, "the outside date of the term sheet (outside_date)"
    return ts.closing_date + dt.timedelta(days=OUTSIDE_DATE_DAYS), (
        f"{OUTSIDE_DATE_DAYS} days after the Closing Date (the term sheet gives no outside_date)")


def issued(totals: Totals, cap: Capitalization) -> int:
    """The shares the deal may issue: the Shares and every Warrant Share, the placement agent's included."""
    return totals.shares + cap.warrant_shares


def exchange_notice_required(ts: TermSheet, totals: Totals, cap: Capitalization) -> bool:
    """Nasdaq Rule 5250(e)(2): a transaction that may result in the issuance of more than 10% of the shares
    outstanding before it (exact comparison, never the rounded percentage)."""
    return ts.principal_market.name.nasdaq and \
        issued(totals, cap) * 100 > LAS_THRESHOLD_PERCENT * cap.outstanding_before


def form_8k_items(ts: TermSheet, totals: Totals, cap: Capitalization) -> list[str]:
    """Item 1.01 (the Purchase Agreement, a material definitive agreement) and Item 3.02 (unless the securities sold
    are less than 1% of the shares outstanding); none before the 2004 items existed."""
    if ts.agreement_date < FORM_8K_ITEMS:
        return []
    items = ["1.01"]
    if issued(totals, cap) * 100 >= ITEM_302_THRESHOLD_PERCENT * cap.outstanding_before:
        items.append("3.02")
    return items


def timetable(ts: TermSheet, dates: Dates, totals: Totals, cap: Capitalization,
              audit: dict[str, Audit]) -> list[Step]:
    """Every dated step of the closing, in date order (the phase orders steps of one day)."""
    trading = trading_calendar(ts.principal_market.calendar)
    ed = ts.edition
    steps: list[Step] = []

    def add(key: str, day: dt.date, rule: str, phase: str | None = None) -> None:
        """A step; its phase is fixed (signing, closing) or follows from its date."""
        if phase is None:
            phase = "pre_signing" if day < ts.agreement_date else "pre_closing" if day < ts.closing_date \
                else "post_closing"
        steps.append(Step(key, day, rule, phase))

    consent, why = board_consent_date(ts)
    add("board_consent", consent, why, SIGNED_AT["board_consent"])
    if ed.bad_actor:
        add("bad_actor_questionnaires", consent, "completed and returned before the Board acts, so that the "
            "Company's Rule 506(d) representation rests on reasonable care", SIGNED_AT["bad_actor_questionnaires"])
    if exchange_notice_required(ts, totals, cap):
        add("exchange_notice", ts.closing_date - dt.timedelta(days=LAS_DAYS), f"{LAS_DAYS} calendar days before the "
            f"issuance of the Shares on the Closing Date ({long_date(ts.closing_date)}): the transaction may result "
            f"in the issuance of more than {LAS_THRESHOLD_PERCENT}% of the shares outstanding")
    add("signing", ts.agreement_date, "the date of the Purchase Agreement", SIGNED_AT["signing"])
    if ed.disclosure_filings:
        add("press_release", trading.next_open(ts.agreement_date + dt.timedelta(days=1)),
            "before the market opens on the Trading Day after signing (customary)")
        items = form_8k_items(ts, totals, cap)
        if items:
            due = ts.agreement_date
            for _ in range(FORM_8K_BUSINESS_DAYS):
                due = BUSINESS_DAYS.next_open(due + dt.timedelta(days=1))
            add("form_8k", due, f"Item{'s' if len(items) > 1 else ''} {' and '.join(items)}: "
                f"{FORM_8K_BUSINESS_DAYS} business days after the agreement date")
    add("wire_instructions", BUSINESS_DAYS.previous_open(ts.closing_date), "the business day before the Closing "
        "Date, so that each wire can be confirmed by telephone")
    add("closing", ts.closing_date, "the Closing Date", SIGNED_AT["closing"])
    add("listing", ts.closing_date, "as soon as reasonably practicable following the Closing", "post_closing")
    add("form_d", dates.form_d_deadline, audit["dates.form_d_deadline"].rule)
    add("form_d_copies", dates.form_d_deadline, "promptly after the Form D is filed")
    order = ["pre_signing", "signing", "pre_closing", "closing", "post_closing"]
    steps.sort(key=lambda s: (s.date, order.index(s.phase)))
    audit["timetable"] = Audit({s.key: s.date for s in steps}, "closing timetable (figures/timetable.py)",
                               {s.key: s.rule for s in steps})
    return steps


# ---------------------------------------------------------------- Nasdaq's Minimum Price

def minimum_price_days(ts: TermSheet, calendar: Calendar) -> list[dt.date]:
    """The five trading days immediately preceding the signing (the agreement is taken to be signed before the market
    closes on the agreement date, or on a day it is closed)."""
    return calendar.open_days_ending(calendar.previous_open(ts.agreement_date), MINIMUM_PRICE_DAYS)


def official_closing_prices(ts: TermSheet) -> tuple[dict[dt.date, Decimal], str]:
    """The official closing prices the term sheet gives, else the Market Price table when it gives closing sale
    prices (for a Nasdaq security the closing sale price a data vendor reports is normally the Nasdaq Official
    Closing Price; the term sheet says whether it is, market_price.nasdaq_official, and the Pricing Certificate says
    which prices it used)."""
    given = ts.principal_market.official_closing_prices
    if given:
        return dict(given), "the Nasdaq Official Closing Prices given in the term sheet"
    mp = ts.market_price
    if mp is not None and mp.price_kind is PriceKind.closing_sale:
        if mp.nasdaq_official:
            return dict(mp.closing_prices), f"the Nasdaq Official Closing Prices reported by {mp.reporting_source}"
        return dict(mp.closing_prices), f"the closing sale prices reported by {mp.reporting_source}"
    return {}, ""


def minimum_price_source(ts: TermSheet) -> tuple[bool, str]:
    """(the prices are the Nasdaq Official Closing Prices, who reports them): Nasdaq's own (given in the term sheet),
    the Market Price's source when the term sheet says its closes are the NOCP, else that source's closing sale
    prices used in their place."""
    if ts.principal_market.official_closing_prices:
        return True, "Nasdaq"
    mp = ts.market_price
    return (mp is not None and mp.nasdaq_official), (mp.reporting_source if mp is not None else "")


def minimum_price_applies(ts: TermSheet) -> bool:
    return ts.principal_market.name.nasdaq and ts.agreement_date >= NASDAQ_MINIMUM_PRICE


def minimum_price(ts: TermSheet, audit: dict[str, Audit]) -> MinimumPrice | None:
    """The Minimum Price, or None (not a Nasdaq market on or after September 26, 2018, or a day without a price:
    figures/limits.py reports the missing days when the 20% test needs them)."""
    if not minimum_price_applies(ts):
        return None
    days = minimum_price_days(ts, trading_calendar(ts.principal_market.calendar))
    table, source = official_closing_prices(ts)
    if any(d not in table for d in days):
        return None
    prices = [(d, table[d]) for d in days]
    average = average_price([p for _, p in prices])
    last = prices[-1][1]
    value = min(last, average)
    audit["minimum_price"] = Audit(value, "Nasdaq Rule 5635(d)(1)(A): the lower of the official closing price "
                                   "immediately preceding the signing and the average official closing price of the "
                                   "five trading days preceding it (not rounded)",
                                   {"prices": dict(prices), "last_close": last, "average": average, "source": source})
    official, reported_by = minimum_price_source(ts)
    return MinimumPrice(days[-1], last, prices, average, value, source, official, reported_by)
