"""Issue 12, read in the rendered text (the fast path: no layout): the edition of the form a term sheet chooses
(current law for 2026, the form as filed for 1999), the closing documents the set now holds, deadlines as the
contract counts them and words the agreements actually contain."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from assembler.calendar import BUSINESS_DAYS
from assembler.format import price

from conftest import FOCUS, NORTHWIND, rendered_fixture, rendered_set, variant

SUPERSEDED = ("Section 4(2)", "Section 4(6)", "144(k)", "facsimile", "Facsimile", "SmallCap", "National Market",
              "American Stock Exchange", "EVIDENCED BY THIS CERTIFICATE")


def rendered(path):
    return rendered_set(path)


northwind = rendered_fixture(NORTHWIND)
focus = rendered_fixture(FOCUS)


def test_a_current_edition_set_contains_none_of_the_superseded_citations(northwind):
    loaded, texts = northwind
    assert loaded.term_sheet.edition.value == "current"
    for key, text in texts.items():
        for old in SUPERSEDED:
            assert old not in text, f"{key} cites {old!r}"
    pa = texts["purchase_agreement"]
    assert 'Section 4(a)(2) ("Section 4(a)(2)") and/or Section 4(a)(5)' in pa
    assert "the Nasdaq Capital Market, whichever is at the time the principal trading exchange" in pa
    assert "Rule 506(d)" in pa and "Disqualification Event" in pa
    # Rule 506(d)(1) also covers anyone paid for soliciting purchasers (a placement agent) and its officers
    assert ("To the Company's knowledge, no person that has been or will be paid (directly or indirectly) "
            "remuneration for solicitation of purchasers in connection with the sale of the Shares and the Warrant, "
            "and no general partner, managing member, director, executive officer or other officer participating in "
            "the offering of any such person, is subject to a Disqualification Event") in pa
    assert "book-entry form through the Transfer Agent's Direct Registration System" in pa
    assert "transmitted by email" in pa and "Counterparts/Electronic Signatures" in pa
    assert "holding period required by Rule 144(d)" in texts["transfer_agent_instructions"]
    warrant = texts["warrant#W-1"]  # book entry: no certificate to name the holder of record in
    assert "in the name of the holder or of such other person as is specified in the Notice of Exercise" in warrant
    assert "Holder or any other person so specified shall be deemed" in warrant and "named therein" not in warrant
    for key in ("purchase_agreement", "registration_rights"):  # no facsimile "number" left where notices go by email
        assert "upon hand delivery or delivery by email, at the address or email address " \
               f"{'designated' if key == 'purchase_agreement' else 'of such party set forth in the Purchase'}" \
            in texts[key]  # the Registration Rights Agreement's addresses are the Purchase Agreement's
        assert "address or number" not in texts[key], key


def test_the_form_as_filed_keeps_its_own_citations(focus):
    loaded, texts = focus
    assert loaded.term_sheet.edition.value == "as_filed"
    pa = texts["purchase_agreement"]
    assert "Section 4(2)" in pa and "144(k)" in pa and "NASDAQ SmallCap Market" in pa and "facsimile" in pa
    assert "Rule 506(d)" not in pa and "Disqualification Event" not in pa


def test_disclosure_schedule_has_one_part_per_article_iv_section_none_by_default(northwind):
    loaded, texts = northwind
    pa, schedule = texts["purchase_agreement"], texts["disclosure_schedule"]
    article_iv = re.findall(r"^Section (4\.\d+)\. ([^.]+)\.", pa, re.M)
    parts = re.findall(r"^Section (4\.\d+) (.+)$", schedule, re.M)
    assert parts == article_iv and len(parts) >= 20
    blocks = re.split(r"^Section 4\.\d+ .+$", schedule, flags=re.M)[1:]
    given = loaded.term_sheet.disclosure_schedule
    with_exceptions = [i for i, b in enumerate(blocks) if b.strip() != "None."]
    assert with_exceptions and len(with_exceptions) < len(blocks)  # "None." by default, exceptions where given
    for exceptions in (v for _, v in given.sections if v):
        assert all(item in schedule for item in exceptions)


def test_board_consent_one_page_per_director_dated_before_signing(northwind):
    loaded, texts = northwind
    ts, consent = loaded.term_sheet, texts["board_consent"]
    dated = dt.datetime.strptime(re.search(r"Dated as of (\w+ \d+, \d{4})", consent).group(1), "%B %d, %Y").date()
    assert dated < ts.agreement_date
    legends = consent.count("[Signature Page to Unanimous Written Consent of the Board of Directors]")
    assert legends == len(ts.company.directors) >= 2
    for director in ts.company.directors:
        assert f"Name: {director.name}\n" in consent
    assert "by its Unanimous Written Consent dated as of" in texts["secretarys_certificate"]


def test_secretarys_certificate_has_specimen_signatures_and_a_countersigning_officer(northwind):
    loaded, texts = northwind
    company, cert = loaded.term_sheet.company, texts["secretarys_certificate"]
    assert f"The undersigned, {company.secretary.name}, hereby certifies" in cert
    # the specimen page: the specimen across the page under its heading, then the certificate as to the Secretary
    assert (f"SPECIMEN SIGNATURE\nThe following is the genuine signature of the officer of the Company named in "
            f"Section 3 of this certificate:\n{'_' * 32}\nName: {company.signatory.name}\n"
            f"Title: {company.signatory.title}\nCERTIFICATE AS TO THE SECRETARY\n") in cert
    assert (f"The undersigned, {company.signatory.name}, {company.signatory.title} of the Company, certifies that "
            f"{company.secretary.name} is the duly elected, qualified and acting Secretary") in cert


def test_pricing_certificate_shows_each_closing_price_the_average_and_the_rounding(northwind):
    loaded, texts = northwind
    ts, fig, cert = loaded.term_sheet, loaded.figures, texts["pricing_certificate"]
    for day, value in ts.market_price.closing_prices.items():
        assert f"{day.strftime('%B')} {day.day}, {day.year}\n{price(value)}" in cert
    assert f"{ts.market_price.rounding.clause}\n{price(fig.market_price, ts.market_price.rounding.places)}" in cert
    assert f"Market Price of {price(fig.market_price)}\n" not in cert  # $3.4440, as rounded to four places, not $3.444
    assert f"The Purchase Price is " in cert and ts.securities.purchase_price.rounding.clause in cert
    assert 'Under Nasdaq Rule 5635(d), the "Minimum Price" is the lower of' in cert


def _minimum_price_part(cert: str) -> str:
    return cert[cert.index("Nasdaq Minimum Price."):cert.index("The Purchase Price of ")]


def test_pricing_certificate_names_the_source_the_agreement_measures_the_market_price_from(tmp_path):
    """The Market Price is measured as the agreement defines it (its reporting source) from that source's prices. The
    Minimum Price of Rule 5635(d) rests on Nasdaq's Official Closing Prices: a term sheet that gives only the Market
    Price's closes (Bloomberg's) without saying they are the NOCP gets a certificate that says plainly it used those,
    never calls them official, and a warning located at the Market Price's source."""
    from conftest import variant

    path, text = variant(tmp_path, ("  nasdaq_official: true\n", "  nasdaq_official: false\n"), base=NORTHWIND)
    loaded, texts = rendered(path)
    ts, fig, cert = loaded.term_sheet, loaded.figures, texts["pricing_certificate"]
    source = ts.market_price.reporting_source
    assert ts.principal_market.official_closing_prices is None and not ts.market_price.nasdaq_official
    [warning] = [w for w in loaded.warnings if "Minimum Price" in w.message]
    assert warning.severity == "warning" and warning.path == "market_price.reporting_source"
    assert warning.line == text[:text.index("  reporting_source: Bloomberg")].count("\n") + 1
    assert ("the term sheet does not say that the closing sale prices reported by Bloomberg L.P. are those prices"
            ) in warning.message and "set market_price.nasdaq_official: true" in warning.hint
    assert "Official Closing Price of the Common Stock" not in cert.split("Nasdaq Minimum Price.")[0]
    assert f"(as reported by {source}) of the Common Stock" in texts["purchase_agreement"]
    assert f"of the Common Stock on the Principal Market, as reported by {source}, during the" in cert
    part = _minimum_price_part(cert)
    assert (f"The prices below are not the Official Closing Prices: they are the closing sale prices of the Common "
            f"Stock on the Principal Market as reported by {source}, the source of the Market Price") in part
    assert f"Closing sale price ({source})" in part and "\nOfficial Closing Price\n" not in part
    assert "official closing price" not in part.split("preceding that signing.")[1].lower().replace(
        "not the official closing prices", "").replace("in place of the official closing prices", "")
    for day, value in fig.minimum_price.days:
        assert value == ts.market_price.closing_prices[day]
        assert f"{day.strftime('%B')} {day.day}, {day.year}\n{price(value)}" in part


