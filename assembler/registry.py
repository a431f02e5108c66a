"""The template registry: one folder per document under templates/ (and any --templates DIR), each with a manifest."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import AssemblerError

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "templates"
SHARED = "_shared"


@dataclass(frozen=True)
class TemplateSpec:
    id: str
    title: str
    order: int
    per: str  # "deal" or "investor"
    folder: Path
    template: str
    exhibit_of: str | None = None

    @property
    def template_name(self) -> str:
        """The Jinja loader name (relative to the templates directory)."""
        return f"{self.folder.name}/{self.template}"


def discover(directories: list[Path] | None = None) -> list[TemplateSpec]:
    """Every document folder, a later directory overriding an earlier one by id; sorted by order."""
    found: dict[str, TemplateSpec] = {}
    for directory in directories or [DEFAULT_DIR]:
        for manifest in sorted(Path(directory).glob("*/manifest.yaml")):
            spec = _read(manifest)
            found[spec.id] = spec
    return sorted(found.values(), key=lambda s: (s.order, s.id))


def _read(path: Path) -> TemplateSpec:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise AssemblerError(f"{path}: malformed manifest: {exc}") from None
    required = {"id", "title", "order", "per", "template"}
    if not isinstance(data, dict) or not required <= set(data):
        raise AssemblerError(f"{path}: a manifest needs {', '.join(sorted(required))}")
    unknown = set(data) - required - {"exhibit_of"}
    if unknown:
        raise AssemblerError(f"{path}: unknown manifest field(s): {', '.join(sorted(unknown))}")
    if data["per"] not in ("deal", "investor"):
        raise AssemblerError(f"{path}: per must be 'deal' or 'investor'")
    return TemplateSpec(str(data["id"]), str(data["title"]), int(data["order"]), data["per"], path.parent,
                        str(data["template"]), data.get("exhibit_of"))


def exhibit_letters(specs: list[TemplateSpec]) -> dict[str, str]:
    """Exhibit letters in set order: the first exhibit of a document is A, then B..."""
    letters: dict[str, str] = {}
    counts: dict[str, int] = {}
    for spec in specs:
        if spec.exhibit_of:
            counts[spec.exhibit_of] = counts.get(spec.exhibit_of, 0) + 1
            letters[spec.id] = chr(ord("A") + counts[spec.exhibit_of] - 1)
    return letters
