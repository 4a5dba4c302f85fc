"""Repository hygiene: manifest, HACS metadata, translations and icons stay complete.

Static checks over the source: every translation key the code can hand to Home Assistant exists
in translations/en.json (custom integrations get no fallback text), and every icon belongs to a
translated entity.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import homeassistant
import pytest
import yaml
from awesomeversion import AwesomeVersion
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
INTEGRATION = ROOT / "custom_components" / "voltwise"
MANIFEST = json.loads((INTEGRATION / "manifest.json").read_text())
TRANSLATIONS = json.loads((INTEGRATION / "translations" / "en.json").read_text())
ICONS = json.loads((INTEGRATION / "icons.json").read_text())
REQUIRED_MANIFEST_KEYS = {
    "domain",
    "name",
    "codeowners",
    "config_flow",
    "documentation",
    "integration_type",
    "iot_class",
    "issue_tracker",
    "requirements",
    "version",
}
EXCEPTION_CLASSES = {
    "ConfigEntryError",
    "ConfigEntryNotReady",
    "ConfigEntryAuthFailed",
    "HomeAssistantError",
    "ServiceValidationError",
    "UpdateFailed",
}
PLATFORM_MODULES = {
    "binary_sensor",
    "button",
    "calendar",
    "number",
    "select",
    "sensor",
    "switch",
    "time",
}


def python_sources() -> Iterator[Path]:
    """Every Python module of the integration."""
    yield from sorted(INTEGRATION.rglob("*.py"))


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def keyword_str(node: ast.Call, name: str) -> str | None:
    for keyword in node.keywords:
        if keyword.arg == name and isinstance(keyword.value, ast.Constant):
            value = keyword.value.value
            return value if isinstance(value, str) else None
    return None


def lookup(tree: dict[str, Any], *path: str) -> Any:
    node: Any = tree
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


# -- manifest and HACS -------------------------------------------------------------------------


def test_manifest_has_the_keys_hassfest_requires() -> None:
    assert set(MANIFEST) >= REQUIRED_MANIFEST_KEYS, REQUIRED_MANIFEST_KEYS - set(MANIFEST)


def test_manifest_keys_are_domain_name_then_sorted() -> None:
    keys = list(MANIFEST)
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])


def test_manifest_values_are_sound() -> None:
    assert MANIFEST["domain"] == INTEGRATION.name
    assert MANIFEST["config_flow"] is True
    assert AwesomeVersion(MANIFEST["version"]).valid
    for requirement in MANIFEST["requirements"]:
        parsed = Requirement(requirement)
        assert parsed.specifier, f"{requirement} names no version"
        assert parsed.url is None, requirement
        assert parsed.marker is None, requirement
    assert MANIFEST["iot_class"] in {
        "assumed_state",
        "calculated",
        "cloud_polling",
        "cloud_push",
        "local_polling",
        "local_push",
    }
    assert MANIFEST["integration_type"] in {"device", "hub", "service"}


def home_assistant_constraints() -> dict[str, SpecifierSet]:
    """What Home Assistant's package_constraints.txt allows, per package (lines combined)."""
    path = Path(homeassistant.__file__).parent / "package_constraints.txt"
    constraints: dict[str, SpecifierSet] = {}
    for raw in path.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        constraints[name] = constraints.get(name, SpecifierSet()) & requirement.specifier
    return constraints


def test_manifest_requirements_fit_home_assistants_constraints() -> None:
    """Home Assistant installs requirements under its constraints: each must admit its pins.

    A package Home Assistant pins must be required as a range (Home Assistant moves the pin;
    an exact copy of today's pin would refuse the next release and the integration would not
    load), and the version installed with Home Assistant must satisfy both.
    """
    constraints = home_assistant_constraints()
    assert len(constraints) > 50, "constraints not found: the scan is broken"
    for line in MANIFEST["requirements"]:
        requirement = Requirement(line)
        constraint = constraints.get(canonicalize_name(requirement.name))
        if constraint is None:
            continue
        pins = [spec.version for spec in constraint if spec.operator in {"==", "==="}]
        for pinned in pins:
            assert requirement.specifier.contains(pinned, prereleases=True), (line, pinned)
        if pins:
            exact = [spec for spec in requirement.specifier if spec.operator in {"==", "==="}]
            assert not exact, f"{line}: Home Assistant pins {requirement.name}; require a range"
        installed = version(requirement.name)
        assert requirement.specifier.contains(installed, prereleases=True), (line, installed)
        assert constraint.contains(installed, prereleases=True), (line, installed)


def test_hacs_json_names_the_integration_and_a_supported_minimum() -> None:
    hacs = json.loads((ROOT / "hacs.json").read_text())
    assert hacs["name"] == MANIFEST["name"]
    minimum = AwesomeVersion(hacs["homeassistant"])
    assert minimum.valid
    assert minimum <= AwesomeVersion(version("homeassistant"))


