"""What the documents of a set must state, when the checks run inside a build: the term sheet and its computed
figures, by what a statement is about (checks/statements.py), and which of the figures the renderer names
(document/provenance.py) may print it.

A statement's scope stands for a set of warrant certificates (a series' certificates, the placement agent's, one
certificate, or all the investors' for "the Warrants"); a figure's name stands for one too (`series/B/warrant_shares`
counts Series B's certificates, `totals/warrant_shares` all the investors', `investor/NAME/warrant_shares` that
investor's). A number of Warrant Shares is printed from the right figure when both stand for the same certificates;
a price or a date of the exercise period when the figure's series is one the statement is about.
"""
from __future__ import annotations

from dataclasses import dataclass

from assembler.checks.statements import (AGENT, AGREEMENT_DATE, COMPANY, DEAL, EXERCISE_PRICE, INITIAL_EXERCISE,
                                         PURCHASE_PRICE, TERMINATION, TOTAL_SHARES, WARRANT_SHARES, WARRANTS,
                                         normalize)
from assembler.format import long_date, price, shares

# the kind of statement a named figure can print: (scope part, attribute) -> kind; "*" is any scope of that part
_KINDS = {("deal", "purchase_price"): PURCHASE_PRICE, ("deal", "exercise_price"): EXERCISE_PRICE,
          ("series", "exercise_price"): EXERCISE_PRICE, ("series", "initial_exercise"): INITIAL_EXERCISE,
          ("series", "termination"): TERMINATION, ("dates", "warrant_initial_exercise"): INITIAL_EXERCISE,
          ("dates", "warrant_termination"): TERMINATION, ("series", "warrant_shares"): WARRANT_SHARES,
          ("certificate", "warrant_shares"): WARRANT_SHARES, ("investor", "warrant_shares"): WARRANT_SHARES,
          ("totals", "warrant_shares"): WARRANT_SHARES, ("agent", "warrant_shares"): WARRANT_SHARES,
          ("capitalization", "warrant_shares"): WARRANT_SHARES, ("totals", "shares"): TOTAL_SHARES,
          ("investor", "shares"): TOTAL_SHARES, ("term_sheet", "agreement_date"): AGREEMENT_DATE,
          ("company", "name"): COMPANY,
          ("dates", "form_d_first_sale"): AGREEMENT_DATE}  # the first sale is the signing (figures/model.py Dates)


@dataclass(frozen=True)
class Truth:
    """What a statement must say: the values it may have (normalized) and how the figures write the first."""

    values: frozenset[str]
    shown: str


