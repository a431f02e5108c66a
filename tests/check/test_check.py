"""The document checker (assembler.check): each check on small made-up texts (a true positive and a near miss that
must not be flagged), the loaders, the rendered example sets (zero findings) and the 1999 form (its known drafting
errors)."""
from __future__ import annotations

import json
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from assembler.checks.documents import Doc, docx_doc, load_paths, pdf_doc, split_exhibits, text_docs, tree_doc
from assembler.checks.findings import Finding, Place, document_finding, exit_code, findings_json, split_accepted
from assembler.checks.numbers import parse_number_words
from assembler.checks.run import check_docs, check_documents
from assembler.errors import AssemblerError

ROOT = Path(__file__).resolve().parents[2]
FORM = ROOT / "tests" / "fixtures" / "focus_1999_purchase_agreement.txt"  # a copy of shared/seed's form


def run(*texts: str, name: str = "t.txt") -> list[Finding]:
    """Check made-up documents (one .txt text each; together they are one set)."""
    docs = []
    for k, text in enumerate(texts):
        docs += text_docs(name if len(texts) == 1 else f"d{k + 1}.txt", textwrap.dedent(text).strip("\n"))
    return check_docs(docs)


def of(findings: list[Finding], check: str) -> list[Finding]:
    return [f for f in findings if f.check == check]


# ---------------------------------------------------------------------------------------------------- words/figures

@pytest.mark.parametrize("words, value", [
    ("one hundred fifty", 150), ("ninety", 90), ("twenty-five", 25), ("one hundred and five", 105),
    ("one million two hundred fifty thousand", 1250000), ("eighty-seven thousand one hundred fifty", 87150),
    ("fifteen hundred", 1500), ("one-half", Decimal("0.5")), ("two and one-half", Decimal("2.5")),
    ("zero", 0),
])
def test_number_words(words, value):
    assert parse_number_words(words.split()) == Decimal(value)


@pytest.mark.parametrize("words", ["one two", "hundred", "thousand one million", "twenty thirty", "and", "fifty and"])
def test_number_words_refuses_nonsense(words):
    assert parse_number_words(words.split()) is None


def test_words_disagreeing_with_figures():
    found = of(run("""
        The Company shall file within thirty (30) days and cause effectiveness within one hundred fifty (120)
        days, and pay one percent (2%) of the amount, being One Thousand and 50/100 Dollars ($1,000.05).
    """), "words-figures")
    assert [f.message for f in found] == ['"one hundred fifty" is 150 but the figures say 120',
                                          '"one percent" is 1 but the figures say 2',
                                          '"One Thousand and 50/100 Dollars" is 1000.5 but the figures say 1000.05']
    assert [f.location for f in found] == ["t.txt:1", "t.txt:2", "t.txt:2"]
    assert all(f.severity == "error" for f in found) and "one hundred fifty (120)" in found[0].excerpt


def test_words_agreeing_with_figures_and_other_parentheses_are_not_flagged():
    assert of(run("""
        Section 2.1. Terms. Within one hundred twenty (120) days, at least two (2) Trading Days, one percent (1%),
        fifty percent (50%), two-thirds (2/3), One Million Two Hundred Fifty Thousand and 50/100 Dollars
        ($1,250,000.50), one-half of one percent (0.5%). Section 4(2) of the Securities Act, clause (i), Rule
        144(k), paragraph (c)(1), Telephone: (617) 338-2800, the first two months and two percent (2%).
    """), "words-figures") == []


# ---------------------------------------------------------------------------------------------------- defined terms

AGREEMENT = """
    PURCHASE AGREEMENT

    PURCHASE AGREEMENT dated as of November 24, 1999 (the "Agreement"), between the investors signatory hereto
    (each an "Investor" and together the "Investors"), and FOCUS Enhancements, Inc., a corporation organized
    under the laws of the State of Delaware (the "Company").

                                   ARTICLE I

Section 1.1. "Common Stock" shall mean the common stock of the Company.

Section 1.2. "Warrants" shall mean the warrants issued to the Investors hereunder.

Section 1.3. "Section 4(2)" shall have the meaning set forth in Section 1.4.

Section 1.4. Exemption. The sale is made under Section 4(2) ("Section 4(2)") of the Securities Act.
"""


def test_undefined_term_used_as_a_defined_term():
    found = of(run(AGREEMENT + """
Section 1.5. Assignment. Each Investor may assign its Warrant to any Affiliate of the Investor, and their
respective Affiliates shall be bound; such Affiliates are Investors for this purpose.
"""), "undefined-term")
    assert [f.message.split('"')[1] for f in found] == ["Affiliate"]
    assert "3 times" in found[0].message and found[0].location == "t.txt:17"


