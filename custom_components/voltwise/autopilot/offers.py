"""Actionable notifications: what a person may answer when they start an appliance at a dear time.

When a person turns on a delegated appliance during a high-penalty period (an override), the
phone (the home's legacy notify service, such as ``mobile_app_<device>``) offers *Run now* (keep
it on), *Run at HH:MM (save X)* (the engine's suggestion: off now, started then) and *Eco* (when
the appliance has an eco mode). The companion app fires ``mobile_app_notification_action`` with
the action id of the button pressed. Each id carries the home, the appliance and a random token
known only to this offer: an answer with an unknown, forged or already used id is ignored.
Offers live in memory only: an answer after a restart is ignored (the appliance stays on).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import tzinfo
from enum import StrEnum
from typing import Any

from ..const import DOMAIN
from ..engine.windows import WindowPlan

EVENT_NOTIFICATION_ACTION = "mobile_app_notification_action"


class Answer(StrEnum):
    """The buttons of an offer."""

    RUN_NOW = "run_now"
    RUN_AT = "run_at"
    ECO = "eco"


@dataclass(frozen=True, slots=True)
class Offer:
    """One notification's buttons for one appliance; ``plan`` is the suggested run, if any."""

    appliance_id: str
    token: str
    plan: WindowPlan | None
    eco: bool

    def action_id(self, entry_id: str, answer: Answer) -> str:
        """The id the phone sends back when this button is pressed."""
        return f"{DOMAIN}:{answer.value}:{entry_id}:{self.appliance_id}:{self.token}"

    def answers(self) -> list[Answer]:
        """The buttons this offer has."""
        return [
            Answer.RUN_NOW,
            *([Answer.RUN_AT] if self.plan is not None else []),
            *([Answer.ECO] if self.eco else []),
        ]


class Offers:
    """The open offers of one home, at most one per appliance (a newer one replaces it)."""

    def __init__(self, entry_id: str) -> None:
        """No offer is open."""
        self._entry_id = entry_id
        self._open: dict[str, Offer] = {}

    def make(self, appliance_id: str, plan: WindowPlan | None, *, eco: bool) -> Offer:
        """A new offer for the appliance; the previous one's buttons stop working."""
        offer = Offer(appliance_id, secrets.token_urlsafe(16), plan, eco)
        self._open[appliance_id] = offer
        return offer

    def withdraw(self, appliance_id: str) -> None:
        """The override is over: its buttons no longer mean anything."""
        self._open.pop(appliance_id, None)

    def take(self, action: Any) -> tuple[Answer, Offer] | None:
        """The answer and its offer when ``action`` is one of this home's open buttons (used up)."""
        if not isinstance(action, str):
            return None
        parts = action.split(":")
        if len(parts) != 5 or parts[0] != DOMAIN or parts[2] != self._entry_id:
            return None
        _, raw_answer, _, appliance_id, token = parts
        offer = self._open.get(appliance_id)
        if offer is None or not secrets.compare_digest(offer.token, token):
            return None
        try:
            answer = Answer(raw_answer)
        except ValueError:
            return None
        if answer not in offer.answers():
            return None
        del self._open[appliance_id]
        return answer, offer


def buttons(
    offer: Offer,
    entry_id: str,
    texts: dict[Answer, str],
    currency: str,
    tz: tzinfo,
) -> list[dict[str, str]]:
    """The mobile app ``actions`` of an offer; ``texts`` are the translated button titles."""
    result = []
    for answer in offer.answers():
        title = texts[answer]
        if answer is Answer.RUN_AT and offer.plan is not None:
            title = title.format(
                time=offer.plan.start.astimezone(tz).strftime("%H:%M"),
                saving=f"{max(offer.plan.saving, 0.0):.2f} {currency}",
            )
        result.append({"action": offer.action_id(entry_id, answer), "title": title})
    return result
