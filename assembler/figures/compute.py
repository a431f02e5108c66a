"""Every figure the closing set needs, computed by pure functions from a validated term sheet (no I/O).

Each figure is recorded in `Figures.audit` with its inputs and the rule used: the audit trail that
`assemble figures --json` prints and that `figures.json` keeps beside the documents.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from assembler.calendar import BUSINESS_DAYS, Calendar, Rolled, add_months, roll, trading_calendar
from assembler.rules import CENT, Anchor, BusinessDayConvention, DamagesBase, Proration
from assembler.termsheet.model import PriceTerm, TermSheet

HUNDRED = Decimal(100)
FORM_D_DAYS = 15  # Rule 503(a)(1): a Form D is due 15 calendar days after the first sale
PERCENT_RULE = "percentages rounded to two decimal places, one-half rounded up"


def percent_of(part: Decimal | int, whole: Decimal | int) -> Decimal:
    """part / whole as a percentage, two places, half up (PERCENT_RULE)."""
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------- market price

@dataclass(frozen=True)
class MarketPriceWindow:
    anchor_day: dt.date  # the day the window is counted back from (closing or agreement date)
    days: list[dt.date]  # the trading days whose prices are averaged, oldest first


def market_price_window(ts: TermSheet, calendar: Calendar) -> MarketPriceWindow:
    mp = ts.market_price
    anchor_day = ts.closing_date if mp.anchor is Anchor.trading_day_before_closing else ts.agreement_date
    last = calendar.previous_open(anchor_day)
    return MarketPriceWindow(anchor_day, calendar.open_days_ending(last, mp.trading_days))


def average_price(prices: list[Decimal]) -> Decimal:
    return sum(prices, Decimal(0)) / len(prices)


def price_from_term(term: PriceTerm, market_price: Decimal) -> Decimal:
    """A fixed price as given, or percent x Market Price under the term's rounding rule."""
    if term.fixed is not None:
        return term.fixed
    return term.rounding.apply(term.percent_of_market_price * market_price / HUNDRED)


# ---------------------------------------------------------------- shares

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


# ---------------------------------------------------------------- figures

@dataclass(frozen=True)
class Audit:
    value: object
    rule: str
    inputs: dict


@dataclass(frozen=True)
class DamagesPeriod:
    number: int
    start: dt.date
    end: dt.date
    days: int
    period_days: int  # the length of the month the period belongs to (30, or the actual month)
    rate_percent: Decimal
    monthly_amount: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Position:
    """One investor's part of the deal."""

    name: str
    subscription: Decimal  # the dollar amount on the term sheet
    exact_shares: Decimal
    shares: int
    purchase_price: Decimal  # shares x Purchase Price: the amount actually paid
    unapplied: Decimal  # subscription - purchase_price (returned to the investor under the rounding rule)
    exact_warrant_shares: Decimal
    warrant_shares: int
    percent_of_deal: Decimal
    certificate_number: str
    damages_base: Decimal
    damages_initial_monthly: Decimal
    damages_subsequent_monthly: Decimal
    damages_schedule: list[DamagesPeriod]

    @property
    def damages_example_total(self) -> Decimal:
        return sum((p.amount for p in self.damages_schedule), Decimal(0))


@dataclass(frozen=True)
class Totals:
    subscription: Decimal
    shares: int
    purchase_price: Decimal
    warrant_shares: int

    @property
    def unapplied(self) -> Decimal:
        """Subscriptions not applied to whole shares (returned to the investors under the share rounding rule)."""
        return self.subscription - self.purchase_price


@dataclass(frozen=True)
class Dates:
    market_price_days: list[dt.date]
    filing_deadline: dt.date
    effectiveness_deadline: dt.date
    full_review_effectiveness_deadline: dt.date
    warrant_initial_exercise: dt.date
    warrant_termination: dt.date
    damages_example_start: dt.date
    form_d_first_sale: dt.date  # the date the first investor was irrevocably committed: the agreement date
    form_d_deadline: dt.date
    rolls: dict[str, Rolled]
    form_d_days: int = FORM_D_DAYS


@dataclass(frozen=True)
class Capitalization:
    authorized_common: int
    outstanding_before: int
    outstanding_after: int
    warrant_shares: int
    reserved_other: int
    reserved_total: int  # warrant shares + other reservations
    unissued_before: int
    headroom: int  # authorized - outstanding after - reserved total
    issuance_percent: Decimal  # (shares + warrant shares) / outstanding before
    ownership_after_percent: Decimal  # shares / outstanding after
    fully_diluted_after_percent: Decimal  # (shares + warrant shares) / (outstanding after + warrant shares)


@dataclass(frozen=True)
class Figures:
    market_price: Decimal
    market_prices: list[tuple[dt.date, Decimal]]
    purchase_price: Decimal
    exercise_price: Decimal
    investors: list[Position]
    totals: Totals
    dates: Dates
    capitalization: Capitalization
    audit: dict[str, Audit] = field(default_factory=dict)


def _rolled_date(start: dt.date, days: int, convention) -> tuple[Rolled, Audit]:
    r = roll(start + dt.timedelta(days=days), convention, BUSINESS_DAYS)
    rule = f"Closing Date + {days} calendar days; {convention.description} ({BUSINESS_DAYS.name})"
    inputs = {"closing_date": start, "days": days, "unadjusted": r.unadjusted,
              "not_a_business_day_because": r.reason, "rolled": r.rolled}
    return r, Audit(r.date, rule, inputs)


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


