"""Across the documents of a set: inconsistent-figure and governing-law.

inconsistent-figure: every figure a document states (checks/statements.py: the Purchase Price; each series' Exercise
Price, exercise period and Warrant Shares; the placement agent's warrant's; each warrant certificate's; the total
Shares; the Purchase Agreement's date; the Company's name) must be the same wherever it is stated; each Warrant's
Holder must be a party named in the Purchase Agreement; a recital's totals must be the sum of its own signature pages.
- Inside a build the figures are known (checks/expected.py): each statement is compared with them, so a wrong figure
  is reported where it is wrong, in the Purchase Agreement as anywhere else. Where the renderer recorded which figure
  a text prints (document/provenance.py), it must be the figure the words speak of (Series B's Exercise Price in
  what the words say of Series B, not Series A's, even where the two are equal), and a warrant certificate prints
  no figure of another series, certificate or holder.
- On files, each statement is compared with what the Purchase Agreement (else the first document) says of the same
  thing: a series' figure with the same series', the placement agent's with the placement agent's.
governing-law (a warning): the governing law or the arbitration seat differ between documents, or a Commonwealth is
called a State.
"""
from __future__ import annotations

import re

from assembler.checks.analysis import Analysis, excerpt, finding
from assembler.checks.findings import ERROR, WARNING
from assembler.checks.statements import (AGENT, DEAL, EXERCISE_PRICE, INITIAL_EXERCISE, TERMINATION, TOTAL_SHARES,
                                         WARRANT_SHARES, WARRANTS, Statement, certificate_of, own_series, statements)

_LAW = re.compile(r"\b(?:governed by|construed (?:and enforced )?in accordance with|contract under)\b[^.;]{0,90}?"
                  r"\blaws of (?:the )?(?:(State|Commonwealth) of )?((?:New |North |South |West |Rhode )?[A-Z][a-z]+)")
_SEAT = re.compile(r"\barbitration (?:under|administered by|in accordance with the rules of|before) the American "
                   r"Arbitration Association(?: \(the \"AAA\"\))? in "
                   r"((?:[A-Z][a-z]+ )*[A-Z][a-z]+(?:, (?:[A-Z][a-z]+ )*[A-Z][a-z]+)?)")
COMMONWEALTHS = ("Massachusetts", "Pennsylvania", "Virginia", "Kentucky")
SERIES_TERMS = (EXERCISE_PRICE, INITIAL_EXERCISE, TERMINATION)  # one value per series
# Documents whose figures are the Company's other matters, not the deal's: the Disclosure Schedule's exceptions
# (other warrants outstanding, their shares and prices) come from the term sheet as written and state no deal figure.
OTHER_MATTERS = ("disclosure_schedule",)


def _deal_terms(a: Analysis) -> bool:
    return not a.commentary and not any(doc_id in (a.doc.hint or a.doc.name) for doc_id in OTHER_MATTERS)


def across(analyzed: list[Analysis], expected=None) -> list[tuple]:
    """The findings across the documents of one set; `expected` (checks/expected.py) inside a build."""
    names = expected.series_names if expected else defined_series(analyzed)
    found = compared(analyzed, names)
    out = _governing_law(analyzed) + _holders(analyzed) + _parts_add_up(analyzed, found)
    if expected is None:
        return out + _against_each_other(found, series=len(names))
    stated: dict[tuple[int, int], list[tuple[int, int]]] = {}  # (document, paragraph) -> spans _against_figures compares
    for s in found:
        if s.start < s.end:
            stated.setdefault((id(s.a), s.i), []).append((s.start, s.end))
    return out + _against_figures(found, expected) + _other_figures_in_certificates(analyzed, expected, stated)


def compared(analyzed: list[Analysis], series_names: tuple[str, ...]) -> list[Statement]:
    """The figures the documents state that inconsistent-figure compares (with the figures, in a build)."""
    return [s for a in analyzed if _deal_terms(a) for s in statements(a, series_names)]


