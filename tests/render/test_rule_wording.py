"""Every value of every rule enum, rendered through the documents that state the rule (the fast text path: no
layout): the sentence says exactly what the rule says, in the rule's own words (rules.py `clause`), and never the
words of another value of the same rule (four places never says "nearest cent")."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from assembler.calendar import trading_calendar
from assembler.document.assemble import render_set
from assembler.document.blocks import document_text
from assembler.figures.compute import compute, market_price_window
from assembler.figures.load import load
from assembler.rules import (Anchor, BusinessDayConvention, DamagesBase, PriceKind, PriceRounding, Proration,
                             ShareRounding, TermFrom)

from conftest import FOCUS, NORTHWIND


@pytest.fixture(scope="module")
def focus_ts():
    return load(FOCUS).term_sheet


@pytest.fixture(scope="module")
def northwind_ts():
    return load(NORTHWIND).term_sheet


def changed(model, path: str, value):
    """A copy of a frozen pydantic model with the field at dotted `path` replaced (a number picks a list item)."""
    head, _, rest = path.partition(".")
    if isinstance(model, list):
        items = list(model)
        items[int(head)] = changed(items[int(head)], rest, value) if rest else value
        return items
    if not rest:
        return model.model_copy(update={head: value})
    return model.model_copy(update={head: changed(getattr(model, head), rest, value)})


def texts(ts) -> dict[str, str]:
    """Each rendered document's text by document id (the first of each id; warrants are alike)."""
    out: dict[str, str] = {}
    for doc in render_set(ts, compute(ts)):
        out.setdefault(doc.doc_id, document_text(doc.blocks))
    return out


def sentence(text: str, anchor: str) -> str:
    """The one sentence (to the next full stop that ends a sentence) that contains `anchor`."""
    hits = [m.start() for m in re.finditer(re.escape(anchor), text)]
    assert hits, f"{anchor!r} is not in the document"
    start = max(text.rfind(". ", 0, hits[0]), text.rfind("\n", 0, hits[0])) + 1
    end = re.search(r"\.(?:\s|$)", text[hits[0]:])
    return text[start:hits[0] + (end.end() if end else len(text))].strip()


def only_its_own_words(found: str, rule, enum) -> None:
    assert rule.clause in found, f"{rule!r}: {rule.clause!r} not in {found!r}"
    for other in enum:
        if other is not rule and other.clause not in rule.clause:
            assert other.clause not in found, f"{rule!r} is described with the words of {other!r}: {found!r}"
    if rule is PriceRounding.four_places_half_up or rule is PriceRounding.none:
        assert "nearest cent" not in found


def with_prices_for_window(ts):
    """Give the Market Price table a price for every day of the (possibly moved) window."""
    window = market_price_window(ts, trading_calendar(ts.principal_market.calendar))
    return changed(ts, "market_price.closing_prices", {d: Decimal("3.4375") for d in window.days})


@pytest.mark.parametrize("rule", list(PriceRounding))
def test_purchase_price_rounding(northwind_ts, rule):
    ts = changed(northwind_ts, "securities.purchase_price.rounding", rule)
    found = sentence(texts(ts)["purchase_agreement"], '"Purchase Price" shall mean')
    assert re.fullmatch(r'"Purchase Price" shall mean 92% of the Market Price, (.+), being \$[\d.,]+ per '
                        r"share of Common Stock\.", found).group(1) == rule.clause
    only_its_own_words(found, rule, PriceRounding)


@pytest.mark.parametrize("rule", list(PriceRounding))
def test_exercise_price_rounding(northwind_ts, rule):
    ts = changed(northwind_ts, "securities.warrants.0.exercise_price.rounding", rule)
    docs = texts(ts)
    recital = sentence(docs["purchase_agreement"], "(as defined below) to purchase up to")
    assert f"at 125% of the Market Price (as defined below), {rule.clause}, for such Common Stock." in recital
    only_its_own_words(recital, rule, PriceRounding)
    grant = sentence(docs["warrant"], '(the "Exercise Price")')
    # the warrant states its own rounding and cites the Purchase Agreement only for the Market Price's definition,
    # which is all the agreement provides (it has no provision on rounding the Exercise Price)
    assert f"being 125% of the Market Price, {rule.clause}, the Market Price being as defined in the" in grant
    assert "as provided in" not in grant
    only_its_own_words(grant, rule, PriceRounding)


@pytest.mark.parametrize("rule", list(PriceRounding))
def test_market_price_rounding(northwind_ts, rule):
    ts = changed(northwind_ts, "market_price.rounding", rule)
    found = sentence(texts(ts)["purchase_agreement"], '"Market Price" shall mean')
    assert found.endswith(f"ending on the Trading Day immediately prior to the date of this Agreement, {rule.clause}.")
    only_its_own_words(found, rule, PriceRounding)


