"""The checks know warrant series: each series' Exercise Price, exercise period and Warrant Shares, the placement
agent's warrant's and each certificate's are compared with what is said of the same series (on files) or with the
deal's figures (inside a build, where a wrong Purchase Agreement is reported in the Purchase Agreement), and a
printed figure must be the one its words speak of (document/provenance.py). Defined terms of a series ("Series C
Warrants" defined nowhere) are checked too."""
from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest

from assembler.checks.run import check_documents
from assembler.closing_set.build import run_checks
from assembler.document.assemble import render_set
from assembler.document.dirs import DEFAULT_DIR, template_dirs
from assembler.errors import ChecksFailed
from assembler.figures.load import from_source, load
from assembler.termsheet.source import load_source

DEALS = Path(__file__).resolve().parents[1] / "deals"
UNITS = DEALS / "units_two_series_agent.yaml"  # one investor, Series A and B by percentages, a placement agent
TWO = DEALS / "two_warrant_series.yaml"  # two investors, Series A fixed at $5.00, Series B 110% of $4.00


def rendered(path: Path, dirs=None, change=None):
    source = load_source(path)
    data = copy.deepcopy(source.data)
    if change:
        change(data)
    loaded = from_source(source, data)
    return loaded, render_set(loaded.term_sheet, loaded.figures, dirs)


def override(tmp_path: Path, doc_id: str, old: str, new: str, file: str = "document.xml.j2") -> list[Path]:
    """The built-in templates with one document's template (or a shared part) changed (a firm's folder overrides it
    by id)."""
    folder = tmp_path / "firm" / doc_id
    shutil.copytree(DEFAULT_DIR / doc_id, folder)
    template = folder / file
    text = template.read_text(encoding="utf-8")
    assert old in text
    template.write_text(text.replace(old, new), encoding="utf-8")
    return template_dirs([tmp_path / "firm"])


def edit(documents, key: str, old: str, new: str) -> None:
    """Change the words of one rendered document (as a typed edit would), keeping what each run prints."""
    runs = [r for d in documents if d.key == key for b in d.blocks for r in all_runs(b) if old in r.text]
    assert runs, (key, old)
    for run in runs:
        run.text = run.text.replace(old, new)


def all_runs(block):
    """Every run of a block, the block's own objects (tables and notices hold theirs in rows)."""
    yield from block.runs
    yield from (r for line in block.lines for r in line)
    for row in block.rows:
        if block.kind == "notices":
            yield from (r for line in [row[0], *row[1]] for r in line)
        else:
            yield from (r for cell, _ in row[1] for r in cell)


def messages(findings) -> list[tuple[str | None, str]]:
    return [(f.document, f.message) for f in findings if f.check == "inconsistent-figure"]


# ---------------------------------------------------------------------------------------------------- per series

@pytest.mark.parametrize("path", [UNITS, TWO], ids=["units_two_series_agent", "two_warrant_series"])
def test_several_series_with_their_own_exercise_prices_are_consistent(path):
    """Before, the Series B certificates (and the placement agent's) were reported for differing from Series A's
    Exercise Price, and these deals had to accept inconsistent-figure for every warrant."""
    loaded, documents = rendered(path)
    prices = {s.prefix: s.exercise_price for s in loaded.figures.series}
    assert len(set(prices.values())) == len(prices) > 1
    assert check_documents(documents, loaded.term_sheet, loaded.figures) == []
    assert check_documents(documents) == []


@pytest.mark.parametrize("path", [UNITS, TWO], ids=["units_two_series_agent", "two_warrant_series"])
def test_a_series_may_have_any_name(path):
    """A term sheet names its series in its own words: "Tranche 1 Warrants" is a defined term of the Purchase
    Agreement (not an undefined "Tranche"), and on files its figures are compared as a series' figures."""
    def tranches(data):
        for k, w in enumerate(data["securities"]["warrants"]):
            w["name"] = f"Tranche {k + 1}"

    loaded, documents = rendered(path, change=tranches)
    assert check_documents(documents, loaded.term_sheet, loaded.figures) == []
    assert check_documents(documents) == []


