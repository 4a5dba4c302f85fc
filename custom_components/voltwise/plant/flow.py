"""Add a plant (a SolisCloud inverter) to a home, change its connection, and edit its plan.

Adding asks for the connection and tests it with signed reads before anything is saved
(``connection``). Reconfiguring is a menu over a *working copy* of the plant's plan: defaults,
daily plans (the user's "daily schedules", segments typed one per line), the week (assignments with
priorities), collections, and the connection. Every step validates the whole plan through the
engine's edit functions and shows its error codes as translated form errors; only the final "Save"
step stores the plan (and the connection). Closing the dialog before that stores nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import voluptuous as vol
from homeassistant.config_entries import (
    SOURCE_RECONFIGURE,
    ConfigEntryState,
    ConfigSubentryFlow,
    SubentryFlowResult,
)
from homeassistant.const import CONF_NAME
from homeassistant.helpers.selector import (
    BooleanSelector,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
)

from ..const import DOMAIN
from ..engine.calendar import format_weekday_ranges
from ..engine.errors import EngineError
from ..engine.plant.edits import (
    activate_collection,
    create_collection,
    create_daily_plan,
    daily_plan_days,
    delete_collection,
    delete_daily_plan,
    duplicate_daily_plan,
    rename_collection,
    rename_daily_plan,
    replace_segments,
    replace_week,
    set_bounds,
    set_defaults,
)
from ..engine.plant.model import (
    Bounds,
    DailyPlan,
    PlanCollection,
    PlantDefaults,
    PlantPlan,
    whole_or_raw,
)
from ..service_helpers import running_plant
from .config import (
    CONF_API_ID,
    CONF_API_SECRET,
    CONF_INVERTER_SERIAL,
    CONF_MAX_W,
    CONF_MIN_W,
    CONF_PEAK_SHAVING_CID,
    SUBENTRY_PLANT,
)
from .connection import (
    WATTS,
    async_test_connection,
    async_validate_connection,
    connection_defaults,
    connection_schema,
    without_secret,
)
from .coordinator import PlanChangedError, PlantCoordinator
from .text import format_segments, format_week, parse_segments, parse_week

CONF_ACTION = "action"
CONF_SCHEDULE = "schedule"
CONF_COLLECTION = "collection"
CONF_SEGMENTS = "segments"
CONF_WEEK = "week"
CONF_CONFIRM = "confirm"
CONF_PEAK_SHAVING_W = "peak_shaving_w"
CONF_GRID_CHARGING_ALLOWED = "grid_charging_allowed"

SCHEDULE_ACTIONS = ("add", "edit", "rename", "duplicate", "delete")
COLLECTION_ACTIONS = ("edit", "activate", "create", "rename", "delete")
MENU = ("defaults", "schedules", "week", "collections", "connection", "save")
# Engine codes about a name (shown on the name field); others go to the form's base.
_NAME_CODES = frozenset(
    {"plan_name_empty", "plan_name_too_long", "schedule_name_taken", "collection_name_taken"}
)

_MULTILINE = TextSelector(TextSelectorConfig(multiline=True))


def _options(collection: PlanCollection) -> list[SelectOptionDict]:
    return [
        SelectOptionDict(value=schedule.id, label=schedule.name) for schedule in collection.library
    ]


class PlantSubentryFlow(ConfigSubentryFlow):
    """Add a plant, or change its connection and schedules (saved only by the last step)."""

    # The working copy of the plan, set with ``_base`` when the reconfigure step finds the plant
    # running; only the menu's steps, which come after that, read it.
    _plan: PlantPlan
    # The schedule chosen (or added) in the schedules step, for its segments or delete step.
    _schedule: DailyPlan

    def __init__(self) -> None:
        """Nothing is stored until the flow's last step."""
        self._title = ""
        self._data: dict[str, Any] = {}
        self._connection_changed = False
        # The plan as stored when editing began; None while there is no running plant to edit.
        self._base: PlantPlan | None = None
        self._collection_id = ""

    # -- adding a plant ------------------------------------------------------------------------

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """Credentials, inverter, bounds, controls; tested with signed reads before saving."""
        errors: dict[str, str] = {}
        if user_input is not None:
            title, data, errors = await async_validate_connection(self.hass, user_input, None)
            self._check_unique(title, data, errors)
            if not errors:
                errors = await async_test_connection(self.hass, data)
            if not errors:
                return self.async_create_entry(
                    title=title, data=data, unique_id=self._unique_id(data)
                )
        suggested = without_secret(user_input) if user_input else connection_defaults(self.hass)
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(connection_schema(new=True), suggested),
            errors=errors,
        )

    # -- the reconfigure menu --------------------------------------------------------------------

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """The menu: what to edit, and Save."""
        if self._base is None:
            subentry = self._get_reconfigure_subentry()
            self._title = subentry.title
            self._data = dict(subentry.data)
            coordinator = self._coordinator()
            if coordinator is None:
                if self._get_entry().state is not ConfigEntryState.LOADED:
                    return self.async_abort(reason="plant_not_loaded")
                # The home runs but this plant could not start: only its connection can be fixed.
                return await self.async_step_connection()
            self._base = self._plan = coordinator.plan
            self._collection_id = coordinator.plan.active_collection_id
        return self.async_show_menu(
            step_id="reconfigure",
            menu_options=list(MENU),
            description_placeholders=self._summary(),
        )

    def _summary(self) -> dict[str, str]:
        plan = self._plan
        collection = self._collection()
        return {
            "plant": self._title,
            "collection": collection.name,
            "active_collection": plan.active_collection.name,
            "schedules": ", ".join(schedule.name for schedule in collection.library) or "-",
            "week": format_week(collection) or "-",
            "default_w": str(plan.defaults.peak_shaving_w),
            "default_grid": "on" if plan.defaults.grid_charging_allowed else "off",
            "unsaved": "*" if plan != self._base or self._connection_changed else "",
        }

    async def async_step_defaults(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """What the plant does where no schedule applies."""
        plan = self._plan
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            defaults = PlantDefaults(
                peak_shaving_w=whole_or_raw(user_input[CONF_PEAK_SHAVING_W]),
                grid_charging_allowed=bool(user_input[CONF_GRID_CHARGING_ALLOWED]),
            )
            try:
                self._plan = set_defaults(plan, defaults)
            except EngineError as err:
                errors[CONF_PEAK_SHAVING_W] = err.code
                placeholders = err.placeholders
            else:
                return await self.async_step_reconfigure()
        schema = vol.Schema(
            {
                vol.Required(CONF_PEAK_SHAVING_W): WATTS,
                vol.Required(CONF_GRID_CHARGING_ALLOWED): BooleanSelector(),
            }
        )
        suggested = user_input or {
            CONF_PEAK_SHAVING_W: plan.defaults.peak_shaving_w,
            CONF_GRID_CHARGING_ALLOWED: plan.defaults.grid_charging_allowed,
        }
        return self.async_show_form(
            step_id="defaults",
            data_schema=self.add_suggested_values_to_schema(schema, suggested),
            errors=errors,
            description_placeholders={**self._bounds_placeholders(), **placeholders},
        )

    # -- daily schedules -------------------------------------------------------------------------

    async def async_step_schedules(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Add, edit, rename, duplicate or delete a daily schedule of the edited collection."""
        collection = self._collection()
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            action = user_input[CONF_ACTION]
            schedule_id = user_input.get(CONF_SCHEDULE) or ""
            chosen = collection.daily_plan(schedule_id)
            name = str(user_input.get(CONF_NAME) or "")
            if action != "add" and chosen is None:
                errors[CONF_SCHEDULE] = "schedule_required"
            elif action in {"add", "rename", "duplicate"} and not name.strip():
                errors[CONF_NAME] = "name_required"
            elif action in {"edit", "delete"} and chosen is not None:
                self._schedule = chosen
                if action == "edit":
                    return await self.async_step_segments()
                return await self.async_step_delete_schedule()
            else:
                try:
                    next_step = self._edit_schedule(action, schedule_id, name)
                except EngineError as err:
                    errors[CONF_NAME if err.code in _NAME_CODES else "base"] = err.code
                    placeholders = err.placeholders
                else:
                    if next_step:
                        return await self.async_step_segments()
                    return await self.async_step_reconfigure()
        fields: dict[vol.Marker, Any] = {
            vol.Required(CONF_ACTION): SelectSelector(
                SelectSelectorConfig(
                    options=list(SCHEDULE_ACTIONS),
                    mode=SelectSelectorMode.LIST,
                    translation_key="schedule_action",
                )
            ),
        }
        if collection.library:
            fields[vol.Optional(CONF_SCHEDULE)] = SelectSelector(
                SelectSelectorConfig(options=_options(collection), mode=SelectSelectorMode.DROPDOWN)
            )
        fields[vol.Optional(CONF_NAME)] = TextSelector()
        return self.async_show_form(
            step_id="schedules",
            data_schema=self.add_suggested_values_to_schema(
                vol.Schema(fields),
                user_input or {CONF_ACTION: "add" if not collection.library else "edit"},
            ),
            errors=errors,
            description_placeholders={"collection": collection.name, **placeholders},
        )

    def _edit_schedule(self, action: str, schedule_id: str, name: str) -> bool:
        """Add, rename or duplicate; True when the segments of a new schedule come next."""
        plan = self._plan
        if action == "add":
            self._plan, self._schedule = create_daily_plan(
                plan, name, collection_id=self._collection_id
            )
            return True
        if action == "rename":
            self._plan = rename_daily_plan(plan, schedule_id, name)
        else:
            self._plan, _ = duplicate_daily_plan(plan, schedule_id, name)
        return False

    async def async_step_segments(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """A daily schedule's segments, one per line: ``06:00-09:00 3000 off``."""
        plan, daily = self._plan, self._schedule
        return await self._async_text_step(
            "segments",
            CONF_SEGMENTS,
            user_input,
            edit=lambda text: replace_segments(plan, daily.id, parse_segments(text)),
            current=format_segments(daily),
            placeholders={"schedule": daily.name, **self._bounds_placeholders()},
        )

    async def async_step_delete_schedule(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Confirm deleting a schedule, naming the days it will be taken off."""
        plan, schedule = self._plan, self._schedule
        if user_input is not None:
            if user_input.get(CONF_CONFIRM):
                self._plan, _ = delete_daily_plan(plan, schedule.id)
            return await self.async_step_reconfigure()
        days = daily_plan_days(plan, schedule.id)
        return self.async_show_form(
            step_id="delete_schedule",
            data_schema=vol.Schema({vol.Required(CONF_CONFIRM, default=False): BooleanSelector()}),
            description_placeholders={
                "schedule": schedule.name,
                "days": format_weekday_ranges(days) if days else "-",
            },
        )

    # -- the week ----------------------------------------------------------------------------------

    async def async_step_week(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """Which schedules run on which days, one line each: ``mon-fri 10 Workday``."""
        plan = self._plan
        collection = self._collection()
        return await self._async_text_step(
            "week",
            CONF_WEEK,
            user_input,
            edit=lambda text: replace_week(
                plan, parse_week(text, collection), collection_id=collection.id
            ),
            current=format_week(collection),
            placeholders={
                "collection": collection.name,
                "schedules": ", ".join(daily.name for daily in collection.library) or "-",
            },
        )

    async def _async_text_step(
        self,
        step_id: str,
        field: str,
        user_input: dict[str, Any] | None,
        *,
        edit: Callable[[str], PlantPlan],
        current: str,
        placeholders: dict[str, str],
    ) -> SubentryFlowResult:
        """A step that edits the plan through one multi-line text (segments, the week)."""
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                self._plan = edit(str(user_input.get(field) or ""))
            except EngineError as err:
                errors[field] = err.code
                placeholders = {**placeholders, **err.placeholders}
            else:
                return await self.async_step_reconfigure()
        return self.async_show_form(
            step_id=step_id,
            data_schema=self.add_suggested_values_to_schema(
                vol.Schema({vol.Optional(field): _MULTILINE}), user_input or {field: current}
            ),
            errors=errors,
            description_placeholders=placeholders,
        )

    # -- collections -----------------------------------------------------------------------------

    async def async_step_collections(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Choose which collection to edit, activate one, or create, rename, delete one."""
        plan = self._plan
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            action = user_input[CONF_ACTION]
            chosen = user_input.get(CONF_COLLECTION) or self._collection_id
            name = str(user_input.get(CONF_NAME) or "")
            if action in {"create", "rename"} and not name.strip():
                errors[CONF_NAME] = "name_required"
            else:
                try:
                    self._edit_collection(action, chosen, name)
                except EngineError as err:
                    errors[CONF_NAME if err.code in _NAME_CODES else "base"] = err.code
                    placeholders = err.placeholders
                else:
                    return await self.async_step_reconfigure()
        options = [
            SelectOptionDict(value=collection.id, label=collection.name)
            for collection in plan.collections
        ]
        schema = vol.Schema(
            {
                vol.Required(CONF_ACTION): SelectSelector(
                    SelectSelectorConfig(
                        options=list(COLLECTION_ACTIONS),
                        mode=SelectSelectorMode.LIST,
                        translation_key="collection_action",
                    )
                ),
                vol.Optional(CONF_COLLECTION): SelectSelector(
                    SelectSelectorConfig(options=options, mode=SelectSelectorMode.DROPDOWN)
                ),
                vol.Optional(CONF_NAME): TextSelector(),
            }
        )
        return self.async_show_form(
            step_id="collections",
            data_schema=self.add_suggested_values_to_schema(
                schema,
                user_input or {CONF_ACTION: "edit", CONF_COLLECTION: self._collection_id},
            ),
            errors=errors,
            description_placeholders={
                "collection": self._collection().name,
                "active_collection": plan.active_collection.name,
                **placeholders,
            },
        )

    def _edit_collection(self, action: str, collection_id: str, name: str) -> None:
        plan = self._plan
        if action == "create":
            plan, collection = create_collection(plan, name)
            self._plan, self._collection_id = plan, collection.id
        elif action == "edit":
            # The collection selector only offers (and accepts) the plan's collections.
            self._collection_id = collection_id
        elif action == "activate":
            self._plan = activate_collection(plan, collection_id)
        elif action == "rename":
            self._plan = rename_collection(plan, collection_id, name)
        else:
            self._plan = delete_collection(plan, collection_id)
            if self._collection_id == collection_id:
                self._collection_id = self._plan.active_collection_id

    # -- connection ------------------------------------------------------------------------------

    async def async_step_connection(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Credentials, inverter, bounds and controls; tested again if they changed."""
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            title, data, errors = await async_validate_connection(self.hass, user_input, self._data)
            self._check_unique(title, data, errors)
            plan: PlantPlan | None = None  # stays None for a plant that could not start
            if not errors and self._base is not None:
                try:
                    plan = set_bounds(self._plan, Bounds(data[CONF_MIN_W], data[CONF_MAX_W]))
                except EngineError as err:
                    errors[CONF_MAX_W] = err.code
                    placeholders = err.placeholders
            tested = (CONF_API_ID, CONF_API_SECRET, CONF_INVERTER_SERIAL, CONF_PEAK_SHAVING_CID)
            if not errors and any(data.get(key) != self._data.get(key) for key in tested):
                errors = await async_test_connection(self.hass, data)
            if not errors:
                self._connection_changed = self._connection_changed or (
                    data != self._data or title != self._title
                )
                self._title, self._data = title, data
                if plan is None:  # a plant that could not start: save the fix at once
                    return await self.async_step_save()
                self._plan = plan
                return await self.async_step_reconfigure()
        suggested = without_secret(user_input or {**self._data, CONF_NAME: self._title})
        return self.async_show_form(
            step_id="connection",
            data_schema=self.add_suggested_values_to_schema(
                connection_schema(new=False), suggested
            ),
            errors=errors,
            description_placeholders=placeholders or None,
        )

    # -- saving ----------------------------------------------------------------------------------

    async def async_step_save(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """Store the edited plan (and connection) at once; the plant re-plans immediately."""
        if self._base is not None and self._plan != self._base:
            coordinator = self._coordinator()
            if coordinator is None:  # the home was unloaded while the dialog was open
                return self.async_abort(reason="plant_not_loaded")
            try:
                await coordinator.async_replace_plan(self._plan, self._base)
            except PlanChangedError:
                return self.async_abort(reason="plan_changed")
        if self._connection_changed:
            # The home's update listener reloads it with the new connection.
            return self.async_update_and_abort(
                self._get_entry(),
                self._get_reconfigure_subentry(),
                title=self._title,
                data=self._data,
                unique_id=self._unique_id(self._data),
            )
        return self.async_abort(reason="reconfigure_successful")

    # -- helpers ---------------------------------------------------------------------------------

    def _coordinator(self) -> PlantCoordinator | None:
        """The running plant (``None`` if its home is not loaded or it could not start)."""
        return running_plant(self._get_entry(), self._get_reconfigure_subentry().subentry_id)

    def _collection(self) -> PlanCollection:
        plan = self._plan
        return plan.collection(self._collection_id) or plan.active_collection

    def _bounds_placeholders(self) -> dict[str, str]:
        bounds = self._plan.bounds
        return {"minimum": str(bounds.min_w), "maximum": str(bounds.max_w)}

    def _reconfigure_id(self) -> str | None:
        if self.source != SOURCE_RECONFIGURE:
            return None
        return self._get_reconfigure_subentry().subentry_id

    @staticmethod
    def _unique_id(data: Mapping[str, Any]) -> str:
        return f"solis:{data[CONF_INVERTER_SERIAL]}"

    def _check_unique(self, title: str, data: Mapping[str, Any], errors: dict[str, str]) -> None:
        """Plant names are unique in a home; an inverter belongs to one plant of any home."""
        own = self._reconfigure_id()
        if CONF_NAME not in errors and any(
            subentry.subentry_type == SUBENTRY_PLANT
            and subentry.subentry_id != own
            and subentry.title.casefold() == title.casefold()
            for subentry in self._get_entry().subentries.values()
        ):
            errors[CONF_NAME] = "name_in_use"
        if CONF_INVERTER_SERIAL in errors:
            return
        unique_id = self._unique_id(data)
        for entry in self.hass.config_entries.async_entries(DOMAIN):
            for subentry in entry.subentries.values():
                if subentry.unique_id == unique_id and subentry.subentry_id != own:
                    errors[CONF_INVERTER_SERIAL] = "already_configured"
