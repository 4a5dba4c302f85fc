"""An appliance's reachability in the log: once each way, however often its device flaps.

A device that goes away is a warning and its return is an info line. A device that flaps (an
MQTT node fighting another board for its client id, a plug on the edge of Wi-Fi range) would
write a line per flip, so after a warning the next ones wait for a quiet period: flips within
it are counted, and when it ends the state the device is in is told once with the count. The
entities always follow every flip; only the log is quiet.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from homeassistant.core import CALLBACK_TYPE, HassJob, HomeAssistant, callback
from homeassistant.helpers.event import async_track_point_in_utc_time

from ..const import LOGGER

# After a warning, further changes are summed up instead of logged, for this long.
QUIET_PERIOD = timedelta(minutes=10)


class AvailabilityLog:
    """Logs one appliance's changes of reachability, sparingly."""

    def __init__(self, hass: HomeAssistant, name: str) -> None:
        """Nothing is logged about the first state an appliance reports (that is start-up)."""
        self._hass = hass
        self._name = name
        self._online: bool | None = None
        self._logged: bool | None = None  # the state the log last told
        self._quiet_until: datetime | None = None
        self._outages = 0  # times it went offline unlogged within the quiet period
        self._unsub_summary: CALLBACK_TYPE | None = None
        self._summary_job = HassJob(self._summarize, cancel_on_shutdown=True)

    @callback
    def report(self, online: bool, at: datetime) -> None:
        """The appliance became reachable (or not) at ``at``."""
        if online == self._online:
            return
        first = self._online is None
        self._online = online
        if first:
            self._logged = online
        elif not online and self._quiet_until is not None and at < self._quiet_until:
            self._outages += 1
        elif online is not self._logged:  # news: the log says otherwise
            self._tell(online)
            if not online:
                self._quiet(at)

    @callback
    def cancel(self) -> None:
        """Forget a pending summary (the appliance is unloaded)."""
        if self._unsub_summary is not None:
            self._unsub_summary()
            self._unsub_summary = None

    def _tell(self, online: bool) -> None:
        if online:
            LOGGER.info("%s is available again", self._name)
        else:
            LOGGER.warning("%s is unavailable", self._name)
        self._logged = online

    @callback
    def _summarize(self, now: datetime) -> None:
        """The quiet period is over: tell how often it went away, and how it is now."""
        self._unsub_summary = None
        self._quiet_until = None
        if not self._outages:
            return
        minutes = round(QUIET_PERIOD.total_seconds() / 60)
        LOGGER.warning(
            "%s went offline %d more time%s in %d minutes and is %s",
            self._name,
            self._outages,
            "" if self._outages == 1 else "s",
            minutes,
            "available now" if self._online else "unavailable",
        )
        self._logged = self._online
        self._outages = 0
        self._quiet(now)  # still flapping? Then one summary per quiet period, no more

    def _quiet(self, start: datetime) -> None:
        self.cancel()
        self._quiet_until = start + QUIET_PERIOD
        self._unsub_summary = async_track_point_in_utc_time(
            self._hass, self._summary_job, self._quiet_until
        )
