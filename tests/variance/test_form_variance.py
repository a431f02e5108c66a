"""The form variance report, read as rendered: form_variance.json, form_variance.html and the cover memo of a deal
(a document of the set, templates/cover_memo, rendered from the report: its text is read here).

The closing-set tests (tests/closing_set/test_incremental.py) check that every build writes the three files and that
two builds write them byte for byte alike; these read what they say.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from assembler.document.registry import DEFAULT_DIR
from assembler.figures.load import load
from assembler.variance.report import STALE_CHECK, VARIANCE_CHECK, form_variance
from tests.conftest import FOCUS, NORTHWIND, variant

PA = "Common Stock and Warrants Purchase Agreement"
NW_PA = "Common Stock and Warrant Purchase Agreement"  # the 2026 example: one Investor, one Warrant


def report(term_sheet: Path, *extra: Path, edition: str | None = None):
    loaded = load(term_sheet)
    return form_variance(loaded.term_sheet, loaded.figures, [DEFAULT_DIR, *extra], edition=edition)


def memo_text(term_sheet: Path, v, *extra: Path) -> str:
    """The cover memo of the deal's set, rendered from the report `v`, as text."""
    from assembler.document.assemble import render_set
    from assembler.document.blocks import document_text

    loaded = load(term_sheet)
    docs = render_set(loaded.term_sheet, loaded.figures, [DEFAULT_DIR, *extra], variance=v.memo())
    return document_text(next(d for d in docs if d.doc_id == "cover_memo").blocks)


@pytest.fixture(scope="module")
def focus():
    return report(FOCUS)


def firm_templates(tmp_path: Path, old: str, new: str) -> Path:
    """A firm's templates directory (--templates) with the purchase agreement changed: `old` -> `new`, once."""
    folder = tmp_path / "firm" / "purchase_agreement"
    shutil.copytree(DEFAULT_DIR / "purchase_agreement", folder)
    template = folder / "document.xml.j2"
    text = template.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    template.write_text(text.replace(old, new), encoding="utf-8")
    return folder.parent


def test_every_change_of_the_example_deal_from_the_form_has_its_reason(focus):
    data = json.loads(focus.json())
    docs = {d["title"]: d for d in data["documents"]}
    assert sorted(docs) == sorted([PA, "Stock Purchase Warrant", "Registration Rights Agreement"])
    assert docs["Stock Purchase Warrant"]["covers"] == ["warrant#W-1", "warrant#W-2", "warrant#W-3"]
    assert data["edition"] == "as_filed" and focus.findings == []
    assert data["summary"]["unexplained"] == 0 and data["summary"]["stale_reasons"] == 0
    assert data["summary"]["deviations"] == data["summary"]["explained"] > 50
    # the changes issue 12 names are each shown, with the reason recorded beside the template
    rrs = {(d["form_section"], d["ours"]): d["reason"] for d in docs["Registration Rights Agreement"]["deviations"]}
    proration = [r for (where, ours), r in rrs.items() if where == "3(e)" and "thirty (30) days" in ours]
    assert proration and all(r and r["recorded"].startswith("registration_rights/variance.yaml:") for r in proration)
    warrant = docs["Stock Purchase Warrant"]["deviations"]
    assert any(d["form_section"].startswith("14") and "dissolution" in d["ours"] and d["reason"] for d in warrant)
    assert any(d["form_section"] == "3" and "later of the date on which this" in d["ours"] for d in warrant)
    pa = {(d["form_section"], d["form"], d["ours"]): d["reason"]["category"] for d in docs[PA]["deviations"]}
    assert pa[("6.7", '(a "Consolidation Event")', "")] == "form error fixed"
    assert pa[("8.1", "Nasdaq", "Principal Market")] == "clarification"
    assert ("6.8", "Securities", "Shares, the Warrants and the Warrant Shares") in pa


def test_deal_facts_are_masked_so_that_another_deal_shows_the_same_changes(tmp_path, focus):
    other, _ = variant(tmp_path, ("name: Raptor Global Portfolio Ltd.", "name: Heron Capital Partners LP"),
                       ("amount: 1394400.00", "amount: 1000000.00"),
                       ("amount: 600000.00", "amount: 994400.00"), ("name: Hans Gassner", "name: Ada Brenner"))
    theirs = report(other)

    def changes(v):
        return [(d["kind"], d["section"], d["form"], d["ours"])
                for doc in json.loads(v.json())["documents"] for d in doc["deviations"]]

    assert changes(theirs) == changes(focus)
    masked = [d["masked"] for doc in json.loads(theirs.json())["documents"] for d in doc["deviations"]]
    assert masked == [d["masked"] for doc in json.loads(focus.json())["documents"] for d in doc["deviations"]]
    assert any("{fact}" in m["ours"] for m in masked) and not any("1,000,000" in m["ours"] for m in masked)
    text = theirs.json().decode() + theirs.html().decode() + memo_text(other, theirs)
    assert "Heron" not in json.dumps([c for c in changes(theirs)])
    # the redline shades the deal's facts: they are shown, but marked as facts, never as changed words
    html = theirs.html().decode()
    assert "<span class='fact'>Heron Capital Partners LP</span>" in html
    assert "<ins>Heron" not in html and "<del>Raptor" not in text