def test_capitalized_words_that_are_not_undefined_terms():
    assert of(run(AGREEMENT + """
Section 1.5. Not an Affiliate; the Board. Approved by the Board of Directors of the Company and the Chief
Executive Officer under the laws of the State of New York; listed on the New York Stock Exchange or the
Nasdaq SmallCap Market; as set forth in the Disclosure Schedule attached hereto; the Company's Certificate of
Incorporation; a Saturday; the Securities and Exchange Commission; each Investor's Warrants; any
Warrant; the Irrevocable Instructions to Transfer Agent in the form attached hereto as Exhibit C; the
Selling Shareholders and Plan of Distribution sections of the prospectus.

Title: Managing Member, Lakeshore Capital GP LLC, its General Partner
"""), "undefined-term") == []


def test_term_defined_twice_in_one_document():
    found = of(run(AGREEMENT + """
Section 1.5. "Outstanding" when used with reference to shares of Common Stock (collectively the "Shares")
shall mean all issued shares; provided that "Outstanding" shall not mean treasury Shares.

Section 1.6. "Shares" shall mean the shares of Common Stock purchased pursuant to this Agreement.
"""), "defined-twice")
    assert len(found) == 1 and found[0].severity == "error"
    assert '"Shares"' in found[0].message and found[0].location == "t.txt:20"
    assert "t.txt:17" in found[0].message


def test_meaning_by_reference_and_plural_pairs_are_not_defined_twice():
    assert of(run(AGREEMENT), "defined-twice") == []  # "Section 4(2)" by reference; Investor/Investors


def test_an_exhibit_redefining_a_purchase_agreement_term():
    exhibit = """
        EXHIBIT B

        REGISTRATION RIGHTS AGREEMENT

        THIS AGREEMENT between the Investors and the Company (the "Company"). Capitalized terms used and not
        otherwise defined herein shall have the meanings set forth in the Purchase Agreement.

        Section 1. Terms. "Common Stock" means any equity security of the Company. The Warrants are listed.
    """
    found = of(run(AGREEMENT, exhibit), "defined-twice")
    assert [(f.severity, f.location) for f in found] == [("warning", "d2.txt:8")]
    # the same party label in a preamble is not a redefinition
    assert not [f for f in found if '"Company"' in f.message]


INCORPORATING = """
    EXHIBIT A

    STOCK PURCHASE WARRANT

    Capitalized terms used and not otherwise defined herein shall have the meanings set forth in the Purchase
    Agreement. This Warrant is issued under the Purchase Agreement.
"""


def test_unused_term():
    found = of(run(AGREEMENT + """
Section 1.5. Merger. No merger with another entity (a "Consolidation Event") shall occur. The Warrant and the
Investors are named once more.
""", INCORPORATING), "unused-term")
    unused = {f.message.split('"')[1]: f for f in found}
    assert "Consolidation Event" in unused and unused["Consolidation Event"].severity == "warning"
    assert not {"Warrants", "Investor", "Investors"} & set(unused)  # "Warrant" uses "Warrants"


def test_unused_terms_of_a_purchase_agreement_given_alone_are_not_judged():
    assert of(run(AGREEMENT + """
Section 1.5. Merger. No merger with another entity (a "Consolidation Event") shall occur.
"""), "unused-term") == []  # the exhibits that would use its terms were not given


def test_term_used_only_inside_a_longer_name_is_unused():
    found = of(run(AGREEMENT + """
Section 1.5. Stock. The shares (the "Stock") are listed on the New York Stock Exchange. The Warrants and the
Common Stock are listed.
""", INCORPORATING), "unused-term")
    assert "Stock" in [f.message.split('"')[1] for f in found]


# ---------------------------------------------------------------------------------------------------- references

REFERRING = AGREEMENT + """
Section 2.1. Investment.

         (a) The Investors shall purchase the Common Stock.

         (b) The Closing is subject to the following conditions:

                  (i) delivery of the Warrants; and

                  (ii) delivery of the Irrevocable Instructions in the form of Exhibit A.

Section 2.2. References. {refs}
"""


def test_missing_section_article_and_exhibit():
    found = of(run(REFERRING.format(refs="As provided in Section 2.3, Section 2.1(c), Article IV and Exhibit C."),
                   "\n    EXHIBIT A\n\n    INSTRUCTIONS\n"), "missing-reference")
    assert [f.message for f in found] == ["Section 2.3 does not exist", "Section 2.1(c) does not exist",
                                          "Article IV does not exist",
                                          "Exhibit C is referred to but is not in the set"]


