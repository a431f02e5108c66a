"""The corpus of issue 11 (tests/fixtures/hostile/): malformed term sheets and hostile template folders. Each must end
in one located error (FILE:LINE of the term sheet or template), exit 2, no traceback, nothing written and the earlier
set intact, in under 2 s and 200 MB. A case states where its error must point in its first line
(`# expect: LINE: words` in a term sheet, `{# expect: FILE:LINE: words #}` in a template).

ASSEMBLER_HOSTILE_CORPUS=DIR runs the same checks on another corpus of the same layout (DIR/term_sheets/*.yaml,
DIR/templates/<case>/); cases without an `expect` line get every check but the exact place."""
from __future__ import annotations

import os
import re
import resource
import time
from pathlib import Path

import pytest

from assembler.cli import main

from conftest import FIXTURES, FOCUS

CORPORA = [FIXTURES / "hostile"] + [Path(p) for p in os.environ.get("ASSEMBLER_HOSTILE_CORPUS", "").split(os.pathsep) if p]
SHEETS = sorted(p for c in CORPORA for p in (c / "term_sheets").glob("*") if p.is_file())
TEMPLATES = sorted(p for c in CORPORA for p in (c / "templates").glob("*") if p.is_dir())
LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+)(?::(?P<col>\d+))?: ")


def expectation(path: Path) -> tuple[str, str] | None:
    for candidate in [path] if path.is_file() else sorted(path.glob("*/document.xml.j2")):
        head = candidate.read_bytes()[:300].decode("utf-8", "replace")
        found = re.search(r"expect: (\S+?): (.+?)(?: #}|\n)", head)
        if found:
            return found.group(1), found.group(2)
    return None


def earlier_set(out: Path) -> dict[str, bytes]:
    """An earlier closing set of the example deal, and the snapshot of everything under `out`."""
    folder = out / "focus_1999"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_bytes(b'{"deal": "focus_1999"}\n')
    (folder / "01_purchase_agreement.pdf").write_bytes(b"%PDF-1.7 earlier")
    return snapshot(out)


def snapshot(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): (p.read_bytes() if p.is_file() else b"") for p in sorted(out.rglob("*"))}


def run(capsys, args: list[str]) -> tuple[int, list[str], float, int]:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.process_time()  # CPU time: other processes on a busy machine do not count
    code = main(args)  # an exception other than AssemblerError would fail the test here: a traceback
    elapsed = time.process_time() - start
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, [line for line in err.splitlines() if line.strip()], elapsed, grown


def check(code, lines, elapsed, grown, out: Path, before: dict, case: Path) -> re.Match:
    assert code == 2, lines
    assert lines, "no message"
    located = LOCATED.match(lines[0])
    assert located, lines[0]
    assert Path(located["file"]).is_file() and int(located["line"]) >= 1, lines[0]
    assert snapshot(out) == before  # nothing written, the earlier set intact
    assert elapsed < 2.0, f"{case.name}: {elapsed:.2f} s of CPU"
    assert grown < 200_000, f"{case.name}: {grown} KB"  # ru_maxrss is in KB on Linux
    return located


@pytest.mark.parametrize("sheet", SHEETS, ids=[p.name for p in SHEETS])
def test_malformed_term_sheet(capsys, tmp_path, sheet):
    out = tmp_path / "out"
    before = earlier_set(out)
    for command in (["validate", str(sheet)], ["build", str(sheet), "--output", str(out), "--force"]):
        result = run(capsys, command)
        located = check(*result, out, before, sheet)
        assert located["file"] == str(sheet)
        assert len(result[1]) == 1, result[1]  # one error, not a flood
        expected = expectation(sheet)
        if expected:
            line, words = expected
            assert located["line"] == line and words in result[1][0], result[1][0]


@pytest.mark.parametrize("case", TEMPLATES, ids=[p.name for p in TEMPLATES])
def test_hostile_template_folder(capsys, tmp_path, case):
    out = tmp_path / "out"
    before = earlier_set(out)
    result = run(capsys, ["build", str(FOCUS), "--templates", str(case), "--output", str(out), "--force"])
    located = check(*result, out, before, case)
    assert Path(located["file"]).resolve().is_relative_to(case.resolve())  # the template's own file
    expected = expectation(case)
    if expected:
        where, words = expected
        file, _, line = where.rpartition(":")
        assert Path(located["file"]).resolve() == (case / file).resolve() and located["line"] == line, result[1][0]
        assert words in result[1][0], result[1][0]
    assert "root:x:0:0" not in "\n".join(result[1])  # no file outside the folders was read into a message


def test_the_corpus_is_there():
    assert len(SHEETS) >= 30 and len(TEMPLATES) >= 25
