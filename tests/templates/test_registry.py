"""New documents without Python: drop-in folders, overrides by id, manifest checks, native Word templates,
signature packets."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from docx import Document as new_docx
from pypdf import PdfReader

from assembler.document.assemble import render_set
from assembler.cli import main
from assembler.closing_set.build import build
from assembler.errors import AssemblerError, ManifestMismatch, TemplateError
from assembler.checks.extract import docx_lines, pdf_pages, words
from assembler.document.registry import DEFAULT_DIR, discover, template_dirs
from assembler.document.environment import environment
from assembler.document.scaffold import new_template
from assembler.document.manifest_check import check_all, used_paths
from assembler.document.blocks import document_text
from assembler.figures.load import load

ROOT = Path(__file__).resolve().parents[2]
FOCUS = ROOT / "term_sheets" / "focus_1999.yaml"


def native_docx_template(folder: Path) -> Path:
    """A Word file with Jinja tags, as a firm would author it in Word."""
    folder.mkdir(parents=True)
    doc = new_docx()
    doc.add_paragraph("BRING-DOWN LETTER", style="Title")
    doc.add_paragraph("{{ ts.company.name }} confirms the sale of {{ fig.totals.shares | shares }} Shares "
                      "for {{ fig.totals.purchase_price | money }} on {{ ts.closing_date | long_date }}.")
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Investor"
    table.rows[0].cells[1].text = "Shares"
    doc.add_paragraph("{% for p in fig.investors %}{{ p.name }}: {{ p.shares | shares }}; {% endfor %}")
    doc.save(folder / "letter.docx")
    (folder / "manifest.yaml").write_text(
        "id: bring_down_letter\ntitle: Bring-Down Letter\norder: 50\nper: deal\ntemplate: letter.docx\n"
        "signatories: [company]\nuses: [ts.company.name, ts.closing_date, fig.totals, fig.investors]\n",
        encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def firm_set(tmp_path_factory):
    """A closing set built with a firm's templates directory holding a scaffolded and a native .docx template."""
    root = tmp_path_factory.mktemp("firm")
    firm = root / "firm_templates"
    firm.mkdir()
    new_template("Closing Memo", firm)
    native_docx_template(firm / "bring_down_letter")
    build(str(FOCUS), str(root / "out"), template_dirs=template_dirs([firm]))
    return root / "out" / "focus_1999"


def test_a_dropped_in_folder_becomes_a_document_of_the_set(firm_set):
    names = {p.name for p in firm_set.iterdir()}
    memo = sorted(n for n in names if "closing_memo" in n)
    assert [n.rsplit(".", 1)[1] for n in memo] == ["docx", "pdf"]
    text = " ".join(words("\n".join(pdf_pages((firm_set / memo[1]).read_bytes()))))
    assert "CLOSING MEMO" in text and "one million two hundred fifty thousand (1,250,000) shares" in text
    assert "refer to one with Section 2." in text  # its own cross-reference, numbered by the renderer
    assert "(a) A clause numbered (a)" in text


def test_a_native_word_template_renders_to_docx_and_to_pdf(firm_set):
    stem = next(p.stem for p in firm_set.glob("*bring_down_letter*.docx"))
    docx_text = docx_lines((firm_set / f"{stem}.docx").read_bytes())
    assert "FOCUS Enhancements, Inc. confirms the sale of 1,250,000 Shares for $2,000,000.00 on December 1, 1999." \
        in docx_text
    assert any("Raptor Global Portfolio Ltd.: 871,500;" in line for line in docx_text)
    pdf_text = words("\n".join(pdf_pages((firm_set / f"{stem}.pdf").read_bytes())))
    assert words("\n".join(docx_text)) == pdf_text


def test_a_native_word_template_is_strict_too(tmp_path):
    folder = native_docx_template(tmp_path / "t" / "bring_down_letter")
    doc = new_docx(folder / "letter.docx")
    doc.add_paragraph("{{ fig.totals.shares }}")  # a raw number, no house-style filter
    doc.save(folder / "letter.docx")
    loaded = load(FOCUS)
    with pytest.raises(TemplateError, match="without a filter"):
        render_set(loaded.term_sheet, loaded.figures, template_dirs([tmp_path / "t"]))


