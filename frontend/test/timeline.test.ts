import { afterEach, describe, expect, it } from "vitest";
import "../src/index";
import { autopilotSpans, intensityColor, slotOf, spans, type TimelinePoint } from "../src/cards/timeline";
import { $, $$, calls, makeHass, mount, settle, text, timelineFixture } from "./fixtures";

afterEach(() => {
  document.body.innerHTML = "";
});

describe("timeline helpers", () => {
  it("merges equal neighbours into spans", () => {
    const points = timelineFixture().points;
    expect(spans(points, slotOf).map((s) => [s.value, s.from, s.to])).toEqual([
      ["peak", 0, 0.5],
      ["normal", 0.5, 0.75],
      ["solar", 0.75, 1],
    ]);
  });

  it("reads the slot from older answers that only say peak", () => {
    const point = { ...timelineFixture().points[2], slot: undefined } as TimelinePoint;
    expect(slotOf(point)).toBe("off_peak");
    expect(slotOf({ ...point, cheap: false })).toBe("normal");
    expect(intensityColor(550, 550, 750)).toBe("hsl(120, 60%, 45%)");
    expect(intensityColor(750, 550, 750)).toBe("hsl(0, 60%, 45%)");
  });
});

describe("autopilot band", () => {
  const start = Date.parse("2026-03-02T12:00:00Z");
  const end = Date.parse("2026-03-02T16:00:00Z");
  const at = (hh: string) => `2026-03-02T${hh}:00+00:00`;

  it("pairs each hold of the preview with the restore that ends it", () => {
    const spans = autopilotSpans(
      [],
      [
        { at: at("15:00"), appliance: "Geyser", action: "eco_off", source: "autopilot", reason: "period_ended" },
        { at: at("13:00"), appliance: "Geyser", action: "eco_on", source: "autopilot", reason: "peak" },
        { at: at("14:00"), appliance: "Pump", action: "turn_off", source: "grid_protection", reason: "grid_critical" },
      ],
      start,
      end,
    );
    expect(spans).toEqual([
      { from: 0.25, to: 0.75, appliance: "Geyser", action: "eco", grid: false },
      { from: 0.5, to: 1, appliance: "Pump", action: "off", grid: true },
    ]);
  });

  it("starts what the autopilot holds now at the horizon's start and ends it at its restore", () => {
    const held = [{ appliance: "Washer", action: "delay_start", reason: "peak", until: at("15:00"), resume_at: at("17:00") }];
    expect(autopilotSpans(held, [], start, end)).toEqual([{ from: 0, to: 1, appliance: "Washer", action: "delay_start", grid: false }]);
    const restored = [{ at: at("13:00"), appliance: "Washer", action: "turn_on", source: "autopilot", reason: "period_ended" }];
    expect(autopilotSpans(held, restored, start, end)).toEqual([
      { from: 0, to: 0.25, appliance: "Washer", action: "delay_start", grid: false },
    ]);
    // A restore of a hold the sensor does not list (it changed meanwhile) still shows as held until then.
    expect(autopilotSpans([], restored, start, end)).toEqual([{ from: 0, to: 0.25, appliance: "Washer", action: "held", grid: false }]);
  });
});

describe("autopilot spans by appliance id", () => {
  const start = new Date("2026-03-02T12:00:00+00:00").getTime();
  const end = new Date("2026-03-02T16:00:00+00:00").getTime();
  const at = (hhmm: string) => `2026-03-02T${hhmm}:00+00:00`;

  it("pairs a hold with its restore by id, so two appliances of one name stay apart", () => {
    const actions = [
      { at: at("13:00"), appliance: "Pump", appliance_id: "a", action: "turn_off", source: "autopilot", reason: "peak" },
      { at: at("14:00"), appliance: "Pump", appliance_id: "b", action: "turn_off", source: "autopilot", reason: "peak" },
      { at: at("15:00"), appliance: "Pump", appliance_id: "a", action: "turn_on", source: "autopilot", reason: "period_ended" },
    ];
    expect(autopilotSpans([], actions, start, end)).toEqual([
      { from: 0.25, to: 0.75, appliance: "Pump", action: "off", grid: false },
      { from: 0.5, to: 1, appliance: "Pump", action: "off", grid: false },
    ]);
  });
});