def test_an_unexplained_change_in_a_firm_template_is_a_finding_naming_document_and_section(tmp_path):
    firm = firm_templates(tmp_path, "which will not be unreasonably withheld",
                          "which may be withheld in its sole discretion")
    v = report(FOCUS, firm)
    [finding] = [f for f in v.findings if f.check == VARIANCE_CHECK]
    assert finding.severity == "error"
    assert finding.message.startswith(f"{PA}, Section 6.9: changed from the form with no reason recorded in ")
    assert finding.message.endswith('("will not be unreasonably withheld," -> "may be withheld in its sole '
                                    'discretion,"): record why there (where: "6.9", form: "will not be unreasonably '
                                    'withheld,", ours: "may be withheld in its sole discretion,", category, reason), '
                                    'or keep the form\'s words')
    assert finding.document == "purchase_agreement"
    html = v.html().decode()
    assert "No reason recorded: each change below stops the build" in html
    assert ("<tr><td>Section 6.9</td><td><del>will not be unreasonably withheld,</del></td>"
            "<td><ins>may be withheld in its sole discretion,</ins></td></tr>") in html
    memo = memo_text(FOCUS, v, firm)
    assert ") For your review. The following change has no recorded reason:\nSection\nThe form\nThe draft\n" \
        "Section 6.9\nwill not be unreasonably withheld,\nmay be withheld in its sole discretion,\n" in memo
    assert memo.rstrip().endswith('Draft not ready to send: 1 change has no recorded reason (see "For your review").')


def test_a_reason_that_no_longer_matches_the_template_is_reported_stale(tmp_path):
    firm = firm_templates(tmp_path, "days after the Effective Date except",  # Section 6.9 back to the form's words
                          "days after the effective date of the Registration Statement except")
    v = report(FOCUS, firm)
    assert [f.check for f in v.findings] == [STALE_CHECK]
    [stale] = v.findings
    assert stale.severity == "warning"
    line = stale.place.line
    recorded = (firm / "purchase_agreement" / "variance.yaml").read_text(encoding="utf-8").splitlines()
    assert "form: effective date of the Registration Statement" in "\n".join(recorded[line - 1:line + 6])
    assert "matches no change of Common Stock and Warrants Purchase Agreement from the form" in stale.message
    html = v.html().decode()
    assert "<h3>Reasons that match no change</h3>" in html
    assert f"purchase_agreement/variance.yaml:{line}: Section 6.9 measured the standstill" in html
    assert json.loads(v.json())["summary"]["stale_reasons"] == 1


@pytest.fixture(scope="module")
def northwind():
    return report(NORTHWIND)


def test_an_unexplained_change_of_a_current_edition_deal_is_a_finding_as_on_the_form_as_filed(tmp_path, northwind):
    """The current edition is checked as the form as filed is: its own changes each carry a reason, and a change no
    reason explains (a firm's edited template) is an error finding, shown as such in the report and the memo."""
    data = json.loads(northwind.json())
    assert data["edition"] == "current" and "checked" not in data
    assert northwind.findings == [] and data["summary"]["unexplained"] == 0 and data["summary"]["stale_reasons"] == 0
    assert data["summary"]["by_category"]["current law"] > 5 and data["summary"]["by_category"]["current practice"] > 10

    firm = firm_templates(tmp_path, "which will not be unreasonably withheld",
                          "which may be withheld in its sole discretion")
    v = report(NORTHWIND, firm)
    [finding] = v.findings
    assert (finding.check, finding.severity, finding.document) == (VARIANCE_CHECK, "error", "purchase_agreement")
    assert finding.message.startswith(f"{NW_PA}, Section 6.9: changed from the form with no reason recorded in ")
    html, memo = v.html().decode(), memo_text(NORTHWIND, v, firm)
    assert "No reason recorded: each change below stops the build" in html
    assert "Draft not ready to send: 1 change has no recorded reason" in memo
    assert "not checked" not in html + memo and "not checked" not in northwind.html().decode()


