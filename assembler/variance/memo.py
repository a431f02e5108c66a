"""cover_memo.md: the memo a lawyer sends with a first draft, generated from the form variance report. What changed
from the form and why, grouped by document and, within a document, by reason (in the order of the report's
categories: form errors fixed, clarifications, current law, current practice, deal terms, house style); the changes
no reason explains are listed for review under their own heading. Plain Markdown (it reads as text, pastes into an
email, converts to Word with any tool), byte-identical for the same input: no date of its own (the drafts carry
theirs).
"""
from __future__ import annotations

from assembler.variance.reasons import CATEGORIES

ACCEPTED = "accepted in the term sheet"
HEADINGS = {"form error fixed": "Errors of the form corrected", "clarification": "Clarifications",
            "current law": "Changes for current law", "current practice": "Changes for current practice",
            "deal term": "Changes for the terms of this deal",
            "house style": "House style", ACCEPTED: "Changes accepted in the term sheet"}


def cover_memo(data: dict, deal_title: str, sender: str | None, recipient: str | None) -> str:
    """The memo, from the report's JSON content (`data`, report.variance_dict); `sender`: who drafted (the Company's
    counsel), `recipient`: who reviews (the Investors' counsel), each None when the term sheet names none."""
    s = data["summary"]
    forms = "; ".join(f["title"] for f in data["forms"])
    out = ["# Memorandum", "",
           f"**To:** {recipient or 'the Investors'}  ",
           f"**From:** {sender or 'counsel to the Company'}  ",
           f"**Re:** {deal_title}: first draft of the transaction documents, changes from the form", "",
           f"The enclosed drafts follow the form: {forms}. The deal's own terms (parties, amounts, prices, share "
           f"counts and dates) are filled in from the term sheet and are not listed here. This memo lists every "
           f"other change we made to the form's wording, and why, document by document: {s['deviations']} "
           f"change(s) in {s['documents']} document(s)"
           + (f", and {s['adaptations']} adaptation(s) of the form to the structure of the deal" if s["adaptations"]
              else "") + ". A redline of each document against the form is in form_variance.html.", ""]
    for doc in data["documents"]:
        out += _document(doc)
    if s["unexplained"]:
        out += ["---", "", f"*Draft not ready to send: {s['unexplained']} change(s) have no recorded reason (see "
                           f"\"For your review\").*", ""]
    return "\n".join(out).rstrip() + "\n"


def _document(doc: dict) -> list[str]:
    out = [f"## {doc['title']}", ""]
    if len(doc["covers"]) > 1:
        out += [f"The same changes in each of: {', '.join(doc['covers'])}.", ""]
    if doc["adaptations"]:
        out += ["**The form adapted to this deal's structure**", ""]
        out += [f"- {a['reason']} (Sections {', '.join(a['sections'])})" if a["sections"] else f"- {a['reason']}"
                for a in doc["adaptations"]]
        out.append("")
    grouped: dict[tuple[str, str], list[str]] = {}
    review: list[str] = []
    for d in doc["deviations"]:
        where = d["section"] or _form_section(d["form_section"])
        if d["reason"] is None:
            review.append(f"- {where}: the form's \"{d['form'] or '(nothing)'}\" reads \"{d['ours'] or '(deleted)'}\"")
            continue
        places = grouped.setdefault((d["reason"]["category"], d["reason"]["text"]), [])
        if where not in places:
            places.append(where)
    order = {c: i for i, c in enumerate(CATEGORIES + (ACCEPTED,))}
    for category in sorted({c for c, _ in grouped}, key=lambda c: order.get(c, 99)):
        out += [f"**{HEADINGS.get(category, category)}**", ""]
        out += [f"- {text} ({_places(places)})" for (c, text), places in grouped.items() if c == category]
        out.append("")
    if review:
        out += ["**For your review** (changes without a recorded reason)", ""] + review + [""]
    if not grouped and not review and not doc["adaptations"]:
        out += ["No change from the form's wording.", ""]
    return out


def _form_section(where: str) -> str:
    """Where a deletion was, by the form's section ("Section 2.1(b)(vii)", "Preamble"): it has no place in the draft."""
    return f"Section {where}" if where[:1].isdigit() else where


def _places(places: list[str]) -> str:
    return ", ".join(places) if len(places) <= 8 else ", ".join(places[:8]) + f" and {len(places) - 8} more"
