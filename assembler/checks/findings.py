"""Findings of the document checks: the checks and what each finds, their summary, JSON, exit codes, and the findings
a term sheet accepts. A finding is the one `assembler.errors.Finding` every stage reports, its `code` the check's."""
from __future__ import annotations

import json

from assembler.errors import ERROR, WARNING, Finding, Place  # noqa: F401 - the checks' vocabulary

CHECKS = {
    "words-figures": "a number, percentage or amount in words disagrees with its figures",
    "undefined-term": "a capitalized term used as a defined term is defined nowhere in the document or what it "
                      "incorporates",
    "defined-twice": "a term is defined twice (in one document: error; an incorporating document redefining a term "
                     "of the Purchase Agreement differently: warning)",
    "unused-term": "a term is defined and never used anywhere in the set",
    "missing-reference": "a Section, Article, Exhibit or Schedule referred to does not exist",
    "enumeration": "paragraph enumerators repeat or skip",
    "placeholder": "a bracket, blank, TBD or template tag is left in the text",
    "inconsistent-figure": "a figure or name differs between documents of the set",
    "governing-law": "governing law or arbitration seat differs between documents, or a Commonwealth is called a "
                     "State",
    "several-closings": "a deal with one Closing speaks of several (\"the second Closing\", \"each Closing\")",
    "form-variance": "a document taken from the form changes the form's wording with no reason recorded beside its "
                     "template (variance.yaml; the form variance report)",
    "stale-variance-reason": "a reason recorded in a template's variance.yaml matches no change of the document from "
                             "the form (warning)",
}


def document_finding(check: str, severity: str, message: str, excerpt: str, place: Place,
                     document: str | None = None, related: Place | None = None) -> Finding:
    """A finding of a document check (`check`, a key of CHECKS) at a place in a document."""
    return Finding(place.file, place.line, message=message, severity=severity, code=check, excerpt=excerpt[:160],
                   document=document, paragraph=place.paragraph, page=place.page, related=related)


def accepts(entry, finding: Finding) -> bool:
    """Does an `accepted_findings` entry (.check, .document: a document id or None for every document, .matching:
    words the finding's message or quoted text must contain, or None for every finding of that check) accept
    `finding`?"""
    return entry.check == finding.check and entry.document in (None, finding.document_id) \
        and (not entry.matching or entry.matching in finding.message or entry.matching in finding.excerpt)


def split_accepted(findings: list[Finding], accepted) -> tuple[list[Finding], list[tuple[Finding, str]]]:
    """(findings still open, [(finding, reason)] the term sheet accepts: see `accepts`)."""
    open_, taken = [], []
    for f in findings:
        match = next((a for a in accepted if accepts(a, f)), None)
        if match:
            taken.append((f, match.reason))
        else:
            open_.append(f)
    return open_, taken


def exit_code(findings: list[Finding], strict: bool = False) -> int:
    """0 clean, 1 findings (errors; with strict, warnings too)."""
    if any(f.severity == ERROR for f in findings) or (strict and findings):
        return 1
    return 0


def summary(findings: list[Finding]) -> str:
    errors = sum(f.severity == ERROR for f in findings)
    warnings = len(findings) - errors
    return f"{errors} error(s), {warnings} warning(s)"


def findings_json(findings: list[Finding]) -> str:
    errors = sum(f.severity == ERROR for f in findings)
    body = {"errors": errors, "warnings": len(findings) - errors, "findings": [f.to_dict() for f in findings]}
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"

