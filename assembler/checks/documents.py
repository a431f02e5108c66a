"""Documents to check: `Doc` (a name and its paragraphs with their locations) and the loaders that make one from a
.txt, .docx or .pdf file, a built closing-set folder, or a rendered `assembler.document.tree.Document`. The
loaders are the only functions of the checks that read files."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from assembler.checks.findings import Place
from assembler.checks.tree_facts import TreeFacts, Unit, tree_facts
from assembler.errors import AssemblerError


@dataclass
class Doc:
    """One document: a name and its paragraphs as (place, text).

    `lines` (optional, .txt) gives for each paragraph the (character offset, place) of each source line, so a
    finding can name the exact line. `group` keeps documents of different closing sets apart; `hint` is a document
    id when one is known (a manifest's "document", a rendered document's key); `parent` names the document an
    exhibit was split from (an exhibit incorporates the terms of the document it is attached to)."""

    name: str
    paragraphs: list[tuple[Place, str]]
    lines: list[list[tuple[int, Place]]] | None = None
    group: str = ""
    hint: str = ""
    parent: str = ""
    tree: TreeFacts | None = None  # rendered in this process: the structure comes from the tree, not from the text
    key: str = ""  # the document key its findings name (an exhibit split off keeps its document's); default: hint

    def __post_init__(self) -> None:
        self.key = self.key or self.hint

    def where(self, index: int, offset: int = 0) -> Place:
        if self.lines is not None and index < len(self.lines) and self.lines[index]:
            found = self.lines[index][0][1]
            for start, location in self.lines[index]:
                if start > offset:
                    break
                found = location
            return found
        return self.paragraphs[index][0]


# ---------------------------------------------------------------------------------------------------- loaders

_PAGE_NUMBER = re.compile(r"-?\s*\d{1,3}\s*-?|[ivx]{1,5}|Page ([0-9]{1,4}|[ivxlc]{1,6}) of [0-9]{1,4}")
EXHIBIT_LINE = re.compile(r"(EXHIBIT|ANNEX|SCHEDULE|APPENDIX) ([A-Z](?:-\d{1,2})?|\d{1,2}(?:\.\d{1,2})?)")
TERMINAL = tuple(".:;!?")


def is_caps(text: str) -> bool:
    letters = sum(map(str.isalpha, text))
    return letters >= 3 and sum(map(str.isupper, text)) >= 0.85 * letters


def load_paths(paths) -> list[Doc]:
    """Documents from files: .txt, .docx, .pdf, or a built closing-set folder (each document of its manifest: the
    .docx, or the .pdf when the document has no .docx). A .docx or .pdf of a built set, given alone, knows its
    document from the manifest.json beside it."""
    from assembler.closing_set.files import read_manifest

    docs: list[Doc] = []
    if not paths:
        raise AssemblerError("check: no files given")
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            chosen: dict[str, str] = {}  # document -> its .docx, else its .pdf
            for entry in read_manifest(path):
                if entry.document and (entry.name.endswith(".docx")
                                       or entry.name.endswith(".pdf") and entry.document not in chosen):
                    chosen[entry.document] = entry.name
            if not chosen:
                raise AssemblerError(f"{path / 'manifest.json'}: lists no .docx or .pdf documents")
            for key, name in chosen.items():
                file = path / name
                if not file.is_file():
                    raise AssemblerError(f"{file}: listed in {path / 'manifest.json'} but missing")
                docs += split_exhibits(_file_doc(file, group=str(path), hint=key))
            continue
        if not path.is_file():
            raise AssemblerError(f"{path}: no such file")
        suffix = path.suffix.lower()
        if suffix == ".txt":
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                text = path.read_text(encoding="latin-1")
            docs += text_docs(path.name, text)
        elif suffix in (".docx", ".pdf"):
            docs += split_exhibits(_file_doc(path, hint=_document_of(path)))
        else:
            raise AssemblerError(f"{path}: cannot check a '{suffix or 'extensionless'}' file "
                                 f"(expected .txt, .docx, .pdf or a closing-set folder)")
    return docs


def _document_of(path: Path) -> str:
    """The document key a manifest.json beside `path` gives it ("" when there is none or it is not listed)."""
    from assembler.closing_set.files import read_manifest

    if not (path.parent / "manifest.json").is_file():
        return ""
    try:
        return next((e.document or "" for e in read_manifest(path.parent) if e.name == path.name), "")
    except AssemblerError:
        return ""


def _file_doc(path: Path, group: str = "", hint: str = "") -> Doc:
    """A .docx (its paragraphs and table cells) or a .pdf (paragraphs rebuilt from the drawn lines)."""
    from assembler.checks.extract import docx_lines
    from assembler.checks.pdf_text import pdf_paragraphs

    kind = "PDF" if path.suffix.lower() == ".pdf" else "DOCX"
    try:
        if kind == "DOCX":
            return docx_doc(path.name, docx_lines(path.read_bytes()), group=group, hint=hint)
        return pdf_layout_doc(path.name, pdf_paragraphs(path.read_bytes()), group=group, hint=hint)
    except Exception as exc:  # the readers raise many kinds on a damaged file
        raise AssemblerError(f"{path}: cannot read this {kind} ({exc.__class__.__name__}: {exc})") from None


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def text_docs(name: str, text: str) -> list[Doc]:
    """A plain-text file: paragraphs are runs of non-blank lines; a line that is exactly "EXHIBIT A" (B, ...;
    or ANNEX, SCHEDULE, APPENDIX) starts a new document. Lines holding only a page number, and form feeds, are
    page breaks; a paragraph cut by a page break in mid-sentence is joined again."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    parts: list[list[tuple[int, str]]] = [[]]
    for number, line in enumerate(raw, start=1):
        if EXHIBIT_LINE.fullmatch(line.replace("\f", "").strip()) and any(s.strip() for _, s in parts[-1]):
            parts.append([])
        parts[-1].append((number, line))
    docs = []
    for k, part in enumerate(parts):
        first = next((s.strip() for _, s in part if s.strip()), "")
        label = name if k == 0 else f"{name} ({first.title()})"
        doc = _text_doc(label, name, part)
        doc.parent = name if k else ""
        docs.append(doc)
    return docs


