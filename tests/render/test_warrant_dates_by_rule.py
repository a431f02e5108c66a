"""A warrant date counted from the Closing, in a document fixed before the Closing, is stated as its rule.

The form of warrant is attached to the Purchase Agreement at signing and the Board adopts its resolutions before
that; the Warrants are issued at the Closing, which may move toward the outside date. A date computed from the
scheduled Closing would then be wrong in the agreed form and in the adopted resolutions, while the executed Warrants
(rendered again for the Closing) state the real dates. So those documents state the rule ("the date that is six (6)
months after the Closing Date", not after "the date of issuance of this Warrant", which a Warrant issued in exchange
would restart), and the executed Warrants the date.
"""
from __future__ import annotations

import re

import pytest

from assembler.format import long_date
from assembler.rules import BusinessDayConvention
from assembler.termsheet.securities import InitialExercise, Warrants
from conftest import FOCUS, NORTHWIND, rendered_set, variant

ISSUED = "the Closing Date (as defined in the Purchase Agreement referred to below)"
HOLIDAY = ("(or, if that date is a Saturday, Sunday or legal holiday, the next succeeding day that is not a Saturday, "
           "Sunday or legal holiday)")
FORM_RULE = (f'on or after the date that is six (6) months after {ISSUED} (the "Initial Exercise Date") and on or prior '
             f"to the close of business on the date that is five (5) years after the Initial Exercise Date {HOLIDAY} "
             '(the "Termination Date")')
BOARD_RULE = ("exercisable from the date that is six (6) months after the Closing Date through the date that is five "
              f"(5) years after the date on which the Warrant first becomes exercisable {HOLIDAY}, be")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).replace("\u201c", '"').replace("\u201d", '"')


def resolution(text: str) -> str:
    return next(p for p in flat(text).split("RESOLVED, that ") if p.startswith("the issuance by the Company to the "
                                                                              "Investor") and "Warrant Shares" in p)


def test_northwind_form_and_resolutions_state_the_rule_and_the_warrants_the_dates():
    loaded, texts = rendered_set(NORTHWIND)
    series = loaded.figures.investor_series[0]
    assert FORM_RULE in flat(texts["warrant_form"])
    assert long_date(series.initial_exercise) not in texts["warrant_form"]
    warrant = flat(texts["warrant#W-1"])
    assert (f'on or after {long_date(series.initial_exercise)} (the "Initial Exercise Date") and on or prior to the '
            f'close of business on {long_date(series.termination)} (the "Termination Date")') in warrant
    assert BOARD_RULE in resolution(texts["board_consent"])
    # the Secretary's Certificate certifies the text the Board adopted, word for word
    assert resolution(texts["secretarys_certificate"]) == resolution(texts["board_consent"])


def test_a_later_closing_leaves_the_form_and_the_resolutions_word_for_word(tmp_path):
    """The point of stating the rule: the Closing moves a week and what was fixed before it still reads true, while the
    executed Warrants follow the Closing."""
    before = rendered_set(NORTHWIND)
    path, _ = variant(tmp_path, ("closing_date: 2026-12-08", "closing_date: 2026-12-15"), base=NORTHWIND)
    after = rendered_set(path)
    assert after[1]["warrant_form"] == before[1]["warrant_form"]
    assert resolution(after[1]["board_consent"]) == resolution(before[1]["board_consent"])
    moved = after[0].figures.investor_series[0].initial_exercise
    assert moved != before[0].figures.investor_series[0].initial_exercise
    assert f"on or after {long_date(moved)} (the" in flat(after[1]["warrant#W-1"])


def test_signed_at_the_closing_the_form_states_the_dates(tmp_path):
    """Signed and closed the same day, the form's dates are known when it is attached; the resolutions, adopted before
    the Closing, still state the rule."""
    path, _ = variant(tmp_path, ("closing_date: 2026-12-08", "closing_date: 2026-11-20"), base=NORTHWIND)
    loaded, texts = rendered_set(path)
    series = loaded.figures.investor_series[0]
    form = flat(texts["warrant_form"])
    assert f'on or after {long_date(series.initial_exercise)} (the "Initial Exercise Date")' in form
    assert ISSUED not in form
    assert BOARD_RULE in resolution(texts["board_consent"])


def test_fixed_dates_are_stated_as_dates():
    loaded, texts = rendered_set(FOCUS)
    series = loaded.figures.investor_series[0]
    dates = f"from {long_date(series.initial_exercise)} through {long_date(series.termination)}"
    assert dates == "from December 1, 1999 through December 1, 2004"
    assert dates in resolution(texts["board_consent"])
    assert f'on or after {long_date(series.initial_exercise)} (the "Initial' in flat(texts["warrant_form"])


def _warrants(**terms) -> Warrants:
    base = {"coverage_percent": 10, "exercise_price": {"fixed": "2.00"}, "initial_exercise": {"months_after_closing": 6},
            "term_years": 5}
    return Warrants.model_validate({**base, **terms})


@pytest.mark.parametrize("start, words", [
    ({"date": "2027-01-04"}, None),
    ({"days_after_closing": 0}, "ISSUED"),
    ({"days_after_closing": 1}, "the date that is one (1) day after ISSUED"),
    ({"days_after_closing": 90}, "the date that is ninety (90) days after ISSUED"),
    ({"months_after_closing": 1}, "the date that is one (1) month after ISSUED"),
    ({"months_after_closing": 18}, "the date that is eighteen (18) months after ISSUED"),
])
def test_initial_exercise_words(start, words):
    assert InitialExercise.model_validate(start).words("ISSUED") == words


@pytest.mark.parametrize("terms, words", [
    ({}, "the date that is five (5) years after FIRST"),
    ({"term_years": 1}, "the date that is one (1) year after FIRST"),
    ({"term_years": None, "term_months": 42}, "the date that is forty-two (42) months after FIRST"),
    ({"term_from": "issuance"}, "the date that is five (5) years after ISSUED"),
    ({"initial_exercise": {"date": "2027-01-04"}, "term_from": "issuance"},
     "the date that is five (5) years after ISSUED"),
    ({"initial_exercise": {"date": "2027-01-04"}}, None),  # counted from a fixed date: known
    ({"term_years": None, "expiration": {"date": "2031-06-30"}}, None),
    ({"termination_convention": "preceding"},
     "the date that is five (5) years after FIRST (or, if that date is a Saturday, Sunday or legal holiday, the "
     "immediately preceding day that is not a Saturday, Sunday or legal holiday)"),
])
def test_termination_words(terms, words):
    assert _warrants(**terms).termination_words("ISSUED", "FIRST") == words


def test_every_convention_says_how_a_stated_rule_moves():
    for convention in BusinessDayConvention:
        clause = convention.date_clause
        assert (clause == "") == (convention is BusinessDayConvention.none)
        assert clause == "" or clause.startswith(" (or, if that date is a Saturday, Sunday or legal holiday, the ")
