"""Write the golden normalized text of every document of the example term sheets.

Run it only after a deliberate template change, then READ the diff (`git diff tests/golden`) as a lawyer would before
committing: the golden files are the reviewed wording of the closing set.
    python tests/golden/update.py
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assembler.assemble import render_set  # noqa: E402
from assembler.tree import document_text  # noqa: E402
from assembler.validate import load  # noqa: E402

DEALS = ["focus_1999", "northwind_2026"]


def golden_path(deal: str, key: str) -> Path:
    return ROOT / "tests" / "golden" / deal / f"{key.replace('#', '_')}.txt"


def main() -> None:
    for deal in DEALS:
        loaded = load(ROOT / "term_sheets" / f"{deal}.yaml")
        for doc in render_set(loaded.term_sheet, loaded.figures):
            path = golden_path(deal, doc.key)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(document_text(doc.blocks), encoding="utf-8")
            print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
