"""Home Assistant APIs that later releases deprecate stay out of the integration.

docs/compatibility.md lists the developer blog's posts since 2026.3; these checks keep the
decisions made there from being undone by accident.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

INTEGRATION = Path(__file__).resolve().parents[1] / "custom_components" / "voltwise"
SOURCES = sorted(INTEGRATION.rglob("*.py"))


def _names(path: Path) -> set[str]:
    """Every name and attribute a module mentions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, ast.alias):
            found.add(node.asname or node.name)
        elif isinstance(node, ast.keyword) and node.arg:
            found.add(node.arg)
    return found


@pytest.mark.parametrize(
    "name",
    [
        # An update listener plus a reloading flow method is an error from 2026.12.
        "async_update_reload_and_abort",
        "OptionsFlowWithReload",
        # Advanced mode in data entry flows is deprecated (2026.6).
        "show_advanced_options",
        # Devices belong to one config entry and subentry (2026.8); these report from 2026.10.
        "config_entries_subentries",
        "primary_config_entry",
        "via_device",
        # Identifiers are no longer unique across entries (2026.8); look devices up by id.
        "async_get_device",
    ],
)
def test_integration_avoids_deprecated_api(name: str) -> None:
    users = [path.name for path in SOURCES if name in _names(path)]
    assert users == [], f"{name} is deprecated in current Home Assistant; used in {users}"


def test_service_fields_are_not_marked_advanced() -> None:
    services = yaml.safe_load((INTEGRATION / "services.yaml").read_text(encoding="utf-8"))
    advanced = [
        f"{service}.{field}"
        for service, spec in services.items()
        for field, field_spec in (spec or {}).get("fields", {}).items()
        if isinstance(field_spec, dict) and "advanced" in field_spec
    ]
    assert advanced == []
