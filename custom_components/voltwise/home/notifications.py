"""The home's notifications, sent to the targets its options choose, with the source texts.

Targets: persistent notifications, a notify entity (``notify.send_message``, Home Assistant's
current API) and a legacy notify service (``notify.<name>``, such as a phone's
``mobile_app_<device>``, the only kind that carries actionable buttons). A target that fails
(a phone that is gone, a service removed since) is logged and never stops the caller.

Texts live in translations/en.json. Home Assistant's translation schema has no category for
notifications, so they sit under ``exceptions`` as ``notification_<kind>_title`` / ``_message``.
What kinds there are is the engine's vocabulary (``engine.transitions.NotificationKind``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.components import persistent_notification
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.translation import async_get_translations

from ..const import DOMAIN, LOGGER
from ..engine.transitions import NotificationKind
from .config import HomeConfig

NOTIFY_DOMAIN = "notify"
NOTIFY_SEND_MESSAGE = "send_message"


async def async_texts(
    hass: HomeAssistant,
    key: str,
    placeholders: Mapping[str, str],
    *,
    message_key: str | None = None,
    fallbacks: tuple[str, str] | None = None,
) -> tuple[str, str]:
    """The title and message of ``notification_<key>``, filled in.

    The message is ``notification_<message_key>`` where given (else ``<key>_message``); a text
    missing from the translations is its ``fallbacks`` entry (else the key).
    """
    translations = await async_get_translations(hass, hass.config.language, "exceptions", {DOMAIN})
    prefix = f"component.{DOMAIN}.exceptions.notification_"
    message_key = f"{key}_message" if message_key is None else message_key
    title_fallback, message_fallback = (key, key) if fallbacks is None else fallbacks
    title = translations.get(f"{prefix}{key}_title.message", title_fallback)
    message = translations.get(f"{prefix}{message_key}.message", message_fallback)
    return title.format(**placeholders), message.format(**placeholders)


async def async_send(
    hass: HomeAssistant,
    config: HomeConfig,
    notification_id: str,
    title: str,
    message: str,
    *,
    to_service: bool = True,
) -> None:
    """Show the message on every chosen target (``to_service=False`` leaves out the service)."""
    if config.notify:
        persistent_notification.async_create(
            hass, message, title=title, notification_id=notification_id
        )
    if config.notify_entity is not None:
        await _async_call(
            hass,
            NOTIFY_SEND_MESSAGE,
            {ATTR_ENTITY_ID: config.notify_entity, "title": title, "message": message},
        )
    if to_service and config.notify_service is not None:
        await async_send_to_service(hass, config, title, message)


async def async_send_to_service(
    hass: HomeAssistant,
    config: HomeConfig,
    title: str,
    message: str,
    data: Mapping[str, Any] | None = None,
) -> None:
    """Send to the legacy notify service only (with ``data``, such as mobile app actions)."""
    if config.notify_service is None:
        return
    payload: dict[str, Any] = {"title": title, "message": message}
    if data:
        payload["data"] = dict(data)
    await _async_call(hass, config.notify_service, payload)


async def _async_call(hass: HomeAssistant, service: str, data: dict[str, Any]) -> None:
    """Queue the call; a target that is gone is logged, never raised."""
    try:
        await hass.services.async_call(NOTIFY_DOMAIN, service, data, blocking=False)
    except HomeAssistantError as err:
        LOGGER.warning("Notification to notify.%s not sent: %s", service, err)


async def async_notify(
    hass: HomeAssistant,
    config: HomeConfig,
    entry_id: str,
    kind: NotificationKind,
    placeholders: dict[str, str],
) -> None:
    """Show (or replace) the home's notification of ``kind``'s group."""
    title, message = await async_texts(hass, kind.value, placeholders)
    await async_send(hass, config, f"{DOMAIN}_{entry_id}_{kind.group}", title, message)
