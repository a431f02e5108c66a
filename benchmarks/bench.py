"""Measure the build against its targets (issue 13), in one run, as ratios where the machine's load would otherwise
decide the result. Every timed command runs in a new process, as a user would run it.

  FOCUS cold         `assemble build` of term_sheets/focus_1999.yaml with an empty cache (imports included)
  LibreOffice        `soffice --headless --convert-to pdf` of the same set's DOCX files, run right after each cold
                     build (its profile warmed up once beforehand, untimed); the target is a ratio <= 1
  WeasyPrint alone   the HTML of the same set's PDFs laid out and written by WeasyPrint with nothing of assembler
                     (benchmarks/weasyprint_alone.py), in as many processes: the floor under "FOCUS cold"
  no-op rebuild      the same command again: "up to date"
  one investor       one investor renamed, rebuilt with --force over the set (the layout cache holds the rest)
  N investors        a deal of N investors generated from FOCUS (amounts split evenly), built cold; peak memory is
                     the largest total resident memory of the build and its worker processes, sampled every 50 ms
  diff --against     `assemble diff --against SNAPSHOT` of FOCUS, first with an empty user cache (a CI runner: what
                     the install compiled, `make setup`'s store, is all it has), then again with that cache warm

LibreOffice is needed for the benchmark only, never for the build (apt-get install libreoffice-writer-nogui); the
comparison is skipped when `soffice` is not found. Usage:

  python benchmarks/bench.py [--repeat N] [--investors 25,50,100] [--jobs N] [--update]

--update writes the table between the `<!-- bench:start -->` and `<!-- bench:end -->` markers of README.md and
docs/speed.md (the table is printed either way).
"""
from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOCUS = ROOT / "term_sheets" / "focus_1999.yaml"
ALONE = ROOT / "benchmarks" / "weasyprint_alone.py"
OLD_NAME, NEW_NAME = "  - name: Roseworth Group, Ltd.", "  - name: Roseworth Group Holdings AG"


