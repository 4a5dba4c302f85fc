// A fixed Home Assistant for the card tests: a home with one appliance and one plant, their
// registry entries and states, and a callWS that answers VoltWise's services from fixtures.
import { vi } from "vitest";
import type { HassEntity, HomeAssistant } from "../src/lib/types";
import type { PenaltyTimeline } from "../src/cards/timeline";
import type { PlantPlanResponse } from "../src/cards/plant-model";
import type { ScheduleItem } from "../src/cards/schedules";

export const ENTRY = "entry-home";

function state(entity_id: string, value: string, attributes: Record<string, unknown> = {}): HassEntity {
  return { entity_id, state: value, attributes, last_changed: "2026-03-02T12:30:00+00:00", last_updated: "2026-03-02T12:30:00+00:00" };
}

const REGISTRY: [string, string, string | undefined, string][] = [
  // entity id, device, translation key, state
  ["sensor.home_tariff_rate", "dev-home", "tariff_rate", "11.0"],
  ["sensor.home_tariff_slot", "dev-home", "tariff_slot", "peak"],
  ["sensor.home_penalty_score", "dev-home", "penalty_score", "0.84"],
  ["sensor.home_best_window", "dev-home", "best_window_start", "2026-03-03T03:30:00+00:00"],
  ["select.home_strategy", "dev-home", "strategy", "balanced"],
  ["number.home_threshold", "dev-home", "penalty_threshold", "0.6"],
  ["calendar.home_schedules", "dev-home", "schedules", "off"],
  ["switch.washing_machine", "dev-wm", undefined, "off"],
  ["switch.washing_machine_eco_mode", "dev-wm", "eco_mode", "off"],
  ["sensor.washing_machine_status", "dev-wm", "status", "off"],
  ["sensor.roof_active_schedule", "dev-plant", "active_schedule", "Workday"],
  ["sensor.roof_active_segment", "dev-plant", "active_segment", "18:00-22:00"],
  ["sensor.roof_control_source", "dev-plant", "control_source", "segment"],
  ["sensor.roof_desired_limit", "dev-plant", "desired_peak_shaving", "1000"],
  ["sensor.roof_applied_limit", "dev-plant", "applied_peak_shaving", "5000"],
  ["sensor.roof_next_change", "dev-plant", "next_change", "2026-03-02T16:30:00+00:00"],
  ["sensor.roof_last_apply", "dev-plant", "last_apply_result", "success"],
  ["binary_sensor.roof_grid_charging", "dev-plant", "grid_charging", "off"],
  ["binary_sensor.roof_applied_grid_charging", "dev-plant", "applied_grid_charging", "on"],
  ["binary_sensor.roof_override", "dev-plant", "override", "off"],
  ["switch.home_autopilot", "dev-home", "autopilot", "on"],
  ["switch.home_grid_protection", "dev-home", "grid_protection", "on"],
  ["sensor.home_autopilot", "dev-home", "autopilot_status", "acting"],
  ["sensor.home_grid_status", "dev-home", "grid_status", "warning"],
  ["switch.washing_machine_delegated", "dev-wm", "autopilot_delegated", "on"],
  ["select.washing_machine_autopilot_action", "dev-wm", "preferred_action", "delay_start"],
  ["switch.washing_machine_protected_window", "dev-wm", "protected_window", "on"],
  ["time.washing_machine_protected_start", "dev-wm", "protected_window_start", "07:00:00"],
  ["time.washing_machine_protected_end", "dev-wm", "protected_window_end", "09:30:00"],
  ["sensor.home_forecast_today", "dev-home", "forecast_today", "12.5"],
  ["sensor.home_forecast_tomorrow", "dev-home", "forecast_tomorrow", "11.9"],
  ["sensor.home_efficiency_today", "dev-home", "efficiency_today", "8.2"],
  ["sensor.home_efficiency_week", "dev-home", "efficiency_week", "-3.5"],
  ["binary_sensor.home_anomaly", "dev-home", "anomaly", "on"],
  ["sensor.home_simulated_energy", "dev-home", "simulated_energy", "1234.5"],
];

/** A second appliance, overridden, for the autopilot card (`makeHass({ geyser: true })`). */
const GEYSER: [string, string, string | undefined, string][] = [
  ["switch.geyser", "dev-geyser", undefined, "on"],
  ["sensor.geyser_status", "dev-geyser", "status", "override"],
  ["switch.geyser_delegated", "dev-geyser", "autopilot_delegated", "on"],
  ["select.geyser_autopilot_action", "dev-geyser", "preferred_action", "turn_off"],
];

