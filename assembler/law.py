"""The securities law and the market rules a closing set cites, in one place: the edition of the form a term sheet
chooses, the markets a "Principal Market" definition may name, and the dates and periods of the rules the timetable
and the limits apply. Each carries its own words (`clause`, `name`), as rules.py does for rounding and dates.

Two editions of the 1999 form:
- `as_filed`: the form as filed, faithful for deals of its time: Section 4(2) and 4(6) of the Securities Act,
  Rule 144(k), notices and counterparts by facsimile, paper certificates, the markets of 1999, and no business-day
  clause in the Registration Rights Agreement (a deadline falls where the contract counts it).
- `current`: today's law: Section 4(a)(2) and 4(a)(5) (4(6) became 4(5) under the Dodd-Frank Act in 2010; the JOBS
  Act of 2012 made both paragraphs of Section 4(a)), Rule 144 as amended in 2008
  (no 144(k): the holding period of Rule 144(d) and resales under Rule 144(b)(1)), notices by email and signatures
  and counterparts delivered electronically (ESIGN), Shares in book entry through the transfer agent's Direct
  Registration System, a Rule 506(d) bad-actor representation backed by questionnaires, the markets of today, and a
  business-day clause in the Registration Rights Agreement.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from .format import jurisdiction
from .rules import BusinessDayConvention

# The dates the rules the editions cite took effect.
RULE_144_AMENDED = dt.date(2008, 2, 15)  # Rule 144(k) removed; holding periods in 144(d), resales by non-affiliates 144(b)(1)
DODD_FRANK = dt.date(2010, 7, 21)  # Securities Act Section 4(6) renumbered 4(5) (Dodd-Frank Act, Section 944)
JOBS_ACT = dt.date(2012, 4, 5)  # Section 4(2) renumbered 4(a)(2), and 4(5) (the former 4(6)) 4(a)(5)
RULE_506D = dt.date(2013, 9, 23)  # the bad-actor disqualification of Rule 506(d)
FORM_8K_ITEMS = dt.date(2004, 8, 23)  # Form 8-K Items 1.01 and 3.02
# The Form D of Release 33-8891 (the electronic-era form: industry group, issuer size, related persons, total offering
# amount) and Rule 503(a)'s own rule that a due date on a Saturday, Sunday or holiday moves to the next business day took
# effect on this day; before it, the paper Form D of the time, and a filing due on such a day could be made on the first
# business day following under Rule 0-3(a) of the General Rules and Regulations under the Securities Act.
FORM_D_2008 = dt.date(2008, 9, 15)
NASDAQ_MINIMUM_PRICE = dt.date(2018, 9, 26)  # Nasdaq Rule 5635(d) measures the 20% test against the "Minimum Price"

# Periods and thresholds of the rules the timetable applies.
LAS_DAYS = 15  # Nasdaq Rule 5250(e)(2): notify Nasdaq 15 calendar days before issuing ...
LAS_THRESHOLD_PERCENT = 10  # ... in a transaction that may result in more than 10% of the shares outstanding
FORM_8K_BUSINESS_DAYS = 4  # Form 8-K, General Instruction B.1: within four business days after the event
ITEM_302_THRESHOLD_PERCENT = 1  # Item 3.02(b): no report of a sale of less than 1% of the class outstanding
MINIMUM_PRICE_DAYS = 5  # Nasdaq Rule 5635(d)(1)(A): the average over the five trading days before signing


class Market(str, Enum):
    """A market the Common Stock may trade on, by the name the term sheet and the documents give it."""

    nyse = "New York Stock Exchange"
    nyse_american = "NYSE American"
    amex = "American Stock Exchange"
    nasdaq_global_select = "Nasdaq Global Select Market"
    nasdaq_global = "Nasdaq Global Market"
    nasdaq_capital = "Nasdaq Capital Market"
    nasdaq_national = "Nasdaq National Market"
    nasdaq_smallcap = "Nasdaq SmallCap Market"

    @property
    def the_name(self) -> str:
        """The name in a sentence: "the Nasdaq Capital Market", "NYSE American"."""
        return self.value if self is Market.nyse_american else f"the {self.value}"

    @property
    def nasdaq(self) -> bool:
        return self.name.startswith("nasdaq")

    @property
    def description(self) -> str:
        return self.value


# The outside date when the term sheet gives none: thirty days after the scheduled Closing Date, time for a Closing
# delayed by a condition (a consent, a listing approval, a late wire) without holding the parties to an agreement
# whose prices were fixed at signing for longer than a month.
OUTSIDE_DATE_DAYS = 30
# The latest outside date a term sheet may give: one hundred eighty days after the scheduled Closing Date. The prices
# are fixed at signing and the registration deadlines run from the Closing: an Investor held for longer than six
# months to buy at a price fixed so far back is no longer the bargain the term sheet describes (the 20% rule's
# Minimum Price and the exchange's notice are measured at signing too), and a longer date is more likely a typing
# error (a year too late) than a deal term.
OUTSIDE_DATE_MAX_DAYS = 180


class Edition(str, Enum):
    """The edition of the form the documents follow (chosen by the term sheet's `edition`)."""

    as_filed = "as_filed"
    current = "current"

    @property
    def description(self) -> str:
        return {"as_filed": "the form as filed in 1999 (its citations, markets and mechanics)",
                "current": "the current edition (today's securities law, markets and mechanics)"}[self.value]

    @property
    def since(self) -> dt.date | None:
        """The first agreement date the edition's citations are law on (None: any date)."""
        return RULE_506D if self is Edition.current else None

    # ---- citations
    @property
    def section_4_2(self) -> str:
        return "Section 4(a)(2)" if self is Edition.current else "Section 4(2)"

    @property
    def section_4_6(self) -> str:
        return "Section 4(a)(5)" if self is Edition.current else "Section 4(6)"

    @property
    def free_resale(self) -> str:
        """When Registrable Securities stop being restricted: follows "may be sold"."""
        if self is Edition.current:
            return ("without volume or manner-of-sale limitations pursuant to Rule 144 and without the requirement "
                    "that the Company be in compliance with the current public information requirement of Rule "
                    "144(c)(1)")
        return "without any time, volume or manner limitations pursuant to Rule 144(k)"

    @property
    def rule_144_resale(self) -> str:
        """When a holder may resell under Rule 144 without a legend: follows "Shares ... are to be sold pursuant to
        Rule 144, or"."""
        if self is Edition.current:
            return ("have been held for the holding period required by Rule 144(d) and may be sold by a holder that "
                    "is not an affiliate of the Company under Rule 144(b)(1) without volume or manner-of-sale "
                    "limitations")
        return "may be sold without any time, volume or manner-of-sale limitation under Rule 144"

    # ---- the Principal Market definition
    @property
    def markets(self) -> tuple[Market, ...]:
        """The markets the "Principal Market" definition names, in its order."""
        if self is Edition.current:
            return (Market.nyse, Market.nyse_american, Market.nasdaq_global_select, Market.nasdaq_global,
                    Market.nasdaq_capital)
        return (Market.amex, Market.nyse, Market.nasdaq_national, Market.nasdaq_smallcap)

    @property
    def markets_clause(self) -> str:
        """The list the "Principal Market" definition gives (the form's own capitals in the form as filed)."""
        if self is Edition.as_filed:
            return ("the American Stock Exchange, the New York Stock Exchange, the NASDAQ National Market, or the "
                    "NASDAQ SmallCap Market")
        names = [m.the_name for m in self.markets]
        return ", ".join(names[:-1]) + " or " + names[-1]

    @property
    def securities_act(self) -> str:
        """The statute the recital relies on, as each edition names it (the form: "the United States Securities
        Act"; today's drafting: its full title)."""
        return "the Securities Act of 1933, as amended," if self is Edition.current else "the United States Securities Act"

    # ---- mechanics
    @property
    def electronic(self) -> bool:
        """Notices by email; signatures and counterparts delivered electronically (ESIGN)."""
        return self is Edition.current

    @property
    def book_entry(self) -> bool:
        """Shares issued in book entry through the transfer agent's Direct Registration System (DRS)."""
        return self is Edition.current

    @property
    def bad_actor(self) -> bool:
        """The Rule 506(d) representation, covenant and questionnaires."""
        return self is Edition.current

    @property
    def medallion(self) -> bool:
        """A signature guarantee by an eligible guarantor institution (SEC Rule 17Ad-15) in a Medallion program
        (STAMP, SEMP, MSP), as transfer agents require today; the form as filed: "a bank or trust company"."""
        return self is Edition.current

    @property
    def section_341f(self) -> bool:
        """The tax representation that no election under Section 341(f) of the Internal Revenue Code was made (the
        collapsible-corporation rules of Section 341, repealed by the Jobs and Growth Tax Relief Reconciliation Act of
        2003: a current-edition Company represents nothing about them)."""
        return self is Edition.as_filed

    @property
    def scheduled_closing(self) -> bool:
        """The Purchase Agreement names the day the Closing is scheduled for (or another the parties agree in writing)
        and an outside date after which a party may terminate it, as today's agreements do; the form as filed closes
        whenever its conditions are met and has no termination clause."""
        return self is Edition.current

    @property
    def disclosure_filings(self) -> bool:
        """The Form 8-K (Items 1.01 and 3.02) and the press release on the checklist."""
        return self is Edition.current

    @property
    def business_day_clause(self) -> bool:
        """Whether the Registration Rights Agreement may carry a business-day clause (the form as filed has none)."""
        return self is Edition.current

    @property
    def business_day_default(self) -> BusinessDayConvention:
        """The Registration Rights Agreement's convention when the term sheet names none."""
        return BusinessDayConvention.following if self.business_day_clause else BusinessDayConvention.none

    @property
    def superseded(self) -> tuple[str, ...]:
        """Words of the other edition's law this edition never prints (a test reads every current-edition set)."""
        if self is Edition.current:
            return ("Section 4(2)", "Section 4(6)", "4(6)", "Rule 144(k)", "144(k)", "American Stock Exchange",
                    "National Market", "SmallCap", "NASDAQ", "facsimile", "Facsimile")
        return ()


def superseded_on(day: dt.date) -> list[str]:
    """What the form as filed cites that was no longer law on `day`, with the date it changed."""
    out = []
    if day >= RULE_144_AMENDED:
        out.append("Rule 144(k) (removed by the amendments to Rule 144 effective February 15, 2008)")
    if day >= JOBS_ACT:
        out.append("Section 4(2) and 4(6) of the Securities Act (4(6) renumbered 4(5) by the Dodd-Frank Act on July 21, "
                   "2010; 4(2) and 4(5) renumbered 4(a)(2) and 4(a)(5) by the JOBS Act on April 5, 2012)")
    elif day >= DODD_FRANK:
        out.append("Section 4(6) of the Securities Act (renumbered 4(5) by the Dodd-Frank Act on July 21, 2010)")
    return out


def form_d_roll_rule(first_sale: dt.date) -> str:
    """The rule that moves a Form D due on a Saturday, Sunday or holiday to the next business day, as of the sale."""
    if first_sale >= FORM_D_2008:
        return "Rule 503(a) of Regulation D"
    return "Rule 0-3(a) of the General Rules and Regulations under the Securities Act"


# ---- the charter document, by the law of the company's state of incorporation
US_STATES = frozenset(s.replace("_", " ") for s in """Alabama Alaska Arizona Arkansas California Colorado
Connecticut Delaware Florida Georgia Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland
Massachusetts Michigan Minnesota Mississippi Missouri Montana Nebraska Nevada New_Hampshire New_Jersey New_Mexico
New_York North_Carolina North_Dakota Ohio Oklahoma Oregon Pennsylvania Rhode_Island South_Carolina South_Dakota
Tennessee Texas Utah Vermont Virginia Washington West_Virginia Wisconsin Wyoming District_of_Columbia""".split())
# The corporation statutes that do not use the Model Business Corporation Act's "articles of incorporation"
CHARTER_BY_STATE = {
    "Delaware": "certificate of incorporation",  # 8 Del. C. Section 102
    "New York": "certificate of incorporation",  # N.Y. Bus. Corp. Law Section 402
    "New Jersey": "certificate of incorporation",  # N.J.S.A. 14A:2-7
    "Connecticut": "certificate of incorporation",  # Conn. Gen. Stat. Section 33-636
    "Oklahoma": "certificate of incorporation",  # 18 Okla. Stat. Section 1006
    "Massachusetts": "articles of organization",  # M.G.L. c. 156D, Section 2.02
    "Texas": "certificate of formation",  # Tex. Bus. Orgs. Code Section 3.005
}
MBCA_CHARTER = "articles of incorporation"  # Nevada (NRS 78.035) and the other states of the Model Act
GENERIC_CHARTER = "charter"
# The statute that lets the board act without a meeting by the written consent of every director, where the tool
# knows it; elsewhere the consent cites "the corporation law of" the State, which is right everywhere
WRITTEN_CONSENT_BY_STATE = {
    "Delaware": "Section 141(f) of the General Corporation Law of the State of Delaware",  # 8 Del. C. Section 141(f)
    "Nevada": "Section 78.315(2) of the Nevada Revised Statutes",  # NRS 78.315(2)
}


@dataclass(frozen=True)
class Charter:
    """The name of a company's charter document: `name` lower case as a sentence uses it ("articles of
    incorporation"), `title` capitalized as the name of the document ("Articles of Incorporation")."""

    name: str
    # the statute under which the board acts by unanimous written consent (WRITTEN_CONSENT_BY_STATE), or the
    # corporation law of the jurisdiction
    written_consent: str = ""

    @property
    def title(self) -> str:
        return " ".join(w if w == "of" else w.capitalize() for w in self.name.split())


def charter(state_of_incorporation: str, entity_type: str = "corporation") -> Charter:
    """The charter rule: what the corporation statute of the company's state calls the document that forms it.

    A corporation of Delaware, New York, New Jersey, Connecticut or Oklahoma has a certificate of incorporation, of
    Massachusetts articles of organization, of Texas a certificate of formation (CHARTER_BY_STATE); of Nevada and
    every other State (and the District of Columbia) articles of incorporation, the Model Business Corporation Act's
    term. The default, for a jurisdiction that is not a State of the United States or a company that is not a
    corporation, is the generic "charter", which is right wherever the document has another name.

    With it, the statute under which the board acts by unanimous written consent: Section 141(f) of the Delaware
    General Corporation Law, NRS 78.315(2) in Nevada (WRITTEN_CONSENT_BY_STATE), elsewhere "the corporation law of
    the State of ..." (or of the jurisdiction)."""
    state = " ".join(state_of_incorporation.split())
    law = WRITTEN_CONSENT_BY_STATE.get(state, f"the corporation law of the {jurisdiction(state)}")
    if entity_type.strip().lower() != "corporation" or state not in US_STATES:
        return Charter(GENERIC_CHARTER, law)
    return Charter(CHARTER_BY_STATE.get(state, MBCA_CHARTER), law)