def test_a_series_figure_is_compared_with_the_same_series_elsewhere():
    """On files (no figures): the transfer agent letter's Series B price against the other documents' Series B price;
    a Series B number of Warrant Shares against the other Series B numbers, not Series A's or the total."""
    loaded, documents = rendered(UNITS)
    edit(documents, "transfer_agent_instructions", "$4.68", "$4.86")
    edit(documents, "form_d_data_sheet", "520,833", "520,883")
    found = messages(check_documents(documents))
    assert found == [
        ("transfer_agent_instructions", "Exercise Price of the Series B Warrants is 4.86 here but 4.68 at "
                                        "closing_checklist ¶ 4"),
        ("form_d_data_sheet", "Warrant Shares of the Series B Warrants is 520,883 here but 520,833 at "
                              "closing_checklist ¶ 4")]
    inside = messages(check_documents(documents, loaded.term_sheet, loaded.figures))
    assert inside == [
        ("transfer_agent_instructions", "Exercise Price of the Series B Warrants is 4.86 here but $4.68 in the deal's "
                                        "figures"),
        ("form_d_data_sheet", "Warrant Shares of the Series B Warrants is 520,883 here but 520,833 in the deal's "
                              "figures")]


def test_the_placement_agents_warrant_is_its_own_series(tmp_path):
    """The Purchase Agreement states the placement agent's Exercise Price with the Series A figure: inside a build,
    found where it is printed, by value and by the figure it was printed from; on files the agent's certificate and
    the board's resolution are compared with the Purchase Agreement's (and with nothing of Series A)."""
    dirs = override(tmp_path, "purchase_agreement", "agent_series.exercise_price | price",
                    "fig.series[0].exercise_price | price")
    loaded, documents = rendered(UNITS, dirs)
    inside = messages(check_documents(documents, loaded.term_sheet, loaded.figures))
    assert inside == [
        ("purchase_agreement", "Exercise Price of the Placement Agent Warrant is 4.60 here but $6.00 in the deal's "
                               "figures"),
        ("purchase_agreement", "Exercise Price of the Placement Agent Warrant is printed here from another figure "
                               "(series/A/exercise_price)")]
    on_files = messages(check_documents(documents))  # the agent's own figures, against the Purchase Agreement's
    assert on_files == [(key, "Exercise Price of the Placement Agent Warrant is 6.00 here but 4.60 at "
                              "purchase_agreement ¶ 184") for key in ("board_consent", "warrant#PA-1",
                                                                     "secretarys_certificate")]


def test_a_series_the_deal_does_not_have():
    loaded, documents = rendered(UNITS)
    edit(documents, "schedule_of_investors", "The Series B Warrant is", "The Series C Warrant is")
    found = check_documents(documents, loaded.term_sheet, loaded.figures)
    assert [(f.check, f.document) for f in found] == [("undefined-term", "schedule_of_investors"),
                                                      ("inconsistent-figure", "schedule_of_investors")]
    assert found[0].message.startswith('"Series C Warrant" is used as a defined term but defined nowhere')
    assert found[1].message == "Exercise Price of the Series C Warrants is 4.68 here, but the deal has no such warrants"


# ---------------------------------------------------------------------------------------------------- in a build

def test_a_wrong_purchase_agreement_is_reported_in_the_purchase_agreement(tmp_path):
    """Issue 9: the Purchase Agreement's own Purchase Price is wrong (a template prints the Market Price there).
    Compared with the computed figures, the finding is in the Purchase Agreement and nowhere else; compared with the
    Purchase Agreement (files, as before), every other document that states the price is blamed instead."""
    dirs = override(tmp_path, "purchase_agreement", "{{ fig.purchase_price | price }} {{ w.per }}",
                    "{{ fig.market_price | price }} {{ w.per }}")
    loaded, documents = rendered(UNITS, dirs)
    with pytest.raises(ChecksFailed) as failed:
        run_checks(loaded, documents, strict=False)  # as the build runs them: with the term sheet and its figures
    assert messages(failed.value.findings) == [
        ("purchase_agreement", "Purchase Price is 4.00 here but $3.60 in the deal's figures"),
        ("purchase_agreement", "Purchase Price is printed here from another figure (deal/market_price)")]
    on_files = messages(check_documents(documents))
    assert "purchase_agreement" not in {document for document, _ in on_files} and len(on_files) >= 3