def test_exhibits_numbered_under_a_letter():
    """A form for each series of warrants is Exhibit A-1, A-2...: each one attached is found, a missing one is named
    whole (not "Exhibit A")."""
    forms = ["\n    EXHIBIT A\n\n    INSTRUCTIONS\n", "\n    EXHIBIT A-1\n\n    FORM OF SERIES A WARRANT\n",
             "\n    EXHIBIT A-2\n\n    FORM OF SERIES B WARRANT\n"]
    found = of(run(REFERRING.format(refs="The forms of Exhibit A-1 and Exhibit A-2, and Exhibits A-1, A-2 and A-3."),
                   *forms), "missing-reference")
    assert [f.message for f in found] == ["Exhibit A-3 is referred to but is not in the set"]
    found = of(run(REFERRING.format(refs="The forms of Exhibit A-1 and Exhibit A-2."), *forms[:2]), "missing-reference")
    assert [f.message for f in found] == ["Exhibit A-2 is referred to but is not in the set"]


def test_references_that_exist_or_point_elsewhere_are_not_flagged():
    refs = ("Section 2.1(b)(ii) above, Section 2.1 (b) hereto, Article I, Sections 2.1 and 2.2, Section 4(2), "
            "Section 12(b) or (g) of the Exchange Act, Section 13 or 15(d) under the Exchange Act, Section 7121 of "
            "the Internal Revenue Code, Treas. Reg. Section 1.1502-6, Section 409A, Section 5 of the Indenture and "
            "Exhibit A.")
    assert of(run(REFERRING.format(refs=refs), "\n    EXHIBIT A\n\n    INSTRUCTIONS\n"), "missing-reference") == []


def test_reference_to_the_purchase_agreement_resolves_against_it():
    instructions = """
        EXHIBIT A

        IRREVOCABLE INSTRUCTIONS TO TRANSFER AGENT

        These are the instructions referred to in Section 2.1(b)(ii) and Section 2.2 of the Purchase Agreement,
        and not those of Section 9.2 of the Purchase Agreement.
    """
    found = of(run(REFERRING.format(refs="None."), instructions), "missing-reference")
    assert [f.message for f in found] == ["Section 9.2 of the Purchase Agreement does not exist"]


def test_enumerators_that_repeat_or_skip():
    found = of(run("""
        1. Adjustments. (a) Stock Splits. The number shall be adjusted.

                  (a) Reorganization. In case of a reorganization the holder shall receive:

                  (i) shares; or

                  (iii) cash.
    """), "enumeration")
    assert [f.message for f in found] == ["(a) repeats the enumerator before it in Section 1",
                                          "(iii) follows (i) in Section 1: (ii) missing"]
    assert [f.location for f in found] == ["t.txt:3", "t.txt:7"]


def test_enumerators_that_run_are_not_flagged():
    assert of(run("""
        16. Miscellaneous.

                  (a) Jurisdiction.

                  (b) Restrictions.

                  (c) Notices.

                  (d) Remedies.

                  (e) Successors.

                  (f) Waiver.

                  (g) Indemnity.

                  (h) Limitation.

                  (i) Amendment.

                  (j) Severability.

        17. Indemnity. (a) The Company shall indemnify for:

                  (i) any misrepresentation; or

                  (ii) any failure.

                  (b) Each Investor shall indemnify the Company for:

                  (i) any misrepresentation; and

                  (ii) any failure.

        18. Lists. The Company shall:

                  (a) file; and

                  (b) list.

        The Investors shall:

                  (a) cooperate; and

                  (b) sell.
    """), "enumeration") == []


# ---------------------------------------------------------------------------------------------------- placeholders

def test_placeholders():
    found = of(run("""
        THIS CERTIFIES that __________________ (the "Holder") may purchase [NUMBER] shares at TBD, for
        {{ investor.name }} and «Name».
    """), "placeholder")
    assert [f.message for f in found] == ["blank left to be filled in", "bracketed text left in the document",
                                          "'TBD' left in the document", "template tag left in the document",
                                          "template tag left in the document"]
    assert all(f.severity == "error" for f in found)


def test_blanks_meant_for_handwriting_are_not_placeholders():
    assert of(run("""
        12. Formula. The holder receives [(A-B) (X)] divided by (A). [Signature Page Follows]

        IN WITNESS WHEREOF the Company has signed.

        By: ________________________________
        Name: ______________________
        Title: ______________________

        ________________________________
        Signature

                               NOTICE OF EXERCISE

        (1) ______ The undersigned elects to purchase ________ shares.

        Dated: ______________, _______
    """), "placeholder") == []


