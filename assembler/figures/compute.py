"""Every figure the closing set needs, computed once, by pure functions, from a term sheet that passed the input rules
of termsheet/validate.py (no I/O). Four steps, each its own function: prices (figures/prices.py), dates, positions
(with the warrant series of figures/warrants.py and the placement agent), capitalization.

Each figure is recorded in an audit dict with its inputs and the rule used: the audit trail that
`assemble figures --json` prints and that `figures.json` keeps beside the documents. The limits that depend on the
figures (whole shares, authorized capacity, the 20% test, Market Price coverage) are checked on these figures by
figures/limits.py; nothing here refuses anything.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from assembler.calendar import BUSINESS_DAYS, Rolled, add_months, roll
from assembler.figures import drafts
from assembler.figures import warrants as series_math
from assembler.figures.model import (FORM_D_DAYS, exercise_amount, Agent, Audit, Capitalization, DamagesPeriod, Dates,
                                     Figures, MarketPrice, Position, Prices, Series, Totals, WarrantCertificate)
from assembler.figures.prices import audit_price, compute_prices, market_price_window, price_from_term
from assembler.figures.timetable import board_consent_date, minimum_price, outside_date, timetable
from assembler.figures.warrants import warrant_shares_exact
from assembler.law import FORM_D_2008, form_d_roll_rule
from assembler.rules import CENT, PERCENT_ROUNDING, BusinessDayConvention, DamagesBase, Proration
from assembler.termsheet.model import TermSheet

HUNDRED = Decimal(100)
PERCENT_RULE = PERCENT_ROUNDING.description

__all__ = ["compute", "compute_prices", "compute_dates", "compute_positions", "compute_series", "compute_agent",
           "compute_capitalization", "market_price_window", "price_from_term", "percent_of", "exact_shares",
           "whole_share_amounts_near", "warrant_shares_exact", "cashless_exercise_shares", "damages_schedule",
           "Figures", "PERCENT_RULE"]


def percent_of(part: Decimal | int, whole: Decimal | int) -> Decimal:
    """part / whole as a percentage, two places, half up (PERCENT_RULE)."""
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------- 2. dates

def _rolled_date(start: dt.date, days: int, convention) -> tuple[Rolled, Audit]:
    r = roll(start + dt.timedelta(days=days), convention, BUSINESS_DAYS)
    if convention is BusinessDayConvention.none:
        rule = (f"Closing Date + {days} calendar days, as the Registration Rights Agreement counts it (it has no "
                f"business-day clause: a deadline on a weekend or holiday is not moved; {BUSINESS_DAYS.name})")
    else:
        rule = (f"Closing Date + {days} calendar days; under the Registration Rights Agreement's business-day clause "
                f"{convention.description} ({BUSINESS_DAYS.name})")
    inputs = {"closing_date": start, "days": days, "unadjusted": r.unadjusted,
              "not_a_business_day_because": r.reason, "rolled": r.rolled}
    return r, Audit(r.date, rule, inputs)


def compute_dates(ts: TermSheet, market: MarketPrice, audit: dict[str, Audit],
                  series: list[Series]) -> Dates:
    """Registration deadlines as the Registration Rights Agreement counts them (its business-day clause in the
    current edition; none in the form as filed) and the Form D deadline; the first warrant series' exercise period is
    repeated here for the documents that speak of one series."""
    rr = ts.registration_rights
    convention = rr.business_day_convention or ts.edition.business_day_default
    rolls: dict[str, Rolled] = {}
    for key, days in (("filing_deadline", rr.filing_days), ("effectiveness_deadline", rr.effectiveness_days),
                      ("full_review_effectiveness_deadline", rr.full_review_effectiveness_days)):
        rolls[key], audit[f"dates.{key}"] = _rolled_date(ts.closing_date, days, convention)
    # Form D (Rule 503(a)): due 15 calendar days after the first sale; a weekend or federal holiday moves it to the
    # next business day (Rule 503(a) itself since September 15, 2008; Rule 0-3(a) under the Securities Act before:
    # law.form_d_roll_rule). The first sale is the date the first investor is irrevocably committed: the agreement date.
    form_d = BusinessDayConvention.following
    rolls["form_d_deadline"] = roll(ts.agreement_date + dt.timedelta(days=FORM_D_DAYS), form_d, BUSINESS_DAYS)
    audit["dates.form_d_deadline"] = Audit(rolls["form_d_deadline"].date, (
        f"date of first sale (the agreement date, when the investors became irrevocably committed) + {FORM_D_DAYS} "
        f"calendar days; {form_d.description} ({BUSINESS_DAYS.name}; {form_d_roll_rule(ts.agreement_date)})"),
        {"first_sale": ts.agreement_date, "unadjusted": rolls["form_d_deadline"].unadjusted,
         "not_a_business_day_because": rolls["form_d_deadline"].reason, "rolled": rolls["form_d_deadline"].rolled})
    act_by = {key: BUSINESS_DAYS.previous_open(r.date) for key, r in rolls.items()
               if key != "form_d_deadline" and r.reason and not r.rolled}
    first = series[0] if series else None
    return Dates(market.window.days, rolls["filing_deadline"].date, rolls["effectiveness_deadline"].date,
                 rolls["full_review_effectiveness_deadline"].date, first.initial_exercise if first else None,
                 first.termination if first else None, rolls["filing_deadline"].date + dt.timedelta(days=1),
                 ts.agreement_date, rolls["form_d_deadline"].date, rolls, rra_convention=convention, act_by=act_by,
                 form_d_paper=ts.agreement_date < FORM_D_2008, form_d_roll_rule=form_d_roll_rule(ts.agreement_date))


# ---------------------------------------------------------------- 3. positions

def exact_shares(amount: Decimal, price: Decimal) -> Decimal:
    return amount / price


def whole_share_amounts_near(amount: Decimal, price: Decimal) -> tuple[Decimal, Decimal]:
    """The dollar amounts just below and above `amount` that buy a whole number of shares at `price`."""
    below = (amount / price).to_integral_value(rounding=ROUND_FLOOR)
    return below * price, (below + 1) * price


def cashless_exercise_shares(a: Decimal, b: Decimal, x: int) -> int:
    """Warrant Shares on a cashless exercise: floor((A - B) * X / A); none when A <= B."""
    if a <= b:
        return 0
    return int(((a - b) * x / a).to_integral_value(rounding=ROUND_FLOOR))


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


def _shares_bought(ts: TermSheet, purchase_price: Decimal, audit: dict[str, Audit]) -> list[tuple]:
    """(exact, whole, paid, subscription, paid_by) for each investor. A stated number of shares pays shares x price;
    a subscription amount buys whole shares under the share rule and pays the lesser of the amount and shares x
    price, so no investor pays more than it subscribed and no remainder is negative."""
    rule = ts.securities.share_rounding
    out = []
    for i, inv in enumerate(ts.investors):
        if inv.shares is not None:
            n = inv.shares
            paid = CENT.apply(n * purchase_price)
            out.append((Decimal(n), n, paid, paid, "shares"))
            audit[f"investors[{i}].shares"] = Audit(n, "stated in the term sheet", {"shares": n})
            audit[f"investors[{i}].purchase_price"] = Audit(paid, f"shares x Purchase Price, {CENT.description}",
                                                            {"shares": n, "purchase_price": purchase_price})
            continue
        q = exact_shares(inv.amount, purchase_price)
        n = series_math.whole(rule, q)
        paid = min(inv.amount, CENT.apply(n * purchase_price))
        out.append((q, n, paid, inv.amount, "subscription_amount"))
        audit[f"investors[{i}].shares"] = Audit(n, f"subscription / Purchase Price, {rule.description}",
                                                {"subscription": inv.amount, "purchase_price": purchase_price,
                                                 "exact": q})
        audit[f"investors[{i}].purchase_price"] = Audit(paid, (
            f"the lesser of the subscription and shares x Purchase Price ({CENT.description})"),
            {"shares": n, "purchase_price": purchase_price, "unapplied": inv.amount - paid})
    return out


def compute_series(ts: TermSheet, prices: Prices, bought: list[tuple],
                   audit: dict[str, Audit]) -> tuple[list[Series], list[WarrantCertificate]]:
    """Every series of the investors' warrants, then the placement agent's; one certificate per holder per series."""
    specs = list(ts.securities.warrants)
    holders = [(inv.name, i, b[1]) for i, (inv, b) in enumerate(zip(ts.investors, bought))]
    series: list[Series] = []
    certs: list[WarrantCertificate] = []
    many = len(specs) > 1
    for index, spec in enumerate(specs):
        label = series_math.series_label(spec, len(specs))
        prefix = chr(ord("A") + index) if many else "W"
        initial, end = series_math.series_dates(ts, spec, label, audit, series_math.series_key(index))
        own = series_math.certificates(spec, len(series), prefix, holders, label, audit, series_math.series_key(index))
        series.append(series_math.series_figure(index, spec, label, prefix, prices.exercise_prices[index],
                                                initial, end, own))
        certs += own
    agent = ts.placement_agent
    if agent is not None and agent.warrants is not None:
        spec = agent.warrants
        total = sum(b[1] for b in bought)
        price = prices.agent_exercise_price
        initial, end = series_math.series_dates(ts, spec, "Placement Agent Warrants", audit, series_math.series_key(-1))
        own = series_math.certificates(spec, len(series), "PA", [(agent.name, None, total)],
                                       "Placement Agent Warrants", audit, series_math.series_key(-1))
        series.append(series_math.series_figure(-1, spec, "Placement Agent Warrants", "PA", price, initial, end, own))
        certs += own
    return series, certs


def compute_positions(ts: TermSheet, prices: Prices, dates: Dates, bought: list[tuple],
                      certs: list[WarrantCertificate], audit: dict[str, Audit]) -> tuple[list[Position], Totals]:
    """Each investor's shares, payment, warrant certificates and liquidated damages, and the totals."""
    ld = ts.registration_rights.liquidated_damages
    daily_close = ld.example_closing_price  # the agreement's measure: the closing price on the Closing Date (assumed)
    total_shares = sum(b[1] for b in bought)
    positions: list[Position] = []
    for i, (inv, (q, n, paid, subscription, paid_by)) in enumerate(zip(ts.investors, bought)):
        own = [c for c in certs if c.investor == i]
        base = n * daily_close if ld.base is DamagesBase.market_value_at_closing and daily_close else paid
        initial_monthly = CENT.apply(base * ld.initial_rate_percent / HUNDRED)
        subsequent_monthly = CENT.apply(base * ld.subsequent_rate_percent / HUNDRED)
        schedule = damages_schedule(ts, initial_monthly, subsequent_monthly, dates.damages_example_start,
                                    ld.example_default_days)
        pos = Position(inv.name, subscription, q, n, paid, subscription - paid,
                       sum((c.exact_warrant_shares for c in own), Decimal(0)), sum(c.warrant_shares for c in own),
                       percent_of(n, total_shares) if total_shares else Decimal(0),
                       own[0].number if own else None, base, initial_monthly, subsequent_monthly, schedule, paid_by,
                       own)
        positions.append(pos)
        key = f"investors[{i}]"
        audit[f"{key}.percent_of_deal"] = Audit(pos.percent_of_deal, f"shares / total shares; {PERCENT_RULE}",
                                                {"shares": n, "total_shares": total_shares})
        measure = ld.base.description if ld.base is not DamagesBase.market_value_at_closing else (
            f"Shares held x the closing price on the Closing Date (the market value as of the Closing Date; the example "
            f"assumes {daily_close})")
        audit[f"{key}.damages_monthly"] = Audit(
            {"initial": initial_monthly, "subsequent": subsequent_monthly},
            f"{measure} x monthly rate, rounded to the cent half up; proration: {ld.proration.description}",
            {"base": base, "initial_rate_percent": ld.initial_rate_percent, "initial_months": ld.initial_months,
             "subsequent_rate_percent": ld.subsequent_rate_percent, "assumed_closing_price": daily_close})
    totals = Totals(sum((p.subscription for p in positions), Decimal(0)), total_shares,
                    sum((p.purchase_price for p in positions), Decimal(0)), sum(p.warrant_shares for p in positions))
    audit["totals"] = Audit({"shares": totals.shares, "warrant_shares": totals.warrant_shares,
                             "purchase_price": totals.purchase_price}, "sums of the investors' figures",
                            {"investors": len(positions)})
    return positions, totals


