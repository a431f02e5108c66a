"""The cover memo names the draft's sections, never the form's numbers as the draft's: an adaptation (the form's
plural references made singular for one Investor) is recorded where it changed the form, and the memo turns those
places into the draft's numbers (the current edition adds definitions, so the form's 1.17 is the draft's 1.18)."""
from __future__ import annotations

import re

from conftest import NORTHWIND, rendered_set


def _sections(text: str) -> dict[str, str]:
    """Each 'Section 1.N.' paragraph of the Purchase Agreement's definitions, by number."""
    return {m.group(1): line for line in text.splitlines() if (m := re.match(r"Section (1\.\d+)\. ", line))}


def test_the_memo_cites_an_adaptations_definitions_by_the_drafts_numbers():
    _, texts = rendered_set(NORTHWIND, memo=True)
    memo, pa = texts["cover_memo"], _sections(texts["purchase_agreement"])
    checked = 0
    for opening, word in (("There is one Investor", "Investor"), ("The Investor receives one Warrant", "Warrant")):
        line = next(line for line in memo.splitlines() if opening in line)
        cited = re.findall(r"Section (1\.\d+)\b", line.rpartition(". (")[2])
        assert cited, line
        for number in cited:  # each cited definition uses the word the adaptation changed
            assert word.lower() in pa[number].lower(), f"{opening}: Section {number} is {pa[number][:60]!r}"
            checked += 1
    assert checked >= 4