# ---------------------------------------------------------------------------------------------------- across the set

PA = """
    COMMON STOCK AND WARRANTS PURCHASE AGREEMENT

    COMMON STOCK AND WARRANTS PURCHASE AGREEMENT dated as of November 24, 1999 (the "Agreement"), between the
    Investors signatory hereto (each an "Investor" and together the "Investors"), and FOCUS Enhancements, Inc., a
    corporation organized and existing under the laws of the State of Delaware (the "Company").

    Section 1.1. "Purchase Price" shall mean $1.60 per share of Common Stock. The Investors buy Common Stock
    and the Company sells it at the Purchase Price.

    Section 1.2. Governing Law. This Agreement shall be governed by and construed in accordance with the laws of
    the Commonwealth of Massachusetts, and disputes submitted to arbitration under the American Arbitration
    Association (the "AAA") in Boston, Massachusetts, under the rules of the AAA.
"""


def warrant(price="$2.10", company="FOCUS ENHANCEMENTS, INC.", law="Massachusetts", date="November 24, 1999"):
    return f"""
        EXHIBIT A

        STOCK PURCHASE WARRANT

        THIS CERTIFIES that Raptor Global Portfolio Ltd. (the "Holder") may purchase from {company}, a
        corporation incorporated in the State of Delaware (the "Company"), shares at a price (the "Exercise Price")
        under this Warrant shall be {price}, as provided in the Purchase Agreement dated as of
        {date} (the "Purchase Agreement"). The Holder, the Company, the Exercise Price and the Purchase
        Agreement are named again. Capitalized terms used and not otherwise defined herein shall have the
        meanings set forth in the Purchase Agreement.

        1. Law. This Warrant shall constitute a contract under the laws of the Commonwealth of {law}.
    """


def instructions(price="$1.60", exercise="$2.10"):
    return f"""
        EXHIBIT C

        IRREVOCABLE INSTRUCTIONS TO TRANSFER AGENT

        Capitalized terms used and not otherwise defined herein have the meanings given to them in the Purchase
        Agreement. Under the Purchase Agreement, the Company issues shares at a Purchase Price of {price} per
        share and Warrants at an Exercise Price of {exercise} per share.
    """


def test_figures_that_differ_between_documents():
    found = of(run(PA, warrant(price="$2.15", company="FOCUS Enhancement, Inc.", date="November 23, 1999"),
                   instructions(price="$1.65")), "inconsistent-figure")
    messages = sorted(f.message for f in found)
    assert len(found) == 4, messages
    assert any(m.startswith("Purchase Price is 1.65 here but 1.60") for m in messages)
    assert any(m.startswith("Exercise Price is") for m in messages)
    assert any(m.startswith("Purchase Agreement date is November 23, 1999") for m in messages)
    assert any(m.startswith("Company name is FOCUS Enhancement, Inc.") for m in messages)
    assert all(f.severity == "error" for f in found)


def test_same_figures_written_differently_are_consistent():
    findings = run(PA, warrant(price="$2.1"), instructions())
    assert of(findings, "inconsistent-figure") == [] and of(findings, "governing-law") == []


def test_governing_law_difference_is_a_warning():
    found = of(run(PA, warrant(law="New York").replace("Commonwealth of New York", "State of New York"),
                   instructions()), "governing-law")
    assert [(f.severity, f.location) for f in found] == [("warning", "d2.txt:12")]
    assert "New York" in found[0].message and "Massachusetts" in found[0].message


def test_a_commonwealth_called_a_state():
    found = of(run(PA.replace("Commonwealth of Massachusetts", "State of Massachusetts")), "governing-law")
    assert [f.message for f in found] == ["Massachusetts is a Commonwealth, not a State"]


# ---------------------------------------------------------------------------------------------------- loaders, API

def test_text_loader_splits_exhibits_and_rejoins_pages():
    docs = text_docs("x.txt", "Section 1.1. First part of a sentence that goes\non over the line and the\n\n\n"
                              "                 2\n\n\nrest of it follows here.\n\n EXHIBIT A \n\nWarrant text.\n")
    assert [d.name for d in docs] == ["x.txt", "x.txt (Exhibit A)"]
    assert [(str(p), t) for p, t in docs[0].paragraphs] == [("x.txt:1", "Section 1.1. First part of a sentence that goes on over the line "
                                              "and the rest of it follows here.")]
    assert str(docs[0].where(0, docs[0].paragraphs[0][1].index("rest"))) == "x.txt:8"
    assert (str(docs[1].paragraphs[0][0]), docs[1].paragraphs[0][1]) == ("x.txt:10", "EXHIBIT A")


