"""`assemble new`, `assemble schema`, and what validate says about placeholders, US dates and indentation."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from assembler.cli import main
from assembler.errors import TermSheetInvalid
from assembler.termsheet.schema import term_sheet_schema
from assembler.termsheet.skeleton import skeleton
from assembler.figures.load import load, load_text
from assembler.web.yamledit import apply
from webtest import path_of

from conftest import FOCUS, line_of, variant

ROOT = Path(__file__).resolve().parents[2]
LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<rest>.*)$")


def problems(path) -> list[str]:
    with pytest.raises(TermSheetInvalid) as info:
        load(path)
    return info.value.lines()


def test_new_writes_a_skeleton_whose_every_placeholder_is_refused_at_its_line(tmp_path, capsys):
    assert main(["new", "acme_2026", "--into", str(tmp_path)]) == 0
    path = tmp_path / "acme_2026.yaml"
    out, err = capsys.readouterr()
    text = path.read_text(encoding="utf-8")
    placeholder_lines = {n for n, line in enumerate(text.splitlines(), start=1)
                         if re.search(r":\s+TBD\b|- TBD\b|^\s*TBD:", line)}
    assert len(placeholder_lines) > 50
    reported = [LOCATED.match(line) for line in problems(path)]
    assert all(reported)
    assert {int(m["line"]) for m in reported} == placeholder_lines  # every placeholder, at its line, and nothing else
    assert all("is a placeholder ('TBD')" in m["rest"] for m in reported)
    assert f"wrote {path}: {len(reported)} placeholders (TBD) to fill in" in out
    assert "assemble schema >" in err
    assert "id: acme_2026" in text and text.startswith("# yaml-language-server: $schema=term-sheet.schema.json\n")


def test_new_refuses_an_existing_file_and_a_bad_name(tmp_path, capsys):
    (tmp_path / "x.yaml").write_text("keep me\n", encoding="utf-8")
    assert main(["new", "x", "--into", str(tmp_path)]) == 2
    assert (tmp_path / "x.yaml").read_text(encoding="utf-8") == "keep me\n"
    assert main(["new", "Bad Name", "--into", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "already exists; nothing was written" in err and "cannot be a deal id" in err
    assert not (tmp_path / "Bad Name.yaml").exists()


def test_a_filled_in_skeleton_validates(tmp_path):
    """Every TBD replaced through the same edits the form makes: the skeleton is a complete term sheet."""
    focus = load(FOCUS).source.data
    schema = term_sheet_schema()
    text = skeleton("acme")
    ops = []
    for loc in sorted(_placeholders(load_text_problems(text))):
        path = path_of(loc)
        if path[:2] == ["market_price", "closing_prices"]:
            continue
        parent = _get(focus, path[:-1])
        if isinstance(parent, list) or path[-1] in parent:
            ops.append({"op": "set", "path": path, "value": parent[path[-1]]})
        else:  # FOCUS took the other branch of a choice (a percentage, not a fixed price)
            ops.append({"op": "remove", "path": path})
            ops += [{"op": "set", "path": path[:-1] + [k], "value": v} for k, v in parent.items()
                    if isinstance(v, str)]
    # FOCUS is a 1999 deal on the form as filed; the skeleton starts a deal of today (current edition)
    ops.append({"op": "set", "path": ["edition"], "value": focus["edition"]})
    damages = focus["registration_rights"]["liquidated_damages"]
    ops += [{"op": "set", "path": ["registration_rights", "liquidated_damages", key], "value": damages[key]}
            for key in ("base", "example_closing_price") if key in damages]
    text = apply(text, ops, schema)
    loaded = load_text(text, "acme.yaml")
    assert loaded.term_sheet.deal.id == "acme" and len(loaded.term_sheet.investors) == 1
    # the skeleton is the simplest deal (common stock at a fixed price; warrants and a Market Price are optional
    # sections its comments name), here with FOCUS's first investor at FOCUS's price
    assert str(loaded.figures.purchase_price) == "1.60" and loaded.figures.totals.shares == 871_500


def load_text_problems(text):
    with pytest.raises(TermSheetInvalid) as info:
        load_text(text, "x.yaml")
    return info.value.problems


def _placeholders(found):
    return {p.path for p in found if "placeholder" in p.message}



def _get(data, path):
    for part in path:
        data = data[part]
    return data


def test_schema_is_the_models_json_schema(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"].endswith("2020-12/schema") and schema["title"] == "assembler term sheet"
    assert schema["properties"]["closing_date"] == {"format": "date", "title": "Closing Date", "type": "string",
                                                    "description": "Closing Date: a trading day on or after the "
                                                                   "agreement date"}
    price_term = schema["$defs"]["PriceTerm"]
    assert price_term["oneOf"] == [{"required": [k]} for k in ("fixed", "percent_of_market_price", "discount_percent",
                                                                "percent_of_purchase_price")]
    amount = next(b for b in schema["$defs"]["Investor"]["properties"]["amount"]["anyOf"] if b.get("type") != "null")
    assert amount["exclusiveMinimum"] == 0  # an optional amount (or `shares`), positive when given
    assert '"gt":' not in json.dumps(schema) and '"le":' not in json.dumps(schema)


def _as_json(value):
    """A term sheet as an editor's YAML language server hands it to the schema (dates as text)."""
    if isinstance(value, dict):
        return {str(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


@pytest.mark.parametrize("path", sorted((ROOT / "term_sheets").glob("*.yaml")) + sorted((ROOT / "tests" / "deals").glob(
    "*.yaml")), ids=lambda p: p.name)
def test_the_schema_accepts_every_example_and_corpus_term_sheet(path):
    """What an editor checks against: one warrant series written as a mapping, several as a list, or none."""
    import jsonschema
    import yaml

    validator = jsonschema.Draft202012Validator(term_sheet_schema(), format_checker=jsonschema.FormatChecker())
    errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message[:200]}"
              for e in validator.iter_errors(_as_json(yaml.safe_load(path.read_text(encoding="utf-8"))))]
    assert errors == []


