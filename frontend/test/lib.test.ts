import { describe, expect, it, vi } from "vitest";
import { applianceSwitch, devicesOf, entityOf, resolveHome } from "../src/lib/discovery";
import { dayAndTime, entityName, formatCurrency, hhmm, parseHhmm, wallClock } from "../src/lib/format";
import { callForResponse, errorText } from "../src/lib/services";
import { makeHass } from "./fixtures";
import "../src/index";

describe("discovery", () => {
  it("finds the home, its appliances and plants through the registries", () => {
    const hass = makeHass();
    expect(devicesOf(hass, "home").map((d) => [d.deviceId, d.entryId, d.name])).toEqual([["dev-home", "entry-home", "Home"]]);
    expect(devicesOf(hass, "appliance").map((d) => d.name)).toEqual(["Washing machine"]);
    expect(devicesOf(hass, "plant").map((d) => d.name)).toEqual(["Roof"]);
    expect(devicesOf(hass, "appliance", "another-home")).toEqual([]);
    expect(applianceSwitch(hass, "dev-wm")).toBe("switch.washing_machine");
    expect(entityOf(hass, "dev-plant", "binary_sensor", "override")).toBe("binary_sensor.roof_override");
    expect(resolveHome(hass)?.deviceId).toBe("dev-home");
    expect(resolveHome(hass, "dev-gone")).toBeUndefined();
  });
});

describe("format", () => {
  it("shows times that carry the home's offset on the home's clock", () => {
    expect(wallClock("2026-03-02T18:15:00+05:30")).toBe("18:15");
    expect(dayAndTime(undefined, "2026-03-02T18:15:00+05:30", "2026-03-02")).toBe("18:15");
    expect(dayAndTime(undefined, "2026-03-03T06:00:00+05:30", "2026-03-02")).toBe("Tue 06:00");
    expect(hhmm(1440)).toBe("24:00");
    expect(parseHhmm("07:45")).toBe(465);
    expect(parseHhmm("25:00")).toBeUndefined();
  });

  it("formats money in the home's currency", () => {
    expect(formatCurrency(makeHass(), 11)).toBe("₹11.00");
    expect(formatCurrency(undefined, 2.5, "XXX-not-a-code")).toBe("2.5 XXX-not-a-code");
  });

  it("names entities with the frontend's helper where it exists, else the friendly name", () => {
    const hass = makeHass();
    expect(entityName(hass, "sensor.roof_active_schedule")).toBe("Roof Active schedule");
    const helper = vi.fn(() => "Roof · Active schedule");
    expect(entityName({ ...hass, formatEntityName: helper }, "sensor.roof_active_schedule")).toBe("Roof · Active schedule");
    expect(helper).toHaveBeenCalledWith(hass.states["sensor.roof_active_schedule"], [{ type: "device" }, { type: "entity" }], { separator: " " });
    expect(entityName(hass, "sensor.missing")).toBe("sensor.missing");
    expect(entityName(hass, "sensor.roof_active_schedule", "entity")).toBe("Active schedule");
    expect(entityName({ ...hass, formatEntityName: helper }, "sensor.roof_active_schedule", "entity")).toBe("Roof · Active schedule");
    expect(helper).toHaveBeenLastCalledWith(hass.states["sensor.roof_active_schedule"], [{ type: "entity" }], { separator: " " });
  });
});

describe("services", () => {
  it("calls a service for its response over the websocket", async () => {
    const hass = makeHass();
    const response = await callForResponse(hass, "list_schedules", { config_entry_id: "entry-home" });
    expect(response).toHaveProperty("schedules");
    expect(hass.callWS).toHaveBeenCalledWith({
      type: "call_service",
      domain: "voltwise",
      service: "list_schedules",
      service_data: { config_entry_id: "entry-home" },
      return_response: true,
    });
  });

  it("shows the translated message of a refused call", () => {
    expect(errorText({ code: "service_validation_error", message: "Segments overlap: 06:00-08:00" })).toBe("Segments overlap: 06:00-08:00");
    expect(errorText({ code: "home_not_found" })).toBe("home_not_found");
    expect(errorText(undefined)).toBe("Something went wrong");
  });
});

describe("card picker", () => {
  it("lists every card with a description, and suggests each for its own devices only", () => {
    const hass = makeHass();
    const cards = Object.fromEntries((window.customCards ?? []).map((card) => [card.type, card]));
    expect(Object.keys(cards).sort()).toEqual([
      "voltwise-autopilot-card",
      "voltwise-insight-card",
      "voltwise-plant-card",
      "voltwise-schedules-card",
      "voltwise-timeline-card",
    ]);
    for (const card of Object.values(cards)) {
      expect(card.description.length).toBeGreaterThan(20);
      expect(customElements.get(card.type)).toBeDefined();
    }
    const suggest = (type: string, entity: string) => cards[type].getEntitySuggestion!(hass, entity);
    expect(suggest("voltwise-timeline-card", "sensor.home_penalty_score")).toEqual({
      config: { type: "custom:voltwise-timeline-card", home: "dev-home", hours: 24 },
    });
    expect(suggest("voltwise-timeline-card", "switch.washing_machine")).toBeNull();
    expect(suggest("voltwise-schedules-card", "sensor.washing_machine_status")).toEqual({
      config: { type: "custom:voltwise-schedules-card", home: "dev-home", appliance: "switch.washing_machine" },
    });
    expect(suggest("voltwise-plant-card", "binary_sensor.roof_override")).toEqual({
      config: { type: "custom:voltwise-plant-card", plant: "dev-plant" },
    });
    expect(suggest("voltwise-plant-card", "light.kitchen")).toBeNull();
    expect(suggest("voltwise-schedules-card", "sensor.nowhere")).toBeNull();
  });

  it("gives each card a stub config from the first home and an editor element", () => {
    const hass = makeHass();
    const timeline = customElements.get("voltwise-timeline-card") as unknown as {
      getStubConfig(h: unknown): unknown;
      getConfigElement(): HTMLElement;
    };
    expect(timeline.getStubConfig(hass)).toEqual({ type: "custom:voltwise-timeline-card", home: "dev-home", hours: 24 });
    expect(timeline.getConfigElement().tagName.toLowerCase()).toBe("voltwise-timeline-card-editor");
    const plant = customElements.get("voltwise-plant-card") as unknown as { getStubConfig(h: unknown): unknown };
    expect(plant.getStubConfig(hass)).toEqual({ type: "custom:voltwise-plant-card", plant: "dev-plant" });
  });
});
