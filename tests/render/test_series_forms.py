"""A deal with several series of Warrants attaches a form of warrant for each series (Exhibits A-1, A-2...), each
stating its series' Exercise Price and exercise period, and the Purchase Agreement defines each series by its own
form. A review finding rated High: the one shared form left the series' dates and Exercise Price blank, and the
Purchase Agreement stated no series' exercise period. A deal with one series keeps its one Exhibit A.

The Placement Agent Warrant's exercise period is stated in the Purchase Agreement itself (it was not stated
anywhere the Agreement is signed), the rest "substantially in the form of" the investors' (first) form."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from assembler.format import long_date, price
from conftest import FOCUS, rendered_set, variant

DEALS = Path(__file__).resolve().parents[1] / "deals"
CERTIFIES = re.compile(r"THIS CERTIFIES that.*?the Purchase Agreement shall control\.")
BLANK = re.compile(r"_{3,}")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).replace("\u201c", '"').replace("\u201d", '"')


def forms(texts: dict) -> list[str]:
    return [k for k in texts if k.partition("#")[0] == "warrant_form"]


def check_forms(loaded, texts: dict) -> None:
    fig = loaded.figures
    series = fig.investor_series
    assert forms(texts) == [f"warrant_form#{n}" for n in range(1, len(series) + 1)]
    for n, s in enumerate(series, start=1):
        text = flat(texts[f"warrant_form#{n}"])
        assert text.startswith(f"EXHIBIT A-{n} "), text[:40]
        assert f"FORM OF {s.name.upper()} STOCK PURCHASE WARRANT" in text
        assert f"This Warrant is one of the {s.label} issued under the Purchase Agreement." in text
        lead = CERTIFIES.search(text).group(0)
        # blanks for the holder and the Warrant Shares (in words and figures) only: the series' terms are stated
        assert len(BLANK.findall(lead)) == 3, lead
        assert f'shall be {price(s.exercise_price)}' in lead
        first = s.spec.initial_exercise.words("the Closing Date (as defined in the Purchase Agreement referred to "
                                              "below)")
        before_closing = loaded.term_sheet.agreement_date < loaded.term_sheet.closing_date
        said = first if first and before_closing else long_date(s.initial_exercise)
        assert f'on or after {said} (the "Initial Exercise Date")' in lead
        if not s.spec.termination_words("x", "y") or not before_closing:
            assert f'{long_date(s.termination)} (the "Termination Date")' in lead
        for other in series:
            if other is not s:
                assert other.label not in lead
    pa = flat(texts["purchase_agreement"])
    exhibits = [f"Exhibit A-{n}" for n in range(1, len(series) + 1)]
    listed = ", ".join(exhibits[:-1]) + " and " + exhibits[-1]
    assert f"shall mean the warrants of those series, substantially in the forms of {listed}, respectively," in pa
    assert "with the terms of its series" not in pa


@pytest.mark.parametrize("deal", ["two_warrant_series", "units_two_series_agent"])
def test_a_form_for_each_series(deal):
    check_forms(*rendered_set(DEALS / f"{deal}.yaml"))


def test_three_series(tmp_path):
    """A third series gets Exhibit A-3, and the definition lists the three forms."""
    base = DEALS / "two_warrant_series.yaml"
    path, _ = variant(tmp_path, ("\nmarket_price:\n",
                                 "\n  - name: Series C\n    coverage_percent: 10\n    exercise_price:\n"
                                 "      fixed: '7.50'\n    initial_exercise:\n      months_after_closing: 12\n"
                                 "    term_years: 3\nmarket_price:\n"), base=base)
    loaded, texts = rendered_set(path)
    assert len(loaded.figures.investor_series) == 3
    check_forms(loaded, texts)
    assert "the date that is twelve (12) months after the Closing Date" in flat(texts["warrant_form#3"])


def test_one_series_keeps_one_exhibit_a():
    loaded, texts = rendered_set(FOCUS)
    assert forms(texts) == ["warrant_form"]
    text = flat(texts["warrant_form"])
    assert text.startswith("EXHIBIT A ") and "FORM OF STOCK PURCHASE WARRANT" in text
    assert "This Warrant is one of the" not in text
    assert "substantially in the form of Exhibit A " in flat(texts["purchase_agreement"])


def test_files_and_checklist_name_each_series():
    from assembler.closing_set.files import document_title, file_stem
    from assembler.document.assemble import render_set
    from assembler.figures.load import load

    loaded = load(DEALS / "two_warrant_series.yaml")
    docs = [d for d in render_set(loaded.term_sheet, loaded.figures) if d.doc_id == "warrant_form"]
    assert [(file_stem(d, 5), document_title(d), d.exhibit) for d in docs] == [
        ("05_warrant_form_Series_A", "Form of Stock Purchase Warrant (Series A)", "A-1"),
        ("05_warrant_form_Series_B", "Form of Stock Purchase Warrant (Series B)", "A-2")]
    checklist = flat(rendered_set(DEALS / "two_warrant_series.yaml")[1]["closing_checklist"])
    assert "Form of Stock Purchase Warrant (Series A) (Exhibit A-1 to the Purchase Agreement)" in checklist
    assert "Form of Stock Purchase Warrant (Series B) (Exhibit A-2 to the Purchase Agreement)" in checklist


@pytest.mark.parametrize("deal, period, form", [
    ("units_two_series_agent", "exercisable from the Closing Date through the date that is five (5) years after the "
     "Closing Date, and otherwise substantially in the form of Exhibit A-1 (but not as one of the Series A "
     "Warrants).", True),
    ("placement_agent_warrants", "exercisable from the date that is six (6) months after the Closing Date through the "
     "date that is five (5) years after the date on which it first becomes exercisable, and otherwise substantially in "
     "the form of Exhibit A.", True),
    ("agent_warrants_only", "exercisable from the date that is six (6) months after the Closing Date through the date "
     "that is five (5) years after the date on which it first becomes exercisable. The Company", False),
])
def test_agent_warrant_period_in_the_agreement(deal, period, form):
    loaded, texts = rendered_set(DEALS / f"{deal}.yaml")
    agent = loaded.figures.agent
    pa = flat(texts["purchase_agreement"])
    lead = 'issue a warrant (the "Placement Agent Warrant") to purchase up to '
    assert pa.count(lead) == 1
    start = pa.index(lead)
    clause = pa[start:start + 600]
    agent_price = price(loaded.figures.series[agent.certificate.series].exercise_price)
    assert f"shares of Common Stock at an exercise price of {agent_price} per share, {period}" in clause
    assert ("substantially in the form of" in clause) is form


@pytest.mark.parametrize("second, message, hint", [
    ("series a", "the series' names 'Series A', 'series a' differ only in case, spaces or signs: their forms of "
                 "warrant would have the same file name", "name the series apart"),
    ("Series-A", "the series' names 'Series A', 'Series-A' differ only in case, spaces or signs: their forms of "
                 "warrant would have the same file name", "name the series apart"),
    ("'***'", "the series' name '***' has no letter or digit (its form of warrant's file is named after it)",
     "e.g. name: Series A"),
])
def test_series_names_that_would_name_the_same_file(tmp_path, second, message, hint):
    """Each series' form of warrant is a file named after its series: names that make the same file name (on a
    case-blind disk too) are an error at each of them, a name with no letter or digit at its own."""
    from conftest import line_of, problem_lines, value_col

    path, text = variant(tmp_path, ("  - name: Series B\n", f"  - name: {second}\n"),
                         base=DEALS / "two_warrant_series.yaml")
    where = [(0, "  - name: Series A"), (1, f"  - name: {second}")] if hint.startswith("name") else \
        [(1, f"  - name: {second}")]
    assert [line for line in problem_lines(path) if message in line] == [
        f"{path}:{line_of(text, needle)}:{value_col(text, needle)}: securities.warrants[{n}].name: {message} ({hint})"
        for n, needle in where]