class Expected:
    """The term sheet and its figures, asked by statement: `truth(kind, scope)`, `fits(kind, scope, figure name)`."""

    def __init__(self, term_sheet, figures) -> None:
        self.ts, self.fig = term_sheet, figures
        self.investor_series = [k for k, s in enumerate(figures.series) if s.index >= 0]
        self.agent_series = [k for k, s in enumerate(figures.series) if s.index < 0]
        self.by_name = {s.name: k for k, s in enumerate(figures.series) if s.index >= 0 and s.name}
        self.by_prefix = {s.prefix: k for k, s in enumerate(figures.series)}
        self.certificates = {c.number: c for c in figures.certificates}

    @property
    def series_names(self) -> tuple[str, ...]:
        return tuple(self.by_name)

    # -- what a scope stands for
    def series_of(self, scope: str) -> list[int] | None:
        """The series (indexes into Figures.series) a scope is about; None when the deal has no such thing."""
        if scope in (DEAL, WARRANTS):
            return self.investor_series or None
        if scope == AGENT:
            return self.agent_series or None
        kind, _, name = scope.partition(":")
        if kind == "series":
            return [self.by_name[name]] if name in self.by_name else None
        cert = self.certificates.get(name)
        return [cert.series] if cert is not None else None

    def series_label(self, scope: str) -> str | None:
        """The series a certificate's scope is of, as the documents call it ("Series B Warrants", "Placement Agent
        Warrants"); None for any other scope, or the one series of a deal without a placement agent's warrant."""
        cert = self.certificates.get(scope.partition(":")[2]) if scope.startswith("certificate:") else None
        if cert is None:
            return None
        series = self.fig.series[cert.series]
        if series.index < 0:
            return "Placement Agent Warrant"
        return series.label if series.name and len(self.investor_series) > 1 else None

    def certificates_of(self, scope: str) -> frozenset[str] | None:
        if scope.startswith("certificate:"):
            name = scope.partition(":")[2]
            return frozenset([name]) if name in self.certificates else None
        series = self.series_of(scope)
        if series is None:
            return None
        return frozenset(c.number for c in self.fig.certificates if c.series in series)

    # -- the value
    def truth(self, kind: str, scope: str) -> Truth | None:
        """What the statement must say; None when the deal has nothing the scope names (no Series C, no placement
        agent's warrant)."""
        fig = self.fig
        if kind == PURCHASE_PRICE:
            return _truth(kind, [price(fig.purchase_price)])
        if kind == TOTAL_SHARES:
            return _truth(kind, [shares(fig.totals.shares)])
        if kind == AGREEMENT_DATE:
            return _truth(kind, [long_date(self.ts.agreement_date)])
        if kind == COMPANY:
            return _truth(kind, [self.ts.company.name])
        if kind == WARRANT_SHARES:
            certs = self.certificates_of(scope)
            if not certs:
                return None
            return _truth(kind, [shares(sum(self.certificates[n].warrant_shares for n in sorted(certs)))])
        series = self.series_of(scope)
        if series is None:
            return None
        attribute = {EXERCISE_PRICE: "exercise_price", INITIAL_EXERCISE: "initial_exercise",
                     TERMINATION: "termination"}[kind]
        show = price if kind == EXERCISE_PRICE else long_date
        values = [getattr(fig.series[k], attribute) for k in series]
        return _truth(kind, [show(v) for v in values if v is not None])

    # -- the figure printed
    def fits(self, kind: str, scope: str, name: str) -> bool:
        """Is the figure named `name` the one a statement of `kind` about `scope` states?"""
        part, _, rest = name.partition("/")
        owner, _, attribute = rest.rpartition("/") if "/" in rest else ("", "", rest)
        if _KINDS.get((part, attribute)) != kind:
            return False
        if kind == WARRANT_SHARES:
            return self._certificates_named(part, owner) == self.certificates_of(scope)
        if kind == TOTAL_SHARES:
            return part == "totals" or len(self.fig.investors) == 1
        if kind in (EXERCISE_PRICE, INITIAL_EXERCISE, TERMINATION):
            named = self._series_named(part, owner)  # one of them, when "the Warrants" are of several series
            return named is not None and named in (self.series_of(scope) or [])
        return True

    def _series_named(self, part: str, owner: str) -> int | None:
        if part == "series":
            return self.by_prefix.get(owner)
        return self.investor_series[0] if self.investor_series else None  # deal/exercise_price: the first series'

    def _certificates_named(self, part: str, owner: str) -> frozenset[str] | None:
        certs = self.fig.certificates
        if part == "certificate":
            return frozenset([owner])
        if part == "series":
            k = self.by_prefix.get(owner)
            return frozenset(c.number for c in certs if c.series == k)
        if part == "investor":
            return frozenset(c.number for c in certs if c.holder == owner and c.investor is not None)
        if part == "totals":
            return frozenset(c.number for c in certs if c.investor is not None)
        if part == "agent":
            return frozenset(c.number for c in certs if c.investor is None)
        return frozenset(c.number for c in certs)  # capitalization: every warrant


def _truth(kind: str, shown: list[str]) -> Truth | None:
    if not shown:
        return None
    return Truth(frozenset(normalize(kind, v.lstrip("$")) for v in shown), shown[0])
