import { afterEach, describe, expect, it } from "vitest";
import "../src/index";
import { actualByHour } from "../src/cards/insight";
import { $, $$, calls, makeHass, mount, settle, text } from "./fixtures";

afterEach(() => {
  document.body.innerHTML = "";
});

type Card = HTMLElement & { hass: unknown; setConfig(c: unknown): void; updateComplete: Promise<boolean> };

describe("voltwise-insight-card", () => {
  it("draws today's forecast with its interval against the meter's hourly statistics", async () => {
    const hass = makeHass();
    const card = await mount<Card>("voltwise-insight-card", { type: "custom:voltwise-insight-card" }, hass);
    const statistics = hass.callWS.mock.calls.map((args: unknown[]) => args[0] as Record<string, unknown>).find((m) => m.type === "recorder/statistics_during_period");
    expect(statistics).toEqual({
      type: "recorder/statistics_during_period",
      start_time: "2026-03-01T18:30:00.000Z",
      end_time: "2026-03-02T18:30:00.000Z",
      statistic_ids: ["sensor.home_simulated_energy"],
      period: "hour",
      types: ["change"],
    });
    expect(text(card, ".title")).toBe("Home: insight");
    expect(text(card, ".forecast-today")).toBe("12.5 kWh");
    expect(text(card, ".forecast-tomorrow")).toBe("11.9 kWh");
    expect(text(card, ".actual-today")).toBe("1.8 kWh");
    expect($$(card, "rect.actual")).toHaveLength(3);
    expect($$(card, "rect.actual.outside")).toHaveLength(1); // 0.9 kWh is above the 0.8 upper bound
    expect($(card, "polygon.interval").getAttribute("points")!.split(" ")).toHaveLength(48);
    expect($$(card, ".axis span").map((span) => span.textContent)).toEqual(["00:00", "06:00", "12:00", "18:00", ""]); // the home's (India's) midnight first
  });

  it("shows efficiency, the open anomalies and acknowledges them; no bill without bill sensors", async () => {
    const hass = makeHass();
    const card = await mount<Card>("voltwise-insight-card", { type: "custom:voltwise-insight-card", home: "dev-home" }, hass);
    const periods = $$(card, ".efficiency");
    expect(periods.map((p) => p.dataset.period)).toEqual(["efficiency_today", "efficiency_week"]);
    expect(periods[0].textContent!.replace(/\s+/g, " ").trim()).toBe("Today saved 8.2 % saved ₹4.25 · 3. of 26");
    expect(periods[1].querySelector(".value")!.className).toContain("negative");
    expect($$(card, ".bill")).toHaveLength(0);
    expect(text(card, ".anomaly")).toMatch(/^spike · 2.4 kWh \(expected 0.6, \+300 %\) Mon 15:30 Acknowledge$/);
    ($(card, "button.acknowledge") as HTMLButtonElement).click();
    await settle(card);
    expect(calls(hass)).toContainEqual(["acknowledge_anomaly", { config_entry_id: "entry-home", anomaly_id: "an1" }]);
  });

  it("shows the bill when the home has bill sensors", async () => {
    const hass = makeHass();
    hass.entities["sensor.home_bill"] = { entity_id: "sensor.home_bill", platform: "voltwise", device_id: "dev-home", translation_key: "bill_so_far" };
    hass.states["sensor.home_bill"] = { ...hass.states["sensor.home_tariff_rate"], entity_id: "sensor.home_bill", state: "812.4", attributes: { unit_of_measurement: "INR" } };
    const card = await mount<Card>("voltwise-insight-card", { type: "custom:voltwise-insight-card" }, hass);
    expect(text(card, ".bill")).toBe("Bill Bill so far ₹812.40");
  });

  it("shows the projected bill from the integration's projected_bill sensor", async () => {
    const hass = makeHass();
    const bill = (id: string, key: string, state: string) => {
      hass.entities[id] = { entity_id: id, platform: "voltwise", device_id: "dev-home", translation_key: key };
      hass.states[id] = { ...hass.states["sensor.home_tariff_rate"], entity_id: id, state, attributes: { unit_of_measurement: "INR" } };
    };
    bill("sensor.home_bill_so_far", "bill_so_far", "812.4");
    bill("sensor.home_projected_bill", "projected_bill", "1650");
    const card = await mount<Card>("voltwise-insight-card", { type: "custom:voltwise-insight-card" }, hass);
    expect(text(card, ".bill")).toBe("Bill Bill so far ₹812.40 Projected bill ₹1,650.00");
  });

  it("says why there is no forecast yet, and when the home has no consumption source", async () => {
    const hass = makeHass({ fail: { acknowledge_anomaly: { code: "anomaly_not_found", message: "No such anomaly" } } });
    hass.states["sensor.home_forecast_today"] = {
      ...hass.states["sensor.home_forecast_today"],
      state: "unknown",
      attributes: { reason: "not_enough_history", history_hours: 30 },
    };
    hass.states["binary_sensor.home_anomaly"] = { ...hass.states["binary_sensor.home_anomaly"], attributes: { anomalies: [] } };
    const card = await mount<Card>("voltwise-insight-card", { type: "custom:voltwise-insight-card" }, hass);
    expect(text(card, ".forecast-missing")).toBe("The forecast starts after a week of history (30 h so far).");
    expect(text(card, ".no-anomalies")).toBe("Nothing unusual.");
    const entities = Object.fromEntries(Object.entries(hass.entities).filter(([id]) => id !== "sensor.home_forecast_today"));
    const none = await mount<Card>("voltwise-insight-card", { type: "custom:voltwise-insight-card" }, { ...hass, entities });
    expect(text(none, ".notice")).toMatch(/no consumption source yet/);
  });

  it("shows a refused acknowledgement inline", async () => {
    const hass = makeHass({ fail: { acknowledge_anomaly: { code: "anomaly_not_found", message: "No such anomaly" } } });
    const card = await mount<Card>("voltwise-insight-card", { type: "custom:voltwise-insight-card" }, hass);
    ($(card, "button.acknowledge") as HTMLButtonElement).click();
    await settle(card);
    expect(text(card, ".error")).toBe("No such anomaly");
  });

  it("reads statistics rows with numeric or text starts", () => {
    const map = actualByHour([
      { start: 1000, change: 0.5 },
      { start: "1970-01-01T00:00:02Z", change: 0.25 },
      { start: 3000, change: null },
    ]);
    expect([...map.entries()]).toEqual([
      [1000, 0.5],
      [2000, 0.25],
    ]);
  });
});

