"""Fuzzing (issue 11): the example term sheets, mutated (keys deleted, types swapped, numbers and dates perturbed, huge
and tiny values, unicode), through validation and figures. The only exception allowed out is the project's own
TermSheetInvalid, and each of its problems is located in the file. 1,000 examples here;
`python benchmarks/fuzz.py` runs 20,000 (ASSEMBLER_FUZZ_EXAMPLES sets the number)."""
from __future__ import annotations

import copy
import datetime as dt
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from assembler.errors import TermSheetInvalid
from assembler.termsheet.source import Source, load_source
from assembler.figures.load import from_source as validate, load

from conftest import FOCUS, NORTHWIND

EXAMPLES = int(os.environ.get("ASSEMBLER_FUZZ_EXAMPLES", "1000"))
SOURCES = [load_source(FOCUS), load_source(NORTHWIND)]

NUMBERS = ["0", "-1", "0.00", "0.001", "0.0000001", "1e-30", "1e28", "1e299", "9" * 60, "1" + "0" * 4400, "NaN",
           "-Infinity", "Infinity", "-0", "1_000", "$-5.00", "1,2,3", "0x10", "1e999999999", "2147483648",
           "100000000000.00", "100000000000.01", "1000000", "1000000.000001", "0.01", "0.005", "1/3", "", " "]
DATES = ["0001-01-01", "9999-12-31", "1899-12-31", "2100-01-01", "2024-02-30", "1999-13-01", "99-1-1", "today",
         "1999-11-25", "2000-01-01T10:00:00", "1999-12-01 ", "+1999-12-01"]
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300)
HOSTILE_TEXT = st.sampled_from(["\u202eevil", "\x1b[2J", "   ", "", "\x00", "a\nb", "\ufeffx", "R" * 201, "R" * 5000,
                                "{{ 7*7 }}", "<b>x</b>", "&amp;", "]]>", "\\", "%s%s", ":100:", "[bold]x"])


def paths(data, loc=()):
    """Every path into the data, containers included."""
    yield loc
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, loc + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from paths(value, loc + (i,))


def get(data, loc):
    for part in loc:
        data = data[part]
    return data


def put(data, loc, value):
    get(data, loc[:-1])[loc[-1]] = value


def perturb(value, kind: str, payload):
    if kind == "number":
        return payload
    if kind == "scale" and isinstance(value, str):
        try:
            from decimal import Decimal

            return str(Decimal(value.replace(",", "").lstrip("$")) * Decimal(payload))
        except Exception:  # noqa: BLE001 - not a number: keep the text
            return value + str(payload)
    if kind == "date":
        if isinstance(payload, int):
            try:
                return (dt.date.fromisoformat(str(value)) + dt.timedelta(days=payload)).isoformat()
            except (ValueError, OverflowError):
                return str(value)
        return payload
    return copy.deepcopy(payload)  # text, structure (a fresh copy: never the same object twice)


MUTATION = st.one_of(
    st.tuples(st.just("delete"), st.none()),
    st.tuples(st.just("number"), st.sampled_from(NUMBERS) | st.integers(-10**30, 10**30).map(str)
              | st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str)
              | st.decimals(allow_nan=False, allow_infinity=False).map(str)),
    st.tuples(st.just("scale"), st.sampled_from(["0", "-1", "0.001", "1000", "1e20", "1.0000001", "3"])),
    st.tuples(st.just("date"), st.sampled_from(DATES) | st.integers(-800_000, 800_000)),
    st.tuples(st.just("text"), TEXT | HOSTILE_TEXT),
    st.tuples(st.just("structure"), st.sampled_from([None, [], {}, [None], {"x": "1"}, "true", ["a", "b"],
                                                     {"fixed": "1.60", "percent_of_market_price": "110"}])),
    st.tuples(st.just("duplicate"), st.none()),
)


def mutate(data, steps) -> dict:
    data = copy.deepcopy(data)
    for index, (kind, payload) in steps:
        locs = list(paths(data))[1:]
        if not locs:
            break
        loc = locs[index % len(locs)]
        parent = get(data, loc[:-1])
        if kind == "delete":
            del parent[loc[-1]]
        elif kind == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[loc[-1]]))
        elif kind == "duplicate":
            parent[f"{loc[-1]}_copy"] = copy.deepcopy(parent[loc[-1]])
        else:
            put(data, loc, perturb(get(data, loc), kind, payload))
    return data


def check_one(source: Source, data) -> None:
    """validate() either succeeds or raises TermSheetInvalid with located problems; nothing else may escape."""
    mutated = Source(source.file, data, source.positions, source.key_positions)
    try:
        loaded = validate(mutated)
    except TermSheetInvalid as exc:
        assert exc.problems and all(p.file == source.file and p.line >= 1 and p.column >= 1 for p in exc.problems)
        assert all(p.message for p in exc.problems)
        return
    fig = loaded.figures
    assert fig.totals.shares > 0 and fig.purchase_price > 0
    assert all(series.exercise_price > 0 for series in fig.series)  # a deal may have no warrants at all


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(which=st.integers(0, 1), steps=st.lists(st.tuples(st.integers(0, 10_000), MUTATION), min_size=1, max_size=4))
def test_mutated_term_sheets_fail_only_with_located_errors(which, steps):
    source = SOURCES[which]
    check_one(source, mutate(source.data, steps))


LINES = [FOCUS.read_text(encoding="utf-8").splitlines(keepends=True),
         NORTHWIND.read_text(encoding="utf-8").splitlines(keepends=True)]


@settings(max_examples=max(EXAMPLES // 20, 20), deadline=None, suppress_health_check=list(HealthCheck))
@given(which=st.integers(0, 1), edits=st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(
    ["drop", "indent", "dedent", "dup", "flip", "anchor", "tab", "bom", "nul"])), min_size=1, max_size=3))
def test_mutated_yaml_text_fails_only_with_located_errors(tmp_path_factory, which, edits):
    lines = list(LINES[which])
    for index, kind in edits:
        i = index % len(lines)
        line = lines[i]
        lines[i] = {"drop": "", "indent": "  " + line, "dedent": line[2:], "dup": line + line,
                    "flip": line[::-1].lstrip("\n") + "\n", "anchor": line.replace(": ", ": &a ", 1) + "x: *a\n",
                    "tab": "\t" + line, "bom": "\ufeff" + line, "nul": line.replace(":", "\x00", 1)}[kind]
    path = Path(tmp_path_factory.mktemp("fuzz")) / "ts.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    try:
        load(path)
    except TermSheetInvalid as exc:
        assert all(p.file == str(path) and p.line >= 1 for p in exc.problems)