def test_brand_icon_exists() -> None:
    icon = INTEGRATION / "brand" / "icon.png"
    assert icon.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# -- translations used in code -----------------------------------------------------------------


# Each flow module and the translation section its scopes (classes) belong to.
FLOW_MODULES = {
    "config_flow.py": lambda scopes: (
        "options" if any("options" in scope.lower() for scope in scopes) else "config"
    ),
    "appliances/flow.py": lambda scopes: "config_subentries.appliance",
    "plant/flow.py": lambda scopes: "config_subentries.plant",
    "plant/connection.py": lambda scopes: "config_subentries.plant",
}


@pytest.mark.parametrize("module", sorted(FLOW_MODULES))
def test_flow_errors_and_aborts_are_translated(module: str) -> None:
    source = (INTEGRATION / module).read_text()
    tree = ast.parse(source)
    missing: list[str] = []
    section_of = FLOW_MODULES[module]

    def visit(node: ast.AST, scopes: tuple[str, ...]) -> None:
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            scopes = (*scopes, node.name)
        section = section_of(scopes).split(".")
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            and any(
                isinstance(target, ast.Subscript)
                and isinstance(target.value, ast.Name)
                and target.value.id == "errors"
                for target in node.targets
            )
        ):
            key = node.value.value
            if lookup(TRANSLATIONS, *section, "error", key) is None:
                missing.append(f"{section}.error.{key}")
        if isinstance(node, ast.Call):
            reason = keyword_str(node, "reason")
            if (
                call_name(node) == "async_abort"
                and reason
                and lookup(TRANSLATIONS, *section, "abort", reason) is None
            ):
                missing.append(f"{section}.abort.{reason}")
            if call_name(node) == "async_show_form" and (step := keyword_str(node, "step_id")):
                step_translation = lookup(TRANSLATIONS, *section, "step", step)
                if not step_translation or "data" not in step_translation:
                    missing.append(f"{section}.step.{step}")
        for child in ast.iter_child_nodes(node):
            visit(child, scopes)

    visit(tree, ())
    if "_abort_if_unique_id_configured" in source:
        assert lookup(TRANSLATIONS, "config", "abort", "already_configured")
    if "async_step_reconfigure" in source:
        section = section_of(("reconfigure",)).split(".")
        assert lookup(TRANSLATIONS, *section, "abort", "reconfigure_successful")
    assert not missing


def test_validator_error_keys_are_translated_for_appliance_forms() -> None:
    """Validators in appliances/config.py return form error keys the flow shows as they are."""
    keys = {
        node.value
        for node in ast.walk(parse(INTEGRATION / "appliances" / "config.py"))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and re.fullmatch(r"(invalid|watts)_\w+", node.value)
    }
    assert keys, "no validator keys found: the scan is broken"
    errors = lookup(TRANSLATIONS, "config_subentries", "appliance", "error")
    assert not sorted(keys - set(errors))


def entity_translation_keys() -> Iterator[tuple[str, str]]:
    """(platform, key) for every entity description with a translation key."""
    for path in python_sources():
        platform = path.stem
        for node in ast.walk(parse(path)):
            if (
                isinstance(node, ast.Call)
                and call_name(node).endswith("Description")
                and (key := keyword_str(node, "translation_key"))
            ):
                assert platform in PLATFORM_MODULES, f"{path.name} describes entities"
                yield platform, key


def test_entity_translation_keys_have_names() -> None:
    found = list(entity_translation_keys())
    assert found, "no entity descriptions found: the scan is broken"
    missing = [
        f"entity.{platform}.{key}"
        for platform, key in found
        if not lookup(TRANSLATIONS, "entity", platform, key, "name")
    ]
    assert not missing