def test_pricing_certificate_uses_the_official_closing_prices_when_the_term_sheet_gives_them(tmp_path):
    from conftest import variant

    official = {"2026-11-13": "3.47", "2026-11-16": "3.52", "2026-11-17": "3.44", "2026-11-18": "3.40",
                "2026-11-19": "3.46"}
    lines = "".join(f"    {day}: {value}\n" for day, value in official.items())
    path, _ = variant(tmp_path, ("  shareholder_approval_threshold_percent: 20\n",
                                 "  shareholder_approval_threshold_percent: 20\n  official_closing_prices:\n" + lines),
                      base=NORTHWIND)
    loaded, texts = rendered(path)
    part = _minimum_price_part(texts["pricing_certificate"])
    assert "The prices below are the Official Closing Prices as reported by Nasdaq:" in part
    assert "Bloomberg" not in part and "\nOfficial Closing Price\n" in part
    for day, value in official.items():
        d = dt.date.fromisoformat(day)
        assert f"{d.strftime('%B')} {d.day}, {d.year}\n${value}" in part
    assert loaded.figures.minimum_price.last_close == loaded.term_sheet.principal_market.official_closing_prices[
        dt.date(2026, 11, 19)] != loaded.term_sheet.market_price.closing_prices[dt.date(2026, 11, 19)]


