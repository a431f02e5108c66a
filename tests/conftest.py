"""Shared helpers for the term-sheet tests: the example files, one-line variants of them, and located problems."""
from __future__ import annotations

from pathlib import Path

import pytest

from assembler.errors import TermSheetInvalid
from assembler.termsheet.validate import load

ROOT = Path(__file__).resolve().parents[1]
TERM_SHEETS = ROOT / "term_sheets"
FOCUS = TERM_SHEETS / "focus_1999.yaml"
NORTHWIND = TERM_SHEETS / "northwind_2026.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def focus_text() -> str:
    return FOCUS.read_text(encoding="utf-8")


def variant(tmp_path: Path, *changes: tuple[str, str], base: Path = FOCUS, name: str = "ts.yaml") -> tuple[Path, str]:
    """Write `base` with each (old, new) replaced into tmp_path; every `old` must occur exactly once."""
    text = base.read_text(encoding="utf-8")
    for old, new in changes:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {base.name}"
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path, text


def line_of(text: str, needle: str) -> int:
    """1-based number of the only line containing `needle`."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) == 1, f"{needle!r} is on lines {hits}"
    return hits[0]


def col_of(text: str, needle: str, within: str | None = None) -> int:
    """1-based column of `within` (default: `needle`) on the only line containing `needle`."""
    line = text.splitlines()[line_of(text, needle) - 1]
    return line.index(within if within is not None else needle) + 1


def value_col(text: str, line_needle: str) -> int:
    """1-based column of the value after `key: ` on the only line containing `line_needle`."""
    line = text.splitlines()[line_of(text, line_needle) - 1]
    return line.index(": ") + 3


def key_col(text: str, line_needle: str) -> int:
    """1-based column of the first non-blank character (the key, or the '- ' of a list item)."""
    line = text.splitlines()[line_of(text, line_needle) - 1]
    return len(line) - len(line.lstrip(" ")) + 1


def problem_lines(path) -> list[str]:
    """The located lines load() raises for `path` (fails the test if it loads)."""
    with pytest.raises(TermSheetInvalid) as info:
        load(path)
    return info.value.lines()


@pytest.fixture(scope="session")
def focus():
    return load(FOCUS)


@pytest.fixture(scope="session")
def northwind():
    return load(NORTHWIND)


# Keep hypothesis's files out of the project tree (no .hypothesis/ beside the sources).
import atexit  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

from hypothesis import settings as _settings  # noqa: E402
from hypothesis.configuration import set_hypothesis_home_dir  # noqa: E402

set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "assembler-tests-hypothesis")

_settings.register_profile("assembler", database=None, deadline=None)
_settings.load_profile("assembler")

# Builds under test (in this process and in the subprocesses it starts) use a layout cache of their own, empty at the
# start of the session and removed when it ends (even after --collect-only): never the user's cache, and no test
# passes because of an earlier run.
_CACHE = tempfile.mkdtemp(prefix="assembler-tests-cache-")
os.environ["ASSEMBLER_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)