@pytest.mark.parametrize("kind", list(PriceKind))
@pytest.mark.parametrize("anchor", list(Anchor))
def test_market_price_kind_and_anchor(northwind_ts, kind, anchor):
    ts = changed(changed(northwind_ts, "market_price.price_kind", kind), "market_price.anchor", anchor)
    if anchor is Anchor.pricing_date:
        ts = changed(ts, "market_price.pricing_date", dt.date(2026, 11, 18))
    ts = with_prices_for_window(ts)
    found = sentence(texts(ts)["purchase_agreement"], '"Market Price" shall mean')
    assert re.match(rf'"Market Price" shall mean the average of the {kind.clause} on the Principal '
                    "Market", found), found
    assert f"Trading Day period ending on {anchor.clause}, " in found
    only_its_own_words(found, kind, PriceKind)
    only_its_own_words(found, anchor, Anchor)
    defined = '"Pricing Date" shall mean November 18, 2026.' in texts(ts)["purchase_agreement"]
    assert defined == (anchor is Anchor.pricing_date)


@pytest.mark.parametrize("rule", [r for r in ShareRounding if r is not ShareRounding.exact])
def test_share_rounding_is_stated_in_the_agreement_and_cited(northwind_ts, rule):
    ts = changed(northwind_ts, "securities.share_rounding", rule)
    docs = texts(ts)
    operative = sentence(docs["purchase_agreement"], "The number of Shares purchased by the Investor shall be")
    assert f"divided by the Purchase Price, {rule.clause}, and no fractional Share shall be sold." in operative
    only_its_own_words(operative, rule, ShareRounding)
    for doc in ("funds_flow", "schedule_of_investors"):
        cited = sentence(docs[doc], "of the Purchase Agreement, the number of Shares purchased" if doc != "funds_flow"
                         else "of the Purchase Agreement the number of Shares purchased")
        section = re.search(r"Under Section [\d.]+\(a\)\((\w+)\) of the Purchase Agreement", cited).group(1)
        assert f"({section}) Number of Shares. The number of Shares purchased" in docs["purchase_agreement"]
        only_its_own_words(cited, rule, ShareRounding)


def test_exact_share_rule_adds_no_rounding_provision(focus_ts):
    docs = texts(focus_ts)
    assert "Number of Shares." not in docs["purchase_agreement"]
    assert "rounded" not in sentence(docs["schedule_of_investors"], "purchases a whole number of Shares")


@pytest.mark.parametrize("rule", [r for r in ShareRounding if r is not ShareRounding.exact] + [ShareRounding.exact])
def test_warrant_share_rounding(focus_ts, rule):
    ts = changed(focus_ts, "securities.warrants.0.share_rounding", rule)
    found = sentence(texts(ts)["schedule_of_investors"], "The Warrant Shares issuable under each Investor's Warrant")
    assert f"ten percent (10%) of the Shares that Investor purchases, {rule.clause}." in found
    only_its_own_words(found, rule, ShareRounding)


@pytest.mark.parametrize("rule", [r for r in BusinessDayConvention if r is not BusinessDayConvention.none])
def test_registration_deadline_convention(northwind_ts, rule):
    """The current edition's Registration Rights Agreement carries the business-day clause of the term sheet's
    convention, and the checklist cites it in the clause's own words."""
    ts = changed(northwind_ts, "registration_rights.business_day_convention", rule)
    docs = texts(ts)
    found = sentence(docs["closing_checklist"], "a deadline that falls on a day that is not a business day")
    assert found.endswith(f"a deadline that falls on a day that is not a business day {rule.clause}.")
    only_its_own_words(found, rule, BusinessDayConvention)
    clause = sentence(docs["registration_rights"], "that falls on a day that is not a business day")
    assert clause.endswith(f"that falls on a day that is not a business day {rule.clause}.")
    only_its_own_words(clause, rule, BusinessDayConvention)


@pytest.mark.parametrize("name", ["focus", "northwind_none"])
def test_registration_deadlines_without_a_clause_fall_where_they_fall(focus_ts, northwind_ts, name):
    """Without a business-day clause (the form as filed; the current edition with convention none) the agreement
    moves no deadline: the checklist says so and rolls nothing."""
    ts = focus_ts if name == "focus" else changed(northwind_ts, "registration_rights.business_day_convention",
                                                  BusinessDayConvention.none)
    docs = texts(ts)
    found = sentence(docs["closing_checklist"], "has no business-day clause")
    assert "a deadline is the date it falls on" in found and "business day before it is shown" in found
    assert "not a business day" not in sentence(docs["registration_rights"], "Registration Statement")
    assert "extended under" not in docs["closing_checklist"]


