"""The scalar types of the term sheet (money, prices, percentages, counts, dates, text) with their bounds, and the base
model every section derives from (unknown keys refused, values frozen).

Every value is bounded (the bounds are listed for paralegals in docs/limits.md; tests/unit/test_limits.py checks
each): amounts, prices and share counts have a largest value, dates lie in MIN_DATE..MAX_DATE, and text is one line of
at most MAX_TEXT characters that is not blank and holds no control, bidirectional-override or other invisible
formatting character (a right-to-left override in a name would reverse the warrant text after it; an ANSI escape
would drive the terminal).
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field


def _plain_decimal(value):
    """Accept `1394400.00`, `1,394,400.00` or `$1,394,400.00` as text; refuse floats and anything else."""
    if isinstance(value, float):
        raise ValueError("a money value must be written as text, not read through float")
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        if text.startswith("$"):
            text = text[1:]
        return text
    return value


def _finite(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError("must be a finite number")
    return value


def _cents(value: Decimal) -> Decimal:
    if value.as_tuple().exponent < -2:
        raise ValueError(f"{value} has more than two decimal places; a dollar amount is whole cents")
    return value


def _price_places(value: Decimal) -> Decimal:
    if value.as_tuple().exponent < -6:
        raise ValueError(f"{value} has more than six decimal places")
    return value


# Bounds (docs/limits.md says the same in words; tests/unit/test_limits.py checks each).
MAX_AMOUNT = Decimal("100000000000.00")  # $100 billion: an investor's amount, an aggregate
MAX_PRICE = Decimal("1000000")  # $1,000,000 per share
MAX_SHARES = 100_000_000_000  # 100 billion shares
MIN_DATE, MAX_DATE = dt.date(1900, 1, 1), dt.date(2099, 12, 31)
MAX_TEXT = 200  # characters in a name, title, address line...
MAX_PROSE = 2000  # characters in a free-text reason (accepted_findings)

# Invisible characters a name must not carry: controls (C0, C1, DEL; tab and line breaks too: a value is one line),
# format characters (bidirectional embeddings, overrides and isolates, zero-width spaces and joiners, soft hyphen,
# byte-order mark), line and paragraph separators, surrogates, private-use and unassigned code points.
_REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def _visible_text(value: str, allow_newlines: bool = False) -> str:
    if not value.strip():
        raise ValueError("is blank; write the text, or leave the field out if it is optional")
    for ch in value:
        if allow_newlines and ch == "\n":
            continue
        if unicodedata.category(ch) in _REFUSED_CATEGORIES:
            name = unicodedata.name(ch, "a control character")
            raise ValueError(f"contains U+{ord(ch):04X} ({name}), an invisible control or formatting character "
                             "that can hide or reorder the text around it; delete it (retype the value)")
    return value


def _at_most(limit, what: str) -> AfterValidator:
    def check(value):
        if value > limit:
            raise ValueError(f"is more than {what}, the largest a term sheet may give (see docs/limits.md)")
        return value
    return AfterValidator(check)


def _in_range(value: dt.date) -> dt.date:
    if not MIN_DATE <= value <= MAX_DATE:
        raise ValueError(f"{value} is outside the dates a term sheet may use ({MIN_DATE} to {MAX_DATE})")
    return value


_DECIMAL = (BeforeValidator(_plain_decimal), AfterValidator(_finite))
Money = Annotated[Decimal, *_DECIMAL, Field(gt=0), _at_most(MAX_AMOUNT, "$100,000,000,000.00"), AfterValidator(_cents)]
Amount = Annotated[Decimal, *_DECIMAL, Field(ge=0), _at_most(MAX_AMOUNT, "$100,000,000,000.00"),
                   AfterValidator(_cents)]  # money that may be nothing (a fee none of which is payable)
Price = Annotated[Decimal, *_DECIMAL, Field(gt=0), _at_most(MAX_PRICE, "$1,000,000 per share"),
                  AfterValidator(_price_places)]
Percent = Annotated[Decimal, *_DECIMAL, Field(gt=0), _at_most(Decimal(1000), "1,000%"), AfterValidator(_price_places)]
Count = Annotated[int, Field(ge=0), _at_most(MAX_SHARES, "100,000,000,000 shares")]
Fraction = Annotated[Decimal, *_DECIMAL, Field(gt=0, le=10), AfterValidator(_price_places)]
Discount = Annotated[Decimal, *_DECIMAL, Field(gt=0, lt=100), AfterValidator(_price_places)]
FeePercent = Annotated[Decimal, *_DECIMAL, Field(ge=0, le=25), AfterValidator(_price_places)]
Days = Annotated[int, Field(ge=1, le=3650)]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT), AfterValidator(_visible_text)]
Prose = Annotated[str, Field(min_length=10, max_length=MAX_PROSE), AfterValidator(lambda v: _visible_text(v, True))]
Date = Annotated[dt.date, AfterValidator(_in_range)]


def exactly_one_of(*groups: tuple[str, ...]) -> ConfigDict:
    """For a model whose validator wants exactly one field of each group: says so in the JSON Schema too (oneOf), so
    that an editor, `assemble new` and the web form offer the choice."""
    one_ofs = [{"oneOf": [{"required": [name]} for name in group]} for group in groups]
    return ConfigDict(json_schema_extra=one_ofs[0] if len(one_ofs) == 1 else {"allOf": one_ofs})


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)
