"""The term-sheet model: every deal-specific fact the closing set needs, typed and checked field by field.

Field names are the YAML keys and the names templates use (`ts.company.name`). Unknown keys are errors
(`extra="forbid"`). Money and prices are Decimal parsed from the text typed (see termsheet/source.py); counts are int.
Rules that involve more than one field live in termsheet/validate.py.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Optional

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from assembler.rules import (Anchor, BusinessDayConvention, DamagesBase, PriceKind, PriceRounding, Proration,
                    ShareRounding)


def _plain_decimal(value):
    """Accept `1394400.00`, `1,394,400.00` or `$1,394,400.00` as text; refuse floats and anything else."""
    if isinstance(value, float):
        raise ValueError("a money value must be written as text, not read through float")
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        if text.startswith("$"):
            text = text[1:]
        return text
    return value


def _finite(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError("must be a finite number")
    return value


def _cents(value: Decimal) -> Decimal:
    if value.as_tuple().exponent < -2:
        raise ValueError(f"{value} has more than two decimal places; a dollar amount is whole cents")
    return value


def _price_places(value: Decimal) -> Decimal:
    if value.as_tuple().exponent < -6:
        raise ValueError(f"{value} has more than six decimal places")
    return value


Money = Annotated[Decimal, BeforeValidator(_plain_decimal), AfterValidator(_finite), AfterValidator(_cents),
                  Field(gt=0)]
Price = Annotated[Decimal, BeforeValidator(_plain_decimal), AfterValidator(_finite), AfterValidator(_price_places),
                  Field(gt=0)]
Percent = Annotated[Decimal, BeforeValidator(_plain_decimal), AfterValidator(_finite), Field(gt=0, le=1000)]
Count = Annotated[int, Field(ge=0)]
Days = Annotated[int, Field(ge=1, le=3650)]
Text = Annotated[str, Field(min_length=1)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


def exactly_one_of(*names: str) -> ConfigDict:
    """For a model whose validator wants exactly one of `names`: says so in the JSON Schema too (oneOf), so that an
    editor, `assemble new` and the web form offer the choice."""
    return ConfigDict(json_schema_extra={"oneOf": [{"required": [name]} for name in names]})


class Address(Model):
    lines: list[Text] = Field(min_length=1)
    city: Text
    state: Optional[Text] = None
    postal_code: Optional[Text] = None
    country: Optional[Text] = None

    @property
    def as_lines(self) -> list[str]:
        last = self.city
        if self.state:
            last += f", {self.state}"
        if self.postal_code:
            last = f"{self.postal_code} {last}" if self.country else f"{last} {self.postal_code}"
        out = list(self.lines) + [last]
        if self.country:
            out.append(self.country)
        return out


class Contact(Model):
    attention: Optional[Text] = None
    telephone: Optional[Text] = None
    fax: Optional[Text] = None
    email: Optional[Text] = None


class Counsel(Model):
    firm: Text
    attention: Optional[Text] = None
    address: Address
    telephone: Optional[Text] = None
    fax: Optional[Text] = None
    email: Optional[Text] = None


class Person(Model):
    name: Text
    title: Text
    capacity: Optional[Text] = None


class SecDocuments(Model):
    annual_report_form: Text = "10-K"
    fiscal_year_end: dt.date


class Company(Model):
    name: Text
    entity_type: Text = "corporation"
    state_of_incorporation: Text
    address: Address
    notice: Contact
    counsel: Counsel
    signatory: Person
    secretary: Optional[Person] = None
    sec_documents: SecDocuments
    last_balance_sheet_date: dt.date
    tax_reserves_since: dt.date


class Investor(Model):
    name: Text
    entity_type: Text
    amount: Money
    address: Address
    fax: Optional[Text] = None
    email: Optional[Text] = None
    copies_to: Optional[Text] = None
    signatory: Person


class InvestorsCounsel(Model):
    name: Text
    firm: Text
    address: Address
    telephone: Optional[Text] = None
    fax: Optional[Text] = None
    email: Optional[Text] = None


class PriceTerm(Model):
    """A price that is either a fixed amount or a percentage of the Market Price, under a named rounding rule."""

    model_config = exactly_one_of("fixed", "percent_of_market_price")

    fixed: Optional[Price] = None
    percent_of_market_price: Optional[Percent] = None
    rounding: PriceRounding = PriceRounding.cent_half_up

    @model_validator(mode="after")
    def _one_of(self):
        if (self.fixed is None) == (self.percent_of_market_price is None):
            raise ValueError("give exactly one of 'fixed' (a price) or 'percent_of_market_price'")
        return self


class InitialExercise(Model):
    """The warrant's Initial Exercise Date: a date, or a delay after the Closing Date."""

    model_config = exactly_one_of("date", "months_after_closing")

    date: Optional[dt.date] = None
    months_after_closing: Optional[Annotated[int, Field(ge=0, le=120)]] = None

    @model_validator(mode="after")
    def _one_of(self):
        if (self.date is None) == (self.months_after_closing is None):
            raise ValueError("give exactly one of 'date' or 'months_after_closing'")
        return self


