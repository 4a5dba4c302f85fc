import { afterEach, describe, expect, it } from "vitest";
import "../src/index";
import { isFor, timeOfState } from "../src/cards/autopilot";
import { $, $$, calls, ENTRY, makeHass, mount, settle, text } from "./fixtures";

afterEach(() => {
  document.body.innerHTML = "";
});

type Card = HTMLElement & { hass: unknown; setConfig(c: unknown): void; updateComplete: Promise<boolean> };

/** Every call the card made, with its domain: [domain, service, data]. */
function allCalls(hass: ReturnType<typeof makeHass>): [string, string, Record<string, unknown>][] {
  return hass.callWS.mock.calls.map((args: unknown[]) => {
    const message = args[0] as Record<string, unknown>;
    return [String(message.domain), String(message.service), message.service_data as Record<string, unknown>];
  });
}

describe("voltwise-autopilot-card", () => {
  it("shows grid protection with the event in force, the strategy and each delegated appliance", async () => {
    const hass = makeHass({ geyser: true });
    const card = await mount<Card>("voltwise-autopilot-card", { type: "custom:voltwise-autopilot-card" }, hass);
    expect(text(card, ".title")).toBe("Home: autopilot");
    expect(text(card, ".status")).toBe("Acting");
    expect(($(card, ".grid-toggle") as HTMLInputElement).checked).toBe(true);
    expect(text(card, ".alert")).toMatch(/^WARNING frequency drop: Frequency 49\.6 Hz since Mon 17:30 · until Mon 18:30$/);
    expect($$(card, ".pills button").map((b) => b.textContent!.trim())).toEqual(["Balanced", "Max Savings", "Eco Mode", "Custom"]);
    expect($(card, "[data-strategy=balanced]").getAttribute("aria-checked")).toBe("true");
    expect(text(card, ".description")).toBe(
      "AI delays or limits power only if both Tariff and Carbon Intensity are exceptionally high",
    );
    const appliances = $$(card, ".appliance");
    expect(appliances.map((a) => a.querySelector(".name")!.textContent)).toEqual(["Geyser", "Washing machine"]);
    const [geyser, washer] = appliances;
    expect(washer.querySelector(".now")!.textContent!.replace(/\s+/g, " ")).toBe(
      "Delay Start until Off-Peak (peak tariff) until Mon 22:30",
    );
    expect((washer.querySelector("select.action") as HTMLSelectElement).value).toBe("delay_start");
    expect([...washer.querySelectorAll("select.action option")].map((o) => o.textContent)).toEqual([
      "Turn Off",
      "Switch to Eco Mode",
      "Delay Start until Off-Peak",
    ]);
    expect((washer.querySelector(".window") as HTMLInputElement).checked).toBe(true);
    expect((washer.querySelector(".window-start") as HTMLInputElement).value).toBe("07:00");
    expect((washer.querySelector(".window-end") as HTMLInputElement).value).toBe("09:30");
    expect(washer.querySelector(".badge.override")).toBeNull();
    expect(geyser.querySelector(".badge.override")!.textContent).toBe("OVERRIDE");
    expect(geyser.querySelector(".override-row")!.textContent!.replace(/\s+/g, " ").trim()).toBe(
      "AI temporarily paused until Mon 22:00 Resume",
    );
  });

  it("follows a renamed appliance by its id; items without one are matched by name", async () => {
    const hass = makeHass({ geyser: true });
    const devices = hass.devices;
    devices["dev-wm"] = { ...devices["dev-wm"], name_by_user: "Laundry", config_entries_subentries: { [ENTRY]: ["wm-id"] } };
    devices["dev-geyser"] = { ...devices["dev-geyser"], config_entries_subentries: { [ENTRY]: [null, "geyser-id"] } };
    const sensor = hass.states["sensor.home_autopilot"];
    const held = (sensor.attributes.held as Record<string, unknown>[]).map((item) => ({ ...item, appliance_id: "wm-id" }));
    // The geyser's item carries another appliance's id: the name alone no longer makes it the geyser's.
    const alone = [{ appliance: "Geyser", appliance_id: "other-id", reason: "paused", until: null }];
    hass.states["sensor.home_autopilot"] = { ...sensor, attributes: { ...sensor.attributes, held, left_alone: alone } };
    hass.states["sensor.geyser_status"] = { ...hass.states["sensor.geyser_status"], state: "on" };
    const card = await mount<Card>("voltwise-autopilot-card", { type: "custom:voltwise-autopilot-card" }, hass);
    const rows = $$(card, ".appliance");
    expect(rows.map((a) => a.querySelector(".name")!.textContent)).toEqual(["Geyser", "Laundry"]);
    const [geyser, laundry] = rows;
    expect(laundry.querySelector(".now")!.textContent!.replace(/\s+/g, " ")).toBe(
      "Delay Start until Off-Peak (peak tariff) until Mon 22:30",
    );
    expect(geyser.querySelector(".now")!.textContent).toBe("No action now");
    expect(isFor({ appliance: "Geyser", reason: "paused", until: null }, { device: { name: "Geyser" }, applianceId: "geyser-id" })).toBe(
      true,
    );
  });

  it("says in words that a smart start is waiting for a better start", async () => {
    const hass = makeHass({ geyser: true });
    const sensor = hass.states["sensor.home_autopilot"];
    const held = (sensor.attributes.held as Record<string, unknown>[]).map((item) => ({ ...item, reason: "smart_start" }));
    hass.states["sensor.home_autopilot"] = { ...sensor, attributes: { ...sensor.attributes, held } };
    const card = await mount<Card>("voltwise-autopilot-card", { type: "custom:voltwise-autopilot-card" }, hass);
    const washer = $$(card, ".appliance")[1];
    expect(washer.querySelector(".now")!.textContent!.replace(/\s+/g, " ")).toBe(
      "Delay Start until Off-Peak (waiting for a better start) until Mon 22:30",
    );
  });

  it("changes the strategy, the settings and the window through their entities, and resumes", async () => {
    const hass = makeHass({ geyser: true });
    const card = await mount<Card>("voltwise-autopilot-card", { type: "custom:voltwise-autopilot-card" }, hass);
    $(card, "[data-strategy=eco_mode]").click();
    await settle(card);
    const washer = $$(card, ".appliance")[1];
    const start = washer.querySelector(".window-start") as HTMLInputElement;
    start.value = "06:15";
    start.dispatchEvent(new Event("change"));
    const action = washer.querySelector("select.action") as HTMLSelectElement;
    action.value = "turn_off";
    action.dispatchEvent(new Event("change"));
    const grid = $(card, ".grid-toggle") as HTMLInputElement;
    grid.checked = false;
    grid.dispatchEvent(new Event("change"));
    ($$(card, ".appliance")[0].querySelector("button.resume") as HTMLButtonElement).click();
    await settle(card);
    expect(allCalls(hass)).toEqual([
      ["select", "select_option", { entity_id: "select.home_strategy", option: "eco_mode" }],
      ["time", "set_value", { entity_id: "time.washing_machine_protected_start", time: "06:15:00" }],
      ["select", "select_option", { entity_id: "select.washing_machine_autopilot_action", option: "turn_off" }],
      ["switch", "turn_off", { entity_id: "switch.home_grid_protection" }],
      ["voltwise", "resume_autopilot", { appliance: "switch.geyser" }],
    ]);
    // The strategy already chosen is not chosen again; an empty time is not sent.
    $(card, "[data-strategy=balanced]").click();
    start.value = "";
    start.dispatchEvent(new Event("change"));
    await settle(card);
    expect(calls(hass)).toHaveLength(5);
  });

  it("moves between strategies with the arrow keys", async () => {
    const hass = makeHass({ geyser: true });
    const card = await mount<Card>("voltwise-autopilot-card", { type: "custom:voltwise-autopilot-card" }, hass);
    $(card, "[data-strategy=balanced]").dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowLeft" }));
    await settle(card);
    expect(allCalls(hass)).toEqual([["select", "select_option", { entity_id: "select.home_strategy", option: "custom" }]]);
    expect($(card, "[data-strategy=custom]").getAttribute("tabindex")).toBe("-1"); // the state has not changed yet
  });

  it("shows a refused call inline", async () => {
    const hass = makeHass({ geyser: true, fail: { resume_autopilot: { code: "not_overridden", message: "Geyser is not paused" } } });
    const card = await mount<Card>("voltwise-autopilot-card", { type: "custom:voltwise-autopilot-card" }, hass);
    ($(card, "button.resume") as HTMLButtonElement).click();
    await settle(card);
    expect(text(card, ".error")).toBe("Geyser is not paused");
  });

  it("hides an appliance's controls when it is not delegated, and says when there is no autopilot", async () => {
    const hass = makeHass({ geyser: true });
    hass.states["switch.washing_machine_delegated"] = { ...hass.states["switch.washing_machine_delegated"], state: "off" };
    hass.states["sensor.home_grid_status"] = { ...hass.states["sensor.home_grid_status"], attributes: { events: [] } };
    const card = await mount<Card>("voltwise-autopilot-card", { type: "custom:voltwise-autopilot-card", home: "dev-home" }, hass);
    const washer = $$(card, ".appliance")[1];
    expect(washer.querySelector(".now")!.textContent).toBe("Not delegated");
    expect(washer.querySelector("select.action")).toBeNull();
    expect($$(card, ".alert")).toHaveLength(0);
    const entities = Object.fromEntries(
      Object.entries(hass.entities).filter(([, entry]) => !["autopilot", "autopilot_status"].includes(entry.translation_key ?? "")),
    );
    const old = await mount<Card>("voltwise-autopilot-card", { type: "custom:voltwise-autopilot-card" }, { ...hass, entities });
    expect(text(old, ".notice")).toMatch(/no autopilot entities/);
    const none = await mount<Card>("voltwise-autopilot-card", { type: "custom:voltwise-autopilot-card" }, { ...hass, entities: {} });
    expect(text(none, ".notice")).toMatch(/No VoltWise home found/);
  });

  it("reads time entity states", () => {
    expect(timeOfState("07:05:00")).toBe("07:05");
    expect(timeOfState("unknown")).toBe("");
  });
});

