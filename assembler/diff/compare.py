"""Compare two versions of a closing set: documents paired by id, paragraphs aligned, then words.

Paragraphs are aligned with difflib; inside a changed paragraph the words are diffed (a redline). Every change is
located by the section it falls in ("Section 2.1(b)", "ARTICLE IX", "11."), read from the paragraphs themselves, so
versions read from DOCX files, snapshots and term sheets are located alike.
"""
from __future__ import annotations

import difflib
import re
import textwrap
from dataclasses import dataclass

from assembler.diff.version import Version

SIMILAR = 0.5  # two paragraphs at least this alike (difflib word ratio) are one paragraph changed, not two
CONTEXT = 6  # unchanged words shown either side of a change in the text diff
WIDTH = 100  # the text diff's line width


@dataclass
class DocumentDiff:
    key: str
    status: str  # unchanged changed added removed
    old: list[str]
    new: list[str]
    changed: int = 0
    inserted: int = 0
    deleted: int = 0
    words_inserted: int = 0
    words_deleted: int = 0


@dataclass
class SetDiff:
    old: Version
    new: Version
    documents: list[DocumentDiff]
    figures: list[tuple[str, str | None, str | None]]  # (figure, old, new)

    @property
    def identical(self) -> bool:
        return all(d.status == "unchanged" for d in self.documents) and not self.figures


@dataclass(frozen=True)
class Change:
    """One run of changed words: `old` -> `new` ("" for an insertion or a deletion), where it is and its context."""

    document: str
    where: str  # the section the paragraph belongs to ("Section 2.1(b)"), or "" before the first one
    old: str
    new: str
    old_line: int  # 1-based paragraph number in the old version (the line of a snapshot file); 0 if none
    new_line: int
    before: str = ""  # up to CONTEXT unchanged words either side
    after: str = ""


def word_opcodes(a: str, b: str):
    wa, wb = a.split(), b.split()
    return wa, wb, difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes()


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def pairs(old: list[str], new: list[str]):
    """Paragraph alignment as (tag, old index, new index, old paragraphs, new paragraphs): difflib opcodes; inside a
    replaced run, each old paragraph is paired (in order) with the most similar new one if they are alike enough; the
    rest are added or removed paragraphs."""
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "replace":
            yield tag, i1, j1, old[i1:i2], new[j1:j2]
            continue
        j = j1
        for i in range(i1, i2):
            scores = [(_similarity(old[i], new[k]), k) for k in range(j, j2)]
            best = max(scores, default=(0.0, None))
            if best[1] is None or best[0] < SIMILAR:
                yield "delete", i, j, [old[i]], []
                continue
            if best[1] > j:
                yield "insert", i, j, [], new[j:best[1]]
            yield "replace", i, best[1], [old[i]], [new[best[1]]]
            j = best[1] + 1
        if j < j2:
            yield "insert", i2, j, [], new[j:j2]


def compare_documents(key: str, old: list[str] | None, new: list[str] | None) -> DocumentDiff:
    if old is None:
        return DocumentDiff(key, "added", [], new, inserted=len(new))
    if new is None:
        return DocumentDiff(key, "removed", old, [], deleted=len(old))
    d = DocumentDiff(key, "unchanged", old, new)
    for tag, _, _, a, b in pairs(old, new):
        if tag == "replace":
            d.changed += 1
            _, _, ops = word_opcodes(a[0], b[0])
            for op, i1, i2, j1, j2 in ops:
                d.words_deleted += (i2 - i1) if op in ("replace", "delete") else 0
                d.words_inserted += (j2 - j1) if op in ("replace", "insert") else 0
        elif tag == "insert":
            d.inserted += len(b)
        elif tag == "delete":
            d.deleted += len(a)
    if d.changed or d.inserted or d.deleted:
        d.status = "changed"
    return d


def compare(old: Version, new: Version) -> SetDiff:
    keys = list(old.documents) + [k for k in new.documents if k not in old.documents]
    docs = [compare_documents(k, old.documents.get(k), new.documents.get(k)) for k in keys]
    figures = [(k, old.figures.get(k), new.figures.get(k)) for k in sorted(set(old.figures) | set(new.figures))
               if old.figures.get(k) != new.figures.get(k)]
    return SetDiff(old, new, docs, figures)


# ---------------------------------------------------------------- where a paragraph is

_HEADING = re.compile(r"^(ARTICLE [IVXLC]+|Section \d+(?:\.\d+)*)\.?(?: |$)|^(\d+(?:\.\d+)*)\. ")
_CLAUSE = re.compile(r"^\(([a-z]{1,3}|[A-Z])\) ")


def _depth(mark: str, open_clauses: list[str]) -> int:
    """(a) is depth 0, (ii) depth 1, (B) depth 2; an "(i)" right after "(h)" is a letter."""
    if mark.isupper():
        return 2
    after_letter = open_clauses and len(mark) == 1 and open_clauses[0] == chr(ord(mark) - 1)
    return 1 if re.fullmatch(r"[ivxl]+", mark) and open_clauses and not after_letter else 0


