"""Appliance presets: adding an appliance becomes a pick from a list rather than a lookup.

The catalogue (``data/appliance_catalogue.json``) holds source document 002's appliances with
their watts and rooms, plus a washing machine; the AC, geyser, washing machine and dishwasher
carry a typical cycle profile. Each preset has a stable key (the select's option and its
translation key) and fills the appliance form's name, watts, eco watts, category and cycle; the
user can still edit every value. The file is checked as it loads, against the same bounds the
appliance flow enforces, so a bad edit to it fails loudly in tests rather than in a user's form.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .windows import Cycle

# The appliance flow's bounds (appliances/config.py, appliances/flow.py), restated here because
# the engine does not import the shell; a test holds the two equal.
MAX_APPLIANCE_W = 50_000.0
MAX_CYCLE_MINUTES = 24 * 60
MAX_PROFILE_STEPS = 288
MAX_PROFILE_STEP_MINUTES = 240
MAX_NAME_LENGTH = 64
CATEGORIES = ("shiftable", "essential")
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class AppliancePreset:
    """One catalogue entry: what the appliance form is filled with."""

    key: str
    name: str
    room: str
    watts: float
    category: str
    eco_watts: float | None = None
    cycle_minutes: int | None = None
    profile_kw: tuple[float, ...] | None = None
    profile_step_minutes: int | None = None
    source: str = ""

    def __post_init__(self) -> None:
        """Hold every preset to the appliance flow's rules."""
        _check(bool(_KEY.match(self.key)), self.key, "key")
        _check(0 < len(self.name) <= MAX_NAME_LENGTH, self.key, "name")
        _check(_watts_ok(self.watts) and self.watts > 0, self.key, "watts")
        _check(self.category in CATEGORIES, self.key, "category")
        if self.eco_watts is not None:
            _check(_watts_ok(self.eco_watts), self.key, "eco watts")
            _check(self.eco_watts <= self.watts, self.key, "eco watts above watts")
        _check(self.cycle_minutes is None or self.profile_kw is None, self.key, "two cycles")
        if self.cycle_minutes is not None:
            _check(1 <= self.cycle_minutes <= MAX_CYCLE_MINUTES, self.key, "cycle minutes")
        if self.profile_kw is not None:
            step = self.profile_step_minutes
            _check(step is not None and 1 <= step <= MAX_PROFILE_STEP_MINUTES, self.key, "step")
            _check(0 < len(self.profile_kw) <= MAX_PROFILE_STEPS, self.key, "profile length")
            _check(
                all(math.isfinite(value) and value >= 0 for value in self.profile_kw),
                self.key,
                "profile values",
            )
            duration = len(self.profile_kw) * (step or 0)
            _check(duration <= MAX_CYCLE_MINUTES, self.key, "profile duration")
            # The nameplate is the most it draws, so no step of its cycle may exceed it.
            _check(max(self.profile_kw) * 1000 <= self.watts, self.key, "profile above watts")
        else:
            _check(self.profile_step_minutes is None, self.key, "step without a profile")

    @property
    def duration_minutes(self) -> int | None:
        """How long a typical cycle takes; None without one."""
        if self.profile_kw is not None and self.profile_step_minutes is not None:
            return len(self.profile_kw) * self.profile_step_minutes
        return self.cycle_minutes

    @property
    def cycle_kwh(self) -> float | None:
        """Energy of a typical cycle; None without one."""
        if self.profile_kw is not None and self.profile_step_minutes is not None:
            return math.fsum(self.profile_kw) * self.profile_step_minutes / 60
        if self.cycle_minutes is not None:
            return self.watts / 1000 * self.cycle_minutes / 60
        return None

    def cycle(self, step_minutes: int) -> Cycle | None:
        """The typical cycle on a planning grid of ``step_minutes``; None without one."""
        return Cycle.typical(
            step_minutes,
            self.watts,
            minutes=self.cycle_minutes,
            profile_kw=self.profile_kw,
            profile_step_minutes=self.profile_step_minutes,
        )

    def appliance_data(self) -> dict[str, Any]:
        """The appliance's common data as the appliance flow stores it (no backend yet)."""
        data: dict[str, Any] = {
            "name": self.name,
            "nameplate_w": self.watts,
            "category": self.category,
        }
        if self.eco_watts is not None:
            data["eco_w"] = self.eco_watts
        if self.cycle_minutes is not None:
            data["cycle_minutes"] = self.cycle_minutes
        if self.profile_kw is not None:
            data["cycle_profile"] = list(self.profile_kw)
            data["profile_step_minutes"] = self.profile_step_minutes
        return data


def _watts_ok(value: float) -> bool:
    return math.isfinite(value) and 0 <= value <= MAX_APPLIANCE_W


def _check(condition: bool, key: str, what: str) -> None:
    if not condition:
        raise ValueError(f"appliance preset {key!r}: bad {what}")


def _optional_float(item: Mapping[str, Any], name: str) -> float | None:
    value = item.get(name)
    return None if value is None else float(value)


def _preset(key: str, item: Mapping[str, Any]) -> AppliancePreset:
    profile = item.get("profile_kw")
    cycle_minutes = item.get("cycle_minutes")
    step = item.get("profile_step_minutes")
    return AppliancePreset(
        key=key,
        name=str(item["name"]),
        room=str(item["room"]),
        watts=float(item["watts"]),
        category=str(item["category"]),
        eco_watts=_optional_float(item, "eco_watts"),
        cycle_minutes=None if cycle_minutes is None else int(cycle_minutes),
        profile_kw=None if profile is None else tuple(float(value) for value in profile),
        profile_step_minutes=None if step is None else int(step),
        source=str(item.get("source", "")),
    )


def parse_catalogue(raw: Mapping[str, Any]) -> Mapping[str, AppliancePreset]:
    """Presets from the catalogue's JSON form, checked; ordered by room, then as listed."""
    rooms = list(raw["rooms"])
    presets = [_preset(key, item) for key, item in raw["presets"].items()]
    for preset in presets:
        _check(preset.room in rooms, preset.key, "room")
    names = [preset.name.casefold() for preset in presets]
    if len(set(names)) != len(names):
        raise ValueError("appliance presets must have distinct names")
    presets.sort(key=lambda preset: rooms.index(preset.room))
    return {preset.key: preset for preset in presets}


@cache
def appliance_presets() -> Mapping[str, AppliancePreset]:
    """The built-in presets (loaded once; the shell loads them off the event loop first)."""
    path = resources.files(__package__).joinpath("data/appliance_catalogue.json")
    return parse_catalogue(json.loads(path.read_text("utf-8")))


def presets_by_room() -> dict[str, list[AppliancePreset]]:
    """The presets grouped by room, rooms in the catalogue's order."""
    grouped: dict[str, list[AppliancePreset]] = {}
    for preset in appliance_presets().values():
        grouped.setdefault(preset.room, []).append(preset)
    return grouped
