"""Shared text analysis: one document normalized (quotes straightened) with its structure found (headings,
sections, clause enumerators, the handwriting form region), its role in the set, excerpts and findings."""
from __future__ import annotations

import re

from assembler.checks.documents import EXHIBIT_LINE, Doc, is_caps
from assembler.checks.findings import Place, document_finding

_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u00a0": " "})


HEADINGS = {"title", "subtitle", "exhibit", "article", "article_title"}  # block kinds of the document tree
_FORM_HEADING = re.compile(r"(NOTICE OF EXERCISE|ASSIGNMENT FORM|FORM OF ASSIGNMENT|EXERCISE NOTICE|"
                           r"SUBSCRIPTION FORM|ELECTION TO (?:PURCHASE|EXERCISE))")
_SECTION_HEAD = re.compile(r"(?:Section|SECTION) (\d+(?:\.\d+)*)(?:\.(?=\s|$)| (?=[A-Z][a-zA-Z]))")
_NUMBERED_HEAD = re.compile(r"(\d{1,2}(?:\.\d{1,3})*)\.(?= +[A-Z(\"])|(\d{1,2}(?:\.\d{1,3})+)(?= +[A-Z(\"])")
_ARTICLE_HEAD = re.compile(r"ARTICLE ([IVXLC]+)\b")
CLAUSE = re.compile(r"\(([a-z]{1,5})\) (?!=)")
_SMALL = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with", "under",
          "upon", "into", "this", "etc", "between", "without", "until", "no", "not"}


def _title_case(text: str) -> bool:
    words = re.findall(r"[A-Za-z][\w'-]*", text)
    big = [w for w in words if w.lower() not in _SMALL]
    return bool(big) and len(words) <= 14 and all(w[0].isupper() for w in big)


def _heading_end(text: str, start: int) -> int:
    """End of a heading title ("Investment." "Stock Splits, etc.") starting at `start`, or `start` if none."""
    m = re.match(r"([A-Z][^.]{0,110}?(?:etc\.)?)\.(?:\s|$|(?=[A-Z(]))", text[start:])
    if m and _title_case(m.group(1)) and '"' not in m.group(1):
        return start + m.end()
    return start