describe("voltwise-insight-card-editor", () => {
  it("offers the home's energy meters for the actual use and round-trips the config", async () => {
    const hass = makeHass();
    hass.states["sensor.home_simulated_energy"].attributes = { friendly_name: "Home Simulated household energy", device_class: "energy", state_class: "total_increasing" };
    const editor = document.createElement("voltwise-insight-card-editor") as Card;
    editor.setConfig({ type: "custom:voltwise-insight-card", home: "dev-home" });
    editor.hass = hass;
    document.body.appendChild(editor);
    await editor.updateComplete;
    const select = $(editor, "select[name=actual]") as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(["The home's simulated meter", "Home Simulated household energy"]);
    const changes: unknown[] = [];
    editor.addEventListener("config-changed", (event) => changes.push((event as CustomEvent).detail.config));
    select.value = "sensor.home_simulated_energy";
    select.dispatchEvent(new Event("change"));
    expect(changes).toEqual([{ type: "custom:voltwise-insight-card", home: "dev-home", actual: "sensor.home_simulated_energy" }]);
    const entry = window.customCards!.find((card) => card.type === "voltwise-insight-card")!;
    expect(entry.getEntitySuggestion!(hass, "binary_sensor.home_anomaly")).toEqual({
      config: { type: "custom:voltwise-insight-card", home: "dev-home" },
    });
    expect(entry.getEntitySuggestion!(hass, "select.home_strategy")).toBeNull();
  });
});
