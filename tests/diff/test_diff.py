"""Regression diffs: what a change to a template or a term sheet does to the documents."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from assembler.cli import main
from assembler.diff.compare import compare
from assembler.diff.redline import redline_html, write_reports
from assembler.diff.versions import from_snapshot, from_term_sheet, write_snapshot
from assembler.document.registry import DEFAULT_DIR

ROOT = Path(__file__).resolve().parents[2]
FOCUS = ROOT / "term_sheets" / "focus_1999.yaml"
NORTHWIND = ROOT / "term_sheets" / "northwind_2026.yaml"


@pytest.fixture()
def snapshot(tmp_path):
    folder = tmp_path / "snap"
    write_snapshot(FOCUS, folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_identical_versions_have_no_difference_and_exit_0(snapshot, tmp_path):
    assert compare(from_snapshot(snapshot), from_term_sheet(FOCUS)).identical
    assert main(["diff", "--against", str(snapshot), str(FOCUS), "--report", str(tmp_path / "r")]) == 0
    assert not (tmp_path / "r").exists()


def test_snapshot_is_small_text_plus_figures(snapshot):
    names = {p.name for p in snapshot.iterdir()}
    assert {"figures.json", "snapshot.json", "purchase_agreement.txt", "registration_rights.txt",
            "transfer_agent_instructions.txt", "warrant_W-1.txt", "warrant_W-2.txt", "warrant_W-3.txt",
            "signature_packet_1.txt"} <= names
    assert {Path(n).suffix for n in names} == {".txt", ".json"}  # text only: small and reviewable
    index = json.loads((snapshot / "snapshot.json").read_text())["documents"]
    assert sorted(f"{key.replace('#', '_')}.txt" for key in index) == sorted(n for n in names if n.endswith(".txt"))


def test_a_one_word_change_is_one_changed_paragraph_with_one_word_each_way(snapshot, tmp_path):
    edit(snapshot / "registration_rights.txt", "Section 14. Headings. The headings in this Agreement are for reference",
         "Section 14. Headings. The captions in this Agreement are for reference")
    diff = compare(from_snapshot(snapshot), from_term_sheet(FOCUS))
    rra = next(d for d in diff.documents if d.key == "registration_rights")
    assert (rra.status, rra.changed, rra.inserted, rra.deleted) == ("changed", 1, 0, 0)
    assert (rra.words_deleted, rra.words_inserted) == (1, 1)
    assert {d.status for d in diff.documents if d.key != "registration_rights"} == {"unchanged"}
    html = redline_html(diff, rra)
    assert "<del>captions</del> <ins>headings</ins>" in html
    assert "unchanged paragraph(s)" in html  # unchanged text is collapsed around the change


def test_a_changed_figure_is_listed_and_shows_in_the_words(snapshot, tmp_path):
    sheet = tmp_path / "ts.yaml"
    sheet.write_text(FOCUS.read_text(encoding="utf-8").replace("    fixed: 1.60", "    fixed: 1.50")
                     .replace("  aggregate_amount: 2000000.00\n", "").replace("  share_rounding: exact", "  share_rounding: down"),
                     encoding="utf-8")
    diff = compare(from_snapshot(snapshot), from_term_sheet(sheet))
    figures = {name: (old, new) for name, old, new in diff.figures}
    assert figures["purchase_price"] == ("1.60", "1.50")
    assert figures["investors[0].shares"] == ("871500", "929600")
    pa = next(d for d in diff.documents if d.key == "purchase_agreement")
    html = redline_html(diff, pa)
    assert html.index("Changed figures") < html.index("<h2>Text</h2>")
    assert "<del>$1.60</del> <ins>$1.50</ins>" in html


def test_an_inserted_and_a_deleted_paragraph(snapshot):
    path = snapshot / "transfer_agent_instructions.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    removed = lines.pop(20)
    lines.insert(5, "A paragraph the approved version had and the templates no longer have.")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    diff = compare(from_snapshot(snapshot), from_term_sheet(FOCUS))
    ta = next(d for d in diff.documents if d.key == "transfer_agent_instructions")
    assert (ta.status, ta.changed, ta.inserted, ta.deleted) == ("changed", 0, 1, 1)
    html = redline_html(diff, ta)
    assert "<p class='removed'><del>A paragraph the approved version had" in html
    assert f"<p class='added'><ins>{removed[:40]}" in html


def test_a_renumbered_section_shows_as_the_new_section_plus_renumbered_ones(snapshot, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(DEFAULT_DIR, templates)
    edit(templates / "registration_rights" / "document.xml.j2", '<section label="rra-headings"',
         '<section label="rra-waiver" title="Waiver"><p>No waiver of any provision of this Agreement shall be '
         'effective unless in writing.</p></section>\n<section label="rra-headings"')
    diff = compare(from_snapshot(snapshot), from_term_sheet(FOCUS, [templates]))
    rra = next(d for d in diff.documents if d.key == "registration_rights")
    assert rra.inserted == 1
    assert rra.changed == 2  # Sections 14 and 15 became 15 and 16
    html = redline_html(diff, rra)
    assert "<ins>Section 14. Waiver. No waiver" in html
    assert "<del>14.</del> <ins>15.</ins>" in html and "<del>15.</del> <ins>16.</ins>" in html


def test_diff_exit_codes(snapshot, tmp_path, capsys):
    edit(snapshot / "warrant_W-2.txt", "Altar Rock Fund L.P.", "Altar Rock Fund, L.P.")
    assert main(["diff", "--against", str(snapshot), str(FOCUS), "--report", str(tmp_path / "r")]) == 1
    out = capsys.readouterr()
    assert "--- a/warrant#W-2" in out.out and "Altar Rock [-Fund,-] {+Fund+} L.P." in out.out
    assert (tmp_path / "r" / "warrant_W-2.redline.html").is_file()
    assert main(["diff", "--against", str(tmp_path / "nothing"), str(FOCUS)]) == 2
    assert main(["diff", str(tmp_path / "a")]) == 2


def build(sheet: Path, out: Path, env=None, cwd=None) -> Path:
    subprocess.run([sys.executable, "-m", "assembler.cli", "build", str(sheet), "--output", str(out)], check=True,
                   capture_output=True, env={**os.environ, **(env or {})}, cwd=cwd)
    out = Path(cwd or ".") / out
    return out / next(p.name for p in out.iterdir() if not p.name.startswith("."))


def test_builds_in_two_processes_are_byte_identical_and_diff_clean(tmp_path):
    """Whatever the caller's SOURCE_DATE_EPOCH, time zone, locale or working directory (issue 11)."""
    first = build(NORTHWIND, tmp_path / "one", {"TZ": "UTC"})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    second = build(Path(os.path.relpath(NORTHWIND, elsewhere)), Path("two"), cwd=elsewhere,
                   env={"TZ": "Pacific/Kiritimati", "ASSEMBLER_NO_CACHE": "1", "SOURCE_DATE_EPOCH": "1700000000",
                        "LC_ALL": "C", "LANG": "C"})
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    with zipfile.ZipFile(first / "04_purchase_agreement.docx") as z:
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert main(["diff", str(first), str(second), "--report", str(tmp_path / "r")]) == 0


