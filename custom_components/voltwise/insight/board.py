"""The leaderboard every VoltWise home on this Home Assistant shares.

Each home publishes its scores after its hourly refresh; every home's leaderboard sensor follows
the board through a dispatcher signal, so a home that refreshes moves the others' ranks too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.util.hass_dict import HassKey

from ..const import DOMAIN
from ..engine.efficiency import BoardRow, Period, Standing, board, rank_of

SIGNAL_BOARD_UPDATED = f"{DOMAIN}_insight_board_updated"
BOARD_PERIODS = (Period.YESTERDAY, Period.WEEK, Period.MONTH)
"""Days are ranked on the last whole day: today so far would favour the home that woke last."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One home's published scores."""

    name: str
    scores: Mapping[Period, float | None]


_BOARD: HassKey[dict[str, Entry]] = HassKey(f"{DOMAIN}_insight_board")


@callback
def async_publish(
    hass: HomeAssistant, entry_id: str, name: str, scores: Mapping[Period, float | None]
) -> None:
    """Put (or update) a home's scores on the board and tell every leaderboard sensor."""
    hass.data.setdefault(_BOARD, {})[entry_id] = Entry(name, dict(scores))
    async_dispatcher_send(hass, SIGNAL_BOARD_UPDATED)


@callback
def async_withdraw(hass: HomeAssistant, entry_id: str) -> None:
    """Take an unloaded home off the board."""
    if hass.data.get(_BOARD, {}).pop(entry_id, None) is not None:
        async_dispatcher_send(hass, SIGNAL_BOARD_UPDATED)


def standings(
    hass: HomeAssistant, entry_id: str
) -> dict[Period, tuple[Standing | None, list[BoardRow]]]:
    """Per period: the home's place among the homes with a score, and the top ten."""
    entries = hass.data.get(_BOARD, {})
    result: dict[Period, tuple[Standing | None, list[BoardRow]]] = {}
    for period in BOARD_PERIODS:
        scores = {entry.name: entry.scores.get(period) for entry in entries.values()}
        mine = entries[entry_id].scores.get(period) if entry_id in entries else None
        others = [
            score
            for other_id, entry in entries.items()
            if other_id != entry_id and (score := entry.scores.get(period)) is not None
        ]
        standing = rank_of(mine, others) if mine is not None else None
        result[period] = (standing, board(scores))
    return result
