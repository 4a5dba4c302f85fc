"""The committed card bundle is what the sources in frontend/ build to.

``npm run build`` writes ``voltwise-cards.stamp.json`` next to the bundle: a SHA-256 over the card
sources, the build configuration and the lockfile, and one over the bundle. Recomputing both here
catches a source change that was committed without a rebuild, and a bundle edited by hand, on
machines without Node. (scripts/test also rebuilds and compares byte for byte where Node exists.)
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRONTEND = ROOT / "frontend"
WWW = ROOT / "custom_components" / "voltwise" / "www"
CONFIG_FILES = ("package.json", "package-lock.json", "tsconfig.json", "vite.config.ts")


def _sources() -> list[str]:
    files = [path.relative_to(FRONTEND).as_posix() for path in (FRONTEND / "src").rglob("*")]
    return sorted([*(f for f in files if (FRONTEND / f).is_file()), *CONFIG_FILES])


def _sources_sha256(names: list[str]) -> str:
    digest = hashlib.sha256()
    for name in names:
        digest.update(f"{name}\0".encode())
        digest.update((FRONTEND / name).read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


STAMP = json.loads((WWW / "voltwise-cards.stamp.json").read_text())


def test_the_bundle_was_built_from_the_committed_sources() -> None:
    names = _sources()
    assert STAMP["sources"] == names, "files were added or removed: run npm run build in frontend/"
    assert STAMP["sources_sha256"] == _sources_sha256(names), (
        "frontend/ changed since the bundle was built: run npm run build in frontend/"
    )


def test_the_bundle_is_the_one_the_build_wrote() -> None:
    bundle = (WWW / STAMP["bundle"]).read_bytes()
    assert hashlib.sha256(bundle).hexdigest() == STAMP["bundle_sha256"]


def test_the_bundle_is_one_self_contained_es_module() -> None:
    """HACS users get no build step: nothing may be imported from a path that is not there."""
    text = (WWW / STAMP["bundle"]).read_text()
    assert "\nimport " not in text
    assert not text.startswith("import ")
    assert sorted(path.name for path in WWW.iterdir()) == [
        "voltwise-cards.js",
        "voltwise-cards.stamp.json",
    ]


def test_readme_shows_existing_screenshots_and_every_blueprint() -> None:
    readme = (ROOT / "README.md").read_text()
    pictures = re.findall(r"docs/screenshots/[\w-]+\.png", readme)
    assert len(set(pictures)) >= 10
    assert [p for p in pictures if not (ROOT / p).is_file()] == []
    for blueprint in (ROOT / "blueprints" / "automation" / "voltwise").glob("*.yaml"):
        assert f"%2Fblueprints%2Fautomation%2Fvoltwise%2F{blueprint.name})" in readme