def investors_deal(n: int, folder: Path) -> Path:
    """FOCUS with `n` investors of equal amounts (each a whole number of shares at the fixed $1.60), each with its own
    signatory (so each has a Warrant and a signature packet)."""
    text = FOCUS.read_text(encoding="utf-8")
    start, end = text.index("investors:\n"), text.index("\nsecurities:\n")
    amount = Decimal("2000000.00") / n
    if amount % Decimal("1.60"):
        raise SystemExit(f"{n} investors: ${amount} each is not a whole number of shares at $1.60")
    blocks = [f"""  - name: Investor {i:03d} Capital Partners L.P.
    entity_type: limited partnership
    amount: {amount:.2f}
    address:
      lines: ["{i} Harbor Street, Suite {100 + i}"]
      city: Boston
      state: MA
      postal_code: "02110"
    fax: (617) 555-{i:04d}
    signatory:
      name: Signer Number {i:03d}
      title: Managing Director
      through: [{{name: Harbor Partners {i:03d} LLC, capacity: general partner}}]""" for i in range(1, n + 1)]
    text = text[:start] + "investors:\n" + "\n".join(blocks) + text[end:]
    text = text.replace("  id: focus_1999\n", f"  id: focus_{n}_investors\n")
    path = folder / f"focus_{n}_investors.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _tree_rss(root: int) -> int:
    """Resident memory of `root` and all its descendants, in bytes (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    tree, changed = {root}, True
    while changed:
        more = {pid for pid, ppid in parents.items() if ppid in tree} - tree
        changed = bool(more)
        tree |= more
    return sum(rss.get(pid, 0) for pid in tree)


class Run:
    """One command in a new process: wall time, CPU time of it and its children, peak memory of the tree."""

    def __init__(self, args: list[str], env: dict | None = None, memory: bool = False, ok=(0,)) -> None:
        before = os.times()
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                                env={**os.environ, **(env or {})})
        self.peak = 0
        sampler = None
        if memory and sys.platform.startswith("linux"):
            def sample():
                while proc.poll() is None:
                    self.peak = max(self.peak, _tree_rss(proc.pid))
                    time.sleep(0.05)
            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
        out, err = proc.communicate()
        self.wall = time.perf_counter() - start
        if sampler:
            sampler.join()
        after = os.times()
        self.cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
        self.out, self.err = out.decode(errors="replace"), err.decode(errors="replace")
        if proc.returncode not in ok:
            raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{self.err[-3000:]}")


def assemble(*args: str) -> list[str]:
    return [sys.executable, "-m", "assembler.cli", *args]


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice(docx: list[Path], outdir: Path, profile: Path) -> Run:
    return Run([soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                "--outdir", str(outdir), *map(str, docx)])


def fmt(samples: list[float], unit: str = "s") -> str:
    if unit == "MiB":
        return f"{statistics.median(samples) / 2**20:.0f} MiB"
    med = statistics.median(samples)
    spread = f" ({min(samples):.2f}-{max(samples):.2f})" if len(samples) > 1 else ""
    return f"{med:.2f} s{spread}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--investors", default="25,50,100", help="deal sizes for the linearity row, comma-separated")
    parser.add_argument("--jobs", type=int, default=None, help="passed to assemble build (default: every core)")
    parser.add_argument("--update", action="store_true", help="write the table into README.md and docs/speed.md")
    opts = parser.parse_args()
    sizes = [int(n) for n in opts.investors.split(",") if n]
    jobs = ["--jobs", str(opts.jobs)] if opts.jobs else []
    work = Path(tempfile.mkdtemp(prefix="assembler-bench-"))
    rows: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}

    def record(name: str, run: Run) -> Run:
        rows.setdefault(name, []).append(run.wall)
        cpu.setdefault(name, []).append(run.cpu)
        return run

    load_before = os.getloadavg()
    try:
        changed = work / "focus_1999.yaml"
        changed.write_text(FOCUS.read_text(encoding="utf-8").replace(OLD_NAME, NEW_NAME), encoding="utf-8")
        profile = work / "lo-profile"
        pages = work / "focus-pdf-html.json"
        lo = soffice()
        for r in range(opts.repeat):
            cache = {"ASSEMBLER_CACHE_DIR": str(work / f"cache-{r}")}
            out = work / f"out-{r}"
            record("FOCUS cold", Run(assemble("build", str(FOCUS), "--output", str(out), *jobs), cache))
            docx = sorted((out / "focus_1999").glob("*.docx"))
            if lo:
                if r == 0:  # first start creates the profile: not part of a conversion
                    libreoffice(docx[:1], work / "lo-warmup", profile)
                record("LibreOffice", libreoffice(docx, work / f"lo-{r}", profile))
            if r == 0:  # the HTML of the set's PDFs, for WeasyPrint alone (untimed)
                Run([sys.executable, str(ALONE), "dump", str(FOCUS), str(pages)])
            record("WeasyPrint alone", Run([sys.executable, str(ALONE), "lay-out", str(pages), *jobs]))
            noop = record("no-op rebuild", Run(assemble("build", str(FOCUS), "--output", str(out)), cache))
            assert "up to date" in noop.out, noop.out
            record("one investor changed", Run(assemble("build", str(changed), "--output", str(out), "--force",
                                                        *jobs), cache))
            snap = work / f"snap-{r}"
            Run(assemble("snapshot", str(FOCUS), "--into", str(snap)))
            diff_cache = {"ASSEMBLER_CACHE_DIR": str(work / f"diff-cache-{r}")}
            record("diff --against, empty cache",
                   Run(assemble("diff", "--against", str(snap), str(FOCUS), "--quiet"), diff_cache))
            record("diff --against", Run(assemble("diff", "--against", str(snap), str(FOCUS), "--quiet"), diff_cache))
        peaks: dict[int, list[float]] = {}
        for n in sizes:
            sheet = investors_deal(n, work)
            for r in range(opts.repeat if n == max(sizes) else 1):
                run = Run(assemble("build", str(sheet), "--output", str(work / f"inv-{n}-{r}"), *jobs),
                          {"ASSEMBLER_CACHE_DIR": str(work / f"inv-cache-{n}-{r}")}, memory=True)
                record(f"{n} investors cold", run)
                peaks.setdefault(n, []).append(run.peak)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load_after = os.getloadavg()
    table = io.StringIO()
    with contextlib.redirect_stdout(table):
        report(opts, sizes, rows, cpu, peaks, load_before, load_after)
    print(table.getvalue(), end="")
    if opts.update:
        for doc in (ROOT / "README.md", ROOT / "docs" / "speed.md"):
            update(doc, table.getvalue())


MARKERS = re.compile(r"(<!-- bench:start -->\n).*?(<!-- bench:end -->)", re.S)


def update(doc: Path, table: str) -> None:
    text = doc.read_text(encoding="utf-8")
    if not MARKERS.search(text):
        sys.exit(f"{doc}: no <!-- bench:start --> ... <!-- bench:end --> markers")
    doc.write_text(MARKERS.sub(lambda m: m.group(1) + table + m.group(2), text), encoding="utf-8")
    print(f"updated {doc.relative_to(ROOT)}")


def report(opts, sizes, rows, cpu, peaks, load_before, load_after) -> None:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"{cores} cores; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after; median of "
          f"{opts.repeat} runs (min-max); every command in a new process\n")
    print("| measurement | wall time | CPU time | target | result |")
    print("|---|---|---|---|---|")
    focus = statistics.median(rows["FOCUS cold"])

    def row(name, target, verdict):
        print(f"| {name} | {fmt(rows[name])} | {statistics.median(cpu[name]):.2f} s | {target} | {verdict} |")

    row("FOCUS cold", "<= LibreOffice; aim 3 s", f"{focus:.2f} s")
    if "LibreOffice" in rows:
        ratios = [a / b for a, b in zip(rows["FOCUS cold"], rows["LibreOffice"])]
        row("LibreOffice", "(same DOCX files to PDF)",
            f"ratio {statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f})")
    else:
        print("| LibreOffice | not installed | | | |")
    if "LibreOffice" in rows:
        alone = [a / b for a, b in zip(rows["WeasyPrint alone"], rows["LibreOffice"])]
        row("WeasyPrint alone", "(the set's PDFs, nothing else: the floor)",
            f"ratio {statistics.median(alone):.2f} ({min(alone):.2f}-{max(alone):.2f})")
    else:
        row("WeasyPrint alone", "(the set's PDFs, nothing else: the floor)", "")
    noop = statistics.median(rows["no-op rebuild"])
    row("no-op rebuild", "<= 0.3 s", "ok" if noop <= 0.3 else "over")
    row("one investor changed", "only what depends on it", f"{statistics.median(rows['one investor changed']) / focus:.2f} of cold")
    for name in ("diff --against, empty cache", "diff --against"):
        row(name, "< 1 s", "ok" if statistics.median(rows[name]) < 1 else "over")
    for n in sizes:
        name = f"{n} investors cold"
        extra = ""
        if n == max(sizes):
            extra = f"; peak memory {fmt(peaks[n], 'MiB')}"
        row(name, "100: <= 45 s (aim 30 s), < 1 GiB" if n == 100 else "linear", extra.lstrip("; "))
    if len(sizes) >= 2:
        walls = {n: statistics.median(rows[f"{n} investors cold"]) for n in sizes}
        steps = [f"{a}->{b}: {(walls[b] - walls[a]) / (b - a):.2f} s" for a, b in zip(sizes, sizes[1:])]
        print(f"\nwall time per added investor ({'; '.join(steps)}): about equal when the build is linear, "
              "growing when it is not")

if __name__ == "__main__":
    main()
