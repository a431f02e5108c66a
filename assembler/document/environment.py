"""The one Jinja environment every template renders in: autoescape on, StrictUndefined, house-style filters, and a
`finalize` that refuses a raw number or date (every figure must go through a filter).

Templates may come from another firm (`--templates DIR`), so they are untrusted code:
- they run in Jinja's sandbox (no attribute starting with `_`, so no `__globals__`, `__class__`, no internals of
  `lipsum`, `cycler`, `joiner` or `namespace`), and everything a template can grow (values, loops, output) is bounded
  per document (budget.py);
- the loader serves only files inside the template folders: an include by an absolute path, with a `..` step, or
  through a link that leads out of the folders is refused with the including template's FILE:LINE;
- every start tag of an XML template is stamped with its template file and line (`_at="FILE:LINE"`) before Jinja
  compiles it, so the document tree can name FILE:LINE for an unknown element or a bad attribute (document/tree.py);
- compiled templates are cached only in the user's own cache directory (mode 0700, owner checked before each use)
  and in the store made when the tool is installed (document/compiled.py, assembler/precompiled.py).
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import operator
import re
import sys
from decimal import Decimal
from pathlib import Path

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from assembler import format as fmt
from assembler.document import budget, compiled, facts, provenance
from assembler.document.budget import MAX_ITEMS
from assembler.errors import TemplateError
from assembler.termsheet.model import Address
from assembler.termsheet.signatory import office

LINE_ATTRIBUTE = "_at"  # the stamp: _at="FILE:LINE" on every start tag written in an XML template


class RawFigure(TypeError):
    """A number or date reached the output without a house-style filter."""


@jinja2.pass_context
def _finalize(context, value):
    if isinstance(value, (Decimal, float, int, dt.date)) and not isinstance(value, bool):
        raise RawFigure(f"the value {value!r} is printed without a filter; use money, price, shares, wf, percent, "
                        "long_date or num")
    if isinstance(value, provenance.NamedText) and context.get(provenance.MARKED):
        return provenance.marked(value)  # the tree keeps which figure this text is (document/provenance.py)
    if isinstance(value, str) and not isinstance(value, Markup):  # a template's own output keeps its marks
        return provenance.unmarked(value)
    return value


@jinja2.pass_context
def _finalize_marking_facts(context, value):
    """`_finalize` for the marked rendering of the form variance report: what the term sheet fills in is marked as a
    deal fact; any other text is printed as it is (it may hold a market's name marked: facts.mark_enum_name)."""
    if isinstance(value, facts.Fact):
        return provenance.marked(value, fact=True)
    return value if isinstance(value, str) else _finalize(context, value)


def address_lines(address: Address) -> list[str]:
    return address.as_lines


def address(address: Address) -> str:
    return ", ".join(address.as_lines)


FILTERS = {name: provenance.carry(f) for name, f in {
    "money": fmt.money, "price": fmt.price, "exact_price": fmt.exact_price, "shares": fmt.shares, "num": fmt.num,
    "wf": fmt.wf,
    "shares_wf": fmt.shares_wf, "percent": fmt.percent, "percent_wf": fmt.percent_wf, "money_wf": fmt.money_wf,
    "long_date": fmt.long_date, "jurisdiction": fmt.jurisdiction, "address_lines": address_lines, "address": address,
    "office": office,
}.items()}  # each keeps the name of the figure it formats (provenance.carry)


def template_position() -> tuple[str, int]:
    """(template name, template line) of the innermost template frame on the current Python stack."""
    frame = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            return template.filename or template.name or "<template>", template.get_corresponding_lineno(frame.f_lineno)
        frame = frame.f_back
    return "<template>", 0


def ref(label: str, show: str | None = None) -> Markup:
    """A cross-reference, resolved after numbering ("Section 9.1"; with show="title", the heading's title, "Legends");
    remembers where in which template it was written."""
    name, line = template_position()
    if show is not None:
        return Markup('<ref to="{}" show="{}" src="{}:{}"/>').format(label, show, name, line)
    return Markup('<ref to="{}" src="{}:{}"/>').format(label, name, line)


class TemplateEscape(SecurityError):
    """A template asked for a file outside the template folders."""


@functools.lru_cache(maxsize=None)
def fingerprint() -> str:
    """What compiled code depends on besides a template's source: this module (the sandbox, the rewrites, the line
    stamps), the bounds and the fact marks it compiles in, and Jinja's version."""
    code = b"".join(Path(m.__file__).read_bytes() for m in (sys.modules[__name__], budget, facts))
    return hashlib.sha256(code + jinja2.__version__.encode()).hexdigest()[:16]


def _cache_directory() -> Path | None:
    """The user's own folder of compiled templates for this fingerprint (document/compiled.py), or None."""
    return compiled.user_directory(fingerprint())


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs: the user's cache in front of the store made at install
    (document/compiled.py). ASSEMBLER_NO_CACHE=1 turns both off."""
    return compiled.templates_cache(fingerprint())


class TemplateLoader(jinja2.BaseLoader):
    """Serves only files inside the template folders.

    A document template is asked for by the absolute path the registry found (`HouseEnvironment.document`), which
    must lie inside a folder; anything a template includes, imports or extends is a relative path such as
    `_shared/parties.xml.j2`, looked up in the folders, the last folder first (it overrides). Absolute paths, `..`
    steps, backslashes and links that resolve outside the folders are refused (TemplateEscape)."""

    def __init__(self, folders: list) -> None:
        self.folders = [Path(f).resolve() for f in folders]  # searched in this order
        self.documents: set[str] = set()

    def register(self, path: Path) -> str:
        resolved = Path(path).resolve()
        if not any(resolved.is_relative_to(f) for f in self.folders):
            raise TemplateEscape(f"'{path}' is outside the template folders")
        self.documents.add(str(path))
        return str(path)

    def get_source(self, environment, template):
        if template in self.documents:
            return self._read(Path(template))
        parts = template.split("/")
        if (template.startswith("/") or "\\" in template or "\0" in template or ".." in parts
                or re.match(r"^[A-Za-z]:", template)):
            raise TemplateEscape(f"'{template}' is outside the template folders: a template may include only files "
                                 "inside them, by a relative path such as _shared/parties.xml.j2 (no '/' at the "
                                 "start, no '..')")
        for folder in self.folders:
            candidate = folder.joinpath(*[p for p in parts if p not in ("", ".")])
            if candidate.is_file():
                if not candidate.resolve().is_relative_to(folder):
                    raise TemplateEscape(f"'{template}' is a link that leads outside the template folder {folder}")
                return self._read(candidate)
        raise jinja2.TemplateNotFound(template)

    @staticmethod
    def _read(path: Path):
        mtime = path.stat().st_mtime
        return path.read_text(encoding="utf-8"), str(path), lambda: path.stat().st_mtime == mtime


# A start tag in the literal text of a template (comments, CDATA and processing instructions are left alone).
_START_TAG = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<[?!].*?>|<([A-Za-z_][\w.\-]*)", re.S)


def stamp_lines(ast: nodes.Template, filename: str) -> None:
    """Add _at="FILE:LINE" to every start tag written in the template's own text (not those made by expressions)."""
    where = escape(filename)
    for node in ast.find_all(nodes.TemplateData):
        data, first = node.data, node.lineno

        def add(match: re.Match) -> str:
            if not match.group(1):
                return match.group(0)
            line = first + data.count("\n", 0, match.start())
            return f'{match.group(0)} {LINE_ATTRIBUTE}="{where}:{line}"'

        node.data = _START_TAG.sub(add, data)


class Rewrite(budget.BoundLoopsAndJoins, facts.LiteralFilters):
    """The two rewrites of a parsed template in one walk of its tree (compiling the templates is most of a first
    `diff --against`): loops and joins bounded, and filters of constants renamed. The same tree as one after the other,
    since the filters the first adds start with "_" and the second renames no such filter
    (tests/templates/test_compile.py compares them)."""


class HouseEnvironment(SandboxedEnvironment):
    """The sandbox, with everything a template builds bounded (budget.py), line stamps on XML templates, and
    documents loaded by path."""

    intercepted_binops = frozenset(["*", "**", "+", "%"])
    template_class = budget.BoundedTemplate

    mark_facts = False  # the marked rendering of the form variance report (environment(..., mark_facts=True))

    def getattr(self, obj, attribute):
        """`obj.attribute` as the sandbox gives it; a number or date of the figures with its figure's name; in the
        marked rendering, a market's name marked as a deal fact."""
        value = provenance.named(obj, attribute, super().getattr(obj, attribute))
        if not self.mark_facts:
            return value
        if isinstance(value, facts.Fact) and (name := provenance.text_figure(obj, attribute)):
            value = facts.NamedFact(value)  # the Company's name: a fact, and a figure the checks compare
            value.figure = name
        return facts.mark_enum_name(obj, value)

    def call_binop(self, context, op, left, right):
        if op == "**" and isinstance(left, (int, float, Decimal)) and isinstance(right, (int, float, Decimal)):
            if abs(right) > 64 and abs(left) > 1:
                raise SecurityError(f"{left} ** {right} is too large a power for a template")
            return operator.pow(left, right)
        if op == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_ITEMS:
                    raise SecurityError(f"repeating a value {n:,} times would make more than {MAX_ITEMS:,} items")
            return operator.mul(left, right)
        if op == "%" and isinstance(left, str):
            budget.check_format(left)
            budget.check_arguments(right if isinstance(right, tuple) else (right,), {})
        return budget.sized(super().call_binop(context, op, left, right))

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        if budget.builtin(__obj):  # a method of str or list, lipsum, range...: not a macro or a house function
            budget.check_arguments(args, kwargs)
        return budget.sized(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value):
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            budget.check_format(value.__self__)
        return wrapped

    def _parse(self, source, name, filename):
        ast = Rewrite().visit(super()._parse(source, name, filename))
        if name is not None and filename:  # a file from the loader (Word templates are compiled from strings)
            stamp_lines(ast, filename)
        return ast

    def document(self, path: Path) -> jinja2.Template:
        """The template of a document, by the path the registry found."""
        return self.get_template(self.loader.register(path))


def environment(search_path: list, mark_facts: bool = False) -> HouseEnvironment:
    """The environment; `mark_facts` marks what the term sheet fills in (document/facts.py: the variance report)."""
    env = HouseEnvironment(
        bytecode_cache=_bytecode_cache(),
        loader=TemplateLoader(list(reversed(search_path))),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize_marking_facts if mark_facts else _finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.mark_facts = mark_facts
    plain = {**env.filters, **FILTERS}
    env.filters.update({name: facts.mark_filter(f) for name, f in FILTERS.items()} if mark_facts else FILTERS)
    env.filters.update({facts.LITERAL_PREFIX + name: f for name, f in plain.items()})
    env.filters = {name: budget.bounded_filter(f, name.removeprefix(facts.LITERAL_PREFIX) not in FILTERS)
                   for name, f in env.filters.items()}
    env.filters[budget.LOOP_FILTER] = budget.loop
    env.filters[budget.SIZE_FILTER] = budget.sized
    env.globals["ref"] = ref
    return env


def error_position(exc: BaseException) -> tuple[str, int] | None:
    """The template file and line a rendering exception came from (Jinja rewrites tracebacks to template lines)."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or "__jinja_exception__" in tb.tb_frame.f_globals:  # a template's line
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    if found is None and isinstance(exc, jinja2.TemplateSyntaxError):
        found = (exc.filename or exc.name or "<template>", exc.lineno)
    return found


def template_failure(exc: BaseException, template: str) -> TemplateError:
    """Any exception raised while a template renders, as a TemplateError at the template line it came from: a missing
    variable, a raw figure, a sandbox refusal, an include outside the folders, a division by zero, a runaway
    recursion. The template's own words are kept; Python's exception class is named only when they are not enough."""
    where = error_position(exc)
    message = str(exc) or type(exc).__name__
    if isinstance(exc, RecursionError):
        message = "the template calls itself without end (maximum recursion depth exceeded)"
    elif isinstance(exc, MemoryError):
        message = "the template builds a value too large for memory"
    elif not isinstance(exc, (jinja2.TemplateError, RawFigure, TypeError, ValueError, AttributeError)):
        message = f"{type(exc).__name__}: {message}"
    return TemplateError(where[0] if where else template, where[1] if where else None, message)


__all__ = ["environment", "error_position", "ref", "escape", "RawFigure", "TemplateEscape", "LINE_ATTRIBUTE"]
