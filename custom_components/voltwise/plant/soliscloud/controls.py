"""Which inverter settings (control IDs, "CIDs") carry the plant's two values.

The product owner's documents name CID 5035 (peak-shaving grid power limit, W) and CID 43110
(allow grid charging, on/off). Open-source clients instead flip bit 5 of the storage-mode bitfield
(CID 636) for grid charging. Both are per-plant configuration, with the documents' values as
defaults and the bitfield method selectable.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

DEFAULT_PEAK_SHAVING_CID = 5035
DEFAULT_GRID_CHARGING_CID = 43110
DEFAULT_STORAGE_MODE_CID = 636
DEFAULT_GRID_CHARGING_BIT = 5


class GridChargingMethod(StrEnum):
    """How grid charging is switched on the inverter."""

    SWITCH = "switch"  # a dedicated on/off control
    STORAGE_MODE_BIT = "storage_mode_bit"  # one bit of the storage-mode bitfield


@dataclass(frozen=True, slots=True)
class ControlIds:
    """The control IDs and encodings of one plant."""

    peak_shaving_cid: int = DEFAULT_PEAK_SHAVING_CID
    grid_charging_method: GridChargingMethod = GridChargingMethod.SWITCH
    grid_charging_cid: int = DEFAULT_GRID_CHARGING_CID
    storage_mode_cid: int = DEFAULT_STORAGE_MODE_CID
    grid_charging_bit: int = DEFAULT_GRID_CHARGING_BIT
    # On/off controls read and write "1"/"0" in working clients (unverified for CID 43110).
    switch_on: str = "1"
    switch_off: str = "0"

    @property
    def grid_charging_control(self) -> int:
        """The CID grid charging is written to: the switch, or the storage-mode bitfield."""
        if self.grid_charging_method is GridChargingMethod.STORAGE_MODE_BIT:
            return self.storage_mode_cid
        return self.grid_charging_cid


DEFAULT_CONTROLS = ControlIds()
