"""Entity signature blocks in tiers (REVIEW.md: "By: Fund GP LLC, its general partner / By: ____ Name: Title:"): the
term sheet gives the chain (`signatory.through`, outermost first) and every signature block of every document prints
it, one tier a line, each indented under the one above; the one-line `capacity` of earlier term sheets is refused at
its line with the way to rewrite it. Read from the rendered DOCX and PDF text, and from every signature block of the
set."""
from __future__ import annotations

import io
import re

import pytest
from docx import Document as open_docx

from assembler.checks.extract import docx_lines, pdf_pages
from assembler.cli import main
from assembler.document.assemble import render_set
from assembler.figures.load import load
from conftest import FOCUS, NORTHWIND, focus_text, line_of, variant

ALTAR = ["ALTAR ROCK FUND L.P.", "By: Tudor Investment Corporation, its general partner", "By:",
         "Name: William T. Flaherty", "Title: Vice President"]
RAPTOR = ["RAPTOR GLOBAL PORTFOLIO LTD.", "By: Tudor Investment Corporation, as investment adviser", "By:",
          "Name: William T. Flaherty", "Title: Vice President"]


def _words(text: str) -> str:
    return " ".join(text.replace("_", " ").split())


def _in_order(text: str, lines: list[str]) -> bool:
    """The lines appear in the text in this order (a long line may wrap in the PDF)."""
    pattern = r"\s*".join(r"\s+".join(re.escape(w) for w in line.split()) + r"[\s_]*" for line in lines)
    return re.search(pattern, _words(text)) is not None


@pytest.mark.parametrize("stem", ["purchase_agreement", "registration_rights"])
def test_the_tudor_funds_sign_through_tudor_in_two_tiers_in_the_pdf_and_the_docx(built_sets, stem):
    (pdf,) = built_sets["focus_1999"].glob(f"*_{stem}.pdf")
    (docx,) = built_sets["focus_1999"].glob(f"*_{stem}.docx")
    pdf_text, docx_text = "\n".join(pdf_pages(pdf.read_bytes())), "\n".join(docx_lines(docx.read_bytes()))
    for text in (pdf_text, docx_text):
        assert _in_order(text, ALTAR) and _in_order(text, RAPTOR)
        assert "As General Partner" not in text and "as General Partner" not in text
        assert "Vice President, Tudor Investment Corporation" not in text
    # each tier under the one above: the person's lines are in the indented styles, the entity's line is not
    paragraphs = [(p.text, p.style.name) for p in open_docx(io.BytesIO(docx.read_bytes())).paragraphs]
    styles = dict(paragraphs)
    assert styles["By: Tudor Investment Corporation, its general partner"] == "Signature"
    assert styles["Name: William T. Flaherty"] == "Signature 1"
    assert styles["Title: Vice President"] == "Signature 1"
    assert styles["Name: Hans Gassner"] == "Signature"  # Roseworth signs itself: one tier
    signature_lines = {name for text, name in paragraphs if text.startswith("By:") and "Tudor" not in text}
    assert signature_lines == {"Signature Line 1", "Signature Line"}


def test_the_2026_fund_signs_through_its_general_partner(built_sets):
    (pdf,) = built_sets["northwind_2026"].glob("*_purchase_agreement.pdf")
    text = "\n".join(pdf_pages(pdf.read_bytes()))
    assert _in_order(text, ["LAKESHORE HEALTHCARE OPPORTUNITIES FUND, L.P.",
                            "By: Lakeshore Capital GP LLC, its general partner", "By:", "Name: Zoë Brontë-Núñez",
                            "Title: Managing Member"])