def test_docx_redline_has_real_tracked_changes(tmp_path):
    pytest.importorskip("python_redlines.engines", reason="the optional extra assembler[redline]")
    old = build(NORTHWIND, tmp_path / "old")
    changed = tmp_path / "changed.yaml"
    changed.write_text(NORTHWIND.read_text(encoding="utf-8").replace("name: Elena Vasquez", "name: Elena Vásquez-Ruiz"),
                       encoding="utf-8")
    new = build(changed, tmp_path / "new")
    report = tmp_path / "r"
    assert main(["diff", str(old), str(new), "--report", str(report), "--docx-redline", "--quiet"]) == 1
    redline = report / "purchase_agreement.redline.docx"
    with zipfile.ZipFile(redline) as z:
        body = z.read("word/document.xml").decode()
    assert "<w:ins " in body and "<w:del " in body
    assert "Vásquez-Ruiz" in body


def _price_change(tmp_path) -> Path:
    sheet = tmp_path / "price.yaml"
    sheet.write_text(FOCUS.read_text(encoding="utf-8").replace("    fixed: 1.60", "    fixed: 1.50")
                     .replace("  aggregate_amount: 2000000.00\n", "").replace("  share_rounding: exact", "  share_rounding: down"),
                     encoding="utf-8")
    return sheet