def test_an_edited_current_law_provision_is_a_finding_and_its_reason_stale(tmp_path, northwind, focus):
    """The provisions the current edition adds are quoted whole in their reasons: a firm's template that weakens the
    Rule 506(d) representation is an unexplained change (and the reason recorded for the representation as it should
    read is stale). A deal on the form as filed has no such representation, so the same template changes nothing."""
    firm = firm_templates(tmp_path, "outstanding voting equity securities, calculated on the basis of voting power,",
                          "outstanding voting equity securities,")
    v = report(NORTHWIND, firm)
    by_check = {f.check: f for f in v.findings}
    assert sorted(by_check) == [VARIANCE_CHECK, STALE_CHECK] and len(v.findings) == 2
    changed = by_check[VARIANCE_CHECK]
    assert changed.severity == "error"
    assert changed.message.startswith(f"{NW_PA}, Section 4.21: changed from the form with no reason recorded in ")
    assert "No Disqualification Events. None of the Company" in changed.message
    stale = by_check[STALE_CHECK]
    recorded = (firm / "purchase_agreement" / "variance.yaml").read_text(encoding="utf-8").splitlines()
    assert "calculated on the basis of voting power" in "\n".join(recorded[stale.place.line - 1:stale.place.line + 8])
    assert report(FOCUS, firm).json() == focus.json()


def test_a_current_edition_template_that_keeps_the_forms_superseded_law_leaves_its_reason_stale(tmp_path):
    """A template that still prints Rule 144(k) in a current-edition deal does not deviate from the form there, so
    the reason recorded for the change of law matches nothing: reported stale, naming the reason's line."""
    firm = firm_templates(tmp_path, "{{ \"Shares and Warrant Shares\" if ws else \"Shares\" }} may be sold {{ ed.free_resale }}",
                          "{{ \"Shares and Warrant Shares\" if ws else \"Shares\" }} may be sold without any time, "
                          "volume or manner limitations pursuant to Rule 144(k)")
    v = report(NORTHWIND, firm)
    assert [(f.check, f.severity) for f in v.findings] == [(STALE_CHECK, "warning")] * 2  # the entry's two changes
    recorded = (firm / "purchase_agreement" / "variance.yaml").read_text(encoding="utf-8").splitlines()
    for stale in v.findings:
        assert stale.message.startswith(f"{firm / 'purchase_agreement' / 'variance.yaml'}:{stale.place.line} "
                                        "(where 1.16, form ")
        assert "{form: " in recorded[stale.place.line - 1] and stale.excerpt.startswith("Rule 144(k) was eliminated")
    assert json.loads(v.json())["summary"]["stale_reasons"] == 2


def test_the_memo_gives_the_current_law_for_a_current_deal_and_not_for_one_on_the_form_as_filed(northwind, focus):
    memo, old = memo_text(NORTHWIND, northwind), memo_text(FOCUS, focus)
    # a section per document, after the memo's own sections (figures fixed at pricing, open items), numbered with them
    pa = re.split(r"\n\d+\. Registration Rights Agreement\.", memo)[0]
    law = pa.split("Changes for current law.")[1].split("Changes for current practice.")[0]
    assert "(i) The exemptions are cited by their present numbers: Section 4(2) of the Securities Act was renumbered " \
           "Section 4(a)(2) by the JOBS Act of 2012" in law
    assert "(Preamble, Section 1.22, Section 6.8)" in law
    assert "Rule 144(k) was eliminated by the amendments to Rule 144 effective February 15, 2008" in law
    assert "Rule 506(d) under the Securities Act, in force since September 23, 2013" in law
    assert "Section 3.8" in law and "Section 4.21" in law and "Section 6.10" in law
    practice = pa.split("Changes for current practice.")[1].split("Changes for the terms of this deal.")[0]
    assert "book-entry form" in practice and "NYSE American" in practice and "email" in practice
    assert pa.index("Clarifications.") < pa.index("Changes for current law.") \
        < pa.index("Changes for current practice.") < pa.index("Changes for the terms of this deal.")
    warrant = re.split(r"\n\d+\. Stock Purchase Warrant\.", memo)[1]
    assert "Changes for current practice. Each of the following follows current market practice:\n" \
           "(i) Warrant Shares are issued in book-entry form" in warrant
    rra = re.split(r"\n\d+\. Registration Rights Agreement\.", memo)[1].split("Stock Purchase Warrant.")[0]
    assert "Rule 144(k) was eliminated" in rra and "business-day clause" in rra
    for text in ("current law", "current practice", "JOBS Act", "Rule 506(d)", "book-entry", "Rule 144(k) was"):
        assert text not in old, text
    assert "For your review" not in memo and "Draft not ready" not in memo
    html = northwind.html().decode()
    assert "<span class='cat'>current law:</span> The exemptions are cited by their present numbers" in html
    assert ("<tr><td>Section 1.22 (form 1.21)</td><td><del>&quot;Section 4(2)&quot; and &quot;Section 4(6)&quot;"
            "</del></td><td><ins>&quot;Section 4(a)(2)&quot; and &quot;Section 4(a)(5)&quot;</ins></td></tr>") in html


