"""What compute() returns: the figures of a closing set, each a plain frozen dataclass (no behaviour beyond sums).

`Figures` is what templates read as `fig`; `Figures.audit` keeps, for each figure, its inputs and the rule used (the
audit trail of figures.json).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from assembler.calendar import Rolled

FORM_D_DAYS = 15  # Rule 503(a)(1): a Form D is due 15 calendar days after the first sale


@dataclass(frozen=True)
class MarketPriceWindow:
    anchor_day: dt.date  # the day the window is counted back from (closing or agreement date)
    days: list[dt.date]  # the trading days whose prices are averaged, oldest first


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


@dataclass(frozen=True)
class MarketPrice:
    """The Market Price: the window of trading days, the prices given for them, and their rounded average (None while
    a day of the window has no price: figures/limits.py reports the missing days)."""

    window: MarketPriceWindow
    prices: list[tuple[dt.date, Decimal]]
    missing: list[dt.date]
    value: Decimal | None


@dataclass(frozen=True)
class Prices:
    """The three prices of the deal; a price measured from the Market Price is None while the Market Price is."""

    market: MarketPrice
    purchase_price: Decimal | None
    exercise_price: Decimal | None