def compute(ts: TermSheet) -> Figures:
    """All figures for a term sheet that validate.check() accepted."""
    audit: dict[str, Audit] = {}
    calendar = trading_calendar(ts.principal_market.calendar)
    mp = ts.market_price
    window = market_price_window(ts, calendar)
    prices = [(d, mp.closing_prices[d]) for d in window.days]
    raw_average = average_price([p for _, p in prices])
    market_price = mp.rounding.apply(raw_average)
    audit["market_price"] = Audit(market_price, (
        f"average of the {mp.price_kind.phrase} over the {mp.trading_days} trading days {mp.anchor.description}, "
        f"{mp.rounding.description}; {calendar.name}"),
        {"anchor_day": window.anchor_day, "prices": {d: p for d, p in prices}, "sum": sum(p for _, p in prices),
         "average_unrounded": raw_average})

    sec = ts.securities
    purchase_price = price_from_term(sec.purchase_price, market_price)
    exercise_price = price_from_term(sec.warrants.exercise_price, market_price)
    for name, term, value in (("purchase_price", sec.purchase_price, purchase_price),
                              ("exercise_price", sec.warrants.exercise_price, exercise_price)):
        if term.fixed is not None:
            audit[name] = Audit(value, "fixed by the term sheet", {"fixed": term.fixed})
        else:
            audit[name] = Audit(value, f"{term.percent_of_market_price}% of the Market Price, {term.rounding.description}",
                                {"market_price": market_price, "percent": term.percent_of_market_price,
                                 "unrounded": term.percent_of_market_price * market_price / HUNDRED})

    # dates
    rr = ts.registration_rights
    rolls: dict[str, Rolled] = {}
    for key, days in (("filing_deadline", rr.filing_days), ("effectiveness_deadline", rr.effectiveness_days),
                      ("full_review_effectiveness_deadline", rr.full_review_effectiveness_days)):
        rolls[key], audit[f"dates.{key}"] = _rolled_date(ts.closing_date, days, rr.business_day_convention)
    w = sec.warrants
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
    damages_start = rolls["filing_deadline"].date + dt.timedelta(days=1)
    # Form D (Rule 503(a)): due 15 calendar days after the first sale; a weekend or federal holiday moves it to the
    # next business day. The first sale is the date the first investor is irrevocably committed: the agreement date.
    rolls["form_d_deadline"] = roll(ts.agreement_date + dt.timedelta(days=FORM_D_DAYS), BusinessDayConvention.following,
                                    BUSINESS_DAYS)
    audit["dates.form_d_deadline"] = Audit(rolls["form_d_deadline"].date, (
        f"date of first sale (the agreement date, when the investors became irrevocably committed) + {FORM_D_DAYS} "
        "calendar days; {BusinessDayConvention.following.description} ({BUSINESS_DAYS.name})"),
        {"first_sale": ts.agreement_date, "unadjusted": rolls["form_d_deadline"].unadjusted,
         "not_a_business_day_because": rolls["form_d_deadline"].reason, "rolled": rolls["form_d_deadline"].rolled})

    # positions
    ld = rr.liquidated_damages
    exacts = [exact_shares(inv.amount, purchase_price) for inv in ts.investors]
    shares = [sec.share_rounding.apply(q) for q in exacts]
    total_shares = sum(shares)
    positions: list[Position] = []
    for i, (inv, q, n) in enumerate(zip(ts.investors, exacts, shares), start=1):
        paid = CENT.apply(n * purchase_price)  # exact unless the price has more than two places
        wq = warrant_shares_exact(n, w.coverage_percent)
        wn = w.share_rounding.apply(wq)
        base = n * market_price if ld.base is DamagesBase.market_value_at_closing else paid
        initial_monthly = CENT.apply(base * ld.initial_rate_percent / HUNDRED)
        subsequent_monthly = CENT.apply(base * ld.subsequent_rate_percent / HUNDRED)
        schedule = damages_schedule(ts, initial_monthly, subsequent_monthly, damages_start, ld.example_default_days)
        pos = Position(inv.name, inv.amount, q, n, paid, inv.amount - paid, wq, wn,
                       percent_of(n, total_shares), f"W-{i}", base, initial_monthly, subsequent_monthly, schedule)
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

    cap = ts.capitalization
    after = cap.outstanding_common + totals.shares
    reserved = totals.warrant_shares + cap.reserved_for_other_options_and_warrants
    capitalization = Capitalization(
        cap.authorized_common, cap.outstanding_common, after, totals.warrant_shares,
        cap.reserved_for_other_options_and_warrants, reserved, cap.authorized_common - cap.outstanding_common,
        cap.authorized_common - after - reserved,
        percent_of(totals.shares + totals.warrant_shares, cap.outstanding_common) if cap.outstanding_common else Decimal(0),
        percent_of(totals.shares, after), percent_of(totals.shares + totals.warrant_shares, after + totals.warrant_shares))
    audit["capitalization"] = Audit(capitalization.issuance_percent,
                                    f"issuance (Shares + Warrant Shares) / Common Stock outstanding before the deal; {PERCENT_RULE}",
                                    {"outstanding_before": cap.outstanding_common, "shares": totals.shares,
                                     "warrant_shares": totals.warrant_shares, "as_of": cap.outstanding_as_of})
    dates = Dates(window.days, rolls["filing_deadline"].date, rolls["effectiveness_deadline"].date,
                  rolls["full_review_effectiveness_deadline"].date, initial, termination.date, damages_start,
                  ts.agreement_date, rolls["form_d_deadline"].date, rolls)
    return Figures(market_price, prices, purchase_price, exercise_price, positions, totals, dates, capitalization, audit)
