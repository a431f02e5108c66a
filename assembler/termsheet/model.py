"""The term-sheet model: every deal-specific fact the closing set needs, typed and checked field by field.

Field names are the YAML keys and the names templates use (`ts.company.name`). Unknown keys are errors
(`extra="forbid"`). Money and prices are Decimal parsed from the text typed (see termsheet/source.py); counts are int.
Scalar types and their bounds are in termsheet/types.py; the securities, prices and warrants in
termsheet/securities.py. Rules that involve more than one field live in termsheet/validate.py (input rules) and
figures/limits.py (limits on the computed figures).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Optional

from pydantic import BeforeValidator, Field, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

from assembler.law import Charter, Edition, Market, charter
from assembler.rules import BusinessDayConvention, DamagesBase, Proration
from assembler.termsheet.securities import (Expiration, InitialExercise, MarketPrice, Measure, PriceTerm, Securities,
                                            Warrants)
from assembler.termsheet.signatory import MAX_TIERS, Tier, capacity_moved
from assembler.termsheet.types import (MAX_SHARES, Amount, Count, Date, Days, FeePercent, Model, Money, Percent, Price,
                                       Prose, Text, exactly_one_of)

__all__ = ["TermSheet", "Address", "Investor", "PriceTerm", "Warrants", "InitialExercise", "Expiration", "MarketPrice",
           "Measure", "Securities", "PlacementAgent", "EscrowAgent", "DisclosureSchedule", "Director", "Officer"]



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
    """Who signs: a person, with his or her own title, and the chain of entities he or she signs through (`through`:
    outermost first, at most three), so that an entity signs "By: <GP>, its general partner / By: ____"."""

    name: Text
    title: Text
    through: Annotated[list[Tier], Field(max_length=MAX_TIERS)] = []
    # the one-line capacity of earlier term sheets ("As General Partner"): refused with a message saying how to write
    # the chain instead (signatory.CAPACITY_MOVED); not in the JSON Schema, the skeleton or the reference
    capacity: SkipJsonSchema[Optional[str]] = None

    @field_validator("capacity")
    @classmethod
    def _capacity_moved(cls, value):
        if value is not None:
            raise ValueError(capacity_moved(value))
        return value


class Director(Model):
    """A member of the Board of Directors: signs the Board's unanimous written consent."""

    name: Text
    title: Optional[Text] = None  # "Chairman of the Board"; every director signs as "Director"


class Officer(Model):
    """An executive officer of the Company (Rule 501(f)) other than the signing officer and the Secretary: completes a
    Rule 506(d) bad-actor questionnaire (current edition)."""

    name: Text
    title: Text


class SecDocuments(Model):
    annual_report_form: Text = "10-K"
    fiscal_year_end: Date


class Company(Model):
    name: Text
    entity_type: Text = "corporation"
    state_of_incorporation: Text
    address: Address
    notice: Contact
    counsel: Counsel
    signatory: Person
    secretary: Person
    directors: list[Director] = Field(min_length=1, max_length=25)
    # executive officers besides the signatory and the secretary (a CFO): each completes a bad-actor questionnaire
    executive_officers: list[Officer] = Field(default=[], max_length=25)
    sec_documents: SecDocuments
    last_balance_sheet_date: Date
    tax_reserves_since: Date

    @property
    def charter(self) -> Charter:
        """The charter document by the law of the state of incorporation (law.charter: "articles of incorporation"
        for Nevada, "certificate of incorporation" for Delaware)."""
        return charter(self.state_of_incorporation, self.entity_type)


