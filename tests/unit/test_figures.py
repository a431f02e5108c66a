"""Seed figures of the two example deals and the pure computations behind them."""
from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from assembler.calendar import BUSINESS_DAYS, add_months, roll, trading_calendar
from assembler.figures.compute import cashless_exercise_shares, damages_schedule, percent_of, price_from_term
from assembler.rules import BusinessDayConvention, PriceRounding, Proration, ShareRounding
from assembler.termsheet.source import load_source
from assembler.termsheet.model import PriceTerm

from conftest import FOCUS, NORTHWIND

D = Decimal
NYSE = trading_calendar("NYSE")


def half_up(value, places: str) -> Decimal:
    return D(value).quantize(D(places), rounding=ROUND_HALF_UP)


def pct(part, whole) -> Decimal:
    """part/whole as a percentage, two places half up, computed exactly with Fraction."""
    f = Fraction(part) * 100 / Fraction(whole)
    return half_up(D(f.numerator) / D(f.denominator), "0.01")


# ---------------------------------------------------------------- FOCUS 1999

def test_focus_shares_per_investor(focus):
    fig = focus.figures
    assert [p.shares for p in fig.investors] == [871_500, 3_500, 375_000]
    assert [p.warrant_shares for p in fig.investors] == [87_150, 350, 37_500]
    assert all(isinstance(p.shares, int) and isinstance(p.warrant_shares, int) for p in fig.investors)


def test_focus_totals(focus):
    t = focus.figures.totals
    assert t.purchase_price == D("2000000.00")
    assert t.subscription == D("2000000.00")
    assert t.shares == 1_250_000
    assert t.warrant_shares == 125_000
    assert focus.figures.purchase_price == D("1.60")
    assert all(p.unapplied == 0 for p in focus.figures.investors)


def test_focus_market_price_window_skips_thanksgiving(focus):
    days = focus.figures.dates.market_price_days
    assert days == [dt.date(1999, 11, 23), dt.date(1999, 11, 24), dt.date(1999, 11, 26),
                    dt.date(1999, 11, 29), dt.date(1999, 11, 30)]
    assert [d for d, _ in focus.figures.market_prices] == days
    assert NYSE.closed_reason(dt.date(1999, 11, 25)) is not None  # Thanksgiving
    assert "Thanksgiving" in NYSE.closed_reason(dt.date(1999, 11, 25))
    assert NYSE.is_open(dt.date(1999, 11, 26))  # the day after Thanksgiving: open


def test_the_market_price_rule_names_the_market_whose_trading_days_it_counts(focus):
    """The audit trail names the principal market (FOCUS: the Nasdaq SmallCap Market) and the holiday calendar it
    keeps, not "NYSE trading days" for a Nasdaq company."""
    rule = focus.figures.audit["market_price"].rule
    assert "trading days of the Nasdaq SmallCap Market, closed on weekends and on the holidays of the NYSE calendar" \
        in rule
    assert "NYSE trading days" not in rule


def test_focus_exercise_price_from_yaml_prices(focus):
    data = load_source(FOCUS).data
    table = {dt.date.fromisoformat(k): D(v) for k, v in data["market_price"]["closing_prices"].items()}
    window = [dt.date(1999, 11, 23), dt.date(1999, 11, 24), dt.date(1999, 11, 26),
              dt.date(1999, 11, 29), dt.date(1999, 11, 30)]
    assert data["market_price"]["rounding"] == "four_places_half_up"
    market = half_up(sum(table[d] for d in window) / len(window), "0.0001")
    percent = D(data["securities"]["warrants"]["exercise_price"]["percent_of_market_price"])
    assert percent == 110
    expected = half_up(market * percent / 100, "0.01")
    assert focus.figures.market_price == market
    assert focus.figures.exercise_price == expected
    assert focus.figures.exercise_price == D("2.10")  # checked by a reviewer


def test_focus_filing_deadline_falls_on_new_year_and_the_form_as_filed_does_not_move_it(focus):
    r = focus.figures.dates.rolls["filing_deadline"]
    assert r.unadjusted == dt.date(1999, 12, 31)  # 1999-12-01 + 30 days
    assert "New Year" in r.reason  # New Year's Day (observed), a federal holiday
    assert not r.rolled and focus.figures.dates.rra_convention is BusinessDayConvention.none
    assert focus.figures.dates.filing_deadline == dt.date(1999, 12, 31)  # the contractual date
    assert focus.figures.dates.act_by["filing_deadline"] == dt.date(1999, 12, 30)  # the business day before
    # the damages example starts the day after the filing deadline
    assert focus.figures.dates.damages_example_start == dt.date(2000, 1, 1)


