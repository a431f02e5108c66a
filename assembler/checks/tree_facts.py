"""What the checks take from a rendered document's numbered, resolved tree (assembler.document.tree) instead of
finding it again in the text: which articles, sections and clauses exist (by the names references use), which blocks
are titles, forms or signature packets, and where each heading's numbers and title end in the text of its block.

The headings are found from the tree alone: every article, section and clause carries the number and title the
renderer printed (`num`, `title`) and the name a reference uses (`refname`); in document order each heading begins
the next block that starts with it (a clause's heading may follow its section's heading in the same block:
"Section 2.1. Investment. (a) Closing. ..."). Nothing in the tree module changes for this.
"""
from __future__ import annotations

from dataclasses import dataclass

NUMBERED = ("article", "section", "clause")


@dataclass(frozen=True)
class Unit:
    """What the document tree knows of one paragraph: its block's kind, the characters of its heading (section and
    clause numbers and titles) and what they number ("Section 2.1", "Section 2.1(a)"), whether it is part of a
    form to be filled in by hand, and where it prints which figure ((start, end, figure name): see
    document/provenance.py)."""

    kind: str
    heading: int = 0
    numbers: tuple[str, ...] = ()
    in_form: bool = False
    figures: tuple[tuple[int, int, str], ...] = ()


@dataclass(frozen=True)
class TreeFacts:
    """A rendered document's structure, from its numbered and resolved tree (assembler.document.tree): every
    article, section and clause by the name a reference uses ("Article II", "Section 2.1(b)(ii)"), its exhibit
    letter, whether it is a signature packet (pages of the other documents), a `Unit` per paragraph, and the warrant
    certificate the document is ("B-1"), if it is one."""

    refnames: frozenset[str]
    exhibit: str | None
    packet: bool
    units: tuple[Unit, ...]
    certificate: str | None = None


def tree_facts(document) -> dict[int, tuple[int, tuple[str, ...]]]:
    """{block index: (characters of its text that are heading, the refnames those headings number)}."""
    if document.root is None:
        return {}
    blocks = document.blocks
    found: dict[int, tuple[int, tuple[str, ...]]] = {}
    at, pos = 0, 0  # the block the last heading was found in, and where its heading ended
    for el in document.root.iter():
        if el.tag not in NUMBERED or not el.get("num"):
            continue
        head = _heading_text(el)
        if el.tag == "article":
            k = next((k for k in range(at, len(blocks)) if blocks[k].kind == "article" and blocks[k].text == head),
                     None)
            start = 0
        else:
            k, start = None, 0
            text = blocks[at].text if at < len(blocks) else ""
            rest = len(text[pos:]) - len(text[pos:].lstrip(" "))
            if at in found and text.startswith(head, pos + rest):
                k, start = at, pos + rest
            else:
                k = next((k for k in range(at + (at in found), len(blocks))
                          if blocks[k].kind == "p" and blocks[k].text.startswith(head)), None)
        if k is None:
            continue  # not printed as expected (a native template, a changed renderer): the text analysis decides
        length, numbers = found.get(k, (0, ()))
        found[k] = (start + len(head), numbers + (el.get("refname"),))
        at, pos = k, start + len(head)
    return found


def _heading_text(el) -> str:
    """The heading as flatten prints it: "Section 2.1. Investment.", "(a) Closing.", "(b)", "ARTICLE II"."""
    num = el.get("num")
    title = " ".join((el.get("title") or "").split()) if el.tag != "article" else ""
    if not title:
        return num
    return f"{num} {title}" + ("" if title[-1] in ".?!" else ".")
