"""The folder of term sheets the web app serves: names confined to it, each deal's status, atomic saves.

A deal is named by its file name without `.yaml` (letters, digits, `_`, `-`, `.` inside); a name that would leave the
folder (`..`, a slash, a symbolic link pointing out) is refused, so the app reads and writes nothing else.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from assembler.closing_set.files import MANIFEST
from assembler.errors import AssemblerError, TermSheetInvalid
from assembler.figures.load import load

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-.]{0,99}$")
MAX_TERM_SHEET = 1_000_000  # bytes: a real term sheet is under 20 KB


class NotFound(AssemblerError):
    """No such deal or file in the folder."""


@dataclass
class Status:
    name: str
    file: str
    deal_id: str = ""
    title: str = ""
    valid: bool = False
    errors: int = 0
    warnings: int = 0
    first_problem: str = ""
    built_at: str = ""
    set_hash: str = ""
    built_from_this_version: bool = False
    files: int = 0
    notes: list[str] = field(default_factory=list)


class Deals:
    def __init__(self, folder: str | Path, output: str | Path) -> None:
        self.folder = Path(folder).resolve()
        self.output = Path(output).resolve()
        if not self.folder.is_dir():
            raise AssemblerError(f"{folder}: not a folder of term sheets (create it, or name another)")

    # ------------------------------------------------------------------ names and paths
    def path(self, name: str, must_exist: bool = True) -> Path:
        """The term sheet of deal `name`, inside the folder; NotFound for anything else."""
        if not isinstance(name, str) or not NAME.match(name) or ".." in name:
            raise NotFound(f"'{name}' is not a deal name (letters, digits, _ and -)")
        path = self.folder / f"{name}.yaml"
        if path.is_symlink() and not path.resolve().is_relative_to(self.folder):
            raise NotFound(f"{name}.yaml points outside the deals folder")
        if must_exist and not path.is_file():
            raise NotFound(f"no deal '{name}' in {self.folder}")
        return path

    def names(self) -> list[str]:
        return sorted(p.stem for p in self.folder.glob("*.yaml") if NAME.match(p.stem) and p.is_file())

    def read(self, name: str) -> str:
        path = self.path(name)
        if path.stat().st_size > MAX_TERM_SHEET:
            raise AssemblerError(f"{path.name} is larger than {MAX_TERM_SHEET:,} bytes")
        return path.read_text(encoding="utf-8")

    def write(self, name: str, text: str, create: bool = False) -> Path:
        """Save `text` as the term sheet of `name` atomically (a new file only with create=True, and only if absent)."""
        path = self.path(name, must_exist=not create)
        if create and path.exists():
            raise AssemblerError(f"a deal named '{name}' already exists; choose another deal id")
        if len(text.encode("utf-8")) > MAX_TERM_SHEET:
            raise AssemblerError(f"a term sheet is at most {MAX_TERM_SHEET:,} bytes")
        handle, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            os.replace(temp, path)
        finally:
            if os.path.exists(temp):
                os.unlink(temp)
        return path

    # ------------------------------------------------------------------ the closing set of a deal
    def set_folder(self, deal_id: str) -> Path:
        folder = self.output / deal_id
        if not NAME.match(deal_id) or not folder.resolve().is_relative_to(self.output):
            raise NotFound(f"'{deal_id}' is not a deal id")
        return folder

    def previous_build(self, deal_id: str) -> tuple[str, str] | None:
        """The set hash and time of the build before the last one (what the changes page compares with)."""
        folder = self.previous_folder(deal_id)
        return build_of(folder) if (folder / MANIFEST).is_file() else None

    def previous_folder(self, deal_id: str) -> Path:
        """Where the build before the last one is kept, for the redline (outside the closing set itself)."""
        return self.output / ".assemble-serve" / "previous" / deal_id

    def status(self, name: str) -> Status:
        path = self.path(name)
        st = Status(name, path.name)
        try:
            loaded = load(path)
            st.valid, st.deal_id, st.title = True, loaded.term_sheet.deal.id, loaded.term_sheet.deal.title
            st.warnings = len(loaded.warnings)
            st.first_problem = str(loaded.warnings[0]).replace(f"{path}:", "line ", 1) if loaded.warnings else ""
        except TermSheetInvalid as exc:
            st.errors = sum(p.severity == "error" for p in exc.problems)
            st.warnings = len(exc.problems) - st.errors
            first = exc.problems[0] if exc.problems else None
            st.first_problem = f"line {first.line}: {first.path + ': ' if first.path else ''}{first.message}" if first else ""
            st.deal_id = _raw_deal_id(path)
        if st.deal_id:
            manifest = self.set_folder(st.deal_id) / MANIFEST if NAME.match(st.deal_id) else None
            if manifest and manifest.is_file():
                data = manifest.read_bytes()
                st.set_hash, st.built_at = build_of(manifest.parent)
                try:
                    listing = json.loads(data)
                    st.files = len(listing.get("files", [])) + 1  # and manifest.json: as the build page and zip count
                    st.built_from_this_version = (listing.get("term_sheet", {}).get("sha256")
                                                  == hashlib.sha256(path.read_bytes()).hexdigest())
                except ValueError:
                    st.notes.append("its manifest.json is not readable")
        return st


def _raw_deal_id(path: Path) -> str:
    """The deal id written in a term sheet that does not validate (for its last build), or ''."""
    from assembler.termsheet.source import load_source

    try:
        value = (load_source(path).data.get("deal") or {}).get("id")
    except (TermSheetInvalid, AttributeError):
        return ""
    return value if isinstance(value, str) and NAME.match(value) else ""


def build_of(folder: Path) -> tuple[str, str]:
    """A built closing set's hash (the sha256 of its manifest.json) and the time it was built."""
    manifest = folder / MANIFEST
    built = dt.datetime.fromtimestamp(manifest.stat().st_mtime).strftime("%Y-%m-%d %H:%M:%S")
    return hashlib.sha256(manifest.read_bytes()).hexdigest(), built