/** Attributes of the fixture's entities, beyond their friendly names. */
export const ATTRIBUTES: Record<string, Record<string, unknown>> = {
  "select.home_strategy": { options: ["balanced", "max_savings", "eco_mode", "custom"] },
  "sensor.home_autopilot": {
    held: [
      {
        appliance: "Washing machine",
        reason: "peak",
        until: "2026-03-02T16:30:00+00:00",
        action: "delay_start",
        resume_at: "2026-03-02T17:00:00+00:00",
      },
    ],
    left_alone: [{ appliance: "Geyser", reason: "override", until: "2026-03-02T16:30:00+00:00" }],
    next_check: "2026-03-02T16:30:00+00:00",
  },
  "sensor.home_grid_status": {
    events: [
      {
        id: "ev1",
        type: "frequency_drop",
        severity: "warning",
        start: "2026-03-02T12:00:00+00:00",
        end: "2026-03-02T13:00:00+00:00",
        message: "Frequency 49.6 Hz",
        affected_areas: [],
      },
    ],
  },
  "select.washing_machine_autopilot_action": { options: ["turn_off", "eco_mode", "delay_start"] },
  "select.geyser_autopilot_action": { options: ["turn_off", "delay_start"] },
  "sensor.geyser_status": { override_until: "2026-03-02T16:30:00+00:00" },
  "sensor.home_forecast_today": {
    date: "2026-03-02",
    forecast: Array.from({ length: 24 }, (_, h) => ({
      start: new Date(Date.UTC(2026, 2, 1, 18, 30) + h * 3_600_000).toISOString().replace(".000Z", "+00:00"),
      expected: 0.5,
      lower: 0.3,
      upper: 0.8,
    })),
  },
  "sensor.home_efficiency_today": {
    summary: "saved 8.2 %",
    expected_kwh: 6.1,
    actual_kwh: 5.6,
    saved_kwh: 0.5,
    saved_cost: 4.25,
    currency: "INR",
    own_rank: 3,
    own_periods: 26,
  },
  "sensor.home_efficiency_week": { summary: "used 3.5 % more", expected_kwh: 80, actual_kwh: 82.8, saved_kwh: -2.8, saved_cost: -20, currency: "INR" },
  "binary_sensor.home_anomaly": {
    anomalies: [
      {
        id: "an1",
        kind: "spike",
        severity: "warning",
        start: "2026-03-02T10:00:00+00:00",
        end: "2026-03-02T11:00:00+00:00",
        value: 2.4,
        expected: 0.6,
        unit: "kWh",
        deviation_pct: 300,
        appliance_id: null,
        ongoing: false,
      },
    ],
  },
};

const NAMES: Record<string, string> = {
  "sensor.roof_active_schedule": "Roof Active schedule",
  "switch.washing_machine": "Washing machine",
};

export function timelineFixture(): PenaltyTimeline {
  const slots = ["peak", "peak", "normal", "solar"];
  return {
    strategy: "balanced",
    threshold: 0.6,
    currency: "INR",
    points: slots.map((slot, i) => ({
      start: `2026-03-02T18:${String(i * 15).padStart(2, "0")}:00+05:30`,
      penalty: [0.9, 0.8, 0.5, 0.2][i],
      rate: [11, 11, 8, 6.8][i],
      intensity: [750, 740, 650, 550][i],
      cheap: i >= 2,
      clean: i === 3,
      peak: slot === "peak",
      slot,
    })),
  };
}

export function planFixture(): PlantPlanResponse {
  return {
    plan: {
      bounds: { min_w: 0, max_w: 10000 },
      defaults: { peak_shaving_w: 5000, grid_charging_allowed: false },
      active_collection: "c1",
      last_id: 3,
      override: null,
      collections: [
        {
          id: "c1",
          name: "Default",
          schedules: [
            {
              id: "s1",
              name: "Workday",
              segments: [
                { start: "05:00", end: "07:00", peak_shaving_w: 2000, grid_charging_allowed: false },
                { start: "18:00", end: "22:00", peak_shaving_w: 1000, grid_charging_allowed: false },
              ],
            },
            { id: "s2", name: "Night", segments: [{ start: "00:00", end: "05:00", peak_shaving_w: 0, grid_charging_allowed: true }] },
          ],
          week: {
            mon: [{ schedule: "s1", priority: 10 }, { schedule: "s2", priority: 1 }],
            tue: [{ schedule: "s1", priority: 10 }],
            sat: [],
          },
        },
      ],
    } as PlantPlanResponse["plan"],
    now: {
      peak_shaving_w: 1000,
      grid_charging_allowed: false,
      source: "segment",
      schedule: "Workday",
      segment: "18:00-22:00",
      next_change: "2026-03-02T22:00:00+05:30",
    },
  };
}

export function schedulesFixture(): ScheduleItem[] {
  return [
    {
      schedule_id: "sch-2",
      appliance: "Washing machine",
      appliance_id: "wm",
      repeat: "weekdays",
      start: "06:00",
      end: null,
      duration: 3600,
      date: null,
      end_date: null,
      days: [],
      smart: false,
      next_trigger: "2026-03-03T06:00:00+05:30",
      next_action: "turn_on",
    },
    {
      schedule_id: "sch-1",
      appliance: "Washing machine",
      appliance_id: "wm",
      repeat: "once",
      start: "09:00",
      end: "17:00",
      duration: 5400,
      date: "2026-03-03",
      end_date: null,
      days: [],
      smart: true,
      next_trigger: "2026-03-03T09:00:00+05:30",
      next_action: "turn_on",
    },
  ];
}

