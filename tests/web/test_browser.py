"""The whole flow in a real browser (headless Chromium), on one server:

1. a two-investor deal with warrants created from nothing through the form (the structure chosen, the market-price
   and investors'-counsel sections added, one-of choices made), an inline error seen and fixed, the figures changing
   as a field is typed, the deal built (the progress bar), the zip downloaded and compared byte for byte with
   `assemble build` of the saved term sheet; then the signed pages dropped on the deal's signatures page, filed, the
   status followed to complete, the executed documents and the closing book downloaded;
2. a shares-only deal: the simplest structure, created, changed, built twice, and the redline of the change.

Screenshots of every page go to docs/img/ with ASSEMBLE_SCREENSHOTS=1."""
from __future__ import annotations

import base64
import difflib
import io
import json
import re
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

from assembler.figures.load import load
from assembler.termsheet.skeleton import skeleton
from assembler.web.builds import locate

from returned import as_it_went_out, body_page, signature_pages, signed_pdf, stale_and_foreign
from webtest import browser, page, path_of, pictured_on_failure, screenshot, shared_server  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[2]
TIMINGS: dict[str, float] = {}

COMPANY = {
    "deal.title": "Acme Robotics, Inc. - Common Stock and Warrants Private Placement",
    "company.name": "Acme Robotics, Inc.", "company.state_of_incorporation": "Delaware",
    "company.address.lines[0]": "100 Main Street", "company.address.city": "Austin",
    "company.counsel.firm": "Baker & Lane LLP", "company.counsel.address.lines[0]": "1 Congress Avenue",
    "company.counsel.address.city": "Austin", "company.signatory.name": "Jane Doe",
    "company.signatory.title": "Chief Executive Officer",
    "company.secretary.name": "Sam Roe", "company.secretary.title": "Secretary",
    "company.directors[0].name": "Jane Doe", "company.sec_documents.fiscal_year_end": "2025-12-31",
    "company.last_balance_sheet_date": "2026-09-30", "company.tax_reserves_since": "2025-12-31",
}
INVESTORS = [
    {"name": "Alpha Fund L.P.", "entity_type": "limited partnership", "amount": "1000000.00",
     "address.lines[0]": "1 Alpha Way", "address.city": "New York", "signatory.name": "Al Alpha",
     "signatory.title": "Managing Member"},
    {"name": "Beta Capital Ltd.", "entity_type": "company", "amount": "500000.00", "address.lines[0]": "2 Beta Road",
     "address.city": "Boston", "signatory.name": "Bea Beta", "signatory.title": "Director"},
]
TERMS = {  # every deal fact the skeleton leaves TBD, but the company's and the investors'
    "principal_market.name": "Nasdaq Capital Market",
    "capitalization.authorized_common": "50000000", "capitalization.common_par_value": "0.001",
    "capitalization.outstanding_common": "20000000", "capitalization.outstanding_as_of": "2026-11-20",
    "future_financing.discount_sale_standstill_days": "90",
    "registration_rights.filing_days": "30", "registration_rights.effectiveness_days": "90",
    "registration_rights.full_review_effectiveness_days": "120", "registration_rights.acceleration_request_days": "5",
    "registration_rights.additional_registration.filing_days": "30",
    "registration_rights.additional_registration.effectiveness_days": "90",
    "registration_rights.additional_registration.full_review_effectiveness_days": "120",
    "registration_rights.investor_review_trading_days": "3", "registration_rights.comment_letter_trading_days": "5",
    "registration_rights.liquidated_damages.initial_rate_percent": "1",
    "registration_rights.liquidated_damages.initial_months": "1",
    "registration_rights.liquidated_damages.subsequent_rate_percent": "1.5",
    "registration_rights.liquidated_damages.repurchase_election_trading_days": "5",
    "registration_rights.liquidated_damages.repurchase_payment_trading_days": "10",
    "registration_rights.liquidated_damages.payment_calendar_days": "5",
    "registration_rights.blackout.max_days_per_12_months": "60", "registration_rights.blackout.filing_delay_days": "30",
    "registration_rights.blackout.notice_trading_days": "2",
    "registration_rights.fiscal_year_update_window.start_days": "60",
    "registration_rights.fiscal_year_update_window.end_days": "90",
    "governing_law.purchase_agreement.law": "New York", "governing_law.warrant.law": "New York",
    "governing_law.registration_rights.law": "New York",
    # the Purchase Agreement's and the RRA's dispute clauses state them (required: model.ArbitratedForum)
    "governing_law.purchase_agreement.arbitration_seat": "New York, New York",
    "governing_law.purchase_agreement.arbitrators": "3", "governing_law.purchase_agreement.decision_days": "30",
    "governing_law.registration_rights.arbitration_seat": "New York, New York",
    "governing_law.registration_rights.arbitrators": "3", "governing_law.registration_rights.decision_days": "30",
    "governing_law.warrant.arbitration": "as in the purchase agreement",
    "transfer_agent.name": "Continental Stock Transfer & Trust Company",
    "transfer_agent.address.lines[0]": "1 State Street", "transfer_agent.address.city": "New York",
}
CHOICES = {"registration_rights.liquidated_damages.base": "purchase_price",
           "registration_rights.liquidated_damages.proration": "thirty_day_months",
           # the skeleton asks for it (TBD); damages measured by the purchase price leave it out (emptied)
           "registration_rights.liquidated_damages.example_closing_price": ""}