def test_the_cover_memo_says_what_changed_and_why_by_document(focus):
    """The memo as rendered (a document of the set): a section per document in the set's order, under it each
    category's heading, each reason quoted once with the sections it covers; a build that succeeds has no change
    without a reason, so nothing "For your review"."""
    from assembler.variance.memo import ORDER

    memo = memo_text(FOCUS, focus)
    data = json.loads(focus.json())
    lines = memo.splitlines()
    assert lines[:5] == ["MEMORANDUM", "To: Joseph A. Smith, Esq., Epstein Becker & Green, P.C., counsel to the Investors",
                         "From: Sullivan & Worcester LLP, counsel to FOCUS Enhancements, Inc.",
                         "Date: November 18, 1999",  # deal.draft_date: before the Board's consent (November 23)
                         "Re: FOCUS Enhancements, Inc. - Common Stock and Warrants Private Placement: first draft of the "
                         "transaction documents; changes from the form"]
    assert f"document by document: {data['summary']['deviations']} changes in 3 documents." in memo
    sections = re.split(r"\n(?=\d+\. )", memo)[1:]  # one per document: "3. Title. ..." up to the next
    sections = [s for s in sections if not s.split(". ")[1] in ("Figures fixed at pricing", "Open items before signing",
                                                                "Inconsistencies kept")]
    heads = [part.split(". ")[1] for part in sections]
    assert heads == [PA, "Registration Rights Agreement", "Stock Purchase Warrant"]  # the set's order
    parts = dict(zip(heads, sections))
    headings = {"form error fixed": "Errors of the form corrected", "clarification": "Clarifications",
                "current law": "Changes for current law", "deal term": "Changes for the terms of this deal",
                "house style": "House style"}
    for doc in data["documents"]:
        part = parts[doc["title"]]
        used = [c for c in ORDER if any(d["reason"] and d["reason"]["category"] == c for d in doc["deviations"])]
        titles = re.findall(r"^\([a-z]\) (.+?)\. Each of the following", part, re.M)  # the category clauses
        assert used and titles == [headings[c] for c in used]
        for text in {d["reason"]["text"] for d in doc["deviations"]}:
            assert part.count(text) == 1, text  # each reason quoted once, however many changes it explains
    pa = parts[PA]
    assert '"Consolidation Event" is defined in Section 6.7 and never used' in pa and "(Section 6.7)" in pa
    assert "The same changes are made in each of the certificates Nos. W-1, W-2 and W-3." in parts[
        "Stock Purchase Warrant"]
    assert data["summary"]["unexplained"] == 0
    assert "For your review" not in memo and "Draft not ready" not in memo


def test_the_report_is_the_same_bytes_each_time(focus):
    again = report(FOCUS)
    assert (again.json(), again.html(), again.memo()) == (focus.json(), focus.html(), focus.memo())
    assert memo_text(FOCUS, again) == memo_text(FOCUS, focus)


def test_the_build_stops_on_an_unexplained_change_and_not_on_a_stale_reason(tmp_path):
    from assembler.closing_set.build import check_set
    from assembler.document.assemble import render_set
    from assembler.errors import ChecksFailed

    loaded = load(FOCUS)
    changed = firm_templates(tmp_path / "a", "which will not be unreasonably withheld", "which may be withheld")
    dirs = [DEFAULT_DIR, changed]
    with pytest.raises(ChecksFailed) as failed:
        check_set(loaded, render_set(loaded.term_sheet, loaded.figures, dirs), dirs, strict=False)
    assert [(f.check, f.document) for f in failed.value.findings] == [(VARIANCE_CHECK, "purchase_agreement")]
    stale = firm_templates(tmp_path / "b", "days after the Effective Date except",
                           "days after the effective date of the Registration Statement except")
    dirs = [DEFAULT_DIR, stale]
    (findings, _), variance = check_set(loaded, render_set(loaded.term_sheet, loaded.figures, dirs), dirs, False)
    assert [f.check for f in findings] == [STALE_CHECK] and variance.findings == findings


