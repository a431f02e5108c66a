"""`assemble`: a thin command line over the library. Catches only AssemblerError (exit 2, no traceback)."""
from __future__ import annotations

import argparse
import sys
from decimal import Decimal, InvalidOperation

from assembler import __version__
from assembler.errors import AssemblerError


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="assemble", description=__doc__)
    parser.add_argument("--version", action="version", version=f"assemble {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check a term sheet; print a summary or the located errors")
    p.add_argument("term_sheet")

    p = sub.add_parser("figures", help="print every computed figure (tables, or --json with inputs and rules)")
    p.add_argument("term_sheet")
    p.add_argument("--json", action="store_true", help="the audit trail as JSON on standard output")
    p.add_argument("--cashless-at", type=_decimal, metavar="PRICE",
                   help="market price A for the cashless-exercise example (default: 150%% of the Exercise Price)")

    p = sub.add_parser("build", help="render the closing set (DOCX and PDF) into OUTPUT/<deal>/")
    p.add_argument("term_sheet")
    _templates_option(p)
    p.add_argument("--output", default="output", metavar="DIR")
    p.add_argument("--force", action="store_true", help="replace an existing closing set for this deal")
    p.add_argument("--strict", action="store_true", help="document-check warnings also stop the build")

    p = sub.add_parser("snapshot", help="store each document's normalized text plus figures.json (approved snapshot)")
    p.add_argument("term_sheet")
    _templates_option(p)
    p.add_argument("--into", required=True, metavar="DIR")

    p = sub.add_parser("diff", help="compare two closing sets, or a term sheet against an approved snapshot "
                                    "(exit 0 same, 1 different, 2 error)")
    p.add_argument("paths", nargs="+", metavar="OLD NEW | TS",
                   help="two closing-set folders; or, with --against, one term sheet")
    p.add_argument("--against", metavar="DIR", help="an approved snapshot folder (from assemble snapshot)")
    p.add_argument("--report", default="output/diff", metavar="DIR", help="where redlines are written")
    p.add_argument("--docx-redline", action="store_true",
                   help="also write a .docx with Word tracked changes per changed document (closing sets only)")
    p.add_argument("--quiet", action="store_true", help="no unified diff on standard output")
    _templates_option(p)

    p = sub.add_parser("check", help="run the document checks on .txt, .docx, .pdf files or built closing sets "
                                     "(exit 0 clean, 1 findings, 2 error)")
    p.add_argument("paths", nargs="+", metavar="FILE")
    p.add_argument("--strict", action="store_true", help="warnings are findings too (exit 1)")
    p.add_argument("--json", action="store_true", help="findings as JSON on standard output")

    p = sub.add_parser("templates", help="list the templates of the set and check each against its manifest")
    _templates_option(p)

    p = sub.add_parser("new-template", help="scaffold a template folder that builds at once")
    p.add_argument("name")
    p.add_argument("--into", default="templates", metavar="DIR")
    return parser


def _templates_option(p) -> None:
    p.add_argument("--templates", action="append", default=[], metavar="DIR",
                   help="a directory of template folders (a firm's own forms); later ones override earlier ones by id")


def _dirs(args):
    from assembler.document.registry import template_dirs

    return template_dirs(args.templates)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from rich.console import Console

    out = Console(highlight=False)
    err = Console(stderr=True, highlight=False)
    for console in (out, err):  # logs and pipes: wide enough for the tables, no wrapping of file names
        if not console.is_terminal:
            console.width = 160
    try:
        return COMMANDS[args.command](args, out, err)
    except AssemblerError as exc:
        for line in exc.lines():
            err.print(line, markup=False, soft_wrap=True)
        return getattr(exc, "exit_code", 2)


def _validate(args, out, err) -> int:
    from assembler.format import money, price, shares
    from assembler.termsheet.validate import load

    loaded = load(args.term_sheet)
    for w in loaded.warnings:
        err.print(str(w), markup=False, soft_wrap=True)
    ts, fig = loaded.term_sheet, loaded.figures
    out.print(f"{args.term_sheet}: valid. {ts.company.name}: {len(ts.investors)} investor(s), "
              f"{shares(fig.totals.shares)} shares at {price(fig.purchase_price)} = {money(fig.totals.purchase_price)}; "
              f"warrants for {shares(fig.totals.warrant_shares)} shares at {price(fig.exercise_price)}; "
              f"closing {ts.closing_date}.", markup=False, soft_wrap=True)
    return 0


