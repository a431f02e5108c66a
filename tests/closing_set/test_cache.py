"""The layout cache trusts nothing it did not write itself: checked entries, and only the user's own 0700 directory."""
from __future__ import annotations

import os
import stat

import pytest

from assembler import cache_dir
from assembler.closing_set.cache import LayoutCache, key


@pytest.fixture
def cache_root(tmp_path, monkeypatch):
    root = tmp_path / "cache"
    monkeypatch.setenv("ASSEMBLER_CACHE_DIR", str(root))
    monkeypatch.delenv("ASSEMBLER_NO_CACHE", raising=False)
    return root


def test_the_cache_directory_is_created_private(cache_root):
    directory, note = cache_dir.user_cache_dir("layout")
    assert note is None and directory == cache_root / "layout"
    for level in (cache_root, directory):
        assert stat.S_IMODE(os.stat(level).st_mode) == 0o700


def test_a_directory_others_can_write_to_is_not_used(cache_root):
    cache_root.mkdir(mode=0o755)
    os.chmod(cache_root, 0o777)
    cache = LayoutCache.open()
    assert cache.directory is None
    assert cache.note == (f"cache not used: {cache_root} is writable by other users (mode 777): anything in it could "
                          "have been put there by someone else; remove it, or chmod 700 it if you trust its contents")
    cache.put(key({"a": 1}), {}, {"pdf": b"x"})  # a cache without a directory keeps nothing
    assert cache.get(key({"a": 1})) is None and list(cache_root.iterdir()) == []


def test_a_directory_of_another_user_is_not_used(cache_root, monkeypatch):
    cache_root.mkdir(mode=0o700)
    monkeypatch.setattr(cache_dir.os, "geteuid", lambda: os.stat(cache_root).st_uid + 1)
    directory, note = cache_dir.user_cache_dir("layout")
    assert directory is None
    assert note == f"cache not used: {cache_root} is owned by another user (uid {os.stat(cache_root).st_uid})"


def test_a_symbolic_link_is_not_followed(cache_root, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    cache_root.symlink_to(elsewhere)
    directory, note = cache_dir.user_cache_dir("layout")
    assert directory is None and note.endswith("is a symbolic link")
    assert list(elsewhere.iterdir()) == []


def test_no_cache_environment_variable_turns_it_off(cache_root, monkeypatch):
    monkeypatch.setenv("ASSEMBLER_NO_CACHE", "1")
    assert LayoutCache.open().directory is None
    assert LayoutCache.open(enabled=False).directory is None


def test_an_entry_round_trips(cache_root):
    cache = LayoutCache.open()
    k = key({"kind": "pdf", "html": "<p>x</p>"})
    cache.put(k, {"pages": 2, "anchors": {"block-3": 1}}, {"pdf": b"%PDF-1.7 body"})
    entry = cache.get(k)
    assert entry.meta == {"pages": 2, "anchors": {"block-3": 1}} and entry.parts == {"pdf": b"%PDF-1.7 body"}
    assert stat.S_IMODE(os.stat(cache.directory / k).st_mode) == 0o600
    assert (cache.hits, cache.misses, cache.written) == (1, 0, 1)


@pytest.mark.parametrize("damage", ["flip a byte", "truncate", "append", "another key", "not an entry"])
def test_a_damaged_or_foreign_entry_is_ignored_and_removed(cache_root, damage):
    cache = LayoutCache.open()
    k, other = key({"doc": 1}), key({"doc": 2})
    cache.put(k, {"pages": 1, "anchors": {}}, {"pdf": b"%PDF-1.7 the real bytes"})
    path = cache.directory / k
    data = path.read_bytes()
    if damage == "flip a byte":
        path.write_bytes(data[:-3] + bytes([data[-3] ^ 1]) + data[-2:])
    elif damage == "truncate":
        path.write_bytes(data[:-5])
    elif damage == "append":
        path.write_bytes(data + b"more")
    elif damage == "another key":  # a valid entry copied in under the name of another
        cache.put(other, {"pages": 1, "anchors": {}}, {"pdf": b"%PDF-1.7 other bytes"})
        path.write_bytes((cache.directory / other).read_bytes())
    else:
        path.write_bytes(b"\x80\x04\x95 a pickle, say")
    assert cache.get(k) is None
    assert not path.exists()


def test_keys_that_are_not_hashes_are_refused(cache_root):
    cache = LayoutCache.open()
    cache.put("../escape", {}, {"pdf": b"x"})
    assert cache.get("../escape") is None
    assert not (cache_root / "escape").exists()


def test_prune_removes_the_least_recently_used(cache_root):
    cache = LayoutCache.open()
    keys = [key({"n": n}) for n in range(4)]
    for n, k in enumerate(keys):
        cache.put(k, {}, {"docx": bytes(1000)})
        os.utime(cache.directory / k, (1_000_000 + n, 1_000_000 + n))
    cache.get(keys[0])  # used now: kept
    cache.prune(limit=2 * (cache.directory / keys[0]).stat().st_size)
    assert sorted(p.name for p in cache.directory.iterdir()) == sorted([keys[0], keys[3]])


def test_a_directory_others_could_only_read_is_closed_and_used(cache_root):
    cache_root.mkdir()
    os.chmod(cache_root, 0o755)
    directory, note = cache_dir.user_cache_dir("layout")
    assert note is None and directory == cache_root / "layout"
    assert stat.S_IMODE(os.stat(cache_root).st_mode) == 0o700


def test_templates_that_passed_their_manifest_check_are_not_parsed_again(cache_root, monkeypatch, tmp_path):
    import shutil

    from assembler.closing_set.build import check_templates
    from assembler.document import manifest_check
    from assembler.document.dirs import DEFAULT_DIR
    from assembler.errors import ManifestMismatch

    calls = []
    real = manifest_check.check_all
    monkeypatch.setattr(manifest_check, "check_all", lambda *a: calls.append(1) or real(*a))
    cache = LayoutCache.open()
    assert check_templates([DEFAULT_DIR], cache) == [] and len(calls) == 1
    assert check_templates([DEFAULT_DIR], cache) == [] and len(calls) == 1  # remembered
    assert check_templates([DEFAULT_DIR]) == [] and len(calls) == 2  # without a cache: checked
    # a changed template is checked again, and a mismatch is never remembered as clean
    firm = tmp_path / "firm"
    shutil.copytree(DEFAULT_DIR / "funds_flow", firm / "funds_flow")
    xml = firm / "funds_flow" / "document.xml.j2"
    xml.write_text(xml.read_text(encoding="utf-8").replace("</document>", "{{ ts.undeclared_thing }}</document>", 1),
                   encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ManifestMismatch):
            check_templates([DEFAULT_DIR, firm], cache)
    assert len(calls) == 4