@pytest.mark.parametrize("value, hint", [
    ("TBD", None), ("[Company name]", None), ("TBD - ask the client", None), ("[●]", None), ("____", None)])
def test_placeholders_are_refused_at_their_line(tmp_path, value, hint):
    path, text = variant(tmp_path, ("  name: FOCUS Enhancements, Inc.\n", f'  name: "{value}"\n'))
    [got] = problems(path)
    assert got.startswith(f"{path}:{line_of(text, value)}:9: company.name: is a placeholder (")


def test_a_bracketed_placeholder_written_bare_is_a_list_and_says_so(tmp_path):
    path, text = variant(tmp_path, ("    city: Wilmington\n", "    city: [City]\n"))
    [got] = problems(path)
    assert got.startswith(f"{path}:{line_of(text, '[City]')}:11: company.address.city: ")
    assert "square brackets make a YAML list ([City])" in got


def test_placeholder_in_a_date_key(tmp_path):
    path, text = variant(tmp_path, ("    1999-11-23: 1.8750\n", "    TBD: 1.8750\n"))
    lines = problems(path)
    assert f"{path}:{line_of(text, 'TBD: 1.8750')}:5: market_price.closing_prices.TBD: is a placeholder ('TBD') " \
           "where a key belongs (write the trading day as YYYY-MM-DD)" in lines


@pytest.mark.parametrize("typed, wrong, hint", [
    ("11/24/1999", "is a date written in US order (month first)", "write dates as YYYY-MM-DD: 1999-11-24"),
    ("03/04/1999", "is a date written month and day in either order",
     "write dates as YYYY-MM-DD: 1999-03-04 if written month first (US order), 1999-04-03 if day first"),
    ("24.11.1999", "is a date written day first", "write dates as YYYY-MM-DD: 1999-11-24"),
    ("Nov 24 1999", "is a date written in words", "write dates as YYYY-MM-DD: 1999-11-24"),
    ("November 24, 1999", "is a date written in words", "write dates as YYYY-MM-DD: 1999-11-24"),
    ("1999/11/24", "is a date written with slashes or dots", "write dates as YYYY-MM-DD: 1999-11-24"),
    ("1999-02-30", "is not a date: day value is outside expected range", "write dates as YYYY-MM-DD, e.g. 1999-11-24"),
])
def test_dates_in_us_order_get_the_iso_date_as_a_hint(tmp_path, capsys, typed, wrong, hint):
    """Our message first (what is wrong, what was typed), then the fix; never the parser's "Input should be"."""
    path, text = variant(tmp_path, ("agreement_date: 1999-11-24\n", f"agreement_date: {typed}\n"))
    [got] = problems(path)
    assert got == f"{path}:{line_of(text, typed)}:17: agreement_date: {wrong} (got {typed!r}) ({hint})"
    assert main(["validate", str(path)]) == 2  # `assemble validate` says the same, and nothing of the parser's
    printed = "".join(capsys.readouterr())
    assert f"agreement_date: {wrong} (got {typed!r})" in printed and "Input should be" not in printed


def test_indentation_error_names_the_line_and_the_columns_that_fit(tmp_path):
    path, text = variant(tmp_path, ("    city: Wilmington\n", "     city: Wilmington\n"))
    [got] = problems(path)
    line = line_of(text, "     city: Wilmington")
    assert got.startswith(f"{path}:{line}:")
    assert got.endswith(f"(line {line} is indented 5 spaces, deeper than the line above it, which opens no block: "
                        "line it up with the key above it (4 spaces))")


