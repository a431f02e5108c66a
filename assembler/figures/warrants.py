"""The warrant series as computed: each series' dates and Exercise Price, and each holder's warrant shares under the
series' rule (coverage of the Shares, a fraction per Unit, or a fixed number allocated pro rata). Pure functions."""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_FLOOR, Decimal

from assembler.calendar import BUSINESS_DAYS, Rolled, add_months, roll
from assembler.figures.model import Audit, Series, WarrantCertificate
from assembler.rules import ALLOCATION, ShareRounding, TermFrom
from assembler.termsheet.model import TermSheet
from assembler.termsheet.securities import Warrants

HUNDRED = Decimal(100)
ALLOCATION_RULE = ALLOCATION.description


def warrant_shares_exact(shares: int, coverage_percent: Decimal) -> Decimal:
    return Decimal(shares) * coverage_percent / HUNDRED


def whole(rule: ShareRounding, quantity: Decimal) -> int:
    """Whole shares under `rule`; under `exact` a fraction is kept truncated here and refused by figures/limits.py."""
    n = rule.apply(quantity)
    return int(quantity) if n is None else n


def allocate(total: int, weights: list[int]) -> list[tuple[Decimal, int]]:
    """`total` warrant shares split pro rata to `weights` by the largest-remainder method: (exact share, whole
    share) for each, the whole shares adding up to `total` exactly."""
    base = sum(weights)
    exact = [Decimal(total) * w / base for w in weights]
    floors = [int(q.to_integral_value(rounding=ROUND_FLOOR)) for q in exact]
    left = total - sum(floors)
    for i in sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))[:left]:
        floors[i] += 1
    return list(zip(exact, floors))


def series_dates(ts: TermSheet, spec: Warrants, label: str, audit: dict[str, Audit],
                 key: str) -> tuple[dt.date, Rolled]:
    """The Initial Exercise Date and the Termination Date (rolled under the series' convention). The first series
    keeps the audit keys dates.warrant_initial_exercise and dates.warrant_termination."""
    start = spec.initial_exercise
    if start.date is not None:
        initial = start.date
        audit[_key(key, "initial_exercise")] = Audit(initial, "fixed by the term sheet", {"date": initial})
    elif start.days_after_closing is not None:
        initial = ts.closing_date + dt.timedelta(days=start.days_after_closing)
        audit[_key(key, "initial_exercise")] = Audit(initial, f"Closing Date + {start.days_after_closing} calendar days",
                                                 {"closing_date": ts.closing_date})
    else:
        initial = add_months(ts.closing_date, start.months_after_closing)
        audit[_key(key, "initial_exercise")] = Audit(initial, (
            f"Closing Date + {start.months_after_closing} months (same day of the month, clamped to "
            "the last day of a shorter month)"), {"closing_date": ts.closing_date})
    if spec.expiration is not None:
        end = roll(spec.expiration.date, spec.termination_convention, BUSINESS_DAYS)
        rule = f"stated in the term sheet; {spec.termination_convention.description} ({BUSINESS_DAYS.name})"
        counted_from = None
    else:
        months = spec.term_months if spec.term_months is not None else 12 * spec.term_years
        counted_from = initial if spec.term_from is TermFrom.initial_exercise else ts.closing_date
        end = roll(add_months(counted_from, months), spec.termination_convention, BUSINESS_DAYS)
        term = f"{spec.term_years} years" if spec.term_years is not None else f"{spec.term_months} months"
        rule = (f"{spec.term_from.description} + {term}; {spec.termination_convention.description} "
                f"({BUSINESS_DAYS.name})")
    inputs = {"initial_exercise": counted_from} if spec.term_from is TermFrom.initial_exercise else \
        {"issuance": counted_from}
    audit[_key(key, "termination")] = Audit(end.date, rule, {
        **({} if counted_from is None else inputs), "unadjusted": end.unadjusted,
        "not_a_business_day_because": end.reason, "rolled": end.rolled})
    return initial, end


def _key(key: str, what: str) -> str:
    if key == "series[0]":
        return f"dates.warrant_{what}"
    return f"{key}.{what}"


def series_key(index: int) -> str:
    """The audit trail's name of series `index` of the investors' warrants, or of the placement agent's (-1)."""
    return "placement_agent" if index < 0 else f"series[{index}]"


def audit_key(index: int, what: str) -> str:
    """Where the audit trail keeps a series' `exercise_price`, `initial_exercise` or `termination` (the first series
    keeps the keys figures.json had when a deal had one series)."""
    if what == "exercise_price":
        return {0: "exercise_price", -1: "placement_agent.exercise_price"}.get(index, f"exercise_price[{index}]")
    return _key(series_key(index), what)


def certificate_key(key: str, spec: Warrants, investor: int | None, number: int) -> str:
    """Where the audit trail keeps the warrant shares of certificate `number` (1-based) of series `key`."""
    if key == "series[0]" and investor is not None and spec.coverage_percent is not None:
        return f"investors[{investor}].warrant_shares"
    return f"{key}.certificates[{number - 1}]"


def series_label(spec: Warrants, count: int) -> str:
    return f"{spec.name} Warrants" if count > 1 and spec.name else "Warrants"


def certificates(spec: Warrants, series_index: int, prefix: str, holders: list[tuple[str, int | None, int]],
                 label: str, audit: dict[str, Audit], key: str) -> list[WarrantCertificate]:
    """One certificate per holder: (holder name, investor index or None, Shares or Units it bought)."""
    if spec.warrant_shares is not None:
        split = allocate(spec.warrant_shares, [n for _, _, n in holders])
        rule = f"{spec.warrant_shares} warrant shares {ALLOCATION_RULE}"
    else:
        split = [(q, whole(spec.share_rounding, q)) for q in
                 (warrant_shares_exact(n, spec.coverage) for _, _, n in holders)]
        what = f"{spec.per_unit} per Unit" if spec.per_unit is not None else f"{spec.coverage}% coverage"
        rule = f"shares x {what}, {spec.share_rounding.description}"
    out = []
    for number, ((holder, investor, n), (exact, shares)) in enumerate(zip(holders, split), start=1):
        cert = WarrantCertificate(f"{prefix}-{number}", series_index, holder, investor, exact, shares)
        where = certificate_key(key, spec, investor, number)
        if where.startswith("investors["):
            audit[where] = Audit(shares, rule, {
                "shares": n, "coverage_percent": spec.coverage_percent, "exact": exact})
        else:
            audit[where] = Audit(shares, rule, {
                "holder": holder, "certificate": cert.number, "shares": n, "exact": exact, "series": label})
        out.append(cert)
    return out


def series_figure(index: int, spec: Warrants, label: str, prefix: str, exercise_price: Decimal | None,
                  initial: dt.date, end: Rolled, certs: list[WarrantCertificate]) -> Series:
    return Series(index, spec.name, label, prefix, exercise_price, initial, end.date,
                  spec.expiration.time if spec.expiration else None, sum(c.warrant_shares for c in certs), spec)
