"""A document of the draft against the form's text: paragraphs paired, words diffed, deal facts masked, and each
remaining difference a deviation located by its section in both.

Paragraphs are paired and words aligned by the project's own diff (diff/compare.py: `pairs`, `word_opcodes`), on
the keys of tokens.py. Two passes: the first pairing gives, for each section of the draft, the section of the form it
stands for (numbers move when a section is added); the second compares the draft with its own references written
as the form numbers them, so that a renumbered reference is no change and a reference to another provision is one.

Layout is equal by construction: a section heading on its own line followed by its first clause ("Section 2.1.
Investment." / "(a) Upon the terms...") is one paragraph, as the form mostly prints it, on both sides.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from assembler.diff.compare import pairs, word_opcodes
from assembler.variance.paragraphs import FRONT, Para
from assembler.variance.tokens import DATE, FACT, Word, words

GAP = 3  # changes this few unchanged words apart are one deviation ("as of [the later of] the date [on which]")
CONTEXT = 8  # unchanged words shown either side of a deviation


@dataclass
class Deviation:
    document: str  # the template id
    kind: str  # changed | added | removed
    form_where: str  # the form's section ("6.7"); for an added paragraph, that of the form paragraph before it
    where: str  # the draft's section, as numbered there ("Section 6.7")
    form: str  # the form's words
    ours: str  # the draft's words
    form_match: str  # the same, each masked fact written {fact}: what a recorded reason is matched against
    ours_match: str
    before: str = ""
    after: str = ""
    form_line: int | None = None
    paragraph: int = 0  # the draft's paragraph (1-based, among the compared ones)
    reason: object = None  # the recorded Reason that explains it (reasons.py), or None


@dataclass
class Segment:
    op: str  # equal masked delete insert
    text: str


@dataclass
class Row:
    """One paragraph of the redline: the draft's number, and its words against the form's."""

    kind: str  # equal changed added removed
    number: str
    where: str
    segments: list[Segment]


@dataclass
class Comparison:
    document: str
    form_paragraphs: int
    draft_paragraphs: int
    deviations: list[Deviation]
    rows: list[Row]
    adapted: dict[int, list[str]] = field(default_factory=dict)  # adaptation (its index) -> the sections it changed
    sections: dict[str, str] = field(default_factory=dict)  # the form's section -> the draft's, where they paired


# ---------------------------------------------------------------- paragraphs

def compare(document: str, form: list[Para], draft: list[Para], names: tuple[str, ...] = (),
            form_exhibits: dict[str, str] | None = None, draft_exhibits: dict[str, str] | None = None,
            form_dates: dict[str, list[str]] | None = None, draft_dates: dict[str, set[str]] | None = None,
            adaptations=()) -> Comparison:
    """Deviations of the draft from the form. `names`: the form deal's names (masked in the form); exhibits: the
    document each Exhibit letter stands for, in the form and in the draft; dates: what each date stands for;
    `adaptations`: the recorded adaptations (reasons.Reason) that apply to the deal, made to the form first."""
    adapted = adapt(form, adaptations)
    exhibits = tuple(sorted((form_exhibits or {}).items()))
    for p in form:
        p.words = _form_words(p.text, names, exhibits)
    numbers: dict[str, str] = {}
    used: dict[int, list] = {}  # the references each paragraph's words were made with
    for second in (False, True):  # the second pass with the draft's references numbered as the form numbers them
        changed = False
        for n, p in enumerate(draft):
            if not second or p.refs:
                refs = [(s, e, _translate(k, numbers)) for s, e, k in p.refs]
                if second and refs == used[n]:
                    continue  # numbered alike in the draft and the form: the same words
                used[n] = refs
                p.words = words(p.text, refs, exhibits=draft_exhibits)
                changed = True
        if changed:
            aligned = list(pairs([p.key for p in form], [p.key for p in draft]))
            numbers = _numbers(aligned, form, draft)
    ctx = _Context(document, form_dates or {}, draft_dates or {})
    rows: list[Row] = []
    deviations: list[Deviation] = []
    for tag, i, j, a, b in aligned:
        if tag == "equal":
            for k in range(len(a)):
                rows.append(Row("equal", draft[j + k].number, draft[j + k].where, _segments(draft[j + k].words)))
        elif tag == "replace":
            row, found = ctx.paragraph(form[i], draft[j], j)
            rows.append(row)
            deviations += found
        elif tag == "insert":
            for k in range(len(b)):
                p = draft[j + k]
                rows.append(Row("added", p.number, p.where, [Segment("insert", _texts(p.words))]))
                deviations.append(ctx.whole("added", form[i - 1].where if i else FRONT, p, None, j + k))
        else:
            for k in range(len(a)):
                p = form[i + k]
                rows.append(Row("removed", p.number, p.where, [Segment("delete", _texts(p.words))]))
                deviations.append(ctx.whole("removed", p.where, p, p.line, j))
    sections: dict[str, str] = {}
    for mine, theirs in numbers.items():
        sections.setdefault(theirs, mine)
    return Comparison(document, len(form), len(draft), deviations, rows, adapted, sections)


def adapt(form: list[Para], adaptations) -> dict[int, list[str]]:
    """The form's words adapted to the deal (each key of an adaptation read as its value, longest first, in one pass
    so that nothing is adapted twice); for each adaptation, the sections where it changed something."""
    rules = [(r, old, new) for r in adaptations for old, new in r.entry.replace.items()]
    hits: dict[int, list[str]] = {}
    for p in form:
        active = sorted(((r, o, n) for r, o, n in rules if r.wanted(p.where)), key=lambda x: -len(x[1]))
        if not active:
            continue
        pattern = re.compile("|".join(f"(?P<g{i}>{_whole(o)})" for i, (_, o, _) in enumerate(active)))

        def replace(m: re.Match) -> str:
            reason, _, new = active[int(m.lastgroup[1:])]
            where = hits.setdefault(reason.index, [])
            if p.where not in where:
                where.append(p.where)
            return new

        p.text = pattern.sub(replace, p.text)
    return hits


@lru_cache(maxsize=4096)
def _form_words(text: str, names: tuple[str, ...], exhibits: tuple) -> list[Word]:
    """The form's words (the same for every certificate and every deal of the same structure)."""
    return words(text, facts=names, exhibits=dict(exhibits))


