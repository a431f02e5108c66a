"""One root exception and the located problem it carries.

Every error a user can cause is an `AssemblerError`; the CLI catches only that class, prints its lines and exits 2.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One located finding about an input file: `FILE:LINE:COL: field.path: message`."""

    file: str
    line: int
    column: int
    path: str
    message: str
    hint: str = ""
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        head = f"{where}: {self.path}: " if self.path else f"{where}: "
        tag = "" if self.severity == "error" else "warning: "
        text = f"{head}{tag}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class AssemblerError(Exception):
    """Root of every error the tool reports to a user (exit code 2)."""

    def lines(self) -> list[str]:
        return [str(self)]


@dataclass
class TermSheetInvalid(AssemblerError):
    """A term sheet failed to load or validate: every problem at once (the first SHOWN of them on a terminal)."""

    problems: list[Problem] = field(default_factory=list)
    SHOWN = 200  # enough for a new deal's every placeholder; a flood (200,000 keys) stays one screen

    def __post_init__(self) -> None:
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        lines = [str(p) for p in self.problems[:self.SHOWN]]
        if len(self.problems) > self.SHOWN:
            lines.append(f"... and {len(self.problems) - self.SHOWN} more problems in {self.problems[0].file}")
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
