"""What compute() returns: the figures of a closing set, each a plain frozen dataclass (no behaviour beyond sums).

`Figures` is what templates read as `fig`; `Figures.audit` keeps, for each figure, its inputs and the rule used (the
audit trail of figures.json).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from assembler.calendar import Rolled
from assembler.rules import BusinessDayConvention, PriceRounding
from assembler.termsheet.securities import PriceTerm, Warrants

NOT_AUDITED = {"audit": False}  # a field figures.json leaves out (the term sheet's own model)

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
class Series:
    """One series of warrants as computed: its price, its dates and its total."""

    index: int  # position in securities.warrants (-1: the placement agent's warrants)
    name: str | None  # "Series A", or None for the one series of a deal
    label: str  # how the documents call the series' warrants: "Warrants", "Series A Warrants"
    prefix: str  # certificate numbers: W-1, A-1, PA-1
    exercise_price: Decimal | None  # None only while load() reports a missing Market Price
    initial_exercise: dt.date
    termination: dt.date
    termination_time: str | None  # a stated expiration time ("5:00 p.m., New York City time")
    warrant_shares: int  # all certificates of the series
    spec: Warrants = field(metadata=NOT_AUDITED, repr=False)

    @property
    def aggregate_exercise_price(self) -> Decimal | None:
        """What the holders pay on exercising every Warrant of the series in full for cash: its Warrant Shares x its
        Exercise Price (exact: both are fixed numbers; None while the price is missing)."""
        return None if self.exercise_price is None else self.warrant_shares * self.exercise_price


def exercise_amount(series: list[Series]) -> Decimal:
    """The cash payable on exercise in full of every Warrant of `series`: the sum of each one's Warrant Shares x
    Exercise Price (a series whose price is still missing counts nothing)."""
    return sum((s.aggregate_exercise_price or Decimal(0) for s in series), Decimal(0))


@dataclass(frozen=True)
class WarrantCertificate:
    """One warrant certificate: one holder, one series."""

    number: str  # "W-1", "A-2", "PA-1"
    series: int  # index into Figures.series
    holder: str
    investor: int | None  # index into the investors; None for the placement agent
    exact_warrant_shares: Decimal  # before the series' share rounding (a fixed number: the pro rata share)
    warrant_shares: int


@dataclass(frozen=True)
class Position:
    """One investor's part of the deal."""

    name: str
    subscription: Decimal  # the amount the investor commits: its subscription amount, or shares x price
    exact_shares: Decimal
    shares: int  # Shares (or Units) bought
    purchase_price: Decimal  # the amount actually paid: the lesser of the subscription and shares x Purchase Price
    unapplied: Decimal  # subscription - purchase_price, never negative (returned to the investor)
    exact_warrant_shares: Decimal  # all series, before rounding
    warrant_shares: int  # all series
    percent_of_deal: Decimal
    certificate_number: str | None  # the first warrant certificate (None without warrants)
    damages_base: Decimal
    damages_initial_monthly: Decimal
    damages_subsequent_monthly: Decimal
    damages_schedule: list[DamagesPeriod]
    paid_by: str = "subscription_amount"  # or "shares" (the term sheet states a number of shares)
    warrants: list[WarrantCertificate] = field(default_factory=list)

    @property
    def damages_example_total(self) -> Decimal:
        return sum((p.amount for p in self.damages_schedule), Decimal(0))

    @property
    def rounded_up(self) -> bool:
        """A subscription that bought a whole share more than it paid for in full (its amount is paid in full)."""
        return self.paid_by == "subscription_amount" and self.shares > self.exact_shares

    @property
    def warrant_numbers(self) -> str:
        return ", ".join(c.number for c in self.warrants)


@dataclass(frozen=True)
class Totals:
    subscription: Decimal
    shares: int
    purchase_price: Decimal
    warrant_shares: int  # the investors' warrants, all series

    @property
    def unapplied(self) -> Decimal:
        """Subscriptions not applied to whole shares (returned to the investors under the share rounding rule)."""
        return self.subscription - self.purchase_price


@dataclass(frozen=True)
class Agent:
    """The placement agent's compensation: a cash fee and its own warrants."""

    name: str
    fee: Decimal
    warrant_shares: int
    certificate: WarrantCertificate | None


