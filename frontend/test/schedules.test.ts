import { afterEach, describe, expect, it } from "vitest";
import "../src/index";
import { describeSchedule, durationText, formToService } from "../src/cards/schedules";
import { $, $$, calls, makeHass, mount, schedulesFixture, settle, text } from "./fixtures";

type Card = HTMLElement & { updateComplete: Promise<boolean>; hass: unknown; setConfig(c: unknown): void };

afterEach(() => {
  document.body.innerHTML = "";
});

async function change(card: Card, selector: string, value: string | boolean, index = 0): Promise<void> {
  const input = $$(card, selector)[index] as HTMLInputElement;
  if (typeof value === "boolean") input.checked = value;
  else input.value = value;
  input.dispatchEvent(new Event("change"));
  await settle(card);
}

async function click(card: Card, selector: string, index = 0): Promise<void> {
  $$(card, selector)[index].click();
  await settle(card);
}

describe("schedule texts", () => {
  it("says when a schedule runs", () => {
    const [weekdays, smart] = schedulesFixture();
    expect(describeSchedule(weekdays)).toBe("Weekdays, 06:00 for 1 h");
    expect(describeSchedule(smart)).toBe("Once on 2026-03-03: best time between 09:00 and 17:00 for 1 h 30 min");
    expect(describeSchedule({ ...weekdays, repeat: "days", days: ["mon", "thu"], duration: null, end: "07:00" })).toBe("Mon, Thu, 06:00–07:00");
    expect(durationText(90)).toBe("1:30:00");
  });

  it("turns a form into the service's data", () => {
    const form = {
      appliance: "switch.washing_machine",
      smart: true,
      start: "09:00",
      end: "17:00",
      durationMinutes: "90",
      repeat: "days" as const,
      days: ["mon" as const],
      date: "",
      endDate: "2026-04-01",
    };
    expect(formToService(form)).toEqual({
      appliance: "switch.washing_machine",
      start: "09:00",
      end: "17:00",
      duration: "1:30:00",
      repeat: "days",
      days: ["mon"],
      end_date: "2026-04-01",
      smart: true,
    });
  });
});

describe("voltwise-schedules-card", () => {
  it("lists the home's schedules, the next one first", async () => {
    const hass = makeHass();
    const card = (await mount("voltwise-schedules-card", { type: "custom:voltwise-schedules-card" }, hass)) as Card;
    expect(calls(hass)).toContainEqual(["list_schedules", { config_entry_id: "entry-home" }]);
    const items = $$(card, "li.schedule");
    expect(items.map((item) => item.dataset.schedule)).toEqual(["sch-2", "sch-1"]);
    expect(items[0].querySelector(".what")!.textContent!.trim()).toBe("Washing machine: Weekdays, 06:00 for 1 h");
    expect(items[0].querySelector(".next")!.textContent!.replace(/\s+/g, " ").trim()).toBe("Next: on at Tue 06:00");
  });

  it("shows one appliance's schedules when configured for it", async () => {
    const hass = makeHass();
    const card = (await mount("voltwise-schedules-card", { type: "custom:voltwise-schedules-card", appliance: "switch.washing_machine" }, hass)) as Card;
    expect(calls(hass)).toContainEqual(["list_schedules", { appliance: "switch.washing_machine" }]);
    expect(text(card, ".title")).toBe("Washing machine: schedules");
    expect(text(card, "li.schedule .what")).toBe("Weekdays, 06:00 for 1 h");
  });

  it("cancels a schedule only after a confirmation", async () => {
    const hass = makeHass();
    const card = (await mount("voltwise-schedules-card", { type: "custom:voltwise-schedules-card" }, hass)) as Card;
    await click(card, "button[name=cancel]", 1);
    expect(calls(hass).some(([service]) => service === "cancel_schedule")).toBe(false);
    await click(card, "button[name=keep]");
    expect($$(card, "button[name=confirm-cancel]")).toHaveLength(0);
    await click(card, "button[name=cancel]", 1);
    await click(card, "button[name=confirm-cancel]");
    expect(calls(hass)).toContainEqual(["cancel_schedule", { schedule_id: "sch-1" }]);
    expect(calls(hass).filter(([service]) => service === "list_schedules").length).toBeGreaterThan(1);
  });

  it("adds a repeating schedule and edits an existing one", async () => {
    const hass = makeHass();
    const card = (await mount("voltwise-schedules-card", { type: "custom:voltwise-schedules-card" }, hass)) as Card;
    await click(card, "button[name=add]");
    await change(card, "input[name=start]", "07:30");
    await change(card, "input[name=duration]", "45");
    await change(card, "select[name=repeat]", "days");
    await change(card, "input[name=day]", true, 0);
    await change(card, "input[name=day]", true, 3);
    $(card, "form").dispatchEvent(new Event("submit", { cancelable: true }));
    await settle(card);
    expect(calls(hass)).toContainEqual([
      "schedule_appliance",
      {
        appliance: "switch.washing_machine",
        start: "07:30",
        end: null,
        duration: "0:45:00",
        repeat: "days",
        days: ["mon", "thu"],
        end_date: null,
        smart: false,
      },
    ]);
    expect($$(card, "form")).toHaveLength(0);
    await click(card, "button[name=edit]", 1);
    expect(($(card, "select[name=kind]") as HTMLSelectElement).value).toBe("smart");
    await change(card, "input[name=end]", "18:00");
    $(card, "form").dispatchEvent(new Event("submit", { cancelable: true }));
    await settle(card);
    expect(calls(hass)).toContainEqual([
      "update_schedule",
      { schedule_id: "sch-1", start: "09:00", end: "18:00", duration: "1:30:00", repeat: "once", date: "2026-03-03", smart: true },
    ]);
  });

  it("shows a refused schedule's reason and keeps the form", async () => {
    const hass = makeHass({ fail: { schedule_appliance: { code: "service_validation_error", message: "The start 25:00 is not a time" } } });
    const card = (await mount("voltwise-schedules-card", { type: "custom:voltwise-schedules-card" }, hass)) as Card;
    await click(card, "button[name=add]");
    await change(card, "input[name=start]", "25:00");
    $(card, "form").dispatchEvent(new Event("submit", { cancelable: true }));
    await settle(card);
    expect(text(card, "[role=alert]")).toBe("The start 25:00 is not a time");
    expect($$(card, "form")).toHaveLength(1);
  });
});

