"""Work done once per turn of the event loop, however often it is asked for in that turn.

A burst (a hundred schedules due on the same minute, every appliance of a home reporting at once)
asks for the same refresh many times; summing or publishing once for the whole burst keeps it
O(n) instead of O(n^2).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from homeassistant.core import HomeAssistant, callback


class OncePerLoopTurn:
    """Calls ``action`` soon, once, for every request made before it runs."""

    def __init__(self, hass: HomeAssistant, action: Callable[[], None]) -> None:
        """Remember what to run; nothing is scheduled until it is requested."""
        self._hass = hass
        self._action = action
        self._handle: asyncio.Handle | None = None

    @callback
    def request(self) -> None:
        """Run the action at the next turn of the loop (once, however often requested)."""
        if self._handle is None:
            self._handle = self._hass.loop.call_soon(self.run_now)

    @callback
    def run_now(self) -> None:
        """Run the action at once; a pending request is then served."""
        self.cancel()
        self._action()

    @callback
    def cancel(self) -> None:
        """Drop a pending request (on unload)."""
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
