"""Validate a term sheet: the typed model first, then the rules that involve several fields.

`load(path)` returns a `Loaded` (model, source, warnings) or raises `TermSheetInvalid` with every problem at once,
each located at the YAML node it is about (`FILE:LINE:COL: field.path: message (hint)`).
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
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
from assembler.termsheet.source import Source, load_source, parse_source
from assembler.termsheet.model import TermSheet


@dataclass
class Loaded:
    term_sheet: TermSheet
    source: Source
    figures: Figures
    warnings: list[Problem]


def load(path: str | Path) -> Loaded:
    """Read, validate and compute; raise TermSheetInvalid listing every error (warnings ride along with errors)."""
    return validate_source(load_source(path))


def load_text(text: str, name: str) -> Loaded:
    """`load` for term-sheet text that is not (yet) a file, e.g. from an editor; `name` is used in the locations."""
    return validate_source(parse_source(text, name))


def validate_source(source: Source) -> Loaded:
    placeholders = placeholder_problems(source)
    try:
        ts = TermSheet.model_validate(source.data)
    except ValidationError as exc:
        held = {p.path for p in placeholders}
        problems = [p for p in _model_problems(exc, source) if not _within(p.path, held)]
        raise TermSheetInvalid(sorted(placeholders + problems, key=_order)) from None
    if placeholders:
        raise TermSheetInvalid(sorted(placeholders, key=_order))
    problems = check(ts, source)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise TermSheetInvalid(sorted(problems, key=_order))
    return Loaded(ts, source, compute(ts), [p for p in problems if p.severity != "error"])


def _order(p: Problem):
    return (p.line, p.column, p.path)


# ---------------------------------------------------------------- placeholders

# A value nobody has filled in yet: TBD (TBA, TBC, TK) alone or first, anything in square brackets ("[Company name]",
# "[●]"), a bullet, or a blank to fill (___). Drafters mark open points this way; none of them may reach a document.
PLACEHOLDER = re.compile(r"^\s*(TBD|TBA|TBC|TK)\b|\[[^\]]*\]|[●•]|_{3,}", re.IGNORECASE)


def placeholder_problems(source: Source) -> list[Problem]:
    """Every placeholder in the term sheet (values, and keys such as a closing-price date), at its line."""
    out: list[Problem] = []

    def walk(value, loc):
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and PLACEHOLDER.search(key):
                    out.append(source.problem(loc + (key,), f"is a placeholder ('{key}') where a key belongs",
                                              _key_hint(loc), at_key=True))
                walk(item, loc + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, loc + (i,))
        elif isinstance(value, str) and PLACEHOLDER.search(value):
            out.append(source.problem(loc, f"is a placeholder ('{value}')", "fill in the deal's value"))

    walk(source.data, ())
    return out


def _key_hint(loc: tuple) -> str:
    return "write the trading day as YYYY-MM-DD" if loc and loc[-1] == "closing_prices" else "write the key"


def _within(path: str, held: set[str]) -> bool:
    """`path` is a placeholder's path or lies under one (its errors say the same thing again)."""
    return any(path == h or path.startswith(h + ".") or path.startswith(h + "[") for h in held)


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
            if isinstance(err["input"], list) and kind in SCALAR_ERRORS:
                out.append(source.problem(loc, f"{message}: square brackets make a YAML list "
                                          f"({_flow(err['input'])}); a placeholder in brackets is not a value",
                                          "write the value itself, without brackets"))
                continue
            hint = us_date_hint(err["input"]) if kind.startswith("date") else ""
            out.append(source.problem(loc, f"{message} (got {err['input']!r})" if _short(err["input"]) else message,
                                      hint))
    return out


SCALAR_ERRORS = {"string_type", "date_type", "decimal_type", "int_type", "bool_type", "decimal_parsing",
                 "int_parsing", "date_parsing", "date_from_datetime_parsing", "enum", "value_error"}
US_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


def us_date_hint(value) -> str:
    """A hint for a date written in US order (11/24/1999): the ISO form the term sheet needs."""
    match = US_DATE.match(str(value)) if isinstance(value, str) else None
    if not match:
        return "write dates as YYYY-MM-DD, e.g. 1999-11-24" if isinstance(value, str) else ""
    month, day, year = (int(g) for g in match.groups())
    options = []
    for m, d, reading in ((month, day, "month first (US order)"), (day, month, "day first")):
        try:
            options.append((dt.date(year, m, d), reading))
        except ValueError:
            continue
    if not options:
        return "write dates as YYYY-MM-DD"
    if len(options) == 1 or options[0][0] == options[1][0]:
        return f"write dates as YYYY-MM-DD: {options[0][0].isoformat()}"
    return (f"write dates as YYYY-MM-DD: {options[0][0].isoformat()} if written {options[0][1]}, "
            f"{options[1][0].isoformat()} if {options[1][1]}")


def _flow(items: list) -> str:
    return "[" + ", ".join(str(i) for i in items) + "]"


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

    if market_price is not None or ts.securities.purchase_price.fixed is not None:
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
