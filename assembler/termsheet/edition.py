"""Input rules of the form's edition and of the law on the agreement date (termsheet/validate.py runs them): the
edition's citations must be law when the agreement is signed, the Principal Market definition must name the market
the Company trades on, the agreement carries a business-day clause only where the edition has one, executive officers
are listed only where the edition has questionnaires for them, and the people the closing certificates need (a
Secretary other than the signing officer, the directors) are named once each.
"""
from __future__ import annotations

from assembler.calendar import BUSINESS_DAYS, Calendar
from assembler.errors import Problem
from assembler.format import long_date
from assembler.law import Edition, superseded_on
from assembler.rules import BusinessDayConvention, DamagesBase
from assembler.termsheet.model import TermSheet
from assembler.termsheet.source import Source


def check_edition(ts: TermSheet, source: Source, calendar: Calendar) -> list[Problem]:
    p = source.problem
    ed = ts.edition
    out: list[Problem] = []
    if ed.since is not None and ts.agreement_date < ed.since:
        out.append(p(("edition",), f"the current edition cites Rule 506(d) (in force from {long_date(ed.since)}) and "
                     f"Section 4(a)(2) of the Securities Act, which were not law on the agreement date "
                     f"{long_date(ts.agreement_date)}", "use edition: as_filed for a deal of that time"))
    if ed is Edition.as_filed:
        stale = superseded_on(ts.agreement_date)
        if stale:
            out.append(p(("edition",), "the form as filed cites " + "; and ".join(stale) + f", which no longer "
                         f"applied on the agreement date {long_date(ts.agreement_date)}",
                         "use edition: current for a deal of today", severity="warning"))
    market = ts.principal_market.name
    if market not in ed.markets:
        out.append(p(("principal_market", "name"), f"the \"Principal Market\" definition of the {ed.value} edition "
                     f"names {ed.markets_clause}, not {market.the_name}: the Market Price and every Trading Day "
                     "would rest on a market the definition leaves out",
                     "use edition: current" if market in Edition.current.markets else "use edition: as_filed"))
    rr = ts.registration_rights
    if not ed.business_day_clause and rr.business_day_convention not in (None, BusinessDayConvention.none):
        out.append(p(("registration_rights", "business_day_convention"), "the Registration Rights Agreement as filed "
                     "has no business-day clause, so its deadlines fall where the contract counts them and no "
                     "convention can move them", "remove business_day_convention (or set it to none), or use "
                     "edition: current, which has the clause"))
    if not ed.scheduled_closing and ts.outside_date is not None:
        out.append(p(("outside_date",), "the form as filed has no termination clause to name an outside date in",
                     "remove it, or use edition: current"))
    if not ed.bad_actor and ts.disclosure_schedule.bad_actor:
        out.append(p(("disclosure_schedule", "bad_actor"), "the form as filed has no Rule 506(d) representation to "
                     "take exceptions to", "remove it, or use edition: current"))
    if not ed.bad_actor and ts.company.executive_officers:
        out.append(p(("company", "executive_officers"), "the form as filed has no Rule 506(d) representation, so "
                     "the executive officers listed get no questionnaire, checklist line or packet: the list has no "
                     "effect on this set", "remove executive_officers, or use edition: current",
                     severity="warning"))
    company = ts.company
    if company.secretary.name == company.signatory.name:
        out.append(p(("company", "secretary", "name"), f"{company.secretary.name} is both the Secretary and the "
                     "signing officer: the Secretary certifies the signing officer's incumbency and signature, and "
                     "another officer countersigns to certify the Secretary's", "name two different officers"))
    names = [d.name for d in company.directors]
    for i, name in enumerate(names):
        if name in names[:i]:
            out.append(p(("company", "directors", i, "name"), f"director '{name}' appears twice", "list each once"))
    consent = ts.board_consent_date or BUSINESS_DAYS.previous_open(ts.agreement_date)
    if ts.deal.draft_date is not None and ts.deal.draft_date > consent:
        out.append(p(("deal", "draft_date"), f"the first drafts ({ts.deal.draft_date}) are dated after the Board's "
                     f"consent ({consent}{'' if ts.board_consent_date else ', the business day before the agreement date'}), "
                     "which approves the agreement they negotiate", f"date them on or before {consent}, or give none "
                     "(the cover memo is then dated the first day of the closing timetable)"))
    if ts.board_consent_date is not None and ts.board_consent_date > ts.agreement_date:
        out.append(p(("board_consent_date",), f"the Board's consent ({ts.board_consent_date}) is dated after the "
                     f"agreement date ({ts.agreement_date}): the officers would sign an agreement the Board had not "
                     "yet approved", "date the consent on or before the agreement date"))
    ld = rr.liquidated_damages
    if ld.base is DamagesBase.market_value_at_closing and ld.example_closing_price is None:
        out.append(p(("registration_rights", "liquidated_damages"), "liquidated damages measured by market value "
                     "are counted at the closing price on the Closing Date, which the worked example has to assume "
                     "(the documents are drafted before it)", "add example_closing_price (the closing price assumed "
                     "for the Closing Date)"))
    mp = ts.market_price
    if mp is not None and mp.nasdaq_official and not market.nasdaq:
        out.append(p(("market_price", "nasdaq_official"), f"the Nasdaq Official Closing Price is Nasdaq's; the "
                     f"Principal Market is {market.the_name}", "remove nasdaq_official"))
    elif mp is not None and mp.nasdaq_official and mp.price_kind.value != "closing_sale":
        out.append(p(("market_price", "nasdaq_official"), f"the Nasdaq Official Closing Price is a closing sale "
                     f"price; the Market Price's prices are {mp.price_kind.phrase}", "remove nasdaq_official, or "
                     "give principal_market.official_closing_prices"))
    for day in ts.principal_market.official_closing_prices or {}:
        closed = calendar.closed_reason(day)
        if closed:
            out.append(p(("principal_market", "official_closing_prices", day.isoformat()),
                         f"an official closing price is given for {day}, when the market was closed ({closed})",
                         "remove it"))
    return out