def defined_series(analyzed: list[Analysis]) -> tuple[str, ...]:
    """The names of the series of warrants the set defines ("Series A" of "Series A Warrants"; any name a term
    sheet gives), but the placement agent's warrant."""
    names = {m.group(1) for a in analyzed for t in a.texts if 'Warrant' in t
             for m in re.finditer(r'"([A-Z][\w.-]*(?: [\w.-]+){0,5}?) Warrants?"', t)}
    return tuple(sorted(names - {"Placement Agent", "The", "Such"}))


def label(kind: str, scope: str) -> str:
    """What a statement is about, in a message: "Exercise Price of the Series B Warrants"."""
    if kind == WARRANT_SHARES and scope in (DEAL, WARRANTS):
        return "total Warrant Shares"
    if scope in (DEAL, WARRANTS):
        return kind
    if scope == AGENT:
        return f"{kind} of the Placement Agent Warrant"
    part, _, name = scope.partition(":")
    return f"{kind} of the {name} Warrants" if part == "series" else f"{kind} of Warrant No. {name}"


def _report(s: Statement, message: str, related=None) -> tuple:
    return finding(s.a, s.i, s.at, "inconsistent-figure", ERROR, excerpt(s.text, s.at, s.at + 60), message, related)


# ---------------------------------------------------------------------------------------------------- in a build

def _against_figures(found: list[Statement], expected) -> list[tuple]:
    out = []
    for s in found:
        of = expected.series_label(s.scope)  # a certificate's message names its series ("Series B Warrants")
        what = label(s.kind, s.scope) + (f" ({of})" if of else "")
        truth = expected.truth(s.kind, s.scope)
        if truth is None:
            out.append(_report(s, f"{what} is {s.raw} here, but the deal has no such warrants"))
            continue
        if s.value not in truth.values:
            out.append(_report(s, f"{what} is {s.raw} here but {truth.shown} in the deal's figures"))
        name = printed(s)
        if name and not expected.fits(s.kind, s.scope, name):
            out.append(_report(s, f"{what} is printed here from another figure ({name})"))
    return out


def printed(s: Statement) -> str | None:
    """The name of the figure the renderer printed where `s` states its value (None: typed in the template)."""
    return named_at(s.a, s.i, s.start, s.end)


def named_at(a: Analysis, i: int, start: int, end: int) -> str | None:
    """The name of the figure the renderer printed over a.texts[i][start:end], if any."""
    tree = a.doc.tree
    if tree is None:
        return None
    return next((name for s, e, name in tree.units[i].figures if s <= start and end <= e), None)


def _other_figures_in_certificates(analyzed: list[Analysis], expected, stated: dict) -> list[tuple]:
    """A warrant certificate prints figures of its own series, certificate and holder only (where it states no
    figure the statements compare already)."""
    out = []
    fig = expected.fig
    for a in analyzed:
        number = certificate_of(a)
        cert = expected.certificates.get(number)
        if cert is None or a.doc.tree is None:
            continue
        own = {"series": fig.series[cert.series].prefix, "certificate": number, "investor": cert.holder}
        for i, unit in enumerate(a.doc.tree.units):
            for start, end, name in unit.figures:
                part, _, rest = name.partition("/")
                owner = rest.rpartition("/")[0]
                if part in own and owner != own[part] and not (start < end and any(
                        lo < end and start < hi for lo, hi in stated.get((id(a), i), ()))):
                    out.append(finding(a, i, start, "inconsistent-figure", ERROR, excerpt(a.texts[i], start, end),
                                       f"Warrant No. {number} prints a figure of another {part} ({name})"))
    return out


# ---------------------------------------------------------------------------------------------------- on files

