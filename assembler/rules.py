"""Every rounding rule and date convention the figures use, each with a name that the term sheet and the audit trail
cite. A rule is chosen by name in the term sheet; nothing rounds anywhere else.

Each rule carries its own words, in one place:
- `description`: the short statement of the rule that the audit trail (figures.json) records;
- `clause`: the contract wording a document uses when it states the rule (templates render `rule.clause` and never type
  a rule's words themselves; tests/render/test_rule_wording.py renders every value through the documents).
"""
from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from enum import Enum

from .format import wf


class ShareRounding(str, Enum):
    """How a dollar amount (or a coverage percentage) becomes a whole number of shares."""

    exact = "exact"  # the amount must buy a whole number of shares; anything else is an error
    down = "down"  # round down to a whole share (the fraction is not sold / paid in cash)
    nearest = "nearest"  # round to the nearest whole share, half a share rounding up
    up = "up"  # round up to the next whole share

    @property
    def description(self) -> str:
        return {
            "exact": "must be a whole number of shares (no rounding)",
            "down": "rounded down to a whole share",
            "nearest": "rounded to the nearest whole share, one-half rounded up",
            "up": "rounded up to a whole share",
        }[self.value]

    @property
    def clause(self) -> str:
        """Follows "the subscription amount divided by the Purchase Price, ..."."""
        return self.wording("share")

    def wording(self, unit: str = "share") -> str:
        """The clause for what is sold: "share", or "Unit" in a unit offering."""
        return {
            "exact": f"which shall be a whole number of {unit}s, no fractional {unit} being sold",
            "down": f"rounded down to the nearest whole {unit}",
            "nearest": f"rounded to the nearest whole {unit}, with one-half of a {unit} rounded up",
            "up": f"rounded up to the nearest whole {unit}",
        }[self.value]

    def apply(self, quantity: Decimal) -> int | None:
        """Whole shares for `quantity` under this rule; None when `exact` and quantity is fractional."""
        if self is ShareRounding.exact:
            return int(quantity) if quantity == quantity.to_integral_value() else None
        mode = {"down": ROUND_FLOOR, "nearest": ROUND_HALF_UP, "up": ROUND_CEILING}[self.value]
        return int(quantity.to_integral_value(rounding=mode))


class PriceRounding(str, Enum):
    """How a computed price (a percentage of a Market Price, an average) is rounded."""

    cent_half_up = "cent_half_up"
    cent_half_even = "cent_half_even"
    four_places_half_up = "four_places_half_up"
    none = "none"

    @property
    def description(self) -> str:
        return {
            "cent_half_up": "rounded to the nearest cent, one-half cent rounded up",
            "cent_half_even": "rounded to the nearest cent, one-half cent rounded to the even cent",
            "four_places_half_up": "rounded to four decimal places, one-half rounded up",
            "none": "not rounded (exact quotient, 28 significant digits)",
        }[self.value]

    @property
    def clause(self) -> str:
        """Follows a computed price: "110% of the Market Price, ...". Four places never says "nearest cent"."""
        return {
            "cent_half_up": "rounded to the nearest cent, with one-half cent rounded up",
            "cent_half_even": "rounded to the nearest cent, with one-half cent rounded to the nearest even cent",
            "four_places_half_up": "rounded to the nearest one-hundredth of a cent (four decimal places), with "
            "one-half of one-hundredth of a cent rounded up",
            "none": "without rounding",
        }[self.value]

    @property
    def places(self) -> int | None:
        """The decimal places the rule rounds to (a price so rounded is shown with all of them), None if it does not."""
        return {"four_places_half_up": 4, "none": None}.get(self.value, 2)

    def apply(self, value: Decimal) -> Decimal:
        if self is PriceRounding.none:
            return value
        places = Decimal("0.0001") if self is PriceRounding.four_places_half_up else Decimal("0.01")
        mode = ROUND_HALF_EVEN if self is PriceRounding.cent_half_even else ROUND_HALF_UP
        return value.quantize(places, rounding=mode)


