"""missing-reference (a Section, Article, Exhibit or Schedule the document or set does not have) and enumeration
(clauses (a), (a) or (i), (iii) at the start of paragraphs)."""
from __future__ import annotations

import re

from assembler.checks.analysis import CLAUSE, INSTRUMENTS, Analysis, enumerator_kinds, excerpt, finding, show
from assembler.checks.findings import ERROR
from assembler.checks.terms import find_definitions


def enumeration(a: Analysis) -> list[tuple]:
    out = []
    for key, events in a.scopes:
        stack: list[list] = []  # [kind, value]
        for k, (i, token, offset) in enumerate(events):
            kinds = enumerator_kinds(token)
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
                    and not CLAUSE.match(a.texts[i - 1]):
                del stack[level + 1:]
                stack[level][1] = value  # a new list after a lead-in paragraph ("... the Investors shall:")
                continue
            where = f"Section {key}" if not key.endswith(".") else key
            if value == previous:
                message = f"{show(kind, value)} repeats the enumerator before it in {where}"
            elif value < previous:
                message = f"{show(kind, value)} follows {show(kind, previous)} in {where}"
            else:
                missing = ", ".join(show(kind, v) for v in range(previous + 1, value))
                message = f"{show(kind, value)} follows {show(kind, previous)} in {where}: {missing} missing"
            out.append(finding(a, i, offset, "enumeration", ERROR, excerpt(text, offset, offset + 60), message))
            del stack[level + 1:]
            stack[level][1] = value
    return out


# ---------------------------------------------------------------------------------------------------- 3 references

_REF = r"(\d+(?:\.\d+)*)(?![\w-]|\.\d)((?: ?\((?:[a-z]{1,5}|\d{1,2})\))*)"
_SECTION_REF = re.compile(r"\bSections? " + _REF + r"((?:(?:,| and| or| and/or| through| to|,? and|,? or)"
                          r" (?:Sections? )?(?:" + _REF + r"|\((?:[a-z]{1,5})\)))*)")
_ARTICLE_REF = re.compile(r"\bArticles? ([IVXLC]+)\b((?:(?:,| and| or| through) (?:Articles? )?[IVXLC]+\b)*)")
# a lettered exhibit may be numbered under its letter ("Exhibit A-2": one of several forms of warrant)
_EXHIBIT_REF = re.compile(r"\b(Exhibit|Schedule|Annex)s? ([A-Z](?:-\d{1,2})?|\d+(?:\.\d+)?)\b"
                          r"((?:(?:,| and| or) (?:[A-Z](?:-\d{1,2})?)\b)*)")
_INTERNAL_AFTER = re.compile(r",? (?:above|below|hereof|herein|hereto|hereunder|of this (?:Agreement|Warrant|letter)|"
                             r"of these instructions)\b")
_OF_AFTER = re.compile(r",? (?:of|under|to|in|pursuant to) (?:the |this |such |any )?"
                       r"((?:United States |U\.S\. )?(?:[A-Z][\w.&'-]*|\d+)"
                       r"(?: (?:of |and )?(?:[A-Z][\w.&'-]*|\d{4}))*)")
_OTHER_CODE = re.compile(r"(?:Treas(?:ury)?\.?\s+Reg(?:ulations?|s?\.)|U\.S\.C\.|C\.F\.R\.|Code|Act)\s*$")
_STATUTE = re.compile(r"\b(?:of|under) (?:the )?(?:United States )?(?:[A-Z][\w.&-]* ){0,5}(?:Act|Code|Law|Rules|"
                      r"Regulations)\b|\b(?:of|under) Regulation [A-Z]+\b|\b(?:of|under) Rule \d+")


def references(analyzed: list[Analysis]) -> list[tuple]:
    out = []
    defined = set()
    for a in analyzed:
        defined |= {d.term for d in find_definitions(a)}
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
                    out.append(finding(a, i, offset, "missing-reference", ERROR,
                                        excerpt(text, offset, offset + len(name)),
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
                        out.append(finding(a, i, m.start(), "missing-reference", ERROR,
                                            excerpt(text, m.start(), m.end()), f"Article {numeral} does not exist"))
            if not have_attachments:
                continue
            for m in _EXHIBIT_REF.finditer(text):
                if inside(m.start()) or (a.texts[i].strip() == m.group(0)):
                    continue
                kind = m.group(1)
                letters = [m.group(2)] + re.findall(r"\b[A-Z](?:-\d{1,2})?\b", m.group(3))
                if _OF_AFTER.match(text, m.end()) and not _INTERNAL_AFTER.match(text, m.end()):
                    inst = _OF_AFTER.match(text, m.end()).group(1)
                    if not any(inst.startswith(n) for n in ("this", "This")):
                        continue  # an exhibit to another instrument ("Exhibit 4.5 to the Form 10-K")
                for letter in letters:
                    if kind == "Exhibit" and not letter[0].isalpha():  # "Exhibit 4.5" (of a filing), not "A-2"
                        continue
                    if (kind.lower(), letter) in exhibits:
                        continue
                    out.append(finding(a, i, m.start(), "missing-reference", ERROR,
                                        excerpt(text, m.start(), m.end()),
                                        f"{kind} {letter} is referred to but is not in the set"))
    return out


def _title(a: Analysis) -> str:
    return INSTRUMENTS.get(a.role, (a.doc.name,))[0]


def _target(a: Analysis, text: str, end: int, by_role: dict) -> Analysis | None:
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


def _has_section(a: Analysis, number: str, clauses: str) -> bool:
    if number not in a.sections:
        return False
    chain = re.findall(r"\(([^)]+)\)", clauses)
    if not chain:
        return True
    key = number + "".join(f"({c})" for c in chain)
    if key in a.clause_names or key in _clause_keys(a):
        return True
    if a.doc.tree is not None:
        return False  # the tree knows every clause; "(c)" elsewhere in the text ("Rule 144(c)") is not one
    body = a.text_of(number)
    return all(f"({c})" in body for c in chain)


def _clause_keys(a: Analysis) -> set[str]:
    cached = getattr(a, "_keys", None)
    if cached is not None:
        return cached
    keys: set[str] = set()
    for key, events in a.scopes:
        stack: list[tuple[str, int, str]] = []
        for k, (i, token, _) in enumerate(events):
            kinds = enumerator_kinds(token)
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
