"""What the edit page shows as you type: the located problems, the data the form displays, and the figures with their
rules (from the audit trail). One call per keystroke, so nothing here renders a document.
"""
from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

from assembler.errors import Problem, TermSheetInvalid
from assembler.figures.audit import to_jsonable
from assembler.figures.limits import shareholder_approval
from assembler.format import money, price, shares
from assembler.termsheet.source import parse_source
from assembler.figures.load import Loaded, from_source as validate_source


def check_text(text: str, name: str) -> dict:
    """Problems (errors and warnings, each with line, column and field path), the parsed data (or None when the
    text is not YAML), the figures of a valid term sheet and the trading days its Market Price needs."""
    started = time.perf_counter()
    data, figures, needed = None, None, []
    try:
        source = parse_source(text, name)
        data = source.data
        loaded = validate_source(source)
        problems, figures = loaded.warnings, figures_view(loaded)
    except TermSheetInvalid as exc:
        problems = exc.problems
    if data is not None and figures is None:
        needed = market_days_needed(data)
    elif figures is not None:
        needed = [d["date"] for d in figures["market_days"]]
    return {"problems": [problem_json(p) for p in problems], "data": data, "figures": figures,
            "market_days_needed": needed, "valid": figures is not None,
            "errors": sum(p.severity == "error" for p in problems),
            "ms": round((time.perf_counter() - started) * 1000, 1)}


def problem_json(p: Problem) -> dict:
    return {"line": p.line, "column": p.column, "path": p.path, "message": p.message, "hint": p.hint,
            "severity": p.severity, "text": str(p)}


def _plain(value) -> str:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return shares(value)
    if isinstance(value, Decimal):
        return price(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def figures_view(loaded: Loaded) -> dict:
    """The figures a paralegal checks while drafting, each with the rule that produced it (the audit trail)."""
    ts, fig = loaded.term_sheet, loaded.figures
    audit = fig.audit

    def entry(key: str, shown: str) -> dict:
        a = audit[key]
        return {"key": key, "value": shown, "rule": a.rule, "inputs": to_jsonable(a.inputs)}

    prices = [entry(k, price(a.value)) for k, a in audit.items()
              if "." not in k and isinstance(a.value, Decimal) and k.endswith("price")]
    investors = []
    for i, p in enumerate(fig.investors):
        row = {"name": p.name, "certificate": p.certificate_number, "subscription": money(p.subscription),
               "paid": money(p.purchase_price), "unapplied": money(p.unapplied), "percent": f"{p.percent_of_deal}%"}
        for field in ("shares", "warrant_shares"):
            key = f"investors[{i}].{field}"
            if key in audit:
                row[field] = entry(key, _plain(audit[key].value))
        investors.append(row)
    deadlines = []
    for key, a in audit.items():
        if key.startswith("dates."):
            item = entry(key, a.value.isoformat() if isinstance(a.value, dt.date) else _plain(a.value))
            item["name"] = key.removeprefix("dates.").replace("_", " ")
            if a.inputs.get("rolled"):
                item["note"] = f"rolled from {a.inputs['unadjusted']} ({a.inputs['not_a_business_day_because']})"
            deadlines.append(item)
    cap = fig.capitalization
    test = shareholder_approval(ts, fig)
    twenty = {**entry("capitalization", f"{cap.issuance_percent}%"), "threshold": f"{test.threshold}%",
              "issued": shares(test.issued), "outstanding": shares(test.outstanding), "at_or_above": test.at_or_above,
              "verdict": test.verdict, "market": ts.principal_market.name}
    return {
        "prices": prices,
        "investors": investors,
        "totals": {"subscription": money(fig.totals.subscription), "shares": shares(fig.totals.shares),
                   "warrant_shares": shares(fig.totals.warrant_shares), "paid": money(fig.totals.purchase_price)},
        "market_days": [{"date": d.isoformat(), "price": price(v)} for d, v in fig.market_prices],
        "market_rule": audit["market_price"].rule,
        "deadlines": deadlines,
        "twenty": twenty,
    }


def market_days_needed(data: dict) -> list[str]:
    """The trading days the Market Price averages, from the few fields that fix them, while the rest of the term
    sheet is still incomplete (so that the form can offer a row for each day)."""
    from assembler.calendar import supported_exchange, trading_calendar
    from assembler.figures.compute import market_price_window
    from assembler.rules import Anchor
    from types import SimpleNamespace as NS

    try:
        mp = data["market_price"]
        calendar_code = (data.get("principal_market") or {}).get("calendar") or "NYSE"
        if not supported_exchange(calendar_code):
            return []
        ts = NS(closing_date=dt.date.fromisoformat(data["closing_date"]),
                agreement_date=dt.date.fromisoformat(data["agreement_date"]),
                market_price=NS(anchor=Anchor(mp["anchor"]), trading_days=int(mp["trading_days"])))
        if not 1 <= ts.market_price.trading_days <= 60:
            return []
        return [d.isoformat() for d in market_price_window(ts, trading_calendar(calendar_code)).days]
    except (KeyError, TypeError, ValueError, AttributeError):
        return []


def closed_days(calendar_code: str, year: int) -> dict[str, str]:
    """Every day of `year` the market is closed, with the reason (weekends and holidays): the date picker greys them."""
    from assembler.calendar import supported_exchange, trading_calendar

    if not supported_exchange(calendar_code) or not 1900 <= year <= 2200:
        return {}
    calendar = trading_calendar(calendar_code)
    day, out = dt.date(year, 1, 1), {}
    while day.year == year:
        reason = calendar.closed_reason(day)
        if reason:
            out[day.isoformat()] = reason
        day += dt.timedelta(days=1)
    return out