def _whole(words: str) -> str:
    """`words` as a pattern that does not match inside a longer word."""
    start = r"(?<!\w)" if words[:1].isalnum() else ""
    end = r"(?!\w)" if words[-1:].isalnum() else ""
    return start + re.escape(words) + end


def _translate(key: str, numbers: dict[str, str]) -> str:
    """A reference of the draft ("9.2", "3(e)") as the form numbers the provision it points to."""
    if key in numbers:
        return numbers[key]
    m = re.match(r"^([^(]+)((?:\([^)]*\))+)$", key)
    if m and m.group(1) in numbers:
        return numbers[m.group(1)] + m.group(2)
    return key


def _numbers(aligned, form: list[Para], draft: list[Para]) -> dict[str, str]:
    """Each section of the draft -> the section of the form it was paired with."""
    out: dict[str, str] = {}
    for tag, i, j, a, b in aligned:
        if tag in ("equal", "replace"):
            for k in range(len(a) if tag == "equal" else 1):
                mine, theirs = draft[j + k].where, form[i + k].where
                if mine != FRONT and theirs != FRONT:
                    out.setdefault(mine, theirs)
    return out


@dataclass
class _Context:
    document: str
    form_dates: dict[str, list[str]]
    draft_dates: dict[str, set[str]]

    def whole(self, kind: str, form_where: str, p: Para, line: int | None, index: int) -> Deviation:
        text = " ".join(w.text for w in p.words)
        match = _match(p.words)
        form, ours = (text, "") if kind == "removed" else ("", text)
        return Deviation(self.document, kind, form_where, _where(p) if kind == "added" else "",
                         form, ours, match if kind == "removed" else "", match if kind == "added" else "",
                         form_line=line, paragraph=index + 1)

    def paragraph(self, f: Para, d: Para, index: int) -> tuple[Row, list[Deviation]]:
        fw, dw = f.words, d.words
        _, _, ops = word_opcodes(" ".join(w.key for w in fw), " ".join(w.key for w in dw))
        marks: list[tuple[str, int, int, int, int]] = []  # (op, i1, i2, j1, j2) with masked facts equal
        for op, i1, i2, j1, j2 in ops:
            if op == "equal" or self._same_words(fw[i1:i2], dw[j1:j2]):
                marks.append(("equal" if op == "equal" else "masked", i1, i2, j1, j2))
                continue
            while i1 < i2 and j1 < j2 and self._same_words(fw[i1:i1 + 1], dw[j1:j1 + 1]):
                marks.append(("masked", i1, i1 + 1, j1, j1 + 1))
                i1, j1 = i1 + 1, j1 + 1
            tail = []
            while i2 > i1 and j2 > j1 and self._same_words(fw[i2 - 1:i2], dw[j2 - 1:j2]):
                tail.insert(0, ("masked", i2 - 1, i2, j2 - 1, j2))
                i2, j2 = i2 - 1, j2 - 1
            if i1 < i2 or j1 < j2:
                marks.append(("masked" if self._same_words(fw[i1:i2], dw[j1:j2]) else "change", i1, i2, j1, j2))
            marks += tail
        return self._row(d, marks, fw, dw), self._deviations(f, d, marks, fw, dw, index)

    def _same_words(self, form: list[Word], draft: list[Word]) -> bool:
        """The same words but for masked facts: the draft's facts where the form has its own facts, values or blanks
        (a date standing for the same thing), or a fact that repeats the form's words."""
        if not form or not draft:
            return False
        if _texts(form) == _texts(draft):
            return True
        return (_shape(form) == _shape(draft) and any(FACT in w.kinds for w in draft)
                and all(w.masked or not w.kinds for w in form + draft) and not self._moved(form, draft))

    def _moved(self, form: list[Word], draft: list[Word]) -> bool:
        """A date of the form standing for something else than the draft's date at that place."""
        theirs = [t for w in form for t in w.facts if DATE.fullmatch(t)]
        mine = [t for w in draft for t in w.facts if DATE.fullmatch(t)]
        if len(theirs) != 1 or len(mine) != 1 or theirs[0] not in self.form_dates:
            return False
        meant = set(self.form_dates[theirs[0]])
        return not (meant & self.draft_dates.get(mine[0], set()))

    def _row(self, d: Para, marks, fw: list[Word], dw: list[Word]) -> Row:
        segments = []
        for op, i1, i2, j1, j2 in marks:
            if op in ("equal", "masked"):
                segments += _segments(dw[j1:j2])
            else:
                if i1 < i2:
                    segments.append(Segment("delete", _texts(fw[i1:i2])))
                if j1 < j2:
                    segments.append(Segment("insert", _texts(dw[j1:j2])))
        return Row("changed", d.number, d.where, [s for s in segments if s.text])

    def _deviations(self, f: Para, d: Para, marks, fw: list[Word], dw: list[Word], index: int) -> list[Deviation]:
        groups: list[list[tuple]] = []
        gap = GAP + 1
        for mark in marks:
            if mark[0] == "change":
                if groups and gap <= GAP:
                    groups[-1].append(mark)
                else:
                    groups.append([mark])
                gap = 0
            else:
                gap += mark[4] - mark[3]
        out = []
        for group in groups:
            i1, i2, j1, j2 = group[0][1], group[-1][2], group[0][3], group[-1][4]
            out.append(Deviation(
                self.document, "changed", f.where, _where(d), _texts(fw[i1:i2]), _texts(dw[j1:j2]),
                _match(fw[i1:i2]), _match(dw[j1:j2]), _texts(dw[max(0, j1 - CONTEXT):j1]),
                _texts(dw[j2:j2 + CONTEXT]), f.line, index + 1))
        return out


