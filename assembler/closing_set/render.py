"""Lay the documents of a set out into files: every PDF and DOCX is a task keyed by the hash of exactly what it is
drawn from; a task found in the layout cache is not rendered again, the others render on every core (pool.py); then
the signature packets (packets.py).

Why the key is the document's laid-out content and not the term-sheet slice its manifest declares under `uses`: a
document's text also depends on other documents (cross-references resolve to their section numbers, the set index
and exhibit letters come from the whole registry, a signature packet is made of other documents' pages), on partials
it includes, and on the footer and metadata the layout adds. The resolved text (the HTML WeasyPrint reads, the blocks
python-docx writes) captures all of that and nothing else, so a document is re-rendered exactly when its output would
change: one investor's new address re-renders that investor's Warrant, the documents that list investors, and the
packets whose pages changed, and nothing else. The key also holds the shared assets (stylesheet, fonts, Word shell),
the tool (its version, its source files, the installed distributions) and the versions of Pango and HarfBuzz.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Collection

from assembler.closing_set import cache as layout_cache
from assembler.closing_set.files import FIGURES, SetFile, document_title, file_stem
from assembler.closing_set.inputs import templates_digest, tool_fingerprint
from assembler.closing_set.packets import Packets
from assembler.closing_set.signature_index import SIGNATURES, signature_index_json
from assembler.closing_set.pool import Pool, Step, default_jobs
from assembler.document.order import file_numbers
from assembler.document.registry import DEFAULT_DIR, SHARED
from assembler.document.tree import Document
from assembler.errors import AssemblerError
from assembler.figures.audit import figures_json
from assembler.layout import toc
from assembler.layout.footer import footer_label
from assembler.layout.html import document_html
from assembler.layout.pdf import Pdf
from assembler.figures.load import Loaded

DOCX_COST = 0.35  # a DOCX takes about a third of the time of the PDF of the same text


@dataclass(frozen=True)
class Task:
    kind: str  # pdf | docx
    doc: str  # the document key
    title: str
    key: str  # the layout cache key
    args: tuple  # pdf: (html, identifier seed, pdfa); docx: (blocks, render_docx's keyword arguments)
    cost: float
    after_pdf: bool = False  # a DOCX whose table of contents needs the page numbers of its PDF


@dataclass
class Layout:
    """The files of a set in memory, and what was rendered this time or taken from the cache."""

    files: dict[str, SetFile]
    rendered: list[str] = field(default_factory=list)  # "Title (PDF)" of each task rendered now
    reused: int = 0  # PDF and DOCX files taken from the cache
    jobs: int = 1
    meanwhile: object = None  # what lay_out's `meanwhile` returned


_ENV = None  # the Jinja environment the DOCX shell renders in; prepared once per process


def prepare(template_dirs: list[Path]) -> None:
    """Make this process ready to render: WeasyPrint and its libraries checked, the stylesheet and fonts loaded,
    python-docx imported, the shell's Jinja environment built (run once in each worker, as it starts)."""
    global _ENV
    from assembler.document.environment import environment
    from assembler.layout import docx, docx_package  # noqa: F401 (imported here, in the worker, not in the parent)
    from assembler.layout.pdf import stylesheet
    from assembler.layout.system import require_weasyprint

    require_weasyprint()
    stylesheet()
    _ENV = docx_package.ShellTemplates(environment(template_dirs))  # the shell's parts compiled once per process


def _versions() -> dict:
    from assembler.layout.system import versions

    return versions()


def _run(task: Task):
    if task.kind == "pdf":
        from assembler.layout.pdf import render_pdf

        return render_pdf(*task.args)
    from assembler.layout.docx import render_docx

    blocks, options = task.args
    return render_docx(blocks, env=_ENV, **options)


def _from_cache(task: Task, entry: layout_cache.Entry | None):
    """The cached result of `task`, or None when the entry is missing or not of the expected shape."""
    if entry is None:
        return None
    if task.kind == "docx":
        return entry.parts.get("docx")
    pages, anchors, data = entry.meta.get("pages"), entry.meta.get("anchors"), entry.parts.get("pdf")
    if not (isinstance(pages, int) and isinstance(anchors, dict) and data is not None
            and all(isinstance(k, str) and isinstance(v, int) for k, v in anchors.items())):
        return None
    return Pdf(data, pages, anchors)


def _store(cache: layout_cache.LayoutCache, task: Task, result) -> None:
    if task.kind == "pdf":
        cache.put(task.key, {"pages": result.pages, "anchors": result.anchors}, {"pdf": result.data})
    else:
        cache.put(task.key, {}, {"docx": result})


