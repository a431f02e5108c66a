"""Trading days and business days, from the maintained `holidays` package (no hand-kept holiday list).

- Trading days: the principal market's exchange calendar (`holidays.financial_holidays("NYSE")`; Nasdaq keeps the
  NYSE holidays), weekends closed. It knows one-off closings such as 2004-06-11 (President Reagan's funeral).
- Business days (filing deadlines, "Saturday, Sunday or legal holiday"): United States federal holidays, the days the
  SEC is closed, weekends closed.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from . import holiday_tables
from .rules import BusinessDayConvention

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Calendar:
    """A named set of closed days: weekends plus the holidays of `kind`."""

    name: str
    kind: str  # "exchange:NYSE" or "federal:US"

    def closed_reason(self, day: dt.date) -> str | None:
        """Why `day` is not open (e.g. "Saturday", "Thanksgiving Day"), or None if it is open."""
        if day.weekday() >= 5:
            return day.strftime("%A")
        return _holidays(self.kind, day.year).get(day)

    def is_open(self, day: dt.date) -> bool:
        return self.closed_reason(day) is None

    def previous_open(self, day: dt.date) -> dt.date:
        """The last open day strictly before `day`."""
        day -= ONE_DAY
        while not self.is_open(day):
            day -= ONE_DAY
        return day

    def next_open(self, day: dt.date) -> dt.date:
        """The first open day on or after `day`."""
        while not self.is_open(day):
            day += ONE_DAY
        return day

    def open_days_ending(self, last: dt.date, count: int) -> list[dt.date]:
        """`count` open days ending on `last` (which must be open), oldest first."""
        days = [last]
        while len(days) < count:
            days.append(self.previous_open(days[-1]))
        return sorted(days)


@lru_cache(maxsize=None)
def _holidays(kind: str, year: int) -> dict[dt.date, str]:
    """The closed days of `kind` in `year` and their names (holiday_tables.py: from the user's cache when this version
    of `holidays` made them before; raises NotImplementedError for a market it does not know)."""
    return holiday_tables.table(kind, year)


@lru_cache(maxsize=None)
def holiday_names(kinds: tuple[str, ...] = ("federal:US", "exchange:NYSE"), first: int = 1970,
                  last: int = 2060) -> frozenset[str]:
    """Every name these calendars give a closed day ("New Year's Day", "Thanksgiving Day"), without "(observed)": a
    document that says why a date rolled names the holiday, and the document checks must read it as a name."""
    names: set[str] = set()
    for kind in kinds:
        for year in range(first, last + 1):
            names.update(n.removesuffix(" (observed)") for n in _holidays(kind, year).values())
    return frozenset(names)

def trading_calendar(market_calendar: str) -> Calendar:
    return Calendar(f"{market_calendar} trading days", f"exchange:{market_calendar}")


# The names the audit trail gives the calendars, as a paralegal says them; where their days come from (the holidays
# package: financial_holidays(code), country_holidays("US")) is in docs/figures.md and the module docstring.
BUSINESS_DAYS = Calendar("US federal business days", "federal:US")


def supported_exchange(code: str) -> bool:
    try:
        _holidays(f"exchange:{code}", 2000)
    except NotImplementedError:
        return False
    return True


@dataclass(frozen=True)
class Rolled:
    """A deadline before and after its business-day convention."""

    unadjusted: dt.date
    date: dt.date
    convention: BusinessDayConvention
    reason: str | None  # why the unadjusted day was not a business day

    @property
    def rolled(self) -> bool:
        return self.date != self.unadjusted


def roll(day: dt.date, convention: BusinessDayConvention, calendar: Calendar = BUSINESS_DAYS) -> Rolled:
    reason = calendar.closed_reason(day)
    if reason is None or convention is BusinessDayConvention.none:
        return Rolled(day, day, convention, reason)
    if convention is BusinessDayConvention.preceding:
        return Rolled(day, calendar.previous_open(day + ONE_DAY), convention, reason)
    following = calendar.next_open(day)
    if convention is BusinessDayConvention.modified_following and following.month != day.month:
        return Rolled(day, calendar.previous_open(day + ONE_DAY), convention, reason)
    return Rolled(day, following, convention, reason)


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day of the month `months` later, clamped to the last day of a shorter month (Jan 31 + 1 = Feb 28/29)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")
