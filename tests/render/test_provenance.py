"""The renderer records which figure each printed figure is (document/provenance.py): the filters carry the name of
the figure a template read, the tree keeps it on the run (`Run.figure`), and not a character of the text changes."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assembler.document.assemble import render_set
from assembler.document.dirs import DEFAULT_DIR, template_dirs
from assembler.document.provenance import CLOSE, OPEN, SEP
from assembler.document.blocks import block_runs, document_text
from assembler.errors import TemplateError
from assembler.figures.load import load

DEALS = Path(__file__).resolve().parents[1] / "deals"


@pytest.fixture(scope="module")
def units():
    loaded = load(DEALS / "units_two_series_agent.yaml")
    return loaded, {d.key: d for d in render_set(loaded.term_sheet, loaded.figures)}


def printed(document) -> dict[str, set[str]]:
    """{text of a run: the figure names it was printed from}."""
    out: dict[str, set[str]] = {}
    for block in document.blocks:
        for line in block_runs(block):
            for run in line:
                if run.figure:
                    out.setdefault(run.text, set()).add(run.figure)
    return out


def test_each_printed_figure_names_the_figure_it_is(units):
    _, docs = units
    b1 = printed(docs["warrant#B-1"])
    assert b1["$4.68"] == {"series/B/exercise_price"}
    assert b1["520,833"] == {"certificate/B-1/warrant_shares"}  # "To Purchase 520,833 Shares"
    assert b1["five hundred twenty thousand eight hundred thirty-three (520,833)"] == {"certificate/B-1/warrant_shares"}
    assert b1["September 9, 2026"] == {"series/B/initial_exercise"}
    pa = printed(docs["purchase_agreement"])
    assert pa["$6.00"] == {"series/PA/exercise_price"} and pa["$3.60"] == {"deal/purchase_price"}
    assert pa["March 10, 2026"] == {"term_sheet/agreement_date"}
    investor = "investor/Oakmont Life Sciences Master Fund, L.P."
    assert printed(docs["schedule_of_investors"])["2,083,333"] == {f"{investor}/shares", "totals/shares"}


def test_the_names_leave_no_mark_in_the_text(units):
    _, docs = units
    text = "".join(document_text(d.blocks) for d in docs.values())
    assert not {OPEN, SEP, CLOSE} & set(text) and "<fig" not in text and "series/" not in text


def test_words_computed_in_a_template_and_names_carry_no_figure(units):
    _, docs = units
    runs = [r for b in docs["warrant#B-1"].blocks for line in block_runs(b) for r in line]
    assert not any(r.figure for r in runs if "Oakmont" in r.text or "130%" in r.text)


def firm(tmp_path: Path, old: str, new: str) -> list[Path]:
    shutil.copytree(DEFAULT_DIR / "warrant", tmp_path / "firm" / "warrant")
    path = tmp_path / "firm" / "warrant" / "document.xml.j2"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return template_dirs([tmp_path / "firm"])


def test_a_figure_inside_an_attribute_keeps_its_text_and_no_mark(tmp_path, units):
    loaded, _ = units
    dirs = firm(tmp_path, "</document>", '{% if not form %}<section title="Purchase of '  # not in the form of warrant
                                         '{{ warrant.warrant_shares | shares }} Shares"><p>Text.</p></section>'
                                         "{% endif %}</document>")
    docs = {d.key: d for d in render_set(loaded.term_sheet, loaded.figures, dirs)}
    text = document_text(docs["warrant#B-1"].blocks)
    assert "Purchase of 520,833 Shares." in text and not {OPEN, SEP, CLOSE} & set(text)


def test_a_figure_mark_written_by_hand_is_refused_at_its_line(tmp_path, units):
    loaded, _ = units
    dirs = firm(tmp_path, "</document>", '<p><fig of="deal/purchase_price">$1.00</fig></p>\n</document>')
    with pytest.raises(TemplateError, match=r"warrant/document\.xml\.j2:\d+: <fig> is written by the figure filters"):
        render_set(loaded.term_sheet, loaded.figures, dirs)


def test_one_mark_names_the_figure_and_flags_a_deal_fact(units):
    """The variance report's rendering marks deal facts with the same mark: flagged as a fact, with the figure's name
    when the text is a figure; the tree keeps a fact's mark in its text, and a figure's mark becomes its run's name."""
    from assembler.document.provenance import FACT, FACT_MARK, mark, to_elements, unmark_facts

    loaded, plain = units
    marked = {d.key: d for d in render_set(loaded.term_sheet, loaded.figures, mark_facts=True)}
    text = document_text(marked["purchase_agreement"].blocks)
    heads = {m.group(0).split(SEP)[0][2:] for m in FACT_MARK.finditer(text)}
    assert {"deal/purchase_price", "term_sheet/agreement_date", ""} <= heads  # "": a name, an address
    assert unmark_facts(text) == document_text(plain["purchase_agreement"].blocks)
    assert not any(r.figure for b in marked["purchase_agreement"].blocks for line in block_runs(b) for r in line)
    xml = f'<p a="{mark("x", "deal/n")}{mark("y", fact=True)}">{mark("$1", "deal/n")} {mark("Acme", fact=True)}</p>'
    assert to_elements(xml) == f'<p a="x{OPEN}{FACT}{SEP}y{CLOSE}"><fig of="deal/n">$1</fig> {OPEN}{FACT}{SEP}Acme{CLOSE}</p>'


def test_the_companys_name_is_named_inside_the_run_around_it(units):
    """A named text is kept on the run that prints it with the words around it (`Run.named`): naming it changes no run
    a writer draws, so the DOCX and PDF are what they were; the checks still find it (checks/documents.py)."""
    from assembler.checks.documents import tree_doc

    loaded, docs = units
    name = loaded.term_sheet.company.name
    runs = [r for b in docs["board_consent"].blocks for line in block_runs(b) for r in line]
    inside = [r for r in runs if ("company/name", name) in r.named]
    assert inside and all(r.figure is None for r in inside) and any(len(r.text) > len(name) for r in inside)
    assert not any(r.text == name for r in runs if r.figure is None and not r.named)
    units_of = tree_doc(docs["board_consent"]).tree.units
    spans = [(s, e) for u in units_of for s, e, n in u.figures if n == "company/name"]
    assert spans and all(e - s == len(name) for s, e in spans)