def plan(loaded: Loaded, documents: list[Document], template_dirs: list[Path], libs: dict, draft=None,
         pdfa: bool = False, only: Collection[str] | None = None, skip: Collection[str] = ()) -> list[Task]:
    """The PDF and DOCX tasks of the set, in set order, each with its cache key (`libs`: the renderer's versions;
    `draft`: a date for a DRAFT header on each DOCX; `pdfa`: PDF/A-2b); of the documents keyed in `only` when
    given, and not of those in `skip` (their place in the set still numbers the files after them)."""
    ts = loaded.term_sheet
    fingerprint = tool_fingerprint()
    assets = templates_digest([DEFAULT_DIR / SHARED] + [Path(d) / SHARED for d in template_dirs])
    orders = file_numbers(d.doc_id for d in documents)
    tasks = []
    for doc in documents:
        order = orders[doc.doc_id]
        if doc.key in skip or (only is not None and doc.key not in only):
            continue
        stem, title = file_stem(doc, order), document_title(doc)
        label = footer_label(title, ts.deal.id, stem, doc.blocks)
        html = document_html(title, doc.blocks, ts.closing_date.isoformat(), ts.company.name, footer=label)
        seed = f"{ts.deal.id}/{stem}"
        material = {"kind": "pdf", "tool": fingerprint, "assets": assets, "libs": libs, "html": html, "seed": seed,
                    "pdfa": pdfa}
        tasks.append(Task("pdf", doc.key, f"{title} (PDF)", layout_cache.key(material), (html, seed, pdfa),
                          len(html)))
        if "docx" in doc.outputs and doc.native_docx is None:
            options = {"title": title, "footer_label": label,
                       "author": ts.company.name, "when": ts.closing_date, "subject": ts.deal.title,
                       "keywords": f"{ts.deal.id}; {doc.doc_id}", "draft": draft}
            material = {"kind": "docx", "tool": fingerprint, "assets": assets, "blocks": repr(doc.blocks),
                        **{k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in options.items()}}
            tasks.append(Task("docx", doc.key, f"{title} (DOCX)", layout_cache.key(material), (doc.blocks, options),
                              DOCX_COST * len(html), toc.toc_index(doc.blocks) is not None))
    return tasks


def with_pages(task: Task, pdf: Pdf) -> Task:
    """A DOCX task whose table of contents waits for its PDF, given the PDF's page numbers (part of its key)."""
    blocks, options = task.args
    pages = toc.page_numbers(blocks, pdf.anchors)
    body = pdf.pages - pdf.anchors[toc.MAIN] if toc.MAIN in pdf.anchors else None
    key = layout_cache.key({"docx": task.key, "toc_pages": sorted(pages.items()), "body_pages": body})
    return replace(task, key=key, args=(blocks, {**options, "toc_pages": pages, "body_pages": body}), after_pdf=False)


