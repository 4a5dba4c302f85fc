"""A plant's repair issues and reauthentication: what the user must know about or fix.

Refused or repeatedly failing applies raise an error issue that the next success removes; an
account near (or at) its daily request budget raises one until the plant's midnight; rejected
credentials start Home Assistant's reauthentication of the home, naming the plant.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir, translation

from ..const import DOMAIN
from .soliscloud.client import BudgetStatus
from .soliscloud.errors import SolisAuthError, SolisError

# Transient failures in a row before the plant gets a repair issue.
FAILURES_BEFORE_ISSUE: Final = 3
# The data key that tells the home's reauth flow which plant to fix.
REAUTH_PLANT_ID: Final = "plant_subentry_id"


def plant_issue_ids(plant_id: str) -> tuple[str, ...]:
    """The repair issues a plant can raise (deleted with the plant)."""
    return (f"plant_failing_{plant_id}", f"plant_budget_{plant_id}")


class PlantRepairs:
    """Raises and clears one plant's issues, and asks for its credentials."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry, plant_id: str, name: str) -> None:
        """Issues name the plant; reauthentication goes through its home's entry."""
        self._hass = hass
        self._entry = entry
        self._plant_id = plant_id
        self._name = name
        self._failing_issue, self._budget_issue = plant_issue_ids(plant_id)
        self._budget_day: date | None = None

    @callback
    def failed(self, error: SolisError, failures: int) -> None:
        """An apply failed: reauth for refused credentials, an issue once it is worth one."""
        if isinstance(error, SolisAuthError):
            self._entry.async_start_reauth(
                self._hass,
                context={"title_placeholders": {"name": self._name}},
                data={REAUTH_PLANT_ID: self._plant_id},
            )
        elif not error.transient or failures >= FAILURES_BEFORE_ISSUE:
            ir.async_create_issue(
                self._hass,
                DOMAIN,
                self._failing_issue,
                is_fixable=False,
                severity=ir.IssueSeverity.ERROR,
                translation_key="plant_failing",
                translation_placeholders={
                    "plant": self._name,
                    "failures": str(failures),
                    "error": translation.async_get_exception_message(
                        DOMAIN, error.key, error.placeholders
                    ),
                },
            )

    @callback
    def applied(self) -> None:
        """An apply succeeded: the plant is not failing."""
        ir.async_delete_issue(self._hass, DOMAIN, self._failing_issue)

    @callback
    def budget(self, status: BudgetStatus) -> None:
        """The account nears (or reached) its daily request budget: say so until midnight."""
        self._budget_day = status.day
        ir.async_create_issue(
            self._hass,
            DOMAIN,
            self._budget_issue,
            is_fixable=False,
            severity=ir.IssueSeverity.ERROR if status.exhausted else ir.IssueSeverity.WARNING,
            translation_key="plant_budget",
            translation_placeholders={
                "plant": self._name,
                "used": str(status.used),
                "budget": str(status.budget),
            },
        )

    @callback
    def new_day(self, today: date) -> None:
        """A new day (in the plant's zone) clears yesterday's budget warning."""
        if self._budget_day is not None and self._budget_day != today:
            self._budget_day = None
            ir.async_delete_issue(self._hass, DOMAIN, self._budget_issue)
