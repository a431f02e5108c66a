"""Everything the tool prints on a terminal: one module, so the library returns typed results and never prints.

User text (names from a term sheet, file names, template text) is shown as typed, never interpreted: rich markup
(`[bold]`) and emoji codes (`:100:`, which would turn `FILE:100:7:` into `FILE💯7:`) are off everywhere, and control
and bidirectional-override characters are shown as escapes (`\\x1b`, `\\u202e`) so a name cannot clear the screen or
reverse the text after it.
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Iterable

from rich.console import Console
from rich.table import Table
from rich.text import Text

# C0 and C1 controls except tab and newline; bidi embeddings, overrides and isolates; zero-width marks.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]")


def safe(text: object) -> str:
    """`text` with every control or bidi-override character written as a visible escape."""
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
                       str(text))


def cell(text: object) -> Text:
    """A table cell that rich shows as typed (no markup, no emoji)."""
    return Text(safe(text))


class Ui:
    """Standard output for results, standard error for problems, progress and summaries."""

    def __init__(self, out: Console | None = None, err: Console | None = None) -> None:
        self.out = out or _console(sys.stdout)
        self.err = err or _console(sys.stderr)

    # ---------------------------------------------------------------- plain lines
    def result(self, text: str) -> None:
        self.out.print(Text(safe(text)), soft_wrap=True)

    def note(self, text: str) -> None:
        self.err.print(Text(safe(text)), soft_wrap=True)

    def notes(self, lines: Iterable[object]) -> None:
        for line in lines:
            self.note(str(line))

    def raw(self, text: str) -> None:
        """Machine-readable output (JSON, unified diffs) written as is to standard output."""
        sys.stdout.write(text)
        sys.stdout.flush()

    def table(self, title: str, columns: list[str], rows: Iterable[Iterable[object]], right: Iterable[str] = (),
              to_err: bool = False) -> None:
        right = set(right)
        table = Table(title=Text(safe(title)), header_style="bold")
        for col in columns:
            table.add_column(Text(col), justify="right" if col in right else "left")
        for row in rows:
            table.add_row(*(cell(v) for v in row))
        (self.err if to_err else self.out).print(table)


def _console(stream) -> Console:
    console = Console(file=stream, highlight=False, markup=False, emoji=False)
    if not console.is_terminal:  # logs and pipes: wide enough for the tables, no wrapping of file names
        console.width = 160
    return console


# -------------------------------------------------------------------- views of typed results

def figures_tables(ui: Ui, ts, fig, cashless_at=None) -> None:
    """`assemble figures`: prices and dates with their rules, the Market Price window, investors, damages,
    capitalization and the cashless-exercise example."""
    from assembler.figures.audit import cashless_price, cashless_table
    from assembler.format import money, price, shares

    a = fig.audit
    rows = [(name, price(a[key].value), a[key].rule) for name, key in (
        ("Market Price", "market_price"), ("Purchase Price", "purchase_price"), ("Exercise Price", "exercise_price"))
        if key in a]  # a deal without warrants has no Exercise Price
    for key in ("filing_deadline", "effectiveness_deadline", "full_review_effectiveness_deadline",
                "warrant_initial_exercise", "warrant_termination"):
        if f"dates.{key}" not in a:
            continue
        entry = a[f"dates.{key}"]
        value = entry.value.isoformat()
        if entry.inputs.get("rolled"):
            value += f" (rolled from {entry.inputs['unadjusted']}: {entry.inputs['not_a_business_day_because']})"
        rows.append((key.replace("_", " "), value, entry.rule))
    ui.table(ts.deal.title, ["figure", "value", "rule"], rows)
    if fig.market_price is not None:
        ui.table("Market Price window", ["trading day", "price"],
                 [(day.isoformat(), price(value)) for day, value in fig.market_prices]
                 + [("average", price(fig.market_price))], right=["price"])
    t = fig.totals
    ui.table("Investors", ["certificate", "investor", "subscription", "shares", "purchase price", "unapplied",
                           "warrant shares", "% of deal"],
             [(p.certificate_number or "", p.name, money(p.subscription), shares(p.shares), money(p.purchase_price),
               money(p.unapplied), shares(p.warrant_shares), f"{p.percent_of_deal}%") for p in fig.investors]
             + [("", "Total", money(t.subscription), shares(t.shares), money(t.purchase_price),
                 money(t.subscription - t.purchase_price), shares(t.warrant_shares), "100%")],
             right=["subscription", "shares", "purchase price", "unapplied", "warrant shares", "% of deal"])
    ld = ts.registration_rights.liquidated_damages
    rows = []
    for p in fig.investors:
        rows += [(p.name, row.number, row.start.isoformat(), row.end.isoformat(), f"{row.days}/{row.period_days}",
                  f"{row.rate_percent}%", money(row.monthly_amount), money(row.amount)) for row in p.damages_schedule]
        rows.append((p.name, "total", "", "", "", "", "", money(p.damages_example_total)))
    ui.table(f"Liquidated damages: a {ld.example_default_days}-day filing default from "
             f"{fig.dates.damages_example_start} ({ld.proration.value})",
             ["investor", "period", "from", "to", "days", "rate", "monthly", "accrued"], rows,
             right=["period", "days", "rate", "monthly", "accrued"])
    c = fig.capitalization
    ui.table("Capitalization", ["item", "shares"], [
        ("authorized Common Stock", shares(c.authorized_common)),
        ("outstanding before", shares(c.outstanding_before)),
        ("Shares issued at the Closing", shares(t.shares)),
        ("outstanding after", shares(c.outstanding_after)),
        ("reserved: Warrant Shares", shares(c.warrant_shares)),
        ("reserved: other options and warrants", shares(c.reserved_other)),
        ("authorized, unissued and unreserved after", shares(c.headroom)),
        ("issuance incl. Warrant Shares / outstanding before", f"{c.issuance_percent}%"),
        ("investors' ownership after (Shares only)", f"{c.ownership_after_percent}%"),
        ("investors' ownership after, fully diluted for the Warrants", f"{c.fully_diluted_after_percent}%")],
        right=["shares"])
    ui.table("Cashless exercise: floor((A - B) x X / A)", ["holder", "A", "B", "X", "Warrant Shares"],
             [(r["holder"], price(r["A"]), price(r["B"]), shares(r["X"]), shares(r["warrant_shares"]))
              for r in cashless_table(fig, cashless_price(fig, cashless_at))], right=["A", "B", "X", "Warrant Shares"])


class BuildProgress:
    """A long build's progress on a terminal: a bar, the file just rendered and an estimate of the time left (one
    step per PDF or DOCX file). In a log or a pipe it prints nothing. It has no refresh thread: the display is redrawn
    at each step, because the build forks its worker processes and a thread must not hold a lock at that moment."""

    def __init__(self, ui: Ui) -> None:
        self.console = ui.err
        self.progress = None
        self.task = None

    def __call__(self, step) -> None:
        if not self.console.is_terminal:
            return
        if self.progress is None:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.progress = Progress(TextColumn("{task.fields[left]}", markup=False), BarColumn(bar_width=24),
                                     MofNCompleteColumn(), TextColumn("{task.description}", markup=False),
                                     console=self.console, transient=True, auto_refresh=False)
            self.progress.start()
            self.task = self.progress.add_task("", total=step.total, left="")
        left = f"{step.remaining:4.0f} s left" if step.remaining else ""
        self.progress.update(self.task, completed=step.done, total=step.total, description=safe(step.title),
                             left=left)
        self.progress.refresh()

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


def build_result(ui: Ui, result) -> None:
    """What `assemble build` wrote: warnings first (standard error), then the table of files; or that the set on
    disk is up to date."""
    if result.up_to_date:
        ui.result(f"{result.destination}: up to date ({len(result.files)} files; nothing changed since it was "
                  "built, nothing written)")
        return
    ui.notes(result.notes)
    ui.notes(result.warnings)
    ui.notes(result.template_warnings)
    ui.notes(f"accepted: {f} (term sheet: {reason})" for f, reason in result.accepted)
    ui.notes(result.findings)
    ui.table(f"Closing set written to {result.destination}", ["file", "pages", "bytes", "sha256"],
             [(f.name, f.pages or "", f"{len(f.data):,}", f.sha256[:12]) for f in result.files],
             right=["pages", "bytes"])
    laid_out = len(result.rendered) + result.reused
    if laid_out:
        ui.note(f"rendered {len(result.rendered)} of {laid_out} PDF and DOCX files"
                + (f" in {result.jobs} processes" if result.jobs > 1 and len(result.rendered) > 1 else "")
                + (f"; {result.reused} unchanged, from the cache" if result.reused else ""))


def diff_summary(ui: Ui, diff, reports) -> None:
    """`assemble diff`: one row per document, the changed figures, and where the redlines are."""
    ui.table(f"{diff.old.label} -> {diff.new.label}",
             ["document", "status", "changed", "added", "removed", "words +", "words -"],
             [(d.key, d.status, d.changed, d.inserted, d.deleted, d.words_inserted, d.words_deleted)
              for d in diff.documents], right=["changed", "added", "removed", "words +", "words -"], to_err=True)
    ui.notes(f"figure {name}: {before} -> {after}" for name, before, after in diff.figures)
    ui.notes(f"redline: {path}" for path in reports)


def templates_table(ui: Ui, specs, letters, findings) -> None:
    ui.table("Templates", ["order", "id", "title", "per", "exhibit", "signatories", "outputs", "source"],
             [(s.order, s.id, s.title, s.per, letters.get(s.id, ""), ", ".join(s.signatories), ", ".join(s.outputs),
               s.folder) for s in specs])
    ui.notes(findings)


# -------------------------------------------------------------------- GitHub workflow annotations (--format github)

def _escape(text: str, prop: bool = False) -> str:
    text = safe(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def repo_path(path: str | Path) -> str:
    """A path as GitHub annotates it: relative to the workspace (GITHUB_WORKSPACE, else the current folder)."""
    base = os.environ.get("GITHUB_WORKSPACE") or os.getcwd()
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(base))
    return Path(path).as_posix() if rel.startswith("..") else Path(rel).as_posix()


def annotation(level: str, message: str, file: str | Path | None = None, line: int | None = None,
               title: str | None = None) -> str:
    """`::warning file=F,line=N,title=T::message`: GitHub shows it on the pull request at that file and line."""
    props = [f"file={_escape(repo_path(file), True)}"] if file else []
    props += [f"line={line}"] if file and line else []
    props += [f"title={_escape(title, True)}"] if title else []
    return f"::{level} {','.join(props)}::{_escape(message)}" if props else f"::{level}::{_escape(message)}"


def finding_place(finding, paths=()) -> tuple[str | None, int | None]:
    """(file, line) of a finding (assembler.errors.Finding, of any stage), a bare file name (a document of a
    closing set) being looked up among the checked `paths` (files, or closing-set folders); None when no checked file
    has that name."""
    file, line = finding.file, finding.line
    if file is not None and not Path(file).exists():
        candidates = [Path(p) / file if Path(p).is_dir() else Path(p) for p in paths]
        file = next((str(c) for c in candidates if c.name == Path(file).name and c.exists()), None)
    return (str(file), line) if file else (None, None)


def findings_github(findings, paths=()) -> str:
    """`--format github`: one annotation per finding, on the file (and line) it was found in."""
    out = []
    for f in findings:
        file, line = finding_place(f, paths)
        level = "error" if f.severity == "error" else "warning"
        out.append(annotation(level, f"{f.message}: «{f.text}» ({f.location})", file, line, f"{f.check}"))
    return "\n".join(out) + ("\n" if out else "")


def diff_github(diff) -> str:
    """`assemble diff --format github`: one annotation per changed figure and per run of changed words, on the
    approved snapshot's line when the old version is a snapshot, on the new DOCX file between closing sets."""
    from assembler.diff.compare import change_line, changes

    out = [annotation("warning", f"figure {name}: {before} -> {after}", title="changed figure")
           for name, before, after in diff.figures]
    for c in changes(diff):
        file = diff.old.texts.get(c.document) or diff.new.docx.get(c.document) or diff.new.texts.get(c.document)
        line = (c.old_line or None) if c.document in diff.old.texts else None
        out.append(annotation("warning", change_line(c), file, line, f"{c.document}: {c.where or 'text'} changed"))
    return "\n".join(out) + ("\n" if out else "")


