"""Every figure the closing set needs, computed once, by pure functions, from a term sheet that passed the input rules
of termsheet/validate.py (no I/O). Four steps, each its own function: prices, dates, positions, capitalization.

Each figure is recorded in an audit dict with its inputs and the rule used: the audit trail that
`assemble figures --json` prints and that `figures.json` keeps beside the documents. The limits that depend on the
figures (whole shares, authorized capacity, the 20% test, Market Price coverage) are checked on these figures by
figures/limits.py; nothing here refuses anything.
"""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from assembler.calendar import BUSINESS_DAYS, Calendar, Rolled, add_months, roll, trading_calendar
from assembler.figures.model import (FORM_D_DAYS, Audit, Capitalization, DamagesPeriod, Dates, Figures, MarketPrice,
                                     MarketPriceWindow, Position, Prices, Totals)
from assembler.rules import CENT, Anchor, BusinessDayConvention, DamagesBase, Proration
from assembler.termsheet.model import PriceTerm, TermSheet

HUNDRED = Decimal(100)
PERCENT_RULE = "percentages rounded to two decimal places, one-half rounded up"

__all__ = ["compute", "compute_prices", "compute_dates", "compute_positions", "compute_capitalization",
           "market_price_window", "price_from_term", "percent_of", "exact_shares", "whole_share_amounts_near",
           "warrant_shares_exact", "cashless_exercise_shares", "damages_schedule", "Figures", "PERCENT_RULE"]


def percent_of(part: Decimal | int, whole: Decimal | int) -> Decimal:
    """part / whole as a percentage, two places, half up (PERCENT_RULE)."""
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------- 1. prices

def market_price_window(ts: TermSheet, calendar: Calendar) -> MarketPriceWindow:
    mp = ts.market_price
    anchor_day = ts.closing_date if mp.anchor is Anchor.trading_day_before_closing else ts.agreement_date
    last = calendar.previous_open(anchor_day)
    return MarketPriceWindow(anchor_day, calendar.open_days_ending(last, mp.trading_days))


def average_price(prices: list[Decimal]) -> Decimal:
    return sum(prices, Decimal(0)) / len(prices)


def price_from_term(term: PriceTerm, market_price: Decimal | None) -> Decimal | None:
    """A fixed price as given, or percent x Market Price under the term's rounding rule (None without a Market
    Price)."""
    if term.fixed is not None:
        return term.fixed
    if market_price is None:
        return None
    return term.rounding.apply(term.percent_of_market_price * market_price / HUNDRED)


def compute_prices(ts: TermSheet, audit: dict[str, Audit]) -> Prices:
    """The Market Price over its window of trading days, then the Purchase Price and the Exercise Price."""
    calendar = trading_calendar(ts.principal_market.calendar)
    mp = ts.market_price
    window = market_price_window(ts, calendar)
    prices = [(d, mp.closing_prices[d]) for d in window.days if d in mp.closing_prices]
    missing = [d for d in window.days if d not in mp.closing_prices]
    value = None
    if not missing:
        raw_average = average_price([p for _, p in prices])
        value = mp.rounding.apply(raw_average)
        audit["market_price"] = Audit(value, (
            f"average of the {mp.price_kind.description} over the {mp.trading_days} trading days "
            f"{mp.anchor.description}, {mp.rounding.description}; {calendar.name}"),
            {"anchor_day": window.anchor_day, "prices": {d: p for d, p in prices},
             "sum": sum(p for _, p in prices), "average_unrounded": raw_average})
    sec = ts.securities
    result = Prices(MarketPrice(window, prices, missing, value), price_from_term(sec.purchase_price, value),
                    price_from_term(sec.warrants.exercise_price, value))
    for name, term, price in (("purchase_price", sec.purchase_price, result.purchase_price),
                              ("exercise_price", sec.warrants.exercise_price, result.exercise_price)):
        if term.fixed is not None:
            audit[name] = Audit(price, "fixed by the term sheet", {"fixed": term.fixed})
        elif price is not None:
            audit[name] = Audit(price, f"{term.percent_of_market_price}% of the Market Price, {term.rounding.description}",
                                {"market_price": value, "percent": term.percent_of_market_price,
                                 "unrounded": term.percent_of_market_price * value / HUNDRED})
    return result