def test_checklist_timetable_for_a_current_edition_deal(northwind):
    loaded, texts = northwind
    ts, fig, checklist = loaded.term_sheet, loaded.figures, texts["closing_checklist"]
    notice = fig.step("exchange_notice")
    assert notice is not None and (ts.closing_date - notice.date).days >= 15
    assert "Notification of Listing of Additional Shares" in checklist and "more than 10%" in checklist
    day = ts.agreement_date
    for _ in range(4):  # four business days after the agreement is signed
        day = BUSINESS_DAYS.next_open(day + dt.timedelta(days=1))
    assert fig.step("form_8k").date == day
    assert fig.step("form_8k").date.strftime("%B %-d, %Y") in checklist
    assert "Current report on Form 8-K, Items 1.01 and 3.02" in checklist
    for words in ("Press release", "Wire-instruction letter", "Listing of the Shares", "Copies of the Form D",
                  "Issuance Instruction Letter to Transfer Agent", "Pricing Certificate", "Disclosure Schedule"):
        assert words in checklist, words


def test_deadlines_fall_as_the_contract_counts_them(focus):
    loaded, texts = focus
    checklist = texts["closing_checklist"]
    # day 30 after December 1, 1999 is December 31, 1999 (New Year's Day observed): the RRA has no business-day clause
    assert ("(30 days after the Closing Date; December 31, 1999 is not a business day, and the Registration Rights "
            "Agreement does not extend it: the business day before it is December 30, 1999)") in checklist
    assert "January 3, 2000" not in checklist
    assert "extended under" not in checklist


