"""The floor plan of the package: one-way imports between floors, no cycles, complete ``__all__``.

Every import of one psoaskit module by another counts, at module level or inside a function
(a lazy import must not dodge a cycle or reach a higher floor). Read from the source with
``ast``, so the test needs nothing beyond the standard library.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "psoaskit"

#: Floors, lowest first: a module may import only from its own floor or lower ones.
FLOORS = [
    {"psoaskit.errors", "psoaskit._data", "psoaskit._files", "psoaskit._compat",
     "psoaskit._lifeline"},
    {"psoaskit.catalogue"},
    {"psoaskit.logs", "psoaskit.biomech"},
    {"psoaskit.simulation"},
    {"psoaskit.analysis"},
    {"psoaskit.viz"},
    {"psoaskit.reports"},
    {"psoaskit.cli", "psoaskit.__main__"},
]
#: Inside ``logs`` the readers form a line: each module uses only those before it.
LOGS_LINE = ["schema", "readers", "formats", "cells", "validate", "apps", "api"]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported(path: Path, name: str) -> Iterator[tuple[str, int]]:
    """(psoaskit module imported, line) for every import in the file, nested ones included."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    known = modules()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1],
                                 *([base] if base else [])])
            # "from psoaskit.viz import charts" imports the module psoaskit.viz.charts
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base
                       for a in node.names]
        else:
            continue
        for target in targets:
            if target.split(".")[0] == "psoaskit" and target != "psoaskit":
                yield target, node.lineno


def floor_of(name: str) -> int:
    for level, prefixes in enumerate(FLOORS):
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            return level
    raise AssertionError(f"{name} is on no floor; add it to FLOORS in {__file__}")


def graph() -> dict[str, set[str]]:
    found = modules()
    edges: dict[str, set[str]] = {}
    for name, path in found.items():
        edges[name] = set()
        for target, _ in imported(path, name):
            while target not in found and "." in target:  # an attribute, not a module
                target = target.rpartition(".")[0]
            if target != name:
                edges[name].add(target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def is_package_init(name: str) -> bool:
    return modules()[name].name == "__init__.py"


def test_no_import_cycles() -> None:
    edges = graph()
    # a package's __init__ re-exports its modules: an edge into an __init__ from its own
    # modules would be a cycle, and one of those is what this test is for
    assert cycles(edges) == []


def test_no_module_imports_a_higher_floor() -> None:
    wrong = []
    for name, path in modules().items():
        if name == "psoaskit":  # the public API re-exports every floor
            continue
        for target, line in imported(path, name):
            if floor_of(target) > floor_of(name):
                wrong.append(f"{name} (line {line}) imports {target}")
    assert wrong == []


def test_log_readers_form_a_line() -> None:
    rank = {f"psoaskit.logs.{m}": i for i, m in enumerate(LOGS_LINE)}

    def place(name: str) -> int | None:
        for prefix, i in rank.items():
            if name == prefix or name.startswith(prefix + "."):
                return i
        return None

    wrong = []
    for name, path in modules().items():
        mine = place(name)
        if mine is None:
            continue
        for target, line in imported(path, name):
            theirs = place(target)
            if theirs is not None and theirs > mine:
                wrong.append(f"{name} (line {line}) imports {target}, later in the line")
    assert wrong == []


def test_the_checks_would_catch_a_cycle_and_an_upward_import() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(edges) == [["a", "b", "c"]]
    assert floor_of("psoaskit.logs.schema") < floor_of("psoaskit.analysis.weekly")


@pytest.mark.parametrize("name", sorted(n for n in modules() if not n.endswith("__main__")))
def test_every_public_name_is_exported_or_private(name: str) -> None:
    """``__all__`` lists exactly the module's public definitions (re-exports aside)."""
    tree = ast.parse(modules()[name].read_text(encoding="utf-8"))
    defined = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            defined.add(node.name)
        elif isinstance(node, ast.Assign):
            defined |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            defined.add(node.target.id)
    public = {n for n in defined if not n.startswith("_")}
    module = importlib.import_module(name)
    exported = set(getattr(module, "__all__", ()))
    assert hasattr(module, "__all__"), f"{name} has no __all__"
    assert public <= exported, f"{name}: public but not in __all__: {public - exported}"
    missing = [n for n in exported if not hasattr(module, n)]
    assert missing == [], f"{name}: __all__ names what it does not define: {missing}"


def test_no_module_is_named_like_its_function() -> None:
    clash = []
    for name, path in modules().items():
        stem = name.rpartition(".")[2]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.FunctionDef) and n.name == stem for n in tree.body):
            clash.append(name)
    assert clash == []
