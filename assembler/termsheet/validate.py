"""Validate a term sheet: the typed model first, then the rules that involve several fields.

`load(path)` returns a `Loaded` (model, source, warnings) or raises `TermSheetInvalid` with every problem at once,
each located at the YAML node it is about (`FILE:LINE:COL: field.path: message (hint)`).
"""
from __future__ import annotations

import difflib
import typing
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, ValidationError

from assembler.calendar import supported_exchange, trading_calendar
from assembler.errors import Problem, TermSheetInvalid
from assembler.figures.compute import (Figures, compute, exact_shares, market_price_window, percent_of, price_from_term,
                      warrant_shares_exact, whole_share_amounts_near)
from assembler.format import money, price as fmt_price, shares as fmt_shares
from assembler.termsheet.source import Source, load_source
from assembler.termsheet.model import TermSheet


@dataclass
class Loaded:
    term_sheet: TermSheet
    source: Source
    figures: Figures
    warnings: list[Problem]


def load(path: str | Path) -> Loaded:
    """Read, validate and compute; raise TermSheetInvalid listing every error (warnings ride along with errors)."""
    return validate(load_source(path))


def validate(source: Source) -> Loaded:
    """Validate and compute the data of a read term sheet (`load` without the reading)."""
    try:
        ts = TermSheet.model_validate(source.data)
    except ValidationError as exc:
        raise TermSheetInvalid(sorted(_model_problems(exc, source), key=_order)) from None
    problems = check(ts, source)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise TermSheetInvalid(sorted(problems, key=_order))
    return Loaded(ts, source, compute(ts), [p for p in problems if p.severity != "error"])


def _order(p: Problem):
    return (p.line, p.column, p.path)


# ---------------------------------------------------------------- model errors

def _model_problems(exc: ValidationError, source: Source) -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        if kind == "extra_forbidden":
            parent, key = loc[:-1], loc[-1]
            allowed = _fields_at(parent)
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"did you mean '{close[0]}'?" if close else (f"allowed: {', '.join(allowed)}" if allowed else "")
            out.append(source.problem(loc, f"unknown field '{key}'", hint, at_key=True))
        elif kind == "missing":
            out.append(source.problem(loc, f"missing required field '{loc[-1]}'", _field_help(loc)))
        else:
            loc = tuple(p for p in loc if not (isinstance(p, str) and p.startswith(("function-", "[key]"))))
            message = err["msg"].removeprefix("Value error, ")
            if err["input"] is None:
                out.append(source.problem(loc, "has no value (YAML reads a bare null, ~ or nothing as empty)",
                                          "write the value; put it in quotes if it is the word itself"))
                continue
            out.append(source.problem(loc, f"{message} (got {err['input']!r})" if _short(err["input"]) else message))
    return out


def _short(value) -> bool:
    return isinstance(value, (str, int)) and len(str(value)) <= 40