COUNSEL = {"investors_counsel.name": "Sam Lee, Esq.", "investors_counsel.firm": "Lee & Park LLP",
           "investors_counsel.address.lines[0]": "5 Park Avenue", "investors_counsel.address.city": "New York"}
WARRANTS = {"securities.warrants.coverage_percent": "50", "securities.warrants.term_years": "5",
            "securities.warrants.exercise_price.percent_of_market_price": "120",
            "securities.warrants.initial_exercise.months_after_closing": "6"}
MARKET = {"market_price.trading_days": "5", "market_price.reporting_source": "Bloomberg L.P."}
MARKET_CHOICES = {"market_price.price_kind": "closing_sale", "market_price.anchor": "trading_day_before_closing"}
DAYS = ["2026-11-20", "2026-11-23", "2026-11-24", "2026-11-25", "2026-11-27"]  # Thanksgiving (11-26) left out
PRICES = ["2.10", "2.20", "2.00", "2.05", "2.15"]  # average 2.10


def field(page, dotted: str):
    return page.locator(f"[data-path='{json.dumps(path_of(dotted), separators=(',', ':'))}']")


def settle(page) -> None:
    """Wait until every edit typed so far is applied and shown (as a person would look before clicking on)."""
    page.evaluate("() => window.assembleSettled()")


def fill(page, values: dict) -> None:
    """Enter each value in its field, all at once (as a paste or an autofill would: an input event for each field),
    then wait until the page has sent them (as one edit: a field's edit waits 60 ms for the next keystroke, and the
    page batches every edit made meanwhile) and shown the answer."""
    paths = {json.dumps(path_of(dotted), separators=(",", ":")): value for dotted, value in values.items()}
    missing = page.evaluate("""values => Object.entries(values).filter(([path, value]) => {
        const node = document.querySelector(`#form [data-path='${path}']`);
        if (!node) return true;
        node.value = value;
        node.dispatchEvent(new Event(node.tagName === "SELECT" ? "change" : "input", {bubbles: true}));
        return false;
    }).map(([path]) => path)""", paths)
    assert missing == [], f"no field for {missing}"
    settle(page)


def click(page, selector: str) -> None:
    """A structural change (a choice, a section, a row): clicked once nothing is in flight, then shown."""
    settle(page)
    page.locator(selector).first.click()
    settle(page)


def problem_at(page, dotted: str):
    return page.locator(f"#form [data-problem='{dotted}']")


def figure(page, key: str) -> str:
    return page.locator(f"#figures [data-figure='{key}']").inner_text()


def timed(name: str):
    class Timer:
        def __enter__(self):
            self.start = time.perf_counter()

        def __exit__(self, *exc):
            TIMINGS[name] = round(time.perf_counter() - self.start, 1)
            print(f"{name}: {TIMINGS[name]} s")
    return Timer()


def test_a_deal_with_warrants_from_nothing_to_the_closing_book(shared_server, page, tmp_path):
    with pictured_on_failure(page, tmp_path):
        with timed("form"):
            saved = new_deal_with_warrants(shared_server, page)
        with timed("build"):
            folder = build_and_download(shared_server, page, saved, tmp_path)
        with timed("signing"):
            sign(shared_server, page, folder)
    print("timings:", TIMINGS)


