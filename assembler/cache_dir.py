"""The user's own cache directory, checked before use as pip checks its cache.

A cache is only as trustworthy as the directory it lives in: anyone who can write there can plant an entry that the
tool would take for its own work. So the cache lives in the user's cache directory (`~/.cache/assembler` on Linux,
`ASSEMBLER_CACHE_DIR` to move it), never in the shared temporary folder; each level is created with mode 0700, and
before use it must be a real directory (not a symbolic link), owned by the current user, and writable by nobody else
(one that others could only read is closed to 0700).
When it is not, the cache is not used and the caller says why; nothing fails because of it.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

ENV_DIR = "ASSEMBLER_CACHE_DIR"
ENV_OFF = "ASSEMBLER_NO_CACHE"


def cache_disabled() -> bool:
    return bool(os.environ.get(ENV_OFF))


def base_dir() -> Path:
    configured = os.environ.get(ENV_DIR)
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("assembler", appauthor=False))


def foreign(st: os.stat_result, root_may_own: bool = False) -> str | None:
    """Why what has this status (os.lstat) could hold what someone else put there (None when it could not): a
    symbolic link, another owner (root too, when `root_may_own`: the installed store of precompiled.py), or writable
    by other users. The one check of the user's cache and of the installed store."""
    if stat.S_ISLNK(st.st_mode):
        return "is a symbolic link"
    if os.name == "posix":
        if st.st_uid != os.geteuid() and not (root_may_own and st.st_uid == 0):
            return f"is owned by another user (uid {st.st_uid})"
        if st.st_mode & 0o022:
            return f"is writable by other users (mode {stat.S_IMODE(st.st_mode):o})"
    return None


def unsafe(path: Path) -> str | None:
    """Why `path` may not hold a cache (None when it may). A directory of this user that others could read but never
    write (an older umask) is closed to 0700 and used: nobody else can have put anything in it."""
    st = os.lstat(path)
    if not stat.S_ISLNK(st.st_mode) and not stat.S_ISDIR(st.st_mode):
        return "is not a directory"
    why = foreign(st)
    if why and why.startswith("is writable"):
        return why + ": anything in it could have been put there by someone else; remove it, or chmod 700 it if you " \
                     "trust its contents"
    if why is None and os.name == "posix" and st.st_mode & 0o077:
        os.chmod(path, 0o700)
    return why


def user_cache_dir(name: str) -> tuple[Path | None, str | None]:
    """(the checked directory `name` of the user's cache, None), or (None, why the cache is not used)."""
    base = base_dir()
    path = base / name
    try:
        base.parent.mkdir(parents=True, exist_ok=True)
        for level in (base, path):
            try:
                level.mkdir(mode=0o700)
            except FileExistsError:
                pass
            why = unsafe(level)
            if why:
                return None, f"cache not used: {level} {why}"
    except OSError as exc:
        return None, f"cache not used: cannot create {path} ({exc.strerror or exc})"
    return path, None
