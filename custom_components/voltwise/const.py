"""Constants shared by the VoltWise shell (the engine has its own)."""

from __future__ import annotations

import logging
from typing import Final

DOMAIN: Final = "voltwise"
LOGGER = logging.getLogger(__package__)

# Home (config entry) data.
CONF_REGION: Final = "region"
CONF_TARIFF: Final = "tariff"
CONF_NORMAL_RATE: Final = "normal_rate"
CONF_CURRENCY: Final = "currency"
CONF_TIME_ZONE: Final = "time_zone"

# Home options (tunables).
CONF_NOTIFY: Final = "notify"
CONF_PEAK_WARNING_MINUTES: Final = "peak_warning_minutes"

DEFAULT_REGION: Final = "IN"
DEFAULT_TARIFF: Final = "india_tod_domestic"
DEFAULT_NOTIFY: Final = False
DEFAULT_PEAK_WARNING_MINUTES: Final = 15
MAX_PEAK_WARNING_MINUTES: Final = 180
MAX_NAME_LENGTH: Final = 64
# A typo guard: no household tariff in any currency (IDR and KRW included) comes near this.
MAX_NORMAL_RATE: Final = 100_000.0
