"""The house stays simple: folders by pipeline stage, imports pointing down only, no import cycle, small modules,
and one module (ui.py) that prints."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "assembler"
VOCABULARY = {"errors", "rules", "law", "calendar", "format", "words", "cache_dir", "model_file", "holiday_tables",
              "precompiled"}
# Each stage may import the vocabulary, itself and the stages before it, never a later one.
STAGES = ["termsheet", "figures", "document", "layout"]
FRONT = {"ui", "cli", "web", "precompile"}  # front ends (and the install step): nothing in the library imports them
MAX_LINES = 420


def modules() -> dict[str, Path]:
    return {".".join(p.relative_to(PACKAGE).with_suffix("").parts): p for p in PACKAGE.rglob("*.py")
            if p.name != "__init__.py" and "templates" not in p.parts}


def imports(path: Path) -> set[str]:
    """Every assembler module `path` imports, at the top or inside a function (lazy imports count)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("assembler"):
            base = node.module.removeprefix("assembler").lstrip(".")
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules() else base)
        elif isinstance(node, ast.Import):
            found |= {a.name.removeprefix("assembler.") for a in node.names if a.name.startswith("assembler.")}
    return {m for m in found if m and m != "__version__"}


def _rank(module: str) -> int | None:
    head = module.split(".")[0]
    return STAGES.index(head) if head in STAGES else None


def test_imports_point_down_the_pipeline():
    wrong = []
    for name, path in modules().items():
        for target in imports(path):
            head, target_head = name.split(".")[0], target.split(".")[0]
            if target_head in FRONT and head not in FRONT:
                wrong.append(f"{name} imports the front end {target}")
            if head in VOCABULARY and target_head not in VOCABULARY:
                wrong.append(f"vocabulary module {name} imports {target}")
            mine, theirs = _rank(name), _rank(target)
            if mine is not None and (theirs is None and target_head not in VOCABULARY or
                                     theirs is not None and theirs > mine):
                wrong.append(f"{name} (stage {head}) imports the later {target}")
    assert wrong == []


def test_no_import_cycle():
    graph = {name: {t for t in imports(path) if t in modules()} for name, path in modules().items()}
    cycles, state = [], {}

    def visit(node, stack):
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_modules_stay_small():
    sizes = {str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines()) for p in modules().values()}
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}


def test_only_the_ui_prints():
    printing = []
    for name, path in modules().items():
        if name in ("ui", "cli") or name.startswith("web"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print" \
                    and not _in_main_guard(tree, node):
                printing.append(f"{name}:{node.lineno}")
            if isinstance(node, (ast.Import, ast.ImportFrom)) and any(
                    (getattr(node, "module", None) or a.name).startswith("rich") for a in node.names):
                printing.append(f"{name}:{node.lineno} imports rich")
    assert printing == []


def _in_main_guard(tree: ast.Module, call: ast.Call) -> bool:
    for node in tree.body:
        if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test):
            if any(child is call for child in ast.walk(node)):
                return True
    return False