def test_checklist_date_column_holds_dates_and_the_reasons_are_in_the_step(focus, northwind):
    """The post-closing table's Date column is narrow: a date there ("by", "after" or "promptly after" a filing), and
    why it is that date (a deadline the contract does not extend, the states' own periods) in the Step column beside
    it; a note in the Date column wrapped to eight lines. An open item before signing (figures/drafts.py) has no date
    of its own: "Before signing"."""
    for loaded, texts in (focus, northwind):
        checklist = texts["closing_checklist"]
        sections = re.split(r"^\d+\. (?=[A-Z][\w ]+\. )", checklist, flags=re.M)
        timetable = "".join(s for s in sections if s.startswith(("Before Signing", "After Signing", "After the Closing")))
        rows = re.findall(r"^\d+\n(.+)\n(.+)\n(Company|Company Counsel|Company and Investors?|Investors' Counsel|All parties)\nOpen$",
                          timetable, re.M)
        assert len(rows) >= 9
        for step, when, _ in rows:
            assert re.fullmatch(r"((by|as soon as reasonably practicable after) )?\w+ \d+, \d{4}"
                                r"|promptly after the Form D is filed|As each state requires"
                                r"|Before signing",
                                when), (step, when)
        assert "(generally due within fifteen days after the first sale in the state)\nAs each state requires" in checklist
        # the listing has no deadline of its own, only the agreement's "as soon as reasonably practicable" (a reviewer:
        # "after December 1, 1999" sets none); each Investor wires its aggregate purchase price, not the "Purchase
        # Price" (a per-share price in the agreement)
        assert re.search(r"\nas soon as reasonably practicable after \w+ \d+, \d{4}\n", checklist)
        assert "Wire transfer of the aggregate purchase price of $" in checklist
        assert "Wire transfer of the purchase price" not in checklist
    fig = focus[0].figures
    assert f"(the Form D is due {fig.dates.form_d_deadline.strftime('%B %-d, %Y')})" in focus[1]["closing_checklist"]


def test_liquidated_damages_follow_the_contracts_own_measure(focus):
    """RRA 3(e) measures liquidated damages on the market value as of the Closing Date; the form then defined that
    value by the closing price of each day of a default (its own contradiction). The draft defines it by the closing
    price on the Closing Date, and the worked figures assume that price (the term sheet's example_closing_price), not
    the Market Price and not a price per day."""
    loaded, texts = focus
    ld = loaded.term_sheet.registration_rights.liquidated_damages
    assert ld.example_closing_price is not None
    position = loaded.figures.investors[0]
    assert position.damages_base == position.shares * ld.example_closing_price
    rra = texts["registration_rights"]
    assert "aggregate market value as of the Closing Date of shares of Common Stock" in rra
    assert ("The market value of the Common Stock for this purpose shall be the closing price (or last trade, if so "
            "reported) on the Principal Market on the Closing Date (or, if the Closing Date is not a Trading Day, on "
            "the last Trading Day before it).") in rra
    assert "for each day during such Registration Default" not in rra
    audit = loaded.figures.audit["investors[0].damages_monthly"].rule
    assert "closing price on the Closing Date" in audit and "each day" not in audit


def test_executed_warrants_carry_no_exhibit_caption_and_the_form_is_marked(focus, northwind):
    for loaded, texts in (focus, northwind):
        for key, text in texts.items():
            if key.startswith("warrant#"):
                assert not text.startswith("EXHIBIT") and "EXHIBIT A" not in text.splitlines()[:3]
        form = texts["warrant_form"]
        assert form.splitlines()[0] == "EXHIBIT A" and "FORM OF STOCK PURCHASE WARRANT" in form