def compute_agent(ts: TermSheet, totals: Totals, certs: list[WarrantCertificate],
                  audit: dict[str, Audit]) -> Agent | None:
    agent = ts.placement_agent
    if agent is None:
        return None
    fee = CENT.apply(agent.fee_percent * totals.purchase_price / HUNDRED) + (agent.fee_fixed or Decimal(0))
    audit["placement_agent.fee"] = Audit(fee, f"{agent.fee_percent}% of the aggregate purchase price, "
                                              f"{CENT.description}, plus any fixed fee",
                                         {"aggregate_purchase_price": totals.purchase_price,
                                          "fee_percent": agent.fee_percent, "fee_fixed": agent.fee_fixed})
    own = [c for c in certs if c.investor is None]
    return Agent(agent.name, fee, sum(c.warrant_shares for c in own), own[0] if own else None)


# ---------------------------------------------------------------- 4. capitalization

def compute_capitalization(ts: TermSheet, totals: Totals, agent: Agent | None,
                           audit: dict[str, Audit]) -> Capitalization:
    """Before and after the Closing; the warrant shares reserved count every series and the placement agent's."""
    cap = ts.capitalization
    after = cap.outstanding_common + totals.shares
    warrant_shares = totals.warrant_shares + (agent.warrant_shares if agent else 0)
    reserved = warrant_shares + cap.reserved_for_other_options_and_warrants
    issued = totals.shares + warrant_shares
    capitalization = Capitalization(
        cap.authorized_common, cap.outstanding_common, after, warrant_shares,
        cap.reserved_for_other_options_and_warrants, reserved, cap.authorized_common - cap.outstanding_common,
        cap.authorized_common - after - reserved,
        percent_of(issued, cap.outstanding_common) if cap.outstanding_common else Decimal(0),
        percent_of(totals.shares, after) if after else Decimal(0),
        percent_of(issued, after + warrant_shares) if after + warrant_shares else Decimal(0), issued)
    audit["capitalization"] = Audit(capitalization.issuance_percent,
                                    "issuance (Shares + Warrant Shares of every series, the placement agent's "
                                    f"included) / Common Stock outstanding before the deal; {PERCENT_RULE}",
                                    {"outstanding_before": cap.outstanding_common, "shares": totals.shares,
                                     "warrant_shares": warrant_shares, "as_of": cap.outstanding_as_of})
    return capitalization


