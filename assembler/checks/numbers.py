"""words-figures: a number, percentage or amount in words that disagrees with its figures ("one hundred fifty
(120) days")."""
from __future__ import annotations

import re
from decimal import Decimal

from assembler.checks.analysis import Analysis, excerpt, finding
from assembler.checks.findings import ERROR

_UNITS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine".split())}
_TEENS = {w: n + 10 for n, w in enumerate("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen "
                                          "nineteen".split())}
_TENS = {w: 10 * n for n, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
         if n >= 2}
_SCALES = {"thousand": 10 ** 3, "million": 10 ** 6, "billion": 10 ** 9, "trillion": 10 ** 12}
_FRACTIONS = {"half": Decimal("0.5"), "halves": Decimal("0.5"), "quarter": Decimal("0.25"),
              "quarters": Decimal("0.25"), "third": Decimal(1) / 3, "thirds": Decimal(1) / 3}
_NUMBER_WORDS = set(_UNITS) | set(_TEENS) | set(_TENS) | set(_SCALES) | {"hundred", "and"} | set(_FRACTIONS)


def parse_number_words(words: list[str]) -> Decimal | None:
    """English number words ("one hundred twenty-five thousand", "two and one-half") -> value, or None."""
    tokens = [t for w in words for t in w.lower().split("-") if t]
    if not tokens:
        return None
    fraction = Decimal(0)
    if len(tokens) >= 2 and tokens[-1] in _FRACTIONS and tokens[-2] in _UNITS:
        fraction = _UNITS[tokens[-2]] * _FRACTIONS[tokens[-1]]
        tokens = tokens[:-2]
        if tokens and tokens[-1] == "and":
            tokens = tokens[:-1]
            if not tokens:
                return None
        if not tokens:
            return fraction
    total, group, last, scale_seen = 0, 0, None, None
    for t in tokens:
        if t == "and":
            if last not in ("hundred", "scale"):
                return None
            last = "and"
        elif t in _UNITS:
            if last in ("unit", "teen"):
                return None
            group += _UNITS[t]
            last = "unit"
        elif t in _TEENS:
            if last in ("unit", "teen", "tens"):
                return None
            group += _TEENS[t]
            last = "teen"
        elif t in _TENS:
            if last in ("unit", "teen", "tens"):
                return None
            group += _TENS[t]
            last = "tens"
        elif t == "hundred":
            if last not in ("unit", "teen") or group >= 100:
                return None
            group *= 100
            last = "hundred"
        elif t in _SCALES:
            if last in (None, "and", "scale") or group == 0 or (scale_seen and _SCALES[t] >= scale_seen):
                return None
            total += group * _SCALES[t]
            scale_seen, group, last = _SCALES[t], 0, "scale"
        else:
            return None
    if last in (None, "and"):
        return None
    return Decimal(total + group) + fraction


_FIGURES = re.compile(r"\(\s*(\$\s*)?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:/(\d+))?\s*(%|percent)?\s*\)")
_TOKEN = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*|\d{1,2}/100|\S")


def words_figures(a: Analysis) -> list[tuple]:
    out = []
    for i, text in enumerate(a.texts):
        for m in _FIGURES.finditer(text):
            window_start = max(0, m.start() - 240)
            tokens = [(t.group(0), t.start()) for t in _TOKEN.finditer(text, window_start, m.start())]
            k = len(tokens)
            kind, cents = "", Decimal(0)
            if k and tokens[k - 1][0].lower() in ("dollars", "dollar"):
                kind, k = "money", k - 1
                if k >= 2 and re.fullmatch(r"\d{1,2}/100", tokens[k - 1][0]) and tokens[k - 2][0].lower() == "and":
                    cents, k = Decimal(tokens[k - 1][0].split("/")[0]) / 100, k - 2
                elif k >= 2 and tokens[k - 1][0].lower() == "no/100":
                    k -= 2
            elif k and tokens[k - 1][0].lower() == "percent":
                kind, k = "percent", k - 1
            elif k >= 2 and tokens[k - 1][0].lower() == "cent" and tokens[k - 2][0].lower() == "per":
                kind, k = "percent", k - 2
            run_end = k
            while k and all(p in _NUMBER_WORDS for p in tokens[k - 1][0].lower().split("-")):
                k -= 1
            run = tokens[k:run_end]
            while run and run[0][0].lower() == "and":
                run = run[1:]
            value, used = None, []
            for s in range(len(run)):
                if run[s][0].lower() == "and":
                    continue
                value = parse_number_words([w for w, _ in run[s:]])
                if value is not None:
                    used = run[s:]
                    break
            if value is None:
                continue
            value += cents
            # "one-half of one percent (0.5%)"
            before = text[max(0, used[0][1] - 20):used[0][1]].lower()
            frac = re.search(r"\b(one|three)-(half|quarter|quarters) of $", before)
            if frac:
                value *= _UNITS[frac.group(1)] * _FRACTIONS[frac.group(2)]
            figure = Decimal(m.group(2).replace(",", "") + (m.group(3) or ""))
            if m.group(4):
                figure = figure / Decimal(m.group(4))
            start = used[0][1]
            words = text[start:m.start()].strip()
            figure_kind = "money" if m.group(1) else "percent" if m.group(5) else ""
            if abs(value - figure) >= Decimal("1e-9"):
                out.append(finding(a, i, start, "words-figures", ERROR, excerpt(text, start, m.end()),
                                    f'"{words}" is {_plain(value)} but the figures say {_plain(figure)}'))
            elif kind and figure_kind and kind != figure_kind:
                out.append(finding(a, i, start, "words-figures", ERROR, excerpt(text, start, m.end()),
                                    f'"{words}" is written as {kind} but its figures as {figure_kind}'))
    return out


def _plain(value: Decimal) -> str:
    value = value.normalize()
    return f"{value:,f}" if value == value.to_integral() else f"{value:f}"
