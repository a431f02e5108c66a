"""Limits checked on the computed figures, never by computing them again: Market Price coverage, whole shares,
authorized capacity, the shareholder-approval (20%) test (against Nasdaq's Minimum Price where Rule 5635(d) measures
it), registration deadlines that fall on a day that is not a business day where the agreement does not move them, and
a timetable that cannot close as drafted. Each problem is located at the term-sheet field a user would change, with a
hint.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import datetime as dt

from assembler.calendar import trading_calendar
from assembler.errors import Problem
from assembler.figures.compute import whole_share_amounts_near
from assembler.figures.model import Figures, MarketPrice, Prices
from assembler.figures.timetable import minimum_price_applies, minimum_price_days, official_closing_prices
from assembler.format import long_date, money, price as fmt_price, shares as fmt_shares
from assembler.law import LAS_DAYS
from assembler.rules import ShareRounding
from assembler.termsheet.model import TermSheet
from assembler.termsheet.source import Source


def market_price_coverage(market: MarketPrice, source: Source) -> list[Problem]:
    """Every trading day of the Market Price window (and of a second measure's) needs a price."""
    out = []
    for measure, loc in ((market, ("market_price", "closing_prices")),
                         (market.second, ("market_price", "lower_of", "closing_prices"))):
        if measure is None or not measure.missing:
            continue
        days = measure.window.days
        out.append(source.problem(loc, f"the Market Price needs a price for {len(days)} trading days ({days[0]} to "
                                       f"{days[-1]}); missing: {', '.join(map(str, measure.missing))}",
                                  "add the missing days to closing_prices"))
    return out


def prices_positive(ts: TermSheet, prices: Prices, source: Source) -> list[Problem]:
    """Every price must still be positive once rounded: a Purchase Price of $0.00 would buy infinitely many shares,
    an Exercise Price of $0.00 gives the Warrant away. Fixed prices are positive by the model; a measured one is
    refused here, before anything divides by it."""
    out = []
    market = prices.market.value
    if market is not None and market <= 0:
        out.append(source.problem(("market_price", "rounding"), f"the Market Price is {fmt_price(market)} after "
                                  f"rounding ({ts.market_price.rounding.description}); a price must be positive",
                                  "check the closing prices, or choose a rounding rule with more places"))
    terms = [(("securities", "purchase_price"), ts.securities.purchase_price, prices.purchase_price, "Purchase Price")]
    terms += [(series_loc(source, i) + ("exercise_price",), spec.exercise_price, value, "Exercise Price")
              for i, (spec, value) in enumerate(zip(ts.securities.warrants, prices.exercise_prices))]
    if ts.placement_agent is not None and ts.placement_agent.warrants is not None:
        terms.append((("placement_agent", "warrants", "exercise_price"), ts.placement_agent.warrants.exercise_price,
                      prices.agent_exercise_price, "Exercise Price of the Placement Agent Warrants"))
    for loc, term, value, name in terms:
        if value is not None and value <= 0:
            base = f"Market Price ({fmt_price(market)})" if term.base == "market_price" else \
                f"Purchase Price ({fmt_price(prices.purchase_price)})"
            field = next(k for k in ("percent_of_market_price", "discount_percent", "percent_of_purchase_price")
                         if getattr(term, k) is not None)
            out.append(source.problem(loc + (field,), f"the {name} is {term.percent}% of the {base}, which is "
                                      f"{fmt_price(value)} once {term.rounding.description}; a price must be "
                                      "positive after rounding", "raise the percentage, or give a fixed price"))
    return out


def check(ts: TermSheet, fig: Figures, source: Source) -> list[Problem]:
    """Whole shares, authorized capacity, the 20% test, the deadlines and the timetable, read off `fig`."""
    return (_whole_shares(ts, fig, source) + _authorized(ts, fig, source) + _option_cap(ts, source)
            + _twenty_percent(ts, fig, source) + minimum_price_source(ts, fig, source) + deadlines(ts, fig, source) + timetable(ts, fig, source)
            + open_items(fig, source) + broker_fee(ts, source))


# what each open item of the first drafts (figures/drafts.py) is about, where it is written, and how to close it
OPEN_ITEMS = {
    "damages_measure": (("registration_rights", "liquidated_damages", "base"),
                        "the draft measures liquidated damages by the market value of the Shares on the Closing Date "
                        "(Registration Rights Agreement 3(e)), and the Investors' counsel has not confirmed that "
                        "measure: the cover memo asks them to and the closing checklist lists it as open before "
                        "signing",
                        "set registration_rights.liquidated_damages.measure_confirmed: true once they have"),
    "disclosure_schedule": (("disclosure_schedule", "confirmed"),
                            "the Company has not confirmed the Disclosure Schedule: each part is marked \"(To be "
                            "confirmed by the Company.)\" and the closing checklist lists it as open before signing",
                            "set disclosure_schedule.confirmed: true once it has"),
}


def open_items(fig: Figures, source: Source) -> list[Problem]:
    """A warning for each item the first drafts leave open before signing (the same rule as the memo's and the
    checklist's: fig.open_items), at the field that closes it."""
    return [source.problem(OPEN_ITEMS[item.key][0], OPEN_ITEMS[item.key][1], OPEN_ITEMS[item.key][2],
                           severity="warning") for item in fig.open_items]


def broker_fee(ts: TermSheet, source: Source) -> list[Problem]:
    """A warning while the broker's fee is not given: the Form D data sheet leaves its sales commissions open."""
    if ts.broker is None or ts.broker.fee is not None:
        return []
    return [source.problem(("broker",), "the broker's fee is not given: the Form D data sheet leaves its sales "
                           "commissions to be confirmed by the Company before filing", "set broker.fee once the "
                           "Company knows it; 0 when the broker introduced no Investor and no fee is payable",
                           severity="warning")]


def minimum_price_source(ts: TermSheet, fig: Figures, source: Source) -> list[Problem]:
    """Nasdaq Rule 5635(d) measures the Minimum Price from the Nasdaq Official Closing Prices: a Minimum Price the
    Pricing Certificate measures from closing sale prices the term sheet does not say are the NOCP is flagged (the
    certificate says plainly that it used them in their place)."""
    mp = fig.minimum_price
    if not minimum_price_applies(ts) or mp is None or mp.official:
        return []
    reporter = ts.market_price.reporting_source
    return [source.problem(("market_price", "reporting_source"), "Nasdaq Rule 5635(d) measures the Minimum Price "
                           "from the Nasdaq Official Closing Prices, and the term sheet does not say that the closing "
                           f"sale prices reported by {reporter} are those prices: the Pricing Certificate measures the "
                           "Minimum Price from them in their place and says so", f"if {reporter} reports the Nasdaq "
                           "Official Closing Prices, set market_price.nasdaq_official: true; otherwise give "
                           "principal_market.official_closing_prices for the five trading days before signing",
                           severity="warning")]


def series_loc(source: Source, index: int) -> tuple:
    """Where a series is written: `warrants:` as one mapping, or item `index` of a list."""
    written = (source.data or {}).get("securities", {}).get("warrants") if isinstance(source.data, dict) else None
    return ("securities", "warrants", index) if isinstance(written, list) else ("securities", "warrants")


def _qty(q: Decimal) -> str:
    return f"{q:,.6f}".rstrip("0").rstrip(".")


def _whole_shares(ts: TermSheet, fig: Figures, source: Source) -> list[Problem]:
    p = source.problem
    out: list[Problem] = []
    sec = ts.securities
    for i, pos in enumerate(fig.investors):
        if sec.share_rounding is ShareRounding.exact and pos.exact_shares != pos.shares:
            below, above = whole_share_amounts_near(pos.subscription, fig.purchase_price)  # hint only
            out.append(p(("investors", i, "amount"),
                         f"{money(pos.subscription)} at {fmt_price(fig.purchase_price)} is {_qty(pos.exact_shares)} "
                         "shares, not a whole number",
                         f"whole-share amounts nearby are {money(below)} and {money(above)}; or set "
                         "securities.share_rounding to down, nearest or up"))
        if pos.shares == 0:
            out.append(p(("investors", i, "amount"),
                         f"{money(pos.subscription)} buys no whole share at {fmt_price(fig.purchase_price)}"))
    for series in fig.series:
        spec = series.spec
        if spec.share_rounding is not ShareRounding.exact or spec.warrant_shares is not None:
            continue
        loc = ("placement_agent", "warrants", "share_rounding") if series.index < 0 else \
            series_loc(source, series.index) + ("share_rounding",)
        for cert in (c for c in fig.certificates if c.series == fig.series.index(series)):
            if cert.exact_warrant_shares != cert.warrant_shares:
                shares = fig.totals.shares if cert.investor is None else fig.investors[cert.investor].shares
                what = f"{spec.per_unit} per Unit" if spec.per_unit is not None else f"{spec.coverage_percent}%"
                out.append(p(loc, f"{what} of {fmt_shares(shares)} shares ({cert.holder}) is "
                                  f"{_qty(cert.exact_warrant_shares)} warrant shares; no fractional shares are issued",
                             "name a rule: down, nearest or up"))
    return out


def _option_cap(ts: TermSheet, source: Source) -> list[Problem]:
    """The standstill on discounted sales (the form's Section 6.9) excepts the exercise of options and warrants
    outstanding at signing only up to future_financing_option_cap shares: shares reserved for more than that would make
    an ordinary exercise during the standstill a breach. A warning: a reservation may include plan shares not yet
    granted, which the Company confirms."""
    cap = ts.capitalization
    if cap.reserved_for_other_options_and_warrants <= cap.future_financing_option_cap:
        return []
    return [source.problem(
        ("capitalization", "future_financing_option_cap"),
        f"the standstill on discounted sales excepts the exercise of outstanding options and warrants only up to "
        f"{fmt_shares(cap.future_financing_option_cap)} shares, but {fmt_shares(cap.reserved_for_other_options_and_warrants)} "
        "shares are reserved for other options and warrants: exercising the rest during the standstill would breach "
        "the covenant", "raise future_financing_option_cap to cover the options and warrants outstanding, or confirm "
        "that the reservation includes shares not yet granted", severity="warning")]


def _authorized(ts: TermSheet, fig: Figures, source: Source) -> list[Problem]:
    c = fig.capitalization
    needed = fig.totals.shares + c.reserved_total
    if needed <= c.unissued_before:
        return []
    return [source.problem(
        ("capitalization", "authorized_common"),
        f"authorized but unissued Common Stock ({fmt_shares(c.unissued_before)}) does not cover the Shares "
        f"({fmt_shares(fig.totals.shares)}) plus Warrant Shares ({fmt_shares(c.warrant_shares)}) plus other "
        f"reservations ({fmt_shares(c.reserved_other)}) = {fmt_shares(needed)}",
        f"the company needs {fmt_shares(needed - c.unissued_before)} more authorized shares")]


@dataclass(frozen=True)
class ApprovalTest:
    """The principal market's shareholder-approval test (20%), read off the figures: the issuance counts the Shares
    and every warrant share (each series and the placement agent's) against the shares outstanding before the deal,
    compared exactly (never through the rounded percentage)."""

    issued: int
    outstanding: int
    threshold: Decimal
    at_or_above: bool
    below_market: bool  # the Purchase Price is below the market measure
    approval_obtained: bool
    measure: str = "Market Price"  # Nasdaq Rule 5635(d)'s "Minimum Price" where it applies (figures/timetable.py)

    @property
    def approval_needed(self) -> bool:
        return self.at_or_above and self.below_market and not self.approval_obtained

    @property
    def verdict(self) -> str:
        if not self.at_or_above:
            return f"below the {self.threshold}% threshold: no shareholder approval needed"
        if self.approval_obtained:
            return f"at or above the {self.threshold}% threshold; shareholder approval obtained"
        if self.below_market:
            return (f"at or above the {self.threshold}% threshold at a price below the {self.measure}: shareholder "
                    "approval needed")
        return f"at or above the {self.threshold}% threshold, at or above the {self.measure}"


def shareholder_approval(ts: TermSheet, fig: Figures) -> ApprovalTest:
    """The 20% test: an issuance (Warrant Shares included) of at least the threshold of the shares outstanding, at a
    price below the market measure, needs the shareholders' approval. On Nasdaq from September 26, 2018 the measure
    is Rule 5635(d)'s Minimum Price (figures/timetable.py); before, and on other markets, the Market Price."""
    c = fig.capitalization
    issued = c.issuance
    threshold = ts.principal_market.shareholder_approval_threshold_percent
    if minimum_price_applies(ts) and fig.minimum_price is not None:
        below, measure = fig.purchase_price < fig.minimum_price.value, "Minimum Price"
    else:
        below, measure = fig.market_price is not None and fig.purchase_price < fig.market_price, "Market Price"
    return ApprovalTest(issued, c.outstanding_before, threshold,
                        bool(c.outstanding_before) and issued * 100 >= threshold * c.outstanding_before,
                        below, ts.shareholder_approval_obtained, measure)


def _twenty_percent(ts: TermSheet, fig: Figures, source: Source) -> list[Problem]:
    test = shareholder_approval(ts, fig)
    if not test.at_or_above:
        return []
    c = fig.capitalization
    issuance = c.issuance_percent
    if issuance < test.threshold:
        issuance = f"{test.issued * 100 / Decimal(c.outstanding_before):.6f}"
    text = (f"the issuance, Warrant Shares included, is {issuance}% of the {fmt_shares(c.outstanding_before)} "
            f"shares outstanding before the deal, at or above the {ts.principal_market.name.value} "
            f"{test.threshold}% shareholder-approval threshold")
    if minimum_price_applies(ts):
        mp = fig.minimum_price
        if mp is None and test.approval_obtained:
            measure = ""  # the shareholders approved the issuance: the Minimum Price decides nothing
        elif mp is None:
            table, _ = official_closing_prices(ts)
            missing = [d for d in minimum_price_days(ts, trading_calendar(ts.principal_market.calendar))
                       if d not in table]
            return [source.problem(("principal_market",), text + ": Nasdaq Rule 5635(d) compares the price with the "
                                   "Minimum Price, which needs the Nasdaq Official Closing Price of each of the five "
                                   f"trading days before signing; missing: {', '.join(map(str, missing))}",
                                   "add principal_market.official_closing_prices for those days")]
        else:
            measure = (f"the Minimum Price ({fmt_price(mp.value)}: the lower of the official closing price of "
                       f"{long_date(mp.last_day)}, {fmt_price(mp.last_close)}, and the five-day average, "
                       f"{fmt_price(mp.average)}) under Nasdaq Rule 5635(d)")
    else:
        measure = f"the Market Price ({fmt_price(fig.market_price)})" if fig.market_price is not None else ""
    if test.approval_needed:
        return [source.problem(("shareholder_approval_obtained",), text + f", at a price "
                               f"({fmt_price(fig.purchase_price)}) below {measure}",
                               "obtain shareholder approval and set shareholder_approval_obtained: true, or reduce "
                               "the deal")]
    return [source.problem(("capitalization", "outstanding_common"), text, severity="warning")]


_DEADLINES = (("filing_deadline", "filing_days", "filing of the Registration Statement"),
              ("effectiveness_deadline", "effectiveness_days", "effectiveness of the Registration Statement"),
              ("full_review_effectiveness_deadline", "full_review_effectiveness_days",
               "effectiveness of the Registration Statement after a full review"))


def deadlines(ts: TermSheet, fig: Figures, source: Source) -> list[Problem]:
    """A registration deadline on a weekend or holiday that the agreement does not move (the form as filed has no
    business-day clause): the contractual date stands, and the filing must be made by the business day before it."""
    out = []
    for key, field, name in _DEADLINES:
        r = fig.dates.rolls[key]
        if r.reason is None or r.rolled:
            continue
        days = getattr(ts.registration_rights, field)
        out.append(source.problem(("registration_rights", field), (
            f"the deadline for the {name}, {days} days after the Closing Date, is {long_date(r.date)}, which is not "
            f"a business day ({r.reason}); the Registration Rights Agreement does not extend it, so the preceding business day, "
            f"{long_date(fig.dates.act_by[key])}, is the last day to act"),
            "plan for the earlier day, or agree a different period", severity="warning"))
    return out


def timetable(ts: TermSheet, fig: Figures, source: Source) -> list[Problem]:
    """A timetable that cannot close as drafted: Nasdaq's notice of the listing of additional shares falls due before
    the agreement is signed."""
    notice = fig.step("exchange_notice")
    if notice is None or notice.date >= ts.agreement_date:
        return []
    earliest = trading_calendar(ts.principal_market.calendar).next_open(
        ts.agreement_date + dt.timedelta(days=LAS_DAYS))
    return [source.problem(("closing_date",), (
        f"Nasdaq's Notification of Listing of Additional Shares is due {LAS_DAYS} calendar days before the issuance, "
        f"on {long_date(notice.date)}, which is before the agreement date ({long_date(ts.agreement_date)}): the "
        "notice would have to be filed on terms not yet agreed"),
        f"file it on the proposed terms before signing, or move the Closing Date to {long_date(earliest)} or later",
        severity="warning")]