describe("voltwise-timeline-card", () => {
  it("asks the home's penalty timeline and draws its bands", async () => {
    const hass = makeHass();
    const card = await mount("voltwise-timeline-card", { type: "custom:voltwise-timeline-card" }, hass);
    expect(calls(hass)).toContainEqual(["get_penalty_timeline", { config_entry_id: "entry-home", hours: 24, resolution: 15 }]);
    expect(hass.callApi.mock.calls[0][1]).toMatch(/^calendars\/calendar\.home_schedules\?start=2026-03-02T12%3A30%3A00\.000Z&end=2026-03-02T13%3A30%3A00\.000Z$/);
    expect($$(card, ".seg.peak")).toHaveLength(1);
    expect(text(card, ".seg.peak")).toBe("Peak");
    expect(text(card, ".seg.solar")).toBe("Solar");
    expect($$(card, ".seg.best")).toHaveLength(1); // only the last quarter is cheap and clean
    expect(text(card, ".seg.run")).toBe("Washing machine");
    expect($(card, ".seg.run").style.left).toBe("25.000%");
    expect($(card, "line.threshold").getAttribute("y1")).toBe("40");
    expect(text(card, ".title")).toBe("Home: next 24 h");
    expect(calls(hass)).toContainEqual(["preview_autopilot", { config_entry_id: "entry-home", hours: 24 }]);
    const holds = $$(card, ".seg.autopilot");
    expect(holds.map((hold) => hold.textContent!.trim())).toEqual(["Washing machine: delay_start", "Dishwasher: off"]);
    expect([holds[0].style.left, holds[0].style.width, holds[1].style.left, holds[1].style.width]).toEqual([
      "0.000%",
      "50.000%",
      "75.000%",
      "25.000%",
    ]);
  });

  it("shows rate, intensity and penalty of the time chosen with the keyboard or a tap", async () => {
    const hass = makeHass();
    const card = await mount("voltwise-timeline-card", { type: "custom:voltwise-timeline-card", home: "dev-home" }, hass);
    expect(text(card, ".value.rate")).toBe("₹11.00/kWh");
    expect(text(card, ".value.penalty")).toBe("0.9 above threshold");
    const slider = $(card, "[role=slider]");
    slider.dispatchEvent(new KeyboardEvent("keydown", { key: "End" }));
    await settle(card as never);
    expect(text(card, ".value.time")).toBe("Mon 18:45");
    expect(text(card, ".value.slot")).toBe("Solar");
    expect(text(card, ".value.rate")).toBe("₹6.80/kWh");
    expect(text(card, ".value.intensity")).toBe("550 g/kWh");
    expect(text(card, ".value.penalty")).toBe("0.2");
    slider.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowLeft" }));
    await settle(card as never);
    expect(slider.getAttribute("aria-valuenow")).toBe("2");
    expect(slider.getAttribute("aria-valuetext")).toBe("Mon 18:30, Normal, ₹8.00/kWh, 650 gCO2eq/kWh, penalty 0.5");
    slider.getBoundingClientRect = () => ({ left: 100, width: 400, top: 0, height: 10, right: 500, bottom: 10, x: 100, y: 0, toJSON: () => ({}) });
    slider.dispatchEvent(new PointerEvent("pointerdown", { clientX: 250 }));
    await settle(card as never);
    expect(slider.getAttribute("aria-valuenow")).toBe("1");
  });

  it("asks again when the strategy changes", async () => {
    const hass = makeHass();
    const card = await mount<HTMLElement & { hass: unknown; updateComplete: Promise<boolean>; setConfig(c: unknown): void }>(
      "voltwise-timeline-card",
      { type: "custom:voltwise-timeline-card", hours: 48 },
      hass,
    );
    const before = calls(hass).filter(([service]) => service === "get_penalty_timeline").length;
    card.hass = { ...hass, states: { ...hass.states, "select.home_strategy": { ...hass.states["select.home_strategy"], state: "eco_mode", last_updated: "later" } } };
    await settle(card);
    const timelineCalls = calls(hass).filter(([service]) => service === "get_penalty_timeline");
    expect(timelineCalls.length).toBe(before + 1);
    expect(timelineCalls[timelineCalls.length - 1][1].hours).toBe(48);
  });

  it("says what is wrong instead of failing", async () => {
    const hass = makeHass({ fail: { get_penalty_timeline: { code: "home_not_loaded", message: "The home Home is not loaded" } } });
    const card = await mount("voltwise-timeline-card", { type: "custom:voltwise-timeline-card" }, hass);
    expect(text(card, ".error")).toBe("The home Home is not loaded");
    const empty = await mount("voltwise-timeline-card", { type: "custom:voltwise-timeline-card" }, { ...makeHass(), entities: {} });
    expect(text(empty, ".notice")).toMatch(/No VoltWise home found/);
  });

  it("refuses a config it cannot show", () => {
    const card = document.createElement("voltwise-timeline-card") as HTMLElement & { setConfig(c: unknown): void };
    expect(() => card.setConfig({ type: "custom:voltwise-timeline-card", hours: 72 })).toThrow(/hours/);
  });
});

describe("voltwise-timeline-card-editor", () => {
  it("round-trips the config through its controls", async () => {
    const hass = makeHass();
    const editor = document.createElement("voltwise-timeline-card-editor") as HTMLElement & {
      hass: unknown;
      setConfig(c: unknown): void;
      updateComplete: Promise<boolean>;
    };
    editor.setConfig({ type: "custom:voltwise-timeline-card", home: "dev-home", hours: 24 });
    editor.hass = hass;
    document.body.appendChild(editor);
    await editor.updateComplete;
    const changes: unknown[] = [];
    editor.addEventListener("config-changed", (event) => changes.push((event as CustomEvent).detail.config));
    const hours = $(editor, "select[name=hours]") as HTMLSelectElement;
    expect(hours.value).toBe("24");
    hours.value = "48";
    hours.dispatchEvent(new Event("change"));
    const title = $(editor, "input[name=title]") as HTMLInputElement;
    title.value = "  Tomorrow ";
    title.dispatchEvent(new Event("change"));
    expect(changes).toEqual([
      { type: "custom:voltwise-timeline-card", home: "dev-home", hours: 48 },
      { type: "custom:voltwise-timeline-card", home: "dev-home", hours: 48, title: "Tomorrow" },
    ]);
    title.value = "";
    title.dispatchEvent(new Event("change"));
    expect(changes[2]).toEqual({ type: "custom:voltwise-timeline-card", home: "dev-home", hours: 48 });
  });
});