def _figures(args, out, err) -> int:
    from assembler.figures.audit import figures_json, print_tables
    from assembler.termsheet.validate import load

    loaded = load(args.term_sheet)
    for w in loaded.warnings:
        err.print(str(w), markup=False, soft_wrap=True)
    if args.json:
        sys.stdout.write(figures_json(loaded.term_sheet, loaded.figures, args.cashless_at))
    else:
        print_tables(out, loaded.term_sheet, loaded.figures, args.cashless_at)
    return 0


def _build(args, out, err) -> int:
    from assembler.closing_set.build import build

    return build(args.term_sheet, args.output, force=args.force, console=out, errors=err, template_dirs=_dirs(args),
                 strict=args.strict)


def _check(args, out, err) -> int:
    from assembler.checks.run import check_paths, exit_code, findings_json, summary

    findings = check_paths(args.paths)
    if args.json:
        sys.stdout.write(findings_json(findings))
    else:
        for f in findings:
            out.print(str(f), markup=False, soft_wrap=True)
    err.print(summary(findings), markup=False)
    return exit_code(findings, args.strict)


def _snapshot(args, out, err) -> int:
    from assembler.diff.compare import write_snapshot

    written = write_snapshot(args.term_sheet, args.into, _dirs(args))
    out.print(f"snapshot of {args.term_sheet}: {len(written)} files in {args.into}", markup=False)
    return 0


def _diff(args, out, err) -> int:
    from pathlib import Path

    from rich.table import Table

    from assembler.diff.compare import compare, from_closing_set, from_snapshot, from_term_sheet, unified, write_reports

    if args.against:
        if len(args.paths) != 1:
            raise AssemblerError("diff --against DIR takes one term sheet")
        old, new = from_snapshot(Path(args.against)), from_term_sheet(Path(args.paths[0]), _dirs(args))
    else:
        if len(args.paths) != 2:
            raise AssemblerError("diff takes two closing-set folders: OLD NEW")
        old, new = from_closing_set(Path(args.paths[0])), from_closing_set(Path(args.paths[1]))
    diff = compare(old, new)
    if not args.quiet:
        sys.stdout.write(unified(diff))
    reports = write_reports(diff, Path(args.report), args.docx_redline) if not diff.identical else []
    table = Table(title=f"{old.label} -> {new.label}", header_style="bold")
    for col in ("document", "status", "changed", "added", "removed", "words +", "words -"):
        table.add_column(col, justify="left" if col in ("document", "status") else "right")
    for d in diff.documents:
        table.add_row(d.key, d.status, str(d.changed), str(d.inserted), str(d.deleted), str(d.words_inserted),
                      str(d.words_deleted))
    err.print(table)
    for name, before, after in diff.figures:
        err.print(f"figure {name}: {before} -> {after}", markup=False)
    for path in reports:
        err.print(f"redline: {path}", markup=False)
    return 0 if diff.identical else 1


def _templates(args, out, err) -> int:
    from rich.table import Table

    from assembler.document.registry import discover, exhibit_letters
    from assembler.document.environment import environment
    from assembler.document.manifest_check import check_all

    dirs = _dirs(args)
    specs = discover(dirs)
    letters = exhibit_letters(specs)
    table = Table(title="Templates", header_style="bold")
    for col in ("order", "id", "title", "per", "exhibit", "signatories", "outputs", "source"):
        table.add_column(col)
    for s in specs:
        table.add_row(str(s.order), s.id, s.title, s.per, letters.get(s.id, ""), ", ".join(s.signatories),
                      ", ".join(s.outputs), str(s.folder))
    out.print(table)
    findings = check_all(specs, environment(dirs))
    for f in findings:
        err.print(str(f), markup=False, soft_wrap=True)
    return 1 if any(f.severity == "error" for f in findings) else 0


def _new_template(args, out, err) -> int:
    from assembler.document.scaffold import new_template

    folder = new_template(args.name, args.into)
    out.print(f"created {folder}/manifest.yaml and {folder}/document.xml.j2; build it with "
              f"assemble build TS --templates {args.into}" if str(args.into) != "templates" else
              f"created {folder}/manifest.yaml and {folder}/document.xml.j2", markup=False)
    return 0


COMMANDS = {"validate": _validate, "figures": _figures, "build": _build, "snapshot": _snapshot, "diff": _diff,
            "check": _check, "templates": _templates, "new-template": _new_template}

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
