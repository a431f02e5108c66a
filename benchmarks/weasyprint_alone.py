"""WeasyPrint alone on a closing set's PDF pages: the floor under `assemble build` (benchmarks/bench.py's row).

  python benchmarks/weasyprint_alone.py dump TERM_SHEET OUT.json   the HTML of every PDF the build lays out (one
                                                                  build in this process, untimed)
  python benchmarks/weasyprint_alone.py lay-out OUT.json [--jobs N] each HTML laid out and written as a PDF by
                                                                  WeasyPrint, with print.css and nothing of ours, in
                                                                  N processes (default: every core)

The second command is what any tool that makes these PDFs with WeasyPrint must at least spend: no term sheet, no
figures, no DOCX, no checks, no packets, WeasyPrint's own defaults. When it alone is slower than LibreOffice
converting the set's DOCX files, no change to assembler's code brings the build to LibreOffice's time.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT / "templates" / "_shared"


def dump(term_sheet: str, out: str) -> None:
    import tempfile

    import assembler.layout.pdf as pdf
    from assembler.closing_set.build import build

    pages: list[str] = []
    render_pdf = pdf.render_pdf

    def recording(html, *args, **kwargs):
        pages.append(html)
        return render_pdf(html, *args, **kwargs)

    pdf.render_pdf = recording  # the layout step imports it when it runs a task: one process (jobs=1), no cache
    with tempfile.TemporaryDirectory() as folder:
        build(term_sheet, folder, force=True, jobs=1, cache=False)
    Path(out).write_text(json.dumps(pages), encoding="utf-8")
    print(f"{len(pages)} PDF documents")


_DOCS: list[str] = []
_PREPARED = None


def _one(index: int) -> int:
    from weasyprint import HTML

    css, fonts = _PREPARED
    document = HTML(string=_DOCS[index], base_url=SHARED.as_uri() + "/").render(stylesheets=[css], font_config=fonts)
    document.write_pdf()
    return len(document.pages)


def lay_out(source: str, jobs: int) -> None:
    global _DOCS, _PREPARED
    from multiprocessing import get_context

    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    _DOCS = json.loads(Path(source).read_text(encoding="utf-8"))
    fonts = FontConfiguration()
    _PREPARED = (CSS(filename=str(SHARED / "print.css"), font_config=fonts), fonts)  # once, before the fork
    largest_first = sorted(range(len(_DOCS)), key=lambda i: -len(_DOCS[i]))
    with get_context("fork").Pool(jobs) as pool:
        pages = pool.map(_one, largest_first, chunksize=1)
    print(f"{len(_DOCS)} documents, {sum(pages)} pages")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["dump"] and len(args) == 3:
        dump(args[1], args[2])
    elif args[:1] == ["lay-out"] and len(args) in (2, 4) and (len(args) == 2 or args[2] == "--jobs"):
        lay_out(args[1], int(args[3]) if len(args) == 4 else len(os.sched_getaffinity(0)))
    else:
        sys.exit(__doc__)