describe("voltwise-schedules-card-editor", () => {
  it("offers the home's appliances and round-trips the choice", async () => {
    const editor = document.createElement("voltwise-schedules-card-editor") as Card;
    editor.setConfig({ type: "custom:voltwise-schedules-card", home: "dev-home" });
    editor.hass = makeHass();
    document.body.appendChild(editor);
    await editor.updateComplete;
    const options = [...(editor.shadowRoot!.querySelector("select[name=appliance]") as HTMLSelectElement).options].map((o) => o.textContent!.trim());
    expect(options).toEqual(["Every appliance of the home", "Washing machine"]);
    const changes: unknown[] = [];
    editor.addEventListener("config-changed", (event) => changes.push((event as CustomEvent).detail.config));
    await change(editor, "select[name=appliance]", "switch.washing_machine");
    await change(editor, "select[name=appliance]", "");
    expect(changes).toEqual([
      { type: "custom:voltwise-schedules-card", home: "dev-home", appliance: "switch.washing_machine" },
      { type: "custom:voltwise-schedules-card", home: "dev-home" },
    ]);
  });
});

describe("reloading", () => {
  it("loads once more when the schedules change while a load is under way", async () => {
    const hass = makeHass();
    let release: () => void = () => {};
    const card = (await mount("voltwise-schedules-card", { type: "custom:voltwise-schedules-card" }, hass)) as Card;
    const first = schedulesFixture().slice(0, 1);
    hass.callWS.mockImplementationOnce(
      () => new Promise((resolve) => (release = () => resolve({ context: {}, response: { schedules: first } }))),
    );
    const calendar = (stamp: string) => ({
      ...hass,
      states: { ...hass.states, "calendar.home_schedules": { ...hass.states["calendar.home_schedules"], last_updated: stamp } },
    });
    card.hass = calendar("one");
    await settle(card);
    card.hass = calendar("two"); // arrives while the first load waits for its answer
    await settle(card);
    release();
    await settle(card);
    expect($$(card, "li.schedule")).toHaveLength(2); // the second load's answer, not the first's
    expect(calls(hass).filter(([service]) => service === "list_schedules")).toHaveLength(3);
  });
});