def _against_each_other(found: list[Statement], series: int) -> list[tuple]:
    """Each figure against the others of its kind and scope (`series`: how many series the set names)."""
    groups: dict[tuple[str, str], list[Statement]] = {}
    for s in found:
        scope = own_series(s.a) if s.scope.startswith("certificate:") and s.kind in SERIES_TERMS else s.scope
        groups.setdefault((s.kind, scope), []).append(s)
    named = {(kind, scope) for kind, scope in groups if scope.startswith("series:")}
    out = []
    for (kind, scope), entries in groups.items():
        if scope == WARRANTS and kind in SERIES_TERMS and series > 1:
            # "the Exercise Price" of a warrant that does not name its series, in a deal with several: one of theirs,
            # when the set states it for every series (a date the form and the resolutions give as its rule, because
            # it is counted from the Closing, is stated for no series but in the warrants themselves)
            stating = [(k, sc) for (k, sc) in named if k == kind]
            stated = {e.value: e for key in stating for e in groups[key]} if len(stating) >= series else {}
            for s in entries if stated else []:
                if s.value not in stated:
                    values = ", ".join(sorted({e.raw for e in stated.values()}))
                    out.append(_report(s, f"{kind} is {s.raw} here but the series' are {values}"))
            continue
        ref = next((e for e in entries if e.a.role == "purchase_agreement"), entries[0])
        there = ref.a.where(ref.i, ref.at)
        for s in entries:
            if s.value != ref.value:
                out.append(_report(s, f"{label(kind, scope)} is {s.raw} here but {ref.raw} at {there}", there))
    return out


# ---------------------------------------------------------------------------------------------------- one document

_PARTS = ((TOTAL_SHARES, re.compile(r"(?<!Warrant )\bShares:\s*(\d{1,3}(?:,\d{3})*)(?![\d,])")),
          (WARRANT_SHARES, re.compile(r"\b(?:(\S+(?: \S+)?) Warrants \()?Warrant Shares\)?:\s*(\d{1,3}(?:,\d{3})*)"
                                      r"(?![\d,])")))


def signature_parts(a: Analysis) -> list[tuple[str, tuple[str, ...], int, int, int]]:
    """The parts a document's signature pages list, each (kind, the scopes it is a part of, i, start, end of its
    figures in a.texts[i]): "Shares: 87,150" per investor; "Series A Warrants (Warrant Shares): 60,000"."""
    out = []
    for kind, pattern in _PARTS:
        for i, text in enumerate(a.texts):
            if ":" not in text:
                continue
            for m in pattern.finditer(text):
                scopes = (DEAL,) if kind == TOTAL_SHARES else (WARRANTS,)
                if kind == WARRANT_SHARES and m.group(1):
                    scopes += (f"series:{m.group(1)}",)
                group = len(m.groups())
                out.append((kind, scopes, i, m.start(group), m.end(group)))
    return out


def _parts_add_up(analyzed: list[Analysis], found: list[Statement]) -> list[tuple]:
    """In one document, the total a recital states must be the sum of the parts its signature pages list ("Shares:
    87,150" per investor; "Series A Warrants (Warrant Shares): 60,000"): found when the document is checked alone,
    not only against the other documents."""
    out = []
    for a in analyzed:
        if a.compilation:
            continue
        parts: dict[tuple[str, str], list[int]] = {}
        for kind, scopes, i, start, end in signature_parts(a):
            for scope in scopes:
                parts.setdefault((kind, scope), []).append(int(a.texts[i][start:end].replace(",", "")))
        for s in (s for s in found if s.a is a):
            scope = WARRANTS if s.kind == WARRANT_SHARES and s.scope == DEAL else s.scope
            listed = parts.get((s.kind, scope))
            if listed and int(s.value) != sum(listed):
                out.append(_report(s, f"{label(s.kind, scope)} is {s.raw} here but the {len(listed)} signature "
                                      f"page(s) of this document add up to {sum(listed):,}"))
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


# ---------------------------------------------------------------------------------------------------- governing law

def _governing_law(analyzed: list[Analysis]) -> list[tuple]:
    out = []
    laws: list[tuple[str, Analysis, int, int, str]] = []
    seats: list[tuple[str, Analysis, int, int, str]] = []
    for a in analyzed:
        got_law = got_seat = False
        for i, text in enumerate(a.texts):
            if a.caps[i]:
                continue
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
    for what, entries in (("governing law", laws), ("arbitration seat", seats)):
        if not entries:
            continue
        first = sorted(entries, key=lambda e: e[1].role != "purchase_agreement")[0]
        for value, a, i, offset, text in entries:
            if value != first[0]:
                out.append(finding(a, i, offset, "governing-law", WARNING, excerpt(text, offset, offset + 100),
                                   f"{what} is {value} here but {first[0]} at {first[1].where(first[2], first[3])}",
                                   first[1].where(first[2], first[3])))
    return out
