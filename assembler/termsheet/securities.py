"""What is sold and at what price: the securities (shares, units, warrant series), the Purchase Price and Exercise
Price terms, and the Market Price they are measured from.

Every choice is named, with a default that keeps a term sheet written before it meaning what it meant:
- a price is `fixed`, a `percent_of_market_price`, a `discount_percent` from the Market Price, or (an Exercise Price
  only) a `percent_of_purchase_price`, each under a named `rounding` rule;
- `warrants` is one series (a mapping) or several (a list, each with a `name`), or absent (common stock only);
- a series covers a percentage of each investor's Shares (`coverage_percent`), a fraction of a warrant share per Unit
  (`per_unit`) or a fixed number of warrant shares (`warrant_shares`, allocated among the investors pro rata);
- it becomes exercisable on a `date`, or `days_after_closing` / `months_after_closing`, and expires after
  `term_years` / `term_months` counted from the Initial Exercise Date (`term_from: initial_exercise`, the default) or
  from issuance (`term_from: issuance`), or on a stated `expiration.date` (and `expiration.time`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Annotated, Optional

from pydantic import BeforeValidator, ConfigDict, Field, field_validator, model_validator

from assembler.format import wf
from assembler.rules import Anchor, BusinessDayConvention, PriceKind, PriceRounding, ShareRounding, TermFrom
from assembler.termsheet.types import (MAX_SHARES, Date, Days, Discount, Fraction, Model, Money, Percent, Price, Text,
                                       exactly_one_of)


class PriceTerm(Model):
    """A price: fixed, or measured from the Market Price (or, for an Exercise Price, from the Purchase Price), under
    a named rounding rule."""

    model_config = exactly_one_of(("fixed", "percent_of_market_price", "discount_percent", "percent_of_purchase_price"))

    fixed: Optional[Price] = None
    percent_of_market_price: Optional[Percent] = None
    discount_percent: Optional[Discount] = None  # a discount from the Market Price: (100 - discount)% of it
    percent_of_purchase_price: Optional[Percent] = None  # an Exercise Price only (a premium to the Purchase Price)
    rounding: PriceRounding = PriceRounding.cent_half_up

    @model_validator(mode="after")
    def _one_of(self):
        given = [self.fixed, self.percent_of_market_price, self.discount_percent, self.percent_of_purchase_price]
        if sum(v is not None for v in given) != 1:
            raise ValueError("give exactly one of 'fixed' (a price), 'percent_of_market_price', 'discount_percent' "
                             "or 'percent_of_purchase_price'")
        return self

    @property
    def percent(self) -> Decimal | None:
        """The percentage of the base price (Market Price or Purchase Price); None for a fixed price."""
        if self.discount_percent is not None:
            return Decimal(100) - self.discount_percent
        return self.percent_of_market_price if self.percent_of_market_price is not None \
            else self.percent_of_purchase_price

    @property
    def base(self) -> str | None:
        """"market_price", "purchase_price", or None for a fixed price."""
        if self.fixed is not None:
            return None
        return "purchase_price" if self.percent_of_purchase_price is not None else "market_price"


class InitialExercise(Model):
    """The warrant's Initial Exercise Date: a date, or a delay after the Closing Date."""

    model_config = exactly_one_of(("date", "days_after_closing", "months_after_closing"))

    date: Optional[Date] = None
    days_after_closing: Optional[Annotated[int, Field(ge=0, le=3650)]] = None
    months_after_closing: Optional[Annotated[int, Field(ge=0, le=120)]] = None

    @model_validator(mode="after")
    def _one_of(self):
        if sum(v is not None for v in (self.date, self.days_after_closing, self.months_after_closing)) != 1:
            raise ValueError("give exactly one of 'date', 'days_after_closing' or 'months_after_closing'")
        return self

    def words(self, issued: str) -> str | None:
        """The date as a document states it before it is known (the Warrants are issued at the Closing, which may
        move): "the date that is six (6) months after" `issued` (the document's name for the Closing Date); None for a
        date the term sheet fixes."""
        if self.date is not None:
            return None
        count, unit = ((self.days_after_closing, "day") if self.days_after_closing is not None
                       else (self.months_after_closing, "month"))
        return issued if count == 0 else later(count, unit, issued)


