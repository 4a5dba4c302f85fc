"""The pure layers stay pure: the engine, and the SolisCloud protocol.

``engine/`` is the functional core: it imports nothing but itself, the standard library and
numpy, and never reads a clock. ``plant/soliscloud/`` speaks SolisCloud's protocol: the shell
injects its session and time, so it imports nothing of Home Assistant.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "custom_components" / "voltwise"
ENGINE = sorted((PACKAGE / "engine").rglob("*.py"))
SOLISCLOUD = sorted((PACKAGE / "plant" / "soliscloud").rglob("*.py"))
CLOCK_CALLS = {"now", "utcnow", "today", "time", "monotonic"}
ALLOWED = set(sys.stdlib_module_names) | {"numpy", "__future__"}


def top_level_imports(path: Path) -> set[str]:
    """The top-level packages a module imports (relative imports stay inside the package)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
    return found


def relative_escapes(path: Path, root: Path) -> set[str]:
    """Relative imports that climb out of ``root`` (``from ...const import`` from the engine)."""
    depth = len(path.relative_to(root).parts) - 1  # packages between root and the module
    return {
        f"{'.' * node.level}{node.module or ''}"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.level > depth + 1
    }


@pytest.mark.parametrize("path", ENGINE, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_engine_imports_only_itself_the_standard_library_and_numpy(path: Path) -> None:
    assert top_level_imports(path) <= ALLOWED, path
    assert relative_escapes(path, PACKAGE / "engine") == set(), path


@pytest.mark.parametrize("path", ENGINE, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_engine_module_does_not_read_the_clock(path: Path) -> None:
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            owner_name = owner.id if isinstance(owner, ast.Name) else ""
            assert not (
                node.func.attr in CLOCK_CALLS and owner_name in {"datetime", "time", "date"}
            ), f"{path.name}:{node.lineno} reads the clock"


@pytest.mark.parametrize("path", SOLISCLOUD, ids=lambda p: p.name)
def test_the_soliscloud_protocol_imports_no_home_assistant(path: Path) -> None:
    assert "homeassistant" not in top_level_imports(path), path
    assert relative_escapes(path, PACKAGE / "plant" / "soliscloud") == set(), path


def test_the_checks_see_what_they_must_refuse(tmp_path: Path) -> None:
    root = tmp_path / "engine"
    (root / "plant").mkdir(parents=True)
    shell = root / "plant" / "bad.py"
    shell.write_text("from ...const import DOMAIN\nimport homeassistant.core\nimport numpy\n")
    assert top_level_imports(shell) - ALLOWED == {"homeassistant"}
    assert relative_escapes(shell, root) == {"...const"}
    inside = root / "plant" / "good.py"
    inside.write_text("from ..errors import EngineError\nfrom .model import Bounds\n")
    assert relative_escapes(inside, root) == set()


def test_the_layers_were_found() -> None:
    assert len(ENGINE) >= 20
    assert {path.name for path in SOLISCLOUD} >= {"client.py", "signing.py", "errors.py"}
