"""One root exception, and the one located finding every stage reports.

Every error a user can cause is an `AssemblerError`; the CLI catches only that class, prints its lines and exits 2.

A `Finding` is what any stage found wrong, or worth a warning, at a place in an input: a term sheet (`FILE:LINE:COL`
and the field path), a template (`FILE:LINE`), or a document of a closing set (`FILE:LINE` of a text file, a
paragraph `FILE ¶ N` or a PDF page `FILE p. N`). One type, so every front end (the terminal, JSON, GitHub
annotations, the web page) reads the same fields; its terminal line keeps the form each stage has always printed.
"""
from __future__ import annotations

from dataclasses import dataclass, field

ERROR, WARNING = "error", "warning"
TERM_SHEET = "term-sheet"  # the code of a finding about a term sheet (load, validation, limits)
MANIFEST = "manifest"  # the code of a finding about a template and its manifest


@dataclass(frozen=True)
class Place:
    """Where a text is: a file (or, checked without files, a rendered document's key) and its line (.txt, a term
    sheet, a template), paragraph (.docx, rendered set) or page (.pdf)."""

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
    """One located finding.

    `code` says what found it: a document check ("inconsistent-figure", see checks/findings.py CHECKS), a term-sheet
    rule (TERM_SHEET) or the template-manifest check (MANIFEST). `str()` is the line the terminal shows:
    - term sheet: `FILE:LINE:COL: field.path: [warning: ]MESSAGE (HINT)`
    - template:   `FILE[:LINE]: SEVERITY: MESSAGE`
    - document:   `LOCATION: SEVERITY: CHECK: MESSAGE: «EXCERPT»` (LOCATION: `FILE:LINE`, `FILE ¶ N` or `FILE p. N`)
    """

    file: str
    line: int | None = None
    column: int | None = None
    path: str = ""  # the term sheet's field path: investors[0].amount
    message: str = ""
    hint: str = ""  # what would fix it
    severity: str = ERROR  # "error" | "warning"
    code: str = TERM_SHEET
    excerpt: str = ""  # the offending text (documents), at most 160 characters
    document: str | None = None  # the document's key when known (purchase_agreement, warrant#W-1)
    paragraph: int | None = None  # .docx or a rendered document
    page: int | None = None  # .pdf
    related: Place | None = None  # the other place the message compares with ("first defined at ...")

    @property
    def place(self) -> Place:
        return Place(self.file, self.line, self.paragraph, self.page)

    @property
    def location(self) -> str:
        if self.code == TERM_SHEET:
            return f"{self.file}:{self.line}:{self.column}"
        return str(self.place)

    @property
    def check(self) -> str:
        """The code, by the name the document checks (and front ends written for them) use."""
        return self.code

    @property
    def text(self) -> str:
        """The excerpt, by its earlier name (front ends written before the structured fields read it)."""
        return self.excerpt

    @property
    def document_id(self) -> str | None:
        """The template id of the document (warrant#W-1 -> warrant)."""
        return self.document.split("#", 1)[0] if self.document else None

    def __str__(self) -> str:
        if self.code == TERM_SHEET:
            text = f"{self.location}: {self.path}: " if self.path else f"{self.location}: "
            text += ("" if self.severity == ERROR else f"{self.severity}: ") + self.message
            return text + (f" ({self.hint})" if self.hint else "")
        if self.code == MANIFEST:
            return f"{self.location}: {self.severity}: {self.message}"
        return f"{self.location}: {self.severity}: {self.code}: {self.message}: «{self.excerpt}»"

    def to_dict(self) -> dict:
        """The JSON of a finding (`assemble check --json`); a term-sheet finding adds its column, path and hint."""
        out = {"check": self.code, "severity": self.severity, "location": self.location, "file": self.file,
               "line": self.line, "paragraph": self.paragraph, "page": self.page, "document": self.document,
               "message": self.message, "excerpt": self.excerpt, "text": self.excerpt,
               "related": str(self.related) if self.related else None}
        if self.code == TERM_SHEET:
            out.update(column=self.column, path=self.path, hint=self.hint)
        return out


Problem = Finding  # the name the term-sheet stages (and the web page) have always used for their findings


class AssemblerError(Exception):
    """Root of every error the tool reports to a user (exit code 2)."""

    def lines(self) -> list[str]:
        return [str(self)]


@dataclass
class TermSheetInvalid(AssemblerError):
    """A term sheet failed to load or validate: every problem at once. `problems` holds the errors and the warnings
    found with them (the web page marks both at their lines); the report (`lines`, the terminal's) shows the errors
    (the first SHOWN of them) and only counts the warnings, which are shown once the errors are fixed: a warning
    mixed into an error report buries the errors, and every new warning of a deal would change every error report of
    it."""

    problems: list[Problem] = field(default_factory=list)
    SHOWN = 200  # enough for a new deal's every placeholder; a flood (200,000 keys) stays one screen

    def __post_init__(self) -> None:
        super().__init__("\n".join(self.lines()))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != WARNING]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    def lines(self) -> list[str]:
        errors, warnings = self.errors, self.warnings
        lines = [str(p) for p in errors[:self.SHOWN]]
        if len(errors) > self.SHOWN:
            lines.append(f"... and {len(errors) - self.SHOWN} more problems in {errors[0].file}")
        if warnings:
            n = len(warnings)
            lines.append(f"{warnings[0].file}: {n} {'warning is' if n == 1 else 'warnings are'} not shown until the "
                         f"{'error is' if len(errors) == 1 else 'errors are'} fixed")
        return lines


class TemplateError(AssemblerError):
    """A template failed to render: carries the template file and line."""

    def __init__(self, template: str, line: int | None, message: str) -> None:
        self.template, self.line, self.message = template, line, message
        where = f"{template}:{line}" if line else template
        super().__init__(f"{where}: {message}")


class OutputExists(AssemblerError):
    """The closing set already exists and --force was not given."""


class ManifestMismatch(AssemblerError):
    """A template uses a variable its manifest does not declare."""


class ChecksFailed(AssemblerError):
    """The document checks found errors (or, with --strict, warnings): nothing was written. Exit code 1.
    Carries every open finding and the (finding, reason) pairs the term sheet accepts."""

    exit_code = 1

    def __init__(self, findings: list, accepted: list | None = None) -> None:
        self.findings, self.accepted = list(findings), list(accepted or [])
        errors = sum(f.severity == "error" for f in self.findings)
        self.summary = f"{errors} error(s), {len(self.findings) - errors} warning(s)"
        super().__init__(f"document checks: {self.summary}; nothing was written (fix the templates or the term sheet, "
                         "or accept a reviewed finding under accepted_findings)")

    def lines(self) -> list[str]:
        return ([f"accepted: {f} (term sheet: {reason})" for f, reason in self.accepted]
                + [str(f) for f in self.findings] + [str(self)])