def assert_valid_but_unconfirmed(page):
    """A new deal is valid; its one warning is the Disclosure Schedule the Company has not confirmed yet (an open item
    before signing, figures/drafts.py)."""
    problems = page.locator("#problems").inner_text()
    assert page.locator("#summary").inner_text().strip() == "valid1 warning", problems
    assert "disclosure_schedule.confirmed: the Company has not confirmed the Disclosure Schedule" in problems


def new_deal_with_warrants(server, page) -> Path:
    page.goto(f"{server.url}/new")
    page.wait_for_selector("#form fieldset")
    placeholders = len(re.findall(r"(?m)^[^#]*\bTBD\b", skeleton("new_deal")))  # one per deal fact: 67 today
    assert f"{placeholders} errors" in page.locator("#summary").inner_text()  # every deal fact starts as a placeholder
    assert page.locator("[data-structure='shares'] input").is_checked()  # the simplest deal: shares at a fixed price
    screenshot(page, "new-deal")

    field(page, "deal.id").fill("acme_2026")
    # A date in US order: an error at the field and at its YAML line, with the ISO date as the hint; then fixed.
    fill(page, {"agreement_date": "11/23/2026"})
    error = problem_at(page, "agreement_date")
    assert "write dates as YYYY-MM-DD: 2026-11-23" in error.inner_text()
    line = next(i for i, text in enumerate(page.input_value("#yaml").splitlines(), start=1)
                if text.startswith("agreement_date:"))
    assert "err" in page.locator(f"#gutter div:nth-child({line})").get_attribute("class")
    assert page.locator(f"#problems li[data-line='{line}']").count() == 1
    screenshot(page, "inline-error")
    fill(page, {"agreement_date": "2026-11-23"})
    assert problem_at(page, "agreement_date").count() == 0

    # The closing date from the calendar, which marks the days the market is closed.
    page.locator("[data-calendar='[\"closing_date\"]']").click()
    thanksgiving = page.locator(".calendar [data-date='2026-11-26']")
    assert "holiday" in thanksgiving.get_attribute("class") and "Thanksgiving" in thanksgiving.get_attribute("title")
    assert "closed" in page.locator(".calendar [data-date='2026-11-28']").get_attribute("class")  # a Saturday
    assert page.locator(".calendar [data-date='2026-11-30']").get_attribute("class") is None  # a trading day
    screenshot(page, "calendar")
    page.locator(".calendar [data-date='2026-11-30']").click()

    fill(page, COMPANY | {f"investors[0].{k}": v for k, v in INVESTORS[0].items()} | TERMS | CHOICES)
    # every value entered at once arrives, those of optional fields too (an answer to an earlier edit coming back
    # meanwhile must not put their old, empty value back)
    written = page.input_value("#yaml")
    assert written.count("    arbitration: as in the purchase agreement\n") == 1  # optional: inserted
    assert written.count("    arbitrators: 3  # whole number") == 2 and "example_closing_price" not in written
    click(page, "[data-add='investors']")
    fill(page, {f"investors[1].{k}": v for k, v in INVESTORS[1].items()})

    # The structure: shares and warrants; the warrants' Exercise Price a percentage of the Market Price, which needs
    # the optional market-price section; the warrants exercisable six months after the Closing.
    click(page, "[data-structure='shares_and_warrants'] input")
    assert page.locator("[data-card]").count() == 1
    click(page, "[data-choice='securities.warrants.exercise_price'] label:has-text('Percent of market price')")
    click(page, "[data-choice='securities.warrants.initial_exercise'] label:has-text('Months after closing')")
    fill(page, {"securities.purchase_price.fixed": "2.00"} | WARRANTS)
    assert "has no market_price" in page.locator("#problems").inner_text()
    click(page, "[data-section='market_price']")
    click(page, "[data-section='investors_counsel']")
    fill(page, MARKET | MARKET_CHOICES | COUNSEL)
    # The form offers a row for each trading day the Market Price needs (Thanksgiving left out).
    click(page, "[data-fill-days='market_price.closing_prices']")
    fill(page, {f"market_price.closing_prices.{day}": value for day, value in zip(DAYS, PRICES)})
    assert_valid_but_unconfirmed(page)
    assert figure(page, "market_price") == "$2.10" and figure(page, "exercise_price") == "$2.52"
    assert figure(page, "investors[1].shares") == "250,000" and figure(page, "investors[1].warrant_shares") == "125,000"
    assert page.locator("[data-series='series[0]']").inner_text().lower() == "warrants · 375,000 warrant shares"
    series_row = page.locator("[data-series-table] [data-series-row='0']").inner_text()  # the series table: terms, figures
    assert "50% of the shares" in series_row and "120% of the Market Price" in series_row and "$2.52" in series_row
    assert "375,000" in series_row and "2027-05-30" in series_row and "2032-05-30" in series_row

    # Figures follow each keystroke: Beta's amount typed over, one character at a time.
    page.evaluate("() => window.assembleTimings.splice(0)")
    amount = field(page, "investors[1].amount")
    amount.select_text()
    amount.press_sequentially("600000.00", delay=200)  # a brisk typist: five keys a second
    settle(page)
    assert figure(page, "investors[1].shares") == "300,000" and figure(page, "investors[1].warrant_shares") == "150,000"
    assert figure(page, "series[0].W-2") == "150,000"
    timings = [t["ms"] for t in page.evaluate("() => window.assembleTimings")]
    print(f"keystroke to figures shown: {timings} ms; median {statistics.median(timings)}")
    assert len(timings) >= 5 and statistics.median(timings) < 300, timings
    page.locator("#figures-pane").evaluate("pane => pane.scrollTop = 0")
    page.locator("[data-loc='securities']").scroll_into_view_if_needed()
    screenshot(page, "new-deal-valid")

    page.locator("#create").click()
    page.wait_for_url(f"{server.url}/deals/acme_2026")
    saved = server.folder / "acme_2026.yaml"
    loaded = load(saved)  # the CLI reads what the form wrote
    assert [i.name for i in loaded.term_sheet.investors] == ["Alpha Fund L.P.", "Beta Capital Ltd."]
    assert loaded.term_sheet.securities.warrants[0].exercise_price.percent_of_market_price == 120
    text = saved.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=") and "  amount: 600000.00" in text
    assert "# date YYYY-MM-DD; Closing Date: a trading day on or after the agreement date" in text

    # Editing through the form changes that one line and keeps every comment and the order of the rest.
    page.wait_for_selector("#form fieldset")
    fill(page, {"deal.title": "Acme Robotics, Inc. - PIPE"})
    changed = [d for d in difflib.ndiff(text.splitlines(), page.input_value("#yaml").splitlines())
               if d.startswith(("+", "-"))]
    assert changed == [f"-   title: {COMPANY['deal.title']}  # text; title shown in tables and reports",
                       "+   title: Acme Robotics, Inc. - PIPE  # text; title shown in tables and reports"]
    page.locator("#save").click()
    page.wait_for_selector("#saved:has-text('saved ')")
    page.locator("#figures-pane").evaluate("pane => pane.scrollTop = pane.scrollHeight * 0.25")
    screenshot(page, "edit")
    return saved


