import { afterEach, describe, expect, it } from "vitest";
import "../src/index";
import { addSegment, draftOf, moveSegment, serviceSegments } from "../src/cards/plant-model";
import { $, $$, calls, makeHass, mount, planFixture, settle, text } from "./fixtures";

type Card = HTMLElement & { updateComplete: Promise<boolean>; hass: unknown; setConfig(c: unknown): void };

afterEach(() => {
  document.body.innerHTML = "";
});

function click(card: Card, selector: string): Promise<void> {
  $(card, selector).click();
  return settle(card);
}

function change(card: Card, selector: string, value: string | boolean, index = 0): Promise<void> {
  const input = $$(card, selector)[index] as HTMLInputElement;
  if (typeof value === "boolean") input.checked = value;
  else input.value = value;
  input.dispatchEvent(new Event("change"));
  input.dispatchEvent(new Event("input"));
  return settle(card);
}

describe("plant drafts", () => {
  it("adds, moves and serialises segments in time order", () => {
    const workday = planFixture().plan.collections[0].schedules[0];
    let draft = draftOf(workday);
    draft = addSegment(draft, { peak_shaving_w: 5000, grid_charging_allowed: false });
    expect(draft.segments[2]).toEqual({ start: 1320, end: 1380, peak_shaving_w: 5000, grid_charging_allowed: false });
    draft = moveSegment(draft, 0, -15);
    draft = moveSegment(draft, 2, 24 * 60); // clamped to the end of the day
    expect(serviceSegments(draft)).toEqual([
      { start: "04:45", end: "06:45", peak_shaving_w: 2000, grid_charging_allowed: false },
      { start: "18:00", end: "22:00", peak_shaving_w: 1000, grid_charging_allowed: false },
      { start: "23:00", end: "24:00", peak_shaving_w: 5000, grid_charging_allowed: false },
    ]);
  });
});

describe("voltwise-plant-card today", () => {
  it("shows the active schedule, desired vs applied values and the next change", async () => {
    const hass = makeHass();
    const card = (await mount("voltwise-plant-card", { type: "custom:voltwise-plant-card" }, hass)) as Card;
    expect(calls(hass)).toContainEqual(["get_plant_plan", { plant: "dev-plant" }]);
    expect(text(card, ".title")).toBe("Roof");
    expect(text(card, ".value.schedule")).toBe("Workday");
    expect(text(card, ".value.segment")).toBe("18:00-22:00");
    expect(text(card, ".value.source")).toBe("Schedule");
    expect(text(card, ".value.limit")).toBe("1,000 W");
    expect(text(card, ".limit-applied")).toBe("applied: 5,000 W");
    expect(text(card, ".value.grid-charging")).toBe("Not allowed");
    expect(text(card, ".grid-applied")).toBe("applied: Allowed");
    expect(text(card, ".value.next-change")).toBe("Mon 22:00");
    expect(text(card, ".value.last-apply")).toBe("success");
    expect($$(card, ".badge.override")).toHaveLength(0);
    expect($$(card, "button[name=clear-override]")).toHaveLength(0);
  });

  it("marks an override and offers to resume the plan", async () => {
    const hass = makeHass();
    hass.states["binary_sensor.roof_override"].state = "on";
    hass.states["sensor.roof_control_source"].state = "override";
    const card = (await mount("voltwise-plant-card", { type: "custom:voltwise-plant-card", plant: "dev-plant" }, hass)) as Card;
    expect(text(card, ".value.source")).toBe("Override OVERRIDE");
    await click(card, "button[name=clear-override]");
    expect(calls(hass)).toContainEqual(["clear_override", { plant: "dev-plant" }]);
  });

  it("sets an override with the values chosen", async () => {
    const hass = makeHass();
    const card = (await mount("voltwise-plant-card", { type: "custom:voltwise-plant-card" }, hass)) as Card;
    await change(card, "select[name=override-mode]", "until_time");
    await change(card, "input[name=override-until]", "2026-03-02T23:00");
    await change(card, "input[name=override-watts]", "3000");
    await change(card, "select[name=override-grid]", "on");
    await click(card, "button[name=set-override]");
    expect(calls(hass)).toContainEqual([
      "set_override",
      { plant: "dev-plant", mode: "until_time", until: "2026-03-02T23:00", peak_shaving_w: 3000, grid_charging_allowed: true },
    ]);
    await click(card, "button[name=apply-now]");
    expect(calls(hass)).toContainEqual(["apply_now", { plant: "dev-plant" }]);
  });

  it("says when there is no plant", async () => {
    const hass = makeHass();
    const card = (await mount("voltwise-plant-card", { type: "custom:voltwise-plant-card", plant: "dev-home" }, hass)) as Card;
    expect(text(card, ".notice")).toMatch(/not a VoltWise plant/);
  });
});

