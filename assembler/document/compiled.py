"""Where compiled templates are kept between runs: the user's own cache first, then the store made when the tool was
installed (assembler/precompiled.py), so that a first command on a new machine, or in a CI runner whose cache is
empty, compiles none of the tool's templates (compiling them was 0.5-0.7 s of CPU of a `diff --against`).

Compiled templates are Python code: a file planted where they are looked for would run. So:
- the user's folder is the checked one of cache_dir.py (created 0700, owner and mode checked before each use), its
  name carrying the fingerprint of the compiling code and of Jinja (another version's code is never loaded; folders of
  other versions are removed once unused for a week);
- the installed store is read only as precompiled.py allows (owner, mode, format, fingerprint, each file's SHA-256),
  and never written by a command: what a command compiles goes to the user's folder;
- Jinja checks every entry against the template's source (its checksum) and Python's version before using it.
ASSEMBLER_NO_CACHE=1 turns both off: every template is compiled.
"""
from __future__ import annotations

import hashlib
import io
import os
import shutil
import time
from pathlib import Path

import jinja2
from jinja2 import nodes
from jinja2.environment import TemplateExpression
from jinja2.exceptions import TemplateSyntaxError
from jinja2.parser import Parser

from assembler import precompiled

KIND = "jinja"  # the store's entries: Jinja's own cache files, named as FileSystemBytecodeCache names them


def user_directory(fingerprint: str) -> Path | None:
    """The user's own folder for code compiled with this fingerprint, or None (cache off, or no safe folder)."""
    from assembler.cache_dir import cache_disabled, user_cache_dir

    if cache_disabled() or not hasattr(os, "getuid"):
        return None
    directory, _ = user_cache_dir(f"jinja-{fingerprint}")
    if directory is not None:
        # compiled by another version of the environment and unused for a week (another checkout of another version
        # may be building right now with its own folder: removing it under that build would break its writes)
        week_ago = time.time() - 7 * 24 * 3600
        for stale in directory.parent.glob("jinja-*"):
            if stale != directory and _mtime(stale) < week_ago:
                shutil.rmtree(stale, ignore_errors=True)
    return directory


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return float("inf")


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache over the user's folder (`directory`, None when there is none), reading the installed store
    when the folder has no entry for a template; writing to the user's folder only."""

    def __init__(self, directory: Path | None, fingerprint: str, store: precompiled.Store | None) -> None:
        # not FileSystemBytecodeCache.__init__: given no folder, it would make one in the shared temporary folder
        self.directory = str(directory) if directory is not None else None
        self.pattern = "__jinja2_%s.cache"
        self.fingerprint, self.store = fingerprint, store

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if self.directory is not None:
            super().load_bytecode(bucket)
        if bucket.code is None and self.store is not None:
            data = self.store.read(KIND, self.fingerprint, self.pattern % bucket.key)
            if data is not None:
                bucket.load_bytecode(io.BytesIO(data))  # Jinja's own checks: Python's magic, the source checksum

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if self.directory is not None:
            super().dump_bytecode(bucket)


def templates_cache(fingerprint: str, directory: Path | None = None) -> CompiledTemplates | None:
    """The cache an environment compiles through (None with the cache off, or with neither a user's folder nor a
    trusted store). `directory`, given, is where the store is being made (assembler/precompile.py)."""
    from assembler.cache_dir import cache_disabled

    if directory is not None:
        return CompiledTemplates(directory, fingerprint, None)
    if cache_disabled():
        return None
    user, store = user_directory(fingerprint), precompiled.store()
    if user is None and store is None:
        return None
    return CompiledTemplates(user, fingerprint, store)


def expression(env: jinja2.Environment, source: str) -> TemplateExpression:
    """`env.compile_expression(source)` (a variance.yaml reason's `when` or one of its {{ }}), its compiled code kept
    in the environment's cache as a template's is, under a name made from the expression itself."""
    cache = env.bytecode_cache
    if cache is None:
        return env.compile_expression(source)
    name = "<expression %s>" % hashlib.sha256(source.encode("utf-8")).hexdigest()
    bucket = cache.get_bucket(env, name, None, source)
    if bucket.code is None:
        parser = Parser(env, source, state="variable")  # as Environment.compile_expression does
        try:
            expr = parser.parse_expression()
            if not parser.stream.eos:
                raise TemplateSyntaxError("chunk after expression", parser.stream.current.lineno, None, None)
            expr.set_environment(env)
        except TemplateSyntaxError:
            env.handle_exception(source=source)
        body = [nodes.Assign(nodes.Name("result", "store"), expr, lineno=1)]
        bucket.code = env.compile(nodes.Template(body, lineno=1))
        cache.set_bucket(bucket)
    template = env.template_class.from_code(env, bucket.code, env.make_globals(None))
    return TemplateExpression(template, True)
