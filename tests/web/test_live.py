"""The figures pane's data: every warrant series (its exercise price, each holder's warrant shares, its dates), the
placement agent's fee and warrants, each Market Price measure and its days, and the 20% test, all read off the
library's figures and audit trail (never computed again here)."""
from __future__ import annotations

from pathlib import Path

import pytest

from assembler.figures.limits import shareholder_approval
from assembler.figures.load import load
from assembler.figures.warrants import audit_key, certificate_key, series_key
from assembler.format import money, price, shares
from assembler.web.live import check_text, market_days_needed

ROOT = Path(__file__).resolve().parents[2]
DEALS = sorted((ROOT / "tests" / "deals").glob("*.yaml")) + sorted((ROOT / "term_sheets").glob("*.yaml"))


def view(path: Path) -> dict:
    result = check_text(path.read_text(encoding="utf-8"), path.name)
    assert result["valid"], result["problems"]
    return result["figures"]


@pytest.mark.parametrize("path", DEALS, ids=lambda p: p.name)
def test_every_series_figure_has_its_rule_from_the_audit_trail(path):
    fig = load(path).figures
    for series in fig.series:
        key = series_key(series.index)
        for what in ("exercise_price", "initial_exercise", "termination"):
            assert audit_key(series.index, what) in fig.audit, (key, what)
        own = [c for c in fig.certificates if fig.series[c.series] is series]
        for number, cert in enumerate(own, start=1):
            assert fig.audit[certificate_key(key, series.spec, cert.investor, number)].value == cert.warrant_shares


def test_series_agent_and_the_twenty_percent_test():
    path = ROOT / "tests/deals/units_two_series_agent.yaml"
    loaded = load(path)
    fig, f = loaded.figures, view(path)
    assert [s["label"] for s in f["series"]] == ["Series A Warrants", "Series B Warrants", "Placement Agent Warrants"]
    assert [s["exercise_price"]["value"] for s in f["series"]] == [price(s.exercise_price) for s in fig.series]
    assert [s["termination"]["value"] for s in f["series"]] == [s.termination.isoformat() for s in fig.series]
    assert "130% of the Purchase Price" in f["series"][1]["exercise_price"]["rule"]
    assert [[(c["number"], c["warrant_shares"]["value"]) for c in s["certificates"]] for s in f["series"]] == [
        [(c.number, shares(c.warrant_shares)) for c in fig.certificates if fig.series[c.series] is s]
        for s in fig.series]
    assert f["series"][2]["agent"] and f["agent"]["certificate"] == "PA-1"
    assert f["agent"]["fee"]["value"] == money(fig.agent.fee) and f["agent"]["net_proceeds"] == money(fig.net_proceeds)
    test = shareholder_approval(loaded.term_sheet, fig)
    assert f["twenty"]["verdict"] == test.verdict and f["twenty"]["issued"] == shares(test.issued)
    assert test.issued == fig.totals.shares + sum(s.warrant_shares for s in fig.series)  # the agent's counted
    assert f["units"] is True
    assert f["investors"][0]["warrant_shares"]["value"] == shares(fig.investors[0].warrant_shares)


def test_a_market_price_of_two_measures_and_a_deal_without_one():
    f = view(ROOT / "tests/deals/lower_of_two_measures.yaml")
    assert [m["key"] for m in f["market"]] == ["market_price.first_measure", "market_price.second_measure"]
    assert [d["date"] for d in f["market"][1]["days"]] == ["2026-03-09"]
    assert f["prices"][0]["key"] == "market_price" and f["prices"][0]["rule"] == "the lower of the two measures"
    plain = view(ROOT / "tests/deals/minimal_shares_only.yaml")
    assert plain["market"] == [] and plain["series"] == [] and plain["agent"] is None
    assert [p["key"] for p in plain["prices"]] == ["purchase_price"]
    assert plain["investors"][0]["warrant_shares"] is None


def test_the_days_each_measure_needs_while_the_term_sheet_is_incomplete():
    data = {"agreement_date": "2026-03-10", "closing_date": "TBD", "market_price": {
        "trading_days": "3", "anchor": "pricing_date", "pricing_date": "2026-03-09",
        "lower_of": {"trading_days": "2", "anchor": "trading_day_before_agreement"}}}
    assert market_days_needed(data) == {
        "market_price.closing_prices": ["2026-03-05", "2026-03-06", "2026-03-09"],
        "market_price.lower_of.closing_prices": ["2026-03-06", "2026-03-09"]}
    assert market_days_needed({"market_price": {"trading_days": "TBD"}}) == {}


def test_a_date_in_us_order_is_named_at_its_field_before_any_parser_text():
    text = (ROOT / "term_sheets" / "focus_1999.yaml").read_text(encoding="utf-8")
    typed = text.replace("agreement_date: 1999-11-24", "agreement_date: 11/24/1999", 1)
    assert typed != text
    [problem] = [p for p in check_text(typed, "focus_1999.yaml")["problems"] if p["path"] == "agreement_date"]
    assert problem["message"] == "is a date written in US order (month first) (got '11/24/1999')"
    assert problem["hint"] == "write dates as YYYY-MM-DD: 1999-11-24"
    assert problem["line"] == typed.splitlines().index("agreement_date: 11/24/1999") + 1


def test_figures_carry_the_names_the_changes_page_uses():
    from assembler.figures.labels import figure_label

    figures = view(ROOT / "term_sheets" / "focus_1999.yaml")
    assert [p["label"] for p in figures["prices"]] == ["Market Price", "Purchase Price"]
    assert figures["investors"][0]["shares"]["label"] == f"Shares: {figures['investors'][0]['name']}"
    assert {d["key"]: d["label"] for d in figures["deadlines"]}["dates.form_d_deadline"] == "Form D deadline"
    assert figures["twenty"]["label"] == figure_label("capitalization")