# ---------------------------------------------------------------- 2. dates

def _rolled_date(start: dt.date, days: int, convention) -> tuple[Rolled, Audit]:
    r = roll(start + dt.timedelta(days=days), convention, BUSINESS_DAYS)
    rule = f"Closing Date + {days} calendar days; {convention.description} ({BUSINESS_DAYS.name})"
    inputs = {"closing_date": start, "days": days, "unadjusted": r.unadjusted,
              "not_a_business_day_because": r.reason, "rolled": r.rolled}
    return r, Audit(r.date, rule, inputs)


def compute_dates(ts: TermSheet, market: MarketPrice, audit: dict[str, Audit]) -> Dates:
    """Registration deadlines (under the agreement's business-day convention), the warrant's exercise period and
    the Form D deadline."""
    rr = ts.registration_rights
    rolls: dict[str, Rolled] = {}
    for key, days in (("filing_deadline", rr.filing_days), ("effectiveness_deadline", rr.effectiveness_days),
                      ("full_review_effectiveness_deadline", rr.full_review_effectiveness_days)):
        rolls[key], audit[f"dates.{key}"] = _rolled_date(ts.closing_date, days, rr.business_day_convention)
    w = ts.securities.warrants
    if w.initial_exercise.date is not None:
        initial = w.initial_exercise.date
        audit["dates.warrant_initial_exercise"] = Audit(initial, "fixed by the term sheet", {"date": initial})
    else:
        initial = add_months(ts.closing_date, w.initial_exercise.months_after_closing)
        audit["dates.warrant_initial_exercise"] = Audit(initial, (
            f"Closing Date + {w.initial_exercise.months_after_closing} months (same day of the month, clamped to "
            "the last day of a shorter month)"), {"closing_date": ts.closing_date})
    termination = roll(add_months(initial, 12 * w.term_years), w.termination_convention, BUSINESS_DAYS)
    rolls["warrant_termination"] = termination
    audit["dates.warrant_termination"] = Audit(termination.date, (
        f"Initial Exercise Date + {w.term_years} years; {w.termination_convention.description} ({BUSINESS_DAYS.name})"),
        {"initial_exercise": initial, "unadjusted": termination.unadjusted,
         "not_a_business_day_because": termination.reason, "rolled": termination.rolled})
    # Form D (Rule 503(a)): due 15 calendar days after the first sale; a weekend or federal holiday moves it to the
    # next business day. The first sale is the date the first investor is irrevocably committed: the agreement date.
    form_d = BusinessDayConvention.following
    rolls["form_d_deadline"] = roll(ts.agreement_date + dt.timedelta(days=FORM_D_DAYS), form_d, BUSINESS_DAYS)
    audit["dates.form_d_deadline"] = Audit(rolls["form_d_deadline"].date, (
        f"date of first sale (the agreement date, when the investors became irrevocably committed) + {FORM_D_DAYS} "
        f"calendar days; {form_d.description} ({BUSINESS_DAYS.name})"),
        {"first_sale": ts.agreement_date, "unadjusted": rolls["form_d_deadline"].unadjusted,
         "not_a_business_day_because": rolls["form_d_deadline"].reason, "rolled": rolls["form_d_deadline"].rolled})
    return Dates(market.window.days, rolls["filing_deadline"].date, rolls["effectiveness_deadline"].date,
                 rolls["full_review_effectiveness_deadline"].date, initial, termination.date,
                 rolls["filing_deadline"].date + dt.timedelta(days=1), ts.agreement_date,
                 rolls["form_d_deadline"].date, rolls)


# ---------------------------------------------------------------- 3. positions

def exact_shares(amount: Decimal, price: Decimal) -> Decimal:
    return amount / price