def test_a_change_the_term_sheet_accepts_is_shown_with_the_term_sheets_reason(tmp_path):
    from assembler.checks.findings import split_accepted

    firm = firm_templates(tmp_path, "which will not be unreasonably withheld", "which may be withheld")
    accepted, _ = variant(tmp_path, ("accepted_findings:\n", "accepted_findings:\n  - check: form-variance\n"
                                     "    document: purchase_agreement\n    reason: The Investors agreed to a "
                                     "consent in the Company's discretion.\n"))
    loaded = load(accepted)
    v = form_variance(loaded.term_sheet, loaded.figures, [DEFAULT_DIR, firm])
    still_open, taken = split_accepted(v.findings, loaded.term_sheet.accepted_findings)
    assert still_open == [] and [f.check for f, _ in taken] == [VARIANCE_CHECK]
    data = json.loads(v.json())
    assert data["summary"]["accepted"] == 1 and data["summary"]["unexplained"] == 0
    memo = memo_text(accepted, v, firm)
    assert ") Changes accepted in the term sheet. Each of the following is accepted in the term sheet, for the reason " \
        "it records:\n(i) The Investors agreed to a consent in the Company's discretion. (Section 6.9)" in memo


@pytest.mark.parametrize("term_sheet, deal, title", [(FOCUS, "focus_1999", PA), (NORTHWIND, "northwind_2026", NW_PA)])
def test_assemble_build_with_a_changed_firm_template_names_the_change_and_writes_nothing(tmp_path, capsys, term_sheet,
                                                                                           deal, title):
    """The build stops on an unexplained change, a deal of the current edition as one of the form as filed."""
    from assembler.cli import main

    firm = firm_templates(tmp_path, "which will not be unreasonably withheld", "which may be withheld")
    code = main(["build", str(term_sheet), "--templates", str(firm), "--output", str(tmp_path / "out"), "--jobs", "1"])
    captured = capsys.readouterr()
    shown = " ".join((captured.out + captured.err).split())
    assert code == 1 and not (tmp_path / "out" / deal).exists()
    assert "form-variance" in shown and f"{title}, Section 6.9: changed from the form with no reason recorded" in shown


def test_the_entry_a_finding_suggests_explains_the_change(tmp_path):
    firm = firm_templates(tmp_path, "which will not be unreasonably withheld", "which may be withheld")
    [finding] = report(FOCUS, firm).findings
    suggested = finding.message.split("record why there (")[1].split(", category, reason)")[0]
    reasons = firm / "purchase_agreement" / "variance.yaml"
    reasons.write_text(reasons.read_text(encoding="utf-8") + f"\n  - {{{suggested}, category: deal term, reason: The "
                       "Company may withhold its consent in its discretion.}\n", encoding="utf-8")
    v = report(FOCUS, firm)
    assert v.findings == []
    assert "The Company may withhold its consent in its discretion. (Section 6.9)" in memo_text(FOCUS, v, firm)


def test_an_accepted_finding_with_matching_words_accepts_that_change_alone(tmp_path):
    """`matching` narrows an acceptance to the change whose finding quotes those words: a second unexplained change
    of the same document stays open (an acceptance is not a blank cheque for the whole document)."""
    from assembler.checks.findings import split_accepted

    firm = firm_templates(tmp_path, "which will not be unreasonably withheld", "which may be withheld")
    template = firm / "purchase_agreement" / "document.xml.j2"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("fairly present in all material respects the financial position",
                                     "fairly present the financial position", 1), encoding="utf-8")
    accepted, _ = variant(tmp_path, ("accepted_findings:\n", "accepted_findings:\n  - check: form-variance\n"
                                     "    document: purchase_agreement\n    matching: Section 6.9\n"
                                     "    reason: The Investors agreed to a consent in the Company's discretion.\n"))
    loaded = load(accepted)
    v = form_variance(loaded.term_sheet, loaded.figures, [DEFAULT_DIR, firm])
    still_open, taken = split_accepted(v.findings, loaded.term_sheet.accepted_findings)
    assert [f.check for f in v.findings].count(VARIANCE_CHECK) == 2
    assert len(taken) == 1 and "Section 6.9" in taken[0][0].message and '-> "may be"' in taken[0][0].message
    assert len(still_open) == 1 and "in all material respects" in still_open[0].message
    assert json.loads(v.json())["summary"]["accepted"] == 1
