"""One finding type for every stage (assembler.errors.Finding): a term sheet's problem, a template's manifest finding
and a document check's finding have the same fields, every front end reads them the same way, and each still prints
the line its stage has always printed."""
from __future__ import annotations

import json

import pytest

from assembler.checks.documents import text_docs
from assembler.checks.findings import findings_json
from assembler.checks.run import check_docs
from assembler.document.environment import environment
from assembler.document.manifest_check import check_all
from assembler.document.registry import discover
from assembler.document.scaffold import new_template
from assembler.errors import MANIFEST, TERM_SHEET, Finding, Problem, TermSheetInvalid
from assembler.figures.load import load
from assembler.ui import findings_github


@pytest.fixture
def three(tmp_path):
    """A finding of each stage: a duplicate key in a term sheet, an undeclared variable in a template, and words that
    disagree with their figures in a document."""
    sheet = tmp_path / "deal.yaml"
    sheet.write_text("deal:\n  id: a\n  id: b\n", encoding="utf-8")
    with pytest.raises(TermSheetInvalid) as caught:
        load(sheet)
    term_sheet = caught.value.problems[0]
    folder = new_template("memo", tmp_path / "firm")
    template = folder / "document.xml.j2"
    template.write_text(template.read_text(encoding="utf-8").replace(
        "</document>", "<p>{{ ts.transfer_agent.name }}</p>\n</document>"), encoding="utf-8")
    [manifest] = [f for f in check_all(discover([tmp_path / "firm"]), environment([tmp_path / "firm"]))
                  if f.severity == "error"]
    memo = tmp_path / "memo.txt"
    memo.write_text("Preamble.\n\nPayable within ten (12) days.\n", encoding="utf-8")
    [document] = check_docs(text_docs(str(memo), memo.read_text(encoding="utf-8")))
    return term_sheet, manifest, document, sheet, template, memo


def test_every_stage_reports_the_one_finding_type(three):
    term_sheet, manifest, document, sheet, template, memo = three
    assert Problem is Finding and {type(f) for f in (term_sheet, manifest, document)} == {Finding}
    assert (term_sheet.code, manifest.code, document.code) == (TERM_SHEET, MANIFEST, "words-figures")
    assert (term_sheet.file, term_sheet.line, term_sheet.column, term_sheet.path) == (str(sheet), 3, 3, "deal.id")
    last = len(template.read_text(encoding="utf-8").splitlines())
    assert (manifest.file, manifest.line, manifest.severity) == (str(template), last - 1, "error")
    assert (document.file, document.line, document.excerpt) == (str(memo), 3, "Payable within ten (12) days.")


def test_each_stage_prints_the_line_it_always_printed(three):
    term_sheet, manifest, document, sheet, template, memo = three
    assert str(term_sheet).startswith(f"{sheet}:3:3: deal.id: ") and "warning" not in str(term_sheet)
    assert str(manifest) == (f"{template}:{manifest.line}: error: uses 'ts.transfer_agent.name', which manifest.yaml "
                             "does not declare under 'uses'")
    assert str(document) == (f"{memo}:3: error: words-figures: \"ten\" is 10 but the figures say 12: "
                             "«Payable within ten (12) days.»")
    warning = Finding("x.yaml", 4, 7, "deal.title", "is long", "shorten it", "warning")
    assert str(warning) == "x.yaml:4:7: deal.title: warning: is long (shorten it)"


def test_front_ends_read_every_finding_the_same_way(three, tmp_path, monkeypatch):
    term_sheet, manifest, document, sheet, template, memo = three
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    lines = findings_github([term_sheet, manifest, document]).splitlines()
    assert [line.split("::")[1] for line in lines] == [
        f"error file=deal.yaml,line=3,title={TERM_SHEET}",
        f"error file=firm/memo/document.xml.j2,line={manifest.line},title={MANIFEST}",
        "error file=memo.txt,line=3,title=words-figures"]
    body = json.loads(findings_json([term_sheet, document]))["findings"]
    assert (body[0]["file"], body[0]["line"], body[0]["column"], body[0]["path"]) == (str(sheet), 3, 3, "deal.id")
    assert set(body[1]) == {"check", "severity", "location", "file", "line", "paragraph", "page", "document",
                            "message", "excerpt", "text", "related"}  # a document finding's JSON, as pinned before