class Warrants(Model):
    coverage_percent: Percent
    share_rounding: ShareRounding = ShareRounding.down
    exercise_price: PriceTerm
    initial_exercise: InitialExercise
    term_years: Annotated[int, Field(ge=1, le=30)]
    termination_convention: BusinessDayConvention = BusinessDayConvention.none
    delivery_trading_days: Days = 3
    cashless_exercise_after_months: Annotated[int, Field(ge=0, le=120)] = 12
    fractional_share_settlement: Text = "cash at the Exercise Price"
    corporate_action_notice_days: Days = 30


class Securities(Model):
    aggregate_amount: Optional[Money] = None
    purchase_price: PriceTerm
    share_rounding: ShareRounding = ShareRounding.exact
    warrants: Warrants


class MarketPrice(Model):
    trading_days: Annotated[int, Field(ge=1, le=60)]
    price_kind: PriceKind
    anchor: Anchor
    reporting_source: Text
    rounding: PriceRounding = PriceRounding.four_places_half_up
    closing_prices: dict[dt.date, Price]


class PrincipalMarket(Model):
    name: Text
    calendar: Text = "NYSE"
    shareholder_approval_threshold_percent: Percent = Decimal(20)


class Capitalization(Model):
    authorized_common: Annotated[int, Field(gt=0)]
    common_par_value: Price
    authorized_preferred: Count = 0
    preferred_par_value: Optional[Price] = None
    outstanding_common: Count
    outstanding_preferred: Count = 0
    outstanding_as_of: dt.date
    reserved_for_other_options_and_warrants: Count = 0
    future_financing_option_cap: Count = 0


class FutureFinancing(Model):
    discount_sale_standstill_days: Days


class AdditionalRegistration(Model):
    filing_days: Days
    effectiveness_days: Days
    full_review_effectiveness_days: Days


class LiquidatedDamages(Model):
    base: DamagesBase
    initial_rate_percent: Percent
    initial_months: Annotated[int, Field(ge=0, le=120)]
    subsequent_rate_percent: Percent
    proration: Proration
    repurchase_election_trading_days: Days
    repurchase_payment_trading_days: Days
    payment_calendar_days: Days
    example_default_days: Annotated[int, Field(ge=1, le=3650)] = 90


class Blackout(Model):
    max_days_per_12_months: Days
    filing_delay_days: Days
    notice_trading_days: Days


class Window(Model):
    start_days: Days
    end_days: Days


class RegistrationRights(Model):
    form: Text = "S-3"
    filing_days: Days
    effectiveness_days: Days
    full_review_effectiveness_days: Days
    acceleration_request_days: Days
    effectiveness_notice_trading_days: Days = 1
    additional_registration: AdditionalRegistration
    investor_review_trading_days: Days
    comment_letter_trading_days: Days
    business_day_convention: BusinessDayConvention = BusinessDayConvention.following
    liquidated_damages: LiquidatedDamages
    blackout: Blackout
    fiscal_year_update_window: Window


class Forum(Model):
    law: Text
    arbitration_seat: Optional[Text] = None
    arbitrators: Optional[Annotated[int, Field(ge=1, le=9)]] = None
    decision_days: Optional[Days] = None
    arbitration: Optional[Text] = None


class GoverningLaw(Model):
    purchase_agreement: Forum
    warrant: Forum
    registration_rights: Forum


class Broker(Model):
    name: Text


class TransferAgent(Model):
    name: Text
    address: Address
    attention: Optional[Text] = None
    telephone: Optional[Text] = None
    fax: Optional[Text] = None
    email: Optional[Text] = None
    dwac_eligible: bool = False


class AcceptedFinding(Model):
    """A document-check finding the lawyers reviewed and accept for this deal, with the reason (e.g. the form's
    Warrant is governed by New York law while the agreements are governed by Massachusetts law)."""

    check: Text
    document: Optional[Text] = None  # a document id (warrant), or all documents
    reason: Annotated[str, Field(min_length=10)]


class Deal(Model):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$")]
    title: Text


class TermSheet(Model):
    deal: Deal
    agreement_date: dt.date
    closing_date: dt.date
    company: Company
    investors_counsel: Optional[InvestorsCounsel] = None
    investors: list[Investor] = Field(min_length=1)
    securities: Securities
    market_price: MarketPrice
    principal_market: PrincipalMarket
    shareholder_approval_obtained: bool = False
    capitalization: Capitalization
    future_financing: FutureFinancing
    registration_rights: RegistrationRights
    governing_law: GoverningLaw
    broker: Optional[Broker] = None
    transfer_agent: TransferAgent
    accepted_findings: list[AcceptedFinding] = []