def test_form_d_deadline_states_its_convention(focus_ts):
    """A first sale since September 15, 2008: Rule 503(a) itself moves a due date off a weekend or federal holiday.
    Before it (FOCUS, 1999): Rule 0-3(a) of the General Rules under the Securities Act lets papers due on a Saturday,
    Sunday or holiday be filed on the first business day following; the deadline is the same day."""
    rule = BusinessDayConvention.following
    from tests.conftest import NORTHWIND

    docs = texts(load(NORTHWIND).term_sheet)
    for doc, anchor in (("form_d_data_sheet", "a due date that falls on"), ("closing_checklist", "under Rule 503(a)")):
        found = sentence(docs[doc], anchor)
        assert re.search(re.escape(f"Saturday, Sunday or federal holiday {rule.clause}") + r"[.)]", found), found
        only_its_own_words(found.split("\n")[0], rule, BusinessDayConvention)
    docs = texts(focus_ts)
    sheet = sentence(docs["form_d_data_sheet"], "under Rule 0-3(a)")
    assert ("under Rule 0-3(a) of the General Rules and Regulations under the Securities Act, papers whose last day "
            "for filing falls on a Saturday, Sunday or holiday may be filed on the first business day following") in sheet
    assert "Rule 0-3(a) of the General Rules and Regulations under the Securities Act a deadline that falls on a " \
        f"Saturday, Sunday or holiday {rule.clause}" in docs["closing_checklist"]
    for older in ("Federal exemption claimed", "Total offering amount", "related persons, industry group"):
        assert older not in docs["form_d_data_sheet"]  # the 2008 form's items
    assert "Filing under\nRule 506 of Regulation D" in docs["form_d_data_sheet"]


@pytest.mark.parametrize("rule", list(Proration))
@pytest.mark.parametrize("base", list(DamagesBase))
def test_liquidated_damages_proration_and_base(focus_ts, rule, base):
    ts = changed(changed(focus_ts, "registration_rights.liquidated_damages.proration", rule),
                 "registration_rights.liquidated_damages.base", base)
    found = sentence(texts(ts)["registration_rights"], "as liquidated damages for such failure")
    assert f"({rule.clause}), as liquidated damages" in found
    assert f"of {base.clause} for the first" in found
    only_its_own_words(found, rule, Proration)
    only_its_own_words(found, base, DamagesBase)


@pytest.mark.parametrize("rule", list(TermFrom))
def test_warrant_term_counted_from(northwind_ts, rule):
    ts = changed(changed(northwind_ts, "securities.warrants.0.term_from", rule), "securities.warrants.0.term_years", 5)
    found = re.search(r"for a term of .*? years from [^;)]*", texts(ts)["form_d_data_sheet"]).group(0)
    assert found == f"for a term of five (5) years from {rule.clause}"
    only_its_own_words(found, rule, TermFrom)


def test_every_rule_enum_is_covered():
    """A rule enum added to rules.py must be added here too (and carry its own clause and description)."""
    import assembler.rules as rules
    from enum import Enum

    enums = {name for name, obj in vars(rules).items() if isinstance(obj, type) and issubclass(obj, Enum)
             and obj.__module__ == rules.__name__}
    covered = {"PriceRounding", "PriceKind", "Anchor", "ShareRounding", "BusinessDayConvention", "Proration",
               "DamagesBase", "TermFrom"}
    assert enums == covered
    for name in enums:
        for value in getattr(rules, name):
            assert value.clause and value.description


def rule_words() -> list[tuple[str, str]]:
    """(rule, words) of every named rule's and house rule's clause and description long enough to be a rule's
    statement (not a defined term such as "the Initial Exercise Date")."""
    import enum

    import assembler.rules as rules

    out = []
    for name, obj in vars(rules).items():
        values = list(obj) if isinstance(obj, type) and issubclass(obj, enum.Enum) else [obj] \
            if isinstance(obj, rules.HouseRule) else []
        for value in values:
            for attribute in ("clause", "description"):
                words = getattr(value, attribute, None)
                if isinstance(words, str) and len(words) >= 30:
                    out.append((f"{name}.{getattr(value, 'value', '')}.{attribute}", words))
    return out


def test_no_template_types_a_rules_words():
    from assembler.document.dirs import DEFAULT_DIR

    words = rule_words()
    assert len(words) > 20
    typed = [(rule, str(path.relative_to(DEFAULT_DIR))) for path in sorted(DEFAULT_DIR.rglob("*.j2"))
             for rule, text in words if text in path.read_text(encoding="utf-8")]
    assert typed == []


def test_the_house_rules_are_stated_in_their_own_words():
    """The schedule of investors states how a fixed number of warrant shares is allocated, and how its percentages
    are rounded, from rules.py (ALLOCATION, PERCENT_ROUNDING), the words the audit trail's rules sit beside."""
    from pathlib import Path

    from assembler.rules import ALLOCATION, PERCENT_ROUNDING

    loaded = load(Path(__file__).resolve().parents[1] / "deals" / "fixed_warrant_number.yaml")
    docs = {d.key: d for d in render_set(loaded.term_sheet, loaded.figures)}
    text = document_text(docs["schedule_of_investors"].blocks)
    assert ALLOCATION.clause in text and f"Closing, {PERCENT_ROUNDING.clause}." in text
    assert any(a.rule.endswith(ALLOCATION.description) for a in loaded.figures.audit.values())
