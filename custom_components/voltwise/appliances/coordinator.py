"""One appliance at run time: its backend's reports turned into state, meters and entity updates.

Every backend reports through the same listener, so online tracking (logged once each way),
relay state, energy accounting and entity updates behave the same for a virtual appliance, an
entity Home Assistant already has, a Tuya plug and an MQTT node. Entity updates for measurements
are coalesced (at most one per second) so a chatty meter cannot flood the state machine; changes
a user would notice at once (relay, online, eco) are pushed immediately.

Every reading passes one plausibility gate (engine/plausibility.py) before it reaches the meter or
an entity; what it drops is counted per appliance for diagnostics. Power nobody knows (the device
is offline, its power sensor is unavailable) is shown as unknown and counted as 0: energy stops
rather than holding the last reading.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from homeassistant.core import Context, callback
from homeassistant.helpers.debounce import Debouncer
from homeassistant.util import dt as dt_util

from ..const import LOGGER
from ..engine.metering import MeterReading, MeterState, advance
from ..engine.plausibility import Quantity, plausible
from ..engine.runtime_today import DayRuntime, checkpoint, resumed, roll, switched
from ..home.context import HomeContext, HomePartCoordinator
from .availability import AvailabilityLog
from .config import ApplianceConfig
from .model import (
    ActionSource,
    ApplianceAction,
    ApplianceBackend,
    ApplianceStatus,
    BackendError,
    BackendKind,
    BackendUpdate,
    Capability,
)
from .store import SavedAppliance

# Energy keeps counting between reports (a virtual heater reports nothing while it runs), so an
# appliance drawing power is ticked this often; one drawing nothing is not ticked at all.
METER_TICK = timedelta(minutes=1)
# At most one entity update per second from measurements.
MEASUREMENT_COOLDOWN_SECONDS = 1.0

# What a backend may report besides relay and power, kept as last reported.
_REPORTED = (
    "voltage_v",
    "current_a",
    "frequency_hz",
    "power_factor",
    "firmware",
    "rssi_dbm",
    "uptime_s",
    "quality",
)

type ExternalChangeHandler = Callable[["ApplianceCoordinator", ApplianceAction, ActionSource], None]

# The one control path every action takes (the home's ``ControlPipeline.async_execute``).
type ActionPath = Callable[[str, ApplianceAction, ActionSource, Context | None], Awaitable[object]]


@dataclass(frozen=True, slots=True)
class ApplianceSnapshot:
    """What an appliance's entities show."""

    online: bool
    is_on: bool
    eco: bool
    power_w: float | None  # None: not known now (offline, or its power sensor is unavailable)
    meter: MeterState
    voltage_v: float | None = None
    current_a: float | None = None
    frequency_hz: float | None = None
    power_factor: float | None = None
    next_run: datetime | None = None
    override_until: datetime | None = None
    runtime: DayRuntime = field(default_factory=DayRuntime)
    firmware: str | None = None
    rssi_dbm: int | None = None
    uptime_s: int | None = None
    quality: int | None = None

    @property
    def status(self) -> ApplianceStatus:
        """An active override wins; then on (or eco); then a pending schedule; else off."""
        if self.override_until is not None:
            return ApplianceStatus.OVERRIDE
        if self.is_on:
            return ApplianceStatus.ECO if self.eco else ApplianceStatus.ON
        if self.next_run is not None:
            return ApplianceStatus.SCHEDULED
        return ApplianceStatus.OFF