def test_the_form_of_warrant_states_a_price_measured_after_signing_as_a_formula(focus, northwind):
    """FOCUS's Market Price is measured over the Trading Days before the Closing, after the signing: the form of
    warrant attached to the agreement cannot know the $2.10 and states the price as the agreement defines it; the
    executed warrants state the figure. The 2026 example measures it before the signing: its form states the figure."""
    from assembler.format import price

    loaded, texts = focus
    fig, ts = loaded.figures, loaded.term_sheet
    assert max(fig.dates.market_price_days) >= ts.agreement_date
    figure = price(fig.exercise_price)
    form = texts["warrant_form"]
    assert figure not in form
    assert ('(the "Exercise Price") under this Warrant shall be 110% of the Market Price, rounded to the nearest '
            'cent, with one-half cent rounded up, the Market Price being as defined in the Common Stock and Warrants '
            'Purchase Agreement dated as of November 24, 1999 pursuant to which this Warrant has been issued') \
        in " ".join(form.split())
    for key in ("warrant#W-1", "warrant#W-2", "warrant#W-3"):
        assert f'(the "Exercise Price") under this Warrant shall be {figure}, being 110% of the Market Price' in \
            " ".join(texts[key].split())
    loaded, texts = northwind
    assert max(loaded.figures.dates.market_price_days) < loaded.term_sheet.agreement_date
    assert f"shall be {price(loaded.figures.exercise_price)}, being 125% of the Market Price" in \
        " ".join(texts["warrant_form"].split())

def test_one_investor_is_spoken_of_in_the_singular(northwind):
    _, texts = northwind
    assert "Common Stock and Warrant Purchase Agreement" in texts["purchase_agreement"]
    assert "Warrants Purchase Agreement" not in "\n".join(texts.values())


def test_the_warrant_cites_the_agreement_only_for_what_it_says(focus):
    _, texts = focus
    grant = texts["warrant#W-1"]
    assert "the Market Price being as defined in the Common Stock and Warrants Purchase Agreement" in grant
    assert "as provided in the Common Stock" not in grant


@pytest.mark.parametrize("day, named, not_named", [
    (dt.date(2008, 2, 14), [], ["144(k)", "4(6)", "4(2)"]),
    (dt.date(2008, 2, 15), ["Rule 144(k)"], ["4(6)", "4(2)"]),
    (dt.date(2011, 1, 3), ["Section 4(6)", "renumbered 4(5) by the Dodd-Frank Act on July 21, 2010"], ["4(2)"]),
    (dt.date(2026, 11, 23), ["Section 4(2) and 4(6)", "Dodd-Frank Act on July 21, 2010",
                             "4(a)(2) and 4(a)(5) by the JOBS Act on April 5, 2012"], []),
])
def test_the_superseded_law_a_deal_of_its_day_is_warned_of(day, named, not_named):
    """Section 4(6) became 4(5) under the Dodd-Frank Act (2010, Section 944) before the JOBS Act (2012) made it
    4(a)(5): an as-filed deal between the two is warned of 4(6) alone."""
    from assembler.law import superseded_on

    text = " | ".join(superseded_on(day))
    assert all(n in text for n in named), text
    assert not any(n in text for n in not_named), text


def test_pricing_certificate_states_the_20_percent_comparison_in_plain_words(northwind):
    loaded, texts = northwind
    fig, cert = loaded.figures, texts["pricing_certificate"]
    c = fig.capitalization
    issued = fig.totals.shares + c.warrant_shares
    assert (f"The transaction may result in the issuance of {issued:,} shares of Common Stock (the Shares and the "
            f"Warrant Shares), which are ") in cert
    assert "that the transaction may result in the issuance of (" not in cert


def test_board_consent_approves_an_agreement_to_be_dated_later_and_uses_no_term_before_defining_it(northwind, focus):
    for loaded, texts in (northwind, focus):
        ts, consent = loaded.term_sheet, texts["board_consent"]
        date = f"{ts.agreement_date:%B} {ts.agreement_date.day}, {ts.agreement_date.year}"
        assert f", to be dated as of {date}, between the Company and the " in consent
        assert ("in the form presented to the Board, with such changes therein as the officer of the Company executing "
                "it may approve, that approval to be conclusively evidenced by the officer's execution of the Purchase "
                "Agreement (the \"Purchase Agreement\")") in consent
        opening = consent.split("WHEREAS")[0]
        assert "the Company" not in opening and f"the bylaws of {ts.company.name}" in opening
        # the Secretary certifies the same words
        assert f", to be dated as of {date}, between the Company" in texts["secretarys_certificate"]


