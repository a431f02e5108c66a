"""Property tests across the structure space: Hypothesis builds term sheets (one to four investors paying by
subscription amount or by a number of shares, shares or units, no to two warrant series of every kind, fixed or
market-measured prices, a placement agent or none), renders the set on the text path and checks it: zero
document-check findings (none accepted: several series, each with its own Exercise Price, are checked series by
series), and the invariants of the figures hold."""
from __future__ import annotations

import copy
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from assembler.calendar import BUSINESS_DAYS, add_months, roll
from assembler.checks.run import check_documents
from assembler.document.assemble import render_set
from assembler.figures.load import from_source
from assembler.rules import BusinessDayConvention
from assembler.termsheet.types import MAX_SHARES
from assembler.termsheet.source import load_source

BASE_FILE = Path(__file__).resolve().parents[1] / "deals" / "single_investor_warrants.yaml"
SOURCE = load_source(BASE_FILE)
CENT = Decimal("0.01")
NAMES = ["Aspen Ridge Partners, L.P.", "Bluewater Master Fund, Ltd.", "Cedar Point Capital LLC", "Dovetail Fund, L.P."]

cents = st.decimals(min_value="1000.00", max_value="5000000.00", places=2)
whole_shares = st.integers(min_value=100, max_value=2_000_000)
rule = st.sampled_from(["down", "nearest", "up"])


@st.composite
def investors(draw):
    out = []
    for name in NAMES[:draw(st.integers(min_value=1, max_value=4))]:
        inv = copy.deepcopy(SOURCE.data["investors"][0])
        inv["name"] = name
        del inv["amount"]
        if draw(st.booleans()):
            inv["amount"] = str(draw(cents))
        else:
            inv["shares"] = draw(whole_shares)
        out.append(inv)
    return out


@st.composite
def price_term(draw, exercise: bool):
    kinds = ["fixed", "percent_of_market_price", "discount_percent"] + (["percent_of_purchase_price"] if exercise else [])
    kind = draw(st.sampled_from(kinds))
    rounding = draw(st.sampled_from(["cent_half_up", "cent_half_even", "four_places_half_up"]))
    if kind == "fixed":
        return {"fixed": str(draw(st.decimals(min_value="0.50", max_value="20.00", places=2)))}
    if kind == "discount_percent":
        return {"discount_percent": draw(st.integers(min_value=1, max_value=40)), "rounding": rounding}
    return {kind: draw(st.integers(min_value=80, max_value=150)), "rounding": rounding}


@st.composite
def series(draw, units: bool, name: str | None, agent: bool = False):
    s = {"name": name} if name else {}
    if units and not agent:
        s["per_unit"] = draw(st.sampled_from(["0.25", "0.5", "1"]))
    elif draw(st.booleans()) or agent:
        s["coverage_percent"] = draw(st.integers(min_value=1, max_value=100))
    else:
        s["warrant_shares"] = draw(st.integers(min_value=1000, max_value=500_000))
    s["share_rounding"] = draw(rule)
    s["exercise_price"] = draw(price_term(exercise=True))
    s["initial_exercise"] = draw(st.sampled_from([{"days_after_closing": 0}, {"days_after_closing": 90},
                                                  {"months_after_closing": 6}, {"date": "2026-03-13"}]))
    end = draw(st.sampled_from(["years", "months", "expiration"]))
    if end == "years":
        s["term_years"] = draw(st.integers(min_value=1, max_value=7))
        s["term_from"] = draw(st.sampled_from(["initial_exercise", "issuance"]))
    elif end == "months":
        s["term_months"] = draw(st.integers(min_value=6, max_value=84))
    else:
        s["expiration"] = {"date": "2031-03-13", "time": "5:00 p.m., New York City time"}
    s["termination_convention"] = draw(st.sampled_from([c.value for c in BusinessDayConvention]))
    return s


