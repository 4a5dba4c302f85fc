"""Constants shared by the VoltWise shell (the engine has its own)."""

from __future__ import annotations

import logging
from typing import Final

from .engine.transitions import HomeEvent

DOMAIN: Final = "voltwise"
LOGGER = logging.getLogger(__package__)

# Home (config entry) data.
CONF_REGION: Final = "region"
CONF_TARIFF: Final = "tariff"
CONF_NORMAL_RATE: Final = "normal_rate"
CONF_CURRENCY: Final = "currency"
CONF_TIME_ZONE: Final = "time_zone"
CONF_CUSTOM_TARIFF: Final = "custom_tariff"
CONF_WEEKDAY: Final = "weekday"
CONF_WEEKEND: Final = "weekend"
TARIFF_CUSTOM: Final = "custom"
# Set by the home flow on homes created since the autopilot exists: their autopilot starts on.
CONF_AUTOPILOT_DEFAULT: Final = "autopilot_default"

# Home options (tunables).
CONF_NOTIFY: Final = "notify"
# Where else notifications go: a notify entity (notify.send_message) and/or a legacy notify
# service (notify.<name>, such as a phone's mobile_app_<device>, which can carry actions).
CONF_NOTIFY_ENTITY: Final = "notify_entity"
CONF_NOTIFY_SERVICE: Final = "notify_service"
CONF_PEAK_WARNING_MINUTES: Final = "peak_warning_minutes"
CONF_BEST_WINDOW_MINUTES: Final = "best_window_minutes"
CONF_CARBON_SENSOR: Final = "carbon_sensor"
CONF_SCHEDULE_GRACE_MINUTES: Final = "schedule_grace_minutes"

DEFAULT_REGION: Final = "IN"
DEFAULT_TARIFF: Final = "india_tod_domestic"
DEFAULT_NOTIFY: Final = False
DEFAULT_PEAK_WARNING_MINUTES: Final = 15
MAX_PEAK_WARNING_MINUTES: Final = 180
DEFAULT_BEST_WINDOW_MINUTES: Final = 120
MIN_BEST_WINDOW_MINUTES: Final = 5
MAX_BEST_WINDOW_MINUTES: Final = 720
# A schedule start missed while Home Assistant was down still runs if it is at most this late.
DEFAULT_SCHEDULE_GRACE_MINUTES: Final = 15
MAX_SCHEDULE_GRACE_MINUTES: Final = 240
MAX_NAME_LENGTH: Final = 64
# A typo guard: no household tariff in any currency (IDR and KRW included) comes near this.
MAX_NORMAL_RATE: Final = 100_000.0
# Units a live carbon-intensity sensor may report (Electricity Maps uses the first).
CARBON_UNITS: Final = frozenset({"gCO2eq/kWh", "gCO2/kWh", "g/kWh"})
CARBON_UNIT: Final = "gCO2eq/kWh"

# Service fields that name what a call is about (a home is ``config_entry_id``, HA's own name).
ATTR_APPLIANCE: Final = "appliance"
ATTR_PLANT: Final = "plant"
ATTR_SCHEDULE_ID: Final = "schedule_id"
ATTR_STRATEGY: Final = "strategy"

# Events fired on the bus at transitions; automations trigger on these.
EVENT_TARIFF_SLOT_CHANGED: Final = f"{DOMAIN}_{HomeEvent.TARIFF_SLOT_CHANGED}"
EVENT_PEAK_STARTED: Final = f"{DOMAIN}_{HomeEvent.PEAK_STARTED}"
EVENT_PEAK_ENDED: Final = f"{DOMAIN}_{HomeEvent.PEAK_ENDED}"
EVENT_PEAK_WARNING: Final = f"{DOMAIN}_{HomeEvent.PEAK_WARNING}"
EVENT_CLEAN_WINDOW_STARTED: Final = f"{DOMAIN}_{HomeEvent.CLEAN_WINDOW_STARTED}"
EVENT_BEST_TIME_STARTED: Final = f"{DOMAIN}_{HomeEvent.BEST_TIME_STARTED}"
# Every appliance action (command or noticed change), with its source; the logbook shows it.
EVENT_APPLIANCE_ACTION: Final = f"{DOMAIN}_appliance_action"
# Schedules: each execution, failure and missed start (with the schedule and appliance).
EVENT_SCHEDULE_EXECUTED: Final = f"{DOMAIN}_schedule_executed"
EVENT_SCHEDULE_FAILED: Final = f"{DOMAIN}_schedule_failed"
EVENT_SCHEDULE_MISSED: Final = f"{DOMAIN}_schedule_missed"
# Every attempt to apply a plant's plan (requested values, result, source; never secrets).
EVENT_PLANT_APPLIED: Final = f"{DOMAIN}_plant_applied"