def test_a_figure_of_the_wrong_series_is_found_even_when_the_values_agree(tmp_path):
    """Series B at the same $5.00 as Series A, and a warrant template that prints the first series' Exercise Price
    (`fig.exercise_price`) instead of its own: every certificate reads correctly for this deal, but the template
    would print Series A's price on every Series B certificate of a deal where they differ. Only the recorded figure
    shows it."""
    def same_price(data):
        data["securities"]["warrants"][1]["exercise_price"] = {"fixed": "5.00"}

    dirs = override(tmp_path, "warrant", "{{ series.exercise_price | price }}", "{{ fig.exercise_price | price }}")
    loaded, documents = rendered(TWO, dirs, same_price)
    found = messages(check_documents(documents, loaded.term_sheet, loaded.figures))
    assert found == [(f"warrant#B-{n}", f"Exercise Price of Warrant No. B-{n} (Series B Warrants) is printed here "
                                        "from another figure (deal/exercise_price)") for n in (1, 2)]
    assert check_documents(documents) == []  # by the words alone nothing is wrong


def test_a_certificate_prints_no_figure_of_another_series(tmp_path):
    dirs = override(tmp_path, "warrant", "</document>",
                    "<p>The Series A Warrants expire on {{ fig.series[0].termination | long_date }}.</p></document>")
    loaded, documents = rendered(TWO, dirs)
    found = messages(check_documents(documents, loaded.term_sheet, loaded.figures))
    assert found == [(f"warrant#B-{n}", f"Warrant No. B-{n} prints a figure of another series (series/A/termination)")
                     for n in (1, 2)]