def test_signature_packets_hold_only_the_pages_each_person_signs_for_each_investor(firm_set):
    packets = sorted(firm_set.glob("*signature_packet*.pdf"))
    names = [p.stem.split("_", 4)[-1] for p in packets]
    # in order of first signature: the Board's consent (the directors) comes first; a person signing for an investor
    # has a packet per investor (Mr. Flaherty signs for both Tudor funds: two packets)
    assert names == ["Thomas_L_Massie", "Margaret_A_Holloway", "Richard_P_Stanton",
                     "William_T_Flaherty_Raptor_Global_Portfolio_Ltd", "William_T_Flaherty_Altar_Rock_Fund_L_P",
                     "Hans_Gassner_Roseworth_Group_Ltd", "American_Stock_Transfer_Trust_Company", "Gary_M_Cebula"]
    amounts = {"RAPTOR": "$1,394,400.00", "ALTAR ROCK": "$5,600.00", "ROSEWORTH": "$600,000.00"}
    for packet, party in zip(packets[3:6], ["RAPTOR", "ALTAR ROCK", "ROSEWORTH"]):
        pages = pdf_pages(packet.read_bytes())
        assert "SIGNATURE PACKET" in pages[0] and f"You sign for {party.split()[0].title()}" in pages[0]
        # the cover's signing part, the purchase agreement's page for this investor only, the cover's closing part,
        # then the registration rights agreement's page for this investor only
        assert len(pages) == 4 and "CLOSING PAGES" in pages[2]
        for page in (pages[1], pages[3]):
            assert "By:" in page and party in page
        for page in pages:
            assert [other for other in amounts if other != party and (other in page or amounts[other] in page)] == []
        assert amounts[party] in pages[1]
    agent = pdf_pages(packets[6].read_bytes())
    assert "ACKNOWLEDGED AND AGREED" in agent[1]
    secretary = pdf_pages(packets[7].read_bytes())
    assert len(secretary) == 2 and "Secretary" in secretary[0] and "Name: Gary M. Cebula" in secretary[1]
    massie = pdf_pages(packets[0].read_bytes())
    # cover (signing part), Board consent (as a director), agreement, cover (closing part), RRA, TA letter,
    # 3 warrants, issuance letter, the specimen and countersignature page of the Secretary's certificate, officer's
    # certificate, pricing certificate, closing memo (the firm's template: signed at the Closing by default)
    assert len(massie) == 1 + 1 + 1 + 1 + 1 + 1 + 3 + 1 + 1 + 1 + 1 + 1
    assert "CLOSING PAGES" in massie[3]
    assert all("Name: Thomas L. Massie" in page for page in massie[1:3] + massie[4:])
    assert sum("SPECIMEN SIGNATURE" in page for page in massie) == 1
    holloway = pdf_pages(packets[1].read_bytes())
    assert len(holloway) == 2 and "Name: Margaret A. Holloway" in holloway[1] and "Director" in holloway[1]


def test_the_manifest_records_each_file_and_packets_have_no_docx(firm_set):
    assert not list(firm_set.glob("*signature_packet*.docx"))


def test_a_later_directory_overrides_a_template_by_id(tmp_path):
    firm = tmp_path / "firm"
    shutil.copytree(DEFAULT_DIR / "transfer_agent_instructions", firm / "our_ta_letter")
    path = firm / "our_ta_letter" / "document.xml.j2"
    path.write_text(path.read_text(encoding="utf-8").replace("Ladies and Gentlemen:", "Dear Colleagues:"),
                    encoding="utf-8")
    specs = discover(template_dirs([firm]))
    assert [s.folder for s in specs if s.id == "transfer_agent_instructions"] == [firm / "our_ta_letter"]
    loaded = load(FOCUS)
    docs = {d.key: d for d in render_set(loaded.term_sheet, loaded.figures, template_dirs([firm]))}
    text = document_text(docs["transfer_agent_instructions"].blocks)
    assert "Dear Colleagues:" in text and "Ladies and Gentlemen:" not in text


def test_an_undeclared_variable_fails_and_an_unused_declaration_warns(tmp_path, capsys):
    firm = tmp_path / "firm"
    folder = new_template("memo", firm)
    template = folder / "document.xml.j2"
    template.write_text(template.read_text(encoding="utf-8").replace(
        "</document>", "<p>Agent: {{ ts.transfer_agent.name }}</p>\n</document>"), encoding="utf-8")
    manifest = folder / "manifest.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "  - fig.exercise_price\n", encoding="utf-8")
    findings = {(f.severity, f.message) for f in check_all(discover([firm]), environment([firm]))}
    assert ("error", "uses 'ts.transfer_agent.name', which manifest.yaml does not declare under 'uses'") in findings
    assert ("warning", "declares 'fig.exercise_price' under 'uses' but never uses it") in findings
    assert main(["templates", "--templates", str(firm)]) == 1
    assert "ts.transfer_agent.name" in capsys.readouterr().err
    with pytest.raises(ManifestMismatch):
        build(str(FOCUS), str(tmp_path / "out"), template_dirs=template_dirs([firm]))
    assert not (tmp_path / "out" / "focus_1999").exists()


def test_the_shipped_templates_match_their_manifests():
    findings = check_all(discover(), environment([DEFAULT_DIR]))
    assert [str(f) for f in findings] == []
    assert main(["templates"]) == 0


def test_used_paths_follow_aliases_to_their_source():
    env = environment([DEFAULT_DIR])
    source = ("{% for investor in ts.investors %}{% set position = fig.investors[loop.index0] %}"
              "{{ investor.name }} {{ position.shares | shares }}{% endfor %}{{ ts.company.address | address }}")
    assert used_paths(source, env) == {"ts.investors", "fig.investors", "ts.company.address"}


def test_new_template_refuses_to_overwrite_and_bad_manifests_are_located(tmp_path):
    new_template("memo", tmp_path)
    with pytest.raises(AssemblerError, match="already exists"):
        new_template("memo", tmp_path)
    (tmp_path / "memo" / "manifest.yaml").write_text("id: memo\ntitle: Memo\norder: 1\ntemplate: document.xml.j2\n"
                                                     "signatorys: [company]\n", encoding="utf-8")
    with pytest.raises(AssemblerError, match=r"manifest.yaml:5: signatorys: Extra inputs are not permitted"):
        discover([tmp_path])


def test_every_document_knows_the_set_index():
    loaded = load(FOCUS)
    docs = render_set(loaded.term_sheet, loaded.figures)
    ids = [d.doc_id for d in docs]
    assert ids.index("purchase_agreement") < ids.index("warrant") < ids.index("signature_packet")