@pytest.mark.parametrize("convention, expected", [
    (BusinessDayConvention.following, dt.date(2000, 1, 3)),
    (BusinessDayConvention.modified_following, dt.date(1999, 12, 30)),  # following leaves the month
    (BusinessDayConvention.preceding, dt.date(1999, 12, 30)),
    (BusinessDayConvention.none, dt.date(1999, 12, 31)),
])
def test_roll_conventions_on_observed_new_year(convention, expected):
    assert roll(dt.date(1999, 12, 31), convention, BUSINESS_DAYS).date == expected


def test_roll_leaves_a_business_day_alone():
    r = roll(dt.date(1999, 12, 30), BusinessDayConvention.following)
    assert r.date == r.unadjusted == dt.date(1999, 12, 30) and not r.rolled and r.reason is None


def test_warrant_dates(focus, northwind):
    assert focus.figures.dates.warrant_initial_exercise == dt.date(1999, 12, 1)
    assert focus.figures.dates.warrant_termination == dt.date(2004, 12, 1)  # 5 years, no convention
    # Northwind: 6 months after the 2026-12-08 closing
    assert northwind.figures.dates.warrant_initial_exercise == dt.date(2027, 6, 8)


@pytest.mark.parametrize("day, months, expected", [
    (dt.date(2000, 1, 31), 1, dt.date(2000, 2, 29)),
    (dt.date(1999, 1, 31), 1, dt.date(1999, 2, 28)),
    (dt.date(1999, 12, 1), 60, dt.date(2004, 12, 1)),
    (dt.date(1999, 8, 31), 4, dt.date(1999, 12, 31)),
    (dt.date(1999, 3, 31), 1, dt.date(1999, 4, 30)),
])
def test_add_months_clamps(day, months, expected):
    assert add_months(day, months) == expected


# ---------------------------------------------------------------- Northwind 2026

def test_northwind_rounds_down_to_whole_shares(northwind):
    fig = northwind.figures
    assert fig.purchase_price == D("3.17")
    [p] = fig.investors
    assert p.subscription == D("2500000.00")
    assert p.exact_shares == D("2500000.00") / D("3.17")
    assert p.shares == 788_643
    assert p.purchase_price == D("2499998.31")
    assert p.unapplied == D("2500000.00") - D("2499998.31")
    assert fig.totals.purchase_price == D("2499998.31")


def test_northwind_warrant_coverage_rounds_down(northwind):
    [p] = northwind.figures.investors
    assert p.exact_warrant_shares == D("394321.5")
    assert p.warrant_shares == 394_321
    assert northwind.figures.totals.warrant_shares == 394_321


def test_northwind_exercise_price_half_cent(northwind):
    fig = northwind.figures
    data = load_source(NORTHWIND).data
    prices = [D(v) for v in data["market_price"]["closing_prices"].values()]
    market = half_up(sum(prices) / len(prices), "0.0001")
    assert fig.market_price == market
    unrounded = market * D(data["securities"]["warrants"]["exercise_price"]["percent_of_market_price"]) / 100
    assert unrounded == D("4.305")
    assert fig.audit["exercise_price"].inputs["unrounded"] == D("4.305")
    assert fig.exercise_price == D("4.31")  # cent_half_up
    even = PriceTerm(percent_of_market_price=D(125), rounding=PriceRounding.cent_half_even)
    assert price_from_term(even, market) == D("4.30")
    up = PriceTerm(percent_of_market_price=D(125), rounding=PriceRounding.cent_half_up)
    assert price_from_term(up, market) == D("4.31")


@pytest.mark.parametrize("rule, value, expected", [
    (PriceRounding.cent_half_up, "4.305", "4.31"),
    (PriceRounding.cent_half_even, "4.305", "4.30"),
    (PriceRounding.cent_half_even, "4.315", "4.32"),
    (PriceRounding.cent_half_up, "2.10375", "2.10"),
    (PriceRounding.four_places_half_up, "1.91245", "1.9125"),
    (PriceRounding.none, "1.91245", "1.91245"),
])
def test_price_rounding_rules(rule, value, expected):
    out = rule.apply(D(value))
    assert out == D(expected) and str(out) == expected


@pytest.mark.parametrize("rule, value, expected", [
    (ShareRounding.down, "394321.5", 394321),
    (ShareRounding.nearest, "394321.5", 394322),
    (ShareRounding.nearest, "394321.49", 394321),
    (ShareRounding.up, "394321.01", 394322),
    (ShareRounding.up, "394321", 394321),
    (ShareRounding.exact, "871500", 871500),
    (ShareRounding.exact, "871500.625", None),
])
def test_share_rounding_rules(rule, value, expected):
    assert rule.apply(D(value)) == expected


def test_fixed_price_is_taken_as_given():
    assert price_from_term(PriceTerm(fixed=D("1.60")), D("1.9125")) == D("1.60")


# ---------------------------------------------------------------- liquidated damages

