"""Page breaks read from the built PDFs: a chain of blocks each kept with the next must not carry a section to a new
page and leave the page before it mostly blank."""
from __future__ import annotations

from pypdf import PdfReader


def test_the_schedule_of_investors_starts_section_1_on_its_first_page(built_sets):
    """Each Investor's address block is kept whole, not kept with the next block: three FOCUS blocks chained to the
    table of Section 2 moved Section 1 to page 2 and left page 1 with the opening paragraph alone."""
    for deal, folder in built_sets.items():
        [pdf] = folder.glob("*_schedule_of_investors.pdf")
        first = " ".join(PdfReader(pdf).pages[0].extract_text().split())
        assert ("Investors and Addresses for Notices" if deal == "focus_1999" else "Investor and Address for Notices") \
            in first, deal
        assert "Signatory:" in first, deal  # at least the first Investor's block is on page 1
