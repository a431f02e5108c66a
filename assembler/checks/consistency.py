"""Across the documents of a set: inconsistent-figure (Purchase Price, Exercise Price, the Purchase Agreement's date,
the total Shares and Warrant Shares, the Company's name, each Warrant's Holder) and governing-law (a warning where
the governing law or the arbitration seat differ, or a Commonwealth is called a State)."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from assembler.checks.analysis import Analysis, company_names, excerpt, finding
from assembler.checks.documents import collapse
from assembler.checks.findings import ERROR, WARNING


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
_LAW = re.compile(r"\b(?:governed by|construed (?:and enforced )?in accordance with|contract under)\b[^.;]{0,90}?"
                  r"\blaws of (?:the )?(?:(State|Commonwealth) of )?((?:New |North |South |West |Rhode )?[A-Z][a-z]+)")
_SEAT = re.compile(r"\barbitration (?:under|administered by|in accordance with the rules of|before) the American "
                   r"Arbitration Association(?: \(the \"AAA\"\))? in "
                   r"((?:[A-Z][a-z]+ )*[A-Z][a-z]+(?:, (?:[A-Z][a-z]+ )*[A-Z][a-z]+)?)")
COMMONWEALTHS = ("Massachusetts", "Pennsylvania", "Virginia", "Kentucky")


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
    return collapse(value)


def across(analyzed: list[Analysis]) -> list[tuple]:
    out = []
    values: dict[str, list[tuple[str, str, Analysis, int, int, str]]] = {}
    laws: list[tuple[str, Analysis, int, int, str]] = []
    seats: list[tuple[str, Analysis, int, int, str]] = []
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
            for name, offset in company_names(text):
                values.setdefault("Company name", []).append((_norm("Company name", name), name, a, i, offset, text))
            for m in re.finditer(r"\bState of (" + "|".join(COMMONWEALTHS) + r")\b", text):
                out.append(finding(a, i, m.start(), "governing-law", WARNING, excerpt(text, m.start(), m.end()),
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
    out += _parts_add_up(analyzed, values)
    for kind, entries in values.items():
        reference = _reference(entries, analyzed)
        for value, raw, a, i, offset, text in entries:
            if value != reference[0]:
                there = reference[2].where(reference[3], reference[4])
                out.append(finding(a, i, offset, "inconsistent-figure", ERROR, excerpt(text, offset, offset + 60),
                                    f"{kind} is {raw} here but {reference[1]} at {there}", there))
    for label, entries in (("governing law", laws), ("arbitration seat", seats)):
        if not entries:
            continue
        ordered = sorted(entries, key=lambda e: e[1].role != "purchase_agreement")
        first = ordered[0]
        for value, a, i, offset, text in entries:
            if value != first[0]:
                out.append(finding(a, i, offset, "governing-law", WARNING, excerpt(text, offset, offset + 100),
                                    f"{label} is {value} here but {first[0]} at {first[1].where(first[2], first[3])}",
                                    first[1].where(first[2], first[3])))
    return out


_PARTS = {"total Shares": re.compile(r"(?<!Warrant )\bShares:\s*(\d{1,3}(?:,\d{3})*)(?![\d,])"),
          "total Warrant Shares": re.compile(r"\bWarrant Shares:\s*(\d{1,3}(?:,\d{3})*)(?![\d,])")}


def _parts_add_up(analyzed: list[Analysis], values: dict) -> list[tuple]:
    """In one document, the total a recital states must be the sum of the parts its signature pages list ("Shares:
    87,150" per investor): found when the document is checked alone, not only against the other documents."""
    out = []
    for a in analyzed:
        if a.compilation:
            continue
        for kind, pattern in _PARTS.items():
            parts = [int(m.group(1).replace(",", "")) for t in a.texts for m in pattern.finditer(t)]
            if not parts:
                continue
            total = sum(parts)
            for value, raw, b, i, offset, text in values.get(kind, []):
                if b is a and int(value) != total:
                    out.append(finding(a, i, offset, "inconsistent-figure", ERROR, excerpt(text, offset, offset + 60),
                                       f"{kind} is {raw} here but the {len(parts)} signature page(s) of this document "
                                       f"add up to {total:,}"))
    return out


def _holders(analyzed: list[Analysis]) -> list[tuple]:
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
            out.append(finding(a, i, max(0, offset), "inconsistent-figure", ERROR,
                                excerpt(text, max(0, offset), max(0, offset) + len(value)),
                                f"the Holder {value} is not a party named in the Purchase Agreement"))
    return out


def _reference(entries, analyzed):
    """The value the others are compared with: the Purchase Agreement's, else the first one seen."""
    for value, raw, a, i, offset, text in entries:
        if a.role == "purchase_agreement":
            return value, raw, a, i, offset
    value, raw, a, i, offset, _ = entries[0]
    return value, raw, a, i, offset
