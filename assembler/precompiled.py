"""What installing the tool prepares once, as Python compiles its own modules when they are installed: the bundled
templates compiled by Jinja, the expressions of their variance.yaml reasons, and the holiday tables of the calendars
deals use. `make setup` writes it (`python -m assembler.precompile`) into the environment the tool is installed in
(`<sys.prefix>/share/assembler/precompiled`, or ASSEMBLER_PRECOMPILED_DIR), and a command reads it when the user's
own cache (cache_dir.py) does not have what it needs yet: a CI runner's first `diff --against`, with an empty cache,
compiles no template of the tool.

Compiled templates are Python code, so the store is read only when it can be trusted as the installed tool is:
- the folder is a real directory (not a symbolic link), owned by this user or by root and writable by nobody else,
  and so is its index.json;
- the index names the store's format and, for each kind of entry, the fingerprint of what made it (the compiling code
  and Jinja's version; the `holidays` release): entries made by another version are never read;
- each file read must have the SHA-256 the index gives it: a damaged, truncated or replaced file is ignored, and the
  template is compiled (the table made) as if the store were not there.
Only the tool's own templates are compiled into it, never a firm's (`--templates`): Jinja keys a compiled template by
its name, path and source checksum, so a firm's template cannot load another's code.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path

from assembler.cache_dir import foreign

FORMAT = 1
ENV_DIR = "ASSEMBLER_PRECOMPILED_DIR"
INDEX = "index.json"


def location() -> Path:
    configured = os.environ.get(ENV_DIR)
    return Path(configured) if configured else Path(sys.prefix) / "share" / "assembler" / "precompiled"


def untrusted(path: Path, directory: bool) -> str | None:
    """Why `path` may not be read as part of the installed tool (None when it may): cache_dir.foreign's check, root
    allowed to own it (a system-wide install)."""
    st = os.lstat(path)
    if not stat.S_ISLNK(st.st_mode) and not (stat.S_ISDIR(st.st_mode) if directory else stat.S_ISREG(st.st_mode)):
        return "is not a directory" if directory else "is not a regular file"
    return foreign(st, root_may_own=True)


class Store:
    """The store's entries, each read only when its bytes have the index's SHA-256."""

    def __init__(self, path: Path, fingerprints: dict[str, str], files: dict[str, str]) -> None:
        self.path, self.fingerprints, self.files = path, fingerprints, files

    def read(self, kind: str, fingerprint: str, name: str) -> bytes | None:
        """The bytes of entry `kind/name` when the store's `kind` was made with `fingerprint` and the file is whole."""
        key = f"{kind}/{name}"
        if self.fingerprints.get(kind) != fingerprint or key not in self.files or "/" in name or name.startswith("."):
            return None
        try:
            data = (self.path / kind / name).read_bytes()
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == self.files[key] else None


_opened: dict[Path, Store | None] = {}


def store() -> Store | None:
    """The installed store (read once per process), or None when there is none or it cannot be trusted."""
    path = location()
    if path not in _opened:
        _opened[path] = _open(path)
    return _opened[path]


def _open(path: Path) -> Store | None:
    try:
        if untrusted(path, True) or untrusted(path / INDEX, False):
            return None
        index = json.loads((path / INDEX).read_bytes())
        if index.get("format") != FORMAT:
            return None
        fingerprints, files = index["fingerprints"], index["files"]
        if not (isinstance(fingerprints, dict) and isinstance(files, dict)):
            return None
        return Store(path, {str(k): str(v) for k, v in fingerprints.items()},
                     {str(k): str(v) for k, v in files.items()})
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write(path: Path, entries: dict[str, dict[str, bytes]], fingerprints: dict[str, str]) -> None:
    """Replace the store at `path` with `entries` (kind -> name -> bytes), made with `fingerprints` (kind ->
    fingerprint): written beside it in a new folder, then renamed into place, so a reader never sees half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(prefix=".precompiled-", dir=path.parent))
    try:
        files = {}
        for kind, named in sorted(entries.items()):
            (new / kind).mkdir()
            os.chmod(new / kind, 0o755)
            for name, data in sorted(named.items()):
                (new / kind / name).write_bytes(data)
                os.chmod(new / kind / name, 0o644)
                files[f"{kind}/{name}"] = hashlib.sha256(data).hexdigest()
        index = {"format": FORMAT, "fingerprints": fingerprints, "files": files}
        (new / INDEX).write_text(json.dumps(index, indent=1, sort_keys=True), encoding="utf-8")
        os.chmod(new / INDEX, 0o644)
        os.chmod(new, 0o755)
        old = None
        if path.exists() or path.is_symlink():
            old = Path(tempfile.mkdtemp(prefix=".old-", dir=path.parent))
            os.replace(path, old / "store")
        os.replace(new, path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(new, ignore_errors=True)
    _opened.pop(path, None)


def forget() -> None:
    """Read the store again on next use (tests)."""
    _opened.clear()