def lay_out(loaded: Loaded, documents: list[Document], template_dirs: list[Path] | None = None, *,
            pool: Pool | None = None, cache: layout_cache.LayoutCache | None = None,
            progress: Callable[[Step], None] | None = None, meanwhile: Callable | None = None,
            draft=None, pdfa: bool = False, pending: Collection[str] = ()) -> Layout:
    """Every file of the set, in memory, by file name (figures.json included, manifest.json not). `meanwhile(add)`
    runs in this process while the workers render (the form variance report, the document checks); its result is
    `Layout.meanwhile`. `pending`: documents not ready yet (the cover memo, placeholders in `documents`), which
    `meanwhile` hands to `add` once rendered; they are laid out as soon as a worker is free, like a DOCX whose table
    of contents waits for its PDF (it starts when that PDF is done)."""
    dirs = [Path(d) for d in (template_dirs or [DEFAULT_DIR])]
    if pool is None:
        with Pool(1, prepare, (dirs,)) as own:
            return lay_out(loaded, documents, dirs, pool=own, cache=cache, progress=progress, meanwhile=meanwhile,
                           draft=draft, pdfa=pdfa, pending=pending)
    ts, fig = loaded.term_sheet, loaded.figures
    cache = cache or layout_cache.LayoutCache(None)
    libs = pool.call(_versions)
    planned = plan(loaded, documents, dirs, libs, draft, pdfa, skip=pending)
    waiting = {t.doc: t for t in planned if t.after_pdf}  # DOCX tasks waiting for their PDF's page numbers
    got: dict[tuple[str, str], object] = {}  # (document key, pdf | docx) -> the file
    done: list[Task] = []  # every task, rendered now or taken from the cache
    ready: dict[str, Document] = {}

    # signature packets are composed in this process as soon as their cover and every page they take are laid out,
    # while the workers render the rest, not all at the end (`awaited`: packet -> the documents it takes pages from)
    pdfs: dict[str, Pdf] = {}
    packets = Packets(documents, pdfs, cache, tool_fingerprint(), pdfa)
    composed: dict[str, tuple[bytes, int]] = {}
    orders = file_numbers(d.doc_id for d in documents)
    stems = {d.key: file_stem(d, orders[d.doc_id]) for d in documents}
    signs: dict[str, set[str]] = {}  # signer -> the documents with a signature block of theirs
    for d in documents:
        for b in (b for b in d.blocks if b.kind == "signature") if not d.signatory else ():
            signs.setdefault(b.signer, set()).add(d.key)
    awaited = {d.key: signs.get(d.signatory, set()) for d in documents if d.signatory}
    packet_docs = {d.key: d for d in documents if d.signatory}

    def compose() -> None:
        for key in [k for k, sources in awaited.items() if k in pdfs and sources <= pdfs.keys()]:
            composed[key] = packets.packet(packet_docs[key], pdfs[key], f"{ts.deal.id}/{stems[key]}")
            del awaited[key]

    def start(tasks: list[Task]) -> list[Task]:
        """Of `tasks`, those to render: the others come from the cache (and so may let a waiting DOCX start)."""
        todo, queue = [], [t for t in tasks if not t.after_pdf]
        while queue:
            task = queue.pop(0)
            found = _from_cache(task, cache.get(task.key))
            if found is None:
                todo.append(task)
                continue
            got[(task.doc, task.kind)] = found
            if task.kind == "pdf":
                pdfs[task.doc] = found
            done.append(task)
            queue += follow(task, found)
        return todo

    def follow(task: Task, result) -> list[Task]:
        if task.kind == "pdf" and task.doc in waiting:
            return [with_pages(waiting.pop(task.doc), result)]
        return []

    rendered: list[Task] = []
    def then(task: Task, result) -> list[Task]:
        got[(task.doc, task.kind)] = result
        _store(cache, task, result)
        done.append(task)
        rendered.append(task)
        if task.kind == "pdf":
            pdfs[task.doc] = result
        return start(follow(task, result))

    def more(docs: list[Document]) -> list[Task]:
        ready.update({d.key: d for d in docs})
        extra = plan(loaded, [ready.get(d.key, d) for d in documents], dirs, libs, draft, pdfa,
                     only={d.key for d in docs})
        waiting.update({t.doc: t for t in extra if t.after_pdf})
        planned.extend(extra)
        return start(extra)

    aside = (lambda add: meanwhile(lambda docs: add(more(docs)))) if meanwhile else None
    step = (lambda s: progress(replace(s, total=s.total + len(waiting)))) if progress else None
    _, result = pool.run(start(planned), _run, cost=lambda t: t.cost, title=lambda t: t.title, progress=step,
                         meanwhile=aside, then=then, after=compose)
    never = sorted(set(pending) - set(ready)) + sorted(waiting)
    if never:
        raise AssemblerError(f"documents never laid out: {', '.join(never)}")
    documents = [ready.get(d.key, d) for d in documents]
    place = {(t.doc, t.kind): i for i, t in enumerate(planned)}
    rendered.sort(key=lambda t: place[(t.doc, t.kind)])
    layout = Layout({}, [t.title for t in rendered], len(done) - len(rendered), pool.jobs, result)
    by_doc: dict[str, dict[str, object]] = {}
    for (key, kind), result in got.items():
        by_doc.setdefault(key, {})[kind] = result
    pdfs.update({key: r["pdf"] for key, r in by_doc.items()})
    packets.documents = documents
    orders = file_numbers(d.doc_id for d in documents)
    indexed = []  # (document, title, PDF name, pages, anchors) for signatures.json
    for doc in documents:
        order = orders[doc.doc_id]
        stem, title = file_stem(doc, order), document_title(doc)
        pdf = pdfs[doc.key]
        data, pages = pdf.data, pdf.pages
        if doc.signatory:
            data, pages = composed.get(doc.key) or packets.packet(doc, pdf, f"{ts.deal.id}/{stem}")
        if "pdf" in doc.outputs:
            layout.files[f"{stem}.pdf"] = SetFile(f"{stem}.pdf", data, title, doc.key, pages)
            if not doc.signatory:
                indexed.append((doc, title, f"{stem}.pdf", pages, pdf.anchors))
        if "docx" in doc.outputs:
            docx = _normalized(doc.native_docx) if doc.native_docx else by_doc[doc.key]["docx"]
            layout.files[f"{stem}.docx"] = SetFile(f"{stem}.docx", docx, title, doc.key, pages)
    layout.files[FIGURES] = SetFile(FIGURES, figures_json(ts, fig).encode(), "Figures and their audit trail")
    layout.files[SIGNATURES] = SetFile(SIGNATURES, signature_index_json(ts.deal.id, indexed, ts.deal.title,
                                                                        ts.closing_date.isoformat()),
                                       "Signature pages and their marks")
    cache.prune()
    return layout


def _normalized(native_docx: bytes) -> bytes:
    """A native .docx template's output, with fixed zip entry times like every other DOCX of the set."""
    from assembler.layout.docx_package import normalize_zip

    return normalize_zip(native_docx)


def render_files(loaded: Loaded, template_dirs: list[Path] | None = None, progress=None,
                 documents: list[Document] | None = None, jobs: int | None = None, draft=None,
                 pdfa: bool = False) -> dict[str, SetFile]:
    """Every file of the set, in memory, by file name, rendered without the cache (figures.json included)."""
    if documents is None:
        from assembler.variance.report import closing_set

        documents, _ = closing_set(loaded.term_sheet, loaded.figures, template_dirs)
    with Pool(jobs or default_jobs(), prepare, ([Path(d) for d in (template_dirs or [DEFAULT_DIR])],)) as pool:
        return lay_out(loaded, documents, template_dirs, pool=pool, progress=progress, draft=draft, pdfa=pdfa).files