def sections(paragraphs: list[str]) -> list[str]:
    """For each paragraph, the section it belongs to: "Section 2.1(b)", "ARTICLE IX", "11.(a)" (a numbered heading
    "11. Adjustments"); "" before the first heading."""
    out, section, clauses = [], "", []
    for text in paragraphs:
        heading = _HEADING.match(text)
        clause = _CLAUSE.match(text)
        if heading:
            section, clauses = heading.group(1) or f"{heading.group(2)}.", []
        elif clause and section:
            clauses = clauses[:_depth(clause.group(1), clauses)] + [clause.group(1)]
        out.append(section + "".join(f"({c})" for c in clauses))
    return out


# ---------------------------------------------------------------- changes, word by word

def document_changes(d: DocumentDiff) -> list[Change]:
    old_where, new_where = sections(d.old), sections(d.new)
    out: list[Change] = []
    for tag, i, j, a, b in pairs(d.old, d.new):
        if tag == "equal":
            continue
        if tag == "insert":
            out += [Change(d.key, new_where[j + k], "", text, i, j + k + 1) for k, text in enumerate(b)]
        elif tag == "delete":
            out += [Change(d.key, old_where[i + k], text, "", i + k + 1, j) for k, text in enumerate(a)]
        else:
            wa, wb, ops = word_opcodes(a[0], b[0])
            for op, i1, i2, j1, j2 in ops:
                if op != "equal":
                    out.append(Change(d.key, new_where[j] or old_where[i], " ".join(wa[i1:i2]), " ".join(wb[j1:j2]),
                                      i + 1, j + 1, " ".join(wa[max(0, i1 - CONTEXT):i1]),
                                      " ".join(wa[i2:i2 + CONTEXT])))
    return out


def changes(diff: SetDiff) -> list[Change]:
    return [c for d in diff.documents if d.status != "unchanged" for c in document_changes(d)]


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def change_line(c: Change) -> str:
    """One change as a reviewer reads it in a log: `purchase_agreement Section 2.1 (paragraph 34): "$1.60" -> "$1.50"`."""
    where = f"{c.where} " if c.where else ""
    para = f"paragraph {c.new_line or c.old_line}"
    if not c.old:
        return f"{c.document} {where}({para}): added \"{_short(c.new)}\""
    if not c.new:
        return f"{c.document} {where}({para}): removed \"{_short(c.old)}\""
    return f"{c.document} {where}({para}): \"{_short(c.old)}\" -> \"{_short(c.new)}\""


def summary_lines(diff: SetDiff, limit: int = 60) -> list[str]:
    """The changed figures and words, one line each (at most `limit` word changes, then a count)."""
    lines = [f"figure {name}: {before} -> {after}" for name, before, after in diff.figures]
    found = changes(diff)
    lines += [change_line(c) for c in found[:limit]]
    if len(found) > limit:
        lines.append(f"... and {len(found) - limit} more change(s): see the redline")
    return lines


# ---------------------------------------------------------------- text output

def _word_diff(a: str, b: str) -> str:
    """`a` -> `b` as git's --word-diff shows it ([-old-]{+new+}), unchanged words elided beyond CONTEXT."""
    wa, wb, ops = word_opcodes(a, b)
    out: list[str] = []
    for n, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            words = wa[i1:i2]
            first, last = n == 0, n == len(ops) - 1
            if len(words) > 2 * CONTEXT or (first or last) and len(words) > CONTEXT:
                head = [] if first else words[:CONTEXT]
                tail = [] if last else words[-CONTEXT:]
                words = head + ["…"] + tail
            out += words
        if op in ("replace", "delete"):
            out.append(f"[-{' '.join(wa[i1:i2])}-]")
        if op in ("replace", "insert"):
            out.append(f"{{+{' '.join(wb[j1:j2])}+}}")
    return " ".join(out)


def _wrap(prefix: str, text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=prefix, subsequent_indent=prefix, break_long_words=False,
                         break_on_hyphens=False) or [prefix]


def unified(diff: SetDiff) -> str:
    """A word-level diff for a terminal or a CI log: one hunk per changed paragraph, headed by its section and
    paragraph numbers, changed words marked [-old-]{+new+} with a few words of context, lines wrapped at WIDTH."""
    out: list[str] = []
    for d in diff.documents:
        if d.status == "unchanged":
            continue
        out += [f"--- a/{d.key}", f"+++ b/{d.key}"]
        old_where, new_where = sections(d.old), sections(d.new)
        for tag, i, j, a, b in pairs(d.old, d.new):
            if tag == "equal":
                continue
            where = (new_where[j] if j < len(new_where) else "") or (old_where[i] if i < len(old_where) else "")
            out.append(f"@@ {where + ' ' if where else ''}paragraph {i + 1} -> {j + 1} @@")
            if tag == "replace":
                out += _wrap("~ ", _word_diff(a[0], b[0]))
            for text in a if tag == "delete" else []:
                out += _wrap("- ", text)
            for text in b if tag == "insert" else []:
                out += _wrap("+ ", text)
    return "\n".join(out) + ("\n" if out else "")