def test_signature_packet_cover_says_in_plain_words_for_whom_one_signs_and_to_whom_to_return(northwind):
    """"Signing for: Elena Vasquez; Northwind Biosciences, Inc." and "return the signed pages to counsel" left a
    director to guess what signing for herself meant and which counsel; the transfer agent signs for itself, not "in
    your own name"."""
    loaded, texts = northwind
    ts = loaded.term_sheet
    covers = {t.split("Signatory: ")[1].split("\n")[0]: t for k, t in texts.items() if k.startswith("signature_packet#")}
    ceo, director = ts.company.signatory.name, ts.company.directors[1].name
    investor = ts.investors[0]
    assert f"You sign in your own name and for {ts.company.name}\n" in covers[ceo]  # "Inc." ends the sentence
    assert "You sign in your own name.\n" in covers[director]
    end = lambda name: name if name.endswith(".") else name + "."  # noqa: E731 - one period ends the sentence
    assert f"You sign for {end(investor.name)}\n" in covers[investor.signatory.name]
    assert f"You sign for {end(ts.transfer_agent.name)}\n" in covers[ts.transfer_agent.name]
    assert not any(".." in cover for cover in covers.values())
    for cover in covers.values():
        assert "Signing for:" not in cover
        assert f"return the signed pages to {ts.company.counsel.firm}, counsel to the Company;" in cover


def test_issuance_letter_does_not_bind_counsel_in_the_companys_letter(northwind):
    loaded, texts = northwind
    letter, firm = texts["issuance_instruction_letter"], loaded.term_sheet.company.counsel.firm
    assert f"The Company will cause {firm}, its counsel, to deliver to you any legal opinion you reasonably require" in letter
    assert f"{firm}, counsel to the Company, will deliver" not in letter


def test_checklist_does_not_claim_questionnaires_from_officers_who_have_no_page(northwind):
    """The questionnaire pages are the directors', the signing officer's, the Secretary's and those of the executive
    officers the term sheet lists (the 2026 CFO, named in the notices, has one since company.executive_officers). The
    checklist said "of each director and executive officer"; it asks for the other Issuer Covered Persons'
    questionnaires, in the words of Section 4.21 (tests/render/test_executive_officers.py: without the list)."""
    loaded, texts = northwind
    checklist = texts["closing_checklist"]
    assert "questionnaires and certifications of each director and executive officer" not in checklist
    assert ("certifications of the directors and executive officers (document 03 below), and of any other Issuer "
            "Covered Person (each other officer participating in the offering and 20% beneficial owner)"
            ) in checklist
    assert '(each, an "Issuer Covered Person")' in texts["purchase_agreement"]


def test_bad_actor_questionnaire_quotes_rule_506d1vii(northwind):
    """Rule 506(d)(1)(vii) speaks of a "Regulation A offering statement" and an "order suspending the Regulation A
    exemption"; the questionnaire said "offering statement" (any offering statement) and "the exemption of
    Regulation A"."""
    questionnaire = northwind[1]["bad_actor_questionnaire"]
    assert ("has filed (as a registrant or issuer), or was or was named as an underwriter in, any registration "
            "statement or Regulation A offering statement filed with the SEC that, within five years before the sale, "
            "was the subject of a refusal order, stop order or order suspending the Regulation A exemption") in questionnaire


def test_checklist_asks_for_the_placement_agents_bad_actor_certification():
    """Rule 506(d)(1) covers a person paid to solicit purchasers and its directors and officers participating in the
    offering; a deal with a Placement Agent needs its certification, and the checklist did not ask for it."""
    from conftest import ROOT

    with_agent = rendered(ROOT / "tests" / "deals" / "placement_agent_warrants.yaml")[1]["closing_checklist"]
    assert ("and the Placement Agent's certification (a paid solicitor is covered by Rule 506(d)(1)) as to itself and "
            "its directors and officers participating in the offering") in with_agent


def test_no_placement_agent_certification_without_a_placement_agent(northwind):
    assert "Placement Agent's certification" not in northwind[1]["closing_checklist"]


