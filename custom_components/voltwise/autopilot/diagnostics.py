"""What the autopilot remembers and shows, for the home's diagnostics (nothing secret in it)."""

from __future__ import annotations

from typing import Any

from .controller import Autopilot


def autopilot_diagnostics(autopilot: Autopilot) -> dict[str, Any]:
    """Memory, pauses, settings, status and grid events."""
    data = autopilot.data
    return {
        "memory": autopilot.memory.as_dict(),
        "pauses": {
            key: None if pause.until is None else pause.until.isoformat()
            for key, pause in autopilot.pauses.items()
        },
        "resumed": {key: when.isoformat() for key, when in autopilot.resumed.items()},
        "settings": {key: value.as_dict() for key, value in autopilot.settings.items()},
        "status": None if data is None else data.status.value,
        "grid": None if data is None else data.grid.value,
        "next_check": None
        if data is None or data.next_check is None
        else data.next_check.isoformat(),
        "appliances": {}
        if data is None
        else {
            key: {
                "held": status.held,
                "reason": None if status.reason is None else status.reason.value,
                "until": None if status.until is None else status.until.isoformat(),
            }
            for key, status in data.appliances.items()
        },
        "grid_events": [notice.as_dict() for notice in autopilot.notices()],
    }
