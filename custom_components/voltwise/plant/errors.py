"""Plant failures as translated Home Assistant errors (for entities and services)."""

from __future__ import annotations

from homeassistant.exceptions import HomeAssistantError, ServiceValidationError

from ..const import DOMAIN
from ..engine.errors import EngineError
from ..solis.errors import SolisError


def invalid_edit(err: EngineError) -> ServiceValidationError:
    """An edit the plan's rules refuse, with the engine's translated message."""
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=err.code,
        translation_placeholders=err.placeholders,
    )


def apply_failed(err: SolisError | None) -> HomeAssistantError:
    """An apply SolisCloud refused or could not carry out."""
    if err is None:
        return HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="solis_request_failed",
            translation_placeholders={"code": "?"},
        )
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key=err.key,
        translation_placeholders=err.placeholders,
    )
