"""Every figure of the audit trail has a name a paralegal knows (figures/labels.py), on the figures pane and on the
changes page: never a figures.json key."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from assembler.diff.versions import flatten_figures
from assembler.figures.audit import figures_document, to_jsonable
from assembler.figures.labels import figure_label, figure_value
from assembler.figures.load import load

ROOT = Path(__file__).resolve().parents[2]
DEALS = sorted((ROOT / "term_sheets").glob("*.yaml")) + sorted((ROOT / "tests" / "deals").glob("*.yaml"))


@pytest.mark.parametrize("path", DEALS, ids=lambda p: p.stem)
def test_every_figure_of_figures_json_has_a_name_without_its_key(path):
    try:
        loaded = load(path)
    except Exception:  # a fixture that is meant to be refused
        pytest.skip("not a valid term sheet")
    document = json.loads(json.dumps(to_jsonable(figures_document(loaded.term_sheet, loaded.figures))))
    names = {key: figure_label(key, document) for key in flatten_figures(document)}
    raw = {key: name for key, name in names.items() if "_" in name or "[" in name or name == key}
    assert raw == {}
    for i, investor in enumerate(loaded.term_sheet.investors):
        assert names[f"investors[{i}].shares"] == f"Shares: {investor.name}"


def test_values_are_written_as_the_figures_pane_writes_them():
    assert figure_value("capitalization", "2.50") == "2.50%"
    assert figure_value("investors[0].shares", "871500") == "871,500"
    assert figure_value("investors[0].purchase_price", "1394400.00") == "$1,394,400.00"
    assert figure_value("market_price", "1.9125") == "$1.9125"
    assert figure_value("dates.filing_deadline", "1999-12-31") == "1999-12-31"
    assert figure_value("capitalization", None) is None