def _with_damages(ts, **changes):
    rr = ts.registration_rights
    ld = rr.liquidated_damages.model_copy(update=changes)
    return ts.model_copy(update={"registration_rights": rr.model_copy(update={"liquidated_damages": ld})})


def test_damages_thirty_day_months_45_day_default(focus):
    ts = _with_damages(focus.term_sheet, proration=Proration.thirty_day_months, initial_months=2)
    start = dt.date(2000, 1, 4)
    periods = damages_schedule(ts, D("1000.00"), D("2000.00"), start, 45)
    assert [(p.number, p.days, p.period_days) for p in periods] == [(1, 30, 30), (2, 15, 30)]
    assert [p.amount for p in periods] == [D("1000.00"), D("500.00")]  # 15/30 of the monthly amount
    assert periods[0].start == start and periods[0].end == start + dt.timedelta(days=29)
    assert periods[1].start == start + dt.timedelta(days=30)
    assert periods[1].end == start + dt.timedelta(days=44)


def test_damages_rate_switches_after_initial_months(focus):
    ts = _with_damages(focus.term_sheet, proration=Proration.thirty_day_months, initial_months=1,
                       initial_rate_percent=D(1), subsequent_rate_percent=D(2))
    periods = damages_schedule(ts, D("1000.00"), D("2000.00"), dt.date(2000, 1, 4), 45)
    assert [p.rate_percent for p in periods] == [D(1), D(2)]
    assert [p.monthly_amount for p in periods] == [D("1000.00"), D("2000.00")]
    assert [p.amount for p in periods] == [D("1000.00"), D("1000.00")]  # 15/30 x 2,000.00


def test_damages_actual_days(focus):
    ts = _with_damages(focus.term_sheet, proration=Proration.actual_days, initial_months=2)
    start = dt.date(2000, 1, 4)
    periods = damages_schedule(ts, D("1000.00"), D("2000.00"), start, 45)
    # Jan 4 - Feb 3 is a 31-day month; Feb 4 - Mar 3 2000 is 29 days (leap year), 14 of them in default
    assert [(p.days, p.period_days) for p in periods] == [(31, 31), (14, 29)]
    assert [p.start for p in periods] == [start, dt.date(2000, 2, 4)]
    assert periods[1].end == dt.date(2000, 2, 17)
    assert periods[0].amount == D("1000.00")
    assert periods[1].amount == half_up(D(1000) * 14 / 29, "0.01")
    assert sum(p.days for p in periods) == 45


def test_damages_exact_month_multiple_has_no_partial_period(focus):
    ts = _with_damages(focus.term_sheet, proration=Proration.thirty_day_months, initial_months=2)
    periods = damages_schedule(ts, D("10.00"), D("20.00"), dt.date(2000, 1, 4), 60)
    assert [(p.days, p.amount) for p in periods] == [(30, D("10.00")), (30, D("10.00"))]


def test_focus_damages_example(focus):
    ts, fig = focus.term_sheet, focus.figures
    ld = ts.registration_rights.liquidated_damages
    for p in fig.investors:
        # RRA 3(e): the market value as of the Closing Date, at that day's closing price; the example assumes it
        assert p.damages_base == p.shares * ld.example_closing_price != p.shares * fig.market_price
        assert p.damages_initial_monthly == half_up(p.damages_base * ld.initial_rate_percent / 100, "0.01")
        assert p.damages_subsequent_monthly == half_up(p.damages_base * ld.subsequent_rate_percent / 100, "0.01")
        s = p.damages_schedule
        assert [r.days for r in s] == [30, 30, 15]  # 75 days, thirty-day months
        assert [r.rate_percent for r in s] == [ld.initial_rate_percent] * 2 + [ld.subsequent_rate_percent]
        assert s[2].amount == half_up(p.damages_subsequent_monthly * 15 / 30, "0.01")
        assert p.damages_example_total == sum(r.amount for r in s)


# ---------------------------------------------------------------- cashless exercise

@pytest.mark.parametrize("a, b, x, expected", [
    ("3.00", "2.10", 87150, 26145),  # 0.90 x 87,150 / 3.00 exactly
    ("3.17", "2.10", 350, 118),  # 118.138...
    ("2.10", "2.10", 87150, 0),
    ("1.50", "2.10", 87150, 0),
    ("2.11", "2.10", 100, 0),  # 0.47...
])
def test_cashless_exercise_shares(a, b, x, expected):
    assert cashless_exercise_shares(D(a), D(b), x) == expected


@settings(max_examples=60, deadline=None)
@given(a=st.decimals(min_value="0.01", max_value="1000", places=4),
       b=st.decimals(min_value="0.01", max_value="1000", places=4),
       x=st.integers(min_value=0, max_value=10_000_000))
