"""The layout cache: a rendered PDF or DOCX kept under the hash of everything that went into it.

A key is the SHA-256 of a canonical JSON of the inputs (see `key`); an entry is one file, `<key>`, holding a header line
(format, the key again, metadata such as page count and anchors, and the length and SHA-256 of each part) and the
parts' bytes. An entry is used only when it parses, names the key it was asked for, and every part has its recorded
length and hash; anything else (a truncated write, a flipped bit, an entry copied in under another name) is treated as
absent and removed. Entries are plain data (JSON and bytes), never pickles: reading one cannot run code.

The directory is the user's own (see assembler/cache_dir.py). Entries are written to a temporary file and renamed
into place, so a build interrupted halfway leaves no half entry; the least recently used entries are removed when
the cache grows past `LIMIT` bytes.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from assembler.cache_dir import cache_disabled, user_cache_dir

MAGIC = b"assembler-layout-cache 1\n"
LIMIT = 512 * 1024 * 1024


def key(material: dict) -> str:
    """The cache key of `material` (JSON-serialisable; its keys are sorted)."""
    text = json.dumps(material, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Entry:
    meta: dict
    parts: dict[str, bytes]


class LayoutCache:
    """get/put of entries in one checked directory; a cache with no directory holds nothing and keeps nothing."""

    def __init__(self, directory: Path | None, note: str | None = None) -> None:
        self.directory = directory
        self.note = note  # why there is no directory, for the build to report
        self.hits = 0
        self.misses = 0
        self.written = 0

    @classmethod
    def open(cls, enabled: bool = True, name: str = "layout") -> "LayoutCache":
        """The cache in the user's checked directory `name` ("layout"; "variance" for the comparisons with the form)."""
        if not enabled or cache_disabled():
            return cls(None)
        directory, note = user_cache_dir(name)
        return cls(directory, note)

    def _path(self, k: str) -> Path | None:
        if self.directory is None or len(k) != 64 or any(c not in "0123456789abcdef" for c in k):
            return None
        return self.directory / k

    def get(self, k: str) -> Entry | None:
        path = self._path(k)
        entry = None
        if path is not None:
            try:
                data = path.read_bytes()
            except OSError:
                data = None
            if data is not None:
                entry = _decode(data, k)
                if entry is None:  # damaged or foreign: never trusted, and removed
                    path.unlink(missing_ok=True)
                else:
                    os.utime(path)  # recently used: pruned last
        if entry is None:
            self.misses += 1
        else:
            self.hits += 1
        return entry

    def put(self, k: str, meta: dict, parts: dict[str, bytes]) -> None:
        path = self._path(k)
        if path is None:
            return
        try:
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=self.directory)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(_encode(k, meta, parts))
                os.replace(tmp, path)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
            self.written += 1
        except OSError:
            pass  # a full disk or a read-only home makes the next build slower, not wrong

    def prune(self, limit: int = LIMIT) -> None:
        """Remove the least recently used entries until the cache holds at most `limit` bytes."""
        if self.directory is None:
            return
        try:
            entries = [(e.stat().st_mtime, e.stat().st_size, e.path) for e in os.scandir(self.directory)
                       if e.is_file(follow_symlinks=False)]
        except OSError:
            return
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= limit:
                break
            try:
                os.unlink(path)
                total -= size
            except OSError:
                pass


def _encode(k: str, meta: dict, parts: dict[str, bytes]) -> bytes:
    header = {"key": k, "meta": meta,
              "parts": [[name, len(data), hashlib.sha256(data).hexdigest()] for name, data in parts.items()]}
    return MAGIC + json.dumps(header, sort_keys=True).encode() + b"\n" + b"".join(parts.values())


def _decode(data: bytes, k: str) -> Entry | None:
    if not data.startswith(MAGIC):
        return None
    end = data.find(b"\n", len(MAGIC))
    if end < 0:
        return None
    try:
        header = json.loads(data[len(MAGIC):end])
        if header["key"] != k or not isinstance(header["meta"], dict):
            return None
        parts: dict[str, bytes] = {}
        offset = end + 1
        for name, length, digest in header["parts"]:
            chunk = data[offset:offset + length]
            if not isinstance(name, str) or len(chunk) != length or hashlib.sha256(chunk).hexdigest() != digest:
                return None
            parts[name] = chunk
            offset += length
    except (ValueError, KeyError, TypeError):
        return None
    if offset != len(data):
        return None
    return Entry(header["meta"], parts)
