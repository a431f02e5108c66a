"""Issue 12's leftovers in the closing documents, read in the rendered text: the checklist numbers each document as
its files are numbered (one ordering, document/order.py); the funds flow memo is dated when it goes out and goes to
those who may see every wire; the pricing certificate names the source of the prices it measures Nasdaq's Minimum
Price from; FOCUS's Disclosure Schedule says what the term sheet knows, to be confirmed by the Company."""
from __future__ import annotations

import json
import re

import docx
import pytest

from assembler.format import long_date

from conftest import FOCUS, NORTHWIND, rendered_fixture, rendered_set


def _plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u2019", "'")


def _checklist_rows(folder) -> list[tuple[str, str]]:
    """(No., Document) of every row of the checklist's document tables (the DOCX's tables, as Word reads them)."""
    [path] = folder.glob("*_closing_checklist.docx")
    rows = []
    for table in docx.Document(path).tables:
        cells = [c.text for c in table.rows[0].cells]
        if cells[:2] == ["No.", "Document"]:
            rows += [(r.cells[0].text, _plain(r.cells[1].text)) for r in table.rows[1:]]
    return rows


def test_the_checklist_numbers_each_document_as_its_files_are_numbered(built_sets):
    for deal, folder in built_sets.items():
        files = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"]
        by_title = {}
        for f in files:
            if f["name"].endswith(".pdf") and "document" in f:
                by_title[_plain(f["title"])] = f["name"]
        rows = _checklist_rows(folder)
        assert len(rows) >= 15, deal
        numbers = [number for number, _ in rows]
        assert numbers == sorted(numbers), deal  # the groups follow the set's order
        for number, title in rows:
            name = re.sub(r" \((Exhibit [A-Z]|attached) to .*\)$", "", title)
            assert by_title[name].startswith(f"{number}_"), (deal, number, title, by_title.get(name))
        listed = {by_title[re.sub(r" \((Exhibit [A-Z]|attached) to .*\)$", "", t)] for _, t in rows}
        # every document's PDF but the checklist's own and the signature packets is listed
        assert {n for n in by_title.values() if "_closing_checklist" not in n and "_signature_packet_" not in n} \
            == listed, deal
        [own] = folder.glob("*_closing_checklist.pdf")
        text = _plain(" ".join(p.text for p in docx.Document(next(folder.glob("*_closing_checklist.docx"))).paragraphs))
        assert f"(the names of this checklist's files begin with {own.name[:2]})" in text
        consent = next(n for n, t in rows if t == "Unanimous Written Consent of the Board of Directors")
        assert f"signed by each director (document {consent} below)" in _plain("\n".join(
            c.text for t in docx.Document(next(folder.glob("*_closing_checklist.docx"))).tables
            for r in t.rows for c in r.cells))


def _texts(path) -> tuple:
    return rendered_set(path)


focus = rendered_fixture(FOCUS)
northwind = rendered_fixture(NORTHWIND)


def _line(text: str, head: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(head))


def test_the_funds_flow_memo_is_dated_with_the_wire_instructions_and_shows_no_investor_the_others_wires(focus):
    """It goes out with the wire-instruction letters, the business day before the Closing (the timetable's
    wire_instructions step), not on the Closing Date; it lists every wire, so no Investor is among its addressees: each
    learns its own Wire Amount from its own letter."""
    loaded, texts = focus
    ts, fig, memo = loaded.term_sheet, loaded.figures, texts["funds_flow"]
    sent = fig.step("wire_instructions").date
    assert sent < ts.closing_date
    assert _line(memo, "Date: ") == f"Date: {long_date(sent)}" == "Date: November 30, 1999"
    to = _line(memo, "To: ")
    assert to == "To: FOCUS Enhancements, Inc.; Epstein Becker & Green, P.C. (counsel to the Investors)"
    assert all(investor.name not in to for investor in ts.investors)
    assert ("It is delivered to the persons named above and not to the Investors: each Investor is informed of its "
            "own Wire Amount only, in the Company's wire-instruction letter to it") in memo
    assert (f"on {long_date(sent)}, the business day before the Closing Date, each letter stating the Wire Amount of "
            "the Investor to which it is addressed and no other") in memo
    assert "the Company shall confirm to each Investor the receipt of its own Wire Amount" in memo
    step = texts["closing_checklist"]
    assert ("each Investor, stating the amount that Investor is to wire and no other Investor's, signed by an "
            "authorized officer"
            ) in step
    assert "dated the same day, goes to the Company and counsel to the Investors, not to the Investors" in step


def test_one_investor_receives_the_funds_flow_memo_which_shows_only_its_own_wire(northwind):
    loaded, texts = northwind
    ts, fig, memo = loaded.term_sheet, loaded.figures, texts["funds_flow"]
    assert _line(memo, "Date: ") == f"Date: {long_date(fig.step('wire_instructions').date)}" == "Date: December 7, 2026"
    assert _line(memo, "To: ").endswith(f"; {ts.investors[0].name}")
    assert "not to the Investors" not in memo


