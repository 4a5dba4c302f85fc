"""The autopilot's notifications, sent to the targets the home's options choose.

One message per decision that switched something, listing the appliances by name (what it took
and what it gave back), one per new override, one per grid event that starts or ends, and the
clean-energy message when a period of low penalty begins, naming the shiftable appliances that
are off. Texts live in translations/en.json under ``exceptions`` (``notification_autopilot_*``),
like the home's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from homeassistant.core import HomeAssistant
from homeassistant.helpers.translation import async_get_translations

from ..const import DOMAIN
from ..engine.autopilot import Action, ActionKind, ApplianceStatus, HoldReason
from ..home.config import HomeConfig
from ..home.notifications import async_send, async_send_to_service, async_texts
from .grid import GridNotice
from .offers import Answer, Offer, buttons

_TAKING = frozenset({ActionKind.TURN_OFF, ActionKind.ECO_ON, ActionKind.SET_LEVEL})
_GIVING = frozenset({ActionKind.TURN_ON, ActionKind.ECO_OFF, ActionKind.RESTORE_LEVEL})


def listing(names: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _names(names: Mapping[str, str], ids: Iterable[str]) -> str:
    return listing(list(dict.fromkeys(names.get(key, key) for key in ids)))


async def async_show(
    hass: HomeAssistant,
    config: HomeConfig,
    entry_id: str,
    kind: str,
    placeholders: dict[str, str],
    *,
    to_service: bool = True,
) -> None:
    """One autopilot notification of ``kind`` on the home's targets."""
    title, message = await async_texts(hass, f"autopilot_{kind}", placeholders)
    await async_send(
        hass,
        config,
        f"{DOMAIN}_{entry_id}_autopilot_{kind}",
        title,
        message,
        to_service=to_service,
    )


async def async_announce(
    hass: HomeAssistant,
    config: HomeConfig,
    entry_id: str,
    names: Mapping[str, str],
    *,
    done: Iterable[tuple[Action, bool]],
    new_overrides: Iterable[ApplianceStatus],
    started: Iterable[GridNotice],
    ended: Iterable[GridNotice],
    overrides_to_service: bool = True,
) -> None:
    """Tell what one decision did (``overrides_to_service=False``: offers told the phone)."""
    home = config.name
    done = list(done)
    taken = [action.appliance_id for action, ok in done if ok and action.kind in _TAKING]
    given = [action.appliance_id for action, ok in done if ok and action.kind in _GIVING]
    if taken:
        await async_show(
            hass, config, entry_id, "acted", {"home": home, "appliances": _names(names, taken)}
        )
    if given:
        await async_show(
            hass, config, entry_id, "restored", {"home": home, "appliances": _names(names, given)}
        )
    overridden = [s.appliance_id for s in new_overrides if s.reason is HoldReason.OVERRIDE]
    if overridden:
        await async_show(
            hass,
            config,
            entry_id,
            "override",
            {"home": home, "appliances": _names(names, overridden)},
            to_service=overrides_to_service,
        )
    for kind, notices in (("grid_started", started), ("grid_ended", ended)):
        for notice in notices:
            await async_show(
                hass,
                config,
                entry_id,
                kind,
                {
                    "home": home,
                    "type": notice.event.type.value.replace("_", " "),
                    "severity": notice.event.severity.value,
                    "message": notice.message,
                },
            )


async def async_announce_clean(
    hass: HomeAssistant, config: HomeConfig, entry_id: str, appliances: Sequence[str]
) -> None:
    """A period of low penalty began: run these (shiftable, off) appliances now."""
    await async_show(
        hass, config, entry_id, "clean", {"home": config.name, "appliances": listing(appliances)}
    )


async def async_offer(
    hass: HomeAssistant, config: HomeConfig, entry_id: str, appliance: str, offer: Offer
) -> None:
    """The actionable notification on the phone (the legacy notify service) for one override."""
    placeholders = {"home": config.name, "appliance": appliance}
    title, message = await async_texts(hass, "autopilot_offer", placeholders)
    translations = await async_get_translations(hass, hass.config.language, "exceptions", {DOMAIN})
    prefix = f"component.{DOMAIN}.exceptions.notification_autopilot_button_"
    texts = {
        answer: translations.get(f"{prefix}{answer.value}.message", answer.value)
        for answer in Answer
    }
    actions = buttons(offer, entry_id, texts, config.currency, config.time_zone)
    data = {"actions": actions, "tag": f"{DOMAIN}_{entry_id}_{offer.appliance_id}"}
    await async_send_to_service(hass, config, title, message, data)
