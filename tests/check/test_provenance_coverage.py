"""Inside a build, every figure the checks compare is identified by the tree (document/provenance.py): the renderer
recorded which figure of the deal it printed, so inconsistent-figure knows that "$4.68" in the Series B Warrant is
Series B's Exercise Price, not a number that happens to match. A template that prints a figure the filters cannot
name (typed by hand, computed, or joined into a string with `~`) leaves it to the text alone: this test fails.

Run as a script (`.venv/bin/python tests/check/test_provenance_coverage.py`), it prints the coverage per deal,
statement kind and document."""
from __future__ import annotations

import collections
import shutil
import sys
from pathlib import Path

import pytest

from assembler.checks.run import Compared, compared_figures
from assembler.document.assemble import render_set
from assembler.document.dirs import DEFAULT_DIR, template_dirs
from assembler.figures.load import load

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted((ROOT / "tests" / "deals").glob("*.yaml")) + sorted((ROOT / "term_sheets").glob("*.yaml"))


def coverage(path: Path, dirs=None) -> list[Compared]:
    """Each figure a build of `path` compares, with the printed figure's name (or None)."""
    loaded = load(path)
    return compared_figures(render_set(loaded.term_sheet, loaded.figures, dirs), loaded.term_sheet, loaded.figures)


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_every_figure_a_build_compares_carries_its_provenance(path):
    found = coverage(path)
    assert len(found) >= 20  # the check compares something: the Purchase Agreement's date, the Company's name...
    assert {f.kind for f in found} >= {"Purchase Agreement date", "Company name", "total Shares"}
    assert [f for f in found if f.figure is None] == []


def test_a_figure_printed_without_the_filter_that_names_it_is_found(tmp_path):
    """Computed in the template (`+ 0` gives a plain number) or joined with `~`, a figure carries no name."""
    folder = tmp_path / "firm" / "officers_certificate"
    shutil.copytree(DEFAULT_DIR / "officers_certificate", folder)
    path = folder / "document.xml.j2"
    text = path.read_text(encoding="utf-8")
    old = "to purchase {{ fig.totals.warrant_shares | shares }} Warrant Shares"
    assert old in text
    path.write_text(text.replace(old, "to purchase {{ (fig.totals.warrant_shares + 0) | shares }} Warrant Shares")
                    .replace("of {{ ts.company.name }}, a", 'of {{ "" ~ ts.company.name }}, a'), encoding="utf-8")
    found = coverage(ROOT / "term_sheets" / "northwind_2026.yaml", template_dirs([tmp_path / "firm"]))
    unnamed = {(f.document, f.kind) for f in found if f.figure is None}
    assert unnamed == {("officers_certificate", "Warrant Shares"), ("officers_certificate", "Company name")}


if __name__ == "__main__":  # the measurement: named / compared, per deal, kind and document
    kinds, documents, total = collections.Counter(), collections.Counter(), collections.Counter()
    for deal in CORPUS:
        rows = coverage(deal)
        named = sum(1 for r in rows if r.figure)
        print(f"{deal.stem:32} {named:5} / {len(rows):5}")
        for r in rows:
            kinds[r.kind, bool(r.figure)] += 1
            documents[r.document.split("#")[0], bool(r.figure)] += 1
            total[bool(r.figure)] += 1
    print(f"{'all':32} {total[True]:5} / {total[True] + total[False]:5}")
    for counter in (kinds, documents):
        for key in sorted({k for k, _ in counter}):
            print(f"  {key:34} named {counter[key, True]:5}  text only {counter[key, False]:5}")
    sys.exit(0)
