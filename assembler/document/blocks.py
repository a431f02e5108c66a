"""The blocks both renderers draw (a flattened document: paragraphs, headings, tables, notices, signature blocks, each
a list of styled runs), whitespace tidied as a reader sees it, and the text of blocks line by line (text extraction,
golden files, parity tests, and the checks, which read each run's figure)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    ref: tuple[str, str] | None = None  # a cross-reference's number: (bookmark of its target, REF field switches)
    # the name of the figure this text prints (document/provenance.py): what the checks compare, nothing a writer draws
    figure: str | None = field(default=None, repr=False, compare=False)
    # named texts printed inside this run's text, in order: (name, text); a name (the Company's) is drawn as part of
    # the text around it, so naming it changes no run a writer draws (document/tree.py `_runs`)
    named: tuple[tuple[str, str], ...] = field(default=(), repr=False, compare=False)


@dataclass
class Block:
    kind: str  # title subtitle exhibit article article_title p legend pagebreak notices signature table toc
    runs: list[Run] = field(default_factory=list)
    style: str = "Body"
    align: str | None = None
    indent: int = 0
    keep_next: bool = False
    bookmark: tuple[int, str] | None = None  # (level, label) for PDF bookmarks / Word outline
    rows: list = field(default_factory=list)  # notices: [(heading runs, [line runs])]; table: [(header, [(runs, align)])]
    lines: list[list[Run]] = field(default_factory=list)  # signature block lines
    # a signature block's lines: where each stands ("" its column, "1".."3" indented under the line above, "page"
    # across the page, "center"); layout/styles.signature_style gives the style
    places: list[str] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)
    in_form: bool = False
    signer: str | None = None  # signature blocks: the person (or entity) who signs, and for whom
    party: str | None = None
    # Word list numbering: the (list level, bookmark or None) of each number the block's runs begin with; the
    # number runs themselves stay in `runs` (the text is the same), a writer with list numbering leaves them out.
    numbering: list[tuple[int, str | None]] = field(default_factory=list)
    mark: str | None = None  # a signature page's legend: the id its QR code carries (document/signature_pages.py)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


_SPACES = re.compile(r"\s+")
_DOUBLE_STOP = re.compile(r"(?<![.])\.\.(?![.])")


def tidy(runs: list[Run]) -> list[Run]:
    """Collapse whitespace the way a reader sees it: one space between words, none at the ends."""
    out: list[Run] = []
    for run in runs:
        text = _SPACES.sub(" ", run.text)
        if out and out[-1].text.endswith(" ") and text.startswith(" "):
            text = text[1:]
        if not out and text.startswith(" "):
            text = text.lstrip()
        if text:
            out.append(Run(text, run.bold, run.italic, run.underline, run.ref, run.figure, run.named))  # a copy
    while out and out[-1].text.endswith(" "):
        out[-1].text = out[-1].text.rstrip()
        if not out[-1].text:
            out.pop()
    # " ." and " ," left by template line breaks before punctuation; a name ending in "." before a full stop
    for i in range(len(out) - 1):
        if out[i].text.endswith(" ") and out[i + 1].text[:1] in ".,;:)":
            out[i].text = out[i].text[:-1]
        if out[i].text.endswith(".") and out[i + 1].text.startswith(".") and not out[i + 1].text.startswith(".."):
            out[i + 1].text = out[i + 1].text[1:]
    for run in out:
        if ".." in run.text:
            run.text = _DOUBLE_STOP.sub(".", run.text)  # "Inc.." -> "Inc." (an ellipsis is kept)
    return [r for r in out if r.text]


def split_lines(runs: list[Run]) -> list[list[Run]]:
    """Runs cut into lines at each line break ("\n") in their text."""
    lines: list[list[Run]] = [[]]
    for run in runs:
        for k, part in enumerate(run.text.split("\n")):
            lines += [[]] if k else []
            lines[-1] += [replace(run, text=part)] if part else []
    return lines


def block_runs(block: Block) -> list[list[Run]]:
    """The runs of a block line by line, as `block_lines` gives its text (the checks read each run's figure)."""
    if block.kind == "notices":
        return [line for heading, lines in block.rows for line in [heading, *lines]]
    if block.kind == "table":  # one line per non-empty cell, row by row (as a DOCX reads back)
        return [line for _, cells in block.rows for cell, _ in cells for line in split_lines(cell) if line]
    # a table of contents repeats the headings, with page numbers only the layout knows (readers leave it out too)
    return {"pagebreak": [], "toc": [], "signature": block.lines, "lines": block.lines}.get(block.kind, [block.runs])


def block_lines(block: Block) -> list[str]:
    """The words of a block as lines of text (for text extraction, golden files and parity tests)."""
    return ["".join(r.text for r in line) for line in block_runs(block)]


def document_text(blocks: list[Block]) -> str:
    return "\n".join(line for b in blocks for line in block_lines(b)) + "\n"