# -------------------------------------------------------------------- after signing (assembler/signing)

def collect_result(ui: Ui, result, to_err: bool = False) -> None:
    """`assemble collect`: every page filed, then what was produced and what is still outstanding."""
    ui.table(f"Returned pages, kept in {result.store}", ["file", "page", "filed as", "detail"],
             [(p.source, p.page, p.outcome + (" (already collected)" if p.already_collected else ""), p.detail)
              for p in result.pages], right=["page"], to_err=to_err)
    ui.note(", ".join(f"{n} {outcome}" for outcome, n in result.counts.items()) + f" ({len(result.pages)} pages)")
    ui.notes(f"executed: {d.path}" for d in result.executed.written)
    ui.notes(f"partly signed, not produced: {d.title} ({sum(p.signed for p in d.pages)} of {len(d.pages)} pages)"
             for d in result.executed.partly_signed)
    _outstanding(ui, result.status)


def status_view(ui: Ui, status, checklist=None, to_err: bool = False) -> None:
    """`assemble status`: per document and signatory, signed (from which file and page) or outstanding."""
    rows = []
    for doc in status.signed_documents:
        for p in doc.pages:
            state = f"signed ({p.source})" if p.signed else "OUTSTANDING"
            if p.stale_copies and not p.signed:
                state += f"; {len(p.stale_copies)} stale cop{'y' if len(p.stale_copies) == 1 else 'ies'} collected"
            rows.append((doc.title, f"{p.signatory} for {p.party}", p.page, state))
    ui.table(f"Signature pages of {status.deal} ({status.set_dir})", ["document", "signatory", "page", "status"], rows,
             right=["page"], to_err=to_err)
    ui.notes(f"{u.outcome}: {u.source}: {u.detail}" for u in status.unfiled)
    if checklist is not None:
        ui.notes([f"closing checklist with status: {path}" for path in checklist.written] or [checklist.reason])
    _outstanding(ui, status)


def _outstanding(ui: Ui, status) -> None:
    missing = status.outstanding()
    total = sum(len(d.pages) for d in status.documents)
    if not missing:
        ui.note(f"all {total} signature pages are in: assemble book {status.set_dir} makes the closing book")
        return
    ui.note(f"{total - len(missing)} of {total} signature pages in; outstanding:")
    ui.notes(f"  {d.title}, page {p.page}: {p.signatory} for {p.party}" for d, p in missing)


def book_result(ui: Ui, result) -> None:
    ui.table(f"Closing book: {result.book} ({result.pages} pages)", ["no.", "document", "page", "pages", "file"],
             [(n, e.title, e.first_page, e.pages, e.file) for n, e in enumerate(result.entries, start=1)],
             right=["no.", "page", "pages"])
    ui.note(f"executed set: {result.archive}")
