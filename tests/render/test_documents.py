"""The rendered closing set: golden wording, seed figures in place, nothing left blank, DOCX = PDF text,
template errors located, hostile names rendered exactly."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from assembler.document.assemble import render_set
from assembler.closing_set.render import render_files
from assembler.errors import TemplateError
from assembler.checks.extract import docx_lines, pdf_pages, words
from assembler.document.registry import DEFAULT_DIR
from assembler.document.signature_pages import FOLLOW_MANY, FOLLOW_ONE, LEGEND, legend_text
from assembler.document.blocks import block_lines, document_text
from assembler.document.elements import SIG_RULE
from assembler.figures.load import load

from conftest import assert_matches_snapshot

ROOT = Path(__file__).resolve().parents[2]
DEALS = ["focus_1999", "northwind_2026"]


@pytest.fixture(scope="module", params=DEALS)
def deal(request):
    loaded = load(ROOT / "term_sheets" / f"{request.param}.yaml")
    return request.param, loaded, render_set(loaded.term_sheet, loaded.figures)


def by_key(docs):
    return {d.key: d for d in docs}


def test_every_document_matches_its_approved_snapshot(deal):
    name, _, _ = deal
    assert_matches_snapshot(ROOT / "term_sheets" / f"{name}.yaml", ROOT / "tests" / "golden" / name)


def test_the_set_has_the_four_documents_and_one_warrant_per_investor(deal):
    _, loaded, docs = deal
    ids = [d.doc_id for d in docs]
    assert ids.count("warrant") == len(loaded.term_sheet.investors)
    assert {"purchase_agreement", "registration_rights", "transfer_agent_instructions"} <= set(ids)
    exhibits = {d.doc_id: d.exhibit for d in docs if d.exhibit}
    # the forms attached to the Purchase Agreement are its Exhibits A, B and C; the executed warrants, Registration
    # Rights Agreement and instructions to the transfer agent are instruments of their own, with no exhibit caption
    assert exhibits == {"warrant_form": "A", "registration_rights_form": "B", "transfer_agent_instructions_form": "C"}
    texts = {d.key: document_text(d.blocks) for d in docs}
    for executed in ["registration_rights", "transfer_agent_instructions"] + \
            [d.key for d in docs if d.doc_id == "warrant"]:
        assert not re.match(r"EXHIBIT [A-Z]\n", texts[executed]), executed
    assert texts["registration_rights_form"].startswith("EXHIBIT B\nFORM OF REGISTRATION RIGHTS AGREEMENT\n")
    assert texts["transfer_agent_instructions_form"].startswith(
        "EXHIBIT C\nFORM OF IRREVOCABLE INSTRUCTIONS TO TRANSFER AGENT\n")
    assert texts["registration_rights"].startswith("REGISTRATION RIGHTS AGREEMENT\n")
    assert texts["transfer_agent_instructions"].startswith("IRREVOCABLE INSTRUCTIONS TO TRANSFER AGENT\n")
    pa = texts["purchase_agreement"]  # the agreement cites the forms attached to it
    assert "in the form attached hereto as Exhibit C" in pa and "Exhibit B" in pa
    # the forms carry no signature blocks: no signatory's packet takes a page from them
    for form in ("registration_rights_form", "transfer_agent_instructions_form"):
        doc = next(d for d in docs if d.key == form)
        assert not [b for b in doc.blocks if b.kind == "signature"], form
    for closing_document in ("closing_checklist", "schedule_of_investors", "funds_flow", "secretarys_certificate",
                             "officers_certificate", "form_d_data_sheet", "signature_packet", "board_consent",
                             "disclosure_schedule", "pricing_certificate", "issuance_instruction_letter"):
        assert closing_document in ids


@pytest.fixture(scope="module")
def focus_docs():
    loaded = load(ROOT / "term_sheets" / "focus_1999.yaml")
    return by_key(render_set(loaded.term_sheet, loaded.figures))


def test_seed_figures_appear_where_the_form_has_them(focus_docs):
    docs = focus_docs
    pa = document_text(docs["purchase_agreement"].blocks)
    assert "(i) 1,250,000 shares of Common Stock" in pa
    assert "up to 125,000 shares of the Common Stock at 110% of the Market Price" in pa
    assert '"Purchase Price" shall mean $1.60 per share of Common Stock.' in pa
    assert "of which 21,012,701 shares are issued and outstanding as of November 23, 1999" in pa
    for amount in ("$1,394,400.00", "$5,600.00", "$600,000.00"):
        assert amount in pa
    assert "the five (5) Trading Day period ending on the Trading Day immediately prior to the Closing Date" in pa
    w1 = document_text(docs["warrant#W-1"].blocks)
    assert "eighty-seven thousand one hundred fifty (87,150) shares" in w1
    assert "To Purchase 87,150 Shares of Common Stock of FOCUS ENHANCEMENTS, INC." in w1
    assert "on or after December 1, 1999" in w1 and "December 1, 2004" in w1
    assert "shall be $2.10, being 110% of the Market Price" in w1
    assert "three hundred fifty (350) shares" in document_text(docs["warrant#W-2"].blocks)
    assert "thirty-seven thousand five hundred (37,500) shares" in document_text(docs["warrant#W-3"].blocks)
    rra = document_text(docs["registration_rights"].blocks)
    assert "1,250,000 shares of Common Stock and Warrants to purchase up to 125,000 shares" in rra
    assert "within thirty (30) days after the Closing Date" in rra
    assert "one hundred twenty (120) days" in rra and "one hundred fifty (150) days" in rra
    assert "one percent (1%)" in rra and "two percent (2%)" in rra
    assert "(120)" not in rra.replace("one hundred twenty (120)", "")  # no other words before (120)


def test_the_forms_drafting_errors_are_not_reproduced(deal):
    _, _, docs = deal
    text = "\n".join(document_text(d.blocks) for d in docs)
    for wrong in ("one hundred fifty (120)", "ninety (120)", "second Closing", "each Closing", "State of Massachusetts",
                  "more that fifty", "[(110%", "in an fiduciary", "an filed", "$.01"):
        assert wrong not in text
    warrant = next(d for d in docs if d.doc_id == "warrant")
    letters = [b.text[:3] for b in warrant.blocks if re.match(r"^\([a-z]\) ", b.text)]
    assert letters.count("(a)") == len([b for b in warrant.blocks if b.text.startswith("(a) ")])
    eleven = document_text(warrant.blocks).split("11. Adjustments")[1].split("12. ")[0]
    assert "(a) Stock Splits" in eleven and "(b) Reorganization" in eleven


def test_no_tags_brackets_or_blanks_left_except_handwriting_blanks(deal):
    _, _, docs = deal
    for doc in docs:
        for block in doc.blocks:
            for line in block_lines(block):
                assert "{{" not in line and "{%" not in line and "<" not in line.replace("<Holdings>", ""), line
                if line not in (FOLLOW_ONE, FOLLOW_MANY) and not (block.kind == LEGEND and line == legend_text(doc)):
                    assert "[" not in line and "]" not in line, f"{doc.key}: {line}"
                assert "TBD" not in line and "«" not in line
                assert line.strip(), f"{doc.key}: an empty line"
                blanks = re.findall(r"_{3,}", line.replace(SIG_RULE, ""))
                assert not blanks or block.in_form, f"{doc.key}: a blank outside a form: {line}"


def test_cross_references_resolve_to_the_numbered_sections(focus_docs):
    docs = focus_docs
    pa = document_text(docs["purchase_agreement"].blocks)
    assert '"Legend" shall mean the legend set forth in Section 9.1.' in pa
    assert "Section 9.1. Legends." in pa
    assert "in the form of Exhibit C hereto" in pa
    ta = document_text(docs["transfer_agent_instructions"].blocks)
    assert "Section 9.2 of the Purchase Agreement" in ta and "Section 9.1 of the Purchase Agreement" in ta


@pytest.fixture(scope="module")
def focus_files():
    return render_files(load(ROOT / "term_sheets" / "focus_1999.yaml"))


def test_docx_text_equals_pdf_text_and_the_tree(focus_files):
    from assembler.variance.report import closing_set

    loaded = load(ROOT / "term_sheets" / "focus_1999.yaml")
    trees = by_key(closing_set(loaded.term_sheet, loaded.figures, None)[0])
    stems = sorted({name.rsplit(".", 1)[0] for name in focus_files if name.endswith(".docx")})
    # the checklist, the board consent, the agreement, its exhibits (the forms of the warrant, of the Registration
    # Rights Agreement and of the instructions to the transfer agent) and schedule, the executed Registration Rights
    # Agreement, instructions and three warrants, the issuance letter, seven closing documents and the cover memo;
    # packets are PDF only
    assert len(stems) == 20 and "18_cover_memo" in stems
    for stem in stems:
        key = focus_files[f"{stem}.docx"].document
        assert docx_lines(focus_files[f"{stem}.docx"].data) == document_text(trees[key].blocks).splitlines(), stem
        docx_words = words("\n".join(docx_lines(focus_files[f"{stem}.docx"].data)))
        pdf_words = words("\n".join(pdf_pages(focus_files[f"{stem}.pdf"].data)))
        assert docx_words == pdf_words, stem


def test_pdf_has_bookmarks_metadata_and_a_page_count(focus_files):
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(focus_files["03_purchase_agreement.pdf"].data))
    assert reader.metadata.title == "Common Stock and Warrants Purchase Agreement"
    assert reader.metadata["/CreationDate"].startswith("D:19991201")
    top = [o for o in reader.outline if not isinstance(o, list)]
    assert top[0].title == "Common Stock and Warrants Purchase Agreement"
    articles = [o.title for o in reader.outline[1] if not isinstance(o, list)]
    assert articles[0] == "Article I. Certain Definitions" and len(articles) == 13
    assert "Article II. Purchase and Sale of Common Stock and Warrants" in articles  # proper case, not "Ii"
    raw = reader.outline[1]
    at = next(i for i, o in enumerate(raw) if not isinstance(o, list) and o.title.startswith("Article II."))
    assert [o.title for o in raw[at + 1]][:2] == ["Section 2.1. Investment", "Section 2.2. Liquidated Damages"]
    assert focus_files["03_purchase_agreement.pdf"].pages == len(reader.pages)
    assert reader.pages[0].mediabox.width == 612 and reader.pages[0].mediabox.height == 792  # US Letter


def test_docx_uses_the_house_styles(focus_files):
    from io import BytesIO

    from docx import Document

    doc = Document(BytesIO(focus_files["03_purchase_agreement.docx"].data))
    used = {p.style.name for p in doc.paragraphs}
    assert {"Title", "Article", "Section", "Clause 1", "Legend", "Signature"} <= used  # article titles: in "Article"
    assert all(not p.paragraph_format.left_indent for p in doc.paragraphs), "indentation comes from styles only"
    runs = [r for p in doc.paragraphs for r in p.runs]
    assert all(r.font.size is None and r.font.name is None for r in runs), "fonts come from styles only"
    title = doc.styles["Title"]
    assert title.font.name == "Times New Roman" and not title.font.italic  # no theme font left from the default


def _copy_templates(tmp_path: Path) -> Path:
    target = tmp_path / "templates"
    shutil.copytree(DEFAULT_DIR, target)
    return target


def _insert_line(path: Path, after: str, new: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if after in line)
    lines.insert(index + 1, new + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return index + 2  # 1-based line of the inserted text


@pytest.mark.parametrize("document, inserted, expected", [
    # a missing variable
    ("registration_rights", "<p>{{ ts.company.nmae }}</p>", "nmae"),
    # a raw number printed without a house-style filter
    ("registration_rights", "<p>{{ fig.totals.shares }}</p>", "without a filter"),
    # an unknown cross-reference label
    ("warrant", '<p>See {{ ref("no-such-label") }}.</p>', "unknown cross-reference label 'no-such-label'"),
])
def test_a_template_error_fails_naming_the_template_and_line(tmp_path, document, inserted, expected):
    templates = _copy_templates(tmp_path)
    target = templates / document / "document.xml.j2"
    line = _insert_line(target, "<document", inserted)
    loaded = load(ROOT / "term_sheets" / "focus_1999.yaml")
    with pytest.raises(TemplateError) as info:
        render_set(loaded.term_sheet, loaded.figures, [templates])
    assert str(info.value).startswith(f"{target}:{line}: ")
    assert expected in str(info.value)


HOSTILE = "Smith & Sons <Holdings> \"Alpha\" L'Étoile Zoë Ødegaard Ltd."


def test_names_with_ampersands_brackets_quotes_and_accents_render_exactly(tmp_path):
    text = (ROOT / "term_sheets" / "focus_1999.yaml").read_text(encoding="utf-8")
    text = text.replace("  - name: Raptor Global Portfolio Ltd.", "  - name: 'Smith & Sons <Holdings> \"Alpha\" "
                        "L''Étoile Zoë Ødegaard Ltd.'")
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load(path)
    assert loaded.term_sheet.investors[0].name == HOSTILE
    files = render_files(loaded)
    stem = next(name[:-4] for name in files if name.endswith(".pdf") and "_warrant_W-1_" in name)
    assert stem.endswith("_warrant_W-1_Smith_Sons_Holdings_Alpha_L_Etoile_Zoe_degaard_Ltd")  # accents -> base letters
    pdf_text = " ".join(words("\n".join(pdf_pages(files[f"{stem}.pdf"].data))))
    docx_text = " ".join(docx_lines(files[f"{stem}.docx"].data))
    assert HOSTILE in pdf_text
    assert HOSTILE in docx_text
    pa_docx = " ".join(docx_lines(next(f.data for name, f in files.items()
                                       if name.endswith("_purchase_agreement.docx"))))
    assert HOSTILE.upper() in pa_docx  # the signature block, nothing cut after the '&' or '<'
    ta_docx = " ".join(docx_lines(next(f.data for name, f in files.items()
                                       if name.endswith("_transfer_agent_instructions.docx"))))
    assert HOSTILE in ta_docx  # the schedule of investors (a table cell) and the cc list
    assert ta_docx.count(HOSTILE) == 2
