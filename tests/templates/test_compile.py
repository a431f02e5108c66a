"""Compiling the templates: the one walk that rewrites a parsed template (document/environment.py `Rewrite`) gives the
code the two rewrites gave one after the other, for every template of the tool."""
from __future__ import annotations

from pathlib import Path

from jinja2.sandbox import SandboxedEnvironment

from assembler.document import budget, facts
from assembler.document.environment import Rewrite, environment, stamp_lines

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"


def test_one_rewrite_compiles_to_the_code_of_the_two(monkeypatch):
    monkeypatch.setenv("ASSEMBLER_NO_CACHE", "1")
    env = environment([TEMPLATES])
    names = sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.j2"))
    assert len(names) > 20
    rewritten = 0
    for name in names:
        source, filename, _ = env.loader.get_source(env, name)
        trees = []
        for rewrite in (lambda t: Rewrite().visit(t),
                        lambda t: facts.LiteralFilters().visit(budget.BoundLoopsAndJoins().visit(t))):
            tree = rewrite(SandboxedEnvironment._parse(env, source, name, filename))
            stamp_lines(tree, filename)
            trees.append(env._generate(tree, name, filename))
        assert trees[0] == trees[1], name
        rewritten += budget.LOOP_FILTER in trees[0] and facts.LITERAL_PREFIX in trees[0]
    assert rewritten  # templates with loops and filtered constants among them
