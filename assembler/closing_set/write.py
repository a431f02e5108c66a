"""Write a closing set atomically: every file into a temporary folder beside the destination, then moved into place
only when all of them are written; an existing set is replaced only with force=True, and only by a complete one."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from assembler.errors import OutputExists


def refuse_existing(destination: Path, force: bool) -> None:
    if Path(destination).exists() and not force:
        raise OutputExists(f"{destination} already exists; nothing was written (use --force to replace it)")


def write_set(destination: Path, files: dict[str, bytes], force: bool) -> None:
    """Write all files into `destination` atomically: a complete new set or nothing."""
    destination = Path(destination)
    refuse_existing(destination, force)
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}.", dir=destination.parent))
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        if destination.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{destination.name}.old.", dir=destination.parent))
            destination.rename(old / destination.name)
            staging.rename(destination)
            shutil.rmtree(old)
        else:
            staging.rename(destination)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
