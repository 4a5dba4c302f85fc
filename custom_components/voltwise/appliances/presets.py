"""The appliance catalogue in the add-appliance form: a select whose pick fills the form.

A form cannot change its own fields as the user picks, so picking a preset and submitting shows
the same form again filled from the preset; the user checks or edits the values and submits
once more. The select's labels (translated, ``selector.preset``) name the room first, so the
list reads grouped by room in the catalogue's order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from homeassistant.const import CONF_NAME
from homeassistant.helpers.selector import (
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)

from ..engine.appliance_catalogue import AppliancePreset
from .config import (
    CONF_CATEGORY,
    CONF_CYCLE_MINUTES,
    CONF_CYCLE_PROFILE,
    CONF_ECO_W,
    CONF_NAMEPLATE_W,
    CONF_PROFILE_STEP_MINUTES,
)

CONF_PRESET: Final = "preset"


def preset_selector(presets: Mapping[str, AppliancePreset]) -> SelectSelector:
    """A drop-down of the presets in the catalogue's order (by room)."""
    return SelectSelector(
        SelectSelectorConfig(
            options=list(presets),
            mode=SelectSelectorMode.DROPDOWN,
            translation_key=CONF_PRESET,
            sort=False,
        )
    )


def profile_text(profile: list[float] | tuple[float, ...] | None) -> str:
    """A cycle profile as the user would type it."""
    return ", ".join(f"{value:g}" for value in profile or ())


def preset_form_values(preset: AppliancePreset) -> dict[str, Any]:
    """The common form's fields as the preset fills them; fields it lacks stay empty."""
    values: dict[str, Any] = {
        CONF_NAME: preset.name,
        CONF_NAMEPLATE_W: preset.watts,
        CONF_CATEGORY: preset.category,
    }
    if preset.eco_watts is not None:
        values[CONF_ECO_W] = preset.eco_watts
    if preset.cycle_minutes is not None:
        values[CONF_CYCLE_MINUTES] = preset.cycle_minutes
    if preset.profile_kw is not None:
        values[CONF_CYCLE_PROFILE] = profile_text(preset.profile_kw)
        values[CONF_PROFILE_STEP_MINUTES] = preset.profile_step_minutes
    return values
