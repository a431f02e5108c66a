"""The cover memo of every corpus deal reads true for that deal: the reasons of variance.yaml are written once for
every deal, and what differs between deals (one Investor or several, the Market Price's measure, the State, the
interval between signing and Closing, the draft's section numbers) is the deal's, from its term sheet and figures.
Each test reads the rendered memo (and the rendered Purchase Agreement for section numbers)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from assembler.document.assemble import render_set
from assembler.document.blocks import document_text
from assembler.document.registry import DEFAULT_DIR
from assembler.figures.load import load
from assembler.format import jurisdiction, wf
from assembler.variance.reasons import load_reasons
from assembler.variance.report import form_variance

ROOT = Path(__file__).resolve().parents[2]
DEALS = sorted((ROOT / "tests" / "deals").glob("*.yaml")) + sorted((ROOT / "term_sheets").glob("*.yaml"))


@pytest.fixture(scope="module")
def corpus():
    out = {}
    for path in DEALS:
        loaded = load(path)
        v = form_variance(loaded.term_sheet, loaded.figures, [DEFAULT_DIR])
        docs = {d.doc_id: d for d in render_set(loaded.term_sheet, loaded.figures, [DEFAULT_DIR], variance=v.memo())
                if not d.signatory}
        out[path.stem] = (loaded.term_sheet, loaded.figures, document_text(docs["cover_memo"].blocks),
                          document_text(docs["purchase_agreement"].blocks))
    return out


def test_a_one_investor_memo_speaks_of_the_investor_not_the_investors_but_in_the_forms_words(corpus):
    singles = [name for name, (ts, *_rest) in corpus.items() if len(ts.investors) == 1]
    assert len(singles) >= 4
    for name in singles:
        memo = corpus[name][2]
        for line in memo.splitlines():
            if "Investors" in line.replace("Schedule of Investors", ""):
                assert "form" in line, f"{name}: {line}"  # only where it speaks of the form's several Investors


def test_the_interval_from_signing_to_closing_is_the_deals_in_words(corpus):
    seen = set()
    for name, (ts, fig, memo, _pa) in corpus.items():
        assert "a week before" not in memo
        if fig.series and ts.closing_date != ts.agreement_date:
            days = (ts.closing_date - ts.agreement_date).days
            assert f"dated the Closing Date, {wf(days)} days after the date of the Purchase Agreement" in memo, name
            seen.add(days)
    assert len(seen) >= 3  # the corpus has deals closing 3, 7 and 18 days after signing


def test_the_state_named_is_the_companys(corpus):
    states = set()
    for name, (ts, _fig, memo, _pa) in corpus.items():
        if "A State is named in full" in memo:
            state = ts.company.state_of_incorporation
            assert f'("the {jurisdiction(state)}"' in memo, name
            states.add(state)
    assert len(states) >= 2  # Delaware and Nevada


def test_the_market_price_reason_names_this_deals_measure_not_a_menu(corpus):
    kinds = set()
    for name, (ts, fig, memo, _pa) in corpus.items():
        assert "closing bid, closing sale or volume-weighted" not in memo
        assert "(or states the Exercise Price the term sheet fixes)" not in memo
        if fig.uses_market_price and "The Market Price is measured as the term sheet provides" in memo:
            mp = ts.market_price
            assert (f"the average of the {mp.price_kind.phrase} over {wf(mp.trading_days)} Trading Days "
                    f"{mp.anchor.description}") in memo, name
            kinds.add(mp.price_kind)
        if not fig.uses_market_price:
            assert "The Market Price is measured as" not in memo, name
    assert len(kinds) >= 2


def _number(pa: str, starts: str) -> str:
    """The draft's section whose text starts with `starts` ('"Outstanding"')."""
    found = re.search(r"^Section (\d+\.\d+)\. " + re.escape(starts), pa, re.M)
    assert found, starts
    return found.group(1)


def test_sections_the_memo_cites_are_the_drafts(corpus):
    """The definitions of Article I are renumbered in every deal (Affiliate is added before them): the memo names the
    draft's numbers, read here from the rendered Purchase Agreement, and the Registration Rights Agreement's reason
    cites the Purchase Agreement's own section."""
    shifted = 0
    for name, (_ts, _fig, memo, pa) in corpus.items():
        outstanding = _number(pa, '"Outstanding"')
        if "in the definition of \"Outstanding\"" in memo:
            assert f'"Outstanding" (Section {outstanding}) now speaks' in memo, name
            shifted += outstanding != "1.12"  # the form's number
        rra = _number(pa, '"Registration Rights Agreement"')
        if "is entered into as of the Closing Date (its Section" in memo:
            assert f"entered into as of the Closing Date (its Section {rra})" in memo, name
    assert shifted >= 5


