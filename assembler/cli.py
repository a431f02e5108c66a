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


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a number of processes (1 or more): {text!r}")
    return int(text)


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
    p.add_argument("--draft", nargs="?", const="today", metavar="YYYY-MM-DD",
                   help="stamp a dated DRAFT header on every DOCX page (default date: today)")
    p.add_argument("--pdfa", action="store_true", help="write the PDFs as PDF/A-2b (archives, data rooms)")
    p.add_argument("--jobs", type=_jobs, default=None, metavar="N",
                   help="processes that lay documents out (default: one per core)")
    p.add_argument("--no-cache", action="store_true",
                   help="render every file again: no up-to-date check, no layout cache")

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
                   help="also write a .docx with Word tracked changes per changed document (between two closing "
                        "sets this needs: pip install 'assembler[redline]')")
    p.add_argument("--quiet", action="store_true", help="no word diff on standard output")
    p.add_argument("--format", choices=["text", "github"], default="text",
                   help="standard output: a word diff (text) or GitHub workflow annotations (github)")
    _templates_option(p)

    p = sub.add_parser("check", help="run the document checks on .txt, .docx, .pdf files or built closing sets "
                                     "(exit 0 clean, 1 findings, 2 error)")
    p.add_argument("paths", nargs="+", metavar="FILE")
    p.add_argument("--strict", action="store_true", help="warnings are findings too (exit 1)")
    p.add_argument("--json", action="store_true", help="findings as JSON on standard output")
    p.add_argument("--format", choices=["text", "json", "github"], default="text",
                   help="findings as text, JSON (same as --json) or GitHub workflow annotations")

    p = sub.add_parser("templates", help="list the templates of the set and check each against its manifest")
    _templates_option(p)

    p = sub.add_parser("new", help="write a new term sheet whose every deal fact is a TBD placeholder to fill in")
    p.add_argument("name", help="the deal id: lower-case letters, digits, _ and - (the file is DIR/NAME.yaml)")
    p.add_argument("--into", default="term_sheets", metavar="DIR")
    p.add_argument("--structure", default="shares", metavar="KEY",
                   help="the securities: shares (the default), shares_and_warrants, units, warrant_series or "
                        "units_warrant_series (securities.STRUCTURES)")

    p = sub.add_parser("schema", help="print the term sheet's JSON Schema (for editor completion and checking)")

    p = sub.add_parser("serve", help="a local web page to start, edit, check and build deals (pip install "
                                     "assembler[web])")
    p.add_argument("folder", nargs="?", default="term_sheets", help="the folder of term sheets (default: term_sheets)")
    p.add_argument("--output", default="output", metavar="DIR", help="where closing sets are built (default: output)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this computer only)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--password", metavar="TEXT", help="required to listen on another address; asked for by the "
                                                      "browser (any user name)")
    p.add_argument("--token", metavar="TEXT", help="instead of a password: a secret the page address carries once")
    _templates_option(p)

    p = sub.add_parser("collect", help="file returned signature pages against a built set: matched, accompanying (a "
                                       "questionnaire's other pages), stale, foreign or unrecognised; kept with a log "
                                       "in SET_DIR.signatures/ (exit 1 if any page is neither matched nor "
                                       "accompanying)")
    p.add_argument("set_dir", metavar="SET_DIR")
    p.add_argument("signed", nargs="+", metavar="SIGNED.pdf")
    p.add_argument("--json", action="store_true", help="the signing status after collecting, as JSON")

    p = sub.add_parser("status", help="what is signed and what is outstanding, per document and signatory "
                                      "(exit 0 all signed, 1 outstanding)")
    p.add_argument("set_dir", metavar="SET_DIR")
    p.add_argument("--json", action="store_true", help="the status as JSON on standard output")
    p.add_argument("--term-sheet", metavar="TS", help="the set's term sheet, to rebuild the closing checklist with "
                                                     "the status column (default: found by the manifest's name and "
                                                     "hash in ./ or ./term_sheets/)")
    _templates_option(p)

    p = sub.add_parser("book", help="the closing book (cover, index, bookmarks, executed documents) and a zip of the "
                                    "executed set, once every signature page is in")
    p.add_argument("set_dir", metavar="SET_DIR")

    p = sub.add_parser("new-template", help="scaffold a template folder that builds at once")
    p.add_argument("name")
    p.add_argument("--into", default="templates", metavar="DIR")
    return parser