def test_loader_errors(tmp_path):
    (tmp_path / "a.rtf").write_text("x")
    with pytest.raises(AssemblerError, match="cannot check"):
        load_paths([tmp_path / "a.rtf"])
    with pytest.raises(AssemblerError, match="no such file"):
        load_paths([tmp_path / "missing.txt"])
    with pytest.raises(AssemblerError, match="manifest.json"):
        load_paths([tmp_path])
    (tmp_path / "bad.docx").write_bytes(b"not a zip")
    with pytest.raises(AssemblerError, match="cannot read this DOCX"):
        load_paths([tmp_path / "bad.docx"])
    (tmp_path / "bad.pdf").write_bytes(b"not a pdf")
    with pytest.raises(AssemblerError, match="cannot read this PDF"):
        load_paths([tmp_path / "bad.pdf"])


def test_finding_format_json_and_exit_codes():
    error = document_finding("placeholder", "error", "'TBD' left in the document", "TBD", Place("x.txt", line=3))
    warning = document_finding("unused-term", "warning", '"X" is defined but never used', '"X"',
                               Place("x.docx", paragraph=4), document="warrant#W-1", related=Place("x.pdf", page=2))
    assert str(error) == "x.txt:3: error: placeholder: 'TBD' left in the document: «TBD»"
    assert str(warning) == 'x.docx ¶ 4: warning: unused-term: "X" is defined but never used: «"X"»'
    assert exit_code([]) == 0 and exit_code([warning]) == 0 and exit_code([warning], strict=True) == 1
    assert exit_code([error]) == 1
    body = json.loads(findings_json([error, warning]))
    assert body["errors"] == 1 and body["warnings"] == 1
    assert body["findings"][0] == {"check": "placeholder", "severity": "error", "location": "x.txt:3",
                                   "file": "x.txt", "line": 3, "paragraph": None, "page": None, "document": None,
                                   "message": "'TBD' left in the document", "excerpt": "TBD", "text": "TBD",
                                   "related": None}
    second = body["findings"][1]
    assert (second["paragraph"], second["document"], second["related"]) == (4, "warrant#W-1", "x.pdf p. 2")
    assert warning.document_id == "warrant"
    assert (error.location, error.text) == ("x.txt:3", "TBD")  # the names front ends read before


def test_findings_carry_structured_places():
    """Each loader gives the finding its file and line, paragraph or page, and what the message compares with."""
    [txt] = run("The fee is due within ten (12) days.", name="memo.txt")
    assert (txt.place.file, txt.place.line, txt.place.paragraph, txt.place.page) == ("memo.txt", 1, None, None)
    [docx] = check_docs([docx_doc("m.docx", ["Title", "It is due within ten (12) days."])])
    assert (docx.place.file, docx.place.paragraph, docx.place.line) == ("m.docx", 2, None)
    [pdf] = check_docs([pdf_doc("m.pdf", ["Cover", "It is due within ten (12) days."])])
    assert (pdf.place.file, pdf.place.page) == ("m.pdf", 2)
    found = of(run(AGREEMENT + """
Section 1.5. "Outstanding" when used with reference to shares of Common Stock (collectively the "Shares")
shall mean all issued shares.

Section 1.6. "Shares" shall mean the shares of Common Stock purchased pursuant to this Agreement.
"""), "defined-twice")
    assert [(str(f.place), str(f.related)) for f in found] == [("t.txt:20", "t.txt:17")]


def test_docx_paragraph_locations():
    doc = docx_doc("x.docx", ["Title", "It shall be paid within ten (12) days."])
    assert [f.location for f in check_docs([doc])] == ["x.docx ¶ 2"]


def test_pdf_lines_are_joined_into_paragraphs():
    page = ("Section 1.1. Terms. The company shall pay the sum within one hundred\n"
            "twenty (120) days and the investor shall pay its share within ninety\n"
            "(120) days, each as set forth in this Agreement and in the Schedule.\n"
            "(a) the first item of the list that follows is long enough here; or\n"
            "(b) the second item.")
    found = check_docs([pdf_doc("x.pdf", ["Cover", page])])
    assert [(f.check, f.location, f.message) for f in found] == [
        ("words-figures", "x.pdf p. 2", '"ninety" is 90 but the figures say 120')]


