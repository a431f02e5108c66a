"""Defined terms: undefined-term, defined-twice, unused-term."""
from __future__ import annotations

import re
from dataclasses import dataclass

from assembler.checks.analysis import Analysis, company_names, excerpt, finding
from assembler.checks.documents import collapse
from assembler.checks.findings import ERROR, WARNING, Place


@dataclass
class _Definition:
    term: str
    analysis: Analysis
    para: int
    offset: int  # of the opening quote
    kind: str  # "means" | "label" | "reference"
    body: str  # what defines it, normalized, for comparing two definitions

    @property
    def location(self) -> Place:
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


def find_definitions(a: Analysis) -> list[_Definition]:
    """The terms `a` defines, in order (read once per document: the defined-term, reference and several-closings
    checks each ask)."""
    known = a.__dict__.get("_definitions")
    if known is None:
        known = a.__dict__["_definitions"] = _find_definitions(a)
    return list(known)


def _find_definitions(a: Analysis) -> list[_Definition]:
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
            before = collapse(text[max(0, m.start() - 90):m.start()])
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
            body = collapse(re.split(r"(?<=[.;])\s", text[m.end():] + " ", maxsplit=1)[0])
            for start, _, term in chain:
                taken.add(start)
                found.append(_Definition(term.rstrip(".,"), a, i, start, kind, body))
    return found


def variants(term: str) -> set[str]:
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


def incorporates(a: Analysis) -> bool:
    if a.compilation or a.doc.parent:
        return True
    text = " ".join(a.texts)
    return bool(re.search(r"not (?:otherwise )?defined (?:herein|in this)|meanings? (?:set forth|given|ascribed|"
                          r"assigned)[^.]{0,40}? in the [A-Z]\w* (?:[A-Z]\w* )*Agreement|incorporated herein by "
                          r"(?:this )?reference", text))


def _preamble(d: _Definition) -> bool:
    return d.para < d.analysis.first_section


def definitions(analyzed: list[Analysis]) -> list[tuple]:
    out = []
    per_doc = {id(a): find_definitions(a) for a in analyzed}
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
                out.append(finding(a, d.para, d.offset, "defined-twice", ERROR,
                                    excerpt(a.texts[d.para], d.offset, d.offset + len(term) + 2),
                                    f'"{term}" is defined again here; first defined at {real[0].location}',
                                    real[0].location))
        if pa is None or a is pa or not incorporates(a):
            continue
        pa_defs = {}
        for d in per_doc[id(pa)]:
            pa_defs.setdefault(d.term, d)
        for term, defs in by_term.items():
            original = pa_defs.get(term)
            for d in defs:
                if original is None or d.kind == "reference" or _preamble(d) or id(d) in twice:
                    continue
                if collapse(d.body).lower() == collapse(original.body).lower():
                    continue
                out.append(finding(a, d.para, d.offset, "defined-twice", WARNING,
                                    excerpt(a.texts[d.para], d.offset, d.offset + len(term) + 2),
                                    f'"{term}" is redefined here, differently from the definition at '
                                    f'{original.location}, which this document incorporates', original.location))
                break
    # unused: defined, never used (outside quotes) anywhere in the set; not judged for a Purchase Agreement given
    # without any of the documents that use its terms
    used = _uses(analyzed, terms)
    reported = set()
    pa_alone = pa is not None and not any(b is not pa and incorporates(b) for b in analyzed)
    for d in every:
        if d.term in reported or any(v in used for v in variants(d.term)):
            continue
        if pa_alone and d.analysis is pa:
            continue
        reported.add(d.term)
        a = d.analysis
        out.append(finding(a, d.para, d.offset, "unused-term", WARNING,
                            excerpt(a.texts[d.para], d.offset, d.offset + len(d.term) + 2),
                            f'"{d.term}" is defined but never used'))
    out += _undefined(analyzed, per_doc)
    return out


def _term_pattern(terms) -> re.Pattern | None:
    alternatives = sorted({v for t in terms for v in variants(t)}, key=len, reverse=True)
    if not alternatives:
        return None
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(t) for t in alternatives) + r")(?![\w-])")


def _uses(analyzed: list[Analysis], terms) -> set[str]:
    pattern = _term_pattern(terms)
    used: set[str] = set()
    if pattern is None:
        return used
    seen: set[tuple[str, int]] = set()  # a paragraph repeated (one Warrant per investor) says nothing new
    for a in analyzed:
        for i, text in enumerate(a.texts):
            heading = a.heading_spans.get(i, 0)
            if (text, heading) in seen:
                continue
            seen.add((text, heading))
            for m in pattern.finditer(text):
                if m.start() < heading or m.group(1) in used:
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
God Holiday Holidays Blue Sky Lord Medallion
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
_PROMISED = re.compile(r",?\s*\(?as (?:hereinafter )?defined (?:below|above|herein|hereinafter)\b")  # in this set
_SERIES_TERM = re.compile(r"\b(Series [A-Z0-9]{1,4} Warrants?)\b")  # a series of warrants: always a defined term
_SECTIONS_AFTER = re.compile(r"\s+(?:sections?|captions?|headings?|sections? \(or equivalents?\))\b")
_ATTACHED = re.compile(r"[^.;]{0,70}?\b(?:attached|annexed)\s+(?:hereto|to this)|\W{0,3}(?:in the form [^.;]{0,40})?"
                       r"Exhibit [A-Z]\b")


