"""placeholder: brackets, blanks, TBD and template tags left in the text, except blanks meant for handwriting (the
Warrant's Notice of Exercise and Assignment Form, signature lines "By: ____")."""
from __future__ import annotations

import re

from assembler.checks.analysis import Analysis, excerpt, finding
from assembler.checks.findings import ERROR

_SIGNATURE_LABEL = re.compile(r"(?:\b(?:By|Name|Title|Its|Date|Dated|Signature|Signed|Print Name|Witness|Attest|"
                              r"Authorized Signatory)\s*:?\s*)$", re.I)
_SIGNATURE_NEXT = re.compile(r"(?:Name|Title|By|Its|Signature|Authorized Signatory|\(Name\)|\(Signature\))\b",
                             re.I)
_NOTE = re.compile(r"(?i)sic|\*+|\.\.\.|reserved|intentionally (?:left )?(?:blank|omitted)|(?:the )?remainder of "
                   r"(?:this )?page[^\[\]]*|signature pages? (?:follows?|to [^\[\]]*)|[^\[\]]*signature page[^\[\]]*|"
                   r"continued|omitted|redacted|confidential treatment requested|page \d+")
_TAGS = re.compile(r"\{\{.{0,80}?\}\}|\{%.{0,80}?%\}|«[^»]{0,60}»|<<[^<>]{0,60}>>|\bTBD\b|\bTBA\b"
                   r"|\{\{|\{%|%\}|\}\}|«|»")
_TAG_MARKS = ("{{", "{%", "%}", "}}", "«", "»", "<<", "TBD", "TBA")  # one of which every match of _TAGS holds
_FORMULA = re.compile(r"[\sA-Z0-9()+\-*/×x.=,]*")


def _segments(a: Analysis, i: int) -> list[tuple[int, str]]:
    """The source lines of a paragraph as (offset, text): several for a .txt paragraph, one otherwise."""
    text = a.texts[i]
    if a.doc.lines is None or i >= len(a.doc.lines):
        return [(0, text)]
    starts = [s for s, _ in a.doc.lines[i]] + [len(text) + 1]
    return [(starts[k], text[starts[k]:starts[k + 1] - 1] if k + 1 < len(starts) - 1 else text[starts[k]:])
            for k in range(len(starts) - 1)]


def placeholders(a: Analysis) -> list[tuple]:
    out = []
    for i, text in enumerate(a.texts):
        # brackets, paired where possible; a bracketed formula "[(A-B) (X)]" is not a placeholder
        stack, pairs = [], []
        if "[" in text or "]" in text:  # most paragraphs have none: the loop over each character is skipped
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
                out.append(finding(a, i, lo, "placeholder", ERROR, excerpt(text, lo, hi + 1),
                                    "bracketed text left in the document"))
            else:
                at = lo if lo is not None else hi
                out.append(finding(a, i, at, "placeholder", ERROR, excerpt(text, at, at + 1),
                                    f"unbalanced '{text[at]}'"))
        for m in _TAGS.finditer(text) if any(t in text for t in _TAG_MARKS) else ():
            tag = m.group(0)
            message = f"'{tag}' left in the document" if len(tag) <= 3 else "template tag left in the document"
            out.append(finding(a, i, m.start(), "placeholder", ERROR, excerpt(text, m.start(), m.end()), message))
        if i >= a.form_start or i in a.to_complete or "___" not in text:
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
            out.append(finding(a, i, start + first.start(), "placeholder", ERROR,
                                excerpt(line, first.start(), blanks[-1].end()),
                                "blank left to be filled in" if len(blanks) == 1 else
                                f"{len(blanks)} blanks left to be filled in"))
    return out