def later(count: int, unit: str, start: str) -> str:
    """"the date that is six (6) months after" `start`: a date stated as its rule (`unit` day, month or year)."""
    return f"the date that is {wf(count)} {unit}{'' if count == 1 else 's'} after {start}"


class Expiration(Model):
    """A stated expiration: a date and, optionally, the time of day (\"5:00 p.m., New York City time\")."""

    date: Date
    time: Optional[Annotated[str, Field(min_length=1, max_length=60)]] = None


class Warrants(Model):
    """One series of warrants."""

    model_config = exactly_one_of(("coverage_percent", "per_unit", "warrant_shares"),
                                  ("term_years", "term_months", "expiration"))

    name: Optional[Annotated[str, Field(min_length=1, max_length=40)]] = None  # "Series A"; needed with 2+ series
    coverage_percent: Optional[Percent] = None
    per_unit: Optional[Fraction] = None  # warrant shares per Unit (units only): 0.5 = one-half
    warrant_shares: Optional[Annotated[int, Field(ge=1, le=MAX_SHARES)]] = None  # a fixed number, allocated pro rata
    share_rounding: ShareRounding = ShareRounding.down
    exercise_price: PriceTerm
    initial_exercise: InitialExercise
    term_years: Optional[Annotated[int, Field(ge=1, le=30)]] = None
    term_months: Optional[Annotated[int, Field(ge=1, le=360)]] = None
    term_from: TermFrom = TermFrom.initial_exercise
    expiration: Optional[Expiration] = None
    termination_convention: BusinessDayConvention = BusinessDayConvention.none
    delivery_trading_days: Days = 3
    cashless_exercise_after_months: Annotated[int, Field(ge=0, le=120)] = 12
    fractional_share_settlement: Text = "cash at the Exercise Price"
    corporate_action_notice_days: Days = 30

    @field_validator("fractional_share_settlement")
    @classmethod
    def _fraction_as_the_warrant_pays_it(cls, value):
        """The Warrant (its "No Fractional Shares or Scrip" section, the form's words) pays cash equal to the fraction
        multiplied by the Exercise Price, and the transfer agent instructions repeat those words: no other settlement
        is drafted, so a term sheet may not ask for one that no document would say."""
        if " ".join(value.split()).lower() != "cash at the exercise price":
            raise ValueError("the Warrant pays cash for a fraction of a share, equal to the fraction multiplied by the "
                             "Exercise Price, and no other settlement is drafted: write 'cash at the Exercise Price' "
                             "or leave the field out")
        return value

    @model_validator(mode="after")
    def _one_of(self):
        if sum(v is not None for v in (self.coverage_percent, self.per_unit, self.warrant_shares)) != 1:
            raise ValueError("give exactly one of 'coverage_percent', 'per_unit' (units) or 'warrant_shares'")
        if sum(v is not None for v in (self.term_years, self.term_months, self.expiration)) != 1:
            raise ValueError("give exactly one of 'term_years', 'term_months' or 'expiration'")
        return self

    def termination_words(self, issued: str, initial: str) -> str | None:
        """The Termination Date as a document states it before it is known: "the date that is five (5) years after"
        `initial` (its name for the Initial Exercise Date) or `issued` (its name for the Closing Date), as the term
        is counted, and how it moves off a day that is not a business day; None when the date does not depend on the
        Closing (stated, or counted from an Initial Exercise Date the term sheet fixes)."""
        if self.expiration is not None or (self.term_from is TermFrom.initial_exercise
                                           and self.initial_exercise.date is not None):
            return None
        count, unit = (self.term_years, "year") if self.term_years is not None else (self.term_months, "month")
        start = initial if self.term_from is TermFrom.initial_exercise else issued
        return later(count, unit, start) + self.termination_convention.date_clause

    @property
    def coverage(self) -> Decimal | None:
        """Warrant shares per Share (or Unit) as a percentage; None for a fixed number of warrant shares."""
        if self.per_unit is not None:
            return self.per_unit * 100
        return self.coverage_percent


