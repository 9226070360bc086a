"""The package's shape: data flows one way (DESIGN.md, "Arrows point down only").

Imports are read from the source (ast), wherever they are written, function bodies included: an
import deferred into a function still makes the two modules depend on each other. Imports under
`if TYPE_CHECKING:` are left out: they are for the type checker and never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "foitui"


def _module_names(root: Path) -> dict[str, Path]:
    names = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """foitui module -> the foitui modules it imports when it runs."""
    modules = _module_names(root)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        stack: list[ast.AST] = [ast.parse(path.read_text(encoding="utf-8"))]
        while stack:
            node = stack.pop()
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.If) and _type_checking(child):
                    stack.extend(child.orelse)
                    continue
                if isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                    for alias in child.names:
                        full = f"{child.module}.{alias.name}"
                        target = full if full in modules else child.module
                        if target in modules and target != name:
                            graph[name].add(target)
                elif isinstance(child, ast.Import):
                    graph[name].update(a.name for a in child.names if a.name in modules)
                stack.append(child)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
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

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_cycles_finds_a_loop_and_ignores_a_chain() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_among_foitui_modules() -> None:
    assert cycles(import_graph()) == []


# What sits above the store: it may read the store, the store never imports it.
ABOVE_THE_STORE = (
    "foitui.cli",
    "foitui.commands",
    "foitui.tui",
    "foitui.similar",
    "foitui.hints",
    "foitui.chains",
    "foitui.precedent",
    "foitui.stats",
    "foitui.views",
    "foitui.textout",
    "foitui.importing",
    "foitui.export",
)


def test_the_store_imports_nothing_above_it() -> None:
    graph = import_graph()
    upward = sorted(
        (name, target)
        for name, targets in graph.items()
        if name == "foitui.store" or name.startswith("foitui.store.")
        for target in targets
        if any(target == top or target.startswith(f"{top}.") for top in ABOVE_THE_STORE)
    )
    assert upward == []


def test_the_app_never_imports_the_command_line() -> None:
    """The app and the CLI both call the layers below (importing, export): neither calls the
    other's module, except the CLI starting the app."""
    graph = import_graph()
    upward = sorted(
        (name, target)
        for name, targets in graph.items()
        if name.startswith("foitui.tui")
        for target in targets
        if target in {"foitui.cli", "foitui.commands"}
    )
    assert upward == []
