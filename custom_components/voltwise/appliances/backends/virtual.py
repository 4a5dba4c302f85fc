"""A virtual appliance: no hardware, the same pipeline, logs and analytics as a real one.

Its relay is a remembered boolean; its power is estimated from the nameplate by the runtime.
"""

from __future__ import annotations

from typing import Any

from homeassistant.util import dt as dt_util

from ..model import BackendUpdate, Capability, RelayBackend, UpdateListener


class VirtualBackend(RelayBackend):
    """Always online; on and off take effect at once."""

    capabilities: frozenset[Capability] = frozenset()

    def __init__(self, *, initially_on: bool) -> None:
        """Start in the state saved before the last restart."""
        self._on = initially_on
        self._listener: UpdateListener | None = None

    async def async_start(self, listener: UpdateListener) -> None:
        """Report the remembered state."""
        self._listener = listener
        self._report()

    async def async_stop(self) -> None:
        """Nothing to release."""
        self._listener = None

    async def _async_switch(self, on: bool) -> None:
        """On and off take effect at once."""
        self._on = on
        self._report()

    def diagnostics(self) -> dict[str, Any]:
        """The remembered relay state."""
        return {"is_on": self._on}

    def _report(self) -> None:
        if self._listener is not None:
            self._listener(BackendUpdate(at=dt_util.utcnow(), online=True, is_on=self._on))
