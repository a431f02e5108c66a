"""Everything the tool prints on a terminal: one module, so the library returns typed results and never prints.

User text (names from a term sheet, file names, template text) is shown as typed, never interpreted: rich markup
(`[bold]`) and emoji codes (`:100:`, which would turn `FILE:100:7:` into `FILE💯7:`) are off everywhere, and control
and bidirectional-override characters are shown as escapes (`\\x1b`, `\\u202e`) so a name cannot clear the screen or
reverse the text after it.
"""
from __future__ import annotations

import re
import sys
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
    rows = [("Market Price", price(fig.market_price), a["market_price"].rule),
            ("Purchase Price", price(fig.purchase_price), a["purchase_price"].rule),
            ("Exercise Price", price(fig.exercise_price), a["exercise_price"].rule)]
    for key in ("filing_deadline", "effectiveness_deadline", "full_review_effectiveness_deadline",
                "warrant_initial_exercise", "warrant_termination"):
        entry = a[f"dates.{key}"]
        value = entry.value.isoformat()
        if entry.inputs.get("rolled"):
            value += f" (rolled from {entry.inputs['unadjusted']}: {entry.inputs['not_a_business_day_because']})"
        rows.append((key.replace("_", " "), value, entry.rule))
    ui.table(ts.deal.title, ["figure", "value", "rule"], rows)
    ui.table("Market Price window", ["trading day", "price"],
             [(day.isoformat(), price(value)) for day, value in fig.market_prices] + [("average", price(fig.market_price))],
             right=["price"])
    t = fig.totals
    ui.table("Investors", ["certificate", "investor", "subscription", "shares", "purchase price", "unapplied",
                           "warrant shares", "% of deal"],
             [(p.certificate_number, p.name, money(p.subscription), shares(p.shares), money(p.purchase_price),
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