def _model_at(loc: tuple) -> type[BaseModel] | None:
    model: typing.Any = TermSheet
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or part not in model.model_fields:
            return None
        model = _unwrap(model.model_fields[part].annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _unwrap(annotation):
    while True:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        origin = typing.get_origin(annotation)
        if origin in (list, typing.Union) or str(origin) == "<class 'types.UnionType'>":
            annotation = args[0]
            continue
        return annotation


def _fields_at(loc: tuple) -> list[str]:
    model = _model_at(loc)
    return list(model.model_fields) if model else []


def _field_help(loc: tuple) -> str:
    model = _model_at(loc[:-1])
    if model is None:
        return ""
    info = model.model_fields.get(str(loc[-1]))
    return f"add '{loc[-1]}:' under '{'.'.join(str(p) for p in loc[:-1]) or 'the top level'}'" if info else ""


# ---------------------------------------------------------------- cross-field rules

def check(ts: TermSheet, source: Source) -> list[Problem]:
    """Every rule that involves more than one field; problems (errors and warnings) in file order."""
    p = source.problem
    problems: list[Problem] = []
    if not supported_exchange(ts.principal_market.calendar):
        return [p(("principal_market", "calendar"), f"no trading calendar for '{ts.principal_market.calendar}'",
                  "use an exchange code known to the holidays package, e.g. NYSE")]
    calendar = trading_calendar(ts.principal_market.calendar)

    # dates
    if ts.closing_date < ts.agreement_date:
        problems.append(p(("closing_date",), f"the Closing Date {ts.closing_date} is before the agreement date "
                          f"{ts.agreement_date}", "the Closing is on or after the date of the Agreement"))
    reason = calendar.closed_reason(ts.closing_date)
    if reason:
        problems.append(p(("closing_date",), f"the Closing Date {ts.closing_date} is not a trading day ({reason})",
                          f"the next trading day is {calendar.next_open(ts.closing_date)}"))

    # market price table
    market_price = None
    window = market_price_window(ts, calendar)
    table = ts.market_price.closing_prices
    for day in table:
        closed = calendar.closed_reason(day)
        if closed:
            problems.append(p(("market_price", "closing_prices", day.isoformat()),
                              f"a price is given for {day}, when the market was closed ({closed})", "remove it"))
    missing = [d for d in window.days if d not in table]
    if missing:
        problems.append(p(("market_price", "closing_prices"),
                          f"the Market Price needs a price for {len(window.days)} trading days "
                          f"({window.days[0]} to {window.days[-1]}); missing: {', '.join(map(str, missing))}",
                          "add the missing days to closing_prices"))
    else:
        market_price = ts.market_price.rounding.apply(sum(table[d] for d in window.days) / len(window.days))
        if market_price <= 0:
            problems.append(p(("market_price", "rounding"), f"the Market Price is {fmt_price(market_price)} after "
                              f"rounding ({ts.market_price.rounding.description}); a price must be positive",
                              "check the closing prices, or choose a rounding rule with more places"))
            market_price = None
    prices_positive = _prices_positive(ts, source, market_price)
    problems += prices_positive
    if not prices_positive and (market_price is not None or ts.securities.purchase_price.fixed is not None):
        problems += _share_rules(ts, source, market_price)  # a fixed price needs no Market Price
    if ts.securities.aggregate_amount is not None:
        total = sum((i.amount for i in ts.investors), Decimal(0))
        if total != ts.securities.aggregate_amount:
            problems.append(p(("securities", "aggregate_amount"),
                              f"the investors' amounts add up to {money(total)}, not {money(ts.securities.aggregate_amount)}",
                              "correct an investor's amount or the aggregate"))
    names = [i.name for i in ts.investors]
    for i, name in enumerate(names):
        if name in names[:i]:
            problems.append(p(("investors", i, "name"), f"investor '{name}' appears twice", "merge the two entries"))
    w = ts.securities.warrants
    if w.initial_exercise.date is not None and w.initial_exercise.date < ts.closing_date:
        problems.append(p(("securities", "warrants", "initial_exercise", "date"),
                          f"the warrants cannot become exercisable ({w.initial_exercise.date}) before the Closing Date "
                          f"({ts.closing_date})"))
    if ts.capitalization.outstanding_as_of > ts.agreement_date:
        problems.append(p(("capitalization", "outstanding_as_of"),
                          f"the capitalization date {ts.capitalization.outstanding_as_of} is after the agreement date",
                          "the representation speaks as of a date on or before the Agreement"))
    rr = ts.registration_rights
    if rr.full_review_effectiveness_days < rr.effectiveness_days:
        problems.append(p(("registration_rights", "full_review_effectiveness_days"),
                          "the full-review period is shorter than the normal effectiveness period"))
    if rr.effectiveness_days <= rr.filing_days:
        problems.append(p(("registration_rights", "effectiveness_days"),
                          "the effectiveness deadline must come after the filing deadline"))
    if rr.fiscal_year_update_window.end_days <= rr.fiscal_year_update_window.start_days:
        problems.append(p(("registration_rights", "fiscal_year_update_window"), "the window ends before it starts"))
    return problems


def _prices_positive(ts: TermSheet, source: Source, market_price: Decimal | None) -> list[Problem]:
    """A price given as a percentage of the Market Price must still be at least the smallest step of its rounding
    rule once rounded (a Purchase Price of $0.00 would buy infinitely many shares; an Exercise Price of $0.00 gives
    the Warrant away). Fixed prices are positive by the model."""
    out = []
    terms = ((("securities", "purchase_price"), ts.securities.purchase_price, "Purchase Price"),
             (("securities", "warrants", "exercise_price"), ts.securities.warrants.exercise_price, "Exercise Price"))
    for loc, term, name in terms:
        if term.percent_of_market_price is None or market_price is None:
            continue
        value = price_from_term(term, market_price)
        if value <= 0:
            out.append(source.problem(loc + ("percent_of_market_price",),
                                      f"the {name} is {term.percent_of_market_price}% of the Market Price "
                                      f"({fmt_price(market_price)}), which is {fmt_price(value)} once "
                                      f"{term.rounding.description}; a price must be positive after rounding",
                                      "raise the percentage, or give a fixed price"))
    return out


def _share_rules(ts: TermSheet, source: Source, market_price: Decimal | None) -> list[Problem]:
    p = source.problem
    out: list[Problem] = []
    sec = ts.securities
    price = price_from_term(sec.purchase_price, market_price)  # market_price is only read for a percentage price
    shares = []
    for i, inv in enumerate(ts.investors):
        q = exact_shares(inv.amount, price)
        n = sec.share_rounding.apply(q)
        if n is None:
            below, above = whole_share_amounts_near(inv.amount, price)
            out.append(p(("investors", i, "amount"),
                         f"{money(inv.amount)} at {fmt_price(price)} is {_qty(q)} shares, not a whole number",
                         f"whole-share amounts nearby are {money(below)} and {money(above)}; or set "
                         "securities.share_rounding to down, nearest or up"))
            n = int(q)
        if n == 0:
            out.append(p(("investors", i, "amount"), f"{money(inv.amount)} buys no whole share at {fmt_price(price)}"))
        shares.append(n)
    w = sec.warrants
    warrant_total = 0
    for i, n in enumerate(shares):
        wq = warrant_shares_exact(n, w.coverage_percent)
        wn = w.share_rounding.apply(wq)
        if wn is None:
            out.append(p(("securities", "warrants", "share_rounding"),
                         f"{w.coverage_percent}% of {fmt_shares(n)} shares ({ts.investors[i].name}) is {_qty(wq)} "
                         "warrant shares; no fractional shares are issued", "name a rule: down, nearest or up"))
            wn = int(wq)
        warrant_total += wn
    cap = ts.capitalization
    needed = sum(shares) + warrant_total + cap.reserved_for_other_options_and_warrants
    unissued = cap.authorized_common - cap.outstanding_common
    if needed > unissued:
        out.append(p(("capitalization", "authorized_common"),
                     f"authorized but unissued Common Stock ({fmt_shares(unissued)}) does not cover the Shares "
                     f"({fmt_shares(sum(shares))}) plus Warrant Shares ({fmt_shares(warrant_total)}) plus other "
                     f"reservations ({fmt_shares(cap.reserved_for_other_options_and_warrants)}) = {fmt_shares(needed)}",
                     f"the company needs {fmt_shares(needed - unissued)} more authorized shares"))
    if cap.outstanding_common:
        issued = sum(shares) + warrant_total
        issuance = percent_of(issued, cap.outstanding_common)  # for display only
        threshold = ts.principal_market.shareholder_approval_threshold_percent
        if issued * 100 >= threshold * cap.outstanding_common:  # exact comparison, never the rounded figure
            if issuance < threshold:
                issuance = f"{issued * 100 / Decimal(cap.outstanding_common):.6f}"
            below_market = market_price is not None and price < market_price
            text = (f"the issuance, Warrant Shares included, is {issuance}% of the {fmt_shares(cap.outstanding_common)} "
                    f"shares outstanding before the deal, at or above the {ts.principal_market.name} "
                    f"{threshold}% shareholder-approval threshold")
            if below_market and not ts.shareholder_approval_obtained:
                out.append(p(("shareholder_approval_obtained",), text + f", at a price ({fmt_price(price)}) below "
                             f"the Market Price ({fmt_price(market_price)})",
                             "obtain shareholder approval and set shareholder_approval_obtained: true, or reduce the deal"))
            else:
                out.append(p(("capitalization", "outstanding_common"), text, severity="warning"))
    return out


def _qty(q: Decimal) -> str:
    text = f"{q:,.6f}".rstrip("0").rstrip(".")
    return text
