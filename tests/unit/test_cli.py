"""The `assemble` command line: exit 0 with a summary, JSON audit trail, exit 2 with located lines and no traceback."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal

import pytest

from assembler.cli import main
from assembler.errors import TermSheetInvalid
from assembler.figures.load import load

from conftest import FOCUS, NORTHWIND, ROOT, line_of, other_than_deadlines, variant

LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): ")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assembler.cli", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_validate_ok_subprocess():
    r = run("validate", str(FOCUS))
    assert r.returncode == 0, r.stderr
    assert "FOCUS Enhancements, Inc." in r.stdout and "valid" in r.stdout
    assert "1,250,000" in r.stdout and "$2,000,000.00" in r.stdout
    # the two registration deadlines on holidays, the option cap, the two open items of the drafts and the broker's
    # fee (conftest)
    assert len(r.stderr.splitlines()) == 6 and other_than_deadlines(r.stderr.splitlines()) == []


@pytest.mark.parametrize("path, company", [(FOCUS, "FOCUS Enhancements, Inc."),
                                           (NORTHWIND, "Northwind Biosciences, Inc.")])
def test_validate_ok(capsys, path, company):
    assert main(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert company in out
    assert other_than_deadlines(err.splitlines()) == []


def _walk(value):
    yield value
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)


def test_figures_json(capsys):
    assert main(["figures", str(FOCUS), "--json"]) == 0
    out, _ = capsys.readouterr()
    doc = json.loads(out)
    mp = doc["figures"]["market_price"]
    assert {"value", "rule", "inputs"} <= set(mp)
    assert mp["value"] == "1.9125" and isinstance(mp["value"], str)
    assert "four decimal places" in mp["rule"]
    assert mp["inputs"]["prices"]["1999-11-26"] == "2.0000"
    assert "1999-11-25" not in mp["inputs"]["prices"]
    assert doc["figures"]["exercise_price"]["value"] == "2.10"
    assert doc["totals"]["purchase_price"] == "2000000.00"
    assert doc["totals"]["shares"] == 1_250_000
    assert doc["dates"]["filing_deadline"] == "1999-12-31"  # as the agreement counts it: it has no business-day clause
    assert doc["dates"]["act_by"]["filing_deadline"] == "1999-12-30"
    assert [i["shares"] for i in doc["investors"]] == [871_500, 3_500, 375_000]
    assert Decimal(doc["investors"][0]["purchase_price"]) == Decimal("1394400.00")
    # no Decimal went through float
    assert not any(isinstance(v, float) for v in _walk(doc))


def test_figures_json_cashless_at(capsys):
    assert main(["figures", str(FOCUS), "--json", "--cashless-at", "3.00"]) == 0
    doc = json.loads(capsys.readouterr().out)
    holders = doc["cashless_exercise_example"]["holders"]
    assert holders[0]["A"] == "3.00" and holders[0]["B"] == "2.10"
    assert holders[0]["warrant_shares"] == 26_145  # floor(0.90 x 87,150 / 3.00)


def test_figures_tables(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")  # no wrapping inside table cells
    assert main(["figures", str(NORTHWIND)]) == 0
    out, _ = capsys.readouterr()
    assert "788,643" in out and "$2,499,998.31" in out


def test_bad_file_exit_2_located_subprocess(tmp_path):
    path, text = variant(tmp_path, ("agreement_date: 1999-11-24\n", "agreement_date: 1999-12-02\n"),
                         ("  aggregate_amount: 2000000.00\n", "  aggregate_amount: 1999999.00\n"))
    r = run("validate", str(path))
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout
    *lines, note = r.stderr.splitlines()
    assert len(lines) == 2  # the errors only: FOCUS's warnings are held back until they are fixed
    assert not [line for line in lines if ": warning: " in line]
    with pytest.raises(TermSheetInvalid) as info:
        load(path)
    held = len(info.value.warnings)
    assert held >= 4  # FOCUS's deadlines, option cap, and its open items (damages measure, Disclosure Schedule)
    assert note == f"{path}: {held} warnings are not shown until the errors are fixed"
    found = [LOCATED.match(line) for line in lines]
    assert all(found), lines
    assert [m["file"] for m in found] == [str(path)] * 2
    assert [int(m["line"]) for m in found] == [line_of(text, "closing_date:"), line_of(text, "aggregate_amount:")]


@pytest.mark.parametrize("command", [["validate"], ["figures"], ["figures", "--json"]])
def test_missing_file_exit_2(capsys, tmp_path, command):
    path = tmp_path / "missing.yaml"
    argv = [command[0], str(path), *command[1:]]
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert err.strip() == f"{path}:1:1: file not found (check the path)"
    assert out == ""


def test_malformed_yaml_subprocess_no_traceback(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("deal:\n  id: x\n   title: y\n", encoding="utf-8")
    r = run("figures", str(path), "--json")
    assert r.returncode == 2 and r.stdout == ""
    assert "Traceback" not in r.stderr
    [line] = r.stderr.splitlines()
    assert LOCATED.match(line) and line.startswith(f"{path}:3:") and "malformed YAML" in line


def test_warning_goes_to_stderr_with_exit_0(capsys, tmp_path):
    path, text = variant(tmp_path, ("  outstanding_common: 21012701\n", "  outstanding_common: 5000000\n"),
                         ("shareholder_approval_obtained: false\n", "shareholder_approval_obtained: true\n"))
    assert main(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "valid" in out
    [warning] = other_than_deadlines(err.splitlines())
    assert warning.startswith(f"{path}:{line_of(text, 'outstanding_common:')}:")
    assert "warning: " in warning


def test_a_warning_is_shown_once_the_errors_are_fixed(capsys, tmp_path):
    """An input error report holds FOCUS's warnings back (it counts them); the same term sheet, fixed, shows them:
    the open items of the first drafts among them, each at the field that closes it."""
    path, text = variant(tmp_path, ("  aggregate_amount: 2000000.00\n", "  aggregate_amount: 1999999.00\n"))
    assert main(["validate", str(path)]) == 2
    _, err = capsys.readouterr()
    assert "disclosure_schedule.confirmed: warning:" not in err and "warnings are not shown until the error is fixed" in err
    assert main(["validate", str(FOCUS)]) == 0
    _, err = capsys.readouterr()
    focus = FOCUS.read_text(encoding="utf-8")
    assert (f"{FOCUS}:{line_of(focus, '  confirmed: false')}:14: disclosure_schedule.confirmed: warning: the Company "
            "has not confirmed the Disclosure Schedule") in err
    assert f"{FOCUS}:{line_of(focus, 'base: market_value_at_closing')}:11: registration_rights.liquidated_damages.base: " \
           "warning: the draft measures liquidated damages by the market value" in err
