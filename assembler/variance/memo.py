"""The cover memo's data: what the memo a lawyer sends with a first draft says, as structure, from the form variance
report (report.variance_dict). The words are the template's (templates/cover_memo/document.xml.j2, the `variance`
variable): this module only groups the report's deviations for it, by document and, within a document, by reason,
in the order of the report's categories (form errors fixed, clarifications, current law, current practice, deal
terms, house style, then the changes the term sheet accepts), each reason once with the sections it covers; the changes no reason explains are
listed apart, for review. The memo is a document of the closing set (DOCX and PDF, on the checklist); there is no
second rendering of its words.
"""
from __future__ import annotations

from assembler.variance.reasons import CATEGORIES

ACCEPTED = "accepted in the term sheet"
ORDER = CATEGORIES + (ACCEPTED,)
MAX_PLACES = 8  # sections named for one reason; the rest are counted


def memo_data(data: dict) -> dict:
    """The memo's content from the report's JSON content `data`."""
    s = data["summary"]
    documents = [_document(doc) for doc in data["documents"]]
    return {
        "edition": data["edition"],
        "forms": [f["title"] for f in data["forms"]],
        "changes": s["deviations"], "documents_compared": s["documents"], "adaptations": s["adaptations"],
        "unexplained": s["unexplained"],
        "categories": [c for c in ORDER if any(g["category"] == c for d in documents for g in d["groups"])],
        "documents": documents,
    }


def _document(doc: dict) -> dict:
    grouped: dict[tuple[str, str], list[str]] = {}
    review = []
    for d in doc["deviations"]:
        where = d["section"] or _form_section(d["form_section"], doc.get("sections", {}))
        if d["reason"] is None:
            review.append({"where": where, "form": d["form"], "ours": d["ours"]})
            continue
        places = grouped.setdefault((d["reason"]["category"], d["reason"]["text"]), [])
        if where not in places:
            places.append(where)
    rank = {c: i for i, c in enumerate(ORDER)}
    groups = []
    for category in sorted({c for c, _ in grouped}, key=lambda c: rank.get(c, len(ORDER))):
        groups.append({"category": category, "reasons": [_reason(text, places) for (c, text), places in grouped.items()
                                                         if c == category]})
    # the certificates a per-certificate document stands for: warrant#W-1 -> W-1 (none for a document of the deal)
    covers = [key.partition("#")[2] for key in doc["covers"] if "#" in key]
    return {"title": doc["title"], "covers": covers,
            "adaptations": [_reason(a["reason"], _draft_places(a["sections"], doc.get("sections", {})))
                            for a in doc["adaptations"]],
            "groups": groups, "review": review}


def _form_section(where: str, sections: dict[str, str]) -> str:
    """Where a deletion was, in the draft's numbers: the draft's section the form's stands for ("Section 2.1(b)", so
    that a reason covering both names it once), or, when the draft has none (the whole section is left out), the
    form's section said to be the form's ("the form's Section 1.11"): the memo never gives a form's number as the
    draft's."""
    mine = sections.get(where)
    if mine:
        return f"Section {mine}" if mine[:1].isdigit() else mine
    return f"the form's Section {where}" if where[:1].isdigit() else where


def _draft_places(form_places: list[str], sections: dict[str, str]) -> list[str]:
    """An adaptation's places, which the comparison records in the form's numbers (it adapts the form's text before
    comparing), in the draft's: "1.17" is the draft's 1.18 where the draft adds a definition before it; a heading
    ("Preamble", "Article II") is the same in both; a section the draft left out is said to be the form's."""
    out: list[str] = []
    for where in form_places:
        mine = sections.get(where) if where[:1].isdigit() else where
        place = mine if mine else f"the form's Section {where}"
        if place not in out:
            out.append(place)
    return out


def _reason(text: str, places: list[str]) -> dict:
    """A reason and the sections it covers: all of them named when there are at most MAX_PLACES + 2 (a count of one or
    two "other places" reads as the tool's shorthand, not a lawyer's), else the first MAX_PLACES named, the rest
    counted."""
    shown = places if len(places) <= MAX_PLACES + 2 else places[:MAX_PLACES]
    return {"text": text, "places": shown, "more": len(places) - len(shown)}
