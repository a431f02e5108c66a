"""The words a deal's structure decides, in one place, for every template (the `w` template variable): singular or
plural for one investor or several, what is sold (shares; shares and warrants; units), the agreement's title, the
names of the warrant series, and the outcome of the 20% test (figures/limits.py: a template states it, never
works it out). Templates write `{{ w.the_investors }}`, never a number test of their own.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from assembler.figures.limits import ApprovalTest, shareholder_approval
from assembler.figures.model import Figures
from assembler.termsheet.model import TermSheet
from assembler.rules import ALLOCATION, PERCENT_ROUNDING
from assembler.words import decimal_words


@dataclass(frozen=True)
class Wording:
    single: bool  # one investor
    warrants: bool  # the investors receive warrants
    units: bool  # the investors buy Units
    several_series: bool
    agent_warrants: bool  # the placement agent receives warrants of its own
    approval: ApprovalTest  # the market's shareholder-approval (20%) test, as figures/limits.py decides it

    # ---- the investors
    @property
    def investor(self) -> str:
        """"Investor" or "Investors" (the defined term, as the number requires)."""
        return "Investor" if self.single else "Investors"

    @property
    def the_investors(self) -> str:
        return "the Investor" if self.single else "the Investors"

    @property
    def each_investor(self) -> str:
        return "the Investor" if self.single else "each Investor"

    @property
    def investors_possessive(self) -> str:
        return "the Investor's" if self.single else "the Investors'"

    @property
    def definition(self) -> str:
        """The preamble's definition of the investors."""
        if self.single:
            return 'the investor signatory hereto (the "Investor")'
        return 'the Investors signatory hereto (each an "Investor" and together the "Investors")'

    def verb(self, singular: str, plural: str) -> str:
        """The verb form that agrees with "the Investor(s)"."""
        return singular if self.single else plural

    # ---- the house's fixed rules, in their words (rules.py)
    @property
    def percent_rounding(self) -> str:
        return PERCENT_ROUNDING.clause

    @property
    def allocation(self) -> str:
        return ALLOCATION.clause

    # ---- the securities
    @property
    def Warrants(self) -> str:  # noqa: N802 (the defined term, capitalized as the documents write it)
        """"Warrant" for one investor's one warrant, else "Warrants"."""
        return "Warrant" if self.single and not self.several_series else "Warrants"

    @property
    def one_warrant(self) -> bool:
        return self.Warrants == "Warrant"

    @property
    def agreement_title(self) -> str:
        """"Common Stock and Warrants Purchase Agreement"; "... and Warrant ..." for one investor's one warrant."""
        if self.units:
            return "Securities Purchase Agreement"
        return f"Common Stock and {self.Warrants} Purchase Agreement" if self.warrants else \
            "Common Stock Purchase Agreement"

    @property
    def placement(self) -> str:
        """What the deal is called in certificates and memoranda."""
        if self.units:
            return "Units Private Placement"
        return f"Common Stock and {self.Warrants} Private Placement" if self.warrants else \
            "Common Stock Private Placement"

    @property
    def securities(self) -> str:
        """"the Shares and the Warrants" or "the Shares"."""
        return f"the Shares and the {self.Warrants}" if self.warrants else "the Shares"

    @property
    def all_securities(self) -> str:
        """"the Shares, the Warrants and the Warrant Shares" or "the Shares"."""
        return f"the Shares, the {self.Warrants} and the Warrant Shares" if self.warrants else "the Shares"

    @property
    def registrable(self) -> str:
        """"the Shares and the Warrant Shares" or "the Shares"."""
        return "the Shares and the Warrant Shares" if self.warrants else "the Shares"

    @staticmethod
    def per_unit(fraction: Decimal) -> str:
        """What a Unit's warrant buys: "one-half (0.5) of one share of Common Stock", "one (1) share of Common Stock"."""
        fraction = Decimal(fraction)
        figure = f"{fraction.normalize():f}"
        if fraction == 1:
            return f"one ({figure}) share of Common Stock"
        if fraction > 1:
            return f"{decimal_words(fraction)} ({figure}) shares of Common Stock"
        return f"{decimal_words(fraction)} ({figure}) of one share of Common Stock"

    @property
    def per(self) -> str:
        """What a price is per: "per share of Common Stock" or "per Unit"."""
        return "per Unit" if self.units else "per share of Common Stock"


def wording(ts: TermSheet, fig: Figures) -> Wording:
    investor_series = [s for s in fig.series if s.index >= 0]
    return Wording(single=len(ts.investors) == 1, warrants=bool(investor_series), units=ts.securities.units,
                   several_series=len(investor_series) > 1,
                   agent_warrants=any(s.index < 0 for s in fig.series), approval=shareholder_approval(ts, fig))