STATUTE = re.compile(r"Section (?:4\((?:2|6|a\)\((?:2|5))\)|341(?:\(f\))?)")  # the Securities Act's, the Code's


def test_no_reason_writes_a_section_number_of_its_own():
    """A reason names a section of the draft through section("..."), never by a number typed in its text (the form's
    number is not the draft's once a section is added); quoted words and statutes are not the document's sections."""
    for name in ("purchase_agreement", "registration_rights", "warrant"):
        for r in load_reasons(DEFAULT_DIR / name).reasons:
            text = re.sub(r'\{\{.*?\}\}|"[^"]*"', "", r.source)
            for m in re.finditer(r"\bSections? \d[\w.()]*( of the form)?", text):
                assert m.group(1) or STATUTE.match(m.group(0)), f"{r.recorded}: {m.group(0)}"


def test_a_reason_expression_that_gives_a_number_is_an_error(tmp_path):
    import shutil

    from assembler.errors import AssemblerError

    firm = tmp_path / "templates"
    shutil.copytree(DEFAULT_DIR / "warrant", firm / "warrant")
    path = firm / "warrant" / "variance.yaml"
    path.write_text(path.read_text().replace('{{ section("2") }}.', "{{ ts.investors | length }}.", 1))
    loaded = load(ROOT / "term_sheets" / "focus_1999.yaml")
    with pytest.raises(AssemblerError, match=r"variance.yaml:\d+: reason: .* gives int"):
        form_variance(loaded.term_sheet, loaded.figures, [DEFAULT_DIR, firm])


def _memo(path: Path) -> str:
    loaded = load(path)
    v = form_variance(loaded.term_sheet, loaded.figures, [DEFAULT_DIR])
    docs = render_set(loaded.term_sheet, loaded.figures, [DEFAULT_DIR], variance=v.memo())
    return document_text(next(d for d in docs if d.doc_id == "cover_memo").blocks)


def test_the_memo_is_dated_from_the_term_sheet_and_says_where_the_redline_is(corpus, tmp_path):
    """Dated the term sheet's draft date, else the first day of the closing timetable: the Board's consent (or an
    earlier exchange notice), which approves the agreement the first drafts negotiate; never the agreement date, which
    is too late for a first draft, nor the build's day (the same term sheet gives the same bytes). The redline is sent
    with the memo, not said to be in the set, and not named by the tool's file name (form_variance.html)."""
    from assembler.format import long_date
    from tests.conftest import variant

    for name, (ts, fig, memo, _pa) in corpus.items():
        first = min(s.date for s in fig.timetable)
        assert first <= fig.board_consent < ts.agreement_date
        dated = ts.deal.draft_date or first
        assert dated <= fig.board_consent and fig.draft_date == dated
        assert f"\nDate: {long_date(dated)}\n" in memo, name
        assert f"\nDate: {long_date(ts.agreement_date)}\n" not in memo, name
        assert "We send with this memorandum a redline of each of these documents against the form, in which" in memo
        assert "form_variance" not in memo
        assert "accompanies this memorandum" not in memo
    path, _ = variant(tmp_path, ("  draft_date: 1999-11-18\n", "  draft_date: 1999-11-17\n"))
    assert "\nDate: November 17, 1999\n" in _memo(path)


@pytest.mark.parametrize("deal, changes", [
    ("focus_1999", ()),
    ("northwind_2026", (("    base: purchase_price\n", "    base: market_value_at_closing\n    example_closing_price: 3.50\n"),)),
])
def test_rra_3e_measures_the_market_value_once_and_the_memo_flags_the_forms_contradiction(deal, changes, tmp_path):
    """The form measured damages on the market value as of the Closing Date and defined it by each day's closing
    price; both editions define it by the Closing Date's close, and the memo says so and asks the Investors'
    counsel to confirm it (a reason, form error fixed: the build has no unexplained change)."""
    from tests.conftest import variant

    path, _ = variant(tmp_path, *changes, base=ROOT / "term_sheets" / f"{deal}.yaml")
    loaded = load(path)
    v = form_variance(loaded.term_sheet, loaded.figures, [DEFAULT_DIR])
    assert not v.findings
    memo = _memo(path)
    errors = memo.split("Errors of the form corrected")[2].split("Clarifications")[0]
    assert 'then defines that market value as the closing price "for each day during such Registration Default"' \
        in errors
    one = len(loaded.term_sheet.investors) == 1
    assert f"Please confirm that this is the measure {'the Investor intends' if one else 'the Investors intend'} (an " \
        "open item before signing)." in errors  # the RRA's part of the memo (the second document)
