"""Typesetting applied at layout, the same for the DOCX and the PDF: curly quotes and apostrophes, and non-breaking
spaces where a line must not break ("November 24, 1999", "Section 2.1", "Article IX", "Rule 405", an officer's title:
"Chief Executive Officer", "Chairman of the Board"), and a word joiner between the parenthesized parts of a clause
number ("2.1(b)(ii)", which Pango would break after "(b)").

The document's text (tree.py, golden snapshots, diffs) keeps straight quotes and plain spaces; the readers of DOCX
and PDF files turn the typeset characters back (`plain`), so the checks compare words with words."""
from __future__ import annotations

import re
from functools import lru_cache

NBSP = "\u00a0"
WJ = "\u2060"  # word joiner: no line break between the parts of a clause number ("2.1(b)(ii)")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE = re.compile(rf"\b({_MONTHS}) (\d{{1,2}}), (\d{{4}})\b")
_LABEL = re.compile(r"\b(Sections?|Articles?|Rule|Exhibit|Annex|Schedule|Form) (?=(\d|[IVXLC]+\b|[A-Z]\b))")
_OFFICE = re.compile(r"\b(?:Chief (?:Executive|Financial|Operating|Accounting|Legal|Compliance) Officer|Chairman of the "
                     r"Board|Managing (?:Director|Member)|General Counsel)\b")
_OPENS_AFTER = "([{\u2014\u2013-/" + NBSP  # a quote after these (or a space, or nothing) opens
_PLAIN = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", NBSP: " ", WJ: None})
_CLAUSE_PARTS = re.compile(r"(?<=[\w)])\)\((?=\w{1,5}\))")  # ")(" inside "2.1(b)(ii)", "3(e)(ii)"


@lru_cache(maxsize=1 << 16)  # a pure function of its arguments; a set repeats its text (every Warrant, PDF and DOCX)
def typeset(text: str, before: str = "") -> str:
    """`text` with curly quotes and non-breaking spaces; `before`: the character that precedes it (the previous
    run's last), which decides whether a quote at its start opens or closes."""
    text = _DATE.sub(rf"\1{NBSP}\2,{NBSP}\3", text)
    text = _LABEL.sub(rf"\1{NBSP}", text)
    text = _CLAUSE_PARTS.sub(f"){WJ}(", text)
    text = _OFFICE.sub(lambda m: m.group().replace(" ", NBSP), text)  # a signature block's title wraps between offices
    out, prev = [], before
    for ch in text:
        opens = not prev or prev.isspace() or prev in _OPENS_AFTER
        if ch == '"':
            ch = "\u201c" if opens else "\u201d"
        elif ch == "'":
            ch = "\u2018" if opens or prev == "\u201c" else "\u2019"
        out.append(ch)
        prev = ch
    return "".join(out)


def plain(text: str) -> str:
    """Typeset text back to the document's characters: straight quotes, plain spaces."""
    return text.translate(_PLAIN)
