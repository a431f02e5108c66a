"""Validate a term sheet: the typed model first, then the input rules that involve several fields and need no
figures (dates, the trading calendar, the Market Price table's days, sums the term sheet states, duplicates).

`validate(source)` raises `TermSheetInvalid` with every model error at once, or returns the model with the problems
of the input rules (errors and warnings), each located at the YAML node it is about
(`FILE:LINE:COL: field.path: message (hint)`). Limits that depend on computed figures (whole shares, authorized
capacity, the 20% test, Market Price coverage) are checked on the figures, in figures/limits.py; figures/load.py runs
the whole chain.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
from dataclasses import dataclass
from decimal import Decimal

from pydantic import BaseModel, ValidationError

from assembler.calendar import supported_exchange, trading_calendar
from assembler.errors import Problem, TermSheetInvalid
from assembler.format import money, slug
from assembler.law import OUTSIDE_DATE_DAYS, OUTSIDE_DATE_MAX_DAYS
from assembler.termsheet.source import Source
from assembler.termsheet.edition import check_edition
from assembler.termsheet.signatory import check_chains
from assembler.termsheet.model import TermSheet


@dataclass(frozen=True)
class Validated:
    term_sheet: TermSheet
    problems: list[Problem]  # of the input rules, errors and warnings, in file order
    computable: bool  # False when a problem (an unknown trading calendar) leaves nothing to compute figures with


def validate(source: Source, data: dict | None = None) -> Validated:
    """The model (raising every model error at once), then the input rules. `data` replaces the source's data
    (located against the source's positions)."""
    placeholders = placeholder_problems(source, data)
    try:
        ts = TermSheet.model_validate(source.data if data is None else data)
    except ValidationError as exc:
        held = {p.path for p in placeholders}
        problems = [p for p in _model_problems(exc, source, data) if not _within(p.path, held)]
        raise TermSheetInvalid(sorted(placeholders + problems, key=order)) from None
    if placeholders:
        raise TermSheetInvalid(sorted(placeholders, key=order))
    if not supported_exchange(ts.principal_market.calendar):
        return Validated(ts, [source.problem(("principal_market", "calendar"),
                                             f"no trading calendar for '{ts.principal_market.calendar}'",
                                             "use an exchange code known to the holidays package, e.g. NYSE")], False)
    return Validated(ts, sorted(check(ts, source), key=order), True)


def order(p: Problem):
    return (p.line, p.column, p.path)


# ---------------------------------------------------------------- placeholders

# A value nobody has filled in yet: TBD (TBA, TBC, TK) alone or first, anything in square brackets ("[Company name]",
# "[●]"), a bullet, or a blank to fill (___). Drafters mark open points this way; none of them may reach a document.
PLACEHOLDER = re.compile(r"^\s*(TBD|TBA|TBC|TK)\b|\[[^\]]*\]|[●•]|_{3,}", re.IGNORECASE)


def placeholder_problems(source: Source, data: dict | None = None) -> list[Problem]:
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
            out.append(source.problem(loc, f"is a placeholder ('{value}')", _fill_hint(loc)))

    walk(source.data if data is None else data, ())
    return out


def _fill_hint(loc: tuple) -> str:
    """Fill it in; for a field the deal needs only in some cases (the model's x-needed-when), or leave it out."""
    from assembler.termsheet.skeleton import needed_when

    model = _model_at(loc[:-1]) if loc and isinstance(loc[-1], str) else None
    info = model.model_fields.get(loc[-1]) if model else None
    extra = info.json_schema_extra if info is not None and isinstance(info.json_schema_extra, dict) else {}
    when = needed_when(extra)
    return f"fill in the deal's value {when}" if when else "fill in the deal's value"


def _key_hint(loc: tuple) -> str:
    return "write the trading day as YYYY-MM-DD" if loc and loc[-1] == "closing_prices" else "write the key"


def _within(path: str, held: set[str]) -> bool:
    """`path` is a placeholder's path or lies under one (its errors say the same thing again)."""
    return any(path == h or path.startswith(h + ".") or path.startswith(h + "[") for h in held)


# ---------------------------------------------------------------- model errors

def _data_loc(loc: tuple, data) -> tuple:
    """Drop a list index the YAML does not have: `warrants:` written as one mapping is read as a list of one."""
    out, node = [], data
    for part in loc:
        if isinstance(part, int) and not isinstance(node, list):
            continue
        out.append(part)
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
    return tuple(out)


def _model_problems(exc: ValidationError, source: Source, data=None) -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        loc = _data_loc(tuple(err["loc"]), source.data if data is None else data)
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
            if kind.startswith("date") and isinstance(err["input"], str):
                out.append(source.problem(loc, *date_problem(err["input"], message)))
                continue
            out.append(source.problem(loc, f"{message} (got {err['input']!r})" if _short(err["input"]) else message))
    return out


SCALAR_ERRORS = {"string_type", "date_type", "decimal_type", "int_type", "bool_type", "decimal_parsing",
                 "int_parsing", "date_parsing", "date_from_datetime_parsing", "enum", "value_error"}
US_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


YEAR_FIRST = re.compile(r"^\s*(\d{4})[/.](\d{1,2})[/.](\d{1,2})\s*$")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
WORDS_DATE = re.compile(r"^\s*(?:([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?|(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?)"
                        r"\s+(\d{4})\s*$", re.IGNORECASE)


def date_problem(value: str, reason: str) -> tuple[str, str]:
    """What is wrong with a date as written, and the fix: the ISO date the term sheet needs. A date in US order
    (11/24/1999) or in words (November 24, 1999) is named as such; anything else keeps the parser's reason, without
    its "Input should be"."""
    got = f" (got {value!r})" if _short(value) else ""
    us = US_DATE.match(value)
    if us:
        first, second = int(us.group(1)), int(us.group(2))
        order = "in US order (month first)" if first <= 12 < second else "day first" if second <= 12 < first \
            else "month and day in either order" if first <= 12 and second <= 12 else ""
        return (f"is a date written {order}{got}" if order else f"is not a date{got}"), us_date_hint(value)
    slashed = YEAR_FIRST.match(value)
    if slashed:
        try:
            return (f"is a date written with slashes or dots{got}",
                    f"write dates as YYYY-MM-DD: {dt.date(*(int(g) for g in slashed.groups())).isoformat()}")
        except ValueError:
            pass
    words = WORDS_DATE.match(value)
    if words:
        name, day, year = (words.group(1), words.group(2), words.group(5)) if words.group(1) else \
            (words.group(4), words.group(3), words.group(5))
        month = next((n for n, m in enumerate(MONTHS, start=1) if len(name) >= 3 and m.startswith(name.lower())), None)
        try:
            iso = dt.date(int(year), month, int(day)).isoformat() if month else None
        except ValueError:
            iso = None
        if iso:
            return f"is a date written in words{got}", f"write dates as YYYY-MM-DD: {iso}"
    detail = reason.split(", ", 1)[1] if reason.startswith("Input should be") and ", " in reason else ""
    return f"is not a date{f': {detail}' if detail else ''}{got}", us_date_hint(value)


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
    if ts.outside_date is not None and ts.outside_date < ts.closing_date:
        problems.append(p(("outside_date",), f"the outside date {ts.outside_date} is before the Closing Date "
                          f"{ts.closing_date}: a party could terminate the Agreement before the day it is to close",
                          f"give a date on or after the Closing Date, or none ({OUTSIDE_DATE_DAYS} days after the Closing Date)"))
    latest = ts.closing_date + dt.timedelta(days=OUTSIDE_DATE_MAX_DAYS)
    if ts.outside_date is not None and ts.outside_date > latest:
        problems.append(p(("outside_date",), f"the outside date {ts.outside_date} is "
                          f"{(ts.outside_date - ts.closing_date).days} days after the Closing Date {ts.closing_date}, "
                          f"more than the {OUTSIDE_DATE_MAX_DAYS} days a party may be held to prices fixed at signing",
                          f"give a date no later than {latest} ({OUTSIDE_DATE_MAX_DAYS} days after the Closing Date), "
                          f"or none ({OUTSIDE_DATE_DAYS} days after the Closing Date)"))

    # market price tables: prices only on trading days (coverage of the window is a limit on the figures)
    mp = ts.market_price
    for measure, loc in ((mp, ("market_price",)), (mp.lower_of if mp else None, ("market_price", "lower_of"))):
        if measure is None:
            continue
        for day in measure.closing_prices:
            closed = calendar.closed_reason(day)
            if closed:
                problems.append(p(loc + ("closing_prices", day.isoformat()),
                                  f"a price is given for {day}, when the market was closed ({closed})", "remove it"))
        if measure.pricing_date is not None:
            closed = calendar.closed_reason(measure.pricing_date)
            if closed:
                problems.append(p(loc + ("pricing_date",), f"the pricing date {measure.pricing_date} is not a trading "
                                  f"day ({closed})", f"the trading day before it is "
                                  f"{calendar.previous_open(measure.pricing_date)}"))
            if measure.pricing_date > ts.closing_date:
                problems.append(p(loc + ("pricing_date",), f"the pricing date {measure.pricing_date} is after the "
                                  f"Closing Date ({ts.closing_date})", "the price is fixed on or before the Closing"))

    second = mp.lower_of if mp else None
    if second is not None and second.pricing_date and mp.pricing_date and \
            second.pricing_date != ts.market_price.pricing_date:
        problems.append(p(("market_price", "lower_of", "pricing_date"), "the two measures name different pricing "
                          "dates; the agreement defines one Pricing Date", "use the same pricing_date in both"))
    if ts.securities.aggregate_amount is not None and all(i.amount is not None for i in ts.investors):
        total = sum((i.amount for i in ts.investors), Decimal(0))
        if total != ts.securities.aggregate_amount:
            problems.append(p(("securities", "aggregate_amount"),
                              f"the investors' amounts add up to {money(total)}, not {money(ts.securities.aggregate_amount)}",
                              "correct an investor's amount or the aggregate"))
    names = [i.name for i in ts.investors]
    for i, name in enumerate(names):
        if name in names[:i]:
            problems.append(p(("investors", i, "name"), f"investor '{name}' appears twice", "merge the two entries"))
    problems += _securities(ts, source, calendar)
    problems += check_edition(ts, source, calendar)
    problems += check_chains(ts, source)
    cap = ts.capitalization
    if cap.authorized_preferred and cap.preferred_par_value is None:
        problems.append(p(("capitalization", "authorized_preferred"), "authorized preferred stock needs its par value",
                          "add capitalization.preferred_par_value"))
    if cap.outstanding_preferred > cap.authorized_preferred:
        problems.append(p(("capitalization", "outstanding_preferred"), "more preferred stock is outstanding than is "
                          "authorized", "correct authorized_preferred or outstanding_preferred"))
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


def _securities(ts: TermSheet, source: Source, calendar) -> list[Problem]:
    """Units, warrant series, price bases, the placement agent."""
    p = source.problem
    out: list[Problem] = []
    sec = ts.securities
    terms = [(("securities", "purchase_price"), sec.purchase_price)] + [
        (("securities", "warrants"), w.exercise_price) for w in sec.warrants]
    if ts.placement_agent and ts.placement_agent.warrants:
        terms.append((("placement_agent", "warrants"), ts.placement_agent.warrants.exercise_price))
    if ts.market_price is None and any(term.base == "market_price" for _, term in terms):
        out.append(p((), "a price is measured from the Market Price, but the term sheet has no market_price",
                     "add market_price (trading_days, price_kind, anchor, reporting_source, closing_prices)"))
    if sec.purchase_price.percent_of_purchase_price is not None:
        out.append(p(("securities", "purchase_price", "percent_of_purchase_price"),
                     "the Purchase Price cannot be a percentage of itself",
                     "use fixed, percent_of_market_price or discount_percent"))
    if sec.units and not sec.warrants:
        out.append(p(("securities", "units"), "a Unit is one share and a fraction of a warrant: give the warrants",
                     "add securities.warrants with per_unit, or set units: false"))
    series = [(("securities", "warrants", i) if len(sec.warrants) > 1 or isinstance(
        source.data.get("securities", {}).get("warrants"), list) else ("securities", "warrants"), w)
        for i, w in enumerate(sec.warrants)]
    if ts.placement_agent is not None and ts.placement_agent.warrants is not None:
        series.append((("placement_agent", "warrants"), ts.placement_agent.warrants))
    names = [w.name for w in sec.warrants]
    if len(sec.warrants) > 1:
        for (loc, w), name in zip(series, names):
            if not name:
                out.append(p(loc, "with more than one series of warrants, each needs a name", "e.g. name: Series A"))
            elif names.count(name) > 1:
                out.append(p(loc + ("name",), f"two series are named '{name}'", "give each series its own name"))
            elif not slug(name):
                out.append(p(loc + ("name",), f"the series' name '{name}' has no letter or digit (its form of "
                             "warrant's file is named after it)", "e.g. name: Series A"))
            elif [slug(n or "").lower() for n in names].count(slug(name).lower()) > 1:
                alike = ", ".join(f"'{n}'" for n in names if n and slug(n).lower() == slug(name).lower())
                out.append(p(loc + ("name",), f"the series' names {alike} differ only in case, spaces or signs: "
                             "their forms of warrant would have the same file name", "name the series apart"))
    for loc, w in series:
        agent = loc[0] == "placement_agent"
        if w.per_unit is not None and (agent or not sec.units):
            out.append(p(loc + ("per_unit",), "per_unit is for Units only" if not agent else
                         "the placement agent's warrants cover the Shares sold, not a Unit",
                         "use coverage_percent or warrant_shares" + ("" if agent else ", or set securities.units: true")))
        if sec.units and not agent and w.per_unit is None:
            out.append(p(loc, "in a unit offering each series gives the warrant shares per Unit",
                         "use per_unit (0.5 = one-half of a warrant share per Unit)"))
        start = w.initial_exercise.date
        if start is not None and start < ts.closing_date:
            out.append(p(loc + ("initial_exercise", "date"), f"the warrants cannot become exercisable ({start}) "
                         f"before the Closing Date ({ts.closing_date})"))
        if w.expiration is not None and w.expiration.date <= max(start or ts.closing_date, ts.closing_date):
            out.append(p(loc + ("expiration", "date"), f"the warrants would expire ({w.expiration.date}) before "
                         "they become exercisable", "give a later expiration date"))
    if ts.placement_agent is not None and ts.broker is not None:
        out.append(p(("broker",), "the term sheet names both a broker and a placement agent",
                     "name the firm once, under placement_agent (with its fee) or broker"))
    return out
