"""The document checker: the checks a careful associate makes on a closing set, on any .txt, .docx or .pdf.

Pure functions over text. A document is a `Doc`: a name and its paragraphs, each with a location ("focus.txt:2031",
"01_purchase_agreement.docx ¶ 57", "x.pdf p. 3"). `check_docs` runs, on each document,

1. words-figures       a number written in words that disagrees with its figures ("one hundred fifty (120) days");
2. defined terms       undefined-term, defined-twice, unused-term;
3. references          missing-reference (a Section, Article, Exhibit or Schedule the document or set does not
                       have) and enumeration (clauses (a), (a) or (i), (iii) at the start of paragraphs);
4. placeholder         brackets, blanks, TBD and template tags, except blanks meant for handwriting (the Warrant's
                       Notice of Exercise and Assignment Form, signature lines "By: ____");

and, across the documents given together (one closing set),

5. inconsistent-figure Purchase Price, Exercise Price, the Purchase Agreement's date, the total Shares and Warrant
                       Shares and the Company's name, which must be the same wherever they appear; governing-law
                       (a warning) where the governing law or the arbitration seat differ between documents.

Loaders (`load_paths`) are the only functions that read files. `check_documents` checks rendered
`assembler.document.tree.Document` objects without writing anything.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from assembler.errors import AssemblerError

ERROR, WARNING = "error", "warning"

CHECKS = {
    "words-figures": "a number, percentage or amount in words disagrees with its figures",
    "undefined-term": "a capitalized term used as a defined term is defined nowhere in the document or what it "
                      "incorporates",
    "defined-twice": "a term is defined twice (in one document: error; an incorporating document redefining a term "
                     "of the Purchase Agreement differently: warning)",
    "unused-term": "a term is defined and never used anywhere in the set",
    "missing-reference": "a Section, Article, Exhibit or Schedule referred to does not exist",
    "enumeration": "paragraph enumerators repeat or skip",
    "placeholder": "a bracket, blank, TBD or template tag is left in the text",
    "inconsistent-figure": "a figure or name differs between documents of the set",
    "governing-law": "governing law or arbitration seat differs between documents, or a Commonwealth is called a "
                     "State",
}


@dataclass(frozen=True)
class Finding:
    check: str
    severity: str  # "error" | "warning"
    location: str
    text: str  # the offending excerpt, at most 160 characters
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.check}: {self.message}: «{self.text}»"

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Doc:
    """One document: a name and its paragraphs as (location, text).

    `lines` (optional, .txt) gives for each paragraph the (character offset, location) of each source line, so a
    finding can name the exact line. `group` keeps documents of different closing sets apart; `hint` is a document
    id when one is known (a manifest's "document", a rendered document's key); `parent` names the document an
    exhibit was split from (an exhibit incorporates the terms of the document it is attached to)."""

    name: str
    paragraphs: list[tuple[str, str]]
    lines: list[list[tuple[int, str]]] | None = None
    group: str = ""
    hint: str = ""
    parent: str = ""

    def where(self, index: int, offset: int = 0) -> str:
        if self.lines is not None and index < len(self.lines) and self.lines[index]:
            found = self.lines[index][0][1]
            for start, location in self.lines[index]:
                if start > offset:
                    break
                found = location
            return found
        return self.paragraphs[index][0]


# ---------------------------------------------------------------------------------------------------- loaders

_PAGE_NUMBER = re.compile(r"-?\s*\d{1,3}\s*-?|[ivx]{1,5}")
_EXHIBIT_LINE = re.compile(r"(EXHIBIT|ANNEX|SCHEDULE|APPENDIX) ([A-Z]|\d{1,2}(?:\.\d{1,2})?)")
_TERMINAL = tuple(".:;!?")


def load_paths(paths) -> list[Doc]:
    """Documents from files: .txt, .docx, .pdf, or a built closing-set folder (each document of its manifest: the
    .docx, or the .pdf when the document has no .docx)."""
    from assembler.checks.extract import docx_lines, pdf_pages

    docs: list[Doc] = []
    if not paths:
        raise AssemblerError("check: no files given")
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            manifest = path / "manifest.json"
            if not manifest.is_file():
                raise AssemblerError(f"{path}: a folder must be a built closing set (no manifest.json found); "
                                     f"pass the .txt, .docx or .pdf files instead")
            try:
                listing = json.loads(manifest.read_text(encoding="utf-8"))
                files = [f for f in listing["files"] if f.get("document")]
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise AssemblerError(f"{manifest}: not a closing-set manifest ({exc})") from None
            chosen: dict[str, str] = {}  # document -> its .docx, else its .pdf
            for entry in files:
                name, key = str(entry["name"]), str(entry["document"])
                if name.endswith(".docx") or (name.endswith(".pdf") and key not in chosen):
                    chosen[key] = name
            if not chosen:
                raise AssemblerError(f"{manifest}: lists no .docx or .pdf documents")
            for key, name in chosen.items():
                file = path / name
                if not file.is_file():
                    raise AssemblerError(f"{file}: listed in {manifest} but missing")
                if name.endswith(".docx"):
                    doc = docx_doc(name, _read_docx(file, docx_lines), group=str(path), hint=key)
                else:
                    doc = pdf_doc(name, _read_pdf(file, pdf_pages))
                    doc.group, doc.hint = str(path), key
                docs += split_exhibits(doc)
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
        elif suffix == ".docx":
            docs += split_exhibits(docx_doc(path.name, _read_docx(path, docx_lines)))
        elif suffix == ".pdf":
            docs += split_exhibits(pdf_doc(path.name, _read_pdf(path, pdf_pages)))
        else:
            raise AssemblerError(f"{path}: cannot check a '{suffix or 'extensionless'}' file "
                                 f"(expected .txt, .docx, .pdf or a closing-set folder)")
    return docs


def _read_pdf(path: Path, pdf_pages) -> list[str]:
    try:
        return pdf_pages(path.read_bytes())
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        raise AssemblerError(f"{path}: cannot read this PDF ({exc.__class__.__name__}: {exc})") from None


def _read_docx(path: Path, docx_lines) -> list[str]:
    try:
        return docx_lines(path.read_bytes())
    except Exception as exc:  # python-docx/zipfile raise many kinds on a damaged file
        raise AssemblerError(f"{path}: cannot read this DOCX ({exc.__class__.__name__}: {exc})") from None


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def text_docs(name: str, text: str) -> list[Doc]:
    """A plain-text file: paragraphs are runs of non-blank lines; a line that is exactly "EXHIBIT A" (B, ...;
    or ANNEX, SCHEDULE, APPENDIX) starts a new document. Lines holding only a page number, and form feeds, are
    page breaks; a paragraph cut by a page break in mid-sentence is joined again."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    parts: list[list[tuple[int, str]]] = [[]]
    for number, line in enumerate(raw, start=1):
        if _EXHIBIT_LINE.fullmatch(line.replace("\f", "").strip()) and any(s.strip() for _, s in parts[-1]):
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
        current.append((number, _collapse(stripped)))
        gap, page_break = 0, False
    close()
    paragraphs, offsets = [], []
    for para in paras:
        text, marks = "", []
        for number, piece in para:
            if text:
                text += " "
            marks.append((len(text), f"{file}:{number}"))
            text += piece
        paragraphs.append((marks[0][1], text))
        offsets.append(marks)
    return Doc(label, paragraphs, offsets)


def _continues(previous: list[tuple[int, str]], line: str) -> bool:
    """Is `line`, after a page break, the rest of the paragraph `previous`?"""
    last = previous[-1][1]
    if len(previous) < 2 or last.endswith(_TERMINAL) or _is_caps(line):
        return False
    return not re.match(r"\(|Section\b|ARTICLE\b|\d+\.\s|EXHIBIT\b", line)