@st.composite
def term_sheets(draw):
    data = copy.deepcopy(SOURCE.data)
    data["investors"] = draw(investors())
    units = draw(st.booleans())
    count = draw(st.integers(min_value=1 if units else 0, max_value=2))
    sec = {"units": units, "purchase_price": draw(price_term(exercise=False)), "share_rounding": draw(rule)}
    names = draw(st.sampled_from([["Series A", "Series B"], ["Tranche 1", "Tranche 2"], ["Class A", "Class B"]])) \
        if count > 1 else [None]  # a series' name is the term sheet's own words
    sec["warrants"] = [draw(series(units, names[i])) for i in range(count)]
    data["securities"] = sec
    if draw(st.booleans()):
        data["placement_agent"] = {"name": "Osprey Securities LLC", "fee_percent": draw(st.integers(0, 8))}
        if draw(st.booleans()):
            data["placement_agent"]["warrants"] = draw(series(False, None, agent=True))
    data["registration_rights"]["business_day_convention"] = draw(
        st.sampled_from([c.value for c in BusinessDayConvention]))
    data["capitalization"]["authorized_common"] = str(MAX_SHARES)
    data["shareholder_approval_obtained"] = "true"
    return data


def rolled_correctly(r) -> bool:
    if r.convention is BusinessDayConvention.none or r.reason is None:
        return r.date == r.unadjusted
    if not BUSINESS_DAYS.is_open(r.date):
        return False
    step = 1 if r.date > r.unadjusted else -1
    between = [r.unadjusted + dt.timedelta(days=step * k) for k in range(1, abs((r.date - r.unadjusted).days))]
    return not any(BUSINESS_DAYS.is_open(d) for d in between)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(term_sheets())
def test_any_structure_renders_with_zero_findings_and_its_invariants(data):
    loaded = from_source(SOURCE, data)
    ts, fig = loaded.term_sheet, loaded.figures
    documents = render_set(ts, fig)
    assert not ts.accepted_findings
    assert [str(f) for f in check_documents(documents, ts, fig)] == []  # as the build checks it: with the figures
    assert [str(f) for f in check_documents(documents)] == []  # as `assemble check` reads the set: by its words

    # amounts paid add up under the stated rule, never negative, never above a subscription
    price = fig.purchase_price
    for inv, pos in zip(ts.investors, fig.investors):
        cost = (pos.shares * price).quantize(CENT, rounding=ROUND_HALF_UP)
        if inv.shares is not None:
            assert pos.shares == inv.shares and pos.purchase_price == cost and pos.unapplied == 0
        else:
            exact = Fraction(inv.amount) / Fraction(price)
            n = pos.shares
            assert {"down": n <= exact < n + 1, "up": n - 1 < exact <= n,
                    "nearest": abs(exact - n) <= Fraction(1, 2)}[ts.securities.share_rounding.value]
            assert pos.purchase_price == min(inv.amount, cost) and pos.unapplied >= 0
        assert pos.purchase_price > 0
    assert fig.totals.purchase_price == sum(p.purchase_price for p in fig.investors)
    assert fig.net_proceeds == fig.totals.purchase_price - (fig.agent.fee if fig.agent else 0) >= 0

    # every series' warrant shares follow its rule; certificates: one per holder per series
    for index, s in enumerate(fig.series):
        certs = [c for c in fig.certificates if c.series == index]
        assert len(certs) == (1 if s.index < 0 else len(ts.investors))
        assert s.warrant_shares == sum(c.warrant_shares for c in certs)
        if s.spec.warrant_shares is not None:
            assert s.warrant_shares == s.spec.warrant_shares
            assert all(abs(c.exact_warrant_shares - c.warrant_shares) < 1 for c in certs)
            continue
        for c in certs:
            bought = fig.totals.shares if c.investor is None else fig.investors[c.investor].shares
            exact = Fraction(bought) * Fraction(s.spec.coverage) / 100
            n = c.warrant_shares
            assert {"down": n <= exact < n + 1, "up": n - 1 < exact <= n,
                    "nearest": abs(exact - n) <= Fraction(1, 2)}[s.spec.share_rounding.value]
    assert fig.capitalization.warrant_shares == sum(s.warrant_shares for s in fig.series)

    # every date follows its convention
    for r in fig.dates.rolls.values():
        assert rolled_correctly(r), r
    for s in fig.series:
        spec = s.spec
        if spec.expiration is None:
            months = spec.term_months or 12 * spec.term_years
            start = s.initial_exercise if spec.term_from.value == "initial_exercise" else ts.closing_date
            unadjusted = add_months(start, months)
        else:
            unadjusted = spec.expiration.date
        assert s.termination == roll(unadjusted, spec.termination_convention).date
        assert s.initial_exercise >= ts.closing_date