@dataclass(frozen=True)
class Dates:
    """The registration deadlines as the Registration Rights Agreement counts them (under its business-day clause, or
    as they fall when it has none: `rolls` keeps the day counted and why it is not a business day), the Form D
    deadline, and the first series' exercise period."""

    market_price_days: list[dt.date]
    filing_deadline: dt.date
    effectiveness_deadline: dt.date
    full_review_effectiveness_deadline: dt.date
    warrant_initial_exercise: dt.date | None  # the first series' (None without warrants)
    warrant_termination: dt.date | None
    damages_example_start: dt.date
    form_d_first_sale: dt.date  # the date the first investor was irrevocably committed: the agreement date
    form_d_deadline: dt.date
    rolls: dict[str, Rolled]
    form_d_days: int = FORM_D_DAYS
    rra_convention: BusinessDayConvention = BusinessDayConvention.none  # the agreement's, or none without a clause
    # a deadline the agreement does not move off a weekend or holiday: the business day before it (to act by)
    act_by: dict[str, dt.date] = field(default_factory=dict)
    # the Form D of the first sale's time: the paper form before September 15, 2008, the electronic-era form after
    # (law.FORM_D_2008), and the rule that moves a due date off a weekend or holiday (law.form_d_roll_rule)
    form_d_paper: bool = False
    form_d_roll_rule: str = ""


@dataclass(frozen=True)
class Capitalization:
    authorized_common: int
    outstanding_before: int
    outstanding_after: int
    warrant_shares: int  # every series and the placement agent's warrants
    reserved_other: int
    reserved_total: int  # warrant shares + other reservations
    unissued_before: int
    headroom: int  # authorized - outstanding after - reserved total
    issuance_percent: Decimal  # (shares + warrant shares) / outstanding before
    ownership_after_percent: Decimal  # shares / outstanding after
    fully_diluted_after_percent: Decimal  # (shares + warrant shares) / (outstanding after + warrant shares)
    # the issuance: Shares + Warrant Shares (the 20% test's and the exchange notice's; its inputs are in the
    # capitalization's audit entry, so figures.json leaves it out)
    issuance: int = field(default=0, metadata=NOT_AUDITED)


@dataclass(frozen=True)
class Pending:
    """A figure the drafts state that rests on closing prices of Trading Days after the cover memo's date
    (figures/drafts.py): the memo names it, with the rule that sets it and the day it becomes known."""

    key: str  # price, shares, aggregate, warrant_shares, agent_fee, minimum_price
    name: str  # "Purchase Price", "Exercise Price of the Series A Warrants", "number of Shares"
    known_on: dt.date  # the last Trading Day of the window it is measured over
    value: Decimal | int  # as the drafts state it (computed from the term sheet's closing prices)
    term: "PriceTerm | None" = field(default=None, metadata=NOT_AUDITED)  # a price: the term sheet's rule
    base: str = ""  # a price: the price it is measured from ("Market Price" or "Purchase Price")
    series: int | None = None  # an Exercise Price or warrant_shares: the series' index (Series.index)
    rounding: "PriceRounding | None" = field(default=None, metadata=NOT_AUDITED)  # an amount's rounding rule


@dataclass(frozen=True)
class OpenItem:
    """Something a first draft leaves to another party to confirm before signing (figures/drafts.py): the cover
    memo lists it and the closing checklist carries it as a pre-signing step."""

    key: str  # damages_measure, disclosure_schedule
    responsible: str  # the checklist's party key: company, investors' counsel, ...