def test_a_build_with_a_firms_template_that_breaks_a_series_figure_is_refused_naming_the_series(tmp_path, capsys):
    """`assemble build --templates FIRM`: the firm's warrant prints the first series' Exercise Price on every
    certificate. The build refuses (exit 1: the checks found errors; nothing written) and says which series'
    certificates are wrong and why."""
    from assembler.cli import main

    dirs = override(tmp_path, "warrant", "{{ series.exercise_price | price }}",
                    "{{ fig.series[0].exercise_price | price }}")
    shutil.copytree(DEFAULT_DIR / "warrant_form", dirs[-1] / "warrant_form")  # the form of warrant includes it
    for doc_id in ("warrant", "warrant_form"):
        with (dirs[-1] / doc_id / "manifest.yaml").open("a", encoding="utf-8") as manifest:
            manifest.write("  - fig.series\n")  # declared, as the template-manifest check requires
    out = tmp_path / "out"
    code = main(["build", str(TWO), "--templates", str(dirs[-1]), "--output", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and not out.exists(), err
    wrong = [line for line in err.splitlines() if "inconsistent-figure" in line]
    assert wrong and all("(Series B Warrants)" in line and "Warrant No. B-" in line for line in wrong), err
    assert any("is 5.00 here but $4.40 in the deal's figures" in line for line in wrong), err
    assert any("printed here from another figure (series/A/exercise_price)" in line for line in wrong), err
    assert not any("Warrant No. A-" in line for line in wrong), err  # Series A's own certificates are right
    assert len(wrong) == 4, err  # per Series B certificate: the wrong value, and the figure it was printed from


# ---------------------------------------------------------------------------------------------------- defined terms

def test_series_of_warrants_are_defined_terms():
    """The word "Series" explains a capitalized phrase ("Series A Preferred Stock"), but a series of warrants is a
    term of the Purchase Agreement: used undefined, it is found; defined and unused, too."""
    loaded, documents = rendered(UNITS)
    edit(documents, "purchase_agreement", '"Series A Warrants" and "Series B Warrants" shall mean',
         '"Series A Warrants", "Series B Warrants" and "Series C Warrants" shall mean')
    found = check_documents(documents, loaded.term_sheet, loaded.figures)
    assert [(f.check, f.message) for f in found] == [
        ("unused-term", '"Series C Warrants" is defined but never used')]
    loaded, documents = rendered(UNITS)
    edit(documents, "purchase_agreement", '"Series A Warrants" and "Series B Warrants" shall mean',
         "The Series A Warrants and Series B Warrants shall mean")
    undefined = {f.message.split('"')[1] for f in check_documents(documents) if f.check == "undefined-term"}
    assert undefined == {"Series A Warrant", "Series A Warrants", "Series B Warrant", "Series B Warrants"}


def test_as_defined_below_promises_a_definition():
    """"the Placement Agent Warrant (as defined below)": the set must define that very term (a defined "Placement
    Agent" does not define it)."""
    loaded, documents = rendered(UNITS)
    for key in ("purchase_agreement", "board_consent", "secretarys_certificate"):  # the resolution defines it too
        edit(documents, key, '(the "Placement Agent Warrant")', "")
    found = [f for f in check_documents(documents) if f.check == "undefined-term"]
    assert [(f.document, f.message.split('"')[1]) for f in found] == [("purchase_agreement",
                                                                       "Placement Agent Warrant")]


def test_a_series_date_printed_from_another_series_is_found(tmp_path):
    """The board's resolution lists each series' exercise period; a firm's template states it in dates (the tool's
    states a period counted from a Closing after the consent as its rule) and prints the first series' Termination
    Date for every series. Inside a build: Series B's date is wrong against the figures and printed from Series A's
    figure; Series A's own line is right."""
    dirs = override(tmp_path, "_shared", "exercisable {{ period(s) }}",
                    "exercisable from {{ s.initial_exercise | long_date }} through "
                    "{{ fig.investor_series[0].termination | long_date }}", "board_resolutions.xml.j2")
    loaded, documents = rendered(TWO, dirs)
    a, b = loaded.figures.investor_series
    assert a.termination != b.termination
    inside = messages(check_documents(documents, loaded.term_sheet, loaded.figures))
    shown = f"{a.termination:%B} {a.termination.day}, {a.termination.year}"
    truth = f"{b.termination:%B} {b.termination.day}, {b.termination.year}"
    assert inside == [  # the resolutions: adopted by the Board's consent and certified by the Secretary
        (key, message) for key in ("board_consent", "secretarys_certificate") for message in (
            f"Termination Date of the Series B Warrants is {shown} here but {truth} in the deal's figures",
            "Termination Date of the Series B Warrants is printed here from another figure (series/A/termination)")]


def test_a_warrant_that_does_not_name_its_series_states_one_of_the_series_figures():
    """On files: a warrant certificate whose words do not name its series (a firm's, or one edited: the tool's says
    "This Warrant is one of the Series B Warrants") is held to the figures the set states for
    the series, when it states them for every series: an Exercise Price that is no series' is found. The Initial
    Exercise Date of Series B is counted from the Closing, which the Board's resolutions (adopted before it) state as
    the rule: the set states that date for no series but in the warrant itself, so nothing is compared and the
    unchanged set has no finding."""
    loaded, documents = rendered(UNITS)
    a, b = loaded.figures.investor_series
    assert a.initial_exercise != b.initial_exercise
    edit(documents, "warrant#B-1", "This Warrant is one of the Series B Warrants",
         "This Warrant is one of the Warrants")
    assert messages(check_documents(documents)) == []
    edit(documents, "warrant#B-1", "$4.68", "$4.86")
    assert messages(check_documents(documents)) == [
        ("warrant#B-1", f"Exercise Price is 4.86 here but the series' are {a.exercise_price}, {b.exercise_price}")]