def whole_share_amounts_near(amount: Decimal, price: Decimal) -> tuple[Decimal, Decimal]:
    """The dollar amounts just below and above `amount` that buy a whole number of shares at `price`."""
    below = (amount / price).to_integral_value(rounding=ROUND_FLOOR)
    return below * price, (below + 1) * price


def warrant_shares_exact(shares: int, coverage_percent: Decimal) -> Decimal:
    return Decimal(shares) * coverage_percent / HUNDRED


def cashless_exercise_shares(a: Decimal, b: Decimal, x: int) -> int:
    """Warrant Shares on a cashless exercise: floor((A - B) * X / A); none when A <= B."""
    if a <= b:
        return 0
    return int(((a - b) * x / a).to_integral_value(rounding=ROUND_FLOOR))


def _whole(rule, quantity: Decimal) -> int:
    """Whole shares under `rule`; under `exact` a fraction is kept truncated here and refused by figures/limits.py."""
    n = rule.apply(quantity)
    return int(quantity) if n is None else n


def damages_schedule(ts: TermSheet, monthly_initial: Decimal, monthly_subsequent: Decimal,
                     start: dt.date, days: int) -> list[DamagesPeriod]:
    """Liquidated damages accrued over a default of `days` days beginning on `start`, period by period."""
    ld = ts.registration_rights.liquidated_damages
    periods: list[DamagesPeriod] = []
    day_index, number = 0, 0
    while day_index < days:
        number += 1
        if ld.proration is Proration.thirty_day_months:
            period_start = start + dt.timedelta(days=30 * (number - 1))
            period_len = 30
        else:
            period_start = add_months(start, number - 1)
            period_len = (add_months(start, number) - period_start).days
        in_default = min(period_len, days - day_index)
        initial = number <= ld.initial_months
        monthly = monthly_initial if initial else monthly_subsequent
        rate = ld.initial_rate_percent if initial else ld.subsequent_rate_percent
        amount = CENT.apply(monthly * in_default / period_len)
        periods.append(DamagesPeriod(number, period_start, period_start + dt.timedelta(days=in_default - 1),
                                     in_default, period_len, rate, monthly, amount))
        day_index += in_default
    return periods


def compute_positions(ts: TermSheet, prices: Prices, dates: Dates,
                      audit: dict[str, Audit]) -> tuple[list[Position], Totals]:
    """Each investor's shares, payment, warrant shares and liquidated damages, and the totals."""
    sec, w = ts.securities, ts.securities.warrants
    ld = ts.registration_rights.liquidated_damages
    purchase_price, market_price = prices.purchase_price, prices.market.value
    exacts = [exact_shares(inv.amount, purchase_price) for inv in ts.investors]
    shares = [_whole(sec.share_rounding, q) for q in exacts]
    total_shares = sum(shares)
    positions: list[Position] = []
    for i, (inv, q, n) in enumerate(zip(ts.investors, exacts, shares), start=1):
        paid = CENT.apply(n * purchase_price)  # exact unless the price has more than two places
        wq = warrant_shares_exact(n, w.coverage_percent)
        wn = _whole(w.share_rounding, wq)
        base = n * market_price if ld.base is DamagesBase.market_value_at_closing and market_price else paid
        initial_monthly = CENT.apply(base * ld.initial_rate_percent / HUNDRED)
        subsequent_monthly = CENT.apply(base * ld.subsequent_rate_percent / HUNDRED)
        schedule = damages_schedule(ts, initial_monthly, subsequent_monthly, dates.damages_example_start,
                                    ld.example_default_days)
        pos = Position(inv.name, inv.amount, q, n, paid, inv.amount - paid, wq, wn,
                       percent_of(n, total_shares) if total_shares else Decimal(0), f"W-{i}", base, initial_monthly,
                       subsequent_monthly, schedule)
        positions.append(pos)
        key = f"investors[{i - 1}]"
        audit[f"{key}.shares"] = Audit(n, f"subscription / Purchase Price, {sec.share_rounding.description}",
                                       {"subscription": inv.amount, "purchase_price": purchase_price, "exact": q})
        audit[f"{key}.purchase_price"] = Audit(paid, f"shares x Purchase Price, {CENT.description}",
                                               {"shares": n, "purchase_price": purchase_price, "unapplied": inv.amount - paid})
        audit[f"{key}.warrant_shares"] = Audit(wn, f"shares x {w.coverage_percent}% coverage, {w.share_rounding.description}",
                                               {"shares": n, "coverage_percent": w.coverage_percent, "exact": wq})
        audit[f"{key}.percent_of_deal"] = Audit(pos.percent_of_deal, f"shares / total shares; {PERCENT_RULE}",
                                                {"shares": n, "total_shares": total_shares})
        audit[f"{key}.damages_monthly"] = Audit(
            {"initial": initial_monthly, "subsequent": subsequent_monthly},
            f"{ld.base.description} x monthly rate, rounded to the cent half up; proration: {ld.proration.description}",
            {"base": base, "initial_rate_percent": ld.initial_rate_percent, "initial_months": ld.initial_months,
             "subsequent_rate_percent": ld.subsequent_rate_percent})
    totals = Totals(sum((p.subscription for p in positions), Decimal(0)), total_shares,
                    sum((p.purchase_price for p in positions), Decimal(0)), sum(p.warrant_shares for p in positions))
    audit["totals"] = Audit({"shares": totals.shares, "warrant_shares": totals.warrant_shares,
                             "purchase_price": totals.purchase_price}, "sums of the investors' figures",
                            {"investors": len(positions)})
    return positions, totals