describe("voltwise-autopilot-card-editor", () => {
  it("round-trips the config and the card picker knows the card", async () => {
    const hass = makeHass({ geyser: true });
    const editor = document.createElement("voltwise-autopilot-card-editor") as Card;
    editor.setConfig({ type: "custom:voltwise-autopilot-card", home: "dev-home" });
    editor.hass = hass;
    document.body.appendChild(editor);
    await editor.updateComplete;
    const changes: unknown[] = [];
    editor.addEventListener("config-changed", (event) => changes.push((event as CustomEvent).detail.config));
    const title = $(editor, "input[name=title]") as HTMLInputElement;
    title.value = "Autopilot";
    title.dispatchEvent(new Event("change"));
    expect(changes).toEqual([{ type: "custom:voltwise-autopilot-card", home: "dev-home", title: "Autopilot" }]);
    const entry = window.customCards!.find((card) => card.type === "voltwise-autopilot-card")!;
    expect(entry.getEntitySuggestion!(hass, "select.home_strategy")).toEqual({
      config: { type: "custom:voltwise-autopilot-card", home: "dev-home" },
    });
    expect(entry.getEntitySuggestion!(hass, "sensor.home_tariff_rate")).toBeNull();
    expect(entry.getEntitySuggestion!(hass, "light.kitchen")).toBeNull();
    const stub = (customElements.get("voltwise-autopilot-card") as unknown as { getStubConfig(h: unknown): unknown }).getStubConfig(hass);
    expect(stub).toEqual({ type: "custom:voltwise-autopilot-card", home: "dev-home" });
  });
});
