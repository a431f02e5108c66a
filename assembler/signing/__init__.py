"""After signing: collect the returned signature pages, see who is outstanding, make the executed documents and the
closing book. A library API (each call returns a typed result and prints nothing) for the command line and the web:

    collect(set_dir, [signed.pdf, ...]) -> CollectResult   file every returned page, keep it, log it
    status(set_dir) -> SetStatus                            per document and signatory: signed or outstanding
    filings(set_dir) -> [(LogEntry, Filing)]                every page collected so far, filed as the set is now
    executed(set_dir) -> ExecutedResult                     "<file> (executed).pdf" for each completely signed document
    book(set_dir) -> BookResult                             the closing book PDF and the executed set as a zip

What comes back is kept beside the set, in OUTPUT/<deal>.signatures/ (see store.py).
"""
from __future__ import annotations

from pathlib import Path

from assembler.signing.book import BookResult, book
from assembler.signing.collect import CollectResult, collect
from assembler.signing.executed import ExecutedResult, write_executed
from assembler.signing.status import SetStatus, filings, status


def executed(set_dir: Path) -> ExecutedResult:
    """Bring OUTPUT/<deal>.signatures/executed/ up to date with the pages collected so far."""
    return write_executed(status(set_dir))


__all__ = ["collect", "status", "filings", "executed", "book", "CollectResult", "SetStatus", "ExecutedResult",
           "BookResult"]
