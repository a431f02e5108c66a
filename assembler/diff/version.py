"""One version `assemble diff` compares (versions.py reads it from a closing set, a snapshot or a term sheet). Apart
from versions.py so that the comparison (compare.py, which the form variance report uses) does not import the
readers, which render a term sheet's whole set with its cover memo from that report."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Version:
    label: str
    documents: dict[str, list[str]]  # document id -> paragraphs
    figures: dict[str, str]  # flattened figure path -> value
    docx: dict[str, Path] = field(default_factory=dict)  # document id -> DOCX file (closing sets only)
    texts: dict[str, Path] = field(default_factory=dict)  # document id -> .txt file, one paragraph a line (snapshots)
