"""Validate a term sheet: the typed model first, then the input rules that involve several fields and need no
figures (dates, the trading calendar, the Market Price table's days, sums the term sheet states, duplicates).

`validate(source)` raises `TermSheetInvalid` with every model error at once, or returns the model with the problems
of the input rules (errors and warnings), each located at the YAML node it is about
(`FILE:LINE:COL: field.path: message (hint)`). Limits that depend on computed figures (whole shares, authorized
capacity, the 20% test, Market Price coverage) are checked on the figures, in figures/limits.py; figures/load.py runs
the whole chain.
"""
from __future__ import annotations

import difflib
import typing
from dataclasses import dataclass
from decimal import Decimal

from pydantic import BaseModel, ValidationError

from assembler.calendar import supported_exchange, trading_calendar
from assembler.errors import Problem, TermSheetInvalid
from assembler.format import money
from assembler.termsheet.source import Source
from assembler.termsheet.model import TermSheet


@dataclass(frozen=True)
class Validated:
    term_sheet: TermSheet
    problems: list[Problem]  # of the input rules, errors and warnings, in file order
    computable: bool  # False when a problem (an unknown trading calendar) leaves nothing to compute figures with


def validate(source: Source, data: dict | None = None) -> Validated:
    """The model (raising every model error at once), then the input rules. `data` replaces the source's data
    (located against the source's positions)."""
    try:
        ts = TermSheet.model_validate(source.data if data is None else data)
    except ValidationError as exc:
        raise TermSheetInvalid(sorted(_model_problems(exc, source), key=order)) from None
    if not supported_exchange(ts.principal_market.calendar):
        return Validated(ts, [source.problem(("principal_market", "calendar"),
                                             f"no trading calendar for '{ts.principal_market.calendar}'",
                                             "use an exchange code known to the holidays package, e.g. NYSE")], False)
    return Validated(ts, sorted(check(ts, source), key=order), True)


def order(p: Problem):
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
    """Every input rule that involves more than one field and needs no figures; problems in file order."""
    p = source.problem
    problems: list[Problem] = []
    calendar = trading_calendar(ts.principal_market.calendar)

    # dates
    if ts.closing_date < ts.agreement_date:
        problems.append(p(("closing_date",), f"the Closing Date {ts.closing_date} is before the agreement date "
                          f"{ts.agreement_date}", "the Closing is on or after the date of the Agreement"))
    reason = calendar.closed_reason(ts.closing_date)
    if reason:
        problems.append(p(("closing_date",), f"the Closing Date {ts.closing_date} is not a trading day ({reason})",
                          f"the next trading day is {calendar.next_open(ts.closing_date)}"))

    # market price table: prices only on trading days (coverage of the window is a limit on the figures)
    for day in ts.market_price.closing_prices:
        closed = calendar.closed_reason(day)
        if closed:
            problems.append(p(("market_price", "closing_prices", day.isoformat()),
                              f"a price is given for {day}, when the market was closed ({closed})", "remove it"))

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