def _text_doc(label: str, file: str, lines: list[tuple[int, str]]) -> Doc:
    paras: list[list[tuple[int, str]]] = []  # each: [(line number, collapsed text)]
    gap, page_break = 0, False
    current: list[tuple[int, str]] = []

    def close():
        nonlocal current
        if current:
            paras.append(current)
            current = []

    for number, line in lines:
        stripped = line.replace("\f", " ").strip()
        if "\f" in line:
            page_break = True
        if not stripped or _PAGE_NUMBER.fullmatch(stripped):
            close()
            gap += 1
            page_break = page_break or bool(stripped)
            continue
        if not current and paras and (page_break or gap >= 3) and _continues(paras[-1], stripped):
            current = paras.pop()
        current.append((number, collapse(stripped)))
        gap, page_break = 0, False
    close()
    paragraphs, offsets = [], []
    for para in paras:
        text, marks = "", []
        for number, piece in para:
            if text:
                text += " "
            marks.append((len(text), Place(file, line=number)))
            text += piece
        paragraphs.append((marks[0][1], text))
        offsets.append(marks)
    return Doc(label, paragraphs, offsets)


def _continues(previous: list[tuple[int, str]], line: str) -> bool:
    """Is `line`, after a page break, the rest of the paragraph `previous`?"""
    last = previous[-1][1]
    if len(previous) < 2 or last.endswith(TERMINAL) or is_caps(line):
        return False
    return not re.match(r"\(|Section\b|ARTICLE\b|\d+\.\s|EXHIBIT\b", line)


def split_exhibits(doc: Doc) -> list[Doc]:
    """A document with exhibits attached: a new document at each paragraph that is exactly "EXHIBIT A" (B, ...;
    or ANNEX, SCHEDULE, APPENDIX)."""
    cuts = [0] + [i for i, (_, text) in enumerate(doc.paragraphs) if i and EXHIBIT_LINE.fullmatch(text.strip())]
    if len(cuts) == 1:
        return [doc]
    out = []
    for k, start in enumerate(cuts):
        end = cuts[k + 1] if k + 1 < len(cuts) else len(doc.paragraphs)
        name = doc.name if k == 0 else f"{doc.name} ({doc.paragraphs[start][1].strip().title()})"
        tree = None
        if doc.tree is not None:  # an annex of a rendered document: the tree's facts of its own paragraphs
            tree = TreeFacts(doc.tree.refnames if k == 0 else frozenset(), doc.tree.exhibit if k == 0 else None,
                             doc.tree.packet, doc.tree.units[start:end], doc.tree.certificate if k == 0 else None)
        out.append(Doc(name, doc.paragraphs[start:end], doc.lines[start:end] if doc.lines is not None else None,
                       doc.group, doc.hint if k == 0 else "", doc.name if k else doc.parent, tree, doc.key))
    return out


