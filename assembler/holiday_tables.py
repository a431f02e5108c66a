"""The holidays of a calendar in a year (calendar.py), as the maintained `holidays` package gives them, kept in the
user's cache so that a command does not import it: `import holidays` and the first NYSE table cost 0.1-0.13 s of CPU
(the financial markets' package imports every market, and the Colombian one every country's calendar), more than a
third of what `diff --against` took besides its rendering.

One file per version of `holidays` (names asked for in American English, LANGUAGE, whatever the environment's
locale: the package would translate them otherwise): `holidays-<version>-en_US.json` in the
user's checked cache directory `calendar` (cache_dir.py), holding each table asked for so far, keyed "kind year", and
the SHA-256 of those tables. A file that does not parse, is not this version's, or whose hash does not match is
ignored (the tables are made again from `holidays` and the file rewritten, by a temporary file renamed into place,
when the process exits). Without a version (no .dist-info for `holidays`) or with the cache off, nothing is kept.
The tables of CALENDARS for YEARS are also made when the tool is installed (assembler/precompile.py) into the
installed store (assembler/precompiled.py), in the same format, read when the user's file lacks a table.
"""
from __future__ import annotations

import atexit
import datetime as dt
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

FORMAT = 1
_state: dict = {}  # "path", "tables" (kind year -> {iso date: name}), "dirty"


def table(kind: str, year: int) -> dict[dt.date, str]:
    tables = _tables()
    name = f"{kind} {year}"
    stored = tables.get(name)
    if stored is None and (stored := _installed().get(name)) is not None:
        tables[name] = stored  # not written to the user's file: the store has it
    if stored is None:
        made_now = made(kind, year)
        tables[name] = as_stored(made_now)
        _state["dirty"] = True
        return made_now
    return {dt.date.fromisoformat(day): n for day, n in stored.items()}


LANGUAGE = "en_US"  # the language of holiday names in every document


def as_stored(days: dict[dt.date, str]) -> dict[str, str]:
    """A table as its file keeps it: ISO dates in order, names as text."""
    return {day.isoformat(): str(n) for day, n in sorted(days.items())}


def made(kind: str, year: int) -> dict[dt.date, str]:
    import holidays

    family, code = kind.split(":")
    # names in American English whatever the environment's locale (holidays translates them when LANG etc. ask for a
    # language it has): figures.json and the checklist name holidays, and must be the same bytes on every machine
    days = holidays.financial_holidays(code, years=year, language=LANGUAGE) if family == "exchange" else \
        holidays.country_holidays(code, years=year, language=LANGUAGE)
    return dict(days.items())


def version() -> str | None:
    """"holidays-0.109": the installed distribution, from its .dist-info folder's name (no importlib.metadata)."""
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for n in names:
            if n.startswith("holidays-") and n.endswith(".dist-info"):
                return n[:-len(".dist-info")]
    return None


def digest(tables: dict) -> str:
    return hashlib.sha256(json.dumps(tables, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _tables() -> dict:
    if "tables" in _state:
        return _state["tables"]
    _state.update(tables={}, path=None, dirty=False)
    path = _path()
    if path is None:
        return _state["tables"]
    _state["path"] = path
    try:
        _state["tables"] = _checked(path.read_bytes(), version()) or {}  # absent, damaged or foreign: made again
    except OSError:
        pass
    atexit.register(save)
    return _state["tables"]


CALENDARS = ("exchange:NYSE", "federal:US")  # made when the tool is installed (precompile.py), for these years:
YEARS = range(1970, 2061)


def _installed() -> dict:
    """The tables the installed store holds for this version of `holidays` (assembler/precompiled.py: checked as the
    user's file is, and by the store's own SHA-256), or {}."""
    if "installed" not in _state:
        from assembler import precompiled
        from assembler.cache_dir import cache_disabled

        release, store = version(), precompiled.store()
        data = store.read(KIND, release, file_name(release)) if store and release and not cache_disabled() else None
        _state["installed"] = _checked(data, release) or {}
    return _state["installed"]


def _checked(data: bytes | None, release: str | None) -> dict | None:
    """The tables of a file written by `encode` for this release, or None (absent, damaged or foreign)."""
    try:
        loaded = json.loads(data) if data is not None else None
        if loaded and loaded["format"] == FORMAT and loaded["version"] == f"{release}-{LANGUAGE}" \
                and isinstance(loaded["tables"], dict) and digest(loaded["tables"]) == loaded["sha256"]:
            return loaded["tables"]
    except (ValueError, KeyError, TypeError):
        pass
    return None


def encode(tables: dict, release: str) -> str:
    return json.dumps({"format": FORMAT, "version": f"{release}-{LANGUAGE}", "tables": tables,
                       "sha256": digest(tables)}, sort_keys=True, ensure_ascii=False)


def file_name(release: str) -> str:
    return f"{release}-{LANGUAGE}.json"


KIND = "calendar"  # the store's entries, and the user's cache folder


def _path() -> Path | None:
    from assembler.cache_dir import cache_disabled, user_cache_dir

    release = version()
    if release is None or cache_disabled():
        return None
    directory, _ = user_cache_dir(KIND)
    if directory is None:
        return None
    return directory / file_name(release)


def save() -> None:
    """Write the tables back when some were made (at exit; a read-only or full disk only makes the next run slower)."""
    path, tables = _state.get("path"), _state.get("tables")
    if not _state.get("dirty") or path is None:
        return
    text = encode(tables, version())
    try:
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        _state["dirty"] = False
    except OSError:
        pass


def forget() -> None:
    """Drop what this process read (tests: the next table is read from the cache file, or made)."""
    _state.clear()
