"""The functional core stays pure: no Home Assistant import, no clock reads."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parents[2] / "custom_components" / "voltwise" / "engine"
MODULES = sorted(ENGINE.rglob("*.py"))
CLOCK_CALLS = {"now", "utcnow", "today", "time", "monotonic"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_engine_module_does_not_import_home_assistant(path: Path) -> None:
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        assert not any(name.startswith("homeassistant") for name in names), path


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_engine_module_does_not_read_the_clock(path: Path) -> None:
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            owner_name = owner.id if isinstance(owner, ast.Name) else ""
            assert not (
                node.func.attr in CLOCK_CALLS and owner_name in {"datetime", "time", "date"}
            ), f"{path.name}:{node.lineno} reads the clock"


def test_engine_modules_were_found() -> None:
    assert len(MODULES) >= 5
