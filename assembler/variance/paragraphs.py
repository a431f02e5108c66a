"""The paragraphs compared: the form's (its text as filed, by form.yaml's lines) and the draft's (a rendered
document's blocks, its deal facts marked), each with the section it belongs to, its leading number apart and its
words keyed (tokens.py), so that variance/compare.py pairs like with like.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from assembler.diff.compare import sections
from assembler.document.provenance import OPEN, unmark_facts as unmark
from assembler.variance.tokens import Word, ref_key, split_number, words

FRONT = "Preamble"  # where the paragraphs before the first numbered section are
EXECUTION = "Execution"  # where "IN WITNESS WHEREOF" and what follows it (to the next part) are
_PAGE_LEGEND = re.compile(r"^\[Signature pages? follows?\]$", re.I)
_HEADING_ONLY = re.compile(r"^[^.]{1,160}\.$")
_TEXT_KINDS = ("title", "subtitle", "p", "legend", "article", "article_title")


@dataclass
class Para:
    number: str  # the number it begins with ("Section 6.7.", "(a)"): layout, shown but not compared
    text: str  # the rest: the draft's with its facts marked; the form's as filed
    where: str  # its section, canonical: "6.7", "2.1(b)", "Article IX", "16(a)", "Preamble", "Notice of Exercise"
    refs: list[tuple[int, int, str]] = field(default_factory=list)  # the draft's own references: (start, end, key)
    line: int | None = None  # the form's line
    words: list[Word] = field(default_factory=list)

    @property
    def key(self) -> str:
        return " ".join(w.key for w in self.words)

    @property
    def shown(self) -> str:
        return f"{self.number} {unmark(self.text)}".strip()




def canonical(where: str) -> str:
    """diff/compare.sections() -> "2.1(b)", "Article IX", "11(a)"; "" (before the first section) -> FRONT."""
    if not where:
        return FRONT
    if where.startswith("ARTICLE "):
        return "Article " + where.split(" ", 1)[1]
    return where.removeprefix("Section ").replace(".(", "(").rstrip(".")


def _located(paras: list[Para], texts: list[str]) -> list[Para]:
    """Set each paragraph's section; a heading in capitals after the numbered sections ("NOTICE OF EXERCISE") starts a
    part of its own."""
    found = sections(texts)
    part, numbered = None, False
    for para, where, text in zip(paras, found, texts):
        numbered = numbered or bool(where)
        if numbered and not para.number and text.isupper() and len(text.split()) <= 5:
            part = text.title().replace(" Of ", " of ")
        elif numbered and text.startswith("IN WITNESS WHEREOF"):
            part = EXECUTION
        para.where = part or canonical(where)
    return paras


def _merge_headings(paras: list[Para]) -> list[Para]:
    """A section heading alone on its line ("Section 2.1. Investment.") joined to the clause after it, as the form
    prints "Section 7.2. Indemnity. (a) The Company..."; the same on both sides."""
    out: list[Para] = []
    for para in paras:
        prev = out[-1] if out else None
        if (prev is not None and para.number.startswith("(") and prev.number and not prev.number.startswith("(")
                and not prev.number.startswith("ARTICLE") and _HEADING_ONLY.match(unmark(prev.text))):
            shift = len(prev.text) + 1 + len(para.number) + 1
            prev.refs += [(s + shift, e + shift, k) for s, e, k in para.refs]
            prev.text = f"{prev.text} {para.number} {para.text}"
            continue
        out.append(para)
    return out


def _unblanked(text: str) -> str:
    """A paragraph without the blanks it begins or ends with: a line for handwriting beside a caption ("____ (Name)",
    "Dated: ____") is layout; a blank inside a sentence ("elects to purchase ____ shares") is not."""
    text = text.strip()
    while text.startswith("__"):
        text = text.lstrip("_").lstrip()
    while text.endswith("__"):
        text = text.rstrip("_").rstrip()
    return text


def _wordless(text: str) -> bool:
    return not re.search(f"[A-Za-z0-9{OPEN}]", text)


def form_paragraphs(paragraphs) -> list[Para]:
    """The form's paragraphs (form.py FormParagraph) as compared."""
    paras, texts = [], []
    for p in paragraphs:
        number, text = split_number(p.text)
        text = _unblanked(text)
        if _wordless(text) and not number:
            continue
        paras.append(Para(number, text, "", line=p.line))
        texts.append(p.text)
    return _merge_headings(_located(paras, texts))


def draft_paragraphs(doc) -> list[Para]:
    """A rendered document's paragraphs (marked rendering), with the spans of its own references."""
    paras, texts = [], []
    for block in doc.blocks:
        if block.kind not in _TEXT_KINDS:
            continue
        text, spans = "", []
        for run in block.runs:
            if run.ref and spans and spans[-1][1] == len(text):
                spans[-1] = (spans[-1][0], len(text) + len(run.text))
            elif run.ref:
                spans.append((len(text), len(text) + len(run.text)))
            text += run.text
        if not text.strip() or _PAGE_LEGEND.match(unmark(text).strip()):
            continue
        spans = [(s - len(m.group(0)), e) if (m := re.search(r"(Section|Article) $", text[:s])) else (s, e)
                 for s, e in spans]
        number, rest = split_number(text)
        rest = rest.lstrip("_ ")
        if _wordless(_unblanked(rest)) and not number:
            continue
        shift = len(text) - len(rest)
        rest = _unblanked(rest)
        refs = [(s - shift, e - shift, ref_key(unmark(text[s:e]))) for s, e in spans if s >= shift]
        paras.append(Para(number, rest, "", refs))
        texts.append(unmark(text))
    return _merge_headings(_located(paras, texts))


# ---------------------------------------------------------------- comparing