CENT = PriceRounding.cent_half_up  # the rule for money amounts (purchase price x shares is exact; damages are not)


class BusinessDayConvention(str, Enum):
    """How a deadline that falls on a non-business day moves."""

    none = "none"
    following = "following"
    modified_following = "modified_following"
    preceding = "preceding"

    @property
    def description(self) -> str:
        return {
            "none": "not adjusted (a deadline may fall on a weekend or holiday)",
            "following": "moved to the next business day",
            "modified_following": "moved to the next business day unless that is in the next month, then the previous one",
            "preceding": "moved to the previous business day",
        }[self.value]

    @property
    def clause(self) -> str:
        """Follows "a deadline that falls on a day that is not a business day ..."."""
        return {
            "none": "is neither extended nor shortened",
            "following": "is extended to the next succeeding business day",
            "modified_following": "is extended to the next succeeding business day, unless that day falls in the "
            "following calendar month, in which case it is the immediately preceding business day",
            "preceding": "is the immediately preceding business day",
        }[self.value]

    @property
    def date_clause(self) -> str:
        """Follows a date stated as a rule ("the date that is five (5) years after the Initial Exercise Date"): how the
        date moves off a day that is not a business day, in the Warrant's own test of one (its "Saturdays, Sundays,
        Holidays" section: a Saturday, Sunday or legal holiday, the federal holidays the date is computed with);
        empty when it does not move."""
        if self is BusinessDayConvention.none:
            return ""
        off = "day that is not a Saturday, Sunday or legal holiday"
        moved = {
            "following": f"the next succeeding {off}",
            "modified_following": f"the next succeeding {off}, unless that day falls in the following calendar "
            "month, in which case the immediately preceding such day",
            "preceding": f"the immediately preceding {off}",
        }[self.value]
        return f" (or, if that date is a Saturday, Sunday or legal holiday, {moved})"


class Proration(str, Enum):
    """How liquidated damages accrue for part of a month."""

    thirty_day_months = "thirty_day_months"
    actual_days = "actual_days"

    @property
    def description(self) -> str:
        return {
            "thirty_day_months": "each month is one of consecutive periods of 30 days, the first beginning on the "
            "first day of the default; a day of a part month accrues 1/30 of the monthly amount",
            "actual_days": "each month begins on the first day of the default (or a monthly anniversary of it, the "
            "last day of a shorter month standing for a day it lacks) and ends on the day before the next anniversary; "
            "a day of a part month accrues the monthly amount divided by the number of days in that month",
        }[self.value]

    @property
    def clause(self) -> str:
        """Follows "liquidated damages ... (...)" in the Registration Rights Agreement: how long a month is, from when
        it is counted and what a day of a part month accrues, so that a month spanning two calendar months has one
        reading (figures/compute.py damages_schedule counts the months so)."""
        thirty = wf(30)
        return {
            "thirty_day_months": f"pro rated on a daily basis for any period of less than {thirty} days, each month "
            f"being one of consecutive periods of {thirty} days, the first beginning on the first day of the "
            "Registration Default, and each day of a month of which only part is in default accruing one-thirtieth of "
            "the amount for that month",
            "actual_days": "pro rated on a daily basis, each month being the period beginning on the first day of the "
            "Registration Default, or on a monthly anniversary of that day, and ending on the day before the next "
            "monthly anniversary (a monthly anniversary being the day of the same number in a later calendar month "
            "or, if that calendar month has no day of that number, its last day), and each day of a month of which "
            "only part is in default accruing the amount for that month divided by the number of days in that month",
        }[self.value]


