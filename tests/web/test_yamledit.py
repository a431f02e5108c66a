"""Form edits applied to the YAML text: one value changes, everything else (comments, order, quoting) stays."""
from __future__ import annotations

import re

import difflib

import pytest

from assembler.termsheet.schema import term_sheet_schema
from assembler.termsheet.skeleton import skeleton
from assembler.termsheet.source import parse_source
from assembler.figures.load import load_text
from assembler.web.yamledit import EditRefused, apply

from conftest import FOCUS, NORTHWIND

SCHEMA = term_sheet_schema()


def changed_lines(before: str, after: str) -> list[str]:
    return [d for d in difflib.ndiff(before.splitlines(), after.splitlines()) if d.startswith(("+ ", "- "))]


def comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


@pytest.mark.parametrize("path, value, expected", [
    (["investors", 1, "amount"], "5700.00", ["-     amount: 5600.00", "+     amount: 5700.00"]),
    (["company", "address", "postal_code"], "01888", ['-     postal_code: "01887"', '+     postal_code: "01888"']),
    (["company", "name"], "Acme: Inc. #1", ["-   name: FOCUS Enhancements, Inc.", '+   name: "Acme: Inc. #1"']),
    (["company", "address", "lines", 0], "600 Research Drive, Suite 2",
     ["-     lines: [600 Research Drive]", '+     lines: ["600 Research Drive, Suite 2"]']),
    (["market_price", "closing_prices", "1999-11-24"], "1.95", ["-     1999-11-24: 1.9375", "+     1999-11-24: 1.95"]),
])
def test_setting_a_value_changes_that_value_only(path, value, expected):
    text = FOCUS.read_text(encoding="utf-8")
    out = apply(text, [{"op": "set", "path": path, "value": value}], SCHEMA)
    assert changed_lines(text, out) == expected
    data = parse_source(out, "x").data
    for part in path:
        data = data[part]
    assert data == value  # read back as the very text typed


@pytest.mark.parametrize("source", [FOCUS, NORTHWIND])
def test_structural_edits_keep_every_comment_and_the_order(source):
    text = source.read_text(encoding="utf-8")
    ops = [{"op": "add", "path": ["investors"]}, {"op": "set", "path": ["investors", 0, "email"], "value": "a@b.example"},
           {"op": "remove", "path": ["investors", 0, "email"]}]
    out = apply(text, ops, SCHEMA)
    assert comments(text) == [c for c in comments(out) if c in comments(text)]  # every comment, in order
    original_keys = [line.split(":")[0] for line in text.splitlines() if line and not line.startswith((" ", "#"))]
    assert [line.split(":")[0] for line in out.splitlines() if line and not line.startswith((" ", "#"))] == original_keys
    data = parse_source(out, "x").data
    assert data["investors"][-1]["name"] == "TBD" and len(data["investors"]) == len(parse_source(text, "x").data["investors"]) + 1


def test_a_new_key_goes_where_the_model_has_it_and_a_new_day_in_date_order():
    text = FOCUS.read_text(encoding="utf-8")
    out = apply(text, [{"op": "set", "path": ["investors", 0, "email"], "value": "r@raptor.example"},
                       {"op": "set", "path": ["market_price", "closing_prices", "1999-11-22"], "value": "1.80"}], SCHEMA)
    investor = list(parse_source(out, "x").data["investors"][0])
    assert investor.index("email") == investor.index("fax") + 1  # fax, email, copies_to, signatory
    assert list(parse_source(out, "x").data["market_price"]["closing_prices"])[0] == "1999-11-22"
    assert "    1999-11-22: 1.80\n    1999-11-23: 1.8750\n" in out


def test_rename_a_day_and_remove_the_last_key_of_a_mapping():
    text = apply(skeleton("acme"), [{"op": "fill", "path": ["market_price"]}], SCHEMA)  # an optional section, added
    out = apply(text, [{"op": "rename", "path": ["market_price", "closing_prices", "TBD"], "to": "2026-11-20"},
                       {"op": "remove", "path": ["company", "notice"]},
                       {"op": "fill", "path": ["company", "notice"]}], SCHEMA)
    data = parse_source(out, "x").data
    assert data["market_price"]["closing_prices"] == {"2026-11-20": "TBD"}
    assert data["company"]["notice"] == {}
    focus = FOCUS.read_text(encoding="utf-8")
    out = apply(focus, [{"op": "set", "path": ["securities", "warrants", "initial_exercise", "months_after_closing"],
                         "value": "6"},
                        {"op": "remove", "path": ["securities", "warrants", "initial_exercise", "date"]}], SCHEMA)
    assert parse_source(out, "x").data["securities"]["warrants"]["initial_exercise"] == {"months_after_closing": "6"}
    emptied = apply(out, [{"op": "remove", "path": ["securities", "warrants", "initial_exercise", "months_after_closing"]}],
                    SCHEMA)
    assert parse_source(emptied, "x").data["securities"]["warrants"]["initial_exercise"] == {}  # still YAML