def test_payment_delivery_and_the_transfer_agent_instructions_come_at_the_closing(northwind, focus):
    """The form had the Investors pay, and the Company issue its transfer agent instructions, "upon execution and
    delivery of this Agreement", though the Closing follows the signing (northwind: signed November 20, closed
    December 8, 2026; FOCUS: November 24 and December 1, 1999)."""
    for loaded, texts in (northwind, focus):
        pa = texts["purchase_agreement"]
        assert loaded.term_sheet.closing_date > loaded.term_sheet.agreement_date
        assert "upon execution and delivery of this agreement" not in pa.lower()
        assert "upon the execution and delivery hereof" not in pa.lower()
        assert "At the Closing, the Company shall issue to the transfer agent for its Common Stock" in pa
        assert "irrevocable by the Company from and after their issuance to the transfer agent" in pa
    assert "At the Closing, the Investor shall deliver to the Company immediately available funds" \
        in northwind[1]["purchase_agreement"]
    assert "At the Closing, each Investor shall deliver to the Company immediately available funds" \
        in focus[1]["purchase_agreement"]


def test_the_pricing_certificate_states_the_20_percent_test_as_the_limits_decide_it(monkeypatch):
    """The certificate states the outcome figures/limits.shareholder_approval computes (the one place the 20% test
    is decided), never a comparison of its own: a test that comes out the other way changes its words."""
    from dataclasses import replace

    import assembler.document.wording as wording_module
    from assembler.figures.limits import shareholder_approval

    loaded, texts = rendered(NORTHWIND)
    test = shareholder_approval(loaded.term_sheet, loaded.figures)
    assert not test.at_or_above and "below the 20% threshold of Rule 5635(d)." in texts["pricing_certificate"]
    flipped = replace(test, at_or_above=True, below_market=True, approval_obtained=False)
    monkeypatch.setattr(wording_module, "shareholder_approval", lambda ts, fig: flipped)
    cert = rendered_set(NORTHWIND, fresh=True)[1]["pricing_certificate"]
    assert "at or above the 20% threshold of Rule 5635(d). The stockholders of the Company have not approved" in cert
    assert "is below the Minimum Price" in cert


def test_the_form_of_transfer_agent_instructions_states_a_price_unknown_at_signing_as_defined(focus, northwind):
    """Exhibit C, the form of the Irrevocable Instructions attached to the agreement, follows the same rule as the form
    of warrant (Figures.known_at_signing): FOCUS's form states the Exercise Price as the agreement defines it, the
    executed instructions state $2.10; the 2026 example's form states the figure known at signing."""
    from assembler.format import price

    loaded, texts = focus
    figure = price(loaded.figures.exercise_price)
    form, executed = (" ".join(texts[k].split()) for k in ("transfer_agent_instructions_form",
                                                             "transfer_agent_instructions"))
    assert figure not in form
    assert ('at an Exercise Price per share equal to 110% of the Market Price (as defined in the Purchase Agreement), '
            'rounded to the nearest cent, with one-half cent rounded up, subject to adjustment') in form
    assert f"at an Exercise Price of {figure} per share, subject to adjustment" in executed
    loaded, texts = northwind
    assert f"at an Exercise Price of {price(loaded.figures.exercise_price)} per share" in \
        " ".join(texts["transfer_agent_instructions_form"].split())


def _sum_of_exercise(fig):
    """The test's own arithmetic: each investor certificate's Warrant Shares at its series' Exercise Price."""
    return sum(c.warrant_shares * fig.series[c.series].exercise_price for c in fig.certificates if c.investor is not None)