class PriceKind(str, Enum):
    """Which daily price of the Common Stock the Market Price averages."""

    closing_bid = "closing_bid"
    closing_sale = "closing_sale"
    vwap = "vwap"

    @property
    def description(self) -> str:
        return self.phrase

    @property
    def phrase(self) -> str:
        return {"closing_bid": "closing bid prices", "closing_sale": "closing sale prices",
                "vwap": "volume-weighted average prices"}[self.value]

    @property
    def clause(self) -> str:
        """Follows "the average of the ..."."""
        return {"closing_bid": "closing bid prices", "closing_sale": "closing sale prices",
                "vwap": "daily volume-weighted average prices"}[self.value]


class Anchor(str, Enum):
    """The trading day the Market Price window ends on (for a pricing date: on that day, itself a trading day)."""

    trading_day_before_closing = "trading_day_before_closing"
    trading_day_before_agreement = "trading_day_before_agreement"
    pricing_date = "pricing_date"

    @property
    def description(self) -> str:
        return {
            "trading_day_before_closing": "ending on the Trading Day immediately prior to the Closing Date",
            "trading_day_before_agreement": "ending on the Trading Day immediately prior to the date of the Agreement",
            "pricing_date": "ending on the pricing date (a trading day stated in the term sheet)",
        }[self.value]

    @property
    def clause(self) -> str:
        """Follows "... Trading Day period ending on" in the Purchase Agreement (the Pricing Date is defined there)."""
        return {
            "trading_day_before_closing": "the Trading Day immediately prior to the Closing Date",
            "trading_day_before_agreement": "the Trading Day immediately prior to the date of this Agreement",
            "pricing_date": "the Pricing Date",
        }[self.value]


class TermFrom(str, Enum):
    """What a warrant's term of months or years is counted from."""

    initial_exercise = "initial_exercise"
    issuance = "issuance"

    @property
    def description(self) -> str:
        return {"initial_exercise": "Initial Exercise Date", "issuance": "date of issuance (the Closing Date)"}[
            self.value]

    @property
    def clause(self) -> str:
        """Follows "a term of five (5) years from"."""
        # in words, not the Warrant's defined term: the documents that state the term (the Form D data sheet) do not
        # define "Initial Exercise Date"
        return {"initial_exercise": "the initial exercise date", "issuance": "the date of issuance"}[self.value]


class DamagesBase(str, Enum):
    market_value_at_closing = "market_value_at_closing"
    purchase_price = "purchase_price"

    @property
    def description(self) -> str:
        return {
            "market_value_at_closing": "Shares held x the Market Price as of the Closing Date",
            "purchase_price": "the aggregate Purchase Price paid for the Shares held",
        }[self.value]

    @property
    def clause(self) -> str:
        """What the monthly liquidated damages rate of the Registration Rights Agreement is a percentage of."""
        return {
            "market_value_at_closing": "the aggregate market value as of the Closing Date of shares of Common Stock "
            "purchased from the Company and still held by such Investor",
            "purchase_price": "the aggregate Purchase Price paid for the Shares purchased from the Company and still "
            "held by such Investor",
        }[self.value]

    def held_by(self, holder: str) -> str:
        """The clause with the holder it names: "such Investor" after "pay each Investor" (several Investors), "the
        Investor" when there is one (no "such" without a class to pick from)."""
        return self.clause.removesuffix("such Investor") + holder


class HouseRule:
    """A rule the house always applies (the term sheet chooses none), with its words like the named rules'."""

    def __init__(self, description: str, clause: str) -> None:
        self.description, self.clause = description, clause


# a percentage of the Shares or of the Common Stock outstanding (figures/compute.py percent_of)
PERCENT_ROUNDING = HouseRule("percentages rounded to two decimal places, one-half rounded up",
                             "rounded to two decimal places, one-half rounded up")
# a fixed number of warrant shares split among the investors (figures/warrants.py allocate: largest remainder)
ALLOCATION = HouseRule("allocated pro rata to the Shares purchased, each holder's share rounded down, the warrant "
                       "shares left over going one each to the largest fractions (the earlier investor first on a tie)",
                       "allocated among the Investors pro rata to the Shares they purchase, each Investor's share "
                       "rounded down to a whole share and the shares left over allocated one each to the largest "
                       "fractions")
