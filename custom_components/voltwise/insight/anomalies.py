"""The home's anomalies: judged every hour, stored before they are told, acknowledged by the user.

The detector (``engine.anomaly.observe_home``) remembers which hours it has judged; that state
and the new anomalies are saved before any event fires, so a restart never tells twice. An
anomaly stays open (the "Anomaly" binary sensor is on) until ``voltwise.acknowledge_anomaly``;
acknowledged ones move to a bounded history shown in diagnostics.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from functools import partial
from typing import Any, Final

import numpy as np
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, LOGGER
from ..engine.anomaly import (
    Anomaly,
    AnomalySettings,
    ExpectedHours,
    HomeAnomalyState,
    HomeStep,
    HourlyHistory,
    observe_home,
)
from ..home.context import HomeContext
from ..home.notifications import async_send, async_texts
from .compute import DayForecast, FloatArray
from .store import InsightStore

EVENT_ANOMALY_DETECTED: Final = f"{DOMAIN}_anomaly_detected"
HISTORY_LIMIT = 100
_STATE_KEY = "anomaly_state"
_OPEN_KEY = "anomalies_open"
_HISTORY_KEY = "anomalies_history"


def observe(
    state: HomeAnomalyState,
    history_kwh: FloatArray,
    end: datetime,
    days: Mapping[date, DayForecast],
    *,
    now: datetime,
    home: HomeContext,
    settings: AnomalySettings,
) -> HomeStep:
    """Judge the hours since the last call against the day-ahead forecasts (executor job)."""
    expectations = [
        ExpectedHours(
            made.start,
            np.minimum(np.array(made.expected), np.array(made.upper)),
            np.array(made.upper),
        )
        for _day, made in sorted(days.items())
        if len(made.upper) == len(made.expected)
    ]
    history = HourlyHistory.ending(end, history_kwh)
    return observe_home(state, history, expectations, now=now, tz=home.time_zone, settings=settings)


class AnomalyTracker:
    """The open anomalies of one home, its detector's state, and the acknowledged history."""

    def __init__(self, home: HomeContext, store: InsightStore, settings: AnomalySettings) -> None:
        """Read what the store holds (nothing: a fresh detector)."""
        self.home = home
        self.settings = settings
        self.appliance_names: dict[str, str] = {}
        self._store = store

    @property
    def open(self) -> list[dict[str, Any]]:
        """Anomalies not yet acknowledged, oldest first."""
        return list(dict(self._store.data.get(_OPEN_KEY) or {}).values())

    @property
    def history(self) -> list[dict[str, Any]]:
        """Acknowledged anomalies, newest last (bounded)."""
        return list(self._store.data.get(_HISTORY_KEY) or [])

    async def async_observe(
        self, history_kwh: FloatArray, end: datetime, days: Mapping[date, DayForecast]
    ) -> None:
        """Run the detector; save, then tell (event and, if the home wants, a notification)."""
        state = HomeAnomalyState.from_dict(self._store.data.get(_STATE_KEY))
        step = await self.home.hass.async_add_executor_job(
            partial(
                observe,
                state,
                history_kwh,
                end,
                days,
                now=dt_util.utcnow(),
                home=self.home,
                settings=self.settings,
            )
        )
        await self.async_record(step.detected, step.updated, _STATE_KEY, step.state.as_dict())

    async def async_record(
        self,
        detected: Sequence[Anomaly],
        updated: Sequence[Anomaly],
        state_key: str,
        state: dict[str, Any],
    ) -> None:
        """Open the new anomalies, refresh open ones, save the detector's state, then tell."""
        opened = dict(self._store.data.get(_OPEN_KEY) or {})
        for anomaly in (*detected, *updated):
            if anomaly in detected or anomaly.id in opened:
                opened[anomaly.id] = anomaly.as_dict()
        self._store.data[_OPEN_KEY] = opened
        await self._store.async_set(state_key, state)
        for anomaly in detected:
            await self._async_tell(anomaly)

    async def _async_tell(self, anomaly: Anomaly) -> None:
        data = {
            "config_entry_id": self.home.entry_id,
            "home": self.home.name,
            **anomaly.as_dict(),
            "appliance": anomaly.appliance_id,
            "appliance_name": self.appliance_names.get(anomaly.appliance_id or ""),
        }
        LOGGER.debug("%s: %s", EVENT_ANOMALY_DETECTED, data)
        self.home.hass.bus.async_fire(EVENT_ANOMALY_DETECTED, data)
        if self.home.config.notifies:
            await self._async_notify(anomaly)

    async def _async_notify(self, anomaly: Anomaly) -> None:
        hass = self.home.hass
        placeholders = {
            "home": self.home.name,
            "kind": self._kind_text(anomaly),
            "severity": str(anomaly.severity),
            "value": f"{anomaly.value:.2f} {anomaly.unit}",
            "expected": f"{anomaly.expected:.2f} {anomaly.unit}",
            "deviation": f"{anomaly.deviation_pct:.0f}",
            "start": dt_util.as_local(anomaly.start).strftime("%H:%M"),
        }
        title, message = await async_texts(
            hass, "anomaly", placeholders, fallbacks=("VoltWise anomaly", str(anomaly.kind))
        )
        notification_id = f"{DOMAIN}_{self.home.entry_id}_anomaly_{anomaly.id}"
        await async_send(hass, self.home.config, notification_id, title, message)

    def _kind_text(self, anomaly: Anomaly) -> str:
        """The kind in words, with the appliance's name where it is one's."""
        kind = str(anomaly.kind).replace("_", " ")
        name = self.appliance_names.get(anomaly.appliance_id or "")
        return f"{kind} ({name})" if name else kind

    async def async_acknowledge(self, anomaly_id: str | None) -> list[str]:
        """Acknowledge one open anomaly (or all with None); returns the ids acknowledged."""
        opened = dict(self._store.data.get(_OPEN_KEY) or {})
        ids = list(opened) if anomaly_id is None else [anomaly_id]
        if anomaly_id is not None and anomaly_id not in opened:
            return []
        now = dt_util.utcnow().isoformat()
        history = self.history
        for key in ids:
            history.append({**opened.pop(key), "acknowledged": now})
        self._store.data[_OPEN_KEY] = opened
        await self._store.async_set(_HISTORY_KEY, history[-HISTORY_LIMIT:])
        return ids