@dataclass(frozen=True)
class Figures:
    market_price: Decimal | None  # None only while load() reports a missing price (a fixed-price deal)
    market_prices: list[tuple[dt.date, Decimal]]
    purchase_price: Decimal
    exercise_price: Decimal | None  # the first series' (None without warrants)
    investors: list[Position]
    totals: Totals
    dates: Dates
    capitalization: Capitalization
    audit: dict[str, Audit] = field(default_factory=dict)
    series: list[Series] = field(default_factory=list)  # the investors' series, then the placement agent's
    certificates: list[WarrantCertificate] = field(default_factory=list)  # every warrant certificate, in set order
    agent: Agent | None = None
    net_proceeds: Decimal | None = None  # aggregate purchase price less the placement agent's cash fee
    market: "MarketPrice | None" = None  # the Market Price with its window, prices and average (pricing certificate)
    price_steps: list[PriceStep] = field(default_factory=list)
    minimum_price: MinimumPrice | None = None  # a Nasdaq market, from 2018-09-26, with the prices to measure it
    timetable: list[Step] = field(default_factory=list)  # in date order
    board_consent: dt.date | None = None
    outside_date: dt.date | None = None  # the current edition's termination date (None: the form as filed has none)
    draft_date: dt.date | None = None  # the cover memo's (figures/drafts.py)
    pending: list[Pending] = field(default_factory=list)  # figures not known on the draft date, in the drafts' order
    open_items: list[OpenItem] = field(default_factory=list)  # to be confirmed by others before signing

    def step(self, key: str) -> Step | None:
        return next((s for s in self.timetable if s.key == key), None)

    @property
    def investor_series(self) -> list[Series]:
        return [s for s in self.series if s.index >= 0]

    @property
    def warrant_exercise_amount(self) -> Decimal:
        """The cash payable on exercise in full of every investor's Warrant, all series: the amount Form D counts,
        beside the purchase price, as offered for the Warrant Shares (the placement agent's warrants are compensation,
        not offered to the investors)."""
        return exercise_amount(self.investor_series)

    @property
    def uses_market_price(self) -> bool:
        """A price of the deal is measured from the Market Price: the Purchase Price or the Exercise Price of any
        series, the placement agent's included (directly, or through a Purchase Price measured from it). The one rule
        for whether the Purchase Agreement defines the Market Price and the set has a Pricing Certificate: a deal whose
        prices are all fixed, or measured only from a fixed Purchase Price, has neither."""
        return any(step.base_name == "Market Price" for step in self.price_steps)

    @property
    def last_price_day(self) -> dt.date | None:
        """The last Trading Day whose closing price the Market Price averages (of either measure, when it is the lower
        of two); None without a Market Price."""
        if self.market is None:
            return None
        days = list(self.market.window.days) + (list(self.market.second.window.days) if self.market.second else [])
        return max(days) if days else None

    def market_known_on(self, day: dt.date) -> bool:
        """Whether the Market Price is known to a document dated `day`: every Trading Day it averages precedes `day`
        (a close is known when that day's trading ends, after a document of that date is signed). The one rule for
        the Board's resolutions, the form of warrant and the instructions attached at signing (`known_at_signing`),
        the form variance report's reasons and the cover memo's figures fixed at pricing (figures/drafts.py)."""
        last = self.last_price_day
        return last is None or last < day

    def known_at_signing(self, series: Series, signing: dt.date) -> bool:
        """Whether the series' Exercise Price is known when the Purchase Agreement is signed (on `signing`): fixed, or
        measured (directly, or through the Purchase Price) from a Market Price whose Trading Days all precede the
        signing. The form of warrant attached to the agreement states the figure only then, else the formula."""
        term = series.spec.exercise_price
        if term.fixed is not None:
            return True
        rests = term.base == "market_price" or any(
            s.name == "Purchase Price" and s.base_name == "Market Price" for s in self.price_steps)
        return not rests or self.market_known_on(signing)


@dataclass(frozen=True)
class PriceStep:
    """A price measured from another: `percent` of `base` (the Market Price or the Purchase Price) is `unrounded`,
    which `rounding` makes `value` (the pricing certificate shows each step)."""

    name: str  # "Purchase Price", "Exercise Price of the Series A Warrants"
    base_name: str  # "Market Price" or "Purchase Price"
    base: Decimal
    percent: Decimal
    unrounded: Decimal
    rounding: PriceRounding
    value: Decimal


@dataclass(frozen=True)
class MinimumPrice:
    """Nasdaq Rule 5635(d)'s Minimum Price: the lower of the Nasdaq Official Closing Price immediately preceding the
    signing and the average of the official closing prices of the five trading days preceding it (not rounded: the
    rule compares the price with the exact average)."""

    last_day: dt.date
    last_close: Decimal
    days: list[tuple[dt.date, Decimal]]  # the five trading days, oldest first
    average: Decimal
    value: Decimal
    source: str  # where the prices come from, for the audit trail: the official closing prices or the Market Price's
    official: bool = True  # the prices are Nasdaq's Official Closing Prices (given, or the Market Price's said to be)
    reported_by: str = "Nasdaq"  # who reports them: Nasdaq, or the Market Price's reporting source


@dataclass(frozen=True)
class Step:
    """One line of the closing timetable: what is due, by when, and the rule that sets the date."""

    key: str  # board_consent, exchange_notice, signing, press_release, form_8k, wire_instructions, closing, ...
    date: dt.date
    rule: str
    phase: str  # pre_signing, signing, pre_closing (after signing), closing, post_closing


@dataclass(frozen=True)
class MarketPrice:
    """The Market Price: the window of trading days, the prices given for them, and their rounded average (None while
    a day of the window has no price: figures/limits.py reports the missing days). With a second measure (lower_of)
    the Market Price is the lower of the two."""

    window: MarketPriceWindow
    prices: list[tuple[dt.date, Decimal]]
    missing: list[dt.date]
    value: Decimal | None
    second: "MarketPrice | None" = None
    average: Decimal | None = None  # the average before rounding (of this measure)


@dataclass(frozen=True)
class Prices:
    """The prices of the deal; a price measured from the Market Price is None while the Market Price is."""

    market: MarketPrice
    purchase_price: Decimal | None
    exercise_prices: list[Decimal | None]  # one per series of securities.warrants
    agent_exercise_price: Decimal | None = None  # the placement agent's warrants, if it has any
    steps: list["PriceStep"] = field(default_factory=list)  # each price measured from another, with its arithmetic

    @property
    def exercise_price(self) -> Decimal | None:
        return self.exercise_prices[0] if self.exercise_prices else None
