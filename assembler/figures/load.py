"""Load a term sheet to the figures: compose (termsheet/source.py) -> model and input rules (termsheet/validate.py)
-> compute once (figures/compute.py) -> limits on the computed figures (figures/limits.py).

`load(path)` returns a `Loaded` (term sheet, source, figures, warnings) or raises `TermSheetInvalid` with every problem
found at once, each located at the YAML node it is about (`FILE:LINE:COL: field.path: message (hint)`). Figures are
computed as far as the input allows, so a fixed Purchase Price is still checked for whole shares while the Market Price
table is incomplete.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assembler.errors import Problem, TermSheetInvalid
from assembler.figures import limits
from assembler.figures.compute import compute_figures, compute_prices
from assembler.figures.model import Audit, Figures
from assembler.termsheet.model import TermSheet
from assembler.termsheet.source import Source, load_source, parse_source
from assembler.termsheet.validate import order, validate


@dataclass
class Loaded:
    term_sheet: TermSheet
    source: Source
    figures: Figures
    warnings: list[Problem]


def load(path: str | Path) -> Loaded:
    """Read, validate, compute and check limits; raise TermSheetInvalid listing every error (warnings ride along)."""
    return from_source(load_source(path))


def load_text(text: str, name: str) -> Loaded:
    """`load` for term-sheet text that is not (yet) a file, e.g. from the web page's editor; `name` is used in the
    locations."""
    return from_source(parse_source(text, name))


def from_source(source: Source, data: dict | None = None) -> Loaded:
    """As load(), for a composed source (or other `data` located against its positions, as the property tests do)."""
    checked = validate(source, data)  # a term sheet the model refuses stops here, with every model error
    ts, problems = checked.term_sheet, list(checked.problems)
    figures = None
    if checked.computable:
        audit: dict[str, Audit] = {}
        prices = compute_prices(ts, audit)
        problems += limits.market_price_coverage(prices.market, source)
        positive = limits.prices_positive(ts, prices, source)
        problems += positive
        if prices.purchase_price is not None and not positive:  # a fixed Purchase Price needs no Market Price
            figures = compute_figures(ts, prices, audit)
            problems += limits.check(ts, figures, source)
    if figures is None or any(p.severity == "error" for p in problems):
        raise TermSheetInvalid(sorted(problems, key=order))
    return Loaded(ts, source, figures, [p for p in problems if p.severity != "error"])
