"""Step 1 of compute: the Market Price over its window of trading days (or the lower of two such measures), then the
Purchase Price and each series' Exercise Price, each under its named rounding rule. Pure functions."""
from __future__ import annotations

from decimal import Decimal

from assembler.calendar import Calendar, trading_calendar
from assembler.figures.model import Audit, MarketPrice, MarketPriceWindow, Prices, PriceStep
from assembler.figures.warrants import audit_key
from assembler.rules import Anchor
from assembler.termsheet.model import TermSheet
from assembler.termsheet.securities import Measure, PriceTerm

HUNDRED = Decimal(100)


def window_of(ts: TermSheet, measure: Measure, calendar: Calendar) -> MarketPriceWindow:
    """The trading days a measure averages: N days ending on the pricing date, or on the trading day before the
    agreement date or the Closing Date."""
    if measure.anchor is Anchor.pricing_date:
        anchor_day = measure.pricing_date
        last = anchor_day if calendar.is_open(anchor_day) else calendar.previous_open(anchor_day)
    else:
        anchor_day = ts.closing_date if measure.anchor is Anchor.trading_day_before_closing else ts.agreement_date
        last = calendar.previous_open(anchor_day)
    return MarketPriceWindow(anchor_day, calendar.open_days_ending(last, measure.trading_days))


def market_price_window(ts: TermSheet, calendar: Calendar) -> MarketPriceWindow:
    return window_of(ts, ts.market_price, calendar)


def average_price(prices: list[Decimal]) -> Decimal:
    return sum(prices, Decimal(0)) / len(prices)


def _measure(ts: TermSheet, measure: Measure, calendar: Calendar, key: str,
             audit: dict[str, Audit]) -> MarketPrice:
    rounding = ts.market_price.rounding
    window = window_of(ts, measure, calendar)
    prices = [(d, measure.closing_prices[d]) for d in window.days if d in measure.closing_prices]
    missing = [d for d in window.days if d not in measure.closing_prices]
    value = raw = None
    if not missing:
        raw = average_price([p for _, p in prices])
        value = rounding.apply(raw)
        audit[key] = Audit(value, (
            f"average of the {measure.price_kind.description} over the {measure.trading_days} trading days "
            f"{measure.anchor.description}, {rounding.description}; trading days of "
            f"{ts.principal_market.name.the_name}, closed on weekends and on the holidays of the "
            f"{ts.principal_market.calendar} calendar"),
            {"anchor_day": window.anchor_day, "prices": {d: p for d, p in prices},
             "sum": sum(p for _, p in prices), "average_unrounded": raw})
    return MarketPrice(window, prices, missing, value, average=raw)


def market_price(ts: TermSheet, audit: dict[str, Audit]) -> MarketPrice:
    """The Market Price; with `lower_of`, the lower of the two measures (each averaged and rounded first)."""
    calendar = trading_calendar(ts.principal_market.calendar)
    mp = ts.market_price
    if mp is None:  # no price is measured from a Market Price (termsheet/validate.py checks)
        return MarketPrice(MarketPriceWindow(ts.closing_date, []), [], [], None)
    if mp.lower_of is None:
        return _measure(ts, mp, calendar, "market_price", audit)
    first = _measure(ts, mp, calendar, "market_price.first_measure", audit)
    second = _measure(ts, mp.lower_of, calendar, "market_price.second_measure", audit)
    value = None
    if first.value is not None and second.value is not None:
        value = min(first.value, second.value)
        audit["market_price"] = Audit(value, "the lower of the two measures",
                                      {"first_measure": first.value, "second_measure": second.value})
    return MarketPrice(first.window, first.prices, first.missing, value, second, first.average)


def price_from_term(term: PriceTerm, market: Decimal | None, purchase: Decimal | None = None) -> Decimal | None:
    """A fixed price as given, or a percentage of the Market Price (or of the Purchase Price) under the term's
    rounding rule; None while the price it is measured from is unknown."""
    if term.fixed is not None:
        return term.fixed
    base = purchase if term.base == "purchase_price" else market
    if base is None:
        return None
    return term.rounding.apply(term.percent * base / HUNDRED)


def audit_price(name: str, term: PriceTerm, value: Decimal | None, market: Decimal | None,
                 purchase: Decimal | None, audit: dict[str, Audit], steps: list[PriceStep] | None = None,
                 title: str = "") -> None:
    """Record how a price was found (figures.json), and in `steps` a measured price's arithmetic."""
    if term.fixed is not None:
        audit[name] = Audit(value, "fixed by the term sheet", {"fixed": term.fixed})
    elif value is not None:
        base_name, base = ("Purchase Price", purchase) if term.base == "purchase_price" else ("Market Price", market)
        how = (f"a {term.discount_percent}% discount from the {base_name} ({term.percent}% of it)"
               if term.discount_percent is not None else f"{term.percent}% of the {base_name}")
        unrounded = term.percent * base / HUNDRED
        audit[name] = Audit(value, f"{how}, {term.rounding.description}",
                            {base_name.lower().replace(" ", "_"): base, "percent": term.percent,
                             "unrounded": unrounded})
        if steps is not None:
            steps.append(PriceStep(title, base_name, base, term.percent, unrounded, term.rounding, value))


def compute_prices(ts: TermSheet, audit: dict[str, Audit]) -> Prices:
    """The Market Price, then the Purchase Price, then each series' Exercise Price (an Exercise Price may be a
    percentage of the Purchase Price)."""
    market = market_price(ts, audit)
    sec = ts.securities
    steps: list[PriceStep] = []
    purchase = price_from_term(sec.purchase_price, market.value)
    audit_price("purchase_price", sec.purchase_price, purchase, market.value, None, audit, steps, "Purchase Price")
    exercise = []
    for i, series in enumerate(sec.warrants):
        value = price_from_term(series.exercise_price, market.value, purchase)
        label = f"Exercise Price of the {series.name} Warrants" if len(sec.warrants) > 1 else "Exercise Price"
        audit_price(audit_key(i, "exercise_price"), series.exercise_price, value, market.value, purchase, audit, steps,
                    label)
        exercise.append(value)
    agent = ts.placement_agent.warrants if ts.placement_agent is not None else None
    agent_price = None
    if agent is not None:
        agent_price = price_from_term(agent.exercise_price, market.value, purchase)
        audit_price(audit_key(-1, "exercise_price"), agent.exercise_price, agent_price, market.value, purchase, audit,
                    steps, "Exercise Price of the Placement Agent Warrant")
    return Prices(market, purchase, exercise, agent_price, steps)
