"""The house style for every figure in a document: one function per kind of figure.

Templates reach these as filters (document/environment.py registers them); error messages use them too, so a figure reads
the same everywhere.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from .words import decimal_words, dollars_words, integer_words

COMMONWEALTHS = {"Massachusetts", "Pennsylvania", "Virginia", "Kentucky"}


def money(amount: Decimal) -> str:
    """$1,394,400.00 (always cents)."""
    return f"${Decimal(amount):,.2f}"


def price(value: Decimal, places: int | None = None) -> str:
    """$1.60; more places only where the price has them ($1.9125); with `places`, at least that many (a price rounded
    to four decimal places reads $3.4440, as its rounding rule says)."""
    value = Decimal(value)
    shown = max(2, -value.normalize().as_tuple().exponent, places or 0)
    return f"${value:,.{shown}f}"


def exact_price(value: Decimal, places: int = 6) -> str:
    """An unrounded figure shown as it is ($3.16848), or to `places` places with an ellipsis when it does not end
    there ($3.333333...): the arithmetic a pricing certificate shows before a rounding rule applies."""
    value = Decimal(value)
    exponent = -value.normalize().as_tuple().exponent
    if exponent <= places:
        return price(value)
    shown = value.quantize(Decimal(1).scaleb(-places), rounding="ROUND_DOWN")
    return f"${shown:,.{places}f}..."


def shares(n: int) -> str:
    """871,500."""
    _need_int(n)
    return f"{n:,}"


def num(n: int) -> str:
    _need_int(n)
    return str(n)


def wf(n: int) -> str:
    """thirty (30): words and figures from one value."""
    _need_int(n)
    return f"{integer_words(n)} ({n})"


def shares_wf(n: int) -> str:
    """eight hundred seventy-one thousand five hundred (871,500)."""
    _need_int(n)
    return f"{integer_words(n)} ({n:,})"


def percent(value: Decimal, places: int | None = None) -> str:
    """110%; 1.5%; with places=2 (tables): 30.00%."""
    value = Decimal(value)
    return f"{value:.{places}f}%" if places is not None else f"{_plain(value)}%"


def percent_wf(value: Decimal) -> str:
    """one percent (1%); one and one-half percent (1.5%)."""
    value = Decimal(value)
    return f"{decimal_words(value)} percent ({_plain(value)}%)"


def money_wf(amount: Decimal) -> str:
    """Two Million Dollars ($2,000,000.00)."""
    return f"{dollars_words(amount)} ({money(amount)})"


def long_date(day: dt.date) -> str:
    """November 24, 1999."""
    if not isinstance(day, dt.date):
        raise TypeError(f"long_date needs a date, got {type(day).__name__}")
    return f"{day:%B} {day.day}, {day.year}"


def jurisdiction(state: str) -> str:
    """Commonwealth of Massachusetts; State of New York."""
    return f"{'Commonwealth' if state in COMMONWEALTHS else 'State'} of {state}"


def _plain(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text


def _need_int(n) -> None:
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError(f"expected a whole number, got {n!r}")


def slug(text: str) -> str:
    """A file-name part: accents dropped to their base letter (Zoë Núñez -> Zoe_Nunez), other signs to _."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "_", ascii_text).strip("_")