def test_refused_edits_say_why():
    text = FOCUS.read_text(encoding="utf-8")
    with pytest.raises(EditRefused, match="unknown edit"):
        apply(text, [{"op": "drop", "path": ["deal"]}], SCHEMA)
    with pytest.raises(EditRefused, match="is not in the term sheet"):
        apply(text, [{"op": "remove", "path": ["nothing", "here"]}], SCHEMA)
    with pytest.raises(EditRefused, match="already there"):
        apply(text, [{"op": "rename", "path": ["market_price", "closing_prices", "1999-11-23"], "to": "1999-11-24"}],
              SCHEMA)
    with pytest.raises(EditRefused, match="has an error"):
        apply("a: [1\n", [{"op": "add", "path": ["investors"]}], SCHEMA)


def test_the_example_still_validates_after_round_trip_edits():
    text = NORTHWIND.read_text(encoding="utf-8")
    lines = len(parse_source(text, "n").data["investors"][0]["address"]["lines"])
    out = apply(text, [{"op": "add", "path": ["investors", 0, "address", "lines"]},
                       {"op": "remove", "path": ["investors", 0, "address", "lines", lines]}], SCHEMA)
    assert out == text or changed_lines(text, out) == []  # an add undone leaves the file as it was
    assert load_text(out, "n.yaml").term_sheet.deal.id == "northwind_2026"


def test_one_series_wrapped_into_a_list_and_back():
    text = FOCUS.read_text(encoding="utf-8")
    wrapped = apply(text, [{"op": "wrap", "path": ["securities", "warrants"]}], SCHEMA)
    series = parse_source(text, "x").data["securities"]["warrants"]
    assert parse_source(wrapped, "x").data["securities"]["warrants"] == [series]
    assert apply(wrapped, [{"op": "unwrap", "path": ["securities", "warrants"]}], SCHEMA) == text
    with pytest.raises(EditRefused, match="cannot unwrap company: it is not one item or a list of them"):
        apply(text, [{"op": "unwrap", "path": ["company"]}], SCHEMA)


def test_a_file_whose_lists_are_not_indented_keeps_its_indentation():
    """`- item` level with its key (the way PyYAML writes lists): a structural edit writes new items the same way."""
    from conftest import ROOT

    text = (ROOT / "tests/deals/fixed_warrant_number.yaml").read_text(encoding="utf-8")
    assert "\ninvestors:\n- name:" in text
    out = apply(text, [{"op": "wrap", "path": ["securities", "warrants"]}, {"op": "add", "path": ["investors"]}],
                SCHEMA)
    assert "\n  warrants:\n  - warrant_shares: 300000\n    share_rounding: down\n" in out
    removed = [line for line in changed_lines(text, out) if line.startswith("- ")]
    assert removed == ["-     warrant_shares: 300000"]  # the rest only added: the new investor, the series' dash
    assert len(parse_source(out, "x").data["investors"]) == 4 and "\n- name: TBD" in out  # three, and the new one


def test_new_lines_keep_two_spaces_before_their_comment():
    """A section added, an item added: each new line's comment two spaces after its value, as `assemble new` writes
    them (ruamel would leave one), and nothing else changed."""
    from assembler.termsheet.skeleton import skeleton

    text = skeleton("x")
    out = apply(text, [{"op": "fill", "path": ["investors_counsel"]}, {"op": "add", "path": ["investors"]}], SCHEMA)
    added = [line for line in out.splitlines() if " #" in line and line not in text.splitlines()]
    assert "  firm: TBD  # text" in added  # (the other new lines are like lines already there)
    assert re.findall(r"\S # ", out) == []  # nowhere one space
    assert parse_source(out, "x").data["investors_counsel"] == {
        "name": "TBD", "firm": "TBD", "address": {"lines": ["TBD"], "city": "TBD"}}


def test_a_long_comment_does_not_widen_how_the_file_wraps():
    """A structural edit writes the file again at its own wrap width, which is that of its values: a 240-character
    comment used to set it, and the disclosure schedule's wrapped entries came back joined on long lines."""
    text = "# " + "a long remark about this deal" * 8 + "\n" + NORTHWIND.read_text(encoding="utf-8")
    out = apply(text, [{"op": "add", "path": ["investors"]}], SCHEMA)
    assert [d for d in changed_lines(text, out) if d.startswith("- ")] == []  # lines added (the investor), none changed
    assert max(len(line) for line in out.splitlines()[1:]) <= 120
