"""several-closings: a deal with one Closing whose documents speak of several ("the second Closing", "at each
Closing", "any Closing", "the Closings"), as the 1999 form does by mistake. Several closings are out of scope for
the tool, so a rendered set never says this; on a foreign set the check applies when the set defines "Closing" and
no second closing (no "Closings", "Initial Closing", "Subsequent Closing", "Additional Closing", tranche...)."""
from __future__ import annotations

import re

from assembler.checks.analysis import Analysis, excerpt, finding
from assembler.checks.findings import ERROR
from assembler.checks.terms import find_definitions

_SEVERAL = re.compile(r"\b(?:(?i:second|third|first|initial|subsequent|additional|later|final|each|every|any|all|"
                      r"other|another|either)\s+Closings?|Closings)(?:\s+Dates?)?\b(?!\s+(?!Dates?\b)[A-Z])")
_SEVERAL_DEFINED = re.compile(r"\bClosings\b|\bClosing Dates\b|\b(?:Initial|First|Second|Subsequent|Additional|"
                              r"Option|Final|Later|Tranche|Interim)\s+Closing\b|\bTranche")


def several_closings(analyzed: list[Analysis]) -> list[tuple]:
    definitions = [d for a in analyzed for d in find_definitions(a)]
    closing = next((d for d in definitions if d.term == "Closing"), None)
    if closing is None or any(_SEVERAL_DEFINED.search(d.term) for d in definitions):
        return []
    out = []
    for a in analyzed:
        if a.compilation:
            continue  # pages of the other documents, checked there
        for i, text in enumerate(a.texts):
            for m in _SEVERAL.finditer(text) if "Closing" in text else ():  # every match holds "Closing"
                out.append(finding(a, i, m.start(), "several-closings", ERROR, excerpt(text, m.start(), m.end()),
                                   f'"{m.group(0)}" speaks of several closings, but the deal has one Closing '
                                   f"(defined at {closing.location})", closing.location))
    return out