def test_a_key_pulled_out_of_its_block_is_named(tmp_path):
    path, text = variant(tmp_path, ("    city: Wilmington\n", "   city: Wilmington\n"))
    [got] = problems(path)
    line = line_of(text, "   city: Wilmington")
    assert f"(line {line} is indented 3 spaces, which lines up with no key above it: use 0 or 2 or 4)" in got


def test_a_tab_is_named(tmp_path):
    path, text = variant(tmp_path, ("    city: Wilmington\n", "\tcity: Wilmington\n"))
    [got] = problems(path)
    assert got.endswith(f"(line {line_of(text, 'city: Wilmington')} is indented with a tab; YAML indents with "
                        "spaces only)")


@pytest.mark.parametrize("document", ["purchase_agreement", "registration_rights"])
@pytest.mark.parametrize("field", ["arbitration_seat", "arbitrators", "decision_days"])
def test_the_arbitration_the_templates_state_is_required(tmp_path, capsys, document, field):
    """The Purchase Agreement's and the RRA's dispute clauses state the seat, the board's size and its time to decide:
    a term sheet without one is refused at its section's line (exit 2), by validate and by the JSON Schema alike,
    and the skeleton asks for it."""
    import jsonschema
    import yaml

    text = FOCUS.read_text(encoding="utf-8")
    start = text.index(f"\n  {document}:\n", text.index("\ngoverning_law:")) + 1
    line = next(l for l in text[start:].splitlines(keepends=True) if l.startswith(f"    {field}:"))
    path, changed = variant(tmp_path, (text[start:start + text[start:].index(line) + len(line)],
                                       text[start:start + text[start:].index(line)]))
    assert main(["validate", str(path)]) == 2
    printed = "".join(capsys.readouterr())
    mapping = text[:start].count("\n") + 2  # a missing key points at the mapping that should hold it
    assert f"{path}:{mapping}:5: " in printed and \
        f"governing_law.{document}.{field}: missing required field '{field}'" in printed
    validator = jsonschema.Draft202012Validator(term_sheet_schema())
    assert [e.message for e in validator.iter_errors(_as_json(yaml.safe_load(changed)))] == \
        [f"'{field}' is a required property"]
    assert re.search(rf"(?m)^  {document}:.*\n(    .*\n)*?    {field}: TBD  #", skeleton("acme"))


def test_the_skeleton_asks_for_the_closing_price_damages_by_market_value_need(tmp_path):
    """example_closing_price is optional in the model but a deal fact when damages are measured by market value: the
    skeleton writes it as TBD, saying when to delete it; left TBD it is refused at its line either way, and the
    deal is complete once it is filled (market value) or deleted (purchase price)."""
    text = skeleton("acme")
    line = next(l for l in text.splitlines() if l.strip().startswith("example_closing_price:"))
    assert line.startswith("    example_closing_price: TBD  # number; ") and \
        line.endswith("; only when base is market_value_at_closing; otherwise delete the line")
    focus = load(FOCUS).source.data
    base = focus["registration_rights"]["liquidated_damages"]
    assert base["base"] == "market_value_at_closing"
    ops = [{"op": "set", "path": path_of(p.path), "value": str(_get(focus, path_of(p.path)))}
           for p in load_text_problems(text) if "placeholder" in p.message and p.path != EXAMPLE
           and not p.path.startswith("market_price") and _has(focus, path_of(p.path))]
    ops.append({"op": "set", "path": ["edition"], "value": focus["edition"]})
    filled = apply(text, ops, term_sheet_schema())
    [left] = [p for p in load_text_problems(filled) if p.path == EXAMPLE]
    assert left.line == filled.splitlines().index(line) + 1
    assert left.hint == "fill in the deal's value only when base is market_value_at_closing; otherwise delete the line"
    priced = load_text(apply(filled, [{"op": "set", "path": path_of(EXAMPLE), "value": "1.8750"}], term_sheet_schema()),
                       "acme.yaml")
    assert str(priced.term_sheet.registration_rights.liquidated_damages.example_closing_price) == "1.8750"
    by_price = apply(filled, [{"op": "set", "path": path_of(EXAMPLE[:-len("example_closing_price")] + "base"),
                               "value": "purchase_price"}, {"op": "remove", "path": path_of(EXAMPLE)}],
                     term_sheet_schema())
    assert load_text(by_price, "acme.yaml").term_sheet.registration_rights.liquidated_damages.example_closing_price \
        is None
    # market value without the price: refused at the damages (the check that needs it), not silently guessed
    missing = apply(filled, [{"op": "remove", "path": path_of(EXAMPLE)}], term_sheet_schema())
    assert any(p.path == EXAMPLE.rpartition(".")[0] and "example_closing_price" in p.hint
               for p in load_text_problems(missing))


EXAMPLE = "registration_rights.liquidated_damages.example_closing_price"


def _has(data, path):
    try:
        _get(data, path)
    except (KeyError, IndexError, TypeError):
        return False
    return True
