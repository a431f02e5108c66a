"""`python -m assembler.precompile`: make the installed store (assembler/precompiled.py) that `make setup` leaves
beside the installed tool, as Python compiles its modules at install: every template of the tool compiled by Jinja
(document templates by their path, as a build loads them, and every .j2 file by the relative name a template
includes or imports it by), the expressions of every variance.yaml reason, and the holiday tables of the calendars
deals use, for the years 1970-2060. Only the tool's own templates: a firm's are never compiled here.

A command then finds them when the user's cache is empty (a CI runner, a new machine): a first `diff --against` of
FOCUS went from about 1.8 s of CPU to under 1 s (docs/speed.md). Running it again replaces the store whole.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from assembler import holiday_tables, precompiled
from assembler.document import compiled
from assembler.document.dirs import DEFAULT_DIR
from assembler.document.environment import environment, fingerprint
from assembler.document.registry import discover
from assembler.variance.reasons import load_reasons

def compile_templates(into: Path) -> int:
    """Compile every template of the tool and every expression of its reasons into Jinja's cache files in `into`;
    the number of templates and expressions compiled."""
    env = environment([DEFAULT_DIR])
    env.bytecode_cache = compiled.templates_cache(fingerprint(), directory=into)
    count = 0
    specs = discover([DEFAULT_DIR])
    for spec in specs:
        if not spec.native_docx:
            env.document(spec.path)
            count += 1
    for path in sorted(DEFAULT_DIR.rglob("*.j2")):
        env.get_template(path.relative_to(DEFAULT_DIR).as_posix())
        count += 1
    expressions: set[str] = set()
    for spec in specs:
        reasons = load_reasons(spec.folder)
        for reason in reasons.reasons if reasons else []:
            expressions.update(reason.expressions)
    for source in sorted(expressions):
        compiled.expression(env, source)
    return count + len(expressions)


def holiday_entries() -> tuple[str, dict[str, bytes]] | None:
    """(the `holidays` release, its tables file for the store), or None when the release is unknown."""
    release = holiday_tables.version()
    if release is None:
        return None
    tables = {f"{kind} {year}": holiday_tables.as_stored(holiday_tables.made(kind, year))
              for kind in holiday_tables.CALENDARS for year in holiday_tables.YEARS}
    return release, {holiday_tables.file_name(release): holiday_tables.encode(tables, release).encode("utf-8")}


def main() -> int:
    """Make the store; the number of templates and expressions compiled into it."""
    target = precompiled.location()
    with tempfile.TemporaryDirectory(prefix="assembler-precompile-") as work:
        count = compile_templates(Path(work))
        entries = {compiled.KIND: {p.name: p.read_bytes() for p in sorted(Path(work).iterdir())}}
        fingerprints = {compiled.KIND: fingerprint()}
    holidays = holiday_entries()
    if holidays is not None:
        fingerprints[holiday_tables.KIND], entries[holiday_tables.KIND] = holidays
    precompiled.write(target, entries, fingerprints)
    return count


if __name__ == "__main__":
    made = main()
    print(f"precompiled {made} templates and expressions, and the holiday tables of {', '.join(holiday_tables.CALENDARS)}"
          f" for {holiday_tables.YEARS.start}-{holiday_tables.YEARS.stop - 1}, into {precompiled.location()}")