# ---------------------------------------------------------------- 4. capitalization

def compute_capitalization(ts: TermSheet, totals: Totals, audit: dict[str, Audit]) -> Capitalization:
    cap = ts.capitalization
    after = cap.outstanding_common + totals.shares
    reserved = totals.warrant_shares + cap.reserved_for_other_options_and_warrants
    issued = totals.shares + totals.warrant_shares
    capitalization = Capitalization(
        cap.authorized_common, cap.outstanding_common, after, totals.warrant_shares,
        cap.reserved_for_other_options_and_warrants, reserved, cap.authorized_common - cap.outstanding_common,
        cap.authorized_common - after - reserved,
        percent_of(issued, cap.outstanding_common) if cap.outstanding_common else Decimal(0),
        percent_of(totals.shares, after) if after else Decimal(0),
        percent_of(issued, after + totals.warrant_shares) if after + totals.warrant_shares else Decimal(0))
    audit["capitalization"] = Audit(capitalization.issuance_percent,
                                    f"issuance (Shares + Warrant Shares) / Common Stock outstanding before the deal; {PERCENT_RULE}",
                                    {"outstanding_before": cap.outstanding_common, "shares": totals.shares,
                                     "warrant_shares": totals.warrant_shares, "as_of": cap.outstanding_as_of})
    return capitalization


# ---------------------------------------------------------------- all four

def compute_figures(ts: TermSheet, prices: Prices, audit: dict[str, Audit]) -> Figures:
    """Dates, positions and capitalization from the prices already computed (`prices.purchase_price` is known)."""
    dates = compute_dates(ts, prices.market, audit)
    positions, totals = compute_positions(ts, prices, dates, audit)
    capitalization = compute_capitalization(ts, totals, audit)
    return Figures(prices.market.value, prices.market.prices, prices.purchase_price, prices.exercise_price, positions,
                   totals, dates, capitalization, audit)


def compute(ts: TermSheet) -> Figures:
    """All figures for a term sheet whose Market Price table covers its window (figures/load.py checks that)."""
    audit: dict[str, Audit] = {}
    prices = compute_prices(ts, audit)
    if prices.purchase_price is None or prices.exercise_price is None:
        raise ValueError(f"the Market Price needs prices for {', '.join(map(str, prices.market.missing))}")
    return compute_figures(ts, prices, audit)