def split_exhibits(doc: Doc) -> list[Doc]:
    """A document with exhibits attached: a new document at each paragraph that is exactly "EXHIBIT A" (B, ...;
    or ANNEX, SCHEDULE, APPENDIX)."""
    cuts = [0] + [i for i, (_, text) in enumerate(doc.paragraphs) if i and _EXHIBIT_LINE.fullmatch(text.strip())]
    if len(cuts) == 1:
        return [doc]
    out = []
    for k, start in enumerate(cuts):
        end = cuts[k + 1] if k + 1 < len(cuts) else len(doc.paragraphs)
        name = doc.name if k == 0 else f"{doc.name} ({doc.paragraphs[start][1].strip().title()})"
        out.append(Doc(name, doc.paragraphs[start:end], doc.lines[start:end] if doc.lines is not None else None,
                       doc.group, doc.hint if k == 0 else "", doc.name if k else doc.parent))
    return out


def docx_doc(name: str, lines: list[str], group: str = "", hint: str = "") -> Doc:
    return Doc(name, [(f"{name} ¶ {n}", _collapse(line)) for n, line in enumerate(lines, start=1)],
               group=group, hint=hint)


def pdf_doc(name: str, pages: list[str]) -> Doc:
    """A PDF: lines re-joined into paragraphs (a line ending a sentence, a short line, a heading or a list item
    starts a new one); a paragraph cut by a page break is joined again. Location: the page."""
    paragraphs: list[tuple[str, str]] = []
    for number, page in enumerate(pages, start=1):
        lines = [_collapse(line) for line in page.splitlines() if line.strip()]
        if not lines:
            continue
        lengths = sorted(len(line) for line in lines)
        longest = lengths[min(len(lengths) - 1, int(0.7 * len(lengths)))]  # a full line (not a re-joined one)
        location = f"{name} p. {number}"
        for k, line in enumerate(lines):
            previous = lines[k - 1] if k else (paragraphs[-1][1] if paragraphs else "")
            starts = (not paragraphs or previous.endswith(_TERMINAL) or _is_caps(line) or _is_caps(previous)
                      or (k and len(previous) < 0.75 * longest)
                      or (not k and not line[:1].islower())
                      or re.match(r"(Section \d+(\.\d+)*\. |ARTICLE [IVXLC]|\d{1,2}\. [A-Z])", line)
                      and previous.endswith(_TERMINAL + (")",))
                      or re.match(r"\([a-z]{1,4}\) ", line) and re.search(r"(?:[.:;]|; (?:or|and))$", previous))
            if starts:
                paragraphs.append((location, line))
            else:
                loc, text = paragraphs[-1]
                paragraphs[-1] = (loc, text + " " + line)
    return Doc(name, paragraphs)


def tree_doc(document) -> Doc:
    """A rendered `assembler.document.tree.Document` (no layout): one paragraph per line of its text."""
    from assembler.document.tree import document_text

    lines = document_text(document.blocks).splitlines()
    return Doc(document.key, [(f"{document.key} ¶ {n}", _collapse(line)) for n, line in enumerate(lines, start=1)
                              if line.strip()], hint=document.key)


# ---------------------------------------------------------------------------------------------------- entry points

def check_documents(documents) -> list[Finding]:
    """Check a rendered set (assembler.document.tree.Document objects, as render_set returns them) without files."""
    return check_docs([part for d in documents for part in split_exhibits(tree_doc(d))])


def check_paths(paths) -> list[Finding]:
    return check_docs(load_paths(paths))


def check_docs(docs: list[Doc]) -> list[Finding]:
    """Checks 1-4 on each document; check 5 across the documents of each group (documents given together are one
    closing set; each closing-set folder is its own)."""
    groups: dict[str, list[Doc]] = {}
    for doc in docs:
        groups.setdefault(doc.group, []).append(doc)
    out: list[tuple] = []
    order = {id(d): k for k, d in enumerate(docs)}
    for members in groups.values():
        analyzed = [_Analysis(d) for d in members]
        _classify(analyzed)
        for a in analyzed:
            out += _words_figures(a)
            out += _placeholders(a)
            if not a.compilation:
                out += _enumeration(a)
        out += _definitions(analyzed)
        out += _references(analyzed)
        out += _across(analyzed)
    out.sort(key=lambda item: (order[id(item[0].doc)], item[1], item[2]))
    seen, findings = set(), []
    for _, _, _, finding in out:
        if finding not in seen:
            seen.add(finding)
            findings.append(finding)
    return findings


def split_accepted(findings: list[Finding], accepted) -> tuple[list[Finding], list[tuple[Finding, str]]]:
    """(findings still open, [(finding, reason)] the term sheet accepts). `accepted` holds items with .check,
    .document (a document id, or None for every document) and .reason."""
    open_, taken = [], []
    for f in findings:
        doc = f.location.split(" ", 1)[0].split("#", 1)[0]
        match = next((a for a in accepted if a.check == f.check and a.document in (None, doc)), None)
        if match:
            taken.append((f, match.reason))
        else:
            open_.append(f)
    return open_, taken


def exit_code(findings: list[Finding], strict: bool = False) -> int:
    """0 clean, 1 findings (errors; with strict, warnings too)."""
    if any(f.severity == ERROR for f in findings) or (strict and findings):
        return 1
    return 0


def summary(findings: list[Finding]) -> str:
    errors = sum(f.severity == ERROR for f in findings)
    warnings = len(findings) - errors
    return f"{errors} error(s), {warnings} warning(s)"


def findings_json(findings: list[Finding]) -> str:
    errors = sum(f.severity == ERROR for f in findings)
    body = {"errors": errors, "warnings": len(findings) - errors, "findings": [f.to_dict() for f in findings]}
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------------------------------- analysis

_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u00a0": " "})


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


_FORM_HEADING = re.compile(r"(NOTICE OF EXERCISE|ASSIGNMENT FORM|FORM OF ASSIGNMENT|EXERCISE NOTICE|"
                           r"SUBSCRIPTION FORM|ELECTION TO (?:PURCHASE|EXERCISE))")
_SECTION_HEAD = re.compile(r"(?:Section|SECTION) (\d+(?:\.\d+)*)(?:\.(?=\s|$)| (?=[A-Z][a-z]))")
_NUMBERED_HEAD = re.compile(r"(\d{1,2}(?:\.\d{1,3})*)\.(?= +[A-Z(\"])|(\d{1,2}(?:\.\d{1,3})+)(?= +[A-Z(\"])")
_ARTICLE_HEAD = re.compile(r"ARTICLE ([IVXLC]+)\b")
_CLAUSE = re.compile(r"\(([a-z]{1,5})\) (?!=)")
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