def test_every_signature_block_of_every_document_prints_the_chain(tmp_path):
    """Investors and the Company alike: a chain the term sheet gives is in every block its party signs."""
    path, _ = variant(tmp_path, ("  signatory:\n    name: Thomas L. Massie\n    title: President & CEO\n",
                                 "  signatory:\n    name: Thomas L. Massie\n    title: President & CEO\n"
                                 "    through: [{name: FOCUS Management LLC, capacity: manager}, "
                                 "{name: Massie Holdings LLC, capacity: attorney-in-fact}]\n"))
    loaded = load(path)
    ts = loaded.term_sheet
    documents = render_set(ts, loaded.figures)
    chains = {ts.company.name: ["By: FOCUS Management LLC, its manager", "By: Massie Holdings LLC, as attorney-in-fact"]}
    chains |= {i.name: [f"By: {t.name}, {t.capacity.words}" for t in i.signatory.through] for i in ts.investors}
    seen = set()
    for doc in documents:
        for block in doc.signature_blocks():
            lines = ["".join(r.text for r in line) for line in block.lines]
            if block.party not in chains or block.signer not in (ts.company.signatory.name, "William T. Flaherty",
                                                                  "Hans Gassner"):
                continue
            seen.add((doc.doc_id, block.party))
            chain = chains[block.party]
            by = [n for n, line in enumerate(lines) if line.startswith("By:")]
            assert [lines[n] for n in by[:len(chain)]] == chain, (doc.key, lines)
            # the tiers indent one step each; the person's lines stand under the last tier
            places = block.places[by[0]:by[0] + len(chain) + 3]
            tiers = [str(k) if k else "" for k in range(len(chain))]
            assert places == tiers + [str(len(chain)) if chain else ""] * 3, (doc.key, lines)
    ids = {doc_id for doc_id, _ in seen}
    assert {"purchase_agreement", "registration_rights", "warrant", "transfer_agent_instructions",
            "secretarys_certificate", "officers_certificate", "issuance_instruction_letter"} <= ids
    assert {party for _, party in seen} == set(chains)


def test_the_checklist_and_the_schedule_name_the_signer_through_the_chain(built_sets):
    folder = built_sets["focus_1999"]
    for stem in ("closing_checklist", "schedule_of_investors"):
        (pdf,) = folder.glob(f"*_{stem}.pdf")
        text = _words("\n".join(pdf_pages(pdf.read_bytes())))
        assert "William T. Flaherty, Vice President of Tudor Investment Corporation, its general partner" in text
        assert "William T. Flaherty, Vice President of Tudor Investment Corporation, as investment adviser" in text


def _validate(path, capsys) -> tuple[int, str]:
    code = main(["validate", str(path)])
    return code, capsys.readouterr().err


def test_the_old_capacity_line_is_refused_at_its_line_with_the_way_to_rewrite_it(tmp_path, capsys):
    old = "      through: [{name: Tudor Investment Corporation, capacity: general partner}]\n"
    path, text = variant(tmp_path, (old, "      capacity: As General Partner\n"))
    code, err = _validate(path, capsys)
    assert code == 2 and "Traceback" not in err
    line = line_of(text, "capacity: As General Partner")
    assert f"{path}:{line}:" in err and "investors[1].signatory.capacity" in err
    assert "'capacity' is replaced by 'through'" in err and "capacity: investment adviser" in err


@pytest.mark.parametrize("chain, where, says", [
    ("[{name: Tudor Investment Corporation, capacity: general partners}]", "through[0].capacity", "general partner"),
    ("[{name: A LLC, capacity: manager}, {name: B LLC, capacity: manager}, {name: C LLC, capacity: manager}, "
     "{name: D LLC, capacity: manager}]", "through", "at most 3"),
    ("[{name: Altar Rock Fund L.P., capacity: general partner}]", "through[0].name", "is the party itself"),
    ("[{name: A LLC, capacity: manager}, {name: A LLC, capacity: manager}]", "through[1].name", "named twice"),
    ("[{name: Tudor Investment Corporation}]", "through[0].capacity", "missing required field 'capacity'"),
])
def test_a_bad_chain_is_a_located_error(tmp_path, capsys, chain, where, says):
    old = "[{name: Tudor Investment Corporation, capacity: general partner}]"
    path, text = variant(tmp_path, (old, chain))
    code, err = _validate(path, capsys)
    assert code == 2 and "Traceback" not in err
    hit = [line for line in err.splitlines() if f"investors[1].signatory.{where}:" in line]
    assert hit and says in hit[0], err
    assert hit[0].startswith(f"{path}:{line_of(focus_text(), old)}:")  # the chain's own line


def test_the_same_chain_words_come_from_one_place():
    from assembler.termsheet.signatory import Capacity, Tier, office
    from assembler.termsheet.model import Person

    person = Person(name="Jane Roe", title="Managing Member",
                    through=[Tier(name="Fund GP L.P.", capacity=Capacity.general_partner),
                             Tier(name="GP Holdings LLC", capacity=Capacity.general_partner)])
    assert office(person) == "Managing Member of GP Holdings LLC, general partner of Fund GP L.P., its general partner"
    assert office(Person(name="Jane Roe", title="Director")) == "Director"
    assert {c.words.split()[0] for c in Capacity} == {"its", "as"}
    assert NORTHWIND.exists() and FOCUS.exists()