def exception_translation_keys() -> Iterator[str]:
    """Keys of translated exceptions, literal or coming from engine error codes."""
    for path in python_sources():
        for node in ast.walk(parse(path)):
            if not isinstance(node, ast.Call):
                continue
            name = call_name(node)
            if name in EXCEPTION_CLASSES and (key := keyword_str(node, "translation_key")):
                yield key
            # Engine errors, invalid stored config and service errors reach users by their code.
            if (
                name in {"EngineError", "InvalidHomeConfigError", "_invalid", "invalid"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                yield str(node.args[0].value)


def test_exception_translation_keys_have_messages() -> None:
    found = set(exception_translation_keys())
    assert found, "no translated exceptions found: the scan is broken"
    missing = sorted(key for key in found if not lookup(TRANSLATIONS, "exceptions", key, "message"))
    assert not missing


def test_selector_options_are_translated() -> None:
    from custom_components.voltwise.engine.carbon import regional_profiles  # noqa: PLC0415
    from custom_components.voltwise.engine.penalty import Strategy  # noqa: PLC0415
    from custom_components.voltwise.engine.tariff import presets  # noqa: PLC0415

    assert set(lookup(TRANSLATIONS, "selector", "region", "options")) == set(regional_profiles())
    assert set(lookup(TRANSLATIONS, "selector", "tariff", "options")) == {*presets(), "custom"}
    strategies = {strategy.value for strategy in Strategy}
    assert set(lookup(TRANSLATIONS, "selector", "strategy", "options")) == strategies


def test_translation_placeholders_exist_in_messages() -> None:
    """Every {placeholder} a message uses is one the code can supply (no typos like {tme})."""
    engine_sources = "\n".join(path.read_text() for path in python_sources())
    for key, item in TRANSLATIONS["exceptions"].items():
        for placeholder in re.findall(r"{(\w+)}", item["message"]):
            assert re.search(rf"\b{placeholder}\b", engine_sources), (key, placeholder)


def test_icons_belong_to_translated_entities() -> None:
    for platform, keys in ICONS.get("entity", {}).items():
        for key in keys:
            assert lookup(TRANSLATIONS, "entity", platform, key), f"icon for {platform}.{key}"
    for key in ICONS.get("services", {}):
        assert lookup(TRANSLATIONS, "services", key), f"icon for service {key}"


@pytest.mark.parametrize("path", [INTEGRATION / "translations" / "en.json", ROOT / "hacs.json"])
def test_json_files_are_formatted(path: Path) -> None:
    text = path.read_text()
    assert text.endswith("\n")
    json.loads(text)


def engine_error_codes(module: str) -> set[str]:
    """Codes an engine module can raise."""
    return {
        str(node.args[0].value)
        for node in ast.walk(parse(INTEGRATION / "engine" / module))
        if isinstance(node, ast.Call)
        and call_name(node) == "EngineError"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


def test_custom_tariff_errors_are_translated_as_form_errors() -> None:
    """The custom tariff step shows any tariff parsing error on its field."""
    codes = engine_error_codes("tariff.py") - {"unknown_tariff"}
    assert "tariff_line_invalid" in codes
    missing = sorted(code for code in codes if not lookup(TRANSLATIONS, "config", "error", code))
    assert not missing


def test_notifications_have_titles_and_messages() -> None:
    from custom_components.voltwise.engine.transitions import NotificationKind  # noqa: PLC0415

    for kind in NotificationKind:
        for part in ("title", "message"):
            key = f"notification_{kind.value}_{part}"
            assert lookup(TRANSLATIONS, "exceptions", key, "message"), key


def test_services_and_their_fields_are_translated() -> None:
    services = yaml.safe_load((INTEGRATION / "services.yaml").read_text())
    for service, spec in services.items():
        translated = lookup(TRANSLATIONS, "services", service)
        assert translated, service
        assert translated["name"]
        assert translated["description"]
        for field in spec.get("fields", {}):
            assert lookup(translated, "fields", field, "name"), f"{service}.{field}"
            assert lookup(translated, "fields", field, "description"), f"{service}.{field}"
        assert lookup(ICONS, "services", service), f"icon for {service}"
    registered = {
        name
        for path in python_sources()
        for name in re.findall(r'^SERVICE_\w+ = "(\w+)"', path.read_text(), re.M)
    }
    assert registered == set(services)


def error_codes_of(path: Path) -> set[str]:
    """Codes of the EngineErrors a module raises."""
    return {
        str(node.args[0].value)
        for node in ast.walk(parse(path))
        if isinstance(node, ast.Call)
        and call_name(node) == "EngineError"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


def test_plant_forms_translate_every_plan_error() -> None:
    """The plant flow shows any plan or schedule-text error on the field that caused it."""
    codes = (
        set().union(
            *(error_codes_of(path) for path in (INTEGRATION / "engine" / "plant").glob("*.py"))
        )
        | error_codes_of(INTEGRATION / "plant" / "text.py")
        | {"invalid_time"}
    ) - {"unknown_collection_name"}  # finding a collection by name serves services, not the flow
    assert "segment_overlap" in codes
    errors = lookup(TRANSLATIONS, "config_subentries", "plant", "error")
    assert not sorted(codes - set(errors))
    exceptions = TRANSLATIONS["exceptions"]
    assert not sorted(code for code in codes if code not in exceptions)


def test_plant_menu_options_are_translated() -> None:
    from custom_components.voltwise.plant.flow import MENU  # noqa: PLC0415

    step = lookup(TRANSLATIONS, "config_subentries", "plant", "step", "reconfigure")
    assert set(step["menu_options"]) == set(MENU)


def test_repair_issues_are_translated() -> None:
    keys = {
        key
        for path in python_sources()
        for node in ast.walk(parse(path))
        if isinstance(node, ast.Call)
        and call_name(node) == "async_create_issue"
        and (key := keyword_str(node, "translation_key"))
    }
    assert keys == {"plant_failing", "plant_budget", "schedule_disabled"}
    for key in keys:
        assert lookup(TRANSLATIONS, "issues", key, "title"), key
        assert lookup(TRANSLATIONS, "issues", key, "description"), key