def _templates_option(p) -> None:
    p.add_argument("--templates", action="append", default=[], metavar="DIR",
                   help="a directory of template folders (a firm's own forms); later ones override earlier ones by id")


def _dirs(args):
    from assembler.document.dirs import template_dirs

    return template_dirs(args.templates)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from assembler.ui import Ui

    ui = Ui()
    try:
        return COMMANDS[args.command](args, ui)
    except AssemblerError as exc:
        ui.notes(exc.lines())
        return getattr(exc, "exit_code", 2)


def _load(args, ui):
    from assembler.figures.load import load

    loaded = load(args.term_sheet)
    ui.notes(loaded.warnings)
    return loaded


def _validate(args, ui) -> int:
    from assembler.format import money, price, shares

    loaded = _load(args, ui)
    ts, fig = loaded.term_sheet, loaded.figures
    ui.result(f"{args.term_sheet}: valid. {ts.company.name}: {len(ts.investors)} investor(s), "
              f"{shares(fig.totals.shares)} shares at {price(fig.purchase_price)} = {money(fig.totals.purchase_price)}; "
              + "".join(f"{s.label if s.name else s.label.lower()} for {shares(s.warrant_shares)} shares at {price(s.exercise_price)}; "
                        for s in fig.series)
              + f"closing {ts.closing_date}.")
    return 0


def _figures(args, ui) -> int:
    from assembler.figures.audit import figures_json
    from assembler.ui import figures_tables

    loaded = _load(args, ui)
    if args.json:
        ui.raw(figures_json(loaded.term_sheet, loaded.figures, args.cashless_at))
    else:
        figures_tables(ui, loaded.term_sheet, loaded.figures, args.cashless_at)
    return 0


def _build(args, ui) -> int:
    from assembler.closing_set.build import build
    from assembler.ui import BuildProgress, build_result

    progress = BuildProgress(ui)
    try:
        result = build(args.term_sheet, args.output, force=args.force, template_dirs=_dirs(args),
                       strict=args.strict, progress=progress, jobs=args.jobs, cache=not args.no_cache,
                       draft=_draft_date(args.draft), pdfa=args.pdfa)
    finally:
        progress.close()
    build_result(ui, result)
    return 0


def _draft_date(text: str | None):
    import datetime as dt

    if text is None:
        return None
    try:
        return dt.date.today() if text == "today" else dt.date.fromisoformat(text)
    except ValueError:
        raise AssemblerError(f"--draft {text}: not a date (YYYY-MM-DD)") from None


def _check(args, ui) -> int:
    from assembler.checks.findings import exit_code, findings_json, summary
    from assembler.checks.run import check_paths

    findings = check_paths(args.paths)
    if args.json or args.format == "json":
        ui.raw(findings_json(findings))
    elif args.format == "github":
        from assembler.ui import findings_github

        ui.raw(findings_github(findings, args.paths))
    else:
        for f in findings:
            ui.result(str(f))
    ui.note(summary(findings))
    return exit_code(findings, args.strict)


def _snapshot(args, ui) -> int:
    from assembler.diff.versions import write_snapshot

    written = write_snapshot(args.term_sheet, args.into, _dirs(args))
    ui.result(f"snapshot of {args.term_sheet}: {len(written)} files in {args.into}")
    return 0


