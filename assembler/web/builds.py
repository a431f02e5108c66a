"""Builds started from the page: one at a time in a worker thread, with progress per document, and what the page
shows afterwards (the files, page thumbnails, findings with their page, the zip, the redline against the build before).

The closing set is written by `assembler.closing_set.build.build`, exactly as `assemble build --force` writes it; the
set before it is kept beside the output (OUTPUT/.assemble-serve/previous/DEAL) for the redline, and a small record of
the build (time, findings) in OUTPUT/.assemble-serve/builds/DEAL.json. Neither is part of the closing set.
"""
from __future__ import annotations

import io
import json
import re
import shutil
import tempfile
import threading
import time
import uuid
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from assembler.closing_set.files import MANIFEST, read_manifest
from assembler.errors import AssemblerError, ChecksFailed
from assembler.figures.load import load
from assembler.web.deals import Deals, NotFound, build_of

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass
class Job:
    """A build started from the page. `done` of `total` files are rendered (total is 0 until the set is assembled and
    the renderer knows it); `remaining` is the renderer's estimate in seconds (closing_set.pool.Step), and before the
    first file the time the last build of the deal took (`expected`)."""

    id: str
    name: str
    state: str = "running"  # running | done | failed
    steps: list[dict] = field(default_factory=list)  # {"title", "state": running | done}
    started: float = field(default_factory=time.time)
    seconds: float = 0.0
    deal_id: str = ""
    error: list[str] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    done: int = 0
    total: int = 0
    elapsed: float = 0.0
    remaining: float | None = None
    expected: float | None = None

    def step(self, title: str) -> None:
        for s in self.steps:
            s["state"] = "done"
        self.steps.append({"title": title, "state": "running"})

    def rendered(self, step) -> None:
        """One file rendered (a closing_set.pool.Step)."""
        self.done, self.total, self.elapsed = step.done, step.total, round(time.time() - self.started, 1)
        self.remaining = None if step.remaining is None else round(step.remaining, 1)
        self.step(f"rendered {step.title}")

    def to_json(self) -> dict:
        out = asdict(self)
        out["elapsed"] = round(time.time() - self.started, 1) if self.state == "running" else self.seconds
        return out


