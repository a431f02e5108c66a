"""Figures as JSON (the audit trail) and as readable tables."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from enum import Enum

from assembler import __version__
from assembler.figures.compute import Figures, cashless_exercise_shares
from assembler.format import money, price, shares
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
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(to_jsonable(k)): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return value


def cashless_price(fig: Figures, given: Decimal | None) -> Decimal:
    """The market price A for the cashless example: the one given, else 150% of the Exercise Price (illustrative)."""
    return given if given is not None else (fig.exercise_price * Decimal("1.5")).quantize(Decimal("0.01"))


def cashless_table(fig: Figures, a: Decimal) -> list[dict]:
    """Warrant Shares each holder would receive on a cashless exercise at market price `a`."""
    return [{"holder": p.name, "A": a, "B": fig.exercise_price, "X": p.warrant_shares,
             "warrant_shares": cashless_exercise_shares(a, fig.exercise_price, p.warrant_shares),
             "rule": "floor((A - B) x X / A)"} for p in fig.investors]


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


def print_tables(console, ts: TermSheet, fig: Figures, cashless_at: Decimal | None = None) -> None:
    from rich.table import Table

    a = fig.audit
    head = Table(title=f"{ts.deal.title}", show_header=True, header_style="bold")
    for col in ("figure", "value", "rule"):
        head.add_column(col)
    head.add_row("Market Price", price(fig.market_price), a["market_price"].rule)
    head.add_row("Purchase Price", price(fig.purchase_price), a["purchase_price"].rule)
    head.add_row("Exercise Price", price(fig.exercise_price), a["exercise_price"].rule)
    for key in ("filing_deadline", "effectiveness_deadline", "full_review_effectiveness_deadline",
                "warrant_initial_exercise", "warrant_termination"):
        entry = a[f"dates.{key}"]
        value = entry.value.isoformat()
        if entry.inputs.get("rolled"):
            value += f" (rolled from {entry.inputs['unadjusted']}: {entry.inputs['not_a_business_day_because']})"
        head.add_row(key.replace("_", " "), value, entry.rule)
    console.print(head)

    mp = Table(title="Market Price window", header_style="bold")
    mp.add_column("trading day")
    mp.add_column("price", justify="right")
    for day, value in fig.market_prices:
        mp.add_row(day.isoformat(), price(value))
    mp.add_row("average", price(fig.market_price))
    console.print(mp)

    inv = Table(title="Investors", header_style="bold")
    for col in ("certificate", "investor", "subscription", "shares", "purchase price", "unapplied", "warrant shares",
                "% of deal"):
        inv.add_column(col, justify="left" if col in ("investor", "certificate") else "right")
    for p in fig.investors:
        inv.add_row(p.certificate_number, p.name, money(p.subscription), shares(p.shares), money(p.purchase_price),
                    money(p.unapplied), shares(p.warrant_shares), f"{p.percent_of_deal}%")
    t = fig.totals
    inv.add_row("", "Total", money(t.subscription), shares(t.shares), money(t.purchase_price),
                money(t.subscription - t.purchase_price), shares(t.warrant_shares), "100%")
    console.print(inv)

    ld = ts.registration_rights.liquidated_damages
    dmg = Table(title=f"Liquidated damages: a {ld.example_default_days}-day filing default from "
                      f"{fig.dates.damages_example_start} ({ld.proration.value})", header_style="bold")
    for col in ("investor", "period", "from", "to", "days", "rate", "monthly", "accrued"):
        dmg.add_column(col, justify="right" if col not in ("investor", "from", "to") else "left")
    for p in fig.investors:
        for row in p.damages_schedule:
            dmg.add_row(p.name, str(row.number), row.start.isoformat(), row.end.isoformat(),
                        f"{row.days}/{row.period_days}", f"{row.rate_percent}%", money(row.monthly_amount),
                        money(row.amount))
        dmg.add_row(p.name, "total", "", "", "", "", "", money(p.damages_example_total))
    console.print(dmg)

    c = fig.capitalization
    cap = Table(title="Capitalization", header_style="bold")
    cap.add_column("item")
    cap.add_column("shares", justify="right")
    for label, value in (("authorized Common Stock", shares(c.authorized_common)),
                         ("outstanding before", shares(c.outstanding_before)),
                         ("Shares issued at the Closing", shares(fig.totals.shares)),
                         ("outstanding after", shares(c.outstanding_after)),
                         ("reserved: Warrant Shares", shares(c.warrant_shares)),
                         ("reserved: other options and warrants", shares(c.reserved_other)),
                         ("authorized, unissued and unreserved after", shares(c.headroom)),
                         ("issuance incl. Warrant Shares / outstanding before", f"{c.issuance_percent}%"),
                         ("investors' ownership after (Shares only)", f"{c.ownership_after_percent}%"),
                         ("investors' ownership after, fully diluted for the Warrants", f"{c.fully_diluted_after_percent}%")):
        cap.add_row(label, value)
    console.print(cap)

    cl = Table(title="Cashless exercise: floor((A - B) x X / A)", header_style="bold")
    for col in ("holder", "A", "B", "X", "Warrant Shares"):
        cl.add_column(col, justify="right" if col != "holder" else "left")
    for row in cashless_table(fig, cashless_price(fig, cashless_at)):
        cl.add_row(row["holder"], price(row["A"]), price(row["B"]), shares(row["X"]), shares(row["warrant_shares"]))
    console.print(cl)
