"""Measure where the time goes: load+validate+figures, template rendering to trees, PDF, DOCX, and a whole build in a
new process. Prints a Markdown table (the README carries its numbers). Usage: python benchmarks/bench.py [REPEAT]"""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHEETS = [ROOT / "term_sheets" / "focus_1999.yaml", ROOT / "term_sheets" / "northwind_2026.yaml"]


def timed(fn, repeat):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def main() -> None:
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    sys.path.insert(0, str(ROOT))
    from assembler.document.assemble import render_set
    from assembler.closing_set.render import render_files
    from assembler.termsheet.validate import load

    rows = []
    for sheet in SHEETS:
        t_load, loaded = timed(lambda: load(sheet), repeat)
        t_tree, docs = timed(lambda: render_set(loaded.term_sheet, loaded.figures), repeat)
        t_files, files = timed(lambda: render_files(loaded), repeat)
        pages = sum(f.pages for name, f in files.items() if name.endswith(".pdf"))
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "assembler.cli", "build", str(sheet), "--output", out],
                           check=True, capture_output=True)
            t_cold = time.perf_counter() - start
            snap = str(Path(out) / "snapshot")
            subprocess.run([sys.executable, "-m", "assembler.cli", "snapshot", str(sheet), "--into", snap],
                           check=True, capture_output=True)
            t_diff, _ = timed(lambda: subprocess.run(
                [sys.executable, "-m", "assembler.cli", "diff", "--against", snap, str(sheet), "--quiet"],
                check=True, capture_output=True), repeat)
        rows.append((sheet.name, len(docs), pages, t_load, t_tree, t_files, t_cold, t_diff))
    print(f"median of {repeat} warm runs; cold = one `assemble build` in a new process (imports included)\n")
    print("| term sheet | documents | PDF pages | load+validate+figures | templates -> trees | "
          "all PDF+DOCX (warm) | build, new process | diff --against snapshot, new process |")
    print("|---|---|---|---|---|---|---|---|")
    for name, ndocs, pages, a, b, c, d, e in rows:
        print(f"| {name} | {ndocs} | {pages} | {a * 1000:.0f} ms | {b * 1000:.0f} ms | {c:.2f} s | {d:.2f} s "
              f"| {e:.2f} s |")


if __name__ == "__main__":
    main()