class Builds:
    def __init__(self, deals: Deals, template_dirs: list[Path] | None = None) -> None:
        self.deals, self.template_dirs = deals, template_dirs
        self.jobs: dict[str, Job] = {}
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="assemble-build")
        self.lock = threading.Lock()

    def start(self, name: str) -> Job:
        self.deals.path(name)  # NotFound before anything starts
        job = Job(uuid.uuid4().hex, name)
        job.step("checking the term sheet and every document")
        deal_id = self.deals.status(name).deal_id
        previous = self.last(deal_id) if deal_id else None
        if previous and previous.get("state") == "done":
            job.expected = previous.get("seconds")
        with self.lock:
            self.jobs[job.id] = job
        self.pool.submit(self._run, job)
        return job

    def job(self, job_id: str) -> Job:
        if job_id not in self.jobs:
            raise NotFound("no such build")
        return self.jobs[job_id]

    def _run(self, job: Job) -> None:
        from assembler.closing_set.build import build

        try:
            path = self.deals.path(job.name)
            deal_id = load(path).term_sheet.deal.id
            job.deal_id = deal_id
            current = self.deals.set_folder(deal_id)
            keep = Path(tempfile.mkdtemp(prefix=".previous.", dir=_state(self.deals))) if current.is_dir() else None
            if keep:
                shutil.copytree(current, keep / deal_id)
            result = build(path, self.deals.output, force=True, template_dirs=self.template_dirs,
                           progress=job.rendered)
            if keep:
                previous = self.deals.previous_folder(deal_id)
                shutil.rmtree(previous, ignore_errors=True)
                previous.parent.mkdir(parents=True, exist_ok=True)
                (keep / deal_id).rename(previous)
                shutil.rmtree(keep, ignore_errors=True)
            job.step("finding the pages of the findings")
            job.findings = [_finding(f, "warning", current) for f in result.findings]
            job.findings += [_finding(f, "accepted", current, reason) for f, reason in result.accepted]
            job.findings += [{"severity": "warning", "text": str(p), "line": p.line, "document": "", "file": "",
                              "page": 0} for p in result.warnings]
            job.state = "done"
        except ChecksFailed as exc:
            job.state, job.error = "failed", exc.lines()
            job.findings = [_finding(f, f.severity, None) for f in exc.findings]
        except AssemblerError as exc:
            job.state, job.error = "failed", exc.lines()
        except Exception as exc:  # noqa: BLE001 - shown on the page instead of a dead progress bar
            job.state, job.error = "failed", [f"internal error: {exc.__class__.__name__}: {exc}"]
        finally:
            for s in job.steps:
                s["state"] = "done" if job.state == "done" or s is not job.steps[-1] else "failed"
            job.seconds = round(time.time() - job.started, 1)
            if job.deal_id:
                record = _state(self.deals) / "builds" / f"{job.deal_id}.json"
                record.parent.mkdir(parents=True, exist_ok=True)
                record.write_text(json.dumps(job.to_json(), indent=1), encoding="utf-8")

    def last(self, deal_id: str) -> dict | None:
        record = _state(self.deals) / "builds" / f"{deal_id}.json"
        try:
            return json.loads(record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None


def _state(deals: Deals) -> Path:
    folder = deals.output / ".assemble-serve"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _finding(f, severity: str, folder: Path | None, reason: str = "") -> dict:
    """A document-check finding with the PDF file and page it is on (when the set was written)."""
    document = f.location.split(" ¶")[0].split(":")[0]
    out = {"severity": severity, "check": f.check, "message": f.message, "excerpt": f.text, "location": f.location,
           "document": document, "reason": reason, "file": "", "page": 0, "text": str(f)}
    if folder is not None:
        out["file"], out["page"] = locate(folder, document, f.text)
    return out


def locate(folder: Path, document: str, excerpt: str) -> tuple[str, int]:
    """The PDF of `document` in the set and the first page whose text holds the start of `excerpt`."""
    try:
        entries = read_manifest(folder)
    except AssemblerError:
        return "", 0
    pdf = next((e for e in entries if e.document == document and e.name.endswith(".pdf")), None)
    if pdf is None:
        return "", 0
    needle = _words(excerpt.strip("…"))[:8]
    for number, text in enumerate(_pdf_text(folder / pdf.name, pdf.sha256), start=1):
        words = _words(text)
        if needle and any(words[i:i + len(needle)] == needle for i in range(len(words))):
            return pdf.name, number
    return pdf.name, 0  # the document, page unknown


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


@lru_cache(maxsize=64)
def _pdf_text(path: Path, sha256: str) -> list[str]:
    from assembler.checks.extract import pdf_pages

    return pdf_pages(path.read_bytes())


def set_files(deals: Deals, deal_id: str) -> list[dict]:
    folder = deals.set_folder(deal_id)
    entries = read_manifest(folder)
    return [{"name": e.name, "title": e.title, "document": e.document, "pages": e.pages, "bytes": e.bytes,
             "sha256": e.sha256} for e in entries] + [{"name": MANIFEST, "title": "Manifest of the closing set",
                                                       "document": None, "pages": 0, "bytes": 0, "sha256": ""}]


def set_file(deals: Deals, deal_id: str, name: str) -> Path:
    """A file of the built set, only if the set's manifest lists it."""
    folder = deals.set_folder(deal_id)
    names = {e["name"] for e in set_files(deals, deal_id)}
    if name not in names or not (folder / name).is_file():
        raise NotFound(f"{name} is not a file of the closing set of {deal_id}")
    return folder / name


def set_zip(deals: Deals, deal_id: str) -> bytes:
    """The closing set as one zip: every file the manifest lists, plus manifest.json, in name order, with fixed
    times, so the same set always gives the same zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in sorted(set_files(deals, deal_id), key=lambda e: e["name"]):
            info = zipfile.ZipInfo(f"{deal_id}/{entry['name']}", date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, set_file(deals, deal_id, entry["name"]).read_bytes())
    return buffer.getvalue()


PDFIUM = threading.Lock()  # PDFium is not thread-safe: one lock for the thumbnails and the signed pages


@lru_cache(maxsize=512)
def thumbnail(path: Path, sha256: str, page: int, width: int = 240) -> bytes:
    """PNG of one page of a PDF, `width` pixels wide."""
    import pypdfium2 as pdfium

    with PDFIUM:
        pdf = pdfium.PdfDocument(str(path))
        try:
            if not 1 <= page <= len(pdf):
                raise NotFound(f"no page {page}")
            p = pdf[page - 1]
            bitmap = p.render(scale=width / p.get_width())
            out = io.BytesIO()
            bitmap.to_pil().save(out, format="PNG", optimize=True)
            return out.getvalue()
        finally:
            pdf.close()


def changes(deals: Deals, deal_id: str):
    """The diff between the build before the last one and the last one (None when there was no build before)."""
    from assembler.diff.compare import compare
    from assembler.diff.versions import from_closing_set

    previous, current = deals.previous_folder(deal_id), deals.set_folder(deal_id)
    if not (previous / MANIFEST).is_file() or not (current / MANIFEST).is_file():
        return None
    return compare(from_closing_set(previous), from_closing_set(current))


def changed_figures(deals: Deals, deal_id: str, diff) -> list[tuple[str, str | None, str | None]]:
    """The diff's changed figures as the figures page names and writes them (figures/labels.py): each investor by
    name, each series by its label (from the sets' figures.json, the last build's first)."""
    from assembler.figures.labels import figure_label, figure_value

    document: dict = {}
    for folder in (deals.previous_folder(deal_id), deals.set_folder(deal_id)):
        try:
            read = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        document = {key: read.get(key) or document.get(key) for key in ("investors", "warrant_series")}
    return [(figure_label(key, document), figure_value(key, old), figure_value(key, new))
            for key, old, new in diff.figures]


def document_titles(deals: Deals, deal_id: str) -> dict[str, str]:
    """Each document's title by its key (the manifests of the two builds compared; the last build's wins), so that
    the changes page names a document as its first page does."""
    titles: dict[str, str] = {}
    for folder in (deals.previous_folder(deal_id), deals.set_folder(deal_id)):
        if (folder / MANIFEST).is_file():
            titles.update({e.document: e.title for e in read_manifest(folder) if e.document and e.title})
    return titles


def build_labels(deals: Deals, deal_id: str) -> tuple[str, str]:
    """The two builds a redline compares, in words: their time and set hash (never the folders they are kept in)."""
    (old_hash, old_time), (new_hash, new_time) = (build_of(deals.previous_folder(deal_id)),
                                                  build_of(deals.set_folder(deal_id)))
    return f"the build of {old_time} (set {old_hash[:12]})", f"the last build, {new_time} (set {new_hash[:12]})"
