"""A set is rendered once (issue 13): the documents taken from the form render with their deal facts marked, and the
same text with those marks taken off is the set's document; the form variance report reads the marked one, the
layout the other. These tests compare that with a rendering that marks nothing, read the marks, and count the
renderings a build and a diff make.
"""
from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from assembler.document import assemble
from assembler.document.assemble import render
from assembler.document.blocks import document_text
from assembler.document.dirs import DEFAULT_DIR
from assembler.document.provenance import FACT_MARK, OPEN
from assembler.figures.load import load
from assembler.variance.report import variance_specs

from conftest import FOCUS, NORTHWIND, ROOT

DEALS = sorted((ROOT / "term_sheets").glob("*.yaml")) + sorted((ROOT / "tests" / "deals").glob("*.yaml"))


def _shape(doc) -> tuple:
    """Everything a document carries, the runs' figure names included (a run's repr leaves them out)."""
    return (doc.key, doc.doc_id, doc.title, doc.exhibit, doc.certificate, doc.holder, doc.signatory,
            [dataclasses.asdict(b) for b in doc.blocks], doc.labels, doc.titles, doc.ref_parts)


@pytest.mark.parametrize("path", DEALS, ids=lambda p: p.stem)
def test_the_marked_rendering_read_plain_is_the_plain_rendering(path):
    loaded = load(path)
    ts, fig = loaded.term_sheet, loaded.figures
    every = {s.id for s in assemble.applicable(assemble.discover([DEFAULT_DIR]), fig, ts)}
    once = render(ts, fig, marked=every)
    plain = render(ts, fig)
    assert [_shape(d) for d in once.documents] == [_shape(d) for d in plain.documents]
    assert {d.key for d in once.marked} == {d.key for d in plain.documents if not d.signatory}
    # the marks are really there: each marked document states deal facts, the plain one none
    plain_by_key = {d.key: d for d in plain.documents}
    for doc in once.marked:
        marked_text, plain_text = document_text(doc.blocks), document_text(plain_by_key[doc.key].blocks)
        assert OPEN not in plain_text
        if doc.doc_id in ("purchase_agreement", "warrant"):
            assert FACT_MARK.search(marked_text), doc.key


def test_only_the_documents_taken_from_a_form_are_marked():
    loaded = load(NORTHWIND)
    specs = variance_specs(loaded.figures, [DEFAULT_DIR])
    ids = {s.id for s, _ in specs}
    assert ids == {"purchase_agreement", "registration_rights", "warrant"}
    rendering = render(loaded.term_sheet, loaded.figures, memo=True, marked=ids)
    assert {d.doc_id for d in rendering.marked} == ids
    # the Company's name is a deal fact and keeps its figure name (the checks compare it)
    pa = next(d for d in rendering.marked if d.key == "purchase_agreement")
    heads = {m.group(0).split("\ue001")[0] for m in FACT_MARK.finditer(document_text(pa.blocks))}
    assert "\ue000\ue003company/name" in heads
    # the cover memo's place is kept, after the documents it reports on and before the signature packets
    keys = [d.key for d in rendering.documents]
    assert rendering.pending == "cover_memo" and keys.index("cover_memo") < keys.index("signature_packet#1")
    assert next(d for d in rendering.documents if d.key == "cover_memo").blocks == []


def _count_renderings(monkeypatch) -> list[str]:
    seen: list[str] = []
    real = assemble._xml

    def counting(env, spec, exhibit, context):
        seen.append(spec.id)
        return real(env, spec, exhibit, context)

    monkeypatch.setattr(assemble, "_xml", counting)
    return seen


def test_a_build_renders_each_document_once(tmp_path, monkeypatch):
    from assembler.closing_set.build import build

    seen = _count_renderings(monkeypatch)
    result = build(FOCUS, tmp_path, jobs=1, cache=False)
    documents = {f.document for f in result.files if f.document}
    # one rendering per document of the set: the three Warrants, the packets, every other document once (as many as
    # the approved snapshot has texts)
    assert sorted(seen) == sorted(d.split("#")[0] for d in documents)
    assert len(seen) == len(list((ROOT / "tests" / "golden" / "focus_1999").glob("*.txt")))
    assert seen.count("purchase_agreement") == 1 and seen.count("warrant") == 3 and seen.count("cover_memo") == 1
    names = {f.name for f in result.files}
    assert {"form_variance.json", "form_variance.html"} <= names


def test_diff_against_renders_each_document_once_and_lays_nothing_out(tmp_path, monkeypatch, capsys):
    from assembler.cli import main

    seen = _count_renderings(monkeypatch)
    monkeypatch.setattr("assembler.variance.report.Variance.html", lambda self: pytest.fail("report written"))
    monkeypatch.setattr("assembler.variance.report.Variance.json", lambda self: pytest.fail("report written"))
    rc = main(["diff", "--against", str(ROOT / "tests" / "golden" / "focus_1999"), str(FOCUS),
               "--report", str(tmp_path / "diff"), "--quiet"])
    assert rc == 0, capsys.readouterr()
    assert len(seen) == len(list((ROOT / "tests" / "golden" / "focus_1999").glob("*.txt")))
    assert seen.count("warrant") == 3 and seen.count("purchase_agreement") == 1


def test_diff_against_imports_no_layout_library(tmp_path):
    code = ("import sys; from assembler.cli import main; rc = main(sys.argv[1:]); "
            "print('layout:', sorted(m for m in sys.modules if m.split('.')[0] in ('weasyprint', 'docx', 'pypdf')));"
            "sys.exit(rc)")
    r = subprocess.run([sys.executable, "-c", code, "diff", "--against", str(ROOT / "tests" / "golden" / "focus_1999"),
                        str(FOCUS), "--report", str(tmp_path / "diff"), "--quiet"], capture_output=True, text=True,
                       cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert "layout: []" in r.stdout


def test_the_marked_documents_are_freed_once_compared_and_the_cover_memo_still_made():
    from assembler.closing_set.build import compare_and_check
    from assembler.variance.report import render_for_variance

    loaded = load(FOCUS)
    rendering, specs = render_for_variance(loaded.term_sheet, loaded.figures, [DEFAULT_DIR])
    assert rendering.marked
    added = []
    (_, _), report, _ = compare_and_check(loaded, rendering, specs, [DEFAULT_DIR], False, added.extend)
    assert rendering.marked == [] and report.documents
    assert [d.key for d in added] == [rendering.pending] and "Purchase Agreement" in document_text(added[0].blocks)