def build_and_download(server, page, saved: Path, tmp_path: Path) -> Path:
    settle(page)
    page.locator("#to-build").click()
    page.wait_for_selector("#build:not([disabled])")
    build(page, "build-progress")
    assert page.locator(".thumb img").count() > 20
    page.wait_for_function("() => [...document.querySelectorAll('.thumb img')]"
                           ".filter(img => { const r = img.getBoundingClientRect();"
                           " return r.top < innerHeight && r.left < innerWidth; })"  # the ones on screen
                           ".every(img => img.complete && img.naturalWidth > 100)", timeout=120_000)
    screenshot(page, "build")
    folder = server.output / "acme_2026"
    name, number = locate(folder, "purchase_agreement", "Liquidated Damages")  # a finding links to its page
    assert re.match(r"\d\d_purchase_agreement", name) and number > 1

    with page.expect_download() as download:
        page.locator("#zip").click()
    archive = zipfile.ZipFile(download.value.path())
    cli_output = tmp_path / "cli"
    subprocess.run([sys.executable, "-m", "assembler.cli", "build", str(saved), "--output", str(cli_output)],
                   check=True, cwd=ROOT, capture_output=True, timeout=300)
    built = sorted(p.name for p in (cli_output / "acme_2026").iterdir())
    assert sorted(n.split("/", 1)[1] for n in archive.namelist()) == built
    for name in built:
        assert archive.read(f"acme_2026/{name}") == (cli_output / "acme_2026" / name).read_bytes(), name
    pdf = next(n for n in built if n.startswith("01_") and n.endswith(".pdf"))
    with page.expect_download() as single:
        page.locator(f"article.file header a[href$='/files/{pdf}']").click()
    assert Path(single.value.path()).read_bytes() == (cli_output / "acme_2026" / pdf).read_bytes()
    return folder


