"""Optional persistent notifications at transitions, with the source documents' texts.

Texts live in translations/en.json. Home Assistant's translation schema has no category for
notifications, so they sit under ``exceptions`` as ``notification_<kind>_title`` / ``_message``.
"""

from __future__ import annotations

from enum import StrEnum

from homeassistant.components import persistent_notification
from homeassistant.core import HomeAssistant
from homeassistant.helpers.translation import async_get_translations

from .const import DOMAIN


class NotificationKind(StrEnum):
    """What happened; peak notifications replace each other, as do clean-energy ones."""

    PEAK_STARTED = "peak_started"
    PEAK_ENDED = "peak_ended"
    PEAK_WARNING = "peak_warning"
    CLEAN_WINDOW = "clean_window"
    BEST_TIME = "best_time"
    SCHEDULE_EXECUTED = "schedule_executed"
    SCHEDULE_FAILED = "schedule_failed"
    SCHEDULE_MISSED = "schedule_missed"

    @property
    def group(self) -> str:
        """Notifications of one group share an id, so the newest replaces the last."""
        if self.value.startswith("schedule"):
            return "schedule"
        return "peak" if self.value.startswith("peak") else "clean"


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
