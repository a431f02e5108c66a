"""In a deal with several series of Warrants on different terms, each executed Warrant says which series it is of (a
review finding: Series A and Series B certificates read alike but for their numbers), in its title ("SERIES B STOCK
PURCHASE WARRANT") and its first paragraph; the placement agent's warrant
says it was issued to the placement agent; each series' form of warrant names its series too
(tests/render/test_series_forms.py)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FOCUS, rendered_set

DEALS = Path(__file__).resolve().parents[1] / "deals"


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("deal", ["two_warrant_series", "units_two_series_agent"])
def test_each_warrant_names_its_series(deal):
    loaded, texts = rendered_set(DEALS / f"{deal}.yaml")
    fig = loaded.figures
    assert len(fig.investor_series) == 2
    for cert in fig.certificates:
        text = flat(texts[f"warrant#{cert.number}"])
        series = fig.series[cert.series]
        said = f"This Warrant is one of the {series.label} issued under the Purchase Agreement."
        if series.index < 0:
            assert "This Warrant is one of the" not in text and "as placement agent" in text
            assert f"Warrant No. {cert.number} STOCK PURCHASE WARRANT" in text
        else:
            assert said in text, cert.number
            assert f"Warrant No. {cert.number} {series.name.upper()} STOCK PURCHASE WARRANT" in text
            assert text.count("This Warrant is one of the") == 1
    for n, s in enumerate(fig.investor_series, start=1):
        assert flat(texts[f"warrant_form#{n}"]).count("This Warrant is one of the") == 1


def test_one_series_says_nothing_of_series():
    texts = rendered_set(FOCUS)[1]
    assert not any("This Warrant is one of the" in t for k, t in texts.items() if k.startswith("warrant"))
