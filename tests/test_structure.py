"""The integration's shape: no import cycle, no module over 600 lines, parts that stay apart.

Imports are read with ``ast`` (``TYPE_CHECKING`` ones too: they tie modules together for a
reader as much as any other). A cycle, an oversized module or a part that imports the runtime hub
it is held by fails here, in the test run, not in a review.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "custom_components" / "voltwise"
ROOT_NAME = "custom_components.voltwise"
MAX_LINES = 600
# A part of a home: held by the runtime hub, never importing it (nor the modules that do).
PARTS = ("home", "appliances", "plant", "autopilot")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str) -> set[str]:
    """The package's modules that ``name`` imports (``from . import x`` counts as ``.x``)."""
    path = MODULES[name]
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            targets = [module, *(f"{module}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            continue
        found.update(target for target in targets if target in MODULES and target != name)
    return found


GRAPH = {name: imports_of(name) for name in MODULES}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_the_modules_were_found() -> None:
    assert f"{ROOT_NAME}.runtime" in MODULES
    assert f"{ROOT_NAME}.plant.soliscloud.client" in GRAPH[f"{ROOT_NAME}.plant.client"]


def test_no_import_cycle() -> None:
    assert cycles(GRAPH) == []


def test_a_cycle_would_be_found() -> None:
    """The search itself works: a ring of three and a pair are reported, a chain is not."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"e"}, "e": {"d", "a"}, "f": {"a"}}
    assert sorted(cycles(graph)) == [["a", "b", "c"], ["d", "e"]]


@pytest.mark.parametrize("name", sorted(MODULES), ids=lambda name: name.removeprefix(ROOT_NAME))
def test_no_module_is_longer_than_600_lines(name: str) -> None:
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{MODULES[name]} has {lines} lines"


@pytest.mark.parametrize("part", PARTS)
def test_no_part_imports_the_runtime_hub(part: str) -> None:
    hub = f"{ROOT_NAME}.runtime"
    importers = sorted(
        name
        for name, targets in GRAPH.items()
        if name.startswith(f"{ROOT_NAME}.{part}.") and hub in targets
    )
    assert importers == []