def test_annex_attached_to_a_document_is_its_own_document():
    doc = docx_doc("cert.docx", ["SECRETARY'S CERTIFICATE",
                                 'The Secretary of FOCUS Enhancements, Inc. (the "Company") certifies the '
                                 "resolutions attached as Annex A, and the Company confirms them.",
                                 "ANNEX A", "Resolutions",
                                 'RESOLVED, that FOCUS Enhancements, Inc. (the "Company") approves; and the Company '
                                 "so resolves."])
    parts = split_exhibits(doc)
    assert [p.name for p in parts] == ["cert.docx", "cert.docx (Annex A)"]
    assert check_docs(parts) == []  # Annex A exists; "Company" defined once in each document


def test_signature_packet_uses_the_terms_of_the_set():
    packet = docx_doc("packet.docx", ["SIGNATURE PACKET", "(c) the Holder shall sign the Warrant Shares receipt;",
                                      "(a) the Holder's signature page follows."])
    assert check_docs([packet]) == []


def test_doc_built_by_hand():
    found = check_docs([Doc("memo", [(Place("memo", paragraph=1), "Pay [AMOUNT] now.")])])
    assert [(f.check, f.location) for f in found] == [("placeholder", "memo ¶ 1")]


# ---------------------------------------------------------------------------------------------------- rendered sets

@pytest.fixture(scope="module")
def rendered():
    from assembler.document.assemble import render_set
    from assembler.figures.load import load

    out = {}
    for name in ("focus_1999", "northwind_2026"):
        loaded = load(ROOT / "term_sheets" / f"{name}.yaml")
        out[name] = (loaded, render_set(loaded.term_sheet, loaded.figures))
    return out


@pytest.mark.parametrize("name", ["focus_1999", "northwind_2026"])
def test_rendered_set_has_zero_findings(rendered, name):
    """Zero open findings; the only accepted ones are those the term sheet accepts with a reason (FOCUS: the form's
    Warrant is governed by New York law, the agreements by Massachusetts law: a warning per Warrant)."""
    loaded, documents = rendered[name]
    findings, accepted = split_accepted(check_documents(documents), loaded.term_sheet.accepted_findings)
    assert [str(f) for f in findings] == []
    assert all(f.check == "governing-law" and f.severity == "warning"
               and f.location.split(" ")[0].split("#")[0] in ("warrant", "warrant_form") for f, _ in accepted)
    # one per executed Warrant and one for the form of Warrant attached to the Purchase Agreement as Exhibit A
    assert len(accepted) == (len(loaded.term_sheet.investors) + 1 if name == "focus_1999" else 0)


def test_accepting_a_finding_needs_a_matching_check_and_document(rendered):
    from assembler.termsheet.model import AcceptedFinding

    _, documents = rendered["focus_1999"]
    findings = check_documents(documents)
    wrong_doc = [AcceptedFinding(check="governing-law", document="registration_rights", reason="not this document")]
    assert split_accepted(findings, wrong_doc)[0] == findings
    wrong_check = [AcceptedFinding(check="unused-term", document="warrant", reason="not this check")]
    assert split_accepted(findings, wrong_check)[0] == findings
    other_words = [AcceptedFinding(check="governing-law", matching="State of Delaware", reason="not these words")]
    assert split_accepted(findings, other_words)[0] == findings
    these_words = [AcceptedFinding(check="governing-law", matching="State of New York", reason="these words")]
    assert split_accepted(findings, these_words)[0] == [f for f in findings if f.check != "governing-law"]


def test_built_folder_of_docx_files(rendered, tmp_path):
    """The DOCX files of a built set, loaded as `assemble check FOLDER` loads them, give what the blocks give."""
    from assembler.closing_set.files import file_stem
    from assembler.document.registry import DEFAULT_DIR
    from assembler.document.environment import environment
    from assembler.layout.docx import render_docx

    loaded, documents = rendered["northwind_2026"]
    env = environment([str(DEFAULT_DIR)])
    orders, files = {}, []
    for doc in documents:
        order = orders.setdefault(doc.doc_id, len(orders) + 1)
        name = f"{file_stem(doc, order)}.docx"
        (tmp_path / name).write_bytes(render_docx(doc.blocks, title=doc.title, footer_label="x", author="x",
                                                  when=loaded.term_sheet.closing_date, env=env))
        files.append({"name": name, "document": doc.key})
    (tmp_path / "manifest.json").write_text(json.dumps({"files": files}))
    from_files = check_docs(load_paths([tmp_path]))
    from_blocks = check_documents(documents)
    strip = lambda fs: sorted((f.check, f.severity, f.excerpt) for f in fs)  # noqa: E731
    assert strip(from_files) == strip(from_blocks)


# ---------------------------------------------------------------------------------------------------- the 1999 form