def docx_doc(name: str, lines: list[str], group: str = "", hint: str = "") -> Doc:
    return Doc(name, [(Place(name, paragraph=n), collapse(line)) for n, line in enumerate(lines, start=1)],
               group=group, hint=hint)


def pdf_doc(name: str, pages: list[str]) -> Doc:
    """A PDF: lines re-joined into paragraphs (a line ending a sentence, a short line, a heading or a list item
    starts a new one); a paragraph cut by a page break is joined again. Location: the page."""
    paragraphs: list[tuple[str, str]] = []
    for number, page in enumerate(pages, start=1):
        lines = [collapse(line) for line in page.splitlines() if line.strip()]
        if not lines:
            continue
        lengths = sorted(len(line) for line in lines)
        longest = lengths[min(len(lengths) - 1, int(0.7 * len(lengths)))]  # a full line (not a re-joined one)
        location = Place(name, page=number)
        for k, line in enumerate(lines):
            previous = lines[k - 1] if k else (paragraphs[-1][1] if paragraphs else "")
            starts = (not paragraphs or previous.endswith(TERMINAL) or is_caps(line) or is_caps(previous)
                      or (k and len(previous) < 0.75 * longest)
                      or (not k and not line[:1].islower())
                      or re.match(r"(Section \d+(\.\d+)*\. |ARTICLE [IVXLC]|\d{1,2}\. [A-Z])", line)
                      and previous.endswith(TERMINAL + (")",))
                      or re.match(r"\([a-z]{1,4}\) ", line) and re.search(r"(?:[.:;]|; (?:or|and))$", previous))
            if starts:
                paragraphs.append((location, line))
            else:
                loc, text = paragraphs[-1]
                paragraphs[-1] = (loc, text + " " + line)
    return Doc(name, paragraphs)


def pdf_layout_doc(name: str, paragraphs: list[list[tuple[int, str]]], group: str = "", hint: str = "") -> Doc:
    """A PDF read by its layout (assembler.checks.pdf_text): each paragraph located on the page where each of its
    pieces is (a paragraph cut by a page break has two)."""
    texts, offsets = [], []
    for pieces in paragraphs:
        text, marks = "", []
        for page, piece in pieces:
            if text:
                text += "" if text.endswith(("-", "/")) else " "
            marks.append((len(text), Place(name, page=page)))
            text += collapse(piece)
        texts.append((marks[0][1], text))
        offsets.append(marks)
    return Doc(name, texts, offsets, group=group, hint=hint)


def tree_doc(document) -> Doc:
    """A rendered `assembler.document.tree.Document` (no layout): one paragraph per line of its blocks (as its DOCX
    reads), with the tree's facts (`TreeFacts`) when the document has a tree (a native Word template has none): its
    structure, and which figure each printed figure is (document/provenance.py)."""
    from assembler.document.blocks import block_runs, split_lines

    headings = tree_facts(document)
    paragraphs, units, n = [], [], 0
    for index, block in enumerate(document.blocks):
        lines = [piece for line in block_runs(block) for piece in split_lines(line)]
        for k, runs in enumerate(lines):
            n += 1
            line = "".join(r.text for r in runs)
            if not line.strip():
                continue
            text = collapse(line)
            paragraphs.append((Place(document.key, paragraph=n), text))
            length, numbers = headings.get(index, (0, ())) if k == 0 else (0, ())
            units.append(Unit(block.kind, length, numbers, block.in_form, figure_spans(runs, text)))
    facts = None
    if document.root is not None:
        refnames = frozenset(el.get("refname") for el in document.root.iter() if el.get("refname"))
        facts = TreeFacts(refnames, document.exhibit, document.signatory is not None, tuple(units),
                          document.certificate)
    return Doc(document.key, paragraphs, hint=document.key, tree=facts)


def figure_spans(runs, text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, figure name) of each run of `runs` that prints a figure, as offsets into `text` (the runs'
    text with its white space collapsed)."""
    spans, at = [], 0
    for run in runs:
        if run.figure:
            piece = collapse(run.text)
            start = text.find(piece, at)
            if start >= 0:
                spans.append((start, start + len(piece), run.figure))
                at = start + len(piece)
        elif run.named:  # names printed inside the run's text (provenance.is_named_text)
            whole = collapse(run.text).strip()
            begin = text.find(whole, at) if whole else -1
            end = begin + len(whole) if begin >= 0 else len(text)
            at = max(at, begin)
            for name, named in run.named:
                piece = collapse(named).strip()
                start = text.find(piece, at, end) if piece else -1
                if start >= 0:
                    spans.append((start, start + len(piece), name))
                    at = start + len(piece)
            at = max(at, end if begin >= 0 else at)
    return tuple(spans)