class Investor(Model):
    """An investor and what it buys: a subscription `amount` (whole Shares or Units under securities.share_rounding,
    never more than the amount paid) or a number of `shares` (Units, in a unit offering) at the Purchase Price."""

    model_config = exactly_one_of(("amount", "shares"))

    name: Text
    entity_type: Text
    amount: Optional[Money] = None
    shares: Optional[Annotated[int, Field(ge=1, le=MAX_SHARES)]] = None
    address: Address
    fax: Optional[Text] = None
    email: Optional[Text] = None
    copies_to: Optional[Text] = None
    signatory: Person

    @property
    def individual(self) -> bool:
        """An investor who is a natural person (`entity_type: individual`): signs in his or her own name, with no
        "By:", name and title under it (the Warrant's Notice of Exercise)."""
        return self.entity_type.strip().lower() in ("individual", "natural person")

    @model_validator(mode="after")
    def _one_of(self):
        if (self.amount is None) == (self.shares is None):
            raise ValueError("give exactly one of 'amount' (a subscription amount) or 'shares' (a number of shares, "
                             "or of Units in a unit offering)")
        return self


class InvestorsCounsel(Model):
    name: Text
    firm: Text
    address: Address
    telephone: Optional[Text] = None
    fax: Optional[Text] = None
    email: Optional[Text] = None


class PrincipalMarket(Model):
    name: Market
    calendar: Text = "NYSE"
    shareholder_approval_threshold_percent: Percent = Decimal(20)
    # the Nasdaq Official Closing Prices of the five trading days before the agreement date (Rule 5635(d)'s Minimum
    # Price); not needed when the Market Price table gives closing sale prices for those days
    official_closing_prices: Optional[dict[Date, Price]] = None


class Capitalization(Model):
    authorized_common: Annotated[Count, Field(gt=0)]
    common_par_value: Price
    authorized_preferred: Count = 0
    preferred_par_value: Optional[Price] = None
    outstanding_common: Count
    outstanding_preferred: Count = 0
    outstanding_as_of: Date
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
    # base market_value_at_closing: the closing price on the Closing Date the worked example assumes (the agreement
    # measures the market value as of the Closing Date at that day's closing price, not known when drafting)
    example_closing_price: Annotated[Optional[Price], Field(json_schema_extra={
        "x-needed-when": {"base": "market_value_at_closing"}})] = None
    # base market_value_at_closing: the Investors' counsel has confirmed the measure the draft gives the form's
    # doubtful words (the closing price on the Closing Date, Registration Rights Agreement 3(e)); until then the
    # cover memo asks them to and the closing checklist carries it as an open item before signing
    measure_confirmed: bool = False


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
    # None: the edition's own (the form as filed has no business-day clause; the current edition rolls to the
    # following business day)
    business_day_convention: Optional[BusinessDayConvention] = None
    liquidated_damages: LiquidatedDamages
    blackout: Blackout
    fiscal_year_update_window: Window


class Forum(Model):
    law: Text
    arbitration_seat: Optional[Text] = None
    arbitrators: Optional[Annotated[int, Field(ge=1, le=9)]] = None
    decision_days: Optional[Days] = None
    arbitration: Optional[Text] = None


class ArbitratedForum(Forum):
    """The law of the Purchase Agreement or the Registration Rights Agreement, whose disputes go to a board of AAA
    arbitrators: both templates state its seat, its size and its time to decide, so all three are required."""

    arbitration_seat: Text
    arbitrators: Annotated[int, Field(ge=1, le=9)]
    decision_days: Days


class GoverningLaw(Model):
    purchase_agreement: ArbitratedForum
    warrant: Forum
    registration_rights: ArbitratedForum


class Broker(Model):
    """The finder or broker of the Purchase Agreement's "Brokerage" section, whose fee the Company pays only for the
    Investors it introduced (the form's terms, which state no amount)."""

    name: Text
    fee: Optional[Amount] = None  # what the Company pays it, once known (0: none): the Form D's sales commissions


class PlacementAgent(Model):
    """The Company's placement agent: a cash fee (a percentage of the gross proceeds, and/or a fixed amount) and,
    optionally, its own warrants (coverage of the Shares sold)."""

    name: Text
    entity_type: Text = "limited liability company"
    address: Optional[Address] = None
    fee_percent: FeePercent = Decimal(0)
    fee_fixed: Optional[Money] = None
    warrants: Optional[Warrants] = None
    signatory: Optional[Person] = None


