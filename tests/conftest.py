"""Shared helpers for the term-sheet tests: the example files, one-line variants of them, and located problems."""
from __future__ import annotations

import functools

from pathlib import Path

import pytest

from assembler.errors import TermSheetInvalid
from assembler.figures.load import load

ROOT = Path(__file__).resolve().parents[1]
TERM_SHEETS = ROOT / "term_sheets"
FOCUS = TERM_SHEETS / "focus_1999.yaml"
NORTHWIND = TERM_SHEETS / "northwind_2026.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def focus_text() -> str:
    return FOCUS.read_text(encoding="utf-8")


def rendered_set(path: Path, memo: bool = False, fresh: bool = False) -> tuple:
    """(loaded, {document key: its rendered text}) for the term sheet at `path`, rendered once per test session for
    every test file that reads rendered wording (keyed by the file's text too: a test may rewrite a variant in place);
    memo=True renders with the form variance report, so that the cover memo is among the documents; fresh=True renders
    again, for a test that patches the code."""
    args = (Path(path), Path(path).read_text(encoding="utf-8"), memo)
    return _rendered_set.__wrapped__(*args) if fresh else _rendered_set(*args)


@functools.lru_cache(maxsize=None)
def _rendered_set(path: Path, text: str, memo: bool) -> tuple:
    from assembler.document.assemble import render_set
    from assembler.document.blocks import document_text
    from assembler.variance.report import form_variance
    from assembler.document.registry import DEFAULT_DIR

    loaded = load(path)
    variance = form_variance(loaded.term_sheet, loaded.figures, [DEFAULT_DIR]).memo() if memo else None
    docs = render_set(loaded.term_sheet, loaded.figures, [DEFAULT_DIR], variance=variance) if memo else \
        render_set(loaded.term_sheet, loaded.figures)
    return loaded, {d.key: document_text(d.blocks) for d in docs}


def rendered_fixture(path: Path, memo: bool = False, texts_only: bool = False):
    """A module-scoped fixture of the set rendered from `path` (rendered_set): (loaded, texts), or the texts alone;
    `focus = rendered_fixture(FOCUS)` in a test file gives its tests a `focus` argument."""
    @pytest.fixture(scope="module")
    def fixture():
        result = rendered_set(path, memo=memo)
        return result[1] if texts_only else result
    return fixture


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


# The form as filed has no business-day clause in its Registration Rights Agreement: in the FOCUS deal day 30 (the
# filing deadline) is the observed New Year's Day holiday and day 150 a Saturday, so every variant of it carries these
# two warnings (figures/limits.py deadlines); tests about other problems leave them out.
# A variant with fewer shares outstanding issues more than 10% of them, and Nasdaq's notice of the listing of
# additional shares falls due before the 1999 agreement is signed (a timetable warning of its own).
FOCUS_DEADLINE_WARNINGS = ("registration_rights.filing_days: warning:",
                           "registration_rights.full_review_effectiveness_days: warning:",
                           "closing_date: warning: Nasdaq's Notification of Listing of Additional Shares",
                           # the form's 300,000-share cap against the example's illustrative 4,500,000 reserved
                           "capitalization.future_financing_option_cap: warning:",
                           # the open items of the first drafts (figures/drafts.py): the RRA 3(e) measure of damages
                           # and the Disclosure Schedule, neither confirmed yet
                           "registration_rights.liquidated_damages.base: warning:",
                           "disclosure_schedule.confirmed: warning:",
                           # JWGenesis's fee, which the form never states, for the Form D's sales commissions
                           "broker: warning: the broker's fee is not given")


def line_starts(page) -> dict[str, float]:
    """{a text run's words: the x (points) where the first run with those words starts} on a pypdf page: where a
    wrapped or indented line of a signature block begins."""
    starts: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        if text.strip() and text.strip() not in starts:
            starts[text.strip()] = tm[4] * cm[0] + cm[4]

    page.extract_text(visitor_text=visit)
    return starts


def other_than_deadlines(lines: list[str]) -> list[str]:
    """`lines` (located problems, one a line) without the FOCUS deal's registration-deadline warnings, the
    exchange-notice timetable warning and the option cap's warning."""
    return [line for line in lines if not any(w in line for w in FOCUS_DEADLINE_WARNINGS)]


def problem_lines(path) -> list[str]:
    """The located lines load() raises for `path` (fails the test if it loads): its errors. The report shows no
    warning while there are errors, only how many are held back (its last line, left out here)."""
    with pytest.raises(TermSheetInvalid) as info:
        load(path)
    lines = info.value.lines()
    if info.value.warnings:
        assert lines[-1].endswith(" fixed") and " not shown until the " in lines[-1], lines[-1]
        lines = lines[:-1]
    assert not [line for line in lines if ": warning: " in line], lines
    return lines


GOLDEN_REPORTS = ROOT / "output" / "golden-diff"  # a stable path: CI uploads it as an artifact when a golden test fails


def assert_matches_snapshot(term_sheet: Path, golden: Path) -> None:
    """The project's own regression check: `golden` is the reviewed wording (assemble snapshot). On a difference the
    log shows each changed word (old -> new, with its section) and the HTML and Word redlines are written under
    output/golden-diff/<name>/."""
    from assembler.diff.compare import compare, summary_lines
    from assembler.diff.redline import write_reports
    from assembler.diff.versions import from_snapshot, from_term_sheet

    name = golden.name
    diff = compare(from_snapshot(golden), from_term_sheet(term_sheet))
    if diff.identical:
        return
    reports = write_reports(diff, GOLDEN_REPORTS / name, docx_redline=True)
    changed = [d.key for d in diff.documents if d.status != "unchanged"]
    pytest.fail("\n".join([f"{name}: {', '.join(changed) or 'figures'} differ from the approved snapshot {golden}:"]
                          + [f"  {line}" for line in summary_lines(diff)]
                          + [f"redlines: {GOLDEN_REPORTS / name} ({len(reports)} files). If the change is intended, "
                             f"review it and run `assemble snapshot {term_sheet.relative_to(ROOT)} --into "
                             f"{golden.relative_to(ROOT)}`."]), pytrace=False)


@pytest.fixture(scope="session")
def focus():
    return load(FOCUS)


@pytest.fixture(scope="session")
def northwind():
    return load(NORTHWIND)



@pytest.fixture(scope="session")
def built_sets(tmp_path_factory) -> dict[str, Path]:
    """{deal: the folder of its built closing set} for both example term sheets, built once per test session (a build
    lays out every PDF: seconds, not milliseconds)."""
    from assembler.closing_set.build import build

    out = tmp_path_factory.mktemp("built")
    return {path.stem: build(path, out).destination for path in (FOCUS, NORTHWIND)}

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

# Builds under test (in this process and in the subprocesses it starts) keep compiled templates and laid-out files in
# a cache of this test run, empty at the start and removed when it ends (even after --collect-only): never the user's
# own cache directory, and no test passes because of an earlier run.
_CACHE = tempfile.mkdtemp(prefix="assembler-tests-cache-")
os.environ["ASSEMBLER_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)
