"""VoltWise: spend less money and emit less carbon on electricity, without giving up comfort."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.typing import ConfigType

from .appliances.manager import ApplianceManager
from .appliances.schedules.executor import ScheduleExecutor
from .appliances.schedules.store import ScheduleStore
from .appliances.store import ApplianceStore
from .autopilot.controller import Autopilot
from .autopilot.settings import reload_fingerprint
from .autopilot.store import AutopilotStore
from .billing.alert_options import prepaid_options, spike_options
from .billing.config import billing_settings, monthly_budget
from .billing.coordinator import BillingCoordinator
from .billing.forecasts import insight_forecasts
from .billing.prepaid import PrepaidMeter, PrepaidStore
from .billing.spike import SpikeWatch
from .billing.statistics import async_forget_bills
from .billing.store import BillingStore
from .const import CONF_AUTOPILOT_DEFAULT, DOMAIN
from .dashboard import async_register_cards
from .home.config import InvalidHomeConfigError, async_build_home_config
from .home.context import HomeContext
from .home.coordinator import HomeCoordinator
from .home.settings_store import HomeSettingsStore
from .insight.config import InsightConfig
from .insight.manager import InsightManager
from .insight.registry import async_remove_stale_insight_entities
from .insight.store import InsightStore
from .plant.manager import PlantManager
from .plant.store import async_forget_removed_plants
from .runtime import VoltWiseConfigEntry, VoltWiseRuntime
from .services import async_setup_services

PLATFORMS: list[Platform] = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.CALENDAR,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
    Platform.TIME,
]

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the services and serve the dashboard cards once, for all homes."""
    async_setup_services(hass)
    await async_register_cards(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: VoltWiseConfigEntry) -> bool:
    """Load a home: validate its configuration, compute its state, add its entities.

    Every part registers its own teardown with the entry as it starts, so a setup that fails
    half-way, like an unload, leaves no timer, subscription or unsaved state behind.
    """
    # Any change to the home (reconfigure, options, appliances added or removed) reloads it;
    # listening from the start also catches a change made while this setup is under way.
    entry.async_on_unload(entry.add_update_listener(_async_reload))
    try:
        home = await async_build_home_config(hass, entry.data, entry.options)
    except InvalidHomeConfigError as err:
        raise ConfigEntryError(
            translation_domain=DOMAIN,
            translation_key=err.key,
            translation_placeholders=err.placeholders,
        ) from err
    settings = HomeSettingsStore(
        hass, entry.entry_id, autopilot_default=bool(entry.data.get(CONF_AUTOPILOT_DEFAULT))
    )
    coordinator = HomeCoordinator(hass, entry, home, settings)
    await coordinator.async_config_entry_first_refresh()
    context = HomeContext(hass, entry, home, coordinator)
    appliances = ApplianceManager(context)
    await appliances.async_setup()
    schedules = ScheduleExecutor(context, appliances)
    # Catch-up acts through the appliances' pipeline, so schedules start after them.
    await schedules.async_setup()
    plants = PlantManager(context)
    await plants.async_setup()
    # The autopilot acts through the pipeline and restores what it held before a restart.
    autopilot = Autopilot(context, appliances)
    await autopilot.async_setup()
    insight_config = InsightConfig.from_options(entry.options)
    insight = (
        InsightManager(
            context,
            insight_config,
            # A meter on the mains is the home's consumption, not an appliance's share of it.
            [
                appliance_id
                for appliance_id, coordinator in appliances.appliances.items()
                if not coordinator.appliance.whole_home
            ],
            {
                appliance_id: coordinator.appliance.name
                for appliance_id, coordinator in appliances.appliances.items()
                if coordinator.measures_power and not coordinator.appliance.whole_home
            },
        )
        if insight_config.enabled
        else None
    )
    billing: BillingCoordinator | None = None
    prepaid: PrepaidMeter | None = None
    if insight is not None:
        await insight.async_setup()
        # The bill prices the same consumption the insight reads; without it there is none.
        bills = BillingStore(hass, entry.entry_id)
        await bills.async_load()
        billing = BillingCoordinator(
            context,
            billing_settings(entry.options),
            bills,
            insight.statistic_ids,
            monthly_budget(entry.options),
            forecasts=insight_forecasts(insight),
        )
        prepaid = await _async_prepaid_meter(context, insight)
    async_remove_stale_insight_entities(hass, entry.entry_id, insight)
    entry.runtime_data = VoltWiseRuntime(
        home=home,
        coordinator=coordinator,
        appliances=appliances,
        schedules=schedules,
        plants=plants,
        autopilot=autopilot,
        fingerprint=_fingerprint(entry),
        insight=insight,
        billing=billing,
        prepaid=prepaid,
        spike=_spike_watch(context, entry, appliances),
    )
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    plants.async_start()
    if entry.runtime_data.spike is not None:
        entry.runtime_data.spike.async_start()
    if insight is not None:
        # Reading a year of statistics and forecasting takes a moment: not in the setup's path.
        entry.async_create_background_task(
            hass, _async_start_insight(insight, billing, prepaid), "voltwise insight"
        )
    return True


