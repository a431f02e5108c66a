"""Figures as JSON: the audit trail (figures.json), each figure with its inputs and rule."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from enum import Enum

from assembler import __version__
from assembler.figures.compute import Figures, cashless_exercise_shares
from assembler.termsheet.model import TermSheet


def to_jsonable(value):
    """Decimals as exact strings, dates as ISO strings, dataclasses as dicts."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.metadata.get("audit", True)}
    if isinstance(value, dict):
        return {str(to_jsonable(k)): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return value


def cashless_price(fig: Figures, given: Decimal | None) -> Decimal | None:
    """The market price A for the cashless example: the one given, else 150% of the (first) Exercise Price
    (illustrative); None for a deal without warrants."""
    if given is not None:
        return given
    if fig.exercise_price is None:
        return None
    return (fig.exercise_price * Decimal("1.5")).quantize(Decimal("0.01"))


def cashless_table(fig: Figures, a: Decimal | None) -> list[dict]:
    """Warrant Shares each holder would receive on a cashless exercise at market price `a` (one row per investor
    with one series; one per certificate with several)."""
    if a is None:
        return []
    if len(fig.series) == 1 and fig.series[0].index == 0:
        return [{"holder": p.name, "A": a, "B": fig.exercise_price, "X": p.warrant_shares,
                 "warrant_shares": cashless_exercise_shares(a, fig.exercise_price, p.warrant_shares),
                 "rule": "floor((A - B) x X / A)"} for p in fig.investors]
    rows = []
    for cert in fig.certificates:
        b = fig.series[cert.series].exercise_price
        rows.append({"holder": f"{cert.holder} ({cert.number}, {fig.series[cert.series].label})", "A": a, "B": b,
                     "X": cert.warrant_shares, "warrant_shares": cashless_exercise_shares(a, b, cert.warrant_shares),
                     "rule": "floor((A - B) x X / A)"})
    return rows


def figures_document(ts: TermSheet, fig: Figures, cashless_at: Decimal | None = None) -> dict:
    """The audit trail: every figure with its inputs and rule (the figures.json of a closing set)."""
    a = cashless_price(fig, cashless_at)
    body = {
        "deal": ts.deal.id,
        "tool_version": __version__,
        "figures": {k: {"value": v.value, "rule": v.rule, "inputs": v.inputs} for k, v in fig.audit.items()},
        "market_prices": fig.market_prices,
        "investors": fig.investors,
        "totals": fig.totals,
        "dates": fig.dates,
        "capitalization": fig.capitalization,
        "warrant_series": fig.series,
        "warrant_certificates": fig.certificates,
        "placement_agent": fig.agent,
        "net_proceeds": fig.net_proceeds,
        "cashless_exercise_example": {
            "market_price_A": a,
            "note": "illustrative A (150% of the Exercise Price unless --cashless-at is given)"
            if cashless_at is None else "A given on the command line",
            "holders": cashless_table(fig, a),
        },
    }
    return to_jsonable(body)


def figures_json(ts: TermSheet, fig: Figures, cashless_at: Decimal | None = None) -> str:
    return json.dumps(figures_document(ts, fig, cashless_at), indent=2, ensure_ascii=False) + "\n"