def _where(p: Para) -> str:
    """The draft's section as its reader finds it: "Section 6.7", "Section 2.1(b)", "Article IX", "Preamble"."""
    if p.where in (FRONT,) or not re.match(r"^\d|^Article", p.where):
        return p.where
    return p.where if p.where.startswith("Article") else f"Section {p.where}"


def _segments(ws: list[Word]) -> list[Segment]:
    """Words as the redline shows them: runs of the draft's facts ("masked") and of other words ("equal")."""
    out: list[Segment] = []
    for w in ws:
        op = "masked" if FACT in w.kinds else "equal"
        if out and out[-1].op == op:
            out[-1].text += " " + w.text
        else:
            out.append(Segment(op, w.text))
    return out


def _texts(ws: list[Word]) -> str:
    return " ".join(w.text for w in ws)


def _shape(ws: list[Word]) -> str:
    """Masked words as one mask, however many: a fact in words and figures, "____ (____)" blanks for one."""
    return re.sub(r"⟨⟩(?: \(?⟨⟩\)?)+", "⟨⟩", " ".join(w.shape for w in ws))


def _match(ws: list[Word]) -> str:
    """The words as a recorded reason quotes them: the form's and the draft's facts as {fact}, the rest as shown."""
    out = []
    for w in ws:
        if w.kinds and FACT in w.kinds:
            out.append(re.sub(r"⟨[^⟩§]*⟩", "{fact}", w.key).replace("·", " "))
        else:
            out.append(w.text)
    return " ".join(out)
