"""The README is a front door (short, every link alive) and the generated reference agrees with the model."""
from __future__ import annotations

import re
from pathlib import Path

from assembler.termsheet.reference import DOC, with_reference

ROOT = Path(__file__).resolve().parents[1]


def test_term_sheet_reference_is_generated_from_the_model():
    text = DOC.read_text(encoding="utf-8")
    assert text == with_reference(text), ("docs/term-sheet-reference.md disagrees with the model: run "
                                          "python -m assembler.termsheet.reference --update")


def test_readme_is_a_short_front_door():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode()) <= 10 * 1024
    assert "make example" in readme and "make test" in readme


def test_every_relative_link_in_the_docs_exists():
    broken = []
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if "://" not in target and not (page.parent / target).exists():
                broken.append(f"{page.relative_to(ROOT)} -> {target}")
    assert broken == []