describe("voltwise-plant-card week", () => {
  it("shows each day's schedules by priority, and defaults on empty days", async () => {
    const hass = makeHass();
    const card = (await mount("voltwise-plant-card", { type: "custom:voltwise-plant-card", view: "week" }, hass)) as Card;
    const monday = $(card, "[data-day=mon]");
    expect([...monday.querySelectorAll("button[name=edit-layer]")].map((b) => b.textContent!.trim())).toEqual([
      "Workday · 10",
      "Night · 1",
    ]);
    expect(monday.querySelectorAll(".bar")[0].querySelectorAll(".seg")).toHaveLength(2);
    expect($(card, "[data-day=sat]").textContent).toMatch(/Defaults all day/);
  });

  it("adds, moves and deletes segments in a draft and saves the schedule whole", async () => {
    const hass = makeHass();
    const card = (await mount("voltwise-plant-card", { type: "custom:voltwise-plant-card", view: "week" }, hass)) as Card;
    await change(card, "select[name=schedule]", "Workday");
    expect($$(card, ".segment-row")).toHaveLength(2);
    await click(card, "button[name=add-segment]");
    await change(card, "input[name=segment-watts]", "2500", 2);
    await change(card, "input[name=segment-grid]", true, 2);
    $$(card, "button[name=later]")[0].click();
    await settle(card);
    $$(card, "button[name=delete-segment]")[1].click();
    await settle(card);
    await click(card, "button[name=save-schedule]");
    expect(calls(hass)).toContainEqual([
      "set_daily_schedule",
      {
        plant: "dev-plant",
        schedule: "Workday",
        collection: "Default",
        segments: [
          { start: "05:15", end: "07:15", peak_shaving_w: 2000, grid_charging_allowed: false },
          { start: "22:00", end: "23:00", peak_shaving_w: 2500, grid_charging_allowed: true },
        ],
      },
    ]);
  });

  it("keeps the draft and shows the service's error when the save is refused", async () => {
    const hass = makeHass({
      fail: { set_daily_schedule: { code: "service_validation_error", message: "Segments 05:00-07:00 and 06:00-08:00 overlap" } },
    });
    const card = (await mount("voltwise-plant-card", { type: "custom:voltwise-plant-card", view: "week" }, hass)) as Card;
    await change(card, "select[name=schedule]", "Workday");
    await change(card, "select[name=segment-end]", "1200", 0);
    await click(card, "button[name=save-schedule]");
    expect(text(card, "[role=alert]")).toBe("Segments 05:00-07:00 and 06:00-08:00 overlap");
    expect(($$(card, "select[name=segment-end]")[0] as HTMLSelectElement).value).toBe("1200");
    await click(card, "button[name=cancel-edit]");
    expect(($$(card, "select[name=segment-end]")[0] as HTMLSelectElement).value).toBe("420");
  });

  it("creates a schedule, assigns it to days and takes one off a day", async () => {
    const hass = makeHass();
    const card = (await mount("voltwise-plant-card", { type: "custom:voltwise-plant-card", view: "week" }, hass)) as Card;
    await change(card, "select[name=schedule]", "__new__");
    await click(card, "button[name=save-schedule]");
    expect(text(card, "[role=alert]")).toBe("Give the schedule a name.");
    await change(card, "input[name=schedule-name]", "Holiday");
    await click(card, "button[name=add-segment]");
    await click(card, "button[name=save-schedule]");
    expect(calls(hass)).toContainEqual([
      "set_daily_schedule",
      {
        plant: "dev-plant",
        schedule: "Holiday",
        collection: "Default",
        segments: [{ start: "00:00", end: "01:00", peak_shaving_w: 5000, grid_charging_allowed: false }],
      },
    ]);
    await change(card, "select[name=schedule]", "Night");
    await change(card, "input[name=assign-day]", true, 5);
    await change(card, "input[name=assign-day]", true, 6);
    await change(card, "input[name=assign-priority]", "5");
    await click(card, "button[name=assign]");
    expect(calls(hass)).toContainEqual([
      "assign_daily_schedule",
      { plant: "dev-plant", schedule: "Night", days: ["sat", "sun"], priority: 5, collection: "Default" },
    ]);
    $(card, "[data-day=mon]").querySelectorAll<HTMLButtonElement>("button[name=unassign]")[1].click();
    await settle(card);
    expect(calls(hass)).toContainEqual([
      "unassign_daily_schedule",
      { plant: "dev-plant", schedule: "Night", days: ["mon"], collection: "Default" },
    ]);
    await click(card, "button[name=delete-schedule]");
    expect(calls(hass)).toContainEqual(["delete_daily_schedule", { plant: "dev-plant", schedule: "Night", collection: "Default" }]);
  });
});

describe("voltwise-plant-card-editor", () => {
  it("round-trips plant and view", async () => {
    const editor = document.createElement("voltwise-plant-card-editor") as Card;
    editor.setConfig({ type: "custom:voltwise-plant-card" });
    editor.hass = makeHass();
    document.body.appendChild(editor);
    await editor.updateComplete;
    const changes: unknown[] = [];
    editor.addEventListener("config-changed", (event) => changes.push((event as CustomEvent).detail.config));
    await change(editor, "select[name=plant]", "dev-plant");
    await change(editor, "select[name=view]", "week");
    expect(changes[1]).toEqual({ type: "custom:voltwise-plant-card", plant: "dev-plant", view: "week" });
  });
});