def test_the_text_diff_is_word_level_located_and_wrapped(tmp_path, capsys):
    """One price change used to print whole paragraphs (135 lines up to 1,380 characters): now each changed
    paragraph is a hunk headed by its section, with the changed words and a few words of context."""
    golden = ROOT / "tests" / "golden" / "focus_1999"
    assert main(["diff", "--against", str(golden), str(_price_change(tmp_path)), "--report", str(tmp_path / "r")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in out) <= 100
    hunk = out.index("@@ Section 1.16 paragraph 27 -> 27 @@")
    assert out[hunk + 1] == '~ Section 1.16. "Purchase Price" shall mean [-$1.60-] {+$1.50+} per share of Common Stock.'
    assert "~ Original certificate for [-871,500-] {+929,600+} Shares registered in the name of …" in out
    assert not any(len(line) > 100 or "WHEREAS, such investments" in line for line in out)


def test_diff_format_github_annotates_the_approved_snapshot_lines(snapshot, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    edit(snapshot / "purchase_agreement.txt", 'shall mean $1.60 per share', 'shall mean $1.65 per share')
    line = next(n for n, text in enumerate((snapshot / "purchase_agreement.txt").read_text().splitlines(), start=1)
                if "$1.65 per share" in text)
    assert main(["diff", "--against", str(snapshot), str(FOCUS), "--report", str(tmp_path / "r"),
                 "--format", "github"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [f'::warning file=snap/purchase_agreement.txt,line={line},title=purchase_agreement%3A Section 1.16 '
                   f'changed::purchase_agreement Section 1.16 (paragraph {line}): "$1.65" -> "$1.60"']


def test_docx_redline_against_a_snapshot_needs_no_extra(snapshot, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "python_redlines", None)  # as if the optional extra were not installed
    monkeypatch.setitem(sys.modules, "python_redlines.engines", None)
    edit(snapshot / "purchase_agreement.txt", 'shall mean $1.60 per share', 'shall mean $1.65 per share')
    report = tmp_path / "r"
    assert main(["diff", "--against", str(snapshot), str(FOCUS), "--report", str(report), "--docx-redline",
                 "--quiet"]) == 1
    with zipfile.ZipFile(report / "purchase_agreement.redline.docx") as z:
        body = z.read("word/document.xml").decode()
    assert body.count("<w:del ") == 1 and body.count("<w:ins ") == 1
    assert "<w:delText xml:space=\"preserve\"> $1.65</w:delText>" in body and "> $1.60</w:t>" in body
    from assembler.checks.extract import docx_lines

    accepted = docx_lines((report / "purchase_agreement.redline.docx").read_bytes())  # w:t only: the new text
    assert accepted == (ROOT / "tests" / "golden" / "focus_1999" / "purchase_agreement.txt").read_text().splitlines()


def test_docx_redline_between_closing_sets_without_the_extra_says_what_to_install(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "manifest.json").write_text(json.dumps({"files": [
        {"name": "a.docx", "document": "purchase_agreement"}]}), encoding="utf-8")
    from assembler.layout.shell import SHELL

    shutil.copy(SHELL, folder / "a.docx")
    (folder / "figures.json").write_text('{"figures": {"x": 1}}', encoding="utf-8")
    other = tmp_path / "other"
    shutil.copytree(folder, other)
    (other / "figures.json").write_text('{"figures": {"x": 2}}', encoding="utf-8")
    from docx import Document

    doc = Document(str(other / "a.docx"))
    doc.add_paragraph("A new paragraph.")
    doc.save(str(other / "a.docx"))
    monkeypatch.setitem(sys.modules, "python_redlines", None)
    monkeypatch.setitem(sys.modules, "python_redlines.engines", None)
    report = tmp_path / "r"
    assert main(["diff", str(folder), str(other), "--report", str(report), "--docx-redline"]) == 2
    out = capsys.readouterr()
    assert out.out == ""  # nothing printed before the error
    assert "pip install 'assembler[redline]'" in out.err
    assert not report.exists()
