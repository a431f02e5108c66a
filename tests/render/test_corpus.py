"""The corpus of real-looking deals (tests/deals/*.yaml): every common PIPE structure alone and in combination. Each
builds on the text path (render_set, no layout) with zero document-check findings, and its figures hold the
invariants of its structure."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from assembler.checks.run import check_documents
from assembler.document.assemble import render_set
from assembler.document.blocks import document_text
from assembler.figures.load import load

from conftest import assert_matches_snapshot

DEALS = Path(__file__).resolve().parents[1] / "deals"
CORPUS = sorted(DEALS.glob("*.yaml"))
CENT = Decimal("0.01")


@pytest.fixture(scope="module", params=CORPUS, ids=[p.stem for p in CORPUS])
def deal(request):
    loaded = load(request.param)
    return loaded, render_set(loaded.term_sheet, loaded.figures)


def test_the_corpus_covers_every_structure():
    assert len(CORPUS) >= 15
    sheets = [load(p).term_sheet for p in CORPUS]
    assert any(len(ts.investors) == 1 for ts in sheets) and any(len(ts.investors) > 2 for ts in sheets)
    assert any(not ts.securities.warrants for ts in sheets)
    assert any(ts.securities.units for ts in sheets)
    assert any(len(ts.securities.warrants) == 2 for ts in sheets)
    assert any(ts.market_price.pricing_date and ts.securities.purchase_price.discount_percent for ts in sheets)
    assert any(ts.market_price.lower_of for ts in sheets)
    assert any(w.exercise_price.percent_of_purchase_price for ts in sheets for w in ts.securities.warrants)
    assert {ts.securities.share_rounding.value for ts in sheets if any(i.amount for i in ts.investors)} >= \
        {"exact", "down", "nearest", "up"}
    assert any(i.shares for ts in sheets for i in ts.investors)
    assert any(ts.placement_agent and ts.placement_agent.warrants for ts in sheets)
    assert any(ts.placement_agent and ts.placement_agent.warrants and not ts.securities.warrants for ts in sheets)
    assert any(ts.escrow_agent for ts in sheets) and any(ts.investors_counsel is None for ts in sheets)


def test_builds_with_zero_findings(deal):
    """None accepted: several warrant series, each with its own Exercise Price, and the placement agent's warrant are
    checked series by series, as the build checks them (with the figures) and as `assemble check` reads the set."""
    loaded, documents = deal
    assert loaded.term_sheet.accepted_findings == []
    assert [str(f) for f in check_documents(documents, loaded.term_sheet, loaded.figures)] == []
    assert [str(f) for f in check_documents(documents)] == []


def test_a_pricing_certificate_exactly_when_a_price_is_measured_from_the_market_price(deal):
    """The Purchase Agreement defines the Market Price, and the set has a Pricing Certificate, when the Purchase Price
    or an Exercise Price (the placement agent's included) is measured from the Market Price, and only then: in
    placement_agent_warrants every price is fixed or 125% of a fixed Purchase Price (no certificate is right); in
    agent_warrants_only the Purchase Price is fixed and the agent's warrant alone is priced at 120% of the Market
    Price (the certificate is needed for it, and shows it)."""
    loaded, documents = deal
    ts = loaded.term_sheet
    terms = [ts.securities.purchase_price] + [w.exercise_price for w in ts.securities.warrants]
    if ts.placement_agent and ts.placement_agent.warrants:
        terms.append(ts.placement_agent.warrants.exercise_price)
    measured = any(term.base == "market_price" for term in terms)
    texts = {d.key: document_text(d.blocks) for d in documents}
    assert ("pricing_certificate" in texts) == measured == ('"Market Price" shall mean' in texts["purchase_agreement"])
    if ts.deal.id == "placement_agent_warrants":
        assert not measured and ts.placement_agent.warrants.exercise_price.percent_of_purchase_price
    if ts.deal.id == "agent_warrants_only":
        assert measured and ts.securities.purchase_price.fixed and not ts.securities.warrants
        assert "Exercise Price of the Placement Agent Warrant" in texts["pricing_certificate"]
        assert "warrant_form" not in texts and "Exhibit" not in texts["purchase_agreement"].split("Brokerage")[1][:600]


def test_amounts_paid_add_up_and_are_never_negative(deal):
    loaded, _ = deal
    fig, ts = loaded.figures, loaded.term_sheet
    price = fig.purchase_price
    for inv, pos in zip(ts.investors, fig.investors):
        cost = (pos.shares * price).quantize(CENT, rounding=ROUND_HALF_UP)
        if inv.shares is not None:
            assert pos.shares == inv.shares and pos.purchase_price == cost and pos.unapplied == 0
        else:
            assert pos.purchase_price == min(inv.amount, cost) and pos.unapplied == inv.amount - pos.purchase_price
        assert pos.purchase_price > 0 and pos.unapplied >= 0
    assert fig.totals.purchase_price == sum(p.purchase_price for p in fig.investors)
    assert fig.totals.subscription - fig.totals.unapplied == fig.totals.purchase_price
    fee = fig.agent.fee if fig.agent else 0
    assert fig.net_proceeds == fig.totals.purchase_price - fee >= 0


def test_every_series_follows_its_rule(deal):
    loaded, _ = deal
    fig = loaded.figures
    for index, series in enumerate(fig.series):
        spec = series.spec
        certs = [c for c in fig.certificates if c.series == index]
        assert series.warrant_shares == sum(c.warrant_shares for c in certs)
        if spec.warrant_shares is not None:
            assert series.warrant_shares == spec.warrant_shares
            continue
        for cert in certs:
            bought = fig.totals.shares if cert.investor is None else fig.investors[cert.investor].shares
            exact = Fraction(bought) * Fraction(spec.coverage) / 100
            n = cert.warrant_shares
            assert {"down": n <= exact < n + 1, "up": n - 1 < exact <= n, "exact": n == exact,
                    "nearest": abs(exact - n) <= Fraction(1, 2)}[spec.share_rounding.value]


def test_documents_speak_of_one_closing(deal):
    _, documents = deal
    for doc in documents:
        text = document_text(doc.blocks)
        assert "second Closing" not in text and "each Closing" not in text, doc.key


def texts_of(name: str) -> dict[str, str]:
    loaded = load(DEALS / f"{name}.yaml")
    return {d.key: document_text(d.blocks) for d in render_set(loaded.term_sheet, loaded.figures)}


def test_form_d_deadline_on_a_federal_holiday_drafts_no_holiday_name():
    """A Form D deadline on New Year's Day (about 1.6% of agreement dates) once drafted "is a New Year's Day",
    which the checks read as an undefined term and the build refused."""
    loaded = load(DEALS / "form_d_on_new_years_day.yaml")
    rolled = loaded.figures.dates.rolls["form_d_deadline"]
    assert rolled.rolled and "New Year" in rolled.reason
    text = texts_of("form_d_on_new_years_day")["form_d_data_sheet"]
    assert ("The last day of that period, January 1, 2027, is not a business day (a federal holiday), so the deadline "
            "is January 4, 2027.") in text
    assert "New Year" not in text


def test_every_optional_field_left_out_still_builds():
    loaded = load(DEALS / "minimal_shares_only.yaml")
    ts = loaded.term_sheet
    assert ts.investors_counsel is None and ts.market_price is None and ts.broker is None
    # a Secretary and the directors are required: the Secretary's certificate and the Board's consent need them
    assert ts.placement_agent is None and ts.escrow_agent is None and ts.board_consent_date is None
    assert not ts.securities.warrants and ts.company.notice.attention is None
    texts = texts_of("minimal_shares_only")
    assert not any(key.startswith("warrant") for key in texts)
    import re
    assert not re.search(r"(?:Attention|Telephone|Facsimile|Email|by|of|at): None\b|\$None|\bNone per\b",
                         "".join(texts.values()))
    assert not any(re.search(r"\bWarrants?\b", text) for text in texts.values())
    assert "Market Price" not in texts["purchase_agreement"]


GOLDEN = Path(__file__).resolve().parents[1] / "golden"
SNAPSHOTS = ["minimal_shares_only", "two_warrant_series", "subscription_up", "units_two_series_agent",
             "placement_agent_warrants"]


@pytest.mark.parametrize("name", SNAPSHOTS)
def test_corpus_matches_its_approved_snapshot(name):
    """Approved text of five corpus deals (read before approval)."""
    assert_matches_snapshot(DEALS / f"{name}.yaml", GOLDEN / name)