MAX_SERIES = 6  # warrant series in one deal


def _one_or_many(value):
    """`warrants:` is one series (a mapping) or several (a list)."""
    return [value] if isinstance(value, dict) else value


def _one_or_many_schema(schema: dict) -> None:
    """In the JSON Schema too: one series (a mapping) or a list of series, so that an editor accepts both forms."""
    items = schema.pop("items")
    listed = {"type": schema.pop("type"), "items": items}
    if "maxItems" in schema:
        listed["maxItems"] = schema.pop("maxItems")
    schema["anyOf"] = [items, listed]


@dataclass(frozen=True)
class Structure:
    """A structure of the offering: whether the investors buy Units, and how many warrant series there are (0, 1, or
    2 for two or more). termsheet/structures.py reads it off a term sheet and changes one into another."""

    key: str
    title: str
    description: str
    units: bool
    series: int


STRUCTURES = (
    Structure("shares", "Shares only", "common stock alone, no warrants", False, 0),
    Structure("shares_and_warrants", "Shares and warrants",
              "Shares, and a warrant for a percentage of them (coverage) or a fixed number", False, 1),
    Structure("units", "Units", "each Unit is one Share and a fraction of a warrant share (per_unit)", True, 1),
    Structure("warrant_series", "Several warrant series",
              "Shares and two or more series of warrants (Series A, Series B ...), each on its own terms", False, 2),
    Structure("units_warrant_series", "Units, several warrant series",
              "each Unit is one Share and a fraction of a warrant share of each series", True, 2),
)


class Securities(Model):
    model_config = ConfigDict(json_schema_extra={"x-structures": [asdict(s) for s in STRUCTURES]})

    units: bool = False  # the investors buy Units, each one Share and `per_unit` of a warrant share of each series
    aggregate_amount: Optional[Money] = None
    # a Purchase Price cannot be a premium to itself (validate.py refuses it): the form does not offer that choice
    purchase_price: Annotated[PriceTerm, Field(json_schema_extra={"x-not-offered": ["percent_of_purchase_price"]})]
    share_rounding: ShareRounding = ShareRounding.exact
    warrants: Annotated[list[Warrants], BeforeValidator(_one_or_many),
                        Field(max_length=MAX_SERIES, json_schema_extra=_one_or_many_schema)] = []


class Measure(Model):
    """An average of daily prices over a window of trading days."""

    trading_days: Annotated[int, Field(ge=1, le=60)]
    price_kind: PriceKind
    anchor: Anchor
    pricing_date: Optional[Date] = None  # with anchor: pricing_date, the last trading day of the window
    closing_prices: dict[Date, Price]

    @model_validator(mode="after")
    def _pricing_date(self):
        if (self.anchor is Anchor.pricing_date) != (self.pricing_date is not None):
            raise ValueError("'pricing_date' is given with, and only with, anchor: pricing_date")
        return self


class MarketPrice(Measure):
    """The Market Price the documents define: one measure, or the lower of it and a second (`lower_of`)."""

    reporting_source: Text
    # the closing sale prices given are the Nasdaq Official Closing Prices, as reporting_source reports them (a data
    # vendor's closing price of a Nasdaq security is normally the NOCP, but the term sheet must say so): Nasdaq Rule
    # 5635(d)'s Minimum Price is then measured from them, and the Pricing Certificate names them so
    nasdaq_official: bool = False
    rounding: PriceRounding = PriceRounding.four_places_half_up
    lower_of: Optional[Measure] = None


__all__ = ["PriceTerm", "InitialExercise", "Expiration", "TermFrom", "Warrants", "Securities", "Measure",
           "MarketPrice", "Structure", "STRUCTURES"]