def _proper_words(analyzed: list[Analysis]) -> tuple[set[str], list[str]]:
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
            for name, _ in company_names(t):
                words.update(w.strip(",.") for w in name.split())
    return words, headings


def _undefined(analyzed: list[Analysis], per_doc: dict) -> list[tuple]:
    out = []
    everything = {d.term for a in analyzed for d in per_doc[id(a)]}
    names, headings = _proper_words(analyzed)
    has_pa = any(b.role == "purchase_agreement" for b in analyzed)
    memos: dict[frozenset, dict] = {}
    for a in analyzed:
        if a.compilation:
            continue  # pages of the other documents, checked there
        if incorporates(a) and not has_pa and a.role != "purchase_agreement":
            continue  # its terms are in a document that was not given
        own = {d.term for d in per_doc[id(a)]}
        scope = everything if incorporates(a) else own
        # a capitalized phrase put in quotes anywhere in the document is introduced there (a column "Wire Amount")
        scope = scope | {q.group(1).rstrip(".,") for t in a.texts for q in re.finditer(r'"([A-Z][^"]{0,60})"', t)}
        known = {v for t in scope for v in variants(t)}
        longer: dict[str, list[str]] = {}  # first word -> the known terms of several words ("Tranche 1 Warrants")
        for term in known:
            if " " in term:
                longer.setdefault(term.split(" ", 1)[0], []).append(term)
        hits: dict[str, list[tuple[int, int, str]]] = {}
        # a paragraph's candidates depend on its text and what is known: the same paragraph in another document with
        # the same terms (one Warrant per investor) is read once
        memo = memos.setdefault(frozenset(known), {})
        for i, text in enumerate(a.texts):
            if a.caps[i] or _SIGNATURE_LINE.match(text):
                continue
            skip_to = a.heading_spans.get(i, 0)
            found = memo.get((text, skip_to))
            if found is None:
                found = memo[text, skip_to] = _candidates(text, skip_to, known, longer, names, headings)
            for base, offset, phrase in found:
                key = next((v for v in sorted(variants(base), key=len) if v in hits), base)
                hits.setdefault(key, []).append((i, offset, phrase))
        for key, places in hits.items():
            i, offset, phrase = places[0]
            key = min((re.sub(r"'s?$", "", p) for _, _, p in places), key=len)
            times = f"used {len(places)} times" if len(places) > 1 else "used"
            out.append(finding(a, i, offset, "undefined-term", ERROR,
                                excerpt(a.texts[i], offset, offset + len(phrase)),
                                f'"{key}" is {times} as a defined term but defined nowhere in this document'
                                + (" or the documents it incorporates" if incorporates(a) else "")))
    return out


def _candidates(text: str, skip_to: int, known: set[str], longer: dict[str, list[str]], names: set[str],
                headings: list[str]) -> list[tuple[str, int, str]]:
    """The capitalized phrases of a paragraph used as defined terms but not explained by what is `known`, in order:
    (the term, its offset, the phrase as written)."""
    found = []
    for m in _CANDIDATE.finditer(text):
        if m.start(1) < skip_to:
            continue
        phrase = m.group(1)
        words = phrase.split()
        words[-1] = re.sub(r"'s?$", "", words[-1])
        if not words[-1]:
            continue
        if _PROMISED.match(text, m.end()):  # "(as defined below)" promises this very term a definition
            if any(v in known for v in variants(" ".join(words))):
                continue
        elif _explained(words, known, names, headings) or _SECTIONS_AFTER.match(text, m.end()) \
                or any(text.startswith(t, m.start(1)) for t in longer.get(words[0], ())) \
                or _ATTACHED.match(text, m.end()) or _AS_DEFINED.match(text, m.end()) \
                or _FIRM.match(text, m.end()):
            continue
        if text[m.start(1) - 1:m.start(1)] == '"' or text[m.end():m.end() + 1] == ":":
            continue
        if len(words) == 1 and words[0] in _SELF and re.match(r"(?i)th(?:is|ese)\b", m.group(0)):
            continue  # "this Agreement", "this Warrant": the document itself
        if _in_holiday_name(text, m.start(1), m.end(1)):
            continue  # "is a New Year's Day", "any Thanksgiving Day": a holiday, named by the calendar
        found.append((" ".join(words), m.start(1), phrase))
    for m in _SERIES_TERM.finditer(text):  # "Series C Warrants" (the word "Series" alone explains nothing)
        if m.start() >= skip_to and text[m.start() - 1:m.start()] != '"' and m.group(1) not in known:
            found.append((m.group(1), m.start(), m.group(1)))
    return found


def _in_holiday_name(text: str, start: int, end: int) -> bool:
    """Is text[start:end] inside a holiday's name? The names come from the calendars the figures use."""
    from assembler.calendar import holiday_names

    for name in holiday_names():
        at = text.find(name, max(0, start - len(name)), end + len(name))
        while at != -1 and at < end:
            if at <= start and end <= at + len(name):
                return True
            at = text.find(name, at + 1, end + len(name))
    return False


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
