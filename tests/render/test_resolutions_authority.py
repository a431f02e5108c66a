"""The Board's General Authority resolution names every instrument the officers sign, the placement agent's warrant
among them (it was covered only by "other instruments"), and a unit deal's resolutions price the Shares per Unit as
the Purchase Agreement defines it (a review finding). The Secretary's Certificate certifies the same words."""
from __future__ import annotations

import re
from pathlib import Path

from conftest import FOCUS, rendered_set

UNITS = Path(__file__).resolve().parents[1] / "deals" / "units_two_series_agent.yaml"


def authority(text: str) -> str:
    return next(p for p in re.sub(r"\s+", " ", text).split("RESOLVED, that ") if "execute and deliver the Purchase" in p)


def test_the_officers_sign_the_placement_agent_warrant():
    texts = rendered_set(UNITS)[1]
    for key in ("board_consent", "secretarys_certificate"):
        assert ("execute and deliver the Purchase Agreement, the Warrants, the Placement Agent Warrant, the "
                "Registration Rights Agreement") in authority(texts[key])
        assert "at a purchase price per Unit (as defined in the Purchase Agreement) equal to" in texts[key]


def test_without_an_agent_warrant_none_is_named():
    texts = rendered_set(FOCUS)[1]
    assert "Placement Agent Warrant" not in authority(texts["board_consent"])
    assert "per share" in texts["board_consent"] and "per Unit" not in texts["board_consent"]
