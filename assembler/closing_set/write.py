"""Write a closing set atomically: the output folder is checked before anything is rendered (`check_output`); every
file is then written into a hidden folder beside the destination, flushed to disk, and swapped in with one atomic
rename, so that after a crash or `kill -9` at any moment the destination holds the complete old set or the complete
new one. An existing set is replaced only with force=True.

The swap is Linux's renameat2(RENAME_EXCHANGE) (through ctypes): the old and the new folder trade places in one step,
then the old one is removed. Where the exchange is not available (another system, a file system without it) two
renames are used and the moment between them is recovered by the next build (the old set is put back if the new one
never arrived). Hidden folders left by an interrupted build (`.<deal>.new-<pid>-*`, `.<deal>.old-<pid>-*`) are
removed by the next build once their process is gone. Any disk error is one AssemblerError naming the folder.
"""
from __future__ import annotations

import ctypes
import errno
import os
import shutil
import stat
import tempfile
from pathlib import Path

from assembler.errors import AssemblerError, OutputExists

MIN_FREE = 32 * 1024 * 1024  # bytes free before rendering: a set is 1 to 2 MB (FOCUS: 1.3 MB)
MARGIN = 1024 * 1024  # bytes free beyond the set itself, checked once the set is rendered
RENAME_EXCHANGE = 2
AT_FDCWD = -100


class OutputUnusable(AssemblerError):
    """The output folder cannot take a closing set (under a file, read-only, full, a dangling link...)."""


def refuse_existing(destination: Path, force: bool) -> None:
    if Path(destination).exists() and not force:
        raise OutputExists(f"{destination} already exists; nothing was written (use --force to replace it)")


def check_output(destination: Path, need: int = MIN_FREE) -> None:
    """Refuse, before any rendering, a destination that could not be written: under a file or a dangling link,
    itself a file or a link, in a folder that cannot be written to, or on a disk with less than `need` bytes free."""
    destination = Path(destination)
    if destination.is_symlink():
        raise OutputUnusable(f"{destination} is a link; nothing was written (remove the link or choose another "
                             "--output)")
    if destination.exists() and not destination.is_dir():
        raise OutputUnusable(f"{destination} is a file, not a closing set; nothing was written (move it away or "
                             "choose another --output)")
    existing = destination.parent
    while not existing.exists():
        if existing.is_symlink():
            raise OutputUnusable(f"{existing} is a link to a folder that does not exist; nothing was written")
        existing = existing.parent
    if not existing.is_dir():
        raise OutputUnusable(f"the output folder {destination.parent} would be under {existing}, which is a file; "
                             "nothing was written (choose another --output)")
    if not os.access(existing, os.W_OK | os.X_OK):  # writes nothing; a read-only disk refuses even root
        why = "the disk is read-only" if os.statvfs(existing).f_flag & os.ST_RDONLY else "permission denied"
        raise OutputUnusable(f"cannot write in {existing} ({why}); nothing was written (choose another --output)")
    free = _free(existing)
    if free < need:
        raise OutputUnusable(f"only {free / 1e6:,.1f} MB free on the disk of {existing}, {need / 1e6:,.1f} MB "
                             "needed; nothing was written (free some space or choose another --output)")


def _free(folder: Path) -> int:
    info = os.statvfs(folder)
    return info.f_bavail * info.f_frsize


def write_set(destination: Path, files: dict[str, bytes], force: bool) -> None:
    """Write all files into `destination` atomically: the complete new set, or nothing and the old set untouched."""
    destination = Path(destination)
    refuse_existing(destination, force)
    check_output(destination, sum(len(data) for data in files.values()) + MARGIN)
    parent = destination.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(destination)
        staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}.new-{os.getpid()}-", dir=parent))
    except OSError as exc:
        raise _disk_error(destination, exc) from None
    try:
        for name, data in files.items():
            _write_file(staging / name, data)
        os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes 0700; a closing set is shared like any folder
        _fsync(staging)
        _swap(staging, destination)
        _fsync(parent)
    except OSError as exc:
        raise _disk_error(destination, exc) from None
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _disk_error(destination: Path, exc: OSError) -> OutputUnusable:
    what = exc.strerror or str(exc)
    hint = {errno.ENOSPC: " (the disk is full)", errno.EDQUOT: " (the disk quota is used up)",
            errno.EROFS: " (the disk is read-only)", errno.EACCES: " (permission denied)"}.get(exc.errno, "")
    return OutputUnusable(f"could not write the closing set to {destination}: {what}{hint}; the earlier set, if any, "
                          "is untouched")


def _write_file(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _swap(staging: Path, destination: Path) -> None:
    """Put the complete `staging` folder at `destination`; an old set there is exchanged out and removed."""
    if not destination.exists():
        os.rename(staging, destination)
        return
    if exchange(staging, destination):
        shutil.rmtree(staging)  # now the old set
        return
    old = Path(tempfile.mkdtemp(prefix=f".{destination.name}.old-{os.getpid()}-", dir=destination.parent))
    os.rename(destination, old / destination.name)
    os.rename(staging, destination)  # a crash before this line: the next build puts old/ back (remove_leftovers)
    shutil.rmtree(old)


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False  # not supported here: the caller falls back to two renames
    raise OSError(code, os.strerror(code), str(b))


def remove_leftovers(destination: Path) -> list[Path]:
    """Remove the hidden folders of interrupted builds of this set (their process is gone); if a crash fell between
    the two renames of the fallback swap, put the old set back first. Returns what was removed."""
    destination = Path(destination)
    removed = []
    for path in sorted(destination.parent.glob(f".{destination.name}.*-*-*")):
        kind, _, rest = path.name[len(destination.name) + 2:].partition("-")
        pid = rest.split("-")[0]
        if kind not in ("new", "old") or not pid.isdigit() or _alive(int(pid)) or not _is_dir(path):
            continue
        saved = path / destination.name
        if kind == "old" and saved.is_dir() and not destination.exists():
            os.rename(saved, destination)
        shutil.rmtree(path)
        removed.append(path)
    return removed


def _is_dir(path: Path) -> bool:
    return stat.S_ISDIR(os.lstat(path).st_mode)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a folder of ours from before is a leftover (pid reuse across a crash)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
