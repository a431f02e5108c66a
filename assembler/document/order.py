"""The set's ordering, in one place: each document's number is its template's place in the closing order (the
documents of one template, such as the Warrants of several holders, share it). The files of the set begin with it
(01_closing_checklist.pdf, closing_set/files.py) and the Closing Checklist numbers its index with it, so that the
checklist's "document 3" is the file that begins 03_."""
from __future__ import annotations

from collections.abc import Iterable


def file_numbers(doc_ids: Iterable[str]) -> dict[str, int]:
    """{template id: number}, numbered from 1 in the order the ids first come (the set's order)."""
    numbers: dict[str, int] = {}
    for doc_id in doc_ids:
        numbers.setdefault(doc_id, len(numbers) + 1)
    return numbers


def file_number(number: int) -> str:
    """The number as a file name and the checklist write it: 03."""
    return f"{number:02d}"