@pytest.fixture(scope="module")
def form():
    return check_docs(load_paths([FORM]))


def test_form_findings(form):
    name = FORM.name
    got = {(f.check, f.location.replace(name, "form")) for f in form}
    by_text = lambda check, text: [f for f in form if f.check == check and text in f.excerpt]  # noqa: E731
    assert by_text("words-figures", "one hundred fifty (120)") and by_text("words-figures", "ninety (120)")
    assert ("words-figures", "form:1986") in got and ("words-figures", "form:1997") in got
    assert [f.location for f in form if f.check == "undefined-term" and '"Affiliate' in f.message] == \
        [f"{name}:833"]
    assert any(f.check == "defined-twice" and '"Shares"' in f.message and f.location == f"{name}:167"
               and f"{name}:97" in f.message for f in form)
    assert any(f.check == "enumeration" and f.location == f"{name}:1533" and f.message.startswith("(a) repeats")
               for f in form)
    assert {f.location for f in form if f.check == "missing-reference" and "Exhibit C" in f.message} == \
        {f"{name}:249", f"{name}:1027"}
    assert {("placeholder", f"form:{n}") for n in (1330, 1334, 1340, 1343)} <= got
    closings = [(f.location, f.message.split('"')[1]) for f in form if f.check == "several-closings"]
    assert closings == [(f"{name}:372", "each Closing"), (f"{name}:734", "second Closing")]
    assert (sum(f.severity == "error" for f in form), sum(f.severity == "warning" for f in form)) == (19, 12)
    law = [f for f in form if f.check == "governing-law" and "New York" in f.message]
    assert [(f.severity, f.location) for f in law] == [("warning", f"{name}:1694")]
    assert "Massachusetts" in law[0].message


def test_form_handwriting_blanks_are_not_reported(form):
    lines = [int(f.location.rsplit(":", 1)[1]) for f in form if f.check == "placeholder"]
    assert not [n for n in lines if 1798 <= n <= 1898 or n > 2560]  # Notice of Exercise, Assignment Form, "By:"


def test_words_and_figures_of_different_kinds_disagree():
    [finding] = check_docs(text_docs("t.txt", "The fee is one percent ($1.00) of the price."))
    assert finding.check == "words-figures" and "written as percent but its figures as money" in finding.message
    assert check_docs(text_docs("t.txt", "The fee is one percent (1%) of the price.")) == []


# ---------------------------------------------------------------------------------------------------- holidays

@pytest.mark.parametrize("day", ["2027-01-01", "2026-11-26", "2027-01-18", "2027-02-15", "2022-06-20", "2027-12-24",
                                 "2021-12-31"])
def test_a_holiday_named_in_a_sentence_is_not_an_undefined_term(day):
    """The Form D deadline sentence names the holiday the calendar gives ("is a New Year's Day"); issue 10."""
    import datetime as dt

    from assembler.calendar import BUSINESS_DAYS

    reason = BUSINESS_DAYS.closed_reason(dt.date.fromisoformat(day))
    assert reason and not reason.startswith(("Saturday", "Sunday"))
    text = (f"The last day of that period is a {reason}, so the deadline moves to the next business day; the "
            f"Closing (the \"Closing\") shall not occur on any {reason.removesuffix(' (observed)')}.")
    assert of(run(text), "undefined-term") == []


def test_a_made_up_day_in_the_same_sentence_is_still_an_undefined_term():
    found = of(run("The last day of that period is a Settlement Day, so the deadline moves."), "undefined-term")
    assert [f.message.split('"')[1] for f in found] == ["Settlement Day"]


# ---------------------------------------------------------------------------------------------------- one document

RECITAL = """
    COMMON STOCK AND WARRANTS PURCHASE AGREEMENT

    WHEREAS, the Company shall issue and sell to the Investors, and the Investors shall purchase in the aggregate,
    (i) {shares} shares of Common Stock (as defined below) and (ii) Warrants (as defined below) to purchase up to
    {warrants} shares of the Common Stock.

    IN WITNESS WHEREOF, the parties have signed.

    RAPTOR GLOBAL PORTFOLIO LTD.

    Shares: 871,500

    Warrant Shares: 87,150

    ALTAR ROCK FUND L.P.

    Shares: 3,500

    Warrant Shares: 350
"""


def test_a_recital_that_disagrees_with_the_signature_pages_in_one_document():
    """Issue 10: the Purchase Agreement checked alone finds a recital total that its own signature pages contradict."""
    found = of(run(RECITAL.format(shares="875,500", warrants="87,000")), "inconsistent-figure")
    assert [(f.location, f.message) for f in found] == [
        ("t.txt:4", "total Shares is 875,500 here but the 2 signature page(s) of this document add up to 875,000"),
        ("t.txt:4", "total Warrant Shares is 87,000 here but the 2 signature page(s) of this document add up to "
                    "87,500")]


