"""Writing a closing set (issue 11): the output folder is checked before rendering, a disk error is one message with
exit 2, the swap is atomic under kill -9 at every step, the next build removes leftovers, files reach the disk before
the swap and the set folder gets normal permissions."""
from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from assembler.closing_set import write
from assembler.closing_set.write import OutputUnusable, check_output, remove_leftovers, write_set

OLD = {"a.pdf": b"old a" * 1000, "b.docx": b"old b" * 1000, "manifest.json": b"{old}"}
NEW = {"a.pdf": b"new a" * 1200, "c.docx": b"new c" * 900, "manifest.json": b"{new}"}

# A child that writes NEW over OLD and kills itself (SIGKILL, as kill -9) at the Nth file-system call of the write.
CHILD = r"""
import os, shutil, signal, sys
from pathlib import Path
from assembler.closing_set import write
target, nth, fallback = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1"
NEW = {"a.pdf": b"new a" * 1200, "c.docx": b"new c" * 900, "manifest.json": b"{new}"}
calls = [0]
def counted(fn):
    def call(*args, **kwargs):
        calls[0] += 1
        if calls[0] == nth:
            os.kill(os.getpid(), signal.SIGKILL)
        return fn(*args, **kwargs)
    return call
if fallback:
    write.exchange = lambda a, b: False
for module, name in ((os, "rename"), (os, "write"), (os, "fsync"), (os, "chmod"), (os, "open"), (os, "unlink"),
                     (os, "rmdir"), (os, "mkdir"), (write, "exchange"), (write, "_write_file")):
    setattr(module, name, counted(getattr(module, name)))
write.write_set(target, NEW, force=True)
print(calls[0])
"""


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()} if folder.is_dir() else {}


def hidden(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def crash_at(target: Path, nth: int, fallback: bool) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", CHILD, str(target), str(nth), "1" if fallback else "0"],
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("fallback", [False, True], ids=["rename-exchange", "two-renames"])
def test_kill_9_at_every_step_leaves_the_old_set_or_the_new_one(tmp_path, fallback):
    target = tmp_path / "out" / "deal"
    write_set(target, OLD, force=False)
    total = int(crash_at(target, 0, fallback).stdout)  # a run without a crash counts the calls
    assert total > 10
    for nth in range(1, total + 1):
        write_set(target, OLD, force=True)
        assert hidden(target.parent) == []
        result = crash_at(target, nth, fallback)
        assert result.returncode == -signal.SIGKILL, (nth, result.stderr)
        if not fallback:
            assert contents(target) in (OLD, NEW), nth  # at every moment, not only after recovery
        remove_leftovers(target)  # what the next build does first
        assert contents(target) in (OLD, NEW), nth
        assert hidden(target.parent) == [], nth
    write_set(target, NEW, force=True)
    assert contents(target) == NEW and hidden(target.parent) == []


def test_the_set_folder_has_normal_permissions_and_files_are_complete(tmp_path):
    target = tmp_path / "deal"
    old = os.umask(0o022)
    try:
        write_set(target, NEW, force=False)
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o755
    assert all(stat.S_IMODE((target / n).stat().st_mode) == 0o644 for n in NEW)
    assert contents(target) == NEW


def test_files_are_flushed_before_the_swap(tmp_path, monkeypatch):
    order: list[str] = []
    fsync, swap = os.fsync, write._swap
    monkeypatch.setattr(write.os, "fsync", lambda fd: (order.append("fsync"), fsync(fd))[1])
    monkeypatch.setattr(write, "_swap", lambda a, b: (order.append("swap"), swap(a, b))[1])
    write_set(tmp_path / "deal", NEW, force=False)
    assert order.index("swap") >= len(NEW) + 1 and order[:len(NEW) + 1] == ["fsync"] * (len(NEW) + 1)


def test_a_disk_error_while_writing_is_one_message_and_the_old_set_stays(tmp_path, monkeypatch):
    target = tmp_path / "deal"
    write_set(target, OLD, force=False)
    real = os.write
    calls = [0]

    def full(fd, data):
        calls[0] += 1
        if calls[0] == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(fd, data)

    monkeypatch.setattr(write.os, "write", full)
    with pytest.raises(OutputUnusable) as info:
        write_set(target, NEW, force=True)
    assert str(info.value) == (f"could not write the closing set to {target}: No space left on device (the disk is "
                               "full); the earlier set, if any, is untouched")
    assert contents(target) == OLD and hidden(tmp_path) == []


def test_leftovers_of_a_live_build_are_kept(tmp_path):
    target = tmp_path / "deal"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        live = tmp_path / f".deal.new-{sleeper.pid}-abc"
        live.mkdir()
        dead = tmp_path / ".deal.new-999999999-abc"
        dead.mkdir()
        assert remove_leftovers(target) == [dead]
        assert live.exists() and not dead.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


@pytest.mark.parametrize("case", ["under-a-file", "dangling-link", "a-file", "a-link"])
def test_unusable_output_paths_are_refused_before_rendering(tmp_path, case):
    (tmp_path / "file").write_text("x")
    (tmp_path / "dangling").symlink_to(tmp_path / "missing")
    (tmp_path / "folder").mkdir()
    target, expected = {
        "under-a-file": (tmp_path / "file" / "out" / "deal", "which is a file"),
        "dangling-link": (tmp_path / "dangling" / "deal", "is a link to a folder that does not exist"),
        "a-file": (tmp_path / "file", "is a file, not a closing set"),
        "a-link": (tmp_path / "dangling", "is a link"),
    }[case]
    with pytest.raises(OutputUnusable) as info:
        check_output(target)
    assert expected in str(info.value) and "nothing was written" in str(info.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dangling", "file", "folder"]


@pytest.fixture
def small_disk(tmp_path):
    """A 512 KB tmpfs (root only; skipped where mounting is not allowed)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount)],
                                          capture_output=True).returncode:
        pytest.skip("cannot mount a small file system here")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def test_a_full_disk_is_found_before_rendering(small_disk):
    with pytest.raises(OutputUnusable) as info:
        check_output(small_disk / "out" / "deal")
    assert "MB free on the disk of" in str(info.value) and "nothing was written" in str(info.value)


def test_a_read_only_disk_is_found_before_rendering(small_disk):
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    with pytest.raises(OutputUnusable) as info:
        check_output(small_disk / "out" / "deal", need=0)
    assert f"cannot write in {small_disk} (the disk is read-only)" in str(info.value)


def test_a_set_larger_than_the_free_space_is_refused_before_a_byte_is_written(small_disk):
    with pytest.raises(OutputUnusable):
        write_set(small_disk / "deal", {"big.pdf": b"x" * 600_000}, force=False)
    assert list(small_disk.iterdir()) == []
