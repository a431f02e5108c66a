"""The comparisons with the form are kept in the user's cache (variance/cache.py): a second report reads them, reads
the same as one made without the cache, and a damaged or foreign entry is ignored, never trusted."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from assembler.document.registry import DEFAULT_DIR
from assembler.figures.load import load
from assembler.variance import cache as variance_cache
from assembler.variance.report import form_variance
from tests.conftest import FOCUS


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("ASSEMBLER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ASSEMBLER_NO_CACHE", raising=False)
    return tmp_path / "cache" / "variance"


@pytest.fixture(scope="module")
def focus():
    loaded = load(FOCUS)
    return loaded.term_sheet, loaded.figures


def report(deal):
    v = form_variance(*deal, [DEFAULT_DIR])
    return v.json(), v.html()


@pytest.fixture(scope="module")
def uncached(focus):
    os.environ["ASSEMBLER_NO_CACHE"] = "1"
    try:
        return report(focus)
    finally:
        del os.environ["ASSEMBLER_NO_CACHE"]


def count_compare(monkeypatch) -> list:
    made = []
    real = variance_cache.compare
    monkeypatch.setattr(variance_cache, "compare", lambda *a, **k: made.append(a[0]) or real(*a, **k))
    return made


def test_a_second_report_reads_the_comparisons_from_the_cache_and_reads_the_same(focus, uncached, cache_dir,
                                                                                  monkeypatch):
    made = count_compare(monkeypatch)
    assert report(focus) == uncached
    first = len(made)
    assert first >= 3 and len(list(cache_dir.iterdir())) == first  # the Purchase Agreement, the Warrant, the rights
    assert report(focus) == uncached  # the report's reasons and findings are given after the comparison: not cached
    assert len(made) == first


@pytest.mark.parametrize("damage", ["flipped byte", "truncated", "foreign entry"])
def test_a_damaged_or_foreign_entry_is_ignored_and_the_comparison_made_again(focus, uncached, cache_dir, monkeypatch,
                                                                            damage):
    report(focus)
    entries = sorted(cache_dir.iterdir())
    for path in entries:
        data = path.read_bytes()
        if damage == "flipped byte":
            data = data[:-10] + bytes([data[-10] ^ 1]) + data[-9:]
        elif damage == "truncated":
            data = data[: len(data) // 2]
        else:  # a well-formed entry whose comparison is not one: its hash is right, its content is ignored
            from assembler.closing_set.cache import _encode

            data = _encode(path.name, {}, {"comparison": b'{"document": "x"}'})
        path.write_bytes(data)
    made = count_compare(monkeypatch)
    assert report(focus) == uncached
    assert len(made) == len(entries)


def test_a_changed_paragraph_is_compared_again(focus, cache_dir, monkeypatch):
    from assembler.variance.cache import material
    from assembler.variance.paragraphs import Para

    draft = [Para("Section 1.1.", "The Company shall sell.", "1.1")]
    other = [Para("Section 1.1.", "The Company shall not sell.", "1.1")]
    assert material("d", [], draft, (), None, None, None, None, ()) != \
        material("d", [], other, (), None, None, None, None, ())


def test_a_comparison_reads_back_field_for_field_in_its_order(focus, monkeypatch):
    import copy
    import dataclasses

    monkeypatch.setenv("ASSEMBLER_NO_CACHE", "1")
    v = form_variance(*focus, [DEFAULT_DIR])
    assert v.documents
    for doc in v.documents:
        c = copy.deepcopy(doc.comparison)
        for d in c.deviations:
            d.reason = None  # given after the comparison: never kept
        back = variance_cache.decode(variance_cache.encode(c))
        assert back == c
        for f in dataclasses.fields(c):
            value = getattr(c, f.name)
            if isinstance(value, dict):
                assert list(getattr(back, f.name).items()) == list(value.items())
