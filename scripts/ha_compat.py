"""Check that every Home Assistant name VoltWise uses still exists in a given HA release.

Our toolchain stops at Home Assistant 2026.2 (later releases need Python 3.14), but users run the
current release. Its wheel can still be downloaded and read: this module parses VoltWise's imports
(``from homeassistant.x import name`` and ``alias.attribute`` uses of imported HA modules) and
looks each name up in the release's source, without importing it.

Used by ``scripts/check_ha_compat`` (the newest release from PyPI) and by the tests (the installed
release, which must resolve everything, and a synthetic release with a name removed).
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import subprocess
import sys
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "custom_components" / "voltwise"
CACHE = ROOT / "build" / "ha-compat"
PYPI_JSON = "https://pypi.org/pypi/homeassistant/json"
# Markers HA puts on what it is about to remove.
_DEPRECATION_MARKERS = ("deprecated_function", "deprecated_class", "DeprecatedConstant")


@dataclass(frozen=True, order=True)
class Use:
    """One Home Assistant name used by VoltWise: ``module.name`` (name may be empty)."""

    module: str
    name: str
    where: str

    @property
    def label(self) -> str:
        """How the use is shown in reports."""
        return f"{self.module}.{self.name}" if self.name else self.module


@dataclass
class Report:
    """What a check found."""

    version: str
    missing: list[Use] = field(default_factory=list)
    deprecated: list[Use] = field(default_factory=list)
    checked: int = 0


def collect_uses(package: Path = PACKAGE) -> list[Use]:
    """Every HA module and name imported or reached through an imported HA module alias."""
    uses: set[Use] = set()
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(package.parent.parent))
        aliases: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("homeassistant"):
                module = node.module or ""
                for alias in node.names:
                    uses.add(Use(module, alias.name, where))
                    aliases[alias.asname or alias.name] = f"{module}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("homeassistant"):
                        uses.add(Use(alias.name, "", where))
                        aliases[alias.asname or alias.name] = alias.name
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
            ):
                uses.add(Use(aliases[node.value.id], node.attr, where))
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in aliases
            ):
                # Keyword arguments of HA callables: DeviceInfo(via_device=...) and the like.
                module, _, name = aliases[node.func.id].rpartition(".")
                uses.update(
                    Use(module, f"{name}({keyword.arg}=)", where)
                    for keyword in node.keywords
                    if keyword.arg
                )
    return sorted(uses)


class Release:
    """The source of one HA release, read from a folder holding its ``homeassistant`` package."""

    def __init__(self, root: Path, version: str) -> None:
        """``root`` contains ``homeassistant/``."""
        self.root = root
        self.version = version
        self._names: dict[str, tuple[set[str], str] | None] = {}

    def _module_file(self, module: str) -> Path | None:
        base = self.root.joinpath(*module.split("."))
        for candidate in (base.with_suffix(".py"), base / "__init__.py"):
            if candidate.is_file():
                return candidate
        return None

    def is_module(self, module: str) -> bool:
        """Whether ``module`` is a module or package of the release."""
        return self._module_file(module) is not None

    def _definitions(self, module: str) -> tuple[set[str], str] | None:
        """Names a module defines or imports at any level, and its source text."""
        if module not in self._names:
            path = self._module_file(module)
            if path is None:
                self._names[module] = None
            else:
                source = path.read_text(encoding="utf-8")
                self._names[module] = (_defined_names(source), source)
        return self._names[module]

    def resolves(self, use: Use) -> bool:
        """Whether the release still has what VoltWise uses."""
        if match := _KEYWORD.fullmatch(use.name):
            # A keyword argument: the callable must exist and still accept the keyword.
            callable_name, keyword = match.groups()
            if not self.resolves(Use(use.module, callable_name, use.where)):
                return False
            found = self._definitions(use.module)
            accepted = _accepted_keywords(found[1], callable_name) if found else None
            return accepted is None or keyword in accepted
        if not use.name:
            return self.is_module(use.module)
        if self.is_module(f"{use.module}.{use.name}"):
            return True
        found = self._definitions(use.module)
        if found is None:
            # ``alias.attr`` on something that is not a module (a class): the class exists.
            parent, _, name = use.module.rpartition(".")
            return bool(parent) and self.resolves(Use(parent, name, use.where))
        names, _source = found
        return use.name in names

    def is_deprecated(self, use: Use) -> bool:
        """Whether the release marks the name for removal next to its definition."""
        found = self._definitions(use.module) if use.name else None
        if found is None:
            return False
        _names, source = found
        if match := _KEYWORD.fullmatch(use.name):
            return match.group(2) in _deprecated_keys(source)
        pattern = re.compile(
            rf"(@(?:{'|'.join(_DEPRECATION_MARKERS)})[^\n]*\n(?:[ \t]*@[^\n]*\n)*"
            rf"[ \t]*(?:async\s+)?(?:def|class)\s+{re.escape(use.name)}\b"
            rf"|_DEPRECATED_{re.escape(use.name)}\s*=)"
        )
        return bool(pattern.search(source))


def _parse(source: str) -> ast.Module | None:
    """The module's syntax tree; newer syntax this interpreter lacks is rewritten first."""
    try:
        return ast.parse(source)
    except SyntaxError:
        pass
    # Python 3.14 (PEP 758) allows ``except A, B:`` without parentheses.
    rewritten = _BARE_EXCEPT.sub(r"\1except (\2):", source)
    try:
        return ast.parse(rewritten)
    except SyntaxError:
        return None