# ---------------------------------------------------------------- all four

def compute_figures(ts: TermSheet, prices: Prices, audit: dict[str, Audit]) -> Figures:
    """Positions, series, dates and capitalization from the prices already computed (`prices.purchase_price` is
    known)."""
    bought = _shares_bought(ts, prices.purchase_price, audit)
    series, certs = compute_series(ts, prices, bought, audit)
    dates = compute_dates(ts, prices.market, audit, series)
    positions, totals = compute_positions(ts, prices, dates, bought, certs, audit)
    agent = compute_agent(ts, totals, certs, audit)
    capitalization = compute_capitalization(ts, totals, agent, audit)
    ordered = [c for p in positions for c in p.warrants] + [c for c in certs if c.investor is None]
    steps = timetable(ts, dates, totals, capitalization, audit)
    investor_series = [s for s in series if s.index >= 0]
    if investor_series and all(s.exercise_price is not None for s in investor_series):
        audit["warrant_exercise_amount"] = Audit(
            exercise_amount(investor_series),
            "sum over the investors' series of Warrant Shares x Exercise Price: the cash payable on exercise of every "
            "investor Warrant in full (the Form D data sheet's amount offered for the Warrant Shares)",
            {s.label: {"warrant_shares": s.warrant_shares, "exercise_price": s.exercise_price}
             for s in investor_series})
    outside, why = outside_date(ts)
    if outside is not None:
        audit["outside_date"] = Audit(outside, why, {"closing_date": ts.closing_date, "outside_date": ts.outside_date})
    fig = Figures(prices.market.value, prices.market.prices, prices.purchase_price, prices.exercise_price, positions,
                  totals, dates, capitalization, audit, series, ordered, agent,
                  totals.purchase_price - (agent.fee if agent else Decimal(0)),
                  prices.market if prices.market.value is not None else None, prices.steps,
                  minimum_price(ts, audit), steps, board_consent_date(ts)[0], outside)
    drafted = drafts.draft_date(ts, fig)
    return dataclasses.replace(fig, draft_date=drafted, pending=drafts.pending_on(ts, fig, drafted),
                               open_items=drafts.open_items(ts))


def compute(ts: TermSheet) -> Figures:
    """All figures for a term sheet whose Market Price table covers its window (figures/load.py checks that)."""
    audit: dict[str, Audit] = {}
    prices = compute_prices(ts, audit)
    if prices.purchase_price is None or None in prices.exercise_prices:
        raise ValueError("the Market Price has no price for some day of its window")
    return compute_figures(ts, prices, audit)
