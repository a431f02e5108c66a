"""The folder kept beside a closing set for what comes back after signing: OUTPUT/<deal>.signatures/.

It lives beside the set, not in it, so that rebuilding the set (assemble build --force) never touches it. Nothing in it
is overwritten: each returned page is kept as a one-page PDF named by its SHA-256 (the same page twice is one file),
and log.jsonl gets one line per page filed. Status is always worked out again from the log and the set as it is now,
so that pages matched against a draft become stale when the set is rebuilt with other text.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from assembler.errors import AssemblerError

LOG = "log.jsonl"
PAGES = "pages"
DRAFTS = "drafts.json"
EXECUTED = "executed"


def store_dir(set_dir: Path) -> Path:
    set_dir = Path(set_dir).resolve()
    return set_dir.parent / f"{set_dir.name}.signatures"


@dataclass(frozen=True)
class LogEntry:
    """One returned page, as filed: where it came from, where it is kept, and the marks it carries."""

    at: str  # when it was filed (UTC, ISO 8601)
    source: str  # the returned file
    source_page: int
    sha256: str
    stored: str  # relative to the store: pages/<sha256>.pdf
    marks: tuple[str, ...]
    codes: tuple[str, ...]  # other QR codes on the page
    quarter_turns: int
    outcome: str  # when filed: matched, accompanying, stale, foreign, unrecognised (status works it out again)


def read_log(store: Path) -> list[LogEntry]:
    path = Path(store) / LOG
    if not path.is_file():
        return []
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            raw["marks"], raw["codes"] = tuple(raw["marks"]), tuple(raw["codes"])
            entries.append(LogEntry(**raw))
        except (ValueError, TypeError) as exc:
            raise AssemblerError(f"{path}:{number}: not a log entry ({exc}); the log is kept by assemble collect "
                                 "and should not be edited") from None
    return entries


def append_log(store: Path, entries: list[LogEntry]) -> None:
    with open(Path(store) / LOG, "a", encoding="utf-8") as log:
        for entry in entries:
            log.write(json.dumps(asdict(entry), ensure_ascii=False, sort_keys=True) + "\n")


def keep_page(store: Path, sha256: str, pdf: bytes) -> tuple[str, bool]:
    """Keep a returned page (never overwriting one): its path relative to the store, and whether it is new."""
    relative = f"{PAGES}/{sha256}.pdf"
    target = Path(store) / relative
    if target.exists():
        return relative, False
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, pdf)
    return relative, True


def write_atomic(target: Path, data: bytes) -> None:
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def remember_drafts(store: Path, drafts: dict[str, tuple[str, str]], when: str) -> dict[str, dict]:
    """drafts.json: each draft of each document this store has seen the set at (draft -> document, title, first seen),
    so that a stale page can be told apart by the date its draft was current. Returns the whole history."""
    path = Path(store) / DRAFTS
    seen = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    added = False
    for draft, (key, title) in drafts.items():
        if draft not in seen:
            seen[draft] = {"document": key, "title": title, "first_seen": when}
            added = True
    if added:
        write_atomic(path, (json.dumps(seen, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode())
    return seen


def read_drafts(store: Path) -> dict[str, dict]:
    path = Path(store) / DRAFTS
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
