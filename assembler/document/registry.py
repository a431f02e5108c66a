"""The template registry: one folder per document, each with a manifest.yaml.

Folders are discovered under templates/ and under every --templates DIR given after it; a later directory overrides
an earlier one by id, so a firm can replace a form or add its own without touching this package.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from assembler.document.dirs import DEFAULT_DIR, template_dirs  # noqa: F401 (template_dirs: part of the registry's API)
from assembler.errors import AssemblerError
from assembler.model_file import line_of, read_model

SHARED = "_shared"
PARTIES = ("company", "secretary", "directors", "covered_persons", "investors", "transfer_agent")
# What a deal must have for a document to be in its set (document/assemble.py `applicable`).
CONDITIONS = ("warrants", "investor_warrants", "market_price", "bad_actor", "form_variance")


class Manifest(BaseModel):
    """What a template folder declares about its document."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)
    title: str = Field(min_length=1, max_length=200)
    order: int
    # warrant: one per warrant certificate; series: one per series of the investors' warrants (a form of warrant:
    # with several series, lettered ... under the one letter of the template)
    per: Literal["deal", "investor", "warrant", "series", "signatory"] = "deal"
    template: str = Field(pattern=r".+\.(xml\.j2|docx)$")
    exhibit_of: Optional[str] = None
    schedule_of: Optional[str] = None  # a schedule attached to a document, not lettered (the Disclosure Schedule)
    requires: list[Literal["warrants", "investor_warrants", "market_price", "bad_actor", "form_variance"]] = []  # in a set that has them
    signatories: list[Literal["company", "secretary", "directors", "covered_persons", "investors",
                              "transfer_agent"]] = []
    delivered_by: Literal["company", "investors", "transfer_agent", "company counsel", "investors' counsel"] = "company"
    # When a signed document's pages are signed: the step of the closing timetable (figures/timetable.py) that dates
    # them. The signature packets split on it (the pages signed before or at signing, then those released at the
    # Closing) and print each part's date from the timetable; the checklist groups the documents by it.
    signed_at: Literal["board_consent", "bad_actor_questionnaires", "signing", "closing"] = "closing"
    # What a signer's packet takes of the document: only his or her signature pages, or the whole document less the
    # other signers' signature pages (a questionnaire that each person reads and certifies).
    packet: Literal["signature_pages", "whole"] = "signature_pages"
    outputs: list[Literal["docx", "pdf"]] = ["docx", "pdf"]
    uses: list[str] = []


@dataclass(frozen=True)
class TemplateSpec:
    manifest: Manifest
    folder: Path

    def __getattr__(self, name):  # id, title, order, per, template, exhibit_of, signatories, ... from the manifest
        return getattr(self.manifest, name)

    @property
    def path(self) -> Path:
        return self.folder / self.manifest.template

    @property
    def native_docx(self) -> bool:
        return self.manifest.template.endswith(".docx")


def discover(directories: list[Path] | None = None) -> list[TemplateSpec]:
    """Every document folder, a later directory overriding an earlier one by id; sorted by order, then id."""
    found: dict[str, TemplateSpec] = {}
    for directory in directories or [DEFAULT_DIR]:
        directory = Path(directory)
        if not directory.is_dir():
            raise AssemblerError(f"{directory}: templates directory not found")
        for manifest in sorted(directory.glob("*/manifest.yaml")):
            spec = read_manifest(manifest)
            found[spec.id] = spec
    return sorted(found.values(), key=lambda s: (s.order, s.id))


def read_manifest(path: Path) -> TemplateSpec:
    manifest, node = read_model(path, Manifest, "malformed manifest", whole="manifest")
    template = (path.parent / manifest.template).resolve()
    if not template.is_relative_to(path.parent.resolve()) or "/" in manifest.template or "\\" in manifest.template:
        line = line_of(node, ("template",))
        raise AssemblerError(f"{path}:{line}: template '{manifest.template}' is outside the template's folder: give "
                             "the name of a file beside manifest.yaml (document.xml.j2)")
    if not (path.parent / manifest.template).is_file():
        raise AssemblerError(f"{path}:{line_of(node, ('template',))}: template file '{manifest.template}' not found "
                             "beside the manifest")
    return TemplateSpec(manifest, path.parent)


def exhibit_letters(specs: list[TemplateSpec]) -> dict[str, str]:
    """Exhibit letters in set order: the first exhibit of a document is A, then B..."""
    letters: dict[str, str] = {}
    counts: dict[str, int] = {}
    for spec in specs:
        if spec.exhibit_of:
            counts[spec.exhibit_of] = counts.get(spec.exhibit_of, 0) + 1
            letters[spec.id] = chr(ord("A") + counts[spec.exhibit_of] - 1)
    return letters
