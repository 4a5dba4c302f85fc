"""The autopilot's persistent notifications (when the home's notifications are on).

One message per decision that switched something, listing the appliances (what it took and what
it gave back), one per new override, one per grid event that starts or ends. Texts live in
translations/en.json under ``exceptions`` (``notification_autopilot_*``), like the home's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from homeassistant.components import persistent_notification
from homeassistant.core import HomeAssistant
from homeassistant.helpers.translation import async_get_translations

from ..const import DOMAIN
from ..engine.autopilot import Action, ActionKind, ApplianceStatus, HoldReason
from .grid import GridNotice

_TAKING = frozenset({ActionKind.TURN_OFF, ActionKind.ECO_ON, ActionKind.SET_LEVEL})
_GIVING = frozenset({ActionKind.TURN_ON, ActionKind.ECO_OFF, ActionKind.RESTORE_LEVEL})


def _names(names: Mapping[str, str], ids: Iterable[str]) -> str:
    return ", ".join(dict.fromkeys(names.get(key, key) for key in ids))


async def _async_show(
    hass: HomeAssistant, entry_id: str, kind: str, placeholders: dict[str, str]
) -> None:
    translations = await async_get_translations(hass, hass.config.language, "exceptions", {DOMAIN})
    prefix = f"component.{DOMAIN}.exceptions.notification_autopilot_{kind}"
    title = translations.get(f"{prefix}_title.message", kind)
    message = translations.get(f"{prefix}_message.message", kind)
    persistent_notification.async_create(
        hass,
        message.format(**placeholders),
        title=title.format(**placeholders),
        notification_id=f"{DOMAIN}_{entry_id}_autopilot_{kind}",
    )


async def async_announce(
    hass: HomeAssistant,
    entry_id: str,
    home: str,
    names: Mapping[str, str],
    *,
    done: Iterable[tuple[Action, bool]],
    new_overrides: Iterable[ApplianceStatus],
    started: Iterable[GridNotice],
    ended: Iterable[GridNotice],
) -> None:
    """Tell what one decision did."""
    done = list(done)
    taken = [action.appliance_id for action, ok in done if ok and action.kind in _TAKING]
    given = [action.appliance_id for action, ok in done if ok and action.kind in _GIVING]
    if taken:
        await _async_show(
            hass, entry_id, "acted", {"home": home, "appliances": _names(names, taken)}
        )
    if given:
        await _async_show(
            hass, entry_id, "restored", {"home": home, "appliances": _names(names, given)}
        )
    overridden = [s.appliance_id for s in new_overrides if s.reason is HoldReason.OVERRIDE]
    if overridden:
        await _async_show(
            hass, entry_id, "override", {"home": home, "appliances": _names(names, overridden)}
        )
    for kind, notices in (("grid_started", started), ("grid_ended", ended)):
        for notice in notices:
            await _async_show(
                hass,
                entry_id,
                kind,
                {
                    "home": home,
                    "type": notice.event.type.value.replace("_", " "),
                    "severity": notice.event.severity.value,
                    "message": notice.message,
                },
            )