def build(page, picture: str = "") -> None:
    """Click Build, watch the progress bar count the files, and wait for the page to show the new set."""
    page.evaluate("() => { window.beforeBuild = true; }")
    page.locator("#build").click()
    shot, seen = bool(picture), []
    deadline = time.time() + 240
    while time.time() < deadline:
        try:
            state = page.evaluate("""() => !window.beforeBuild ? ['reloaded']
                : !document.getElementById('build-error').hidden
                    ? ['failed', document.getElementById('build-error').innerText]
                : ['running', document.getElementById('bar').dataset.done, document.getElementById('bar').dataset.total,
                   document.getElementById('progress-text').innerText]""")
        except PlaywrightError:
            state = ["navigating"]
        if state[0] == "reloaded":
            page.wait_for_selector(".thumb img")
            break
        assert state[0] in ("running", "navigating"), f"the build failed: {state}"
        if state[0] == "running" and state[2] not in (None, "0"):
            seen.append(state[1:])
            if shot and int(state[1]) >= 2:
                screenshot(page, picture)
                shot = False
        time.sleep(0.15)
    else:
        raise AssertionError("the build did not finish in 240 s")
    if picture:  # the bar counted files of a known total, with an estimate of the time left
        assert seen and len({total for _, total, _ in seen}) == 1, seen
        assert any(" rendered · " in text and "left" in text for *_, text in seen), seen


def sign(server, page, folder: Path) -> None:
    """The signed pages come back: dropped on the deal's signatures page, filed, and followed until the book."""
    pages = signature_pages(folder)
    *first, last = pages
    returned = server.folder.parent / "returned"
    returned.mkdir()
    (returned / "signed.pdf").write_bytes(signed_pdf(folder, first))
    (returned / "extra.pdf").write_bytes(body_page(folder, last["file"]))
    (returned / "wrong.pdf").write_bytes(stale_and_foreign(last))
    (returned / "emailed.pdf").write_bytes(as_it_went_out(folder, last))
    (returned / "late.pdf").write_bytes(signed_pdf(folder, [last], angle=-2))

    page.locator("#tab-signing").click()
    page.wait_for_selector("#documents [data-signatory]")  # drawn by signing.js from the status it fetches
    assert page.locator("#documents [data-signatory]").count() == len(pages)
    assert page.locator("#documents tr.outstanding").count() == len(pages)
    drop(page, returned / "signed.pdf")  # dragged onto the drop zone
    page.locator("#files").set_input_files([returned / n for n in ("extra.pdf", "emailed.pdf", "wrong.pdf")])  # chosen
    page.evaluate("() => window.assembleUploads()")
    uploads = page.locator("#uploads li")
    assert uploads.count() == 4 and "matched" in uploads.last.inner_text()
    outcomes = [row.get_attribute("data-outcome") for row in page.locator("#filings tr").all()]
    assert outcomes == ["matched"] * len(first) + ["unrecognised", "unsigned", "stale", "foreign"]
    outstanding = page.locator("#documents tr.outstanding")
    assert outstanding.count() == 1 and last["signatory"] in outstanding.inner_text()
    assert "stale copy: wrong.pdf, page 1: signed on an earlier draft" in outstanding.inner_text()
    assert page.locator("#outstanding li").count() == 2  # the heading and the one page
    assert page.locator("#make-book").is_disabled()
    assert page.locator("#executed a").count() == len({p["document"] for p in first} - {last["document"]})
    screenshot(page, "signing")

    page.locator("#files").set_input_files(returned / "late.pdf")
    page.evaluate("() => window.assembleUploads()")
    assert "every page signed" in page.locator("#signed-count").inner_text()
    page.locator("#make-book").click()
    page.wait_for_selector("#book a")
    with page.expect_download() as download:
        page.locator("#book a[href$='.zip']").click()
    names = zipfile.ZipFile(download.value.path()).namelist()
    executed = [a.inner_text() for a in page.locator("#executed a").all()]
    assert len(executed) == len({p["document"] for p in pages}) and set(executed) <= set(names)
    with page.expect_download() as download:
        page.locator("#book a[href$='.pdf']").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    screenshot(page, "signing-complete")
    page.goto(server.url)
    assert page.locator("#deal-acme_2026 td.signing").inner_text() == f"all {len(pages)} pages signed"
    assert not [e for e in page.errors if "favicon" not in e], page.errors