class ApplianceCoordinator(HomePartCoordinator[ApplianceSnapshot]):
    """Owns one appliance's state; its entities listen to it."""

    def __init__(
        self,
        home: HomeContext,
        appliance: ApplianceConfig,
        backend: ApplianceBackend,
        saved: SavedAppliance | None,
        *,
        actions: ActionPath,
        on_external_change: ExternalChangeHandler,
        on_persist: Callable[[], None],
    ) -> None:
        """Restore what was saved; the backend starts in the first refresh."""
        super().__init__(home, appliance.name)
        self.appliance = appliance
        self.backend = backend
        self._actions = actions
        self._on_external_change = on_external_change
        self._on_persist = on_persist
        self.has_counter = Capability.ENERGY_COUNTER in backend.capabilities
        self.measures_power = Capability.POWER in backend.capabilities
        meter, unreadable = MeterState.restore(saved["meter"]) if saved else (MeterState(), ())
        if unreadable:
            LOGGER.warning(
                "%s: the saved meter had unreadable %s; those values start again (a lost energy "
                "total is taken back from its sensor's last state where Home Assistant has one)",
                appliance.name,
                ", ".join(unreadable),
            )
        # The total could not be read: the energy sensor may still know it (see recover_total).
        self.total_lost = "total_kwh" in unreadable
        if appliance.backend is not BackendKind.VIRTUAL:
            # A real device's power during downtime is unknown: do not extrapolate it (a
            # counter, if any, still accounts for the downtime on its next reading).
            meter = replace(meter, last_at=None, last_power_w=None)
        self.meter = meter
        self.is_on = bool(saved["is_on"]) if saved else False
        self.runtime = resumed(
            DayRuntime.restore(saved.get("runtime") if saved else None),
            self.is_on,
            dt_util.utcnow(),
            count_downtime=appliance.backend is BackendKind.VIRTUAL,
        )
        # Saved by an older version for an appliance without eco watts: not modelled, so not on.
        self.eco = bool(saved["eco"]) and self.supports_eco if saved else False
        # The power level (the autopilot's limit_power): percent of a virtual appliance's power
        # (saved), else what the entity reports (a light's brightness, a fan's speed).
        full = appliance.full_level
        level = float(saved.get("level", full)) if saved else full
        virtual = appliance.backend is BackendKind.VIRTUAL
        self.level = level if virtual and 0 < level <= full else full
        self.online: bool | None = None
        self._availability = AvailabilityLog(home.hass, appliance.name)
        self.measured_power_w: float | None = None
        self.voltage_v: float | None = None
        self.current_a: float | None = None
        self.frequency_hz: float | None = None
        self.power_factor: float | None = None
        self.firmware: str | None = None
        self.rssi_dbm: int | None = None
        self.uptime_s: int | None = None
        self.quality: int | None = None
        self.next_run: datetime | None = None
        self.override_until: datetime | None = None
        # Readings the plausibility gate dropped, by field (power_w, counter_kwh...).
        self.rejected_readings: Counter[str] = Counter()
        self._started = False
        self._measurements = Debouncer(
            home.hass,
            LOGGER,
            cooldown=MEASUREMENT_COOLDOWN_SECONDS,
            immediate=False,
            function=self._push_snapshot,
        )

    # -- lifecycle ---------------------------------------------------------------------------

    async def _async_setup(self) -> None:
        """Start the backend; a device that is away now is offline, not a setup failure.

        Once asked to start, the backend is stopped at shutdown even if starting failed, to
        release what it had set up.
        """
        self._started = True
        try:
            await self.backend.async_start(self._handle_update)
        except BackendError as err:
            LOGGER.error("%s could not be started: %s", self.appliance.name, err)
            self.online = False

    async def _async_update_data(self) -> ApplianceSnapshot:
        """A tick: account energy up to now (also rolls the day) and show it."""
        self._advance(MeterReading(dt_util.utcnow()))
        return self.snapshot()

    async def async_shutdown(self) -> None:
        """Account energy up to the stop, and stop the backend if it was started."""
        await super().async_shutdown()
        self._measurements.async_cancel()
        self._availability.cancel()
        self.account(dt_util.utcnow())
        if self._started:
            await self.backend.async_stop()

    # -- state -------------------------------------------------------------------------------

    @property
    def supports_eco(self) -> bool:
        """Whether the appliance has an eco mode.

        No backend has an eco mode of its own, so eco mode is the runtime drawing the eco watts
        instead of the nameplate. Without eco watts, or where the device's power is measured (the
        measurement wins), it would change nothing but the status.
        """
        return self.appliance.eco_w is not None and not self.measures_power

    @property
    def supports_level(self) -> bool:
        """Whether a power level can be set (the configuration decides, see ApplianceConfig)."""
        return self.appliance.supports_level

    @property
    def switchable(self) -> bool:
        """Whether VoltWise can switch it (a monitor-only meter has no relay: no switch)."""
        return self.appliance.mqtt is None or not self.appliance.mqtt.monitor_only

    @property
    def power_known(self) -> bool:
        """Whether anyone knows what the appliance draws now."""
        if not self.online:
            return False
        return not self.measures_power or self.measured_power_w is not None

    @property
    def power_w(self) -> float:
        """Measured watts, else the nameplate estimate; 0 while unknown (for energy and sums)."""
        if not self.power_known:
            return 0.0
        if self.measured_power_w is not None:
            return self.measured_power_w
        share = self.level / self.appliance.full_level
        return self.appliance.watts(self.eco) * share if self.is_on else 0.0

    def snapshot(self) -> ApplianceSnapshot:
        """The state entities show now."""
        return ApplianceSnapshot(
            online=bool(self.online),
            is_on=self.is_on,
            eco=self.eco,
            power_w=self.power_w if self.power_known else None,
            meter=self.meter,
            voltage_v=self.voltage_v,
            current_a=self.current_a,
            frequency_hz=self.frequency_hz,
            power_factor=self.power_factor,
            next_run=self.next_run,
            override_until=self.override_until,
            runtime=self.runtime,
            firmware=self.firmware,
            rssi_dbm=self.rssi_dbm,
            uptime_s=self.uptime_s,
            quality=self.quality,
        )

    def saved(self) -> SavedAppliance:
        """What survives a restart (today's runtime counted up to now)."""
        runtime = checkpoint(self.runtime, dt_util.utcnow(), self.home.time_zone)
        return SavedAppliance(
            meter=self.meter.as_dict(),
            is_on=self.is_on,
            eco=self.eco,
            level=self.level,
            runtime=runtime.as_dict(),
        )

    @callback
    def account(self, now: datetime) -> None:
        """Account energy up to ``now`` at the price in force, without telling anyone."""
        self._advance(MeterReading(now))

    @callback
    def tick(self, now: datetime) -> None:
        """Account energy up to ``now`` at the price in force (before a price change)."""
        self.account(now)
        self._push_snapshot()

    @callback
    def recover_total(self, last_state: object) -> None:
        """Take back the energy total the saved meter lost, from its sensor's last state.

        Called once, by the energy sensor; a last state that is no believable total (none, or
        not a number) leaves the total starting again at 0.
        """
        self.total_lost = False
        total_kwh = plausible(Quantity.COUNTER, last_state, max_power_w=self.appliance.max_power_w)
        if total_kwh is None:
            return
        self.meter = replace(self.meter, total_kwh=self.meter.total_kwh + total_kwh)
        LOGGER.warning(
            "%s: energy total %.3f kWh taken back from its sensor's last state",
            self.appliance.name,
            total_kwh,
        )
        self._push_snapshot()

    @callback
    def apply_confirmed(self, action: ApplianceAction, level: float | None = None) -> None:
        """Record the outcome of a command the backend confirmed."""
        now = dt_util.utcnow()
        self._advance(MeterReading(now))  # close the interval at the old power
        if action is ApplianceAction.TURN_ON:
            self._switch(True, now)
        elif action is ApplianceAction.TURN_OFF:
            self._switch(False, now)
        elif action is ApplianceAction.SET_LEVEL:
            self.level = self.appliance.full_level if level is None else level
        else:
            self.eco = action is ApplianceAction.ECO_ON
        self._advance(MeterReading(now, power_w=self.power_w))
        self._push_snapshot()

    async def async_act(
        self, action: ApplianceAction, source: ActionSource, context: Context | None = None
    ) -> None:
        """Act on this appliance through the home's control path, like every other action."""
        await self._actions(self.appliance.appliance_id, action, source, context)

    @callback
    def set_next_run(self, when: datetime | None) -> None:
        """A schedule's next start (status ``scheduled`` while the appliance is off)."""
        if when != self.next_run:
            self.next_run = when
            self._push_snapshot()

    @callback
    def set_override(self, until: datetime | None) -> None:
        """A user override of automatic control, until the given instant (or none)."""
        if until != self.override_until:
            self.override_until = until
            self._push_snapshot()

    # -- reports from the backend ------------------------------------------------------------

    @callback
    def _handle_update(self, update: BackendUpdate) -> None:
        update = self._gate(update)
        urgent = False
        if update.online is not None and update.online != self.online:
            self._availability.report(update.online, update.at)
            self.online = update.online
            if not update.online:
                self._forget_measurements()  # what it drew while away is unknown
            urgent = True
        if update.is_on is not None and update.is_on != self.is_on:
            self._advance(MeterReading(update.at))  # close the interval at the old power
            self._switch(update.is_on, update.at)
            urgent = True
            if update.changed_by is not None:
                action = ApplianceAction.TURN_ON if update.is_on else ApplianceAction.TURN_OFF
                self._on_external_change(self, action, update.changed_by)
        if update.level is not None and self.supports_level:
            self.level = update.level
        if update.power_unknown:
            self.measured_power_w = None
        if update.power_w is not None:
            self.measured_power_w = update.power_w
        for name in _REPORTED:
            if (value := getattr(update, name)) is not None:
                setattr(self, name, value)
        self._advance(MeterReading(update.at, power_w=self.power_w, counter_kwh=update.counter_kwh))
        if urgent:
            self._push_snapshot()
        else:
            self._measurements.async_schedule_call()

    def _gate(self, update: BackendUpdate) -> BackendUpdate:
        """The update with every implausible reading dropped (and counted)."""
        checked: dict[str, Any] = {}
        for quantity in Quantity:
            value = getattr(update, quantity.value)
            if value is None:
                continue
            reading = plausible(quantity, value, max_power_w=self.appliance.max_power_w)
            checked[quantity.value] = reading
            if reading is None:
                self._reject(quantity, value)
        return replace(update, **checked) if checked else update

    def _reject(self, quantity: Quantity, value: object) -> None:
        """Count a dropped reading; the first of each kind is worth a warning."""
        self.rejected_readings[quantity.value] += 1
        log = LOGGER.warning if self.rejected_readings[quantity.value] == 1 else LOGGER.debug
        log(
            "%s: dropped an implausible %s reading %s (counted in the diagnostics)",
            self.appliance.name,
            quantity.value,
            repr(value)[:40],
        )

    def _forget_measurements(self) -> None:
        self.measured_power_w = None
        self.voltage_v = self.current_a = self.frequency_hz = self.power_factor = None

    def _switch(self, is_on: bool, at: datetime) -> None:
        self.is_on = is_on
        self.runtime = switched(self.runtime, is_on, at, self.home.time_zone)

    def _advance(self, reading: MeterReading) -> None:
        # Today's runtime restarts with the meter's day (the manager ticks at local midnight).
        self.runtime = roll(self.runtime, reading.at, self.home.time_zone)
        self.meter = advance(
            self.meter,
            reading,
            self.home.state.price(),
            self.home.time_zone,
            max_power_w=self.appliance.max_power_w,
            has_counter=self.has_counter,
        )

    @callback
    def _push_snapshot(self) -> None:
        self._measurements.async_cancel()
        # Ticked while it draws power (energy) or is on (its runtime today moves on).
        self.update_interval = METER_TICK if self.power_w > 0 or self.is_on else None
        self.async_set_updated_data(self.snapshot())
        self._on_persist()
