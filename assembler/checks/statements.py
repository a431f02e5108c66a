"""What a document states about the deal's figures: each `Statement` of a figure (the Purchase Price, an Exercise
Price, a number of Warrant Shares, an exercise period's dates, the total Shares, the Purchase Agreement's date, the
Company's name), what it is about (its scope: the deal, the warrants of one series, the placement agent's warrant, one
warrant certificate) and where it is. Found in the words, so the same on a rendered tree, a DOCX, a PDF or a text.

A figure's scope is read from the words before it in its sentence: "Series A Warrants ... at $4.60 per share" states
the Series A Exercise Price; "the Placement Agent ... a warrant ... at an exercise price of $6.00" the placement
agent's; "Warrants to purchase up to 843,750 shares" all the investors' warrants together. In a warrant certificate
every warrant figure is the certificate's own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from assembler.checks.analysis import Analysis, company_names
from assembler.checks.documents import collapse, is_caps

PURCHASE_PRICE, EXERCISE_PRICE, WARRANT_SHARES = "Purchase Price", "Exercise Price", "Warrant Shares"
INITIAL_EXERCISE, TERMINATION = "Initial Exercise Date", "Termination Date"
TOTAL_SHARES, AGREEMENT_DATE, COMPANY = "total Shares", "Purchase Agreement date", "Company name"
WARRANT_KINDS = (EXERCISE_PRICE, WARRANT_SHARES, INITIAL_EXERCISE, TERMINATION)
PRICES = (PURCHASE_PRICE, EXERCISE_PRICE)
COUNTS = (WARRANT_SHARES, TOTAL_SHARES)

DEAL, WARRANTS, AGENT = "", "warrants", "agent"  # scopes; and "series:Series A", "certificate:B-1"

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DATE = r"(" + _MONTH + r"\s+\d{1,2},\s+\d{4})"
_MONEY = r"\$\s?(\d[\d,]*(?:\.\d+)?)"
_COUNT = r"\(?(\d{1,3}(?:,\d{3})+|\d{1,3})\)?"
_WORDS = r"(?:[a-z][a-z -]*? )?"  # the number in words before its figures
_PER = r"\s+per (?:[Ss]hare|Unit)\b"

_DEAL_FIGURES = (
    (PURCHASE_PRICE, re.compile(r'"Purchase Price"\s+(?:shall mean|means)\s+[^;]{0,300}?' + _MONEY + _PER)),
    (PURCHASE_PRICE, re.compile(r"\bat a Purchase Price of\s+" + _MONEY + _PER)),
    (PURCHASE_PRICE, re.compile(r"\bPurchase Price (?:per (?:share|Unit) )?(?:is|of|equal to)\s+" + _MONEY + _PER)),
    (AGREEMENT_DATE, re.compile(r"(?i:purchase agreement),?\s+(?i:dated)\s+(?:as of\s+)?" + _DATE)),
    (TOTAL_SHARES, re.compile(r"(?<![\d,])([\d,]{3,}|\(([\d,]+)\))\s+shares of Common Stock \(the \"Shares\"\)")),
    (TOTAL_SHARES, re.compile(r"(?<![\d,])([\d,]{3,}) shares of (?:the )?Common Stock(?: \(as defined below\))?,? "
                              r"and (?:\(ii\) )?Warrants")),
)
# figures of warrants, read in the scope the words before them give (below); the group is the value. Those marked
# True say nothing of warrants by themselves ("at $4.00 per share", "up to 1,000 shares"): only after words that do.
_WARRANT_FIGURES = (
    (EXERCISE_PRICE, False, re.compile(r'Exercise Price"\)?(?:\s+under this Warrant)?\s+(?:shall (?:initially )?be|'
                                       r"shall mean|means|is|will be)\s+(?:equal to\s+)?" + _MONEY)),
    (EXERCISE_PRICE, False, re.compile(r"\b(?:at|with) an (?:initial )?(?i:exercise price) of\s+" + _MONEY)),
    (EXERCISE_PRICE, False, re.compile(r"\bthe (?i:exercise price) of\s+" + _MONEY)),
    (EXERCISE_PRICE, False, re.compile(r"\bexercisable at\s+" + _MONEY)),
    (EXERCISE_PRICE, True, re.compile(r"\bat\s+" + _MONEY + r"\s+per (?:share|Warrant Share)\b")),
    (WARRANT_SHARES, True, re.compile(r"\b(?:[Uu]p to|[Tt]o [Pp]urchase|for the purchase of) (?:up to )?"
                                      r"(?:an aggregate of )?" + _WORDS + _COUNT + r" (?:Warrant )?[Ss]hares\b")),
    (WARRANT_SHARES, True, re.compile(r":\s*" + _COUNT + r" Warrant Shares\b")),
    (INITIAL_EXERCISE, False, re.compile(r"\bon or after " + _DATE + r' \(the "Initial Exercise Date"\)')),
    (TERMINATION, False, re.compile(_DATE + r' \(the "Termination Date"\)')),
    (INITIAL_EXERCISE, False, re.compile(r"\bexercisable from " + _DATE + r" (?:through|to|until)\b")),
    (TERMINATION, False, re.compile(r"\bexercisable from " + _MONTH + r"\s+\d{1,2},\s+\d{4} (?:through|to|until) "
                                    + _DATE)),
)
# What every pattern above needs to match, tested once per paragraph (most have no "$", many no digit): a figure of
# money needs "$"; every other figure a digit, or for the total Shares' "[\d,]{3,}" and "\(([\d,]+)\)" ",,," or "(,".
_NUMBER_LIKE = re.compile(r"\d|,,,|\(,")


def _needs_dollar(pattern: re.Pattern) -> bool:
    return r"\$" in pattern.pattern


_DEAL_NEEDS = tuple(_needs_dollar(p) for _, p in _DEAL_FIGURES)
_WARRANT_NEEDS = tuple(_needs_dollar(p) for _, _, p in _WARRANT_FIGURES)
_AGENT = re.compile(r'\bPlacement Agent Warrants?\b|\bthe Placement Agent\b|\(the "Placement Agent"\)|'
                    r"\bas (?:its )?placement agent\b")
_WARRANT = re.compile(r"\bWarrants?\b(?! Shares?\b| Nos?\.)")
# a sentence ends (the scope ends with it): a full stop after a word that is not an abbreviation of a name
_SENTENCE_END = re.compile(r"(?<!\bInc)(?<!\bLtd)(?<!\bCo)(?<!\bCorp)(?<!\bNos)(?<!\bNo)(?<![A-Z])\.\s+(?=[A-Z(])")
_CERTIFICATE = re.compile(r"\bWarrant No\. ([A-Z]{1,3}-\d+)\b")


@dataclass(frozen=True)
class Statement:
    """One figure as a document states it: what it is (`kind`), about what (`scope`), its value (normalized, for
    comparing) as written (`raw`), where (`a.texts[i][start:end]`), and where the words stating it begin (`at`)."""

    kind: str
    scope: str
    value: str
    raw: str
    a: Analysis
    i: int
    start: int
    end: int
    at: int

    @property
    def text(self) -> str:
        return self.a.texts[self.i]


def normalize(kind: str, value: str) -> str:
    if kind in PRICES:
        try:
            return str(Decimal(value.replace(",", "")).normalize())
        except InvalidOperation:
            return value
    if kind in COUNTS:
        return value.replace(",", "").strip("()")
    if kind == COMPANY:
        return re.sub(r"[^a-z0-9]+", " ", value.lower()).strip()
    return collapse(value)


def series_scope(name: str) -> str:
    return f"series:{name}"


def certificate_of(a: Analysis) -> str | None:
    """The warrant certificate a document is ("B-1"): from the tree, else its "Warrant No." line, else its key."""
    if a.role != "warrant":
        return None
    if a.doc.tree is not None and a.doc.tree.certificate:
        return a.doc.tree.certificate
    for text in a.texts[:12]:
        m = _CERTIFICATE.search(text)
        if m:
            return m.group(1)
    key = a.doc.hint.partition("#")[2]  # "warrant#B-1" (not a form of one series: "warrant_form#2")
    return key if re.fullmatch(r"[A-Z]{1,3}-\d+", key) else None


def own_series(a: Analysis, series_names: tuple[str, ...] = ()) -> str:
    """The series a warrant certificate is of, as its words say: a series named in its first paragraphs, the
    placement agent's ("issued to the Holder as placement agent"), else the warrants' (unnamed)."""
    marks = _series_pattern(series_names)
    for text in a.texts[:12]:
        m = marks.search(text)
        if m:
            return series_scope(m.group(1))
        if _AGENT.search(text):
            return AGENT
    return WARRANTS


def _series_pattern(series_names: tuple[str, ...]) -> re.Pattern:
    """A series' name before "Warrant(s)": the deal's own names when they are known, and any "Series X"."""
    names = "|".join(re.escape(n) for n in sorted(series_names, key=len, reverse=True))
    return re.compile(r"\b(" + (names + "|" if names else "") + r"Series [A-Z0-9]{1,4}) Warrants?\b")


def _scopes(text: str, series: re.Pattern) -> list[tuple[int, str]]:
    """(offset, scope) where the words set a new scope, in order: a series, the placement agent, the warrants, or
    the deal again at the end of a sentence."""
    marks = [(m.start(), series_scope(m.group(1)), m.end()) for m in series.finditer(text)]
    marks += [(m.start(), AGENT, m.end()) for m in _AGENT.finditer(text)]
    taken = [(start, end) for start, _, end in marks]
    marks += [(m.start(), WARRANTS, m.end()) for m in _WARRANT.finditer(text)
              if not any(s <= m.start() < e for s, e in taken)]
    marks += [(m.start(), DEAL, m.end()) for m in _SENTENCE_END.finditer(text)]
    return [(start, scope) for start, scope, _ in sorted(marks)]


def _scope_at(marks: list[tuple[int, str]], offset: int) -> str:
    scope = DEAL
    for start, found in marks:
        if start > offset:
            break
        scope = found
    return scope


def statements(a: Analysis, series_names: tuple[str, ...] = ()) -> list[Statement]:
    """Every figure `a` states, with its scope. `series_names` are the deal's series ("Series A"), when known."""
    out: list[Statement] = []
    certificate = certificate_of(a)
    series = _series_pattern(series_names)
    for i, text in enumerate(a.texts):
        if i >= a.form_start or a.caps[i] and is_caps(text) and not re.search(r"PURCHASE AGREEMENT,? DATED", text):
            continue
        seen: set[tuple[str, int]] = set()

        def add(kind: str, scope: str, m: re.Match, group: int = 1) -> None:
            raw = m.group(group)
            if (kind, m.start(group)) not in seen:
                seen.add((kind, m.start(group)))
                out.append(Statement(kind, scope, normalize(kind, raw), raw, a, i, m.start(group), m.end(group),
                                     m.start()))

        numbers, dollar = bool(_NUMBER_LIKE.search(text)), "$" in text
        for (kind, pattern), needs_dollar in zip(_DEAL_FIGURES, _DEAL_NEEDS):
            if not (dollar if needs_dollar else numbers):
                continue
            for m in pattern.finditer(text):
                add(kind, DEAL, m, 2 if m.lastindex and m.lastindex >= 2 and m.group(2) else 1)
        for name, offset in company_names(text):
            out.append(Statement(COMPANY, DEAL, normalize(COMPANY, name), name, a, i, offset, offset + len(name),
                                 offset))
        marks = None
        for (kind, after_words, pattern), needs_dollar in zip(_WARRANT_FIGURES, _WARRANT_NEEDS):
            if not (dollar if needs_dollar else numbers):
                continue
            for m in pattern.finditer(text):
                if certificate is None and marks is None:
                    marks = _scopes(text, series)
                scope = f"certificate:{certificate}" if certificate else _scope_at(marks, m.start())
                if scope == DEAL:
                    if after_words:
                        continue  # no words of warrants before it in its sentence: not a warrant's figure
                    scope = WARRANTS  # an Exercise Price or an exercise period is the warrants' in any case
                add(kind, scope, m)
    return out
