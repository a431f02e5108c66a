"""Findings: what a check reports (check, severity, where, the offending excerpt, the message), their summary,
JSON, exit codes, and the findings a term sheet accepts."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass

ERROR, WARNING = "error", "warning"

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
}


@dataclass(frozen=True)
class Finding:
    check: str
    severity: str  # "error" | "warning"
    location: str
    text: str  # the offending excerpt, at most 160 characters
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.check}: {self.message}: «{self.text}»"

    def to_dict(self) -> dict:
        return asdict(self)


def split_accepted(findings: list[Finding], accepted) -> tuple[list[Finding], list[tuple[Finding, str]]]:
    """(findings still open, [(finding, reason)] the term sheet accepts). `accepted` holds items with .check,
    .document (a document id, or None for every document) and .reason."""
    open_, taken = [], []
    for f in findings:
        doc = f.location.split(" ", 1)[0].split("#", 1)[0]
        match = next((a for a in accepted if a.check == f.check and a.document in (None, doc)), None)
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

