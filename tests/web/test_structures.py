"""The structure of an offering, chosen in the form: read off a term sheet, and changed into each other structure on
the YAML text with every value that still applies kept, every comment kept, and nothing left to do but fill in the
new facts (TBD); filled in, the term sheet validates in its new structure."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from assembler.termsheet.schema import term_sheet_schema
from assembler.termsheet.securities import STRUCTURES
from assembler.termsheet.source import parse_source
from assembler.termsheet.structures import restructure, structure_of
from assembler.web.live import check_text
from assembler.web.schema_paths import schema_at
from assembler.web.yamledit import apply
from webtest import path_of

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = term_sheet_schema()
WRITTEN_AS = {  # term sheet -> the structure it is written in
    "term_sheets/focus_1999.yaml": "shares_and_warrants",
    "tests/deals/minimal_shares_only.yaml": "shares",
    "tests/deals/fixed_warrant_number.yaml": "shares_and_warrants",
    "tests/deals/units_half_warrant.yaml": "units",
    "tests/deals/two_warrant_series.yaml": "warrant_series",
    "tests/deals/units_two_series_agent.yaml": "units_warrant_series",
}


def data(text: str) -> dict:
    return parse_source(text, "ts.yaml").data


def filled(text: str) -> str:
    """`text` with every placeholder filled with a value of its type (a date: the closing date; a choice: its first;
    a number: 1)."""
    result = check_text(text, "ts.yaml")
    ops = []
    for problem in result["problems"]:
        if problem.get("severity") == "warning":  # a rule's warning on the facts filled so far (a date, a deadline)
            continue
        assert "placeholder" in problem["message"], problem["text"]
        field = schema_at(SCHEMA, path_of(problem["path"]))
        value = (result["data"]["closing_date"] if field.get("format") == "date"
                 else str(field["enum"][0]) if "enum" in field else "1")
        ops.append({"op": "set", "path": path_of(problem["path"]), "value": value})
    return apply(text, ops, SCHEMA)


@pytest.mark.parametrize("name", sorted(WRITTEN_AS))
def test_the_structure_a_term_sheet_is_written_in(name):
    assert structure_of(data((ROOT / name).read_text(encoding="utf-8"))) == WRITTEN_AS[name]


@pytest.mark.parametrize("target", [s.key for s in STRUCTURES])
@pytest.mark.parametrize("name", ["term_sheets/focus_1999.yaml", "tests/deals/minimal_shares_only.yaml",
                                  "tests/deals/units_two_series_agent.yaml", "tests/deals/fixed_warrant_number.yaml"])
def test_every_structure_from_every_structure_needs_only_the_new_facts(name, target):
    text = (ROOT / name).read_text(encoding="utf-8")
    changed = apply(text, [{"op": "structure", "path": ["securities"], "value": target}], SCHEMA)
    assert structure_of(data(changed)) == target
    head = text[:text.index("\nsecurities:")]
    if "*id001" in changed or "*id001" not in text:  # (an anchor whose alias went with a series goes too)
        assert changed.startswith(head)  # everything before the securities, comments and all, as it was
    done = filled(changed)  # only placeholders were left (filled() asserts it)
    result = check_text(done, "ts.yaml")
    assert result["valid"], [p["text"] for p in result["problems"]]
    figures = result["figures"]
    investor_series = [s for s in figures["series"] if not s["agent"]]
    wanted = next(s for s in STRUCTURES if s.key == target)
    assert min(len(investor_series), 2) == wanted.series and figures["units"] is wanted.units


def test_values_that_still_apply_stay():
    text = (ROOT / "term_sheets/focus_1999.yaml").read_text(encoding="utf-8")
    before = data(text)["securities"]["warrants"]
    several = data(apply(text, [{"op": "structure", "path": ["securities"], "value": "warrant_series"}], SCHEMA))
    first, second = several["securities"]["warrants"]
    assert first == {**before, "name": "Series A"} and second["name"] == "Series B"
    units = data(apply(text, [{"op": "structure", "path": ["securities"], "value": "units"}], SCHEMA))["securities"]
    assert units["units"] == "true" and units["warrants"]["per_unit"] == "TBD"
    assert "coverage_percent" not in units["warrants"]
    assert {k: v for k, v in units["warrants"].items() if k != "per_unit"} == {
        k: v for k, v in before.items() if k != "coverage_percent"}
    back = data(apply(text, [{"op": "structure", "path": ["securities"], "value": "shares"}], SCHEMA))
    assert "warrants" not in back["securities"] and "units" not in back["securities"]


def test_one_more_series_is_named_after_the_others():
    text = (ROOT / "tests/deals/two_warrant_series.yaml").read_text(encoding="utf-8")
    ops = restructure(data(text), "warrant_series", 3)
    assert [o["op"] for o in ops] == ["add", "set"] and ops[1] == {
        "op": "set", "path": ["securities", "warrants", 2, "name"], "value": "Series C"}
    three = data(apply(text, [{"op": "structure", "path": ["securities"], "value": "warrant_series", "series": 3}],
                       SCHEMA))
    assert [s["name"] for s in three["securities"]["warrants"]] == ["Series A", "Series B", "Series C"]


def test_several_series_to_one_keeps_the_first():
    text = (ROOT / "tests/deals/two_warrant_series.yaml").read_text(encoding="utf-8")
    first = data(text)["securities"]["warrants"][0]
    one = apply(text, [{"op": "structure", "path": ["securities"], "value": "shares_and_warrants"}], SCHEMA)
    assert data(one)["securities"]["warrants"] == first  # one series, written as a mapping
    assert re.search(r"\n  warrants:\n    name: Series A\n", one)


def test_the_schema_says_a_series_is_a_mapping_or_a_list():
    warrants = SCHEMA["$defs"]["Securities"]["properties"]["warrants"]
    assert [v.get("type", "mapping") for v in warrants["anyOf"]] == ["mapping", "array"]
    assert [s["key"] for s in SCHEMA["$defs"]["Securities"]["x-structures"]] == [s.key for s in STRUCTURES]
    assert schema_at(SCHEMA, ["securities", "warrants"])["title"] == "Warrants"  # one series
    assert schema_at(SCHEMA, ["securities", "warrants", 1, "exercise_price"])["title"] == "PriceTerm"


REALISTIC = {  # where a 1 would break a rule of the model: room for the new shares, a window that ends after it starts
    "capitalization.authorized_common": "50000000", "capitalization.outstanding_common": "20000000",
    "registration_rights.fiscal_year_update_window.end_days": "90", "investors[0].amount": "1000000",
    "registration_rights.effectiveness_days": "90", "registration_rights.full_review_effectiveness_days": "120",
    "registration_rights.additional_registration.effectiveness_days": "90",
    "registration_rights.additional_registration.full_review_effectiveness_days": "120",
    # two officers (the Secretary certifies the signing officer) and the closing price the damages example assumes
    "company.signatory.name": "Morgan Lee", "company.secretary.name": "Victor Hale",
    "registration_rights.liquidated_damages.example_closing_price": "5.00"}


@pytest.mark.parametrize("target", [s.key for s in STRUCTURES])
def test_a_new_term_sheet_starts_in_any_structure(target):
    """`assemble new NAME --structure KEY`: the skeleton is written in that structure and, once every TBD is filled,
    validates with its figures in it (units or not, one series or several)."""
    from assembler.termsheet.skeleton import skeleton

    text = skeleton("new_deal", target)
    assert structure_of(data(text)) == target
    dated = apply(text, [{"op": "set", "path": [name], "value": "2026-11-30"}
                         for name in ("agreement_date", "closing_date")]
                  + [{"op": "set", "path": path_of(k), "value": v} for k, v in REALISTIC.items()], SCHEMA)
    result = check_text(filled(dated), "ts.yaml")
    assert result["valid"], [p["text"] for p in result["problems"]]
    wanted = next(s for s in STRUCTURES if s.key == target)
    assert min(len(result["figures"]["series"]), 2) == wanted.series and result["figures"]["units"] is wanted.units
    if wanted.series > 1:
        assert [s["name"] for s in data(text)["securities"]["warrants"]] == ["Series A", "Series B"]


def test_a_choice_the_model_refuses_there_is_not_offered():
    """A Purchase Price as a premium to the Purchase Price (validate refuses it): the schema says so where the field
    is (x-not-offered), so the skeleton's comment and the form leave it out; an Exercise Price still has it."""
    from assembler.termsheet.skeleton import skeleton

    prop = SCHEMA["$defs"]["Securities"]["properties"]["purchase_price"]
    assert prop["x-not-offered"] == ["percent_of_purchase_price"]
    text = skeleton("new_deal", "shares_and_warrants")
    purchase, exercise = [line for line in text.splitlines() if line.strip().startswith("fixed: TBD")]
    assert "percent_of_purchase_price" not in purchase and "percent_of_purchase_price" in exercise
    text = filled(apply(text, [{"op": "set", "path": [name], "value": "2026-11-30"}
                               for name in ("agreement_date", "closing_date")]
                        + [{"op": "set", "path": path_of(k), "value": v} for k, v in REALISTIC.items()], SCHEMA))
    assert check_text(text, "ts.yaml")["valid"]
    chosen = apply(text, [{"op": "remove", "path": ["securities", "purchase_price", "fixed"]},
                          {"op": "set", "path": ["securities", "purchase_price", "percent_of_purchase_price"],
                           "value": "110"}], SCHEMA)
    assert [p["path"] for p in check_text(chosen, "ts.yaml")["problems"]] == [
        "securities.purchase_price.percent_of_purchase_price"]  # what the form does not offer, validate refuses
