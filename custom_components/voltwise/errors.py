"""VoltWise's errors as Home Assistant shows them: translated, written once for every feature.

A refusal of what someone asked (a service call, an entity's new value) is a
``ServiceValidationError``; a device or cloud that did not do what was asked is a
``HomeAssistantError``. Both carry a translation key under ``exceptions`` in translations/en.json.
"""

from __future__ import annotations

from collections.abc import Mapping

from homeassistant.exceptions import HomeAssistantError, ServiceValidationError

from .const import DOMAIN
from .engine.errors import EngineError


def invalid(key: str, **placeholders: str) -> ServiceValidationError:
    """A translated refusal of what was asked."""
    return ServiceValidationError(
        translation_domain=DOMAIN, translation_key=key, translation_placeholders=placeholders
    )


def from_engine(err: EngineError) -> ServiceValidationError:
    """The engine's refusal (its code is the translation key), translated."""
    return invalid(err.code, **err.placeholders)


def failed(key: str, placeholders: Mapping[str, str]) -> HomeAssistantError:
    """A translated failure of a device or a cloud to do what was asked."""
    return HomeAssistantError(
        translation_domain=DOMAIN, translation_key=key, translation_placeholders=dict(placeholders)
    )