def drop(page, path: Path) -> None:
    """Drag a file from the desktop onto the drop zone (a drop event carrying the file, as the browser makes it)."""
    transfer = page.evaluate_handle("""([name, data]) => {
        const transfer = new DataTransfer();
        const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
        transfer.items.add(new File([bytes], name, {type: "application/pdf"}));
        return transfer; }""", [path.name, base64.b64encode(path.read_bytes()).decode()])
    page.locator("#drop").dispatch_event("drop", {"dataTransfer": transfer})


def test_a_shares_only_deal_and_the_redline_of_a_change(shared_server, page, tmp_path):
    with pictured_on_failure(page, tmp_path), timed("shares only"):
        shares_only(shared_server, page)
    print("timings:", TIMINGS)


def shares_only(server, page) -> None:
    page.goto(f"{server.url}/new")
    page.wait_for_selector("#form fieldset")
    field(page, "deal.id").fill("bolt_2026")
    fill(page, {"agreement_date": "2026-11-23", "closing_date": "2026-11-30"} | COMPANY
         | {"deal.title": "Bolt Sensors, Inc. - Common Stock Private Placement", "company.name": "Bolt Sensors, Inc."}
         | {f"investors[0].{k}": v for k, v in INVESTORS[0].items()} | TERMS | CHOICES
         | {"securities.purchase_price.fixed": "2.50"})
    assert_valid_but_unconfirmed(page)
    assert page.locator("[data-structure='shares'] input").is_checked() and page.locator("[data-card]").count() == 0
    assert figure(page, "investors[0].shares") == "400,000" and page.locator("#figures [data-series]").count() == 0
    page.locator("#create").click()
    page.wait_for_url(f"{server.url}/deals/bolt_2026")
    assert not load(server.folder / "bolt_2026.yaml").term_sheet.securities.warrants

    page.goto(f"{server.url}/deals/bolt_2026/build")
    build(page)
    # The amount changed, saved, built again: the redline shows the new share count.
    page.locator("#tab-edit").click()
    page.wait_for_selector("#form fieldset")
    fill(page, {"investors[0].amount": "1250000.00"})
    page.locator("#save").click()
    page.wait_for_selector("#saved:has-text('saved ')")
    page.locator("#tab-build").click()
    build(page)
    page.locator("#tab-changes").click()
    compared = page.locator("#compared").inner_text()  # which two builds: the one before, and the last
    assert compared.count("(set ") == 2 and compared.startswith("the build of ") and "→ the last build" in compared
    # the changed figures named as the figures pane names them, never by their figures.json key
    rows = [[cell.inner_text() for cell in row.locator("td").all()]
            for row in page.locator("#changed-figures tbody tr").all()]
    assert ["Shares: Alpha Fund L.P.", "400,000", "500,000"] in rows, rows
    assert ["20% test: shares issued, % of outstanding", "2.00%", "2.50%"] in rows, rows
    assert not [label for label, *_ in rows if "_" in label or "[" in label], rows
    documents = [a.inner_text() for a in page.locator("table.summary-table").first.locator("td a").all()]
    assert documents and not [d for d in documents if "_" in d], documents  # titles, not document keys
    redline = page.frame_locator("iframe.redline").first
    assert redline.locator("ins", has_text="500,000").count() >= 1
    said = redline.locator("body").inner_text()  # the two builds by time and set, never the folders they are kept in
    assert "Old: the build of " in said and str(server.output) not in said and "Changed figures" not in said
    screenshot(page, "changes")

    zipped = page.request.get(f"{server.url}/deals/bolt_2026/set.zip").body()
    files = len(zipfile.ZipFile(io.BytesIO(zipped)).namelist())
    page.goto(server.url)
    row = page.locator("#deal-bolt_2026")
    assert "valid" in row.inner_text() and "from this term sheet" in row.inner_text()
    assert f" · {files} files" in row.inner_text()  # the count the build page and the zip give
    screenshot(page, "deals")
    page.locator(".new-deal a:has-text('units, several warrant series')").click()  # a new deal in another structure
    page.wait_for_selector("#form fieldset")
    assert page.locator("[data-structure='units_warrant_series'] input").is_checked()
    assert page.locator("[data-series-table] [data-series-row]").count() == 2
    assert not [e for e in page.errors if "favicon" not in e], page.errors