def _schedule_parts(schedule: str) -> dict[str, list[str]]:
    """{"4.3": [its paragraphs]} of the Disclosure Schedule."""
    parts, current = {}, None
    for line in schedule.splitlines():
        m = re.match(r"^Section (4\.\d+) ", line)
        if m:
            current = parts.setdefault(m.group(1), [])
        elif current is not None:
            current.append(line)
    return parts


def test_focus_disclosure_schedule_says_what_the_term_sheet_knows_to_be_confirmed_by_the_company(focus):
    """The form's capitalization (4,500,000 shares reserved for options and warrants) and Section 6.9's 300,000-share
    cap are in the schedule, not "None"; until the term sheet says the Company confirmed it, every part is marked."""
    loaded, texts = focus
    ts, schedule = loaded.term_sheet, texts["disclosure_schedule"]
    assert not ts.disclosure_schedule.confirmed
    parts = _schedule_parts(schedule)
    capitalization = parts["4.3"]
    assert len(capitalization) == 2
    assert "for which the Company has reserved 4,500,000 shares of Common Stock for issuance" in capitalization[0]
    assert ("exercisable for not more than 300,000 shares of Common Stock in the aggregate (clause (iii) of Section "
            "6.9") in capitalization[1]
    assert f"{ts.capitalization.reserved_for_other_options_and_warrants:,}" in capitalization[0]
    assert f"{ts.capitalization.future_financing_option_cap:,}" in capitalization[1]
    assert "not exercisable for more than 300,000 shares" in texts["purchase_agreement"]  # Section 6.9 as drafted
    assert len(parts) >= 20
    for number, paragraphs in parts.items():
        assert paragraphs and all(p.endswith(" (To be confirmed by the Company.)") for p in paragraphs), number
    assert "None. (To be confirmed by the Company.)" in parts["4.12"]
    assert "Note to draft: this Disclosure Schedule has been prepared by counsel from the information in the term " \
           "sheet and has not been confirmed by the Company." in schedule


def test_a_confirmed_disclosure_schedule_carries_no_marks(northwind, tmp_path):
    from conftest import variant

    loaded, texts = northwind
    assert loaded.term_sheet.disclosure_schedule.confirmed
    schedule = texts["disclosure_schedule"]
    assert "confirmed" not in schedule and "Note to draft" not in schedule
    assert _schedule_parts(schedule)["4.1"] == ["None."]
    path, _ = variant(tmp_path, ("  confirmed: true\n", "  confirmed: false\n"), base=NORTHWIND)
    unconfirmed = _schedule_parts(_texts(path)[1]["disclosure_schedule"])
    assert unconfirmed["4.1"] == ["None. (To be confirmed by the Company.)"]
    assert unconfirmed["4.3"][0].startswith("Options to purchase 1,412,500 shares") and \
        unconfirmed["4.3"][0].endswith(" (To be confirmed by the Company.)")


def test_the_pricing_certificate_names_the_nasdaq_official_closing_prices_the_term_sheet_gives(northwind):
    """Northwind's term sheet says its Bloomberg closes are the Nasdaq Official Closing Prices
    (market_price.nasdaq_official): the certificate says so where it lists them and measures Rule 5635(d)'s Minimum
    Price from them, named as the Official Closing Prices and their reporter, and the deal has no warning about it."""
    loaded, texts = northwind
    ts, fig, cert = loaded.term_sheet, loaded.figures, texts["pricing_certificate"]
    assert ts.market_price.nasdaq_official and ts.principal_market.official_closing_prices is None
    assert fig.minimum_price.official and fig.minimum_price.reported_by == "Bloomberg L.P."
    market = cert[cert.index("1. Market Price."):cert.index("2. Prices Measured")]
    assert ("Each closing sale price above is the official closing price of the Common Stock reported by Nasdaq for "
            "that Trading Day, as reported by Bloomberg L.P.") in market
    part = cert[cert.index("3. Nasdaq Minimum Price."):cert.index("The Purchase Price of ")]
    assert ("The prices below are the Official Closing Prices, as reported by Bloomberg L.P., the source of the "
            "Market Price (the closing sale prices of Section 1):") in part
    assert "\nOfficial Closing Price (Bloomberg L.P.)\n" in part and "not the Official Closing Prices" not in part
    assert "Average of the five Official Closing Prices" in part
    assert not [w for w in loaded.warnings if "Minimum Price" in w.message]


def test_only_a_nasdaq_closing_sale_price_can_be_said_to_be_the_nocp(tmp_path):
    from conftest import problem_lines, variant

    path, text = variant(tmp_path, ("  price_kind: closing_sale\n", "  price_kind: closing_bid\n"), base=NORTHWIND)
    got = [line for line in problem_lines(path) if "market_price.nasdaq_official" in line]
    assert got and "the Nasdaq Official Closing Price is a closing sale price" in got[0]
    assert got[0].startswith(f"{path}:{text[:text.index('  nasdaq_official: true')].count(chr(10)) + 1}:")