class EscrowAgent(Model):
    """A bank that receives the investors' funds and releases them at the Closing."""

    name: Text
    address: Optional[Address] = None
    attention: Optional[Text] = None
    telephone: Optional[Text] = None
    email: Optional[Text] = None


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
    matching: Optional[Text] = None  # words the finding's message or quoted text contains: that finding alone
    reason: Prose


def _one_or_many(value):
    return [value] if isinstance(value, str) else value


# one exception as a string, or several as a list (the JSON Schema says both, as validation reads them)
Exceptions = Optional[Annotated[list[Prose], BeforeValidator(_one_or_many, json_schema_input_type=Prose | list[Prose]),
                                Field(min_length=1, max_length=20)]]


class DisclosureSchedule(Model):
    """The Company's exceptions to its representations (Article IV of the Purchase Agreement), one field per
    representation in the agreement's order; a representation without exceptions reads "None." (`bad_actor`: the
    current edition only)."""

    organization: Exceptions = None
    authority: Exceptions = None
    capitalization: Exceptions = None
    common_stock: Exceptions = None
    sec_documents: Exceptions = None
    valid_issuances: Exceptions = None
    no_general_solicitation: Exceptions = None
    no_conflicts: Exceptions = None
    no_material_adverse_change: Exceptions = None
    no_undisclosed_events: Exceptions = None
    no_integrated_offering: Exceptions = None
    litigation: Exceptions = None
    no_misleading_communication: Exceptions = None
    material_non_public_information: Exceptions = None
    insurance: Exceptions = None
    tax_matters: Exceptions = None
    title_to_property: Exceptions = None
    intellectual_property: Exceptions = None
    internal_controls: Exceptions = None
    payments_and_contributions: Exceptions = None
    bad_actor: Exceptions = None
    no_misrepresentation: Exceptions = None
    # the Company has confirmed every part of the schedule, its exceptions and its "None"s; until then the schedule
    # marks each part "to be confirmed by the Company" (what the term sheet knows is counsel's draft, not the
    # Company's word)
    confirmed: bool = False

    @property
    def sections(self) -> list[tuple[str, list[str] | None]]:
        """(key, exceptions or None) for every representation, in the agreement's order."""
        return [(name, getattr(self, name)) for name in type(self).model_fields if name != "confirmed"]


class Deal(Model):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$")]
    title: Text
    # the date of the cover memorandum sent with the first drafts, on or before the Board's consent (when none is given:
    # the first day of the closing timetable, the Board's consent or an earlier exchange notice): a date of the term
    # sheet, so that the same term sheet always gives the same files
    draft_date: Optional[Date] = None


class TermSheet(Model):
    deal: Deal
    edition: Edition
    agreement_date: Date
    closing_date: Date
    # the current edition's outside date: if the Closing has not occurred by then, a party may terminate the Purchase
    # Agreement (default: figures/timetable.OUTSIDE_DATE_DAYS days after the Closing Date)
    outside_date: Optional[Date] = None
    board_consent_date: Optional[Date] = None  # the Board's unanimous written consent; default: the business day
    # before the agreement date
    company: Company
    investors_counsel: Optional[InvestorsCounsel] = None
    investors: list[Investor] = Field(min_length=1)
    securities: Securities
    market_price: Optional[MarketPrice] = None  # needed when a price is measured from the Market Price
    principal_market: PrincipalMarket
    shareholder_approval_obtained: bool = False
    capitalization: Capitalization
    future_financing: FutureFinancing
    registration_rights: RegistrationRights
    governing_law: GoverningLaw
    broker: Optional[Broker] = None
    placement_agent: Optional[PlacementAgent] = None
    escrow_agent: Optional[EscrowAgent] = None
    transfer_agent: TransferAgent
    disclosure_schedule: DisclosureSchedule = DisclosureSchedule()
    accepted_findings: list[AcceptedFinding] = []