def test_cashless_exercise_matches_exact_floor(a, b, x):
    expected = 0 if a <= b else math.floor((Fraction(a) - Fraction(b)) * x / Fraction(a))
    got = cashless_exercise_shares(a, b, x)
    assert got == expected and isinstance(got, int)
    assert 0 <= got <= x


# ---------------------------------------------------------------- capitalization

def test_focus_capitalization(focus):
    data = load_source(FOCUS).data["capitalization"]
    authorized, outstanding = int(data["authorized_common"]), int(data["outstanding_common"])
    other = int(data["reserved_for_other_options_and_warrants"])
    c, t = focus.figures.capitalization, focus.figures.totals
    assert c.authorized_common == authorized
    assert c.outstanding_before == outstanding
    assert c.outstanding_after == outstanding + 1_250_000
    assert c.warrant_shares == 125_000
    assert c.reserved_total == 125_000 + other
    assert c.unissued_before == authorized - outstanding
    assert c.headroom == authorized - (outstanding + 1_250_000) - (125_000 + other)
    assert c.issuance_percent == pct(1_375_000, outstanding)
    assert c.ownership_after_percent == pct(1_250_000, outstanding + 1_250_000)
    assert c.fully_diluted_after_percent == pct(1_375_000, outstanding + 1_250_000 + 125_000)
    assert t.shares + t.warrant_shares == 1_375_000


def test_focus_percent_of_deal(focus):
    got = [p.percent_of_deal for p in focus.figures.investors]
    assert got == [pct(n, 1_250_000) for n in (871_500, 3_500, 375_000)]
    assert got == [D("69.72"), D("0.28"), D("30.00")]


@pytest.mark.parametrize("part, whole", [(1, 3), (2, 3), (1_375_000, 21_012_701), (1, 8), (1, 200000), (5, 1)])
def test_percent_of_half_up(part, whole):
    assert percent_of(part, whole) == pct(part, whole)


def test_form_d_deadline_is_fifteen_days_after_the_first_sale_rolled_to_a_business_day(northwind, focus):
    # Northwind: agreement 2026-11-20 + 15 = Saturday 2026-12-05 -> Monday 2026-12-07
    assert northwind.figures.dates.form_d_first_sale == northwind.term_sheet.agreement_date
    assert northwind.figures.dates.rolls["form_d_deadline"].unadjusted == dt.date(2026, 12, 5)
    assert northwind.figures.dates.form_d_deadline == dt.date(2026, 12, 7)
    # FOCUS: 1999-11-24 + 15 = Thursday 1999-12-09, a business day: no roll
    assert focus.figures.dates.form_d_deadline == dt.date(1999, 12, 9)
    assert not focus.figures.dates.rolls["form_d_deadline"].rolled


# ---------------------------------------------------------------- one computation, limits on its results

def test_load_computes_each_figure_once(monkeypatch):
    """Validation no longer computes prices or shares: load() computes the prices once and the rest once."""
    import assembler.figures.load as loading

    calls = {"prices": 0, "figures": 0}
    real_prices, real_figures = loading.compute_prices, loading.compute_figures

    def prices(*args):
        calls["prices"] += 1
        return real_prices(*args)

    def figures(*args):
        calls["figures"] += 1
        return real_figures(*args)

    monkeypatch.setattr(loading, "compute_prices", prices)
    monkeypatch.setattr(loading, "compute_figures", figures)
    loading.load(NORTHWIND)
    assert calls == {"prices": 1, "figures": 1}


def test_pipeline_imports_point_down():
    """termsheet/ never imports figures/ (or anything later); figures/ never imports document/ or later stages."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "assembler"
    later = {"termsheet": ("figures", "document", "layout", "closing_set", "checks", "diff", "cli", "ui", "web"),
             "figures": ("document", "layout", "closing_set", "checks", "diff", "cli", "ui", "web")}
    for stage, forbidden in later.items():
        for path in (root / stage).glob("*.py"):
            imported = re.findall(r"^\s*(?:from|import)\s+assembler\.(\w+)", path.read_text(encoding="utf-8"), re.M)
            assert not set(imported) & set(forbidden), f"{path.name} imports {set(imported) & set(forbidden)}"


def test_audit_rules_are_formatted_text(focus, northwind):
    """Every rule in the audit trail is finished text (no unformatted `{...}` placeholder)."""
    for loaded in (focus, northwind):
        for key, entry in loaded.figures.audit.items():
            assert "{" not in entry.rule and "}" not in entry.rule, (key, entry.rule)
    assert focus.figures.audit["dates.form_d_deadline"].rule.endswith(
        "calendar days; moved to the next business day (US federal business days; Rule 0-3(a) of the General Rules "
        "and Regulations under the Securities Act)")  # a sale of 1999: the roll of the time (Rule 503(a)'s since 2008)
    assert northwind.figures.audit["dates.form_d_deadline"].rule.endswith(
        "(US federal business days; Rule 503(a) of Regulation D)")
