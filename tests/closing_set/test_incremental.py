"""Incremental and parallel builds give the bytes of a clean single-process build, and render only what changed.

Three builds of FOCUS make the evidence (about 20 s of CPU, shared by the tests below): A, the original term sheet,
two processes, a fresh cache; B, one investor renamed, two processes, A's cache with one entry damaged; C, the same
renamed term sheet, one process, no cache at all. Every file of B was rendered by two worker processes, in A or in B,
and taken from the cache or not; C rendered every file in one process from nothing. B == C byte for byte.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from assembler.cli import main
from assembler.closing_set.build import build
from assembler.closing_set.render import _versions, plan
from assembler.document.assemble import render_set
from assembler.document.dirs import DEFAULT_DIR
from assembler.figures.load import load
from assembler.layout import pdf_reader
from assembler.errors import OutputExists
from assembler.ui import BuildProgress, Ui

from conftest import FOCUS, ROOT, variant

OLD, NEW = "  - name: Roseworth Group, Ltd.", "  - name: Roseworth Group Holdings AG"


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def builds(tmp_path_factory, monkeypatch_module):
    root = tmp_path_factory.mktemp("incremental")
    monkeypatch_module.setenv("ASSEMBLER_CACHE_DIR", str(root / "cache"))
    changed, _ = variant(root, (OLD, NEW), name="focus_1999.yaml")
    a = build(FOCUS, root / "a", jobs=2)
    steps, sources = [], []
    real_reader = pdf_reader.OwnPdfReader

    class CountingReader(real_reader):  # which PDFs the signature packets parse, and how often
        def __init__(self, data, *args, **kwargs):
            sources.append(hashlib.sha256(data).hexdigest())
            super().__init__(data, *args, **kwargs)

    # A damaged entry is never used: the Officer's Certificate (which does not name investors) is rendered again.
    loaded = load(changed)
    tasks = plan(loaded, render_set(loaded.term_sheet, loaded.figures), [DEFAULT_DIR], _versions())
    damaged = root / "cache" / "layout" / next(t.key for t in tasks if t.title == "Officer's Certificate (PDF)")
    damaged.write_bytes(damaged.read_bytes()[:-1] + b"!")
    monkeypatch_module.setattr(pdf_reader, "OwnPdfReader", CountingReader)
    b = build(changed, root / "b", jobs=2, progress=steps.append)
    monkeypatch_module.setattr(pdf_reader, "OwnPdfReader", real_reader)
    c = build(changed, root / "c", jobs=1, cache=False)
    return {"root": root, "a": a, "b": b, "c": c, "steps": steps, "sources": sources, "changed": changed}


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def test_an_incremental_parallel_build_is_byte_identical_to_a_clean_single_process_build(builds):
    b, c = files(builds["b"].destination), files(builds["c"].destination)
    # 48 laid out (the cover memo's PDF and DOCX among them), figures.json, signatures.json, form_variance.json and
    # .html, manifest.json
    assert sorted(b) == sorted(c) and len(b) == 53
    assert [name for name in b if b[name] != c[name]] == []
    assert builds["c"].rendered and builds["c"].reused == 0 and builds["c"].jobs == 1


def test_a_changed_investor_re_renders_only_what_depends_on_that_investor(builds):
    a, b = builds["a"], builds["b"]
    assert a.reused == 0 and len(a.rendered) == 48  # 28 PDFs (8 of them packet covers) and 20 DOCX files
    rendered = {t.rsplit(" (", 1)[0] for t in b.rendered}
    assert {"Stock Purchase Warrant No. W-3 (Roseworth Group Holdings AG)", "Schedule of Investors",
            "Common Stock and Warrants Purchase Agreement",
            "Signature Packet (Hans Gassner for Roseworth Group Holdings AG)"} <= rendered
    assert not any("W-1" in t or "W-2" in t or "Secretary" in t or "Thomas" in t for t in rendered)
    assert "Officer's Certificate (PDF)" in b.rendered, "its cache entry was damaged: rendered again, not trusted"
    assert "Officer's Certificate (DOCX)" not in b.rendered
    assert b.reused == 48 - len(b.rendered) and b.reused >= 8
    assert not any("Cover Memorandum" in t for t in b.rendered)  # an investor's address is no change from the form


def test_signature_packets_parse_each_source_pdf_once(builds):
    sources = builds["sources"]
    assert sources, "the changed Purchase Agreement makes packets be composed again"
    assert len(sources) == len(set(sources))


def test_progress_reports_each_rendered_file_with_an_estimate(builds):
    steps, b = builds["steps"], builds["b"]
    assert [s.done for s in steps] == list(range(1, len(b.rendered) + 1))
    assert {s.total for s in steps} == {len(b.rendered)}
    assert sorted(s.title for s in steps) == sorted(b.rendered)
    assert all(s.remaining is not None and s.remaining >= 0 for s in steps) and steps[-1].remaining == 0


def test_an_unchanged_term_sheet_is_up_to_date_before_any_heavy_import(builds):
    out = builds["root"] / "a"
    code = ("import sys; from assembler.cli import main; rc = main(['build', sys.argv[1], '--output', sys.argv[2]]); "
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
            "('weasyprint', 'pydantic', 'jinja2', 'docx', 'docxtpl', 'pypdf', 'yaml', 'holidays'));"
            "print('heavy:', heavy); sys.exit(rc)")
    r = subprocess.run([sys.executable, "-c", code, str(FOCUS), str(out)], capture_output=True, text=True,
                       cwd=ROOT, env={**os.environ, "ASSEMBLER_CACHE_DIR": str(builds["root"] / "cache")})
    assert r.returncode == 0, r.stderr
    assert f"{out / 'focus_1999'}: up to date (52 files; nothing changed since it was built, nothing written)" in r.stdout
    assert "heavy: []" in r.stdout


def test_a_set_changed_on_disk_is_not_up_to_date(builds, capsys):
    set_a = builds["a"].destination
    manifest = json.loads((set_a / "manifest.json").read_text())
    assert manifest["inputs_sha256"] and manifest["deal"] == "focus_1999"
    pdf = set_a / "03_purchase_agreement.pdf"
    original = pdf.read_bytes()
    pdf.write_bytes(original + b"\n% edited by hand\n")
    with pytest.raises(OutputExists):
        build(FOCUS, set_a.parent)
    result = build(FOCUS, set_a.parent, force=True)
    assert not result.up_to_date and result.rendered == [] and result.reused == 48  # from the cache
    assert pdf.read_bytes() == original


def test_strict_checks_the_documents_again(builds):
    result = build(FOCUS, builds["root"] / "a", force=True, strict=True)
    assert not result.up_to_date and result.rendered == []


def test_build_progress_shows_on_a_terminal_and_nothing_in_a_log():
    from assembler.closing_set.pool import Step

    for terminal in (True, False):
        stream = io.StringIO()
        ui = Ui(err=Console(file=stream, force_terminal=terminal, width=120, markup=False, emoji=False))
        progress = BuildProgress(ui)
        progress(Step(1, 4, "Stock Purchase Warrant No. W-1 ([bold]Raptor :100:) (PDF)", 2.0, 6.0))
        progress.close()
        shown = stream.getvalue()
        if terminal:
            assert "Stock Purchase Warrant No. W-1 ([bold]Raptor :100:) (PDF)" in shown and "6 s left" in shown
            assert "1/4" in shown
        else:
            assert shown == ""


def test_jobs_must_be_a_positive_number(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["build", str(FOCUS), "--jobs", "0"])
    assert exit_.value.code == 2
    assert "not a number of processes (1 or more): '0'" in capsys.readouterr().err
