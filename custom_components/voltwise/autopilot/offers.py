"""Actionable notifications: what a person may answer when they start an appliance at a dear time.

When a person turns on a delegated appliance during a high-penalty period (an override), the
phone (the home's legacy notify service, such as ``mobile_app_<device>``) offers *Run now* (keep
it on), *Run at HH:MM (save X)* (the engine's suggestion: off now, started then) and *Eco* (when
the appliance has an eco mode). The companion app fires ``mobile_app_notification_action`` with
the action id of the button pressed. Each id carries the home, the appliance and a random token
known only to this offer: an answer with an unknown, forged or already used id is ignored.
Open offers are kept in the autopilot's Store, so a button tapped after a restart (the phone
keeps the notification) is still carried out.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
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
    """One notification's buttons for one appliance.

    ``run`` is the suggested run (start, end), if any, and ``saving`` what it saves.
    """

    appliance_id: str
    token: str
    run: tuple[datetime, datetime] | None
    eco: bool
    saving: float = 0.0

    def action_id(self, entry_id: str, answer: Answer) -> str:
        """The id the phone sends back when this button is pressed."""
        return f"{DOMAIN}:{answer.value}:{entry_id}:{self.appliance_id}:{self.token}"

    def answers(self) -> list[Answer]:
        """The buttons this offer has."""
        return [
            Answer.RUN_NOW,
            *([Answer.RUN_AT] if self.run is not None else []),
            *([Answer.ECO] if self.eco else []),
        ]


class Offers:
    """The open offers of one home, at most one per appliance (a newer one replaces it)."""

    def __init__(self, entry_id: str) -> None:
        """No offer is open."""
        self._entry_id = entry_id
        self._open: dict[str, Offer] = {}
        # Whether the open offers changed since they were last stored.
        self.changed = False

    def __contains__(self, appliance_id: object) -> bool:
        """Whether the appliance has an open offer (one restored after a restart included)."""
        return appliance_id in self._open

    def make(self, appliance_id: str, plan: WindowPlan | None, *, eco: bool) -> Offer:
        """A new offer for the appliance; the previous one's buttons stop working."""
        run = (plan.start, plan.end) if plan is not None else None
        saving = plan.saving if plan is not None else 0.0
        offer = Offer(appliance_id, secrets.token_urlsafe(16), run, eco, saving)
        self._open[appliance_id] = offer
        self.changed = True
        return offer

    def withdraw(self, appliance_id: str) -> None:
        """The override is over: its buttons no longer mean anything."""
        if self._open.pop(appliance_id, None) is not None:
            self.changed = True

    def as_list(self) -> list[dict[str, Any]]:
        """The open offers in stored form (marks them stored)."""
        self.changed = False
        return [
            {
                "appliance_id": offer.appliance_id,
                "token": offer.token,
                "run": None if offer.run is None else [when.isoformat() for when in offer.run],
                "eco": offer.eco,
                "saving": offer.saving,
            }
            for offer in self._open.values()
        ]

    def restore(self, stored: Any) -> None:
        """The offers ``as_list`` stored; a record that does not parse is dropped."""
        for raw in stored if isinstance(stored, list) else []:
            if (offer := _parse_offer(raw)) is not None:
                self._open[offer.appliance_id] = offer

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
        self.changed = True
        return answer, offer


def _parse_offer(raw: Any) -> Offer | None:
    """One stored offer, or None when any part of it is not what ``as_list`` writes."""
    if not isinstance(raw, Mapping):
        return None
    appliance_id, token, eco = raw.get("appliance_id"), raw.get("token"), raw.get("eco")
    saving, stored_run = raw.get("saving"), raw.get("run")
    if not (isinstance(appliance_id, str) and isinstance(token, str) and token):
        return None
    if not isinstance(eco, bool) or isinstance(saving, bool):
        return None
    if not isinstance(saving, int | float):
        return None
    run: tuple[datetime, datetime] | None = None
    if stored_run is not None:
        if not isinstance(stored_run, list) or len(stored_run) != 2:
            return None
        try:
            start, end = (datetime.fromisoformat(str(when)) for when in stored_run)
        except ValueError:
            return None
        if start.tzinfo is None or end.tzinfo is None or end <= start:
            return None
        run = (start, end)
    return Offer(appliance_id, token, run, eco, float(saving))


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
        if answer is Answer.RUN_AT and offer.run is not None:
            title = title.format(
                time=offer.run[0].astimezone(tz).strftime("%H:%M"),
                saving=f"{max(offer.saving, 0.0):.2f} {currency}",
            )
        result.append({"action": offer.action_id(entry_id, answer), "title": title})
    return result
