"""Findings: what a check reports (check, severity, where, the offending excerpt, the message), their summary,
JSON, exit codes, and the findings a term sheet accepts."""
from __future__ import annotations

import json
from dataclasses import dataclass

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
    "several-closings": "a deal with one Closing speaks of several (\"the second Closing\", \"each Closing\")",
    "form-variance": "a document taken from the form changes the form's wording with no reason recorded beside its "
                     "template (variance.yaml; the form variance report)",
    "stale-variance-reason": "a reason recorded in a template's variance.yaml matches no change of the document from "
                             "the form (warning)",
}


@dataclass(frozen=True)
class Place:
    """Where a text is: a file (or, checked without files, a rendered document's key) and its line (.txt),
    paragraph (.docx, rendered set) or page (.pdf)."""

    file: str
    line: int | None = None
    paragraph: int | None = None
    page: int | None = None

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.file}:{self.line}"
        if self.paragraph is not None:
            return f"{self.file} ¶ {self.paragraph}"
        if self.page is not None:
            return f"{self.file} p. {self.page}"
        return self.file


@dataclass(frozen=True)
class Finding:
    """One finding, with structured fields for any front end (terminal, JSON, CI annotations, a web page linking to a
    page); `str()` is the terminal line `LOCATION: SEVERITY: CHECK: MESSAGE: «EXCERPT»`."""

    check: str  # the check's code, a key of CHECKS
    severity: str  # "error" | "warning"
    message: str
    excerpt: str  # the offending text, at most 160 characters
    place: Place
    document: str | None = None  # the document's key when known (purchase_agreement, warrant#W-1)
    related: Place | None = None  # the other place the message compares with ("first defined at ...")

    @property
    def location(self) -> str:
        return str(self.place)

    @property
    def text(self) -> str:
        """The excerpt, by its earlier name (front ends written before the structured fields read it)."""
        return self.excerpt

    @property
    def document_id(self) -> str | None:
        """The template id of the document (warrant#W-1 -> warrant)."""
        return self.document.split("#", 1)[0] if self.document else None

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.check}: {self.message}: «{self.excerpt}»"

    def to_dict(self) -> dict:
        p = self.place
        return {"check": self.check, "severity": self.severity, "location": self.location, "file": p.file,
                "line": p.line, "paragraph": p.paragraph, "page": p.page, "document": self.document,
                "message": self.message, "excerpt": self.excerpt, "text": self.excerpt,
                "related": str(self.related) if self.related else None}


def split_accepted(findings: list[Finding], accepted) -> tuple[list[Finding], list[tuple[Finding, str]]]:
    """(findings still open, [(finding, reason)] the term sheet accepts). `accepted` holds items with .check,
    .document (a document id, or None for every document) and .reason."""
    open_, taken = [], []
    for f in findings:
        match = next((a for a in accepted if a.check == f.check and a.document in (None, f.document_id)), None)
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