class _Analysis:
    """One document, normalized: quotes straightened, structure found (headings, clauses, form region)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.texts = [text.translate(_QUOTES) for _, text in doc.paragraphs]
        self.caps = [_is_caps(t) for t in self.texts]
        self.role = ""
        self.exhibit: tuple[str, str] | None = None  # ("exhibit", "A"), ("annex", "A"), ...
        first = self.texts[0].strip() if self.texts else ""
        m = _EXHIBIT_LINE.fullmatch(first)
        if m:
            self.exhibit = (m.group(1).lower(), m.group(2))
        # a signature packet is a compilation of pages of the other documents: their terms, not its own structure
        self.compilation = doc.hint.startswith("signature_packet") or any(
            self.caps[k] and re.search(r"\bSIGNATURE (?:PACKET|PAGES)\b", t) for k, t in enumerate(self.texts[:3]))
        # handwriting region: from a NOTICE OF EXERCISE / ASSIGNMENT FORM heading to the end of the document
        self.form_start = len(self.texts)
        for i, t in enumerate(self.texts):
            if self.caps[i] and len(t) < 80 and _FORM_HEADING.search(t):
                self.form_start = i
                break
        self._structure()

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
            if _CLAUSE.match(t):
                self._clauses(i, t, 0)

    def _clauses(self, i: int, t: str, pos: int) -> None:
        """Enumerators at `pos` (and one directly after it: "(a) (i) prepare ...")."""
        for _ in range(2):
            m = _CLAUSE.match(t, pos)
            if not m:
                return
            self.scopes[-1][1].append((i, m.group(1), pos))
            end = _heading_end(t, m.end())
            if end > m.end():
                self.heading_spans[i] = max(self.heading_spans.get(i, 0), end)
            pos = m.end()

    def where(self, i: int, offset: int = 0) -> str:
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


def _classify(analyzed: list[_Analysis]) -> None:
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


def _excerpt(text: str, start: int, end: int, width: int = 160) -> str:
    if end - start >= width:
        return text[start:start + width - 1].rstrip() + "…"
    room = (width - (end - start)) // 2
    lo, hi = max(0, start - room), min(len(text), end + room)
    while lo > 0 and lo < start and text[lo - 1] != " ":
        lo += 1
    while hi < len(text) and hi > end and text[hi] != " ":
        hi -= 1
    return (("…" if lo > 0 else "") + text[lo:hi].strip() + ("…" if hi < len(text) else ""))[:width]


def _finding(a: _Analysis, i: int, offset: int, check: str, severity: str, text: str, message: str) -> tuple:
    return (a, i, offset, Finding(check, severity, a.where(i, offset), text[:160], message))


# ---------------------------------------------------------------------------------------------------- 1 words

_UNITS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine".split())}
_TEENS = {w: n + 10 for n, w in enumerate("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen "
                                          "nineteen".split())}
_TENS = {w: 10 * n for n, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
         if n >= 2}
_SCALES = {"thousand": 10 ** 3, "million": 10 ** 6, "billion": 10 ** 9, "trillion": 10 ** 12}
_FRACTIONS = {"half": Decimal("0.5"), "halves": Decimal("0.5"), "quarter": Decimal("0.25"),
              "quarters": Decimal("0.25"), "third": Decimal(1) / 3, "thirds": Decimal(1) / 3}
_NUMBER_WORDS = set(_UNITS) | set(_TEENS) | set(_TENS) | set(_SCALES) | {"hundred", "and"} | set(_FRACTIONS)


def parse_number_words(words: list[str]) -> Decimal | None:
    """English number words ("one hundred twenty-five thousand", "two and one-half") -> value, or None."""
    tokens = [t for w in words for t in w.lower().split("-") if t]
    if not tokens:
        return None
    fraction = Decimal(0)
    if len(tokens) >= 2 and tokens[-1] in _FRACTIONS and tokens[-2] in _UNITS:
        fraction = _UNITS[tokens[-2]] * _FRACTIONS[tokens[-1]]
        tokens = tokens[:-2]
        if tokens and tokens[-1] == "and":
            tokens = tokens[:-1]
            if not tokens:
                return None
        if not tokens:
            return fraction
    total, group, last, scale_seen = 0, 0, None, None
    for t in tokens:
        if t == "and":
            if last not in ("hundred", "scale"):
                return None
            last = "and"
        elif t in _UNITS:
            if last in ("unit", "teen"):
                return None
            group += _UNITS[t]
            last = "unit"
        elif t in _TEENS:
            if last in ("unit", "teen", "tens"):
                return None
            group += _TEENS[t]
            last = "teen"
        elif t in _TENS:
            if last in ("unit", "teen", "tens"):
                return None
            group += _TENS[t]
            last = "tens"
        elif t == "hundred":
            if last not in ("unit", "teen") or group >= 100:
                return None
            group *= 100
            last = "hundred"
        elif t in _SCALES:
            if last in (None, "and", "scale") or group == 0 or (scale_seen and _SCALES[t] >= scale_seen):
                return None
            total += group * _SCALES[t]
            scale_seen, group, last = _SCALES[t], 0, "scale"
        else:
            return None
    if last in (None, "and"):
        return None
    return Decimal(total + group) + fraction


_FIGURES = re.compile(r"\(\s*(\$\s*)?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:/(\d+))?\s*(%|percent)?\s*\)")
_TOKEN = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*|\d{1,2}/100|\S")


def _words_figures(a: _Analysis) -> list[tuple]:
    out = []
    for i, text in enumerate(a.texts):
        for m in _FIGURES.finditer(text):
            window_start = max(0, m.start() - 240)
            tokens = [(t.group(0), t.start()) for t in _TOKEN.finditer(text, window_start, m.start())]
            k = len(tokens)
            kind, cents = "", Decimal(0)
            if k and tokens[k - 1][0].lower() in ("dollars", "dollar"):
                kind, k = "money", k - 1
                if k >= 2 and re.fullmatch(r"\d{1,2}/100", tokens[k - 1][0]) and tokens[k - 2][0].lower() == "and":
                    cents, k = Decimal(tokens[k - 1][0].split("/")[0]) / 100, k - 2
                elif k >= 2 and tokens[k - 1][0].lower() == "no/100":
                    k -= 2
            elif k and tokens[k - 1][0].lower() == "percent":
                kind, k = "percent", k - 1
            elif k >= 2 and tokens[k - 1][0].lower() == "cent" and tokens[k - 2][0].lower() == "per":
                kind, k = "percent", k - 2
            run_end = k
            while k and all(p in _NUMBER_WORDS for p in tokens[k - 1][0].lower().split("-")):
                k -= 1
            run = tokens[k:run_end]
            while run and run[0][0].lower() == "and":
                run = run[1:]
            value, used = None, []
            for s in range(len(run)):
                if run[s][0].lower() == "and":
                    continue
                value = parse_number_words([w for w, _ in run[s:]])
                if value is not None:
                    used = run[s:]
                    break
            if value is None:
                continue
            value += cents
            # "one-half of one percent (0.5%)"
            before = text[max(0, used[0][1] - 20):used[0][1]].lower()
            frac = re.search(r"\b(one|three)-(half|quarter|quarters) of $", before)
            if frac:
                value *= _UNITS[frac.group(1)] * _FRACTIONS[frac.group(2)]
            figure = Decimal(m.group(2).replace(",", "") + (m.group(3) or ""))
            if m.group(4):
                figure = figure / Decimal(m.group(4))
            start = used[0][1]
            words = text[start:m.start()].strip()
            figure_kind = "money" if m.group(1) else "percent" if m.group(5) else ""
            if abs(value - figure) >= Decimal("1e-9"):
                out.append(_finding(a, i, start, "words-figures", ERROR, _excerpt(text, start, m.end()),
                                    f'"{words}" is {_plain(value)} but the figures say {_plain(figure)}'))
            elif kind and figure_kind and kind != figure_kind:
                out.append(_finding(a, i, start, "words-figures", ERROR, _excerpt(text, start, m.end()),
                                    f'"{words}" is written as {kind} but its figures as {figure_kind}'))
    return out


def _plain(value: Decimal) -> str:
    value = value.normalize()
    return f"{value:,f}" if value == value.to_integral() else f"{value:f}"


# ---------------------------------------------------------------------------------------------------- 4 placeholders

_SIGNATURE_LABEL = re.compile(r"(?:\b(?:By|Name|Title|Its|Date|Dated|Signature|Signed|Print Name|Witness|Attest|"
                              r"Authorized Signatory)\s*:?\s*)$", re.I)
_SIGNATURE_NEXT = re.compile(r"(?:Name|Title|By|Its|Signature|Authorized Signatory|\(Name\)|\(Signature\))\b",
                             re.I)
_NOTE = re.compile(r"(?i)sic|\*+|\.\.\.|reserved|intentionally (?:left )?(?:blank|omitted)|(?:the )?remainder of "
                   r"(?:this )?page[^\[\]]*|signature pages? (?:follows?|to [^\[\]]*)|[^\[\]]*signature page[^\[\]]*|"
                   r"continued|omitted|redacted|confidential treatment requested|page \d+")
_TAGS = re.compile(r"\{\{.{0,80}?\}\}|\{%.{0,80}?%\}|«[^»]{0,60}»|<<[^<>]{0,60}>>|\bTBD\b|\bTBA\b"
                   r"|\{\{|\{%|%\}|\}\}|«|»")
_FORMULA = re.compile(r"[\sA-Z0-9()+\-*/×x.=,]*")


def _segments(a: _Analysis, i: int) -> list[tuple[int, str]]:
    """The source lines of a paragraph as (offset, text): several for a .txt paragraph, one otherwise."""
    text = a.texts[i]
    if a.doc.lines is None or i >= len(a.doc.lines):
        return [(0, text)]
    starts = [s for s, _ in a.doc.lines[i]] + [len(text) + 1]
    return [(starts[k], text[starts[k]:starts[k + 1] - 1] if k + 1 < len(starts) - 1 else text[starts[k]:])
            for k in range(len(starts) - 1)]


def _placeholders(a: _Analysis) -> list[tuple]:
    out = []
    for i, text in enumerate(a.texts):
        # brackets, paired where possible; a bracketed formula "[(A-B) (X)]" is not a placeholder
        stack, pairs = [], []
        for k, c in enumerate(text):
            if c == "[":
                stack.append(k)
            elif c == "]":
                pairs.append((stack.pop() if stack else None, k))
        pairs += [(k, None) for k in stack]
        for lo, hi in sorted(pairs, key=lambda p: p[0] if p[0] is not None else p[1]):
            if lo is not None and hi is not None:
                inner = text[lo + 1:hi]
                if _FORMULA.fullmatch(inner) and re.search(r"[()+\-*/=]", inner) or _NOTE.fullmatch(inner.strip()):
                    continue
                out.append(_finding(a, i, lo, "placeholder", ERROR, _excerpt(text, lo, hi + 1),
                                    "bracketed text left in the document"))
            else:
                at = lo if lo is not None else hi
                out.append(_finding(a, i, at, "placeholder", ERROR, _excerpt(text, at, at + 1),
                                    f"unbalanced '{text[at]}'"))
        for m in _TAGS.finditer(text):
            tag = m.group(0)
            message = f"'{tag}' left in the document" if len(tag) <= 3 else "template tag left in the document"
            out.append(_finding(a, i, m.start(), "placeholder", ERROR, _excerpt(text, m.start(), m.end()), message))
        if i >= a.form_start or "___" not in text:
            continue
        segments = _segments(a, i)
        for n, (start, line) in enumerate(segments):
            blanks = [m for m in re.finditer(r"_{3,}", line)
                      if not _SIGNATURE_LABEL.search(line[:m.start()])]
            if not blanks:
                continue
            if not line.replace("_", "").strip():  # a rule alone on its line: a signature line if a label follows
                following = segments[n + 1][1] if n + 1 < len(segments) else (
                    a.texts[i + 1] if i + 1 < len(a.texts) else "")
                if _SIGNATURE_NEXT.match(following.strip()):
                    continue
            first = blanks[0]
            out.append(_finding(a, i, start + first.start(), "placeholder", ERROR,
                                _excerpt(line, first.start(), blanks[-1].end()),
                                "blank left to be filled in" if len(blanks) == 1 else
                                f"{len(blanks)} blanks left to be filled in"))
    return out


# ---------------------------------------------------------------------------------------------------- 3 enumeration

def _roman(token: str) -> int | None:
    if not re.fullmatch(r"x{0,3}(ix|iv|v?i{0,3})", token) or not token:
        return None
    values = {"i": 1, "v": 5, "x": 10}
    total = 0
    for k, c in enumerate(token):
        v = values[c]
        total += -v if k + 1 < len(token) and values[token[k + 1]] > v else v
    return total


def _kinds(token: str) -> list[tuple[str, int]]:
    kinds = []
    if len(token) == 1:
        kinds.append(("alpha", ord(token) - ord("a") + 1))
    r = _roman(token)
    if r:
        kinds.append(("roman", r))
    return kinds


def _show(kind: str, value: int) -> str:
    if kind == "alpha":
        return f"({chr(ord('a') + value - 1)})"
    out, n = "", value
    for v, s in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= v:
            out, n = out + s, n - v
    return f"({out})"


def _enumeration(a: _Analysis) -> list[tuple]:
    out = []
    for key, events in a.scopes:
        stack: list[list] = []  # [kind, value]
        for k, (i, token, offset) in enumerate(events):
            kinds = _kinds(token)
            if not kinds:
                continue
            following = events[k + 1][1] if k + 1 < len(events) else None
            chosen = None
            for depth in range(len(stack) - 1, -1, -1):
                for kind, value in kinds:
                    if stack[depth][0] == kind and value == stack[depth][1] + 1:
                        chosen = (depth, kind, value)
                        break
                if chosen:
                    break
            roman_start = ("roman", 1) in kinds and following == "ii"
            if chosen and not (roman_start and chosen[1] == "alpha"):
                depth, kind, value = chosen
                del stack[depth + 1:]
                stack[depth][1] = value
                continue
            starts = [(kind, value) for kind, value in kinds if value == 1]
            if roman_start:
                starts = [("roman", 1)]
            kind, value = starts[0] if starts else kinds[0]
            level = next((d for d in range(len(stack) - 1, -1, -1) if stack[d][0] == kind), None)
            if level is None:
                stack.append([kind, value])  # a new (nested) list; one not starting at 1 is left alone
                continue
            previous = stack[level][1]
            text = a.texts[i]
            if value == 1 and offset == 0 and i > 0 and a.texts[i - 1].rstrip().endswith(":") \
                    and not _CLAUSE.match(a.texts[i - 1]):
                del stack[level + 1:]
                stack[level][1] = value  # a new list after a lead-in paragraph ("... the Investors shall:")
                continue
            where = f"Section {key}" if not key.endswith(".") else key
            if value == previous:
                message = f"{_show(kind, value)} repeats the enumerator before it in {where}"
            elif value < previous:
                message = f"{_show(kind, value)} follows {_show(kind, previous)} in {where}"
            else:
                missing = ", ".join(_show(kind, v) for v in range(previous + 1, value))
                message = f"{_show(kind, value)} follows {_show(kind, previous)} in {where}: {missing} missing"
            out.append(_finding(a, i, offset, "enumeration", ERROR, _excerpt(text, offset, offset + 60), message))
            del stack[level + 1:]
            stack[level][1] = value
    return out


# ---------------------------------------------------------------------------------------------------- 2 definitions

@dataclass
class _Definition:
    term: str
    analysis: _Analysis
    para: int
    offset: int  # of the opening quote
    kind: str  # "means" | "label" | "reference"
    body: str  # what defines it, normalized, for comparing two definitions

    @property
    def location(self) -> str:
        return self.analysis.where(self.para, self.offset)


_TERM = r'"([A-Z0-9][^"]{0,78}?)[.,]?"'
_PAREN = re.compile(r"\(\s*((?:[a-z]+[,;]?\s+){0,8}?)" + _TERM + r'((?:\s*,?\s*(?:or|and|and together|and collectively|'
                    r'and each|together with)?,?\s*(?:the|a|an|each)?\s*"[A-Z0-9][^"]{0,78}?")*)([^()"]{0,40})\)')
_LEADS = re.compile(r"(?!(?:including|excluding|other than|except|see|such as|together with|as defined|in|under|"
                    r"of|to|from|with|for|and|or|by|on)\b)(?:[a-z]+[,;]?\s+)*?"
                    r"(?:the|a|an|each|collectively,?|together,?|hereinafter|herein|as|called|the term|such|any such)?"
                    r",?\s*")
_MEANS = re.compile(r"(?<!not )\b(?:shall mean|means|shall include|includes|shall refer to|refers to|is defined as|"
                    r"shall have the meanings?|has the meanings?|have the meanings?)\b")
_REFERENCE_KIND = re.compile(r"\b(?:shall have|has|have) the meanings?\b")


def _find_definitions(a: _Analysis) -> list[_Definition]:
    found: list[_Definition] = []
    if a.compilation:
        return found
    for i, text in enumerate(a.texts):
        if a.caps[i] or i >= a.form_start or '"' not in text:
            continue
        taken: set[int] = set()
        for m in _PAREN.finditer(text):
            lead = m.group(1).strip()
            if lead and not (_LEADS.fullmatch(lead + " ") and re.search(
                    r"\b(?:the|a|an|each|collectively|together|hereinafter|herein|as|called|term|such)\W*$", lead)):
                continue
            if re.search(r"\b(?:defined|meaning)", m.group(4)):
                continue  # (the "Effective Date" as defined below) refers to a definition
            before = _collapse(text[max(0, m.start() - 90):m.start()])
            terms = [(m.group(2), m.start(2) - 1)]
            for extra in re.finditer(r'"([A-Z0-9][^"]{0,78}?)[.,]?"', m.group(3)):
                terms.append((extra.group(1), m.start(3) + extra.start()))
            for term, offset in terms:
                found.append(_Definition(term, a, i, offset, "label", before))
                taken.add(offset)
        quotes = [(q.start(), q.end(), q.group(1)) for q in re.finditer(r'"([^"]{1,80})"', text)]
        for m in _MEANS.finditer(text):
            if text[max(0, m.start() - 3):m.start()].lower().endswith("by "):
                continue
            near = [q for q in quotes if q[1] <= m.start() and m.start() - q[1] <= 160 and q[0] not in taken]
            if not near:
                continue
            q = near[-1]
            if re.search(r"[.;]\s", text[q[1]:m.start()]) or not re.match(r"[A-Z0-9]", q[2]):
                continue
            chain = [q]
            for prior in reversed(near[:-1]):
                if re.fullmatch(r"\s*(?:,|or|and|,\s*or|,\s*and)\s*", text[prior[1]:chain[0][0]]) \
                        and re.match(r"[A-Z0-9]", prior[2]):
                    chain.insert(0, prior)
                else:
                    break
            kind = "reference" if _REFERENCE_KIND.match(text, m.start()) else "means"
            body = _collapse(re.split(r"(?<=[.;])\s", text[m.end():] + " ", maxsplit=1)[0])
            for start, _, term in chain:
                taken.add(start)
                found.append(_Definition(term.rstrip(".,"), a, i, start, kind, body))
    return found


def _variants(term: str) -> set[str]:
    out = {term, term + "s", term + "es"}
    if term.endswith("ies"):
        out.add(term[:-3] + "y")
    if term.endswith("s"):
        out.add(term[:-1])
    if term.endswith("es"):
        out.add(term[:-2])
    if term.endswith("y"):
        out.add(term[:-1] + "ies")
    if term.endswith("Security"):
        out.add(term[:-8] + "Securities")
    return out


def _incorporates(a: _Analysis) -> bool:
    if a.compilation or a.doc.parent:
        return True
    text = " ".join(a.texts)
    return bool(re.search(r"not (?:otherwise )?defined (?:herein|in this)|meanings? (?:set forth|given|ascribed|"
                          r"assigned)[^.]{0,40}? in the [A-Z]\w* (?:[A-Z]\w* )*Agreement|incorporated herein by "
                          r"(?:this )?reference", text))


def _preamble(d: _Definition) -> bool:
    return d.para < d.analysis.first_section


def _definitions(analyzed: list[_Analysis]) -> list[tuple]:
    out = []
    per_doc = {id(a): _find_definitions(a) for a in analyzed}
    every = [d for a in analyzed for d in per_doc[id(a)]]
    terms = {d.term for d in every}
    pa = next((a for a in analyzed if a.role == "purchase_agreement"), None)
    # defined twice in one document; an incorporating document redefining a Purchase Agreement term differently
    for a in analyzed:
        by_term: dict[str, list[_Definition]] = {}
        for d in per_doc[id(a)]:
            by_term.setdefault(d.term, []).append(d)
        twice = set()
        for term, defs in by_term.items():
            real = [d for d in defs if d.kind != "reference"]
            for d in real[1:]:
                twice.add(id(d))
                out.append(_finding(a, d.para, d.offset, "defined-twice", ERROR,
                                    _excerpt(a.texts[d.para], d.offset, d.offset + len(term) + 2),
                                    f'"{term}" is defined again here; first defined at {real[0].location}'))
        if pa is None or a is pa or not _incorporates(a):
            continue
        pa_defs = {}
        for d in per_doc[id(pa)]:
            pa_defs.setdefault(d.term, d)
        for term, defs in by_term.items():
            original = pa_defs.get(term)
            for d in defs:
                if original is None or d.kind == "reference" or _preamble(d) or id(d) in twice:
                    continue
                if _collapse(d.body).lower() == _collapse(original.body).lower():
                    continue
                out.append(_finding(a, d.para, d.offset, "defined-twice", WARNING,
                                    _excerpt(a.texts[d.para], d.offset, d.offset + len(term) + 2),
                                    f'"{term}" is redefined here, differently from the definition at '
                                    f'{original.location}, which this document incorporates'))
                break
    # unused: defined, never used (outside quotes) anywhere in the set; not judged for a Purchase Agreement given
    # without any of the documents that use its terms
    used = _uses(analyzed, terms)
    reported = set()
    pa_alone = pa is not None and not any(b is not pa and _incorporates(b) for b in analyzed)
    for d in every:
        if d.term in reported or any(v in used for v in _variants(d.term)):
            continue
        if pa_alone and d.analysis is pa:
            continue
        reported.add(d.term)
        a = d.analysis
        out.append(_finding(a, d.para, d.offset, "unused-term", WARNING,
                            _excerpt(a.texts[d.para], d.offset, d.offset + len(d.term) + 2),
                            f'"{d.term}" is defined but never used'))
    out += _undefined(analyzed, per_doc)
    return out


def _term_pattern(terms) -> re.Pattern | None:
    alternatives = sorted({v for t in terms for v in _variants(t)}, key=len, reverse=True)
    if not alternatives:
        return None
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(t) for t in alternatives) + r")(?![\w-])")


def _uses(analyzed: list[_Analysis], terms) -> set[str]:
    pattern = _term_pattern(terms)
    used: set[str] = set()
    if pattern is None:
        return used
    for a in analyzed:
        for i, text in enumerate(a.texts):
            heading = a.heading_spans.get(i, 0)
            for m in pattern.finditer(text):
                if m.start() < heading:
                    continue
                quoted = text[m.start() - 1:m.start()] == '"' and text[m.end():m.end() + 2][:1] in ('"', ".", ",")
                if quoted:
                    continue
                before = re.search(r"([A-Za-z][\w.'-]*)\s+$", text[max(0, m.start() - 30):m.start()])
                after = re.match(r"\s+([A-Za-z][\w-]*)", text[m.end():m.end() + 30])
                opens = not text[:m.start()].strip() or text[:m.start()].rstrip().endswith(("(", ":", ";"))
                if after and after.group(1)[0].isupper() and (opens or before and before.group(1)[0].isupper()
                                                             and before.group(1).lower() not in _DETERMINER_WORDS):
                    continue  # inside a longer name: "the New York Stock Exchange" does not use "Stock"
                used.add(m.group(1))
    return used


_DETERMINER = r"(?:the|any|such|each|every|an|a|its|their|his|her|this|these|those|no|all|either|neither|another)"
_DETERMINER_WORDS = set(_DETERMINER.strip("(?:)").split("|"))
_MODIFIER = (r"(?:respective|other|applicable|additional|relevant|related|same|then-current|prior|subsequent|new|"
             r"further|permitted)")
_CAPWORD = r"[A-Z][a-z][A-Za-z-]*"
_CANDIDATE = re.compile(r"(?:\b(?i:" + _DETERMINER + r")\s+(?:" + _MODIFIER + r"\s+)?|(?<=[A-Za-z]'s )|(?<=[a-z]s' ))("
                        + _CAPWORD + r"(?:\s+(?:(?:of|and|&)\s+)?" + _CAPWORD + r")*)(?![\w/-])")
ALLOWED_WORDS = set("""
Section Sections Article Articles Exhibit Exhibits Schedule Schedules Annex Annexes Appendix Rule Rules Regulation Series
Regulations Form Forms Item Items Part Chapter Title State States Commonwealth United Federal Board Chief President
Vice Secretary Treasurer Officer Director Directors General Managing Partner Member Manager Trustee Internet
English Web City County Town Borough Republic Kingdom Province Grand Court Internal Treasury Supreme District
Circuit Mr Ms Mrs Dr
Monday Tuesday Wednesday Thursday Friday Saturday Saturdays Sunday Sundays January February March April May June July
August September October November December New North South East West Attention Ladies Gentlemen Dear Honorable
God Holiday Holidays Blue Sky Lord
""".split())
_US_STATES = set("""Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii
Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota Mississippi
Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Rhode Tennessee Texas Utah Vermont Virginia
Washington Wisconsin Wyoming Columbia Boston Liechtenstein Cayman Bermuda Canada England London""".split())
_SUFFIXES = set("""Act Code Law Laws Rules Regulations Association Exchange Market Commission Service Corporation
Company Inc Bank Trust Agency Department Board Court Office Schedule Exhibit Annex Form Agreement Certificate
Instructions Statement Report Plan Notice Opinion Letter Committee Council Institute Partners Fund Group Holdings
Ltd LLP LLC Bureau System Systems Administration Authority Reserve Street Avenue Square Drive Floor
Incorporation By-Laws Bylaws Charter Amendment Supplement Indenture Note Notes Debenture Debentures Designation
Designations Prospectus Memorandum Policy Guidelines Manual Order Decree Judgment License Lease Contract Deed Consent
Waiver Resolution Resolutions Minutes""".split())
_SELF = set("Agreement Warrant Warrants Note Notes Certificate Instrument Letter Amendment Indenture Plan Guaranty "
             "Guarantee Lease Contract Consent Waiver Instructions Notice Assignment Supplement Agreements".split())
_SIGNATURE_LINE = re.compile(r"(?:By|Name|Title|Its|Signature|Address|Attention|Attn)\s*:", re.I)
_FIRM = re.compile(r",?\s+(?:Inc\.|Ltd\.|L\.P\.|LLP|LLC|P\.C\.|P\.A\.|Corp\.|N\.A\.|plc|Limited)")
_AS_DEFINED = re.compile(r",?\s*\(?(?:as (?:such term is |that term is |it is )?defined|within the meaning|as used)\b")
_SECTIONS_AFTER = re.compile(r"\s+(?:sections?|captions?|headings?|sections? \(or equivalents?\))\b")
_ATTACHED = re.compile(r"[^.;]{0,70}?\b(?:attached|annexed)\s+(?:hereto|to this)|\W{0,3}(?:in the form [^.;]{0,40})?"
                       r"Exhibit [A-Z]\b")


def _proper_words(analyzed: list[_Analysis]) -> tuple[set[str], list[str]]:
    """Words of party names (the Company's, and signature-block names in capitals) and the short ALL-CAPS lines
    (titles, headings)."""
    words: set[str] = set()
    headings: list[str] = []
    for a in analyzed:
        for i, t in enumerate(a.texts):
            if a.caps[i] and len(t) <= 100:
                headings.append(t.lower())
                if re.search(r"\b(?:INC|LTD|L\.P|LLP|LLC|CORPORATION|COMPANY|FUND)\.?$", t):
                    words.update(w.strip(",.").title() for w in t.split())
            for name, _ in _company(t):
                words.update(w.strip(",.") for w in name.split())
    return words, headings


def _undefined(analyzed: list[_Analysis], per_doc: dict) -> list[tuple]:
    out = []
    everything = {d.term for a in analyzed for d in per_doc[id(a)]}
    names, headings = _proper_words(analyzed)
    has_pa = any(b.role == "purchase_agreement" for b in analyzed)
    for a in analyzed:
        if a.compilation:
            continue  # pages of the other documents, checked there
        if _incorporates(a) and not has_pa and a.role != "purchase_agreement":
            continue  # its terms are in a document that was not given
        own = {d.term for d in per_doc[id(a)]}
        scope = everything if _incorporates(a) else own
        # a capitalized phrase put in quotes anywhere in the document is introduced there (a column "Wire Amount")
        scope = scope | {q.group(1).rstrip(".,") for t in a.texts for q in re.finditer(r'"([A-Z][^"]{0,60})"', t)}
        known = {v for t in scope for v in _variants(t)}
        hits: dict[str, list[tuple[int, int, str]]] = {}
        for i, text in enumerate(a.texts):
            if a.caps[i] or _SIGNATURE_LINE.match(text):
                continue
            skip_to = a.heading_spans.get(i, 0)
            for m in _CANDIDATE.finditer(text):
                if m.start(1) < skip_to:
                    continue
                phrase = m.group(1)
                words = phrase.split()
                words[-1] = re.sub(r"'s?$", "", words[-1])
                if not words[-1]:
                    continue
                if _explained(words, known, names, headings) or _SECTIONS_AFTER.match(text, m.end()) \
                        or _ATTACHED.match(text, m.end()) or _AS_DEFINED.match(text, m.end()) \
                        or _FIRM.match(text, m.end()):
                    continue
                if text[m.start(1) - 1:m.start(1)] == '"' or text[m.end():m.end() + 1] == ":":
                    continue
                if len(words) == 1 and words[0] in _SELF and re.match(r"(?i)th(?:is|ese)\b", m.group(0)):
                    continue  # "this Agreement", "this Warrant": the document itself
                key = " ".join(words)
                key = next((v for v in sorted(_variants(key), key=len) if v in hits), key)
                hits.setdefault(key, []).append((i, m.start(1), phrase))
        for key, places in hits.items():
            i, offset, phrase = places[0]
            key = min((re.sub(r"'s?$", "", p) for _, _, p in places), key=len)
            times = f"used {len(places)} times" if len(places) > 1 else "used"
            out.append(_finding(a, i, offset, "undefined-term", ERROR,
                                _excerpt(a.texts[i], offset, offset + len(phrase)),
                                f'"{key}" is {times} as a defined term but defined nowhere in this document'
                                + (" or the documents it incorporates" if _incorporates(a) else "")))
    return out


def _explained(words: list[str], known: set[str], names: set[str], headings: list[str]) -> bool:
    if words[0] in ALLOWED_WORDS or words[0] in _US_STATES:
        return True
    for k in range(len(words), 0, -1):
        if " ".join(words[:k]) in known:
            return True
    significant = [w for w in words if w not in ("of", "and", "&")]
    if any(w.rstrip(".") in _SUFFIXES for w in significant[1:]):
        return True  # "the Funds Flow Memorandum", "the American Arbitration Association"
    if all(w in names or w in _US_STATES for w in significant):
        return True
    phrase = " ".join(words).lower()  # the title of an attached form ("the Notice of Exercise", "NOTICE OF EXERCISE")
    return len(words) >= 2 and any(h == phrase or h.startswith(phrase + " ") for h in headings)


# ---------------------------------------------------------------------------------------------------- 3 references

_REF = r"(\d+(?:\.\d+)*)(?![\w-]|\.\d)((?: ?\((?:[a-z]{1,5}|\d{1,2})\))*)"
_SECTION_REF = re.compile(r"\bSections? " + _REF + r"((?:(?:,| and| or| and/or| through| to|,? and|,? or)"
                          r" (?:Sections? )?(?:" + _REF + r"|\((?:[a-z]{1,5})\)))*)")
_ARTICLE_REF = re.compile(r"\bArticles? ([IVXLC]+)\b((?:(?:,| and| or| through) (?:Articles? )?[IVXLC]+\b)*)")
_EXHIBIT_REF = re.compile(r"\b(Exhibit|Schedule|Annex)s? ([A-Z]|\d+(?:\.\d+)?)\b((?:(?:,| and| or) (?:[A-Z])\b)*)")
_INTERNAL_AFTER = re.compile(r",? (?:above|below|hereof|herein|hereto|hereunder|of this (?:Agreement|Warrant|letter)|"
                             r"of these instructions)\b")
_OF_AFTER = re.compile(r",? (?:of|under|to|in|pursuant to) (?:the |this |such |any )?"
                       r"((?:United States |U\.S\. )?(?:[A-Z][\w.&'-]*|\d+)"
                       r"(?: (?:of |and )?(?:[A-Z][\w.&'-]*|\d{4}))*)")
_OTHER_CODE = re.compile(r"(?:Treas(?:ury)?\.?\s+Reg(?:ulations?|s?\.)|U\.S\.C\.|C\.F\.R\.|Code|Act)\s*$")
_STATUTE = re.compile(r"\b(?:of|under) (?:the )?(?:United States )?(?:[A-Z][\w.&-]* ){0,5}(?:Act|Code|Law|Rules|"
                      r"Regulations)\b|\b(?:of|under) Regulation [A-Z]+\b|\b(?:of|under) Rule \d+")


def _references(analyzed: list[_Analysis]) -> list[tuple]:
    out = []
    defined = set()
    for a in analyzed:
        defined |= {d.term for d in _find_definitions(a)}
    by_role = {}
    for a in analyzed:
        by_role.setdefault(a.role, a)
    exhibits = {a.exhibit for a in analyzed if a.exhibit}
    have_attachments = bool(exhibits)
    for a in analyzed:
        if a.compilation:
            continue
        for i, text in enumerate(a.texts):
            if a.caps[i]:
                continue
            quoted = [(q.start(), q.end()) for q in re.finditer(r'"[^"]*"', text)]
            inside = lambda pos: any(lo <= pos < hi for lo, hi in quoted)  # noqa: E731
            for m in _SECTION_REF.finditer(text):
                if inside(m.start()) or m.group(0).rstrip() in defined or _OTHER_CODE.search(text, 0, m.start()) \
                        or text[m.end():m.end() + 2][:1] == "-":
                    continue
                refs = [(m.group(1), m.group(2), m.start())]
                for extra in re.finditer(_REF + r"|\(([a-z]{1,5})\)", m.group(3)):
                    if extra.group(1):
                        refs.append((extra.group(1), extra.group(2), m.start(3) + extra.start()))
                    else:  # "Section 12(b) or (g)": a clause of the section just named
                        refs.append((refs[-1][0], f"({extra.group(3)})", m.start(3) + extra.start()))
                target = _target(a, text, m.end(), by_role)
                if target is None:
                    continue
                if not target.sections:
                    continue
                for number, clauses, offset in refs:
                    name = f"Section {number}{clauses.replace(' ', '')}"
                    if name in defined or _has_section(target, number, clauses):
                        continue
                    where = "" if target is a else f" of the {_title(target)}"
                    out.append(_finding(a, i, offset, "missing-reference", ERROR,
                                        _excerpt(text, offset, offset + len(name)),
                                        f"{name}{where} does not exist"))
            for m in _ARTICLE_REF.finditer(text):
                if inside(m.start()):
                    continue
                target = _target(a, text, m.end(), by_role)
                if target is None or not target.articles:
                    continue
                numerals = [m.group(1)] + re.findall(r"[IVXLC]+", m.group(2))
                for numeral in numerals:
                    if numeral not in target.articles:
                        out.append(_finding(a, i, m.start(), "missing-reference", ERROR,
                                            _excerpt(text, m.start(), m.end()), f"Article {numeral} does not exist"))
            if not have_attachments:
                continue
            for m in _EXHIBIT_REF.finditer(text):
                if inside(m.start()) or (a.texts[i].strip() == m.group(0)):
                    continue
                kind = m.group(1)
                letters = [m.group(2)] + re.findall(r"\b[A-Z]\b", m.group(3))
                if _OF_AFTER.match(text, m.end()) and not _INTERNAL_AFTER.match(text, m.end()):
                    inst = _OF_AFTER.match(text, m.end()).group(1)
                    if not any(inst.startswith(n) for n in ("this", "This")):
                        continue  # an exhibit to another instrument ("Exhibit 4.5 to the Form 10-K")
                for letter in letters:
                    if kind == "Exhibit" and not letter.isalpha():
                        continue
                    if (kind.lower(), letter) in exhibits:
                        continue
                    out.append(_finding(a, i, m.start(), "missing-reference", ERROR,
                                        _excerpt(text, m.start(), m.end()),
                                        f"{kind} {letter} is referred to but is not in the set"))
    return out


def _title(a: _Analysis) -> str:
    return INSTRUMENTS.get(a.role, (a.doc.name,))[0]


def _target(a: _Analysis, text: str, end: int, by_role: dict) -> _Analysis | None:
    """The document a reference ending at `end` points into: this one, another of the set, or None (another
    instrument: a statute, a rule, a document not in the set)."""
    if _INTERNAL_AFTER.match(text, end):
        return a
    m = _OF_AFTER.match(text, end)
    if m:
        inst = m.group(1).rstrip(".,")
        for role, names in INSTRUMENTS.items():
            if inst in names or any(inst.startswith(n + " ") and not inst[len(n) + 1:][:1].isupper()
                                    for n in names):
                if role == a.role:
                    return a
                return by_role.get(role)
        if inst in ("Agreement",) and text[m.start():m.start(1)].strip().endswith("this"):
            return a
        if inst[:1].isupper():
            return None
    window = re.split(r"[;]|\.\s", text[end:end + 90])[0]
    if _STATUTE.search(window):
        return None
    return a


def _has_section(a: _Analysis, number: str, clauses: str) -> bool:
    if number not in a.sections:
        return False
    chain = re.findall(r"\(([^)]+)\)", clauses)
    if not chain:
        return True
    key = number + "".join(f"({c})" for c in chain)
    if key in _clause_keys(a):
        return True
    body = a.text_of(number)
    return all(f"({c})" in body for c in chain)


def _clause_keys(a: _Analysis) -> set[str]:
    cached = getattr(a, "_keys", None)
    if cached is not None:
        return cached
    keys: set[str] = set()
    for key, events in a.scopes:
        stack: list[tuple[str, int, str]] = []
        for k, (i, token, _) in enumerate(events):
            kinds = _kinds(token)
            following = events[k + 1][1] if k + 1 < len(events) else None
            placed = False
            for depth in range(len(stack) - 1, -1, -1):
                for kind, value in kinds:
                    if stack[depth][0] == kind and value == stack[depth][1] + 1 and not (
                            kind == "alpha" and token == "i" and following == "ii"):
                        del stack[depth:]
                        stack.append((kind, value, token))
                        placed = True
                        break
                if placed:
                    break
            if not placed:
                kind = "roman" if token == "i" and (following == "ii" or not any(s[0] == "alpha" and s[1] == 8
                                                                                  for s in stack)) else (
                    kinds[0][0] if kinds else "alpha")
                value = dict(kinds).get(kind, 1)
                level = next((d for d in range(len(stack) - 1, -1, -1) if stack[d][0] == kind), None)
                if level is not None:
                    del stack[level:]
                stack.append((kind, value, token))
            keys.add(key + "".join(f"({s[2]})" for s in stack))
    a._keys = keys
    return keys


# ---------------------------------------------------------------------------------------------------- 5 across

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MONEY = r"\$\s?(\d[\d,]*(?:\.\d+)?)"
_EXTRACTORS = (
    ("Purchase Price", re.compile(r'"Purchase Price"\s+(?:shall mean|means)\s+[^;]{0,120}?' + _MONEY
                                  + r"\s+per share")),
    ("Purchase Price", re.compile(r"\bat a Purchase Price of\s+" + _MONEY + r"\s+per share")),
    ("Purchase Price", re.compile(r"\bPurchase Price (?:per share )?(?:is|of|equal to)\s+" + _MONEY + r"\s+per share")),
    ("Exercise Price", re.compile(r'Exercise Price"\)?(?:\s+under this Warrant)?\s+(?:shall (?:initially )?be|'
                                  r"shall mean|means|is|will be)\s+(?:equal to\s+)?" + _MONEY)),
    ("Exercise Price", re.compile(r"\b(?:at|with) an (?:initial )?Exercise Price of\s+" + _MONEY)),
    ("Purchase Agreement date", re.compile(r"(?i:purchase agreement),?\s+(?i:dated)\s+(?:as of\s+)?(" + _MONTH +
                                           r"\s+\d{1,2},\s+\d{4})")),
    ("total Shares", re.compile(r"(?<![\d,])([\d,]{3,}|\(([\d,]+)\))\s+shares of Common Stock \(the \"Shares\"\)")),
    ("total Shares", re.compile(r"(?<![\d,])([\d,]{3,}) shares of (?:the )?Common Stock(?: \(as defined below\))?,? "
                                r"and (?:\(ii\) )?Warrants")),
    ("total Warrant Shares", re.compile(r"\bWarrants(?: \(the \"Warrants\"\))?(?: \(as defined below\))? to purchase "
                                        r"up to (?:an aggregate of )?(?:[a-z -]+ )?\(?([\d,]{3,})\)? shares")),
)
_COMPANY = re.compile(r"\(the \"Company\"\)")
_SUFFIX = re.compile(r"(?:Inc\.|Incorporated|Corporation|Corp\.|Company|Co\.|Ltd\.|Limited|LLC|L\.P\.|plc|N\.V\.|"
                     r"S\.A\.)(?=,?\s+an?\s)")
_LAW = re.compile(r"\b(?:governed by|construed (?:and enforced )?in accordance with|contract under)\b[^.;]{0,90}?"
                  r"\blaws of (?:the )?(?:(State|Commonwealth) of )?((?:New |North |South |West |Rhode )?[A-Z][a-z]+)")
_SEAT = re.compile(r"\barbitration (?:under|administered by|in accordance with the rules of|before) the American "
                   r"Arbitration Association(?: \(the \"AAA\"\))? in "
                   r"((?:[A-Z][a-z]+ )*[A-Z][a-z]+(?:, (?:[A-Z][a-z]+ )*[A-Z][a-z]+)?)")
COMMONWEALTHS = ("Massachusetts", "Pennsylvania", "Virginia", "Kentucky")


def _company(text: str) -> list[tuple[str, int]]:
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


def _norm(kind: str, value: str) -> str:
    if kind in ("Purchase Price", "Exercise Price"):
        try:
            return str(Decimal(value.replace(",", "")).normalize())
        except InvalidOperation:
            return value
    if kind.startswith("total"):
        return value.replace(",", "").strip("()")
    if kind == "Company name":
        return re.sub(r"[^a-z0-9]+", " ", value.lower()).strip()
    return _collapse(value)


def _across(analyzed: list[_Analysis]) -> list[tuple]:
    out = []
    values: dict[str, list[tuple[str, str, _Analysis, int, int, str]]] = {}
    laws: list[tuple[str, _Analysis, int, int, str]] = []
    seats: list[tuple[str, _Analysis, int, int, str]] = []
    for a in analyzed:
        got_law = got_seat = False
        for i, text in enumerate(a.texts):
            if a.caps[i] and not re.search(r"PURCHASE AGREEMENT,? DATED", text):
                continue
            seen = set()
            for kind, pattern in _EXTRACTORS:
                for m in pattern.finditer(text):
                    raw = m.group(2) if m.lastindex and m.lastindex >= 2 and m.group(2) else m.group(1)
                    if (kind, _norm(kind, raw)) not in seen:
                        seen.add((kind, _norm(kind, raw)))
                        values.setdefault(kind, []).append((_norm(kind, raw), raw, a, i, m.start(), text))
            for name, offset in _company(text):
                values.setdefault("Company name", []).append((_norm("Company name", name), name, a, i, offset, text))
            for m in re.finditer(r"\bState of (" + "|".join(COMMONWEALTHS) + r")\b", text):
                out.append(_finding(a, i, m.start(), "governing-law", WARNING, _excerpt(text, m.start(), m.end()),
                                    f"{m.group(1)} is a Commonwealth, not a State"))
            m = _LAW.search(text)
            if m and not got_law:
                got_law = True
                laws.append((m.group(2), a, i, m.start(), text))
            m = _SEAT.search(text)
            if m and not got_seat:
                got_seat = True
                seats.append((m.group(1), a, i, m.start(1), text))
    out += _holders(analyzed)
    for kind, entries in values.items():
        reference = _reference(entries, analyzed)
        for value, raw, a, i, offset, text in entries:
            if value != reference[0]:
                there = reference[2].where(reference[3], reference[4])
                out.append(_finding(a, i, offset, "inconsistent-figure", ERROR, _excerpt(text, offset, offset + 60),
                                    f"{kind} is {raw} here but {reference[1]} at {there}"))
    for label, entries in (("governing law", laws), ("arbitration seat", seats)):
        if not entries:
            continue
        ordered = sorted(entries, key=lambda e: e[1].role != "purchase_agreement")
        first = ordered[0]
        for value, a, i, offset, text in entries:
            if value != first[0]:
                out.append(_finding(a, i, offset, "governing-law", WARNING, _excerpt(text, offset, offset + 100),
                                    f"{label} is {value} here but {first[0]} at {first[1].where(first[2], first[3])}"))
    return out


def _holders(analyzed: list[_Analysis]) -> list[tuple]:
    """Each Warrant's Holder must be a party named in the Purchase Agreement (checked when the Purchase Agreement
    names at least one of the holders: investors may be listed elsewhere)."""
    pa = next((a for a in analyzed if a.role == "purchase_agreement"), None)
    if pa is None:
        return []
    squash = lambda t: re.sub(r"[^a-z0-9]+", " ", t.lower()).strip()  # noqa: E731
    pa_text = " " + " ".join(squash(t) for t in pa.texts) + " "
    holders = []
    for a in analyzed:
        if a.role != "warrant":
            continue
        for i, text in enumerate(a.texts[:a.form_start]):
            for m in re.finditer(r'\(the "Holder"\)', text):
                words = text[:m.start()].rstrip().split(" ")
                name = []
                while words and re.fullmatch(r"[A-Z0-9&][\w&.'-]*,?", words[-1]):
                    name.insert(0, words.pop())
                if len(name) >= 2:
                    value = " ".join(name).rstrip(",")
                    holders.append((value, a, i, m.start() - len(" ".join(name)) - 1, text))
    if not any(f" {squash(v)} " in pa_text for v, *_ in holders):
        return []
    out = []
    for value, a, i, offset, text in holders:
        if f" {squash(value)} " not in pa_text:
            out.append(_finding(a, i, max(0, offset), "inconsistent-figure", ERROR,
                                _excerpt(text, max(0, offset), max(0, offset) + len(value)),
                                f"the Holder {value} is not a party named in the Purchase Agreement"))
    return out


def _reference(entries, analyzed):
    """The value the others are compared with: the Purchase Agreement's, else the first one seen."""
    for value, raw, a, i, offset, text in entries:
        if a.role == "purchase_agreement":
            return value, raw, a, i, offset
    value, raw, a, i, offset, _ = entries[0]
    return value, raw, a, i, offset
