"""Build a closing set: load -> compute -> check templates -> assemble -> check documents -> lay out -> write.

Nothing here prints: `build` returns a `BuildResult` (what was written, what was rendered or taken from the cache,
the warnings and accepted findings) and raises an AssemblerError (ChecksFailed carries the findings) when the set
cannot be written; the CLI shows either. Progress goes to an optional callback, one `Step` per rendered file.

A rebuild of an unchanged term sheet stops at the first step: the hash of its inputs (closing_set/inputs.py) matches
the set on disk, checked before anything heavy is imported. Otherwise every document is assembled again (fast), and
only the PDFs and DOCX files whose content changed are laid out again (closing_set/render.py), by worker processes
that start as soon as the term sheet is known to be valid (closing_set/pool.py); the document checks run while they
render, and nothing is written unless the checks pass.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from assembler.closing_set.files import MANIFEST, VARIANCE_HTML, VARIANCE_JSON, SetFile
from assembler.closing_set.inputs import current_set, inputs_digest
from assembler.errors import AssemblerError, Finding

if TYPE_CHECKING:
    from assembler.closing_set.pool import Step

Progress = Callable[["Step"], None]


@dataclass
class BuildResult:
    destination: Path
    files: list[SetFile]
    warnings: list[Finding] = field(default_factory=list)  # term-sheet warnings
    template_warnings: list[Finding] = field(default_factory=list)  # template-manifest warnings
    findings: list[Finding] = field(default_factory=list)  # document-check warnings that did not stop the build
    accepted: list[tuple[Finding, str]] = field(default_factory=list)  # (finding, reason) the term sheet accepts
    up_to_date: bool = False  # nothing changed since the set on disk was built: nothing was written
    rendered: list[str] = field(default_factory=list)  # the PDF and DOCX files laid out by this build
    reused: int = 0  # files taken from the layout cache
    jobs: int = 1
    notes: list[str] = field(default_factory=list)  # e.g. why the cache was not used


def check_templates(dirs: list[Path], cache=None):
    """Refuse to build from a template that uses a variable its manifest does not declare; return the warnings.
    `cache` (a LayoutCache): templates that passed with no finding are remembered under the hash of their files and
    of the tool, and not parsed again (0.3 s of CPU)."""
    from assembler.document.environment import environment
    from assembler.document.manifest_check import check_all
    from assembler.document.registry import discover
    from assembler.errors import ManifestMismatch

    key = None
    if cache is not None and cache.directory is not None:
        from assembler.closing_set.cache import key as cache_key
        from assembler.closing_set.inputs import templates_digest, tool_fingerprint

        key = cache_key({"kind": "template-check", "tool": tool_fingerprint(), "templates": templates_digest(dirs)})
        entry = cache.get(key)
        if entry is not None and entry.meta.get("clean") is True:
            return []
    findings = check_all(discover(dirs), environment(dirs))
    bad = [f for f in findings if f.severity == "error"]
    if bad:
        raise ManifestMismatch("\n".join(str(f) for f in bad))
    if key is not None and not findings:
        cache.put(key, {"clean": True}, {})
    return findings


def run_checks(loaded, documents, strict: bool, extra: list | None = None) -> tuple[list, list]:
    """The document checks on the rendered set, before anything is written: (open findings, accepted findings). The
    figures each document states are compared with the computed figures; `extra`: findings found elsewhere (the form
    variance report's). Raises ChecksFailed when an error (or, with
    strict, a warning) is open."""
    from assembler.checks.findings import split_accepted
    from assembler.checks.run import check_documents
    from assembler.errors import ChecksFailed

    findings = check_documents(documents, loaded.term_sheet, loaded.figures) + list(extra or [])
    findings, accepted = split_accepted(findings, loaded.term_sheet.accepted_findings)
    if any(f.severity == "error" or strict for f in findings):
        raise ChecksFailed(findings, accepted)
    return findings, accepted


def check_set(loaded, documents, dirs: list[Path], strict: bool, variance=None):
    """While the workers lay the set out: the document checks with the form variance report's findings (`variance`,
    computed here when not given)."""
    if variance is None:
        from assembler.variance.report import form_variance

        variance = form_variance(loaded.term_sheet, loaded.figures, dirs)
    return run_checks(loaded, documents, strict, variance.findings), variance


def compare_and_check(loaded, rendering, specs, dirs: list[Path], strict: bool, add, cache=None):
    """While the workers lay the set out: the templates checked against their manifests, the form variance report,
    the cover memo rendered from it (handed to `add` to be laid out), then the document checks of the whole set with
    the report's findings: ((open findings, accepted findings), report, template warnings)."""
    from assembler.variance.report import compare_with_forms

    template_warnings = check_templates(dirs, cache)
    report = compare_with_forms(loaded.term_sheet, loaded.figures, dirs, specs, rendering)
    rendering.marked = []  # compared: the marked documents (a second copy of the set's largest) are freed
    documents = rendering.with_memo(report.memo())
    if rendering.pending:
        add([d for d in documents if d.key == rendering.pending])
    return run_checks(loaded, documents, strict, report.findings), report, template_warnings


