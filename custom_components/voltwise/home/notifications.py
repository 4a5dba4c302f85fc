"""Optional persistent notifications at transitions and schedule runs, with the source texts.

Texts live in translations/en.json. Home Assistant's translation schema has no category for
notifications, so they sit under ``exceptions`` as ``notification_<kind>_title`` / ``_message``.
What kinds there are is the engine's vocabulary (``engine.transitions.NotificationKind``).
"""

from __future__ import annotations

from homeassistant.components import persistent_notification
from homeassistant.core import HomeAssistant
from homeassistant.helpers.translation import async_get_translations

from ..const import DOMAIN
from ..engine.transitions import NotificationKind


async def async_notify(
    hass: HomeAssistant, entry_id: str, kind: NotificationKind, placeholders: dict[str, str]
) -> None:
    """Show (or replace) the home's notification of ``kind``'s group."""
    translations = await async_get_translations(hass, hass.config.language, "exceptions", {DOMAIN})
    prefix = f"component.{DOMAIN}.exceptions.notification_{kind.value}"
    title = translations.get(f"{prefix}_title.message", kind.value)
    message = translations.get(f"{prefix}_message.message", kind.value)
    persistent_notification.async_create(
        hass,
        message.format(**placeholders),
        title=title.format(**placeholders),
        notification_id=f"{DOMAIN}_{entry_id}_{kind.group}",
    )
