"""Issue 12's leftovers on the signature packets, read in the text of the built packets of both example deals: each
packet is in a signing part and a closing part (each with its heading and date on the cover, the date from the closing
timetable; a part the signer has none of has no heading), the pages of each part are those of the documents signed at
that time (manifest signed_at), none of them carries the other part's date, a questionnaire comes whole, and a packet
for one investor holds no other investor's name or figures."""
from __future__ import annotations

import io
import re
import zipfile

import pytest
from pypdf import PdfReader

from assembler.document.registry import discover
from assembler.document.signature_pages import find_marks
from assembler.figures.load import load
from assembler.figures.timetable import signing_part
from assembler.format import long_date, money, shares, slug
from conftest import FOCUS, NORTHWIND, line_starts

DEALS = {"focus_1999": FOCUS, "northwind_2026": NORTHWIND}
SIGNED_AT = {spec.id: spec.signed_at for spec in discover() if spec.signatories}


def flat(text: str) -> str:
    return " ".join(text.split())


def packet_pages(pdf) -> list[tuple[str, str | None]]:
    """(each page's text, flattened; the document id of the signature page or the source it comes from, "cover" for
    a page of the packet's own cover) of a packet PDF."""
    out = []
    for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages:
        text = page.extract_text()
        marks = find_marks(text)
        if marks:
            what = marks[0].document.split("#")[0]
        elif "_signature_packet_" in text:  # the footer names the packet's own file
            what = "cover"
        else:  # a page of a document given whole: its footer names the file (northwind_2026/03_bad_actor_...)
            m = re.search(r"/\d+_([a-z_]+?)(?:_W-\d+.*)? \| v\.", flat(text))
            what = m.group(1) if m else None
        out.append((flat(text), what))
    return out


@pytest.fixture(scope="module")
def packets(built_sets):
    """{deal: {packet file stem: [(page text, what)]}}"""
    return {deal: {p.stem: packet_pages(p) for p in sorted(built_sets[deal].glob("*_signature_packet_*.pdf"))}
            for deal in DEALS}


@pytest.mark.parametrize("deal", DEALS)
def test_each_packet_is_in_a_signing_part_and_a_closing_part_dated_from_the_timetable(packets, deal):
    fig = load(DEALS[deal]).figures
    signing = f"Signing: {long_date(fig.step('signing').date)}."
    closing = f"Closing: {long_date(fig.step('closing').date)}."
    assert fig.step("signing").date != fig.step("closing").date
    both = 0
    for stem, pages in packets[deal].items():
        kinds = [what for _, what in pages]
        assert kinds[0] == "cover" and None not in kinds, (stem, kinds)
        docs = [k for k in kinds if k != "cover"]
        parts = [signing_part(SIGNED_AT[k]) for k in docs]
        assert parts == sorted(parts, reverse=True), stem  # every signing page before every closing page
        first = pages[0][0]
        assert "Closing Date:" not in first  # no one "Closing Date" heading over every page
        if all(parts):
            assert signing in first and "Closing:" not in " ".join(t for t, w in pages if w == "cover"), stem
        elif not any(parts):
            assert closing in first and "Signing:" not in first, stem
            assert kinds.count("cover") == 1
        else:
            both += 1
            assert "1. " + signing in first and closing not in first, stem
            # the closing part's cover page stands between the two parts
            divider = max(i for i, k in enumerate(kinds) if k == "cover")
            assert "2. " + closing in pages[divider][0] and "CLOSING PAGES" in pages[divider][0]
            assert all(signing_part(SIGNED_AT[k]) for k in kinds[1:divider] if k != "cover")
            assert not any(signing_part(SIGNED_AT[k]) for k in kinds[divider + 1:])
        # each page lists its documents under the part they belong to, numbered on
        for text, what in pages:
            if what == "cover":
                assert "Closing Date" not in text
    assert both >= 3  # the company's officer and each investor's signer sign at signing and at the Closing