def variance_files(variance) -> list[SetFile]:
    """form_variance.json and form_variance.html (none when no template of the set is taken from a form). The cover
    memo generated from the report is a document of the set (templates/cover_memo), laid out with the others."""
    if not variance.documents:
        return []
    return [SetFile(VARIANCE_JSON, variance.json(), "Form variance report (data)"),
            SetFile(VARIANCE_HTML, variance.html(), "Form variance report")]


def _unchanged(destination: Path, entries: list[dict]) -> BuildResult:
    files = [SetFile(e["name"], b"", e.get("title", ""), e.get("document"), e.get("pages", 0)) for e in entries]
    return BuildResult(destination, files, up_to_date=True)


def build(term_sheet: str | Path, output: str | Path, force: bool = False,
          template_dirs: list[Path] | None = None, strict: bool = False,
          progress: Progress | None = None, jobs: int | None = None, cache: bool = True, draft=None,
          pdfa: bool = False) -> BuildResult:
    """Build the closing set of `term_sheet` into OUTPUT/<deal id>/ (atomically; see closing_set/write.py).

    Up to date (same inputs, files untouched): nothing is rendered or written. `strict` always checks the documents
    again; `cache=False` ignores the up-to-date check and the layout cache and renders everything. `jobs` is the
    number of processes that lay documents out (default: every core); `draft` (a date) stamps a DRAFT header on
    each DOCX; `pdfa` writes PDF/A-2b."""
    from assembler.document.dirs import DEFAULT_DIR

    dirs = [Path(d) for d in (template_dirs or [DEFAULT_DIR])]
    digest = inputs_digest(Path(term_sheet), dirs, {"draft": str(draft) if draft else None, "pdfa": pdfa})
    if cache and not strict:
        found = current_set(Path(output), digest)
        if found:
            return _unchanged(*found)

    from assembler.closing_set.cache import LayoutCache
    from assembler.closing_set.files import manifest_json
    from assembler.closing_set.pool import Pool, default_jobs
    from assembler.closing_set.render import lay_out, prepare
    from assembler.closing_set.write import check_output, refuse_existing, write_set
    from assembler.figures.load import load

    loaded = load(term_sheet)
    destination = Path(output) / loaded.term_sheet.deal.id
    refuse_existing(destination, force)
    check_output(destination)  # under a file, read-only, full: found before any rendering
    with Pool(jobs or default_jobs(), prepare, (dirs,)) as pool:  # the workers get ready while the set is assembled
        from assembler.variance.report import render_for_variance

        # the set rendered once; its documents are laid out while the parent checks the templates against their
        # manifests, compares the documents taken from the form with the form, renders the cover memo from that
        # report (laid out as soon as it is ready) and checks the set; nothing is written unless all of that passes
        layout_cache = LayoutCache.open(cache)
        try:
            rendering, specs = render_for_variance(loaded.term_sheet, loaded.figures, dirs)
        except AssemblerError:
            check_templates(dirs)  # a template using what its manifest does not declare is reported as that
            raise
        pending = [rendering.pending] if rendering.pending else []
        layout = lay_out(loaded, rendering.documents, dirs, pool=pool, cache=layout_cache, progress=progress,
                         meanwhile=lambda add: compare_and_check(loaded, rendering, specs, dirs, strict, add,
                                                                 layout_cache),
                         draft=draft, pdfa=pdfa, pending=pending)
    (findings, accepted), variance, template_warnings = layout.meanwhile
    files = list(layout.files.values()) + variance_files(variance)
    files.append(SetFile(MANIFEST, manifest_json(loaded.term_sheet.deal.id, Path(loaded.source.file), files, digest),
                         "Manifest of the closing set"))
    write_set(destination, {f.name: f.data for f in files}, force)
    return BuildResult(destination, sorted(files, key=lambda f: f.name), loaded.warnings, template_warnings,
                       findings, accepted, rendered=layout.rendered, reused=layout.reused, jobs=layout.jobs,
                       notes=[layout_cache.note] if layout_cache.note else [])