def test_a_recital_that_agrees_with_the_signature_pages():
    assert of(run(RECITAL.format(shares="875,000", warrants="87,500")), "inconsistent-figure") == []


# ---------------------------------------------------------------------------------------------------- closings

ONE_CLOSING = """
    PURCHASE AGREEMENT

    Section 1.1. "Closing" shall mean the closing of the purchase and sale of the Common Stock.

    Section 1.2. "Common Stock" shall mean the common stock of the Company.

    Section 2.1. Closing. {text}
"""


def test_a_one_closing_deal_that_speaks_of_several_closings():
    """Issue 10: the form's "second Closing" (6.2) and "at each Closing" (4.2) in an agreement with one Closing."""
    found = of(run(ONE_CLOSING.format(text="The Common Stock is issued at each Closing, and at the second Closing "
                                           "and any Closing; all Closings and every Closing Date are final.")),
               "several-closings")
    assert [f.message.split('"')[1] for f in found] == ["each Closing", "second Closing", "any Closing",
                                                         "all Closings", "every Closing Date"]
    assert all(f.severity == "error" and str(f.related) == "t.txt:3" for f in found)


def test_one_closing_wording_and_deals_with_several_closings_are_not_flagged():
    single = "The Closing occurs on the Closing Date at any Closing Sale Price, at the Closing of each Investor."
    assert of(run(ONE_CLOSING.format(text=single)), "several-closings") == []
    several = ONE_CLOSING.format(text='A later closing (a "Subsequent Closing") may follow; at each Closing the '
                                      "Common Stock is issued.")
    assert of(run(several), "several-closings") == []
    assert of(run('The Common Stock (the "Common Stock") is sold at each Closing.'), "several-closings") == []


# ---------------------------------------------------------------------------------------------------- from the tree

def tree_document(body: str, key: str = "purchase_agreement"):
    """A rendered document made from template XML the way render_set makes one: parsed, numbered, resolved, flat."""
    from assembler.document.tree import Document, flatten, number, parse, resolve

    doc = Document(key, key, "Purchase Agreement", parse(f'<document scheme="articles">{body}</document>', "t.xml"),
                   "t.xml")
    number(doc)
    resolve(doc, {key: doc})
    doc.blocks = flatten(doc)
    return doc


TREE_BODY = """
<title>PURCHASE AGREEMENT</title>
<p>PURCHASE AGREEMENT (the "Agreement") between the Investors (the "Investors") and FOCUS Enhancements, Inc., a
corporation (the "Company").</p>
<article title="Purchase">
<section label="purchase" title="{title}">
<clause title="Closing"><p>The Investors buy at the closing (the "Closing"), as Rule 144(c) permits.</p>
<p>(i) first;</p><p>(iii) second.</p></clause>
<clause><p>The Company sells at the Closing, as <ref to="purchase"/>(b) and {reference} hereof provide.</p></clause>
</section>
</article>
"""


def test_inside_a_build_sections_clauses_and_headings_come_from_the_tree():
    """The numbered tree says which clauses exist (not a "(c)" anywhere in the text), where a heading ends (a title
    that is not in title case), and which enumerators the renderer numbered (only typed ones are checked)."""
    doc = tree_document(TREE_BODY.format(title="Reliance by the Placement Agent and its affiliates",
                                         reference="Section 1.1(c)"))
    from_tree = check_documents([doc])
    assert [(f.check, f.message) for f in from_tree] == [
        ("enumeration", "(iii) follows (i) in Section 1.1(a): (ii) missing"),
        ("missing-reference", "Section 1.1(c) does not exist")]
    # the same words read as text (a DOCX of the document): the title is taken for text, "(c)" is found in Rule
    # 144(c), so the text checks report a term that is only a heading's and miss the missing clause
    from_text = check_docs([docx_doc("t.docx", [t for _, t in tree_doc(doc).paragraphs])])
    assert [(f.check, f.message.split(" is")[0]) for f in from_text] == [
        ("undefined-term", '"Placement Agent"'), ("enumeration", "(iii) follows (i) in Section 1.1: (ii) missing")]


def test_tree_references_that_exist_are_not_flagged():
    doc = tree_document(TREE_BODY.format(title="Purchase and Sale", reference="Section 1.1(a)"))
    assert [f.check for f in check_documents([doc])] == ["enumeration"]