export interface FakeHass extends HomeAssistant {
  callWS: ReturnType<typeof vi.fn> & HomeAssistant["callWS"];
  callApi: ReturnType<typeof vi.fn> & HomeAssistant["callApi"];
}

/** Service calls the fake answers; the others just succeed. Set `fail` to make one raise. */
export function makeHass(
  options: { fail?: Record<string, { code: string; message: string }>; geyser?: boolean } = {},
): FakeHass {
  const states: Record<string, HassEntity> = {};
  const entities: HomeAssistant["entities"] = {};
  for (const [entity_id, device_id, translation_key, value] of [...REGISTRY, ...(options.geyser ? GEYSER : [])]) {
    entities[entity_id] = { entity_id, device_id, translation_key, platform: "voltwise", has_entity_name: true };
    states[entity_id] = state(entity_id, value, { friendly_name: NAMES[entity_id] ?? entity_id, ...ATTRIBUTES[entity_id] });
  }
  entities["light.kitchen"] = { entity_id: "light.kitchen", platform: "hue", device_id: "dev-hue" };
  states["light.kitchen"] = state("light.kitchen", "on", { friendly_name: "Kitchen" });
  const device = (id: string, name: string) => ({ id, name, name_by_user: null, config_entries: [ENTRY], primary_config_entry: ENTRY });
  const responses: Record<string, unknown> = {
    get_penalty_timeline: timelineFixture(),
    get_plant_plan: planFixture(),
    list_schedules: { schedules: schedulesFixture() },
    preview_autopilot: {
      actions: [
        { at: "2026-03-02T13:00:00+00:00", appliance: "Washing machine", action: "turn_on", source: "autopilot", reason: "period_ended" },
        { at: "2026-03-02T13:15:00+00:00", appliance: "Dishwasher", action: "turn_off", source: "autopilot", reason: "peak" },
      ],
      cost_saving: 4.5,
      currency: "INR",
    },
  };
  const callWS = vi.fn(async (message: Record<string, unknown>) => {
    if (message.type === "recorder/statistics_during_period") {
      const first = Date.UTC(2026, 2, 1, 18, 30);
      const id = (message.statistic_ids as string[])[0];
      return { [id]: [0.4, 0.9, 0.5].map((change, h) => ({ start: first + h * 3_600_000, end: first + (h + 1) * 3_600_000, change })) };
    }
    const service = String(message.service);
    const failure = options.fail?.[service];
    if (failure) throw failure;
    return { context: {}, response: message.return_response ? responses[service] : null };
  });
  const callApi = vi.fn(async () => [
    {
      start: { dateTime: "2026-03-02T18:15:00+05:30" },
      end: { dateTime: "2026-03-02T18:45:00+05:30" },
      summary: "Washing machine",
    },
  ]);
  return {
    states,
    entities,
    devices: {
      "dev-home": device("dev-home", "Home"),
      "dev-wm": device("dev-wm", "Washing machine"),
      "dev-plant": device("dev-plant", "Roof"),
      "dev-geyser": device("dev-geyser", "Geyser"),
      "dev-hue": { id: "dev-hue", name: "Hue", config_entries: ["hue-entry"] },
    },
    config: { time_zone: "Asia/Kolkata", currency: "INR" },
    locale: { language: "en" },
    callWS,
    callApi,
  } as unknown as FakeHass;
}

/** Put a card in the document with a config and hass, and wait until it has loaded and rendered. */
export async function mount<T extends HTMLElement & { hass?: unknown; setConfig(c: unknown): void; updateComplete: Promise<boolean> }>(
  tag: string,
  config: Record<string, unknown>,
  hass: HomeAssistant,
): Promise<T> {
  const element = document.createElement(tag) as T;
  element.setConfig(config);
  element.hass = hass;
  document.body.appendChild(element);
  await settle(element);
  return element;
}

export async function settle(element: { updateComplete: Promise<boolean> }): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await element.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

export function $(element: Element, selector: string): HTMLElement {
  const found = element.shadowRoot!.querySelector(selector);
  if (!found) throw new Error(`${selector} not found`);
  return found as HTMLElement;
}

export function $$(element: Element, selector: string): HTMLElement[] {
  return [...element.shadowRoot!.querySelectorAll(selector)] as HTMLElement[];
}

export function text(element: Element, selector: string): string {
  return $(element, selector).textContent!.replace(/\s+/g, " ").trim();
}

/** The VoltWise service calls made so far: [service, data]. */
export function calls(hass: FakeHass): [string, Record<string, unknown>][] {
  return hass.callWS.mock.calls.map((args: unknown[]) => {
    const message = args[0] as Record<string, unknown>;
    return [String(message.service), message.service_data as Record<string, unknown>];
  });
}