@pytest.mark.parametrize("deal", DEALS)
def test_no_signature_page_carries_the_other_parts_date(packets, deal):
    fig = load(DEALS[deal]).figures
    signing_day, closing_day = long_date(fig.step("signing").date), long_date(fig.step("closing").date)
    seen = {True: 0, False: 0}
    for stem, pages in packets[deal].items():
        for text, what in pages:
            if what in (None, "cover") or "[Signature Page to" not in text:
                continue
            at_signing = signing_part(SIGNED_AT[what])
            seen[at_signing] += 1
            assert (closing_day if at_signing else signing_day) not in text, (stem, what)
    assert seen[True] and seen[False]


def test_a_covered_person_gets_the_whole_questionnaire_with_only_his_or_her_page(packets, built_sets):
    folder = built_sets["northwind_2026"]
    (source,) = folder.glob("*_bad_actor_questionnaire.pdf")
    body = [flat(p.extract_text()) for p in PdfReader(io.BytesIO(source.read_bytes())).pages]
    text_pages = [t for t in body if "[Signature Page to" not in t]
    assert len(text_pages) >= 2 and "Disqualifying Events" in " ".join(text_pages)
    people = [p.name for p in load(NORTHWIND).term_sheet.company.executive_officers] + ["Elena Vasquez"]
    checked = 0
    for stem, pages in packets["northwind_2026"].items():
        mine = [t for t, what in pages if what == "bad_actor_questionnaire"]
        if not mine:
            continue
        checked += 1
        sig = [t for t in mine if "[Signature Page to Rule 506(d)" in t]
        assert len(sig) == 1, stem
        assert [t for t in mine if t not in sig] == text_pages, stem  # every page of the questionnaire, in order
        assert slug(sig[0].split("Name: ")[1].split(" Title:")[0]) in stem
        cover = pages[0][0]
        assert "A questionnaire is included in full" in cover
    assert checked == 6 and all(any(slug(p) in s for s in packets["northwind_2026"]) for p in people)
    # the CFO signs the questionnaire only: a packet of one part, the whole questionnaire behind its cover
    (cfo,) = [pages for stem, pages in packets["northwind_2026"].items() if stem.endswith("Priya_Raman")]
    assert [w for _, w in cfo] == ["cover"] + ["bad_actor_questionnaire"] * (len(text_pages) + 1)


@pytest.mark.parametrize("deal", DEALS)
def test_an_investors_packet_holds_no_other_investors_name_or_figures(packets, deal):
    loaded = load(DEALS[deal])
    ts, fig = loaded.term_sheet, loaded.figures
    for investor, position in zip(ts.investors, fig.investors):
        (stem,) = [s for s in packets[deal] if s.endswith(slug(investor.name))]
        text = " ".join(t for t, _ in packets[deal][stem])
        assert f"Aggregate Purchase Price: {money(position.purchase_price)}" in text
        for other, theirs in zip(ts.investors, fig.investors):
            if other.name == investor.name:
                continue
            assert other.name not in text and other.name.upper() not in text, (stem, other.name)
            assert money(theirs.purchase_price) not in text and f"Shares: {shares(theirs.shares)}" not in text



def test_the_closing_divider_names_the_party_when_one_person_signs_for_several(packets):
    """Flaherty signs for two Tudor funds and gets a packet for each: each closing divider names its fund (a reviewer:
    the two dividers were interchangeable); an officer signing in his own name and for the Company keeps his name."""
    headings = {stem: next(t for t, what in pages if what == "cover" and "CLOSING PAGES" in t)
                for stem, pages in packets["focus_1999"].items()
                if any(what == "cover" and "CLOSING PAGES" in t for t, what in pages)}
    raptor = next(h for s, h in headings.items() if "Raptor" in s)
    altar = next(h for s, h in headings.items() if "Altar_Rock" in s)
    assert "SIGNATURE PACKET OF WILLIAM T. FLAHERTY FOR RAPTOR GLOBAL PORTFOLIO LTD.: CLOSING PAGES" in raptor
    assert "SIGNATURE PACKET OF WILLIAM T. FLAHERTY FOR ALTAR ROCK FUND L.P.: CLOSING PAGES" in altar
    assert "SIGNATURE PACKET OF THOMAS L. MASSIE: CLOSING PAGES" in next(h for s, h in headings.items() if "Massie" in s)


