"""What a paralegal calls each figure of the audit trail (figures.json): `investors[1].shares` is "Shares: Bentley
Capital", `capitalization` is "20% test: shares issued, % of outstanding". The one place figures are named for people:
the edit page's figures and the changes page's changed figures both read it.
"""
from __future__ import annotations

import re
from decimal import Decimal

from assembler.format import money, price, shares

# The terms as the documents write them; every other word is written as the key spells it, in lower case.
NAMES = {
    "market_price": "Market Price",
    "purchase_price": "Purchase Price",
    "exercise_price": "Exercise Price",
    "minimum_price": "Minimum Price (Nasdaq)",
    "capitalization": "20% test: shares issued, % of outstanding",
    "first_measure": "first measure",
    "second_measure": "second measure",
    "shares": "Shares",
    "warrant_shares": "Warrant Shares",
    "percent_of_deal": "% of the deal",
    "fee": "fee",
    "initial_exercise": "Initial Exercise Date",
    "termination": "Termination Date",
    "warrant_initial_exercise": "Initial Exercise Date of the Warrants",
    "warrant_termination": "Termination Date of the Warrants",
    "damages_monthly.initial": "Liquidated damages a month, initial rate",
    "damages_monthly.subsequent": "Liquidated damages a month, later rate",
}
INVESTOR = {"purchase_price": "Pays"}  # an investor's purchase price is what it pays (the figures' "Pays" column)
WORDS = {"form_d": "Form D", "form_8k": "Form 8-K"}  # inside a longer key: `form_d_deadline` is "Form D deadline"
PERCENT = {"capitalization", "percent_of_deal"}
PRICES = {"market_price", "purchase_price", "exercise_price", "minimum_price", "first_measure", "second_measure"}
_INDEX = re.compile(r"^(investors|series|exercise_price|certificates)\[(\d+)\]$")


def _words(key: str) -> str:
    if key in NAMES:
        return NAMES[key]
    text = key
    for raw, word in WORDS.items():
        text = re.sub(rf"(^|_){raw}(_|$)", lambda m: f"{m.group(1)}{word}{m.group(2)}", text)
    text = text.replace("_", " ")
    return text[:1].upper() + text[1:]


def figure_label(key: str, document: dict | None = None) -> str:
    """The name of audit-trail figure `key` (a figures.json key, or its flattened `key.part`); `document` (figures.json)
    gives the investors' names and the warrant series' labels. A key nothing here knows is written as words."""
    document = document or {}
    investors = [i.get("name") for i in document.get("investors") or [] if isinstance(i, dict)]
    series = {s.get("index"): s.get("label") for s in document.get("warrant_series") or [] if isinstance(s, dict)}
    head, _, rest = key.partition(".")
    found = _INDEX.match(head)
    if found and found.group(1) == "investors":
        n = int(found.group(2))
        who = investors[n] if n < len(investors) and investors[n] else f"investor {n + 1}"
        return f"{INVESTOR.get(rest) or _words(rest)}: {who}" if rest else who
    if found and found.group(1) == "exercise_price":
        n = int(found.group(2))
        return f"Exercise Price of the {series.get(n) or f'series {n + 1}'}"
    if found and found.group(1) == "series":
        n = int(found.group(2))
        name = series.get(n) or f"series {n + 1}"
        return f"{_part(rest)} of the {name}"
    if head == "placement_agent":
        return f"{_part(rest)} of the placement agent's warrants" if rest not in ("fee", "") else "Placement agent's fee"
    if head == "dates":
        return _words(rest)
    if head == "timetable":
        return f"Timetable: {_words(rest)}"
    if head == "totals":
        return f"Total {_words(rest) if rest in NAMES else rest.replace('_', ' ')}"
    if head == "market_price" and rest:
        return f"Market Price, {_words(rest)}"
    return _words(key)


def _part(rest: str) -> str:
    """A series' figure: its dates, or the warrant shares of one of its certificates."""
    found = _INDEX.match(rest)
    if found and found.group(1) == "certificates":
        return f"Warrant Shares of certificate {int(found.group(2)) + 1}"
    return _words(rest)


def figure_value(key: str, value: str | None) -> str | None:
    """A figure's value (as figures.json writes it) as the figures page shows it: $1,394,400.00, $1.9125, 871,500,
    6.54%; a date or anything else as it is."""
    if value is None:
        return None
    last = re.sub(r"\[\d+\]$", "", key.rpartition(".")[2])
    try:
        if last in PERCENT or key in PERCENT:
            return f"{Decimal(value)}%"
        if last in ("shares", "warrant_shares", "certificates") or key.endswith("warrant_shares"):
            return shares(int(value))
        if last in PRICES or key in PRICES:
            return price(Decimal(value))
        if last in ("purchase_price", "fee", "initial", "subsequent"):
            return money(Decimal(value))
    except (ArithmeticError, ValueError):
        pass
    return value
