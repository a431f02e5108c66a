"""Where templates are found: the built-in folder, then each --templates directory (standard library only, so the
up-to-date check of a build can name them without importing the registry's YAML and pydantic)."""
from __future__ import annotations

from pathlib import Path


def _built_in_templates() -> Path:
    """The templates that ship with the tool: inside the installed package (a wheel carries the repository's
    top-level templates/ as assembler/templates/), else the top-level templates/ of a source checkout."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


DEFAULT_DIR = _built_in_templates()


def template_dirs(extra: list[Path] | None = None) -> list[Path]:
    """The built-in templates first, then each extra directory (later ones override earlier ones by id)."""
    return [DEFAULT_DIR] + [Path(d) for d in (extra or [])]