class Analysis:
    """One document, normalized: quotes straightened, structure found (headings, clauses, form region)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        tree = doc.tree
        self.texts = [text.translate(_QUOTES) for _, text in doc.paragraphs]
        self.caps = [is_caps(t) for t in self.texts]
        if tree is not None:  # the tree's headings are headings whatever their case
            self.caps = [caps or unit.kind in HEADINGS for caps, unit in zip(self.caps, tree.units)]
        self.role = ""
        self.exhibit: tuple[str, str] | None = None  # ("exhibit", "A"), ("annex", "A"), ...
        first = self.texts[0].strip() if self.texts else ""
        m = EXHIBIT_LINE.fullmatch(first)
        if m:
            self.exhibit = (m.group(1).lower(), m.group(2))
        elif tree is not None and tree.exhibit:
            self.exhibit = ("exhibit", tree.exhibit)
        # a memorandum on the set (the cover memo) is commentary: it names the other documents' sections and terms
        # and quotes the form's words and theirs, the form's own errors included ("one hundred fifty (120) days"), so
        # no check reads its quotations as its own words, terms, references or figures
        self.commentary = doc.hint.split("#")[0] == "cover_memo" or first == "MEMORANDUM" and bool(self.caps) and \
            self.caps[0]
        # a signature packet is a compilation of pages of the other documents: their terms, not its own structure
        self.compilation = self.commentary or (tree.packet if tree is not None else doc.hint.startswith("signature_packet") or any(
            self.caps[k] and re.search(r"\bSIGNATURE (?:PACKET|PAGES)\b", t) for k, t in enumerate(self.texts[:3])))
        # handwriting region: from a NOTICE OF EXERCISE / ASSIGNMENT FORM heading (or the tree's <form>) to the end
        self.form_start = len(self.texts)
        for i, t in enumerate(self.texts):
            if self.caps[i] and len(t) < 80 and _FORM_HEADING.search(t) or tree is not None and tree.units[i].in_form \
                    and all(u.in_form or u.kind == "signature_legend" for u in tree.units[i:]):
                self.form_start = i
                break
        # blanks to be completed are allowed in the tree's <form> regions: the trailing ones (a Notice of Exercise)
        # and those of a form attached as an exhibit (the holder and number of a form of warrant)
        # (read from a file, without the tree: every blank of an exhibit titled "FORM OF ...", a form attached to the
        # agreement and completed when it is executed; an exhibit not marked as a form keeps its blanks reported)
        if tree is not None:
            self.to_complete = {i for i, u in enumerate(tree.units) if u.in_form}
        elif m and any(self.caps[k] and t.strip().startswith("FORM OF ") for k, t in enumerate(self.texts[:8])):
            self.to_complete = set(range(len(self.texts)))
        else:
            self.to_complete = set()
        self.clause_names: set[str] = set()  # the tree's clauses ("2.1(b)(ii)"): they exist by construction
        if tree is not None:
            self._tree_structure(tree)
        else:
            self._structure()

    # -- structure from the tree: numbers and headings as the renderer made them; typed enumerators still read
    def _tree_structure(self, tree) -> None:
        texts = self.texts
        self.articles = {r.removeprefix("Article ") for r in tree.refnames if r.startswith("Article ")}
        self.clause_names = {r.removeprefix("Section ") for r in tree.refnames if r.startswith("Section ") and "(" in r}
        self.sections, self.section_text, self.heading_spans = {}, {}, {}
        self.keys: set[str] = set()
        self.scopes = []
        self.first_section = len(texts)
        current = None
        for i, (t, unit) in enumerate(zip(texts, tree.units)):
            if i >= self.form_start:
                break
            if unit.kind in HEADINGS:
                self.heading_spans[i] = len(t)
            elif unit.heading:
                self.heading_spans[i] = unit.heading
            elif not self.caps[i] and _title_case(t) and not t.endswith(".") and len(t) <= 100:
                self.heading_spans[i] = len(t)  # a label ("Investors' Counsel" in a table cell)
            if unit.kind == "article":
                current = None
                self.first_section = min(self.first_section, i)
                continue
            for name in unit.numbers:
                key = name.removeprefix("Section ")
                if "(" not in key:
                    self.sections.setdefault(key, i)
                    self.keys.add(key)
                    current = key
                self.first_section = min(self.first_section, i)
            if unit.numbers:  # typed enumerators are counted within the innermost numbered section or clause
                self.scopes.append((unit.numbers[-1].removeprefix("Section "), []))
            if current is None:
                continue
            self.section_text.setdefault(current, []).append(i)
            pos = self.heading_spans.get(i, 0)
            while pos < len(t) and t[pos] == " ":
                pos += 1
            if self.scopes and CLAUSE.match(t, pos):
                self._clauses(i, t, pos)

    # -- structure: headings, sections, clause events
    def _structure(self) -> None:
        texts = self.texts
        use_section = sum(bool(_SECTION_HEAD.match(t)) for t in texts) >= 1
        self.articles: set[str] = set()
        self.sections: dict[str, int] = {}  # key -> paragraph of its heading
        self.section_text: dict[str, list[int]] = {}
        self.keys: set[str] = set()
        self.heading_spans: dict[int, int] = {}  # paragraph -> end of its heading part
        self.scopes: list[tuple[str, list[tuple[int, str, int]]]] = []  # (section key, [(para, token, offset)])
        self.first_section = len(texts)
        current = None
        for i, t in enumerate(texts):
            if i >= self.form_start:
                break
            m = _ARTICLE_HEAD.match(t)
            if m and self.caps[i]:
                self.articles.add(m.group(1))
                current = None
                self.first_section = min(self.first_section, i)
                continue
            m = (_SECTION_HEAD if use_section else _NUMBERED_HEAD).match(t)
            if m:
                key = m.group(1) or m.group(2)
                self.sections.setdefault(key, i)
                self.keys.add(key)
                self.first_section = min(self.first_section, i)
                current = key
                self.scopes.append((key, []))
                body = m.end()
                while body < len(t) and t[body] == " ":
                    body += 1
                end = _heading_end(t, body)
                if end == body and _title_case(t[body:]) and not t.endswith(".") and len(t) <= 100:
                    end = len(t)  # a heading line of its own ("Section 4.5 SEC Documents" in a disclosure schedule)
                self.heading_spans[i] = end
                while end < len(t) and t[end] == " ":
                    end += 1
                self._clauses(i, t, end)
                self.section_text.setdefault(key, []).append(i)
                continue
            if not self.caps[i] and _title_case(t) and not t.endswith(".") and len(t) <= 100:
                self.heading_spans[i] = len(t)  # a title line ("Purchase and Sale of Common Stock and Warrants")
            if current is None:
                continue
            self.section_text[current].append(i)
            if CLAUSE.match(t):
                self._clauses(i, t, 0)

    def _clauses(self, i: int, t: str, pos: int) -> None:
        """Enumerators at `pos` (and one directly after it: "(a) (i) prepare ...")."""
        for _ in range(2):
            m = CLAUSE.match(t, pos)
            if not m:
                return
            self.scopes[-1][1].append((i, m.group(1), pos))
            end = _heading_end(t, m.end())
            if end > m.end():
                self.heading_spans[i] = max(self.heading_spans.get(i, 0), end)
            pos = m.end()

    def where(self, i: int, offset: int = 0) -> Place:
        return self.doc.where(i, offset)

    def text_of(self, key: str) -> str:
        return " ".join(self.texts[i] for i in self.section_text.get(key, []))


_ROLES = (("registration_rights", re.compile(r"REGISTRATION RIGHTS AGREEMENT")),
          ("transfer_agent_instructions", re.compile(r"INSTRUCTIONS TO TRANSFER AGENT")),
          ("warrant", re.compile(r"(?:STOCK PURCHASE |COMMON STOCK PURCHASE |\A)WARRANT\b")),
          ("purchase_agreement", re.compile(r"PURCHASE AGREEMENT")))
INSTRUMENTS = {"purchase_agreement": ("Purchase Agreement", "Securities Purchase Agreement",
                                      "Stock Purchase Agreement"),
               "registration_rights": ("Registration Rights Agreement",),
               "warrant": ("Warrant", "Warrants"),
               "transfer_agent_instructions": ("Irrevocable Instructions to Transfer Agent",)}


def classify(analyzed: list[Analysis]) -> None:
    for a in analyzed:
        hint = a.doc.hint.split("#")[0]
        if hint in INSTRUMENTS:
            a.role = hint
            continue
        for t, caps in zip(a.texts[:8], a.caps[:8]):
            if not caps or len(t) > 80:
                continue
            role = next((r for r, pattern in _ROLES if pattern.search(t)), "")
            if role:
                a.role = role
                break


def excerpt(text: str, start: int, end: int, width: int = 160) -> str:
    if end - start >= width:
        return text[start:start + width - 1].rstrip() + "…"
    room = (width - (end - start)) // 2
    lo, hi = max(0, start - room), min(len(text), end + room)
    while lo > 0 and lo < start and text[lo - 1] != " ":
        lo += 1
    while hi < len(text) and hi > end and text[hi] != " ":
        hi -= 1
    return (("…" if lo > 0 else "") + text[lo:hi].strip() + ("…" if hi < len(text) else ""))[:width]


def finding(a: Analysis, i: int, offset: int, check: str, severity: str, text: str, message: str,
            related: Place | None = None) -> tuple:
    """(analysis, paragraph, offset, Finding): the first three sort the findings in document order."""
    return (a, i, offset, document_finding(check, severity, message, text, a.where(i, offset), a.doc.key or None,
                                           related))


# ---------------------------------------------------------------------------------------------------- enumerators

def roman(token: str) -> int | None:
    if not re.fullmatch(r"x{0,3}(ix|iv|v?i{0,3})", token) or not token:
        return None
    values = {"i": 1, "v": 5, "x": 10}
    total = 0
    for k, c in enumerate(token):
        v = values[c]
        total += -v if k + 1 < len(token) and values[token[k + 1]] > v else v
    return total


def enumerator_kinds(token: str) -> list[tuple[str, int]]:
    kinds = []
    if len(token) == 1:
        kinds.append(("alpha", ord(token) - ord("a") + 1))
    r = roman(token)
    if r:
        kinds.append(("roman", r))
    return kinds


def show(kind: str, value: int) -> str:
    if kind == "alpha":
        return f"({chr(ord('a') + value - 1)})"
    out, n = "", value
    for v, s in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= v:
            out, n = out + s, n - v
    return f"({out})"


# ---------------------------------------------------------------------------------------------------- company names

_COMPANY = re.compile(r"\(the \"Company\"\)")
_SUFFIX = re.compile(r"(?:Inc\.|Incorporated|Corporation|Corp\.|Company|Co\.|Ltd\.|Limited|LLC|L\.P\.|plc|N\.V\.|"
                     r"S\.A\.)(?=,?\s+an?\s)")


def company_names(text: str) -> list[tuple[str, int]]:
    found = []
    for m in _COMPANY.finditer(text):
        pre = text[max(0, m.start() - 250):m.start()]
        base = m.start() - len(pre)
        suffixes = list(_SUFFIX.finditer(pre))
        if not suffixes:
            continue
        s = suffixes[-1]
        words = pre[:s.start()].split(" ")
        name = [s.group(0)]
        k = len(words) - 1
        if words and words[-1] == "":
            k -= 1
        while k >= 0 and re.fullmatch(r"[A-Z0-9&][\w&.'-]*,?", words[k]):
            name.insert(0, words[k])
            k -= 1
        if len(name) < 2:
            continue
        value = " ".join(name)
        found.append((value, base + pre.rfind(value.split(" ")[0], 0, s.start() + 1)))
    return found