def _diff(args, ui) -> int:
    from pathlib import Path

    from assembler.diff.compare import compare, unified
    from assembler.diff.redline import write_reports
    from assembler.diff.versions import from_closing_set, from_snapshot, from_term_sheet
    from assembler.ui import diff_summary

    if args.against:
        if len(args.paths) != 1:
            raise AssemblerError("diff --against DIR takes one term sheet")
        old, new = from_snapshot(Path(args.against)), from_term_sheet(Path(args.paths[0]), _dirs(args))
    else:
        if len(args.paths) != 2:
            raise AssemblerError("diff takes two closing-set folders: OLD NEW")
        old, new = from_closing_set(Path(args.paths[0])), from_closing_set(Path(args.paths[1]))
    diff = compare(old, new)
    # Reports first: an error (exit 2) must come before any output, never after part of it.
    reports = write_reports(diff, Path(args.report), args.docx_redline) if not diff.identical else []
    if args.format == "github":
        from assembler.ui import diff_github

        ui.raw(diff_github(diff))
    elif not args.quiet:
        ui.raw(unified(diff))
    diff_summary(ui, diff, reports)
    return 0 if diff.identical else 1


def _templates(args, ui) -> int:
    from assembler.document.environment import environment
    from assembler.document.manifest_check import check_all
    from assembler.document.registry import discover, exhibit_letters
    from assembler.ui import templates_table

    dirs = _dirs(args)
    specs = discover(dirs)
    findings = check_all(specs, environment(dirs))
    templates_table(ui, specs, exhibit_letters(specs), findings)
    return 1 if any(f.severity == "error" for f in findings) else 0


def _new_template(args, ui) -> int:
    from assembler.document.scaffold import new_template

    folder = new_template(args.name, args.into)
    hint = f"; build it with assemble build TS --templates {args.into}" if str(args.into) != "templates" else ""
    ui.result(f"created {folder}/manifest.yaml and {folder}/document.xml.j2{hint}")
    return 0


def _collect(args, ui) -> int:
    from assembler.signing import collect
    from assembler.ui import collect_result

    result = collect(args.set_dir, args.signed)
    if args.json:
        ui.raw(result.status.as_json())
    collect_result(ui, result, to_err=args.json)
    return 0 if all(p.outcome in ("matched", "accompanying") for p in result.pages) else 1


def _status(args, ui) -> int:
    from assembler.signing import status
    from assembler.signing.checklist import rebuild_checklist
    from assembler.ui import status_view

    current = status(args.set_dir)
    checklist = rebuild_checklist(current, args.term_sheet, _dirs(args))
    if args.json:
        ui.raw(current.as_json())
    status_view(ui, current, checklist, to_err=args.json)
    return 0 if current.complete else 1


def _book(args, ui) -> int:
    from assembler.signing import book
    from assembler.ui import book_result

    book_result(ui, book(args.set_dir))
    return 0


def _new(args, ui) -> int:
    from pathlib import Path

    from assembler.errors import TermSheetInvalid
    from assembler.termsheet.skeleton import skeleton
    from assembler.figures.load import load_text

    text = skeleton(args.name, args.structure)
    path = Path(args.into) / f"{args.name}.yaml"
    if path.exists():
        raise AssemblerError(f"{path} already exists; nothing was written (choose another name)")
    try:
        load_text(text, str(path))
        open_points = 0
    except TermSheetInvalid as exc:
        open_points = len(exc.problems)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    ui.result(f"wrote {path}: {open_points} placeholders (TBD) to fill in; assemble validate {path} lists them "
              "at their lines")
    ui.note(f"for completion in an editor: assemble schema > {path.parent / 'term-sheet.schema.json'}")
    return 0


def _schema(args, ui) -> int:
    from assembler.termsheet.schema import schema_json

    ui.raw(schema_json())
    return 0


def _serve(args, ui) -> int:
    from assembler.web.serve import serve

    return serve(args, ui, _dirs(args))


COMMANDS = {"validate": _validate, "figures": _figures, "build": _build, "snapshot": _snapshot, "diff": _diff,
            "check": _check, "templates": _templates, "new-template": _new_template, "new": _new, "schema": _schema,
            "serve": _serve, "collect": _collect, "status": _status, "book": _book}

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
