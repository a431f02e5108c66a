"""What a closing set is built from, as one hash; and the check that an existing set is up to date.

Everything here is standard library only: `build` asks it first, before importing pydantic, Jinja, python-docx or
WeasyPrint, so a rebuild of an unchanged term sheet answers "up to date" in a fraction of a second.

The inputs of a set are: the term sheet (its name, which manifest.json records, and its bytes), every file of every
templates directory (the documents' templates and the shared stylesheet, fonts and Word shell), and the tool itself
(its version, its own source files, and the name and version of every installed distribution, so that upgrading
WeasyPrint or python-docx counts as a change). A set is up to date when its manifest.json records the same inputs
hash and every file it lists is on disk with the hash it lists.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from functools import lru_cache
from pathlib import Path

from assembler import __version__
from assembler.closing_set.files import INPUTS_KEY, MANIFEST

PACKAGE = Path(__file__).resolve().parents[1]  # assembler/


def _files(folder: Path) -> list[Path]:
    """Every regular file under `folder`, sorted, skipping caches and hidden files (editor swap files, .DS_Store)."""
    found = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        found += [Path(root) / n for n in sorted(names) if not n.startswith(".") and not n.endswith(".pyc")]
    return found


def _update_with_tree(h, folder: Path, suffix: str | None = None) -> None:
    folder = Path(folder)
    for path in _files(folder):
        if suffix and path.suffix != suffix:
            continue
        data = path.read_bytes()
        h.update(f"{path.relative_to(folder).as_posix()}\0{len(data)}\0".encode())
        h.update(data)


def _distributions() -> list[str]:
    """`name-version` of every distribution installed where Python looks (from the .dist-info folder names: reading
    them through importlib.metadata costs more than the whole up-to-date check may take)."""
    found = set()
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        found.update(n[:-len(".dist-info")] for n in names if n.endswith(".dist-info"))
    return sorted(found)


@lru_cache(maxsize=1)
def tool_fingerprint() -> str:
    """The tool as an input: its version, its source files and the installed distributions."""
    h = hashlib.sha256(f"assembler {__version__}\0{sys.version}\0".encode())
    _update_with_tree(h, PACKAGE, ".py")
    h.update("\0".join(_distributions()).encode())
    return h.hexdigest()


def templates_digest(template_dirs: list[Path]) -> str:
    """One hash over every file of the templates directories, in their order (a later one overrides)."""
    h = hashlib.sha256()
    for index, folder in enumerate(template_dirs):
        h.update(f"\0dir {index}\0".encode())
        if Path(folder).is_dir():
            _update_with_tree(h, Path(folder))
    return h.hexdigest()


def inputs_digest(term_sheet: Path, template_dirs: list[Path], options: dict | None = None) -> str | None:
    """The hash of everything a set is built from (the build options that change its files included: a DRAFT header,
    PDF/A); None when the term sheet cannot be read (the build reports it)."""
    try:
        sheet = Path(term_sheet).read_bytes()
    except OSError:
        return None
    h = hashlib.sha256(f"tool {tool_fingerprint()}\0term sheet {Path(term_sheet).name}\0{len(sheet)}\0".encode())
    h.update(sheet)
    h.update(f"\0templates {templates_digest(template_dirs)}".encode())
    h.update(f"\0options {sorted((options or {}).items())}".encode())
    return h.hexdigest()


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _plain(name: str) -> bool:
    """A file name of the set itself (no folder part): a manifest cannot point the check at other files."""
    return isinstance(name, str) and name not in ("", ".", "..") and "/" not in name and "\\" not in name


def current_set(output: Path, digest: str | None) -> tuple[Path, list[dict]] | None:
    """The set under `output` built from exactly these inputs and unchanged since (every listed file on disk with its
    listed hash): (its folder, its manifest's file entries); None when there is none."""
    if digest is None:
        return None
    try:
        folders = sorted(p for p in Path(output).iterdir() if not p.name.startswith("."))
    except OSError:
        return None
    for folder in folders:
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(manifest, dict) or manifest.get(INPUTS_KEY) != digest or manifest.get("deal") != folder.name:
            continue
        try:
            entries = manifest["files"]
            if all(_plain(e["name"]) and file_sha256(folder / e["name"]) == e["sha256"] for e in entries):
                return folder, entries
        except (OSError, KeyError, TypeError, ValueError):
            continue
    return None
