"""The Home Assistant compatibility checker (scripts/ha_compat.py) finds what it must, only that."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import homeassistant

ROOT = Path(__file__).resolve().parent.parent


def _load_checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ha_compat", ROOT / "scripts" / "ha_compat.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["ha_compat"] = module
    spec.loader.exec_module(module)
    return module


ha_compat = _load_checker()


def test_the_release_we_test_against_has_every_name_voltwise_uses() -> None:
    """No false alarms: the installed Home Assistant resolves every use, none deprecated."""
    release = ha_compat.Release(Path(homeassistant.__file__).parent.parent, "installed")
    uses = ha_compat.collect_uses()
    report = ha_compat.check(release, uses)
    assert len(uses) > 300  # imports, alias attributes and keywords are all collected
    assert report.missing == []
    assert report.deprecated == []


def _write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_removed_names_keywords_and_deprecations_are_reported(tmp_path: Path) -> None:
    """A release without a used name or keyword fails; a deprecated keyword is flagged."""
    package = tmp_path / "custom_components" / "demo"
    _write(
        package,
        "__init__.py",
        "from homeassistant.core import callback, Gone\n"
        "from homeassistant.helpers import entity_registry as er\n"
        "from homeassistant.helpers.device_registry import DeviceInfo\n"
        "er.async_get(None)\n"
        "er.async_removed(None)\n"
        "DeviceInfo(name='x', via_device=('a', 'b'), bogus=1)\n",
    )
    release_root = tmp_path / "release"
    # Python 3.14 syntax (PEP 758) must not hide a module's names.
    _write(
        release_root,
        "homeassistant/core.py",
        "def callback(func):\n    try:\n        pass\n    except KeyError, ValueError:\n"
        "        pass\n    return func\n",
    )
    _write(release_root, "homeassistant/helpers/__init__.py", "")
    _write(release_root, "homeassistant/helpers/entity_registry.py", "def async_get(hass): ...\n")
    _write(
        release_root,
        "homeassistant/helpers/device_registry.py",
        "_DEPRECATED_DEVICE_INFO_PARAMETERS = {'via_device': ('2027.8.0', 'via_device_id')}\n"
        "class _Base:\n    name: str | None = None\n    via_device: tuple[str, str] | None = None\n"
        "class DeviceInfo(_Base):\n    identifiers: set[tuple[str, str]] | None = None\n",
    )
    uses = ha_compat.collect_uses(package)
    report = ha_compat.check(ha_compat.Release(release_root, "9999.1.0"), uses)

    assert sorted(use.label for use in report.missing) == [
        "homeassistant.core.Gone",
        "homeassistant.helpers.device_registry.DeviceInfo(bogus=)",
        "homeassistant.helpers.entity_registry.async_removed",
    ]
    assert [use.label for use in report.deprecated] == [
        "homeassistant.helpers.device_registry.DeviceInfo(via_device=)"
    ]
    lines = list(ha_compat._print(report))
    assert lines[0].startswith("Home Assistant 9999.1.0: ")
    assert "3 missing, 1 marked deprecated" in lines[0]
