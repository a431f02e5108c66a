"""The DOCX as Word users expect it: list numbering linked to the heading styles, cross-references as REF fields to
bookmarks, and LibreOffice (a second reader of the format) showing exactly our text, fields recalculated.

LibreOffice is a system package (.ci/run installs it); it converts the DOCX to PDF, which lays the document out and
recalculates every field, so its words are what a reader sees after "update fields"."""
from __future__ import annotations

import copy
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn
from pypdf import PdfReader

from assembler.checks.extract import docx_lines, words
from assembler.closing_set.render import render_files
from assembler.figures.load import load
from assembler.layout.footer import is_footer, page_number
from assembler.layout.toc import contents_pages
from assembler.layout.typography import plain
from assembler.words import roman

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "focus_1999"
SCHEMES = {"03_purchase_agreement": "purchase_agreement", "10_warrant_W-1_Raptor_Global_Portfolio_Ltd": "warrant_W-1",
           "08_registration_rights": "registration_rights"}  # articles, numbered, sections


@pytest.fixture(scope="module")
def files():
    return render_files(load(ROOT / "term_sheets" / "focus_1999.yaml"))


def _docx(files, stem):
    return open_docx(io.BytesIO(files[f"{stem}.docx"].data))


def test_articles_sections_and_clauses_are_one_list_linked_to_the_heading_styles(files):
    doc = _docx(files, "03_purchase_agreement")
    numbering = doc.part.numbering_part.element
    ours = numbering.findall(qn("w:abstractNum"))[-1]
    lvls = {int(l.get(qn("w:ilvl"))): l for l in ours.findall(qn("w:lvl"))}

    def val(lvl, tag):
        return lvl.find(qn(tag)).get(qn("w:val"))

    assert [(val(lvls[i], "w:pStyle"), val(lvls[i], "w:numFmt"), val(lvls[i], "w:lvlText")) for i in range(5)] == [
        ("Article", "upperRoman", "Article %1"), ("Section", "decimal", "Section %1.%2."),
        ("Clause1", "lowerLetter", "(%3)"), ("Clause2", "lowerRoman", "(%4)"), ("Clause3", "upperLetter", "(%5)")]
    assert lvls[1].find(qn("w:isLgl")) is not None  # Section 9.1 under ARTICLE IX
    num_id = next(n.get(qn("w:numId")) for n in numbering.findall(qn("w:num"))
                  if n.find(qn("w:abstractNumId")).get(qn("w:val")) == ours.get(qn("w:abstractNumId")))
    for style, level in (("Article", 0), ("Section", 1), ("Clause 1", 2)):
        num_pr = doc.styles[style].element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        assert (num_pr.find(qn("w:numId")).get(qn("w:val")), num_pr.find(qn("w:ilvl")).get(qn("w:val"))) == \
            (num_id, str(level)), style
    typed = [p.text for p in doc.paragraphs if re.match(r"(Section \d|ARTICLE [IVX]|\([a-z]+\) )", p.text)
             and not p.style.name.startswith("toc ")]
    assert typed == []  # no number typed as text: Word numbers them (the contents' entries are Word's TOC result)
    golden = (GOLDEN / "purchase_agreement.txt").read_text(encoding="utf-8")
    assert sum(p.style.name == "Section" for p in doc.paragraphs) == len(re.findall(r"(?m)^Section \d+\.\d+\. ", golden))
    articles = [p.text for p in doc.paragraphs if p.style.name == "Article"]
    assert articles[0] == "\nCertain Definitions" and len(articles) == 13  # the title shows in the navigation pane
    assert docx_lines(files["03_purchase_agreement.docx"].data) == (GOLDEN / "purchase_agreement.txt").read_text(
        encoding="utf-8").splitlines()


