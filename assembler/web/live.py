"""What the edit page shows as you type: the located problems, the data the form displays, the structure of the
securities, and the figures with their rules (from the audit trail). One call per keystroke, so nothing here renders a
document, and nothing here computes a figure: every value shown is read off `load`'s Figures and audit trail (the 20%
test is `figures.limits.shareholder_approval`).
"""
from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

from assembler.errors import Problem, TermSheetInvalid
from assembler.figures.audit import to_jsonable
from assembler.figures.labels import figure_label
from assembler.figures.limits import shareholder_approval
from assembler.figures.load import Loaded, from_source as validate_source
from assembler.figures.warrants import audit_key, certificate_key, series_key
from assembler.format import money, price, shares
from assembler.termsheet.source import parse_source
from assembler.termsheet.structures import structure_of

MEASURES = (("market_price.first_measure", "market_price"), ("market_price.second_measure", "market_price.lower_of"))


def check_text(text: str, name: str) -> dict:
    """Problems (errors and warnings, each with line, column and field path), the parsed data (or None when the
    text is not YAML), the structure of the securities, the figures of a valid term sheet, and the trading days each
    Market Price measure needs (by the field that lists their prices)."""
    started = time.perf_counter()
    data, figures = None, None
    try:
        source = parse_source(text, name)
        data = source.data
        loaded = validate_source(source)
        problems, figures = loaded.warnings, figures_view(loaded)
    except TermSheetInvalid as exc:
        problems = exc.problems
    return {"problems": [problem_json(p) for p in problems], "data": data, "figures": figures,
            "structure": structure_of(data) if isinstance(data, dict) else None,
            "market_days_needed": market_days_needed(data) if isinstance(data, dict) else {},
            "valid": figures is not None, "errors": sum(p.severity == "error" for p in problems),
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
    names = {"investors": [{"name": p.name} for p in fig.investors],
             "warrant_series": [{"index": s.index, "label": s.label} for s in fig.series]}

    def entry(key: str, shown: str | None = None) -> dict | None:
        a = audit.get(key)
        if a is None:
            return None
        return {"key": key, "label": figure_label(key, names), "value": _plain(a.value) if shown is None else shown,
                "rule": a.rule, "inputs": to_jsonable(a.inputs)}

    prices = [e for e in (entry("market_price"), entry("purchase_price")) if e]
    investors = []
    for i, p in enumerate(fig.investors):
        investors.append({
            "name": p.name, "certificates": p.warrant_numbers, "subscription": money(p.subscription),
            "paid": money(p.purchase_price), "unapplied": money(p.unapplied), "percent": f"{p.percent_of_deal}%",
            "paid_by": p.paid_by, "shares": entry(f"investors[{i}].shares"),
            "warrant_shares": _warrant_total(i, p, fig, entry)})
    series = [_series(s, fig, entry) for s in fig.series]
    test = shareholder_approval(ts, fig)
    twenty = {**entry("capitalization", f"{fig.capitalization.issuance_percent}%"), "threshold": f"{test.threshold}%",
              "issued": shares(test.issued), "outstanding": shares(test.outstanding), "at_or_above": test.at_or_above,
              "verdict": test.verdict, "approval_needed": test.approval_needed, "market": ts.principal_market.name}
    return {
        "prices": prices,
        "investors": investors,
        "totals": {"subscription": money(fig.totals.subscription), "shares": shares(fig.totals.shares),
                   "warrant_shares": shares(fig.totals.warrant_shares), "paid": money(fig.totals.purchase_price)},
        "units": ts.securities.units,
        "series": series,
        "agent": _agent(fig, entry),
        "market": [_measure(key, entry) for key, _ in MEASURES if key in audit] or
                  ([_measure("market_price", entry)] if "market_price" in audit else []),
        "deadlines": _deadlines(audit, entry, {s[k]["key"] for s in series for k in ("initial_exercise", "termination")
                                               if s[k]}),
        "twenty": twenty,
    }


def _warrant_total(i: int, p, fig, entry) -> dict | None:
    """An investor's warrant shares: its one certificate's (with that rule), or the sum over the series."""
    if not fig.investor_series:
        return None
    key = f"investors[{i}].warrant_shares"
    if len(fig.investor_series) == 1 and entry(key):
        return entry(key)
    return {"key": key, "value": shares(p.warrant_shares), "rule": f"the sum of its certificates ({p.warrant_numbers})",
            "inputs": {}}


def _series(s, fig, entry) -> dict:
    key = series_key(s.index)
    certificates = []
    for number, cert in enumerate((c for c in fig.certificates if fig.series[c.series] is s), start=1):
        found = entry(certificate_key(key, s.spec, cert.investor, number))
        certificates.append({"number": cert.number, "holder": cert.holder, "warrant_shares": found})
    end = entry(audit_key(s.index, "termination"))
    if end and s.termination_time:
        end["value"] += f", {s.termination_time}"
    return {"key": key, "label": s.label, "prefix": s.prefix, "agent": s.index < 0,
            "exercise_price": entry(audit_key(s.index, "exercise_price")),
            "initial_exercise": entry(audit_key(s.index, "initial_exercise")), "termination": end,
            "warrant_shares": shares(s.warrant_shares), "certificates": certificates}


def _agent(fig, entry) -> dict | None:
    if fig.agent is None:
        return None
    return {"name": fig.agent.name, "fee": entry("placement_agent.fee", money(fig.agent.fee)),
            "net_proceeds": money(fig.net_proceeds) if fig.net_proceeds is not None else None,
            "warrant_shares": shares(fig.agent.warrant_shares),
            "certificate": fig.agent.certificate.number if fig.agent.certificate else None}


def _measure(key: str, entry) -> dict:
    e = entry(key)
    return {**e, "days": [{"date": d, "price": price(Decimal(v))} for d, v in e["inputs"].get("prices", {}).items()]}


def _deadlines(audit, entry, shown: set[str]) -> list[dict]:
    """Every date of the audit trail but those the series show."""
    out = []
    for key, a in audit.items():
        if key.startswith("dates.") and key not in shown:
            item = entry(key)
            if a.inputs.get("rolled"):
                item["note"] = f"rolled from {a.inputs['unadjusted']} ({a.inputs['not_a_business_day_because']})"
            out.append(item)
    return out


def market_days_needed(data: dict) -> dict[str, list[str]]:
    """The trading days each Market Price measure averages (by the field that holds their prices), from the few fields
    that fix them, while the rest of the term sheet may still be incomplete: the form offers a row for each day."""
    from types import SimpleNamespace as NS

    from assembler.calendar import supported_exchange, trading_calendar
    from assembler.figures.prices import window_of
    from assembler.rules import Anchor

    out: dict[str, list[str]] = {}
    mp, market = data.get("market_price"), data.get("principal_market")
    code = market.get("calendar") if isinstance(market, dict) and isinstance(market.get("calendar"), str) else "NYSE"
    if not isinstance(mp, dict) or not supported_exchange(code):
        return out
    for _, where in MEASURES:
        measure = mp if where == "market_price" else mp.get("lower_of")
        try:
            days = int(measure["trading_days"])
            if not 1 <= days <= 60:
                continue
            ts = NS(closing_date=_date(data.get("closing_date")), agreement_date=_date(data.get("agreement_date")))
            anchor = Anchor(measure["anchor"])
            pricing = _date(measure.get("pricing_date")) if anchor is Anchor.pricing_date else None
            window = window_of(ts, NS(anchor=anchor, pricing_date=pricing, trading_days=days), trading_calendar(code))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
        out[f"{where}.closing_prices"] = [d.isoformat() for d in window.days]
    return out


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None  # not written yet (TBD), or not a date


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
