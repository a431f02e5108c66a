"""What a template may build while it renders (issue 11): templates are untrusted code, and the sandbox alone stops
access to Python internals but not a template that grows a value until the machine runs out of memory or time.

Every way a template can grow something is bounded here, per document:
- a value (string, list, mapping) made by an operator (`*`, `+`, `%`, `~`), a filter or a method call holds at most
  MAX_ITEMS items, and a number argument to a filter or method (a width, a count) is at most MAX_ITEMS;
- a format string (`%` or `.format`) cannot ask for a width or precision of a million or more;
- `{% for %}` loops turn at most MAX_ITERATIONS times in one document, nested loops and includes counted together;
- the document's text is at most MAX_OUTPUT characters.
Each refusal is a jinja2 SecurityError, reported as a TemplateError at the template's FILE:LINE (environment.py).
"""
from __future__ import annotations

import functools
import re
import types
from contextvars import ContextVar
from dataclasses import dataclass

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.visitor import NodeTransformer

MAX_ITEMS = 1_000_000  # the longest string or list a template may build, the largest width or count it may ask for
MAX_ITERATIONS = 1_000_000  # loop turns per document (FOCUS: at most 56 in one document)
MAX_OUTPUT = 20_000_000  # characters of template output per document (FOCUS: at most about 100,000)
# a width or precision of a million or more in a %-format or a {}-format string
HUGE_WIDTH = re.compile(r"%[#0\- +]*(?:\d{7,}|\d*\.\d{7,})|\{[^{}]*:[^{}]*\d{7,}[^{}]*\}")
LOOP_FILTER = "_budget_loop"
SIZE_FILTER = "_budget_size"


@dataclass
class Budget:
    iterations: int = 0


_current: ContextVar[Budget | None] = ContextVar("assembler_template_budget", default=None)


def sized(value):
    """`value`, refused when it holds more than MAX_ITEMS items."""
    if isinstance(value, (str, list, tuple, dict, set, bytes)) and len(value) > MAX_ITEMS:
        raise SecurityError(f"the template would build a value of more than {MAX_ITEMS:,} items")
    return value


def check_arguments(args, kwargs) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ITEMS:
            raise SecurityError(f"a number argument of {value:,} is larger than a template may ask for "
                                f"(at most {MAX_ITEMS:,})")


def check_format(text) -> None:
    if isinstance(text, str) and HUGE_WIDTH.search(text):
        raise SecurityError("a format string may not ask for a width or precision of a million or more")


def builtin(function) -> bool:
    """A function of Python or Jinja a template may call with a width or count (not a macro, not a house function
    whose arguments are deal figures such as a share count)."""
    return isinstance(function, (types.BuiltinFunctionType, types.BuiltinMethodType)) or \
        getattr(function, "__name__", None) == "generate_lorem_ipsum"  # lipsum(n); a macro is never one of these


def bounded_filter(function, check_numbers: bool):
    """A filter whose result is bounded and, for Jinja's own filters (check_numbers), whose width or count arguments
    are too; keeps Jinja's pass_context/... markers. House filters take deal figures (a share count of millions)."""
    skip = 2 if hasattr(function, "jinja_pass_arg") else 1  # the context or environment, then the filtered value

    @functools.wraps(function)
    def bounded(*args, **kwargs):
        if check_numbers:
            if function.__name__ == "do_format":
                check_format(args[0])
            check_arguments(args[skip:], kwargs)
        return sized(function(*args, **kwargs))
    return bounded


def loop(iterable):
    """The items of a `{% for %}` loop, counted against the document's MAX_ITERATIONS."""
    budget = _current.get()
    for item in iterable:
        if budget is not None:
            budget.iterations += 1
            if budget.iterations > MAX_ITERATIONS:
                raise SecurityError(f"the template's loops turn more than {MAX_ITERATIONS:,} times in one document")
        yield item


class BoundLoopsAndJoins(NodeTransformer):
    """Rewrites a parsed template: every loop's iterable goes through `loop`, every `~` result through `sized`."""

    def visit_For(self, node: nodes.For) -> nodes.For:
        node = self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, LOOP_FILTER, [], [], None, None, lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Filter:
        node = self.generic_visit(node)
        return nodes.Filter(node, SIZE_FILTER, [], [], None, None, lineno=node.lineno)


class BoundedTemplate(jinja2.Template):
    """A template whose render counts loop turns and output characters against the budget of one document."""

    def render(self, *args, **kwargs) -> str:
        token = _current.set(Budget())
        try:
            context = self.new_context(dict(*args, **kwargs))
            pieces, length = [], 0
            try:
                for piece in self.root_render_func(context):
                    length += len(piece)
                    if length > MAX_OUTPUT:
                        raise SecurityError(f"the template's output is longer than {MAX_OUTPUT:,} characters")
                    pieces.append(piece)
            except Exception:
                self.environment.handle_exception()
            return self.environment.concat(pieces)
        finally:
            _current.reset(token)


__all__ = ["MAX_ITEMS", "MAX_ITERATIONS", "MAX_OUTPUT", "BoundLoopsAndJoins", "BoundedTemplate", "bounded_filter",
           "check_arguments", "check_format", "loop", "sized", "LOOP_FILTER", "SIZE_FILTER"]
