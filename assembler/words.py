"""Numbers in words, US legal style, from the maintained `inflect` package.

inflect's defaults give British style ("one hundred and twenty"); we pass `andword=""` and `comma=""` so the words
read "one hundred twenty", and we never print "zero cents". Tests pin the style.
"""
from __future__ import annotations

from decimal import Decimal


def _import_inflect():
    """inflect decorates its methods with typeguard's @typechecked, which instruments them at import: 2.3 s here
    (0.1 s without). Argument type-checking of a library we call with ints is not worth that on every command, so
    the decorator is a no-op while inflect is imported (exactly what `python -O` does). inflect takes nothing else
    from typeguard, so it imports a stand-in holding only that no-op, not typeguard itself (0.04-0.06 s of imports:
    typeguard brings unittest.mock and asyncio); the stand-in is gone once inflect is in, and whoever imports
    typeguard afterwards gets the real one."""
    import sys
    import types

    if "inflect" in sys.modules:
        return sys.modules["inflect"]
    stand_in = types.ModuleType("typeguard")
    stand_in.typechecked = lambda target=None, **_: target if target is not None else (lambda f: f)
    real = sys.modules.get("typeguard")
    sys.modules["typeguard"] = stand_in
    try:
        import inflect
    finally:
        if real is None:
            del sys.modules["typeguard"]
        else:
            sys.modules["typeguard"] = real
    return inflect


_ENGINE = _import_inflect().engine()

_FRACTIONS = {Decimal("0.25"): "one-quarter", Decimal("0.5"): "one-half", Decimal("0.75"): "three-quarters"}


def integer_words(n: int) -> str:
    """871500 -> "eight hundred seventy-one thousand five hundred"."""
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError(f"integer_words needs an int, got {type(n).__name__}")
    if n < 0:
        return "minus " + integer_words(-n)
    return _ENGINE.number_to_words(n, andword="", comma="", zero="zero")


def decimal_words(value: Decimal) -> str:
    """1 -> "one"; 1.5 -> "one and one-half"; 2.35 -> "two and thirty-five hundredths"."""
    value = Decimal(value)
    whole = int(value)
    fraction = value - whole
    if fraction == 0:
        return integer_words(whole)
    if fraction in _FRACTIONS:
        return f"{integer_words(whole)} and {_FRACTIONS[fraction]}" if whole else _FRACTIONS[fraction]
    digits = -fraction.normalize().as_tuple().exponent
    numerator = int(fraction.scaleb(digits))
    unit = {1: "tenth", 2: "hundredth", 3: "thousandth", 4: "ten-thousandth"}.get(digits)
    if unit is None:
        raise ValueError(f"{value} has too many decimal places to write in words")
    part = f"{integer_words(numerator)} {unit}{'' if numerator == 1 else 's'}"
    return f"{integer_words(whole)} and {part}" if whole else part


def dollars_words(amount: Decimal) -> str:
    """2000000 -> "Two Million Dollars"; 2499998.31 -> "Two Million ... Ninety-Eight and 31/100 Dollars"."""
    amount = Decimal(amount)
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"{amount} is not a whole number of cents")
    whole = int(amount)
    cents = int((amount - whole) * 100)
    words = _title(integer_words(whole))
    unit = "Dollar" if whole == 1 and not cents else "Dollars"
    return f"{words} and {cents:02d}/100 {unit}" if cents else f"{words} {unit}"


def roman(n: int) -> str:
    """n in upper-case Roman numerals (ARTICLE IV; clause (iv) and Word's upperRoman/lowerRoman list labels)."""
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _title(text: str) -> str:
    return " ".join("-".join(part.capitalize() for part in word.split("-")) for word in text.split())