async def _async_start_insight(
    insight: InsightManager, billing: BillingCoordinator | None, prepaid: PrepaidMeter | None
) -> None:
    """Insight first (it may import the demo's year), then the bill that prices that use."""
    await insight.async_start()
    if billing is not None:
        await billing.async_refresh()
        billing.async_start_hourly()
    if prepaid is not None:
        await prepaid.async_refresh()
        prepaid.async_start_hourly()


async def _async_prepaid_meter(
    context: HomeContext, insight: InsightManager
) -> PrepaidMeter | None:
    """A prepaid home's balance, charged from the bill's consumption; None when postpaid."""
    options = context.entry.options
    prepaid = prepaid_options(options)
    if not prepaid.enabled:
        return None
    meter = PrepaidMeter(
        context, prepaid, billing_settings(options).duty_percent, insight.statistic_ids
    )
    await meter.store.async_load()
    return meter


def _spike_watch(
    context: HomeContext, entry: VoltWiseConfigEntry, appliances: ApplianceManager
) -> SpikeWatch | None:
    """The spike alert, when the options give it a threshold."""
    spike = spike_options(entry.options)
    if spike.settings is None:
        return None
    return SpikeWatch(context, spike.settings, spike.power_sensor, appliances.appliances)


def _fingerprint(entry: VoltWiseConfigEntry) -> tuple[Any, ...]:
    return reload_fingerprint(
        entry.data,
        entry.options,
        {
            subentry_id: (subentry.subentry_type, subentry.title, subentry.data)
            for subentry_id, subentry in entry.subentries.items()
        },
    )


async def _async_reload(hass: HomeAssistant, entry: VoltWiseConfigEntry) -> None:
    """Reload the home, unless only appliances' autopilot settings changed: then re-decide."""
    runtime: VoltWiseRuntime | None = getattr(entry, "runtime_data", None)
    if (
        entry.state is ConfigEntryState.LOADED
        and runtime is not None
        and runtime.fingerprint == _fingerprint(entry)
    ):
        await runtime.autopilot.async_settings_changed()
        return
    hass.config_entries.async_schedule_reload(entry.entry_id)


async def async_unload_entry(hass: HomeAssistant, entry: VoltWiseConfigEntry) -> bool:
    """Unload a home's platforms; its parts' own teardown runs after (``async_on_unload``)."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: VoltWiseConfigEntry) -> None:
    """Delete what the home stored outside its config entry."""
    await HomeSettingsStore(hass, entry.entry_id).async_remove()
    await ApplianceStore(hass, entry.entry_id).async_remove()
    await ScheduleStore(hass, entry.entry_id).async_remove()
    await AutopilotStore(hass, entry.entry_id).async_remove()
    await async_forget_removed_plants(hass, entry.entry_id, ())
    await InsightStore(hass, entry.entry_id).async_remove()
    await BillingStore(hass, entry.entry_id).async_remove()
    await PrepaidStore(hass, entry.entry_id).async_remove()
    async_forget_bills(hass, entry.entry_id)