def test_form_d_counts_the_warrant_shares_exercise_price_in_the_amount_offered(focus, northwind):
    from assembler.format import money
    for (loaded, texts), paper in ((focus, True), (northwind, False)):
        fig = loaded.figures
        exercise = _sum_of_exercise(fig)
        assert exercise > 0 and fig.warrant_exercise_amount == exercise
        sheet = " ".join(texts["form_d_data_sheet"].split())
        total = money(fig.totals.purchase_price + exercise)
        if paper:  # the 1999 paper form: Part C, Question 1, one row per type of security
            assert f"Aggregate offering price: Convertible Securities (including warrants) {money(exercise)}" in sheet
            assert f"Aggregate offering price: Total {total}" in sheet
        else:  # the electronic-era form: Items 11 and 13
            assert f"Total offering amount {total} (the aggregate purchase price of {money(fig.totals.purchase_price)}"\
                in sheet
            assert f"Total remaining to be sold {money(exercise)} (the Warrant Shares" in sheet
            assert "Minimum investment accepted from any outside investor $0" in sheet
        assert f"Total amount sold {money(fig.totals.purchase_price)}" in sheet or \
            f"Amount already sold {money(fig.totals.purchase_price)}" in sheet
        assert "is not included" not in sheet and "Counsel should confirm" not in sheet  # an answer, not a note
        sale = fig.dates.form_d_first_sale.strftime("%B %-d, %Y")  # sold when committed, not when paid
        assert f"sold under the Purchase Agreement on {sale} and paid for at the Closing on" in sheet
        assert "sold at the Closing" not in sheet and "Non-accredited investors 0" in sheet
        if not paper:  # the Warrant Shares, still to be sold, are offered until the Warrant expires
            last = max(s.termination for s in fig.investor_series).strftime("%B %-d, %Y")
            assert f"Offering expected to last more than one year Yes" in sheet and f"expires on {last}" in sheet


def test_form_d_of_a_shares_only_deal_offers_the_purchase_price_alone():
    from assembler.format import money
    from conftest import ROOT
    loaded, texts = rendered_set(ROOT / "tests" / "deals" / "minimal_shares_only.yaml")
    sheet = " ".join(texts["form_d_data_sheet"].split())
    assert loaded.figures.warrant_exercise_amount == 0
    assert "Warrant Shares" not in sheet and "Convertible Securities" not in sheet
    assert money(loaded.figures.totals.purchase_price) in sheet


def test_the_funds_flow_states_no_deduction_as_an_amount(focus, northwind):
    for _, texts in (focus, northwind):
        flow = " ".join(texts["funds_flow"].split())
        assert re.search(r"Less: fees, commissions or expenses deducted from the wires? \$0\.00", flow), flow[-600:]


def test_the_board_states_a_market_measured_price_only_once_its_last_close_is_past(tmp_path):
    """A consent dated the last Trading Day of the Market Price window (Northwind: November 19, 2026) cannot know
    that day's close: it approves the Purchase Agreement's formula; a consent after the window states the price
    (two reviewers would not let directors sign $3.17 during the day that sets it)."""
    from conftest import ROOT
    seen = set()
    for path in [NORTHWIND, *sorted((ROOT / "tests" / "deals").glob("*.yaml"))]:
        loaded, texts = rendered_set(path)
        fig, ts = loaded.figures, loaded.term_sheet
        if not fig.uses_market_price or fig.market is None:
            continue
        consent = " ".join(texts["board_consent"].split())
        formula = "price per share equal to" in consent  # "... equal to 92% of the Market Price as defined ..."
        measured = [s for s in fig.price_steps if s.base_name == "Market Price"]
        if fig.market.window.days[-1] < fig.board_consent:
            seen.add("after")
            assert not formula, path.name
        else:
            seen.add("on or before")
            assert formula, path.name
            for step in measured:  # no price the window's last close sets is stated as a figure
                assert f"{price(step.value)} per share" not in consent, (path.name, step.name)
    assert "on or before" in seen
    # the same deal with its consent on the signing day, after the window's last close: the figures, not the formula
    after, _ = variant(tmp_path, ("agreement_date: 2026-11-20", "agreement_date: 2026-11-20\nboard_consent_date: 2026-11-20"),
                       base=NORTHWIND)
    loaded, texts = rendered_set(after)
    consent = " ".join(texts["board_consent"].split())
    assert loaded.figures.market.window.days[-1] < loaded.figures.board_consent
    assert "price per share equal to" not in consent
    assert f"at a purchase price of {price(loaded.figures.purchase_price)} per share" in consent
