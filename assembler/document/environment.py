"""The one Jinja environment every template renders in: autoescape on, StrictUndefined, house-style filters, and a
`finalize` that refuses a raw number or date (every figure must go through a filter)."""
from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path
from decimal import Decimal

import jinja2
from markupsafe import Markup, escape

from assembler import format as fmt
from assembler.termsheet.model import Address


class RawFigure(TypeError):
    """A number or date reached the output without a house-style filter."""


def _finalize(value):
    if isinstance(value, (Decimal, float, int, dt.date)) and not isinstance(value, bool):
        raise RawFigure(f"the value {value!r} is printed without a filter; use money, price, shares, wf, percent, "
                        "long_date or num")
    return value


def address_lines(address: Address) -> list[str]:
    return address.as_lines


def address(address: Address) -> str:
    return ", ".join(address.as_lines)


FILTERS = {
    "money": fmt.money, "price": fmt.price, "shares": fmt.shares, "num": fmt.num, "wf": fmt.wf,
    "shares_wf": fmt.shares_wf, "percent": fmt.percent, "percent_wf": fmt.percent_wf, "money_wf": fmt.money_wf,
    "long_date": fmt.long_date, "jurisdiction": fmt.jurisdiction, "address_lines": address_lines, "address": address,
}


def template_position() -> tuple[str, int]:
    """(template name, template line) of the innermost template frame on the current Python stack."""
    frame = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            return template.filename or template.name or "<template>", template.get_corresponding_lineno(frame.f_lineno)
        frame = frame.f_back
    return "<template>", 0


def ref(label: str) -> Markup:
    """A cross-reference, resolved after numbering; remembers where in which template it was written."""
    name, line = template_position()
    return Markup('<ref to="{}" src="{}:{}"/>').format(label, name, line)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates cached between runs (keyed by each template's source checksum): compiling the four
    documents costs ~0.5 s per process, which `diff --against` cannot afford. ASSEMBLER_NO_CACHE=1 turns it off."""
    if os.environ.get("ASSEMBLER_NO_CACHE"):
        return None
    directory = Path(tempfile.gettempdir()) / f"assembler-jinja-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    try:
        directory.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(directory))


class TemplateLoader(jinja2.FileSystemLoader):
    """Loads a document template by its absolute path (each registry folder may live in a different directory),
    and anything it includes from the template directories, the last directory given first (it overrides)."""

    def get_source(self, environment, template):
        path = Path(template)
        if path.is_absolute():
            if not path.is_file():
                raise jinja2.TemplateNotFound(template)
            mtime = path.stat().st_mtime
            return path.read_text(encoding="utf-8"), str(path), lambda: path.stat().st_mtime == mtime
        return super().get_source(environment, template)


def environment(search_path: list) -> jinja2.Environment:
    env = jinja2.Environment(
        bytecode_cache=_bytecode_cache(),
        loader=TemplateLoader([str(p) for p in reversed(search_path)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(FILTERS)
    env.globals["ref"] = ref
    return env


def error_position(exc: BaseException) -> tuple[str, int] | None:
    """The template file and line a rendering exception came from (Jinja rewrites tracebacks to template lines)."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    if found is None and isinstance(exc, jinja2.TemplateSyntaxError):
        found = (exc.filename or exc.name or "<template>", exc.lineno)
    return found


__all__ = ["environment", "error_position", "ref", "escape", "RawFigure"]