def test_cross_references_are_ref_fields_to_bookmarks_with_our_text_cached(files):
    doc = _docx(files, "03_purchase_agreement")
    body = doc.element.body
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    fields = []
    for p in body.iter(qn("w:p")):
        runs = list(p.iter(qn("w:r")))
        for i, r in enumerate(runs):
            instr = r.find(qn("w:instrText"))
            if instr is not None:
                result = "".join(t.text for t in runs[i + 2].iter(qn("w:t")))  # begin, instr, separate, RESULT, end
                fields.append((instr.text.split(), result))
    refs = [(f[1], f[2:], result) for f, result in fields if f[0] == "REF"]
    from assembler.document.assemble import render_set

    loaded = load(ROOT / "term_sheets" / "focus_1999.yaml")
    tree = next(d for d in render_set(loaded.term_sheet, loaded.figures) if d.key == "purchase_agreement")
    expected = [(r.ref[0], r.ref[1].split(), r.text) for b in tree.blocks for r in b.runs if r.ref]
    assert refs == expected and len(refs) > 20
    assert all(bookmark in bookmarks for bookmark, _, _ in refs)
    assert ("_Ref_legends", ["\\r", "\\h"], "Section 9.1") in refs
    assert ("_Ref_closing_conditions", ["\\n", "\\h"], "(b)") in refs  # "Section 2.1" + "(b)"
    assert ("_Ref_art_legends", ["\\r", "\\h"], "Article IX") in refs


def _soffice(tmp_path: Path, sources: list[Path]) -> list[Path]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice is needed for this test: apt-get install libreoffice-writer-nogui (see .ci/run)")
    out = tmp_path / "lo"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), *map(str, sources)], check=True, capture_output=True, timeout=180)
    return [out / f"{s.stem}.pdf" for s in sources]


def _pdf_words(path: Path) -> list[str]:
    """The words LibreOffice laid out, footers (page number, label) and the table of contents left out, hyphen breaks
    joined."""
    pages, firsts = [], []
    for page in PdfReader(path).pages:
        lines = page.extract_text().splitlines()
        at = next((i for i, line in enumerate(lines) if page_number(line)), None)
        number = page_number(lines.pop(at)) if at is not None else ""  # LibreOffice writes the footer first
        lines = [line for line in lines if not is_footer(line)]
        firsts.append((lines[0] if lines else "", number))
        pages.append("\n".join(lines))
    contents = contents_pages(firsts)
    text = "\n".join(text for i, text in enumerate(pages) if i not in contents)
    return _words(re.sub(r"([-/])\n", r"\1", text))


def _words(text: str) -> list[str]:
    return words(re.sub(r"\s+([.,;:])", r"\1", plain(text)))  # text extraction puts a space after underlined words


