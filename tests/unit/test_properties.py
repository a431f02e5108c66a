"""Property tests: random valid term sheets built from focus_1999, checked against the invariants of compute()."""
from __future__ import annotations

import copy
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from hypothesis import example, given, settings, strategies as st

import pytest

from assembler.errors import TermSheetInvalid
from assembler.figures.load import from_source
from assembler.termsheet.source import load_source
from assembler.termsheet.types import MAX_SHARES

from conftest import FOCUS

SOURCE = load_source(FOCUS)
BASE = SOURCE.data
CENT = Decimal("0.01")
SETTINGS = settings(max_examples=60, deadline=None)


def cents(lo: str, hi: str):
    return st.decimals(min_value=lo, max_value=hi, places=2)


def build(amounts, price, share_rounding, coverage, warrant_rounding) -> dict:
    data = copy.deepcopy(BASE)
    template = data["investors"][0]
    investors = []
    for i, amount in enumerate(amounts):
        inv = copy.deepcopy(template)
        inv["name"] = f"Investor {i + 1} L.P."
        inv["amount"] = str(amount)
        investors.append(inv)
    data["investors"] = investors
    sec = data["securities"]
    del sec["aggregate_amount"]
    sec["purchase_price"] = {"fixed": str(price)}
    sec["share_rounding"] = share_rounding
    sec["warrants"]["coverage_percent"] = str(coverage)
    sec["warrants"]["share_rounding"] = warrant_rounding
    data["capitalization"]["authorized_common"] = str(MAX_SHARES)
    data["shareholder_approval_obtained"] = "true"
    return data


coverages = st.one_of(st.integers(min_value=1, max_value=150).map(Decimal),
                      st.decimals(min_value="0.01", max_value="150", places=2))
roundings = st.sampled_from(["down", "nearest", "up"])


def validated(data):
    try:
        loaded = from_source(SOURCE, data)
    except TermSheetInvalid as exc:
        pytest.fail("\n".join(exc.lines()))
    return loaded.term_sheet, loaded.figures


def is_cents(value) -> bool:
    return isinstance(value, Decimal) and value == value.quantize(CENT)


def money_values(fig):
    for p in fig.investors:
        # (damages_base, shares x Market Price, is an intermediate value, not an amount paid)
        yield from (p.subscription, p.purchase_price, p.unapplied, p.damages_initial_monthly,
                    p.damages_subsequent_monthly, p.damages_example_total)
        for row in p.damages_schedule:
            yield from (row.monthly_amount, row.amount)
    yield from (fig.totals.subscription, fig.totals.purchase_price)


def holds(rule: str, n: int, exact: Fraction) -> bool:
    if rule == "down":
        return n <= exact < n + 1
    if rule == "up":
        return n - 1 < exact <= n
    return abs(exact - n) <= Fraction(1, 2) and (exact - n != Fraction(1, 2))  # half rounds up


def check_invariants(ts, fig, share_rounding, coverage, warrant_rounding):
    price = fig.purchase_price
    assert price == ts.securities.purchase_price.fixed
    assert len(fig.investors) == len(ts.investors)
    assert sum(p.shares for p in fig.investors) == fig.totals.shares
    assert sum(p.warrant_shares for p in fig.investors) == fig.totals.warrant_shares
    assert fig.totals.purchase_price == sum((p.purchase_price for p in fig.investors), Decimal(0))
    assert fig.totals.subscription == sum((inv.amount for inv in ts.investors), Decimal(0))
    for inv, p in zip(ts.investors, fig.investors):
        assert isinstance(p.shares, int) and isinstance(p.warrant_shares, int)
        assert p.shares >= 1
        # the amount paid is the lesser of the subscription and shares x price (to the cent, half up): never more
        # than the subscription, never a negative remainder
        assert p.purchase_price == min(inv.amount, (p.shares * price).quantize(CENT, rounding=ROUND_HALF_UP))
        assert p.unapplied == inv.amount - p.purchase_price >= 0
        assert holds(share_rounding, p.shares, Fraction(inv.amount) / Fraction(price))
        assert holds(warrant_rounding, p.warrant_shares, Fraction(p.shares) * Fraction(coverage) / 100)
        # bounds widen by half a cent when the price has more than two places (the amount paid is rounded)
        slack = Decimal("0.005") if price != price.quantize(CENT) else Decimal(0)
        if share_rounding == "down":
            assert 0 <= p.unapplied < price + slack
        if share_rounding == "up":
            assert p.unapplied == 0 and p.purchase_price == inv.amount
    for value in money_values(fig):
        assert is_cents(value), value


@SETTINGS
@given(amounts=st.lists(cents("100.00", "5000000.00"), min_size=1, max_size=6),
       price=cents("0.01", "50.00"), share_rounding=roundings, coverage=coverages, warrant_rounding=roundings)
def test_random_term_sheets_cent_prices(amounts, price, share_rounding, coverage, warrant_rounding):
    data = build(amounts, price, share_rounding, coverage, warrant_rounding)
    ts, fig = validated(data)
    check_invariants(ts, fig, share_rounding, coverage, warrant_rounding)


@SETTINGS
@given(amounts=st.lists(cents("100.00", "5000000.00"), min_size=1, max_size=6),
       price=st.decimals(min_value="0.0001", max_value="50", places=4), share_rounding=roundings,
       coverage=coverages, warrant_rounding=roundings)
@example(amounts=[Decimal("1000.00")], price=Decimal("1.9125"), share_rounding="down", coverage=Decimal(10),
         warrant_rounding="down")  # 522 shares x $1.9125 = $998.325
def test_random_term_sheets_sub_cent_prices(amounts, price, share_rounding, coverage, warrant_rounding):
    """A price with up to four places (e.g. $1.9125) is allowed; every dollar figure must still be whole cents,
    or validation must refuse the term sheet."""
    data = build(amounts, price, share_rounding, coverage, warrant_rounding)
    try:
        loaded = from_source(SOURCE, data)
    except TermSheetInvalid:
        return
    ts, fig = loaded.term_sheet, loaded.figures
    check_invariants(ts, fig, share_rounding, coverage, warrant_rounding)


@SETTINGS
@given(shares=st.lists(st.integers(min_value=1, max_value=100_000), min_size=1, max_size=6),
       price=cents("0.01", "20.00"), coverage=coverages)
def test_exact_rule_accepts_whole_share_amounts(shares, price, coverage):
    """Amounts that are whole multiples of the price validate under share_rounding: exact, shares as chosen."""
    amounts = [n * price for n in shares]
    data = build(amounts, price, "exact", coverage, "down")
    data["securities"]["aggregate_amount"] = str(sum(amounts))
    ts, fig = validated(data)
    assert [p.shares for p in fig.investors] == shares
    assert all(p.unapplied == 0 for p in fig.investors)
    assert fig.totals.purchase_price == sum(amounts)