_KEYWORD = re.compile(r"(\w+)\((\w+)=\)")


def _accepted_keywords(source: str, name: str) -> set[str] | None:
    """Keywords a module-level function or class accepts; None when it cannot tell."""
    tree = _parse(source)
    nodes = {
        node.name: node
        for node in (tree.body if tree is not None else ())
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    }
    node = nodes.get(name)
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        arguments = node.args
        if arguments.kwarg is not None:
            return None
        return {arg.arg for arg in (*arguments.args, *arguments.kwonlyargs)}
    if isinstance(node, ast.ClassDef):
        # Dataclass and TypedDict fields, including those of base classes in the same module.
        fields: set[str] = set()
        pending = [node]
        while pending:
            current = pending.pop()
            for item in ast.walk(current):
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    fields.add(item.target.id)
                elif isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
                    item.name == "__init__"
                ):
                    return None
            for base in current.bases:
                if isinstance(base, ast.Name) and isinstance(nodes.get(base.id), ast.ClassDef):
                    pending.append(nodes[base.id])  # type: ignore[arg-type]
                elif not (isinstance(base, ast.Name) and base.id in {"TypedDict", "object"}):
                    return None
        return fields
    return None


def _deprecated_keys(source: str) -> set[str]:
    """String keys of module-level ``_DEPRECATED_*`` mappings (deprecated parameters)."""
    tree = _parse(source)
    keys: set[str] = set()
    for node in tree.body if tree is not None else ():
        target = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        value = getattr(node, "value", None)
        if (
            isinstance(target, ast.Name)
            and target.id.startswith("_DEPRECATED_")
            and isinstance(value, ast.Dict)
        ):
            keys.update(
                key.value
                for key in value.keys
                if isinstance(key, ast.Constant) and isinstance(key.value, str)
            )
    return keys


_BARE_EXCEPT = re.compile(r"^([ \t]*)except\s+([\w.]+(?:\s*,\s*[\w.]+)+)\s*:", re.MULTILINE)


def _defined_names(source: str) -> set[str]:
    """Every name bound in a module (any depth: conditional imports count), by AST or by text."""
    tree = _parse(source)
    if tree is None:
        # Syntax still unknown to this interpreter: read the bindings as text.
        names = set(re.findall(r"^\s*(?:async\s+def|def|class|type)\s+(\w+)", source, re.M))
        names.update(re.findall(r"^(\w+)\s*[:=]", source, re.M))
        names.update(re.findall(r"\bimport\s+(\w+)\s*$", source, re.M))
        names.update(re.findall(r"\bas\s+(\w+)", source))
        for block in re.findall(r"^from\s+\S+\s+import\s+\(([^)]*)\)", source, re.M):
            names.update(re.findall(r"^\s*(\w+)\s*,?\s*(?:#.*)?$", block, re.M))
        return names
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, ast.TypeAlias) and isinstance(node.name, ast.Name):
            names.add(node.name.id)
    return names


def check(release: Release, uses: list[Use]) -> Report:
    """Look every use up in the release."""
    report = Report(release.version, checked=len(uses))
    for use in uses:
        if not release.resolves(use):
            report.missing.append(use)
        elif release.is_deprecated(use):
            report.deprecated.append(use)
    return report


def newest_version() -> str:
    """The newest stable Home Assistant release on PyPI."""
    with urllib.request.urlopen(PYPI_JSON, timeout=60) as response:
        return str(json.load(response)["info"]["version"])


def fetch_release(version: str) -> Release:
    """Download (once) and unpack the release's wheel into build/ha-compat."""
    target = CACHE / f"homeassistant-{version}"
    if not (target / "homeassistant" / "__init__.py").is_file():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--ignore-requires-python",
                "--only-binary=:all:",
                f"homeassistant=={version}",
                "--dest",
                str(CACHE),
            ],
            check=True,
        )
        wheel = next(CACHE.glob(f"homeassistant-{version}-*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            members = [
                name
                for name in archive.namelist()
                if name.startswith("homeassistant/") and name.endswith(".py")
            ]
            archive.extractall(target, members)
        wheel.unlink()
    return Release(target, version)


def _print(report: Report) -> Iterator[str]:
    yield (
        f"Home Assistant {report.version}: {report.checked} names VoltWise uses checked, "
        f"{len(report.missing)} missing, {len(report.deprecated)} marked deprecated"
    )
    for use in report.missing:
        yield f"  MISSING    {use.label}  (used in {use.where})"
    for use in report.deprecated:
        yield f"  DEPRECATED {use.label}  (used in {use.where})"


def main(argv: list[str] | None = None) -> int:
    """Check the newest release (or ``--version``); exit 1 on a missing or deprecated name."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", help="release to check (default: newest on PyPI)")
    args = parser.parse_args(argv)
    version = args.version or newest_version()
    report = check(fetch_release(version), collect_uses())
    for line in _print(report):
        print(line)
    return 1 if report.missing or report.deprecated else 0


if __name__ == "__main__":
    sys.exit(main())