def test_the_closing_divider_breaks_between_names_never_inside_one(built_sets):
    """Issue 12: "SIGNATURE PACKET OF WILLIAM T. FLAHERTY FOR RAPTOR GLOBAL / PORTFOLIO LTD.: CLOSING PAGES" broke the
    fund's name across lines. The divider's title is set in lines: the signatory's name, the party's, then what
    follows, each line of the PDF one of them."""
    want = {"Raptor_Global": ["SIGNATURE PACKET OF WILLIAM T. FLAHERTY", "FOR RAPTOR GLOBAL PORTFOLIO LTD.:",
                              "CLOSING PAGES"],
            "Altar_Rock": ["SIGNATURE PACKET OF WILLIAM T. FLAHERTY", "FOR ALTAR ROCK FUND L.P.:", "CLOSING PAGES"],
            "Thomas_L_Massie": ["SIGNATURE PACKET OF THOMAS L. MASSIE:", "CLOSING PAGES"]}
    for key, lines in want.items():
        (pdf,) = built_sets["focus_1999"].glob(f"*_signature_packet_*{key}*.pdf")
        page = next(p.extract_text() for p in PdfReader(pdf).pages if "CLOSING PAGES" in p.extract_text())
        text = [" ".join(line.split()) for line in page.splitlines()]
        start = text.index(lines[0])
        assert text[start:start + len(lines)] == lines, (key, text[:5])


def test_a_questionnaire_title_line_breaks_between_offices_and_before_the_company(built_sets):
    """Issue 12: "Title: Chief Financial Officer, Northwind / Biosciences, Inc." and "Chief Executive / Officer," broke
    a name across lines on the Rule 506(d) questionnaire's pages. The Company's name has a line of its own, and an
    officer's title is held together (non-breaking spaces, in the PDF and in the DOCX)."""
    folder = built_sets["northwind_2026"]
    (pdf,) = folder.glob("*_bad_actor_questionnaire.pdf")
    pages = [[" ".join(line.split()) for line in p.extract_text().splitlines()] for p in PdfReader(pdf).pages]
    vasquez = next(p for p in pages if "Name: Elena Vasquez" in p)
    at = vasquez.index("Name: Elena Vasquez")
    assert vasquez[at + 1:at + 4] == ["Title: Director, President and", "Chief Executive Officer,",
                                      "Northwind Biosciences, Inc."]
    raman = next(p for p in pages if "Name: Priya Raman" in p)
    at = raman.index("Name: Priya Raman")
    assert raman[at + 1:at + 3] == ["Title: Chief Financial Officer,", "Northwind Biosciences, Inc."]
    (docx,) = folder.glob("*_bad_actor_questionnaire.docx")
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode()
    assert "Title: Director, President and Chief\u00a0Executive\u00a0Officer,<" in xml
    assert xml.count(">Northwind Biosciences, Inc.<") >= 6  # a line (a run after a break) of its own on each page
    # the Company's line stands where the title's wrapped lines hang (one tier in: SIGNATURE_STEP = SIGNATURE_HANG),
    # so that it reads as the end of the title on every page, whether the title wrapped or not (two reviewers)
    page = next(p for p in PdfReader(pdf).pages if "Name: Elena Vasquez" in p.extract_text())
    starts = line_starts(page)
    wrapped = next(x for t, x in starts.items() if t.startswith("Chief"))
    company = next(x for t, x in starts.items() if t.startswith("Northwind Biosciences, Inc."))
    title = next(x for t, x in starts.items() if t.startswith("Title:"))
    assert company == pytest.approx(wrapped, abs=1.5) and company - title == pytest.approx(18, abs=1.5)
