"""Check each template against its manifest: every variable the template uses must be declared under `uses`
(an error: the manifest is the contract a legal engineer reads), and a declared one it never uses is a warning.

A use is an attribute path from a context variable (`ts.company.name`, `fig.totals.shares`); a declaration covers
itself and everything under it (`ts.company` covers `ts.company.name`). Names a template assigns itself (`{% set %}`,
`{% for %}` targets) are its own; the expressions they are taken from count as uses.
"""
from __future__ import annotations

import jinja2
from jinja2 import nodes

from assembler.document.registry import TemplateSpec
from assembler.errors import MANIFEST, Finding

CONTEXT = ("ts", "fig", "investor", "position", "warrant", "series", "doc", "documents", "signatory", "variance")


def manifest_finding(template: str, severity: str, message: str, line: int | None = None) -> Finding:
    """`TEMPLATE[:LINE]: SEVERITY: MESSAGE` (the line of the first use, for errors)."""
    return Finding(template, line, message=message, severity=severity, code=MANIFEST)


def _path(node: nodes.Node) -> str | None:
    """`ts.company.name` for a Getattr chain rooted at a Name; a subscript ends the path (`fig.investors[i]`)."""
    parts = []
    while True:
        if isinstance(node, nodes.Getattr):
            parts.append(node.attr)
            node = node.node
        elif isinstance(node, nodes.Getitem):
            parts = []  # fig.investors[0].shares -> fig.investors
            node = node.node
        elif isinstance(node, nodes.Name):
            return ".".join([node.name] + parts[::-1])
        else:
            return None


def used_paths(source: str, env: jinja2.Environment) -> set[str]:
    return set(first_uses(source, env))


def first_uses(source: str, env: jinja2.Environment, seen: frozenset = frozenset()) -> dict[str, int]:
    """Each context path the template uses, with the template line of its first use; a template it includes by name
    (`{% include "_shared/board_resolutions.xml.j2" %}`) counts as part of it, at the line of the include."""
    ast = env.parse(source)
    local = {n.name for n in ast.find_all(nodes.Name) if n.ctx in ("store", "param")}
    found: dict[str, int] = {}
    for node in ast.find_all((nodes.Getattr, nodes.Getitem, nodes.Name)):
        path = _path(node)
        if path is None:
            continue
        root = path.split(".")[0]
        if root in CONTEXT and root not in local:
            found[path] = min(found.get(path, node.lineno), node.lineno)
    for include in ast.find_all(nodes.Include):
        name = include.template.value if isinstance(include.template, nodes.Const) else None
        if not isinstance(name, str) or name in seen:
            continue
        try:
            included = env.loader.get_source(env, name)[0]
        except (jinja2.TemplateNotFound, jinja2.exceptions.SecurityError):
            continue  # rendering reports it (a missing file, a path outside the folders), with the line
        for path, _ in first_uses(included, env, seen | {name}).items():
            if path.split(".")[0] not in local:
                found[path] = min(found.get(path, include.lineno), include.lineno)
    # keep the longest paths only: ts.company.name makes ts.company (its parent node) redundant
    return {p: line for p, line in found.items() if not any(q != p and q.startswith(p + ".") for q in found)}


def template_source(spec: TemplateSpec) -> str:
    if spec.native_docx:
        from docxtpl import DocxTemplate

        tpl = DocxTemplate(str(spec.path))
        tpl.init_docx()
        return tpl.patch_xml(tpl.get_xml())
    return spec.path.read_text(encoding="utf-8")


def covered(path: str, declared: list[str]) -> bool:
    return any(path == d or path.startswith(d + ".") for d in declared)


def check_manifest(spec: TemplateSpec, env: jinja2.Environment) -> list[Finding]:
    name = str(spec.path)
    try:
        used = first_uses(template_source(spec), env)
    except jinja2.TemplateSyntaxError as exc:
        return [manifest_finding(name, "error", f"template syntax error: {exc.message}", exc.lineno)]
    findings = [manifest_finding(name, "error", f"uses '{p}', which manifest.yaml does not declare under 'uses'",
                                used[p]) for p in sorted(used) if not covered(p, spec.uses)]
    findings += [manifest_finding(name, "warning", f"declares '{d}' under 'uses' but never uses it")
                 for d in spec.uses if not any(covered(p, [d]) for p in used)]
    return findings


def check_all(specs: list[TemplateSpec], env: jinja2.Environment) -> list[Finding]:
    return [f for spec in specs for f in check_manifest(spec, env)]
