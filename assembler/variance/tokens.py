"""A paragraph as the variance report compares it: words, each with a key (what is compared) and its text (what a
reader is shown).

Layout is not wording, so it is taken out of the key: the typed or automatic number a paragraph begins with (kept
aside as its place), spacing, straight or curly quotes, the length of a blank, "ss." for "§" and "§" for "Section".
Deal facts are masked on both sides: in the draft, what the term sheet filled in (marked by the rendering,
document/facts.py); in the form, the form deal's own names (form.yaml); on both, dates, amounts, percentages and
numbers in words and figures. A masked fact is one token, whatever its number of words:

- FACT   a fact of the draft, or a name of the form's deal: key "⟨⟩", equal to any other FACT;
- VALUE  a date, amount, percentage or number written in the text itself: key "⟨value⟩", so that a number the form
         and a template both type is compared as it is ("five (5)" against "three (3)" is a change), while a VALUE
         of the form facing a FACT of the draft is a deal fact filled in (compare.py decides that);
- a blank ("____", of any length) is a VALUE too: a blank the form leaves for a deal fact is filled by it;
- REF    a reference to a Section, Article or Exhibit: key "⟨§ what⟩" with the Section numbered as the form numbers
         it (compare.py translates the draft's own references) and an Exhibit named by the document it is, so that
         numbers moved by an added section are not changes while a reference to another provision is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from decimal import Decimal

from assembler.document.provenance import FACT_MARK, unmark_facts, unmarked
from assembler.words import decimal_words, integer_words

FACT, VALUE, REF, WORD = "fact", "value", "ref", "word"
MASK = "⟨⟩"
BLANK = "⟨___⟩"  # a blank of the form (a VALUE: where the draft has a fact, the fact fills the blank)
_SLOT = re.compile("\ue010(\\d+)\ue011")

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_NUMBER_WORDS = ("zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                 "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
                 "thousand|million|billion|half|quarter|and")
_NUMBER = (rf"\b(?:{_NUMBER_WORDS.replace('|and', '')})(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
           rf"(?:\s+(?:hundred|thousand|million|billion)(?:\s+(?:{_NUMBER_WORDS.replace('|and', '')}))?)*\b")
_WORDS_AND_FIGURES = (rf"(?:(?:{_NUMBER_WORDS})(?:[\s-]+(?:{_NUMBER_WORDS}))*(?:\s+percent)?\s+"
                      r"\(\$?\d[\d,]*(?:\.\d+)?%?\))")
DATE = re.compile(rf"\b(?:{MONTHS})\s+\d{{1,2}},\s+\d{{4}}\b")
_VALUES = re.compile("|".join([
    DATE.pattern,
    _WORDS_AND_FIGURES,
    r"\$\d[\d,]*(?:\.\d+)?|\$\.\d+",  # amounts and prices
    r"\b\d+(?:\.\d+)?%",  # percentages
    r"\b\d{1,3}(?:,\d{3})+\b",  # counts with thousands separators
    r"\b\d+(?=\s+(?:calendar\s+|business\s+|Trading\s+)?(?:days?|Days?|months?|years?|shares?)\b)",  # 90 days
    _NUMBER,  # a number in words alone: "the five Trading Day period", "the first two months"
]))  # case-sensitive: numbers are written in lower case (and a case-insensitive search costs a third more)
_REFS = re.compile(r"\b(Sections?|Articles?|Exhibits?)\s+(\d+(?:\.\d+)*(?:\s?\([a-zA-Z0-9]{1,4}\))*|[IVXLC]+\b|"
                   r"[A-Z]\b)")
_NUMBERING = re.compile(r"^(ARTICLE [IVXLC]+\.?|Section \d+(?:\.\d+)*\.?|\d+\.|\((?:[a-z]{1,4}|[A-Z]|\d{1,2})\))(?=\s|_|$)")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "″": '"', "‘": "'", "’": "'", "‚": "'", "′": "'",
                         "—": "-", "–": "-", "\u00a0": " "})


@dataclass(frozen=True)
class Token:
    kind: str  # fact value ref word
    key: str
    text: str  # as the reader sees it (a fact's own words)


@dataclass(frozen=True)
class Word:
    """One word of a paragraph: its key, its text and the masked tokens inside it (with any punctuation around)."""

    key: str
    text: str
    kinds: tuple[str, ...] = ()  # the kinds of the tokens in the word, in order
    facts: tuple[str, ...] = ()  # the text of each FACT or VALUE token in the word

    @property
    def masked(self) -> bool:
        return bool(self.kinds) and all(k in (FACT, VALUE) for k in self.kinds)

    @property
    def shape(self) -> str:
        """The key with every fact and value as one mask: what two masked words must share to be the same words."""
        return re.sub(r"⟨(?:[^⟩§]*)⟩", MASK, self.key) if self.masked else self.key


def normalize(text: str) -> str:
    """The typographic layer taken off: quotes, dashes, spaces, blanks of any length (and, before references are
    found, "ss." -- the filing's "§" -- and "§" read as "Section")."""
    text = re.sub(r"_{2,}", "___", text.translate(_QUOTES))
    text = re.sub(r"(?<=[a-z])\.(?=[A-Z][a-z])", ". ", text)  # "Capitalization.The": a space the filing lost
    text = re.sub(r"/\s+", "/", text)  # "Counterparts/ Facsimile/ Amendments"
    text = re.sub(r"(?<=[A-Za-z0-9])___|___(?=[A-Za-z0-9])", lambda m: " ___ ", text)
    return " ".join(text.split())


def split_number(text: str) -> tuple[str, str]:
    """("Section 6.7.", "Consolidation; Merger. ...") from a paragraph; ("", text) when it is not numbered."""
    m = _NUMBERING.match(text)
    if not m:
        return "", text
    return m.group(1), text[m.end():].lstrip()


def words(text: str, refs: list[tuple[int, int, str]] = (), facts: tuple[str, ...] = (),
          exhibits: dict[str, str] | None = None) -> list[Word]:
    """The words of `text` (deal facts in their marks: document/provenance.py), with masked tokens: `refs` are
    (start, end, key) of references whose key the caller computed (the draft's own, translated); `facts` are the
    form deal's names; `exhibits` names the document each Exhibit letter stands for."""
    slots: list[Token] = []

    def slot(token: Token) -> str:
        slots.append(token)
        return f"\ue010{len(slots) - 1}\ue011"

    out, pos = [], 0
    cuts = sorted([(s, e, ("ref", key)) for s, e, key in refs] +
                  [(m.start(), m.end(), ("fact", m.group(1)))
                   for m in FACT_MARK.finditer(text)])
    for start, end, (what, value) in cuts:
        if start < pos:
            continue
        out.append(_plain(text[pos:start], slot, facts, exhibits))
        if what == "ref":
            out.append(slot(Token(REF, f"⟨§ {value}⟩", _clean(text[start:end]))))
        else:
            out.append(slot(Token(FACT, MASK, normalize(value))))
        pos = end
    out.append(_plain(text[pos:], slot, facts, exhibits))
    joined = normalize("".join(out))
    result = []
    for raw in joined.split(" "):
        if not raw:
            continue
        if "\ue010" not in raw:
            result.append(Word(raw, raw))
            continue
        tokens = [slots[int(i)] for i in _SLOT.findall(raw)]
        key = _SLOT.sub(lambda m: slots[int(m.group(1))].key.replace(" ", "·"), raw)  # one word: keys are split on spaces
        shown = _SLOT.sub(lambda m: slots[int(m.group(1))].text, raw)
        result.append(Word(key, shown, tuple(t.kind for t in tokens),
                           tuple(t.text for t in tokens if t.kind in (FACT, VALUE))))
    return result


def _clean(text: str) -> str:
    return " ".join(unmarked(unmark_facts(text)).split())


def _plain(text: str, slot, facts: tuple[str, ...], exhibits: dict[str, str] | None) -> str:
    """Literal text: the form's names, then references, then values, each replaced by a slot."""
    text = text.translate(_QUOTES)
    text = re.sub(r"\bss\.\s*(?=\d)", "Section ", text)
    text = re.sub(r"§\s*", "Section ", text)
    if facts:
        text = _names(facts).sub(lambda m: slot(Token(FACT, MASK, m.group(0))), text)
    text = _REFS.sub(lambda m: slot(Token(REF, f"⟨§ {ref_key(m.group(0), exhibits)}⟩", m.group(0))), text)
    text = _VALUES.sub(lambda m: slot(Token(VALUE, f"⟨{' '.join(m.group(0).lower().split())}⟩", m.group(0)))
                       if _consistent(m.group(0)) else m.group(0), text)
    return re.sub(r"_{2,}", lambda m: slot(Token(VALUE, BLANK, "___")), text)


@lru_cache(maxsize=16)
def _names(facts: tuple[str, ...]) -> re.Pattern:
    """One pattern for the form deal's names, longer ones first, none inside a longer word."""
    alternatives = "|".join(re.escape(n) for n in sorted(facts, key=len, reverse=True))
    return re.compile(rf"(?<![\w\ue010])(?:{alternatives})(?![\w\ue011])")


def _consistent(value: str) -> bool:
    """Whether a number in words and figures says the same thing twice ("one hundred fifty (120)" does not: it stays
    words, so that the draft's figure where the form has it is a change a reader sees, not a masked fact)."""
    m = re.fullmatch(r"(.+?)\s+\(\$?([\d,]*\.?\d+)%?\)", " ".join(value.split()), re.S)
    if not m:
        return True
    said, figure = m.group(1).lower().removesuffix(" percent"), Decimal(m.group(2).replace(",", ""))
    try:
        return said == (integer_words(int(figure)) if figure == figure.to_integral_value() else decimal_words(figure))
    except (TypeError, ValueError):
        return True


def ref_key(text: str, exhibits: dict[str, str] | None = None) -> str:
    """"Section 2.1 (b)" -> "2.1(b)"; "Article IX" -> "Article IX"; "Exhibit B" -> "Exhibit registration_rights"
    (by `exhibits`); "Sections 6" -> "6"."""
    kind, _, number = " ".join(text.split()).partition(" ")
    number = number.replace(" (", "(")
    if kind.lower().startswith("article"):
        return f"Article {number}"
    if kind.lower().startswith("exhibit"):
        return f"Exhibit {(exhibits or {}).get(number, number)}"
    return number
