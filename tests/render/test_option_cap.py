"""Purchase Agreement 6.9 excepts from the standstill on discounted sales the exercise of warrants and options
outstanding at signing, up to the term sheet's cap. With no cap (0, the default) the exception is left out and the
strategic-transaction exception becomes clause (iii): the form's words would read "not exercisable for more than 0
shares" (a review finding)."""
from __future__ import annotations

import re
from pathlib import Path

from conftest import FOCUS, rendered_set

KODIAK = Path(__file__).resolve().parents[1] / "deals" / "placement_agent_warrants.yaml"


def standstill(texts) -> str:
    return next(line for line in texts["purchase_agreement"].splitlines() if "key consultants" in line)


def test_no_cap_leaves_the_exception_out():
    loaded, texts = rendered_set(KODIAK)
    assert loaded.term_sheet.capitalization.future_financing_option_cap == 0
    clause = standstill(texts)
    assert "more than 0 shares" not in clause and "(iv)" not in clause
    assert re.search(r"key consultants or \(iii\) with the prior approval of a majority in interest", clause)


def test_a_cap_keeps_the_forms_exception():
    loaded, texts = rendered_set(FOCUS)
    clause = standstill(texts)
    assert ("key consultants, (iii) pursuant to the exercise of any other warrants or options which are issued and "
            "outstanding on the date hereof (and which are not exercisable for more than 300,000 shares of Common "
            "Stock in the aggregate) or (iv) with the prior approval") in clause
