"""The scalar types of the term sheet (money, prices, percentages, counts, text) with their bounds, and the base model
every section derives from (unknown keys refused, values frozen)."""
from __future__ import annotations

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


Money = Annotated[Decimal, BeforeValidator(_plain_decimal), AfterValidator(_finite), AfterValidator(_cents),
                  Field(gt=0)]
Price = Annotated[Decimal, BeforeValidator(_plain_decimal), AfterValidator(_finite), AfterValidator(_price_places),
                  Field(gt=0)]
Percent = Annotated[Decimal, BeforeValidator(_plain_decimal), AfterValidator(_finite), Field(gt=0, le=1000)]
Count = Annotated[int, Field(ge=0)]
Fraction = Annotated[Decimal, BeforeValidator(_plain_decimal), AfterValidator(_finite), Field(gt=0, le=10)]
Discount = Annotated[Decimal, BeforeValidator(_plain_decimal), AfterValidator(_finite), Field(gt=0, lt=100)]
FeePercent = Annotated[Decimal, BeforeValidator(_plain_decimal), AfterValidator(_finite), Field(ge=0, le=25)]
Days = Annotated[int, Field(ge=1, le=3650)]
Text = Annotated[str, Field(min_length=1)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)