@pytest.fixture(scope="module")
def libreoffice(files, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("libreoffice")
    sources = []
    for stem in SCHEMES:
        (tmp / f"{stem}.docx").write_bytes(files[f"{stem}.docx"].data)
        sources.append(tmp / f"{stem}.docx")
    # A lawyer inserts a section before Section 2.1: a paragraph in the style "Section", nothing else.
    doc = _docx(files, "03_purchase_agreement")
    investment = next(p for p in doc.paragraphs if p.text == "Investment.")
    new = copy.deepcopy(investment._p)
    for r in new.findall(qn("w:r")):
        new.remove(r)
    for b in list(new.iter(qn("w:bookmarkStart"))) + list(new.iter(qn("w:bookmarkEnd"))):
        b.getparent().remove(b)
    investment._p.addprevious(new)
    from docx.text.paragraph import Paragraph

    Paragraph(new, investment._parent).add_run("Inserted. A new section.")
    doc.save(str(tmp / "inserted.docx"))
    sources.append(tmp / "inserted.docx")
    return dict(zip([s.stem for s in sources], _soffice(tmp, sources)))


@pytest.mark.parametrize("stem", list(SCHEMES))
def test_libreoffice_shows_our_text_with_its_own_numbering_and_fields(libreoffice, stem):
    ours = _words((GOLDEN / f"{SCHEMES[stem]}.txt").read_text(encoding="utf-8"))
    assert _pdf_words(libreoffice[stem]) == ours


def test_inserting_a_section_renumbers_what_follows_and_the_references_to_it(libreoffice):
    text = " ".join(_pdf_words(libreoffice["inserted"]))
    assert "Section 2.1. Inserted. A new section. Section 2.2. Investment." in text
    assert "purchase and sale of the Common Stock and Warrants pursuant to Section 2.2." in text  # was 2.1
    assert "(as defined in Section 2.2(b) hereto)" in text
    assert "Section 9.1" in text and "the legend set forth in Section 9.1." in text  # another article: unchanged


@pytest.fixture(scope="module")
def converted(files, tmp_path_factory):
    """{stem: (pages of our PDF, pages of LibreOffice's PDF of our DOCX, that PDF)} for every document with both."""
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("LibreOffice is not installed: apt-get install libreoffice-writer-nogui (.ci/run does)")
    tmp = tmp_path_factory.mktemp("pagination")
    stems = sorted(name[:-5] for name in files if name.endswith(".docx") and f"{name[:-5]}.pdf" in files)
    for stem in stems:
        (tmp / f"{stem}.docx").write_bytes(files[f"{stem}.docx"].data)
    theirs = _soffice(tmp, [tmp / f"{stem}.docx" for stem in stems])
    return {stem: (len(PdfReader(io.BytesIO(files[f"{stem}.pdf"].data)).pages), len(PdfReader(path).pages), path)
            for stem, path in zip(stems, theirs)}


def test_word_and_the_pdf_have_the_same_number_of_pages(converted):
    assert len(converted) >= 10
    assert {stem: pages for stem, pages in converted.items() if pages[0] != pages[1]} == {}


def _footers(pdf: bytes) -> list[str]:
    return [next(line.strip() for line in page.extract_text().splitlines() if page_number(line))
            for page in PdfReader(io.BytesIO(pdf)).pages]


def test_the_footer_reads_page_x_of_y_counting_the_contents_and_the_body_apart(files):
    """The body's pages read "Page X of Y", Y its own pages; the contents' pages their roman number alone ("Page ii",
    never "Page iii of 3", a roman page against an arabic count): a section of their own in Word, with its own footer
    (PAGE in the section's lower-roman format, no SECTIONPAGES)."""
    pdf = _footers(files["03_purchase_agreement.pdf"].data)
    contents = sum(1 for line in pdf if page_number(line).isalpha())
    assert contents >= 2 and pdf[:contents] == [f"Page {roman(n).lower()}" for n in range(1, contents + 1)]
    body = len(pdf) - contents
    assert pdf[contents:] == [f"Page {n} of {body}" for n in range(1, body + 1)]
    assert _footers(files["08_registration_rights.pdf"].data)[-1] == "Page {0} of {0}".format(
        len(PdfReader(io.BytesIO(files["08_registration_rights.pdf"].data)).pages))
    doc = _docx(files, "03_purchase_agreement")
    fields = [[i.text.strip() for i in section.footer._element.iter(qn("w:instrText"))] for section in doc.sections]
    assert fields == [["PAGE"], ["PAGE", "SECTIONPAGES"]]  # the contents' section, then the body's
    assert [s._sectPr.find(qn("w:pgNumType")).get(qn("w:fmt")) for s in doc.sections] == ["lowerRoman", None]
    assert [p.text for p in doc.sections[0].footer.paragraphs][0] == "Page i"  # its cached result
    instructions = {stem: [i.text.strip() for p in _docx(files, stem).part.package.parts if "footer" in str(p.partname)
                           for i in p._element.iter(qn("w:instrText"))] for stem in SCHEMES}
    assert instructions["08_registration_rights"] == ["PAGE", "NUMPAGES"]
    footer = doc.sections[1].footer
    run = next(r for r in footer._element.iter(qn("w:r")) if r.find(qn("w:instrText")) is not None
               and r.find(qn("w:instrText")).text.strip() == "SECTIONPAGES")
    assert [t.text for t in run.iter(qn("w:t"))] == [str(body)]  # the cached result LibreOffice shows


def test_libreoffice_prints_the_contents_and_body_footers_as_the_pdf(files, converted):
    theirs = _footers(converted["03_purchase_agreement"][2].read_bytes())
    assert theirs == _footers(files["03_purchase_agreement.pdf"].data)
    assert theirs[:2] == ["Page i", "Page ii"]


def test_libreoffice_prints_the_same_footers_in_the_body(files, converted):
    theirs = _footers(converted["08_registration_rights"][2].read_bytes())
    assert theirs == _footers(files["08_registration_rights.pdf"].data)
