// Insight card: today's consumption forecast (expected and its 80 % interval) against what the
// meter actually recorded each hour, the efficiency scores, a slot for the bill (shown only when
// the home has bill sensors), and the open anomalies with "Acknowledge".
import { css, html, nothing, svg, type TemplateResult } from "lit";
import { VoltWiseCard } from "../lib/card";
import { VoltWiseEditor } from "../lib/editor";
import { deviceOfEntity, devicesOf, entityOf, resolveHome, type VoltWiseDevice } from "../lib/discovery";
import { entityName, formatCurrency, formatInstant, formatNumber, isMissing, wallClock } from "../lib/format";
import { callAction, errorText } from "../lib/services";
import type { CardSuggestion, HomeAssistant, LovelaceCardConfig } from "../lib/types";

export interface InsightConfig extends LovelaceCardConfig {
  home?: string;
  /** The energy sensor whose hourly statistics are the actual use (default: the simulated meter). */
  actual?: string;
}

export interface ForecastHour {
  start: string;
  expected: number;
  lower: number | null;
  upper: number | null;
}

export interface AnomalyItem {
  id: string;
  kind: string;
  severity: string;
  start: string;
  end: string;
  value: number;
  expected: number;
  unit: string;
  deviation_pct: number;
  ongoing?: boolean;
}

interface StatisticRow {
  start: number | string;
  change?: number | null;
}

const EFFICIENCY: { key: string; label: string }[] = [
  { key: "efficiency_today", label: "Today" },
  { key: "efficiency_yesterday", label: "Yesterday" },
  { key: "efficiency_week", label: "This week" },
  { key: "efficiency_month", label: "This month" },
];

/**
 * The bill's sensors, by the translation keys billing/sensor.py gives them, in the order shown;
 * the slot renders nothing for a home without a bill (no consumption source).
 */
export const BILL_KEYS: { key: string; label: string }[] = [
  { key: "bill_so_far", label: "Bill so far" },
  { key: "projected_bill", label: "Projected bill" },
];

const HOUR_MS = 3_600_000;

/** Hourly actual kWh keyed by the hour's start (ms), from recorder statistics rows. */
export function actualByHour(rows: StatisticRow[] | undefined): Map<number, number> {
  const result = new Map<number, number>();
  for (const row of rows ?? []) {
    const start = typeof row.start === "number" ? row.start : Date.parse(row.start);
    if (Number.isFinite(start) && typeof row.change === "number") result.set(start, row.change);
  }
  return result;
}

export class VoltWiseInsightCard extends VoltWiseCard<InsightConfig> {
  static override styles = [
    VoltWiseCard.styles,
    css`
      section {
        margin-top: 16px;
      }
      h3 {
        margin: 0 0 8px;
        font-size: var(--ha-font-size-m, 15px);
        font-weight: var(--ha-font-weight-medium, 500);
      }
      .chart {
        position: relative;
        height: 140px;
      }
      svg.forecast {
        width: 100%;
        height: 100%;
      }
      .interval {
        fill: var(--vw-accent);
        fill-opacity: 0.18;
      }
      .expected {
        fill: none;
        stroke: var(--vw-accent);
        stroke-width: 2;
      }
      .actual {
        fill: var(--vw-normal);
      }
      .actual.outside {
        fill: var(--vw-peak);
      }
      .axis {
        display: flex;
        justify-content: space-between;
        font-size: 11px;
        color: var(--vw-muted);
      }
      .legend {
        display: flex;
        gap: 10px;
        flex-wrap: wrap;
        font-size: 12px;
        color: var(--vw-muted);
        margin-top: 4px;
      }
      .legend i {
        display: inline-block;
        width: 10px;
        height: 10px;
        border-radius: 2px;
        margin-right: 4px;
        vertical-align: -1px;
      }
      .positive {
        color: var(--vw-off-peak);
      }
      .negative {
        color: var(--vw-peak);
      }
      .anomaly {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 8px;
        border-left: 4px solid var(--vw-normal);
        padding: 6px 10px;
        margin-bottom: 6px;
        border-radius: 6px;
        background: rgba(127, 127, 127, 0.08);
      }
      .anomaly.critical {
        border-left-color: var(--vw-peak);
      }
    `,
  ];
  static override properties = {
    ...VoltWiseCard.properties,
    actual: { state: true },
    actionError: { state: true },
  };

  actual = new Map<number, number>();
  actionError?: string;

  static getConfigElement(): HTMLElement {
    return document.createElement("voltwise-insight-card-editor");
  }

  static getStubConfig(hass: HomeAssistant): InsightConfig {
    const home = devicesOf(hass, "home")[0];
    return { type: "custom:voltwise-insight-card", ...(home ? { home: home.deviceId } : {}) };
  }

  override getCardSize(): number {
    return 6;
  }

  private get home(): VoltWiseDevice | undefined {
    return this.hass && this.config ? resolveHome(this.hass, this.config.home) : undefined;
  }

  private entity(domain: string, key: string): string | undefined {
    return this.hass ? entityOf(this.hass, this.home?.deviceId, domain, key) : undefined;
  }

  /** The sensor whose hourly statistics are the home's actual use. */
  actualEntity(): string | undefined {
    return this.config?.actual || this.entity("sensor", "simulated_energy");
  }

  private forecast(): ForecastHour[] {
    const sensor = this.entity("sensor", "forecast_today");
    const hours = sensor ? this.hass?.states[sensor]?.attributes.forecast : undefined;
    return Array.isArray(hours) ? (hours as ForecastHour[]) : [];
  }

  protected override refreshSeconds(): number {
    return 900;
  }

  protected override fingerprint(): string | undefined {
    if (!this.home || !this.hass) return undefined;
    const forecast = this.entity("sensor", "forecast_today");
    return [this.home.entryId, this.actualEntity(), forecast ? this.hass.states[forecast]?.last_updated : ""].join("|");
  }

  protected override async load(): Promise<void> {
    const hass = this.hass;
    const statistic = this.actualEntity();
    const hours = this.forecast();
    if (!hass || !statistic || hours.length === 0) {
      this.actual = new Map();
      return;
    }
    const start = new Date(hours[0].start);
    const end = new Date(start.getTime() + hours.length * HOUR_MS);
    const result = await hass.callWS<Record<string, StatisticRow[]>>({
      type: "recorder/statistics_during_period",
      start_time: start.toISOString(),
      end_time: end.toISOString(),
      statistic_ids: [statistic],
      period: "hour",
      types: ["change"],
    });
    this.actual = actualByHour(result?.[statistic]);
  }

  private async acknowledge(anomalyId?: string): Promise<void> {
    if (!this.hass || !this.home) return;
    try {
      await callAction(this.hass, "acknowledge_anomaly", {
        config_entry_id: this.home.entryId,
        ...(anomalyId ? { anomaly_id: anomalyId } : {}),
      });
      this.actionError = undefined;
    } catch (err) {
      this.actionError = errorText(err);
    }
  }

  private chart(hours: ForecastHour[]): TemplateResult {
    const n = hours.length;
    const actual = hours.map((hour) => this.actual.get(Date.parse(hour.start)));
    const top = Math.max(0.1, ...hours.map((h) => h.upper ?? h.expected), ...actual.map((a) => a ?? 0)) * 1.1;
    const y = (kwh: number) => 100 - (kwh / top) * 100;
    const upper = hours.map((h, i) => `${i + 0.5},${y(h.upper ?? h.expected)}`);
    const lower = hours.map((h, i) => `${i + 0.5},${y(h.lower ?? h.expected)}`).reverse();
    const line = hours.map((h, i) => `${i + 0.5},${y(h.expected)}`).join(" ");
    const label = (i: number) => wallClock(new Date(Date.parse(hours[0].start) + i * HOUR_MS).toISOString());
    return html`<div class="chart">
        <svg class="forecast" viewBox="0 0 ${n} 100" preserveAspectRatio="none" role="img" aria-label="Forecast and actual use, hour by hour">
          ${svg`<polygon class="interval" points=${[...upper, ...lower].join(" ")}></polygon>
          ${actual.map((kwh, i) =>
            kwh === undefined
              ? nothing
              : svg`<rect class="actual ${hours[i].upper !== null && kwh > (hours[i].upper ?? Infinity) ? "outside" : ""}"
                  x=${i + 0.15} width="0.7" y=${y(kwh)} height=${100 - y(kwh)}><title>${formatNumber(this.hass, kwh, 2)} kWh</title></rect>`,
          )}
          <polyline class="expected" points=${line} vector-effect="non-scaling-stroke"></polyline>`}
        </svg>
      </div>
      <div class="axis" aria-hidden="true">
        ${[0, Math.round(n / 4), Math.round(n / 2), Math.round((3 * n) / 4), n].map(
          (i) => html`<span>${i >= n ? "" : this.localHour(hours[0].start, i, label)}</span>`,
        )}
      </div>
      <div class="legend" aria-hidden="true">
        <span><i style="background:var(--vw-accent)"></i>Forecast</span>
        <span><i style="background:var(--vw-accent);opacity:0.25"></i>80 % interval</span>
        <span><i style="background:var(--vw-normal)"></i>Actual</span>
        <span><i style="background:var(--vw-peak)"></i>Above the interval</span>
      </div>`;
  }

  /** The hour's local clock time (Home Assistant's zone). */
  private localHour(first: string, index: number, fallback: (i: number) => string): string {
    try {
      return new Intl.DateTimeFormat("en-GB", {
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
        timeZone: this.hass?.config?.time_zone,
      }).format(new Date(Date.parse(first) + index * HOUR_MS));
    } catch {
      return fallback(index);
    }
  }

  private forecastSection(): TemplateResult {
    const hass = this.hass!;
    const today = this.entity("sensor", "forecast_today");
    const tomorrow = this.entity("sensor", "forecast_tomorrow");
    const state = today ? hass.states[today] : undefined;
    const hours = this.forecast();
    const actualTotal = [...this.actual.values()].reduce((sum, kwh) => sum + kwh, 0);
    if (!state || isMissing(state.state) || hours.length === 0) {
      const reason = state?.attributes.reason;
      const history = state?.attributes.history_hours;
      return html`<section>
        <h3>Forecast vs actual</h3>
        <div class="muted forecast-missing">
          ${reason === "not_enough_history"
            ? `The forecast starts after a week of history (${history ?? 0} h so far).`
            : reason === "recorder_not_loaded"
              ? "The forecast needs the recorder."
              : "No forecast yet."}
        </div>
      </section>`;
    }
    const tomorrowState = tomorrow ? hass.states[tomorrow]?.state : undefined;
    return html`<section>
      <h3>Forecast vs actual today</h3>
      <div class="grid">
        <div class="stat"><div class="label">Forecast today</div><div class="value forecast-today">${formatNumber(hass, Number(state.state), 1)} kWh</div></div>
        ${this.actual.size
          ? html`<div class="stat"><div class="label">Actual so far</div><div class="value actual-today">${formatNumber(hass, actualTotal, 1)} kWh</div></div>`
          : nothing}
        ${tomorrowState && !isMissing(tomorrowState)
          ? html`<div class="stat"><div class="label">Forecast tomorrow</div><div class="value forecast-tomorrow">${formatNumber(hass, Number(tomorrowState), 1)} kWh</div></div>`
          : nothing}
      </div>
      ${this.chart(hours)}
    </section>`;
  }

  private efficiencySection(): TemplateResult | typeof nothing {
    const hass = this.hass!;
    const rows = EFFICIENCY.map((period) => ({ ...period, entity: this.entity("sensor", period.key) })).filter(
      (row) => row.entity && !isMissing(hass.states[row.entity]?.state),
    );
    if (rows.length === 0) return nothing;
    return html`<section>
      <h3>Efficiency</h3>
      <div class="grid">
        ${rows.map((row) => {
          const state = hass.states[row.entity!];
          const value = Number(state.state);
          const attributes = state.attributes;
          const savedCost = attributes.saved_cost;
          const rank = attributes.own_rank;
          return html`<div class="stat efficiency" data-period=${row.key}>
            <div class="label">${row.label}</div>
            <div class="value ${value >= 0 ? "positive" : "negative"}">${attributes.summary ?? `${formatNumber(hass, value, 1)} %`}</div>
            <div class="muted">
              ${typeof savedCost === "number" && savedCost !== 0
                ? html`${savedCost > 0 ? "saved" : "cost"} ${formatCurrency(hass, Math.abs(savedCost), attributes.currency as string | undefined)}`
                : nothing}
              ${typeof rank === "number" ? html` · ${rank}. of ${attributes.own_periods}` : nothing}
            </div>
          </div>`;
        })}
      </div>
    </section>`;
  }

  /** The bill, when the home has bill sensors (nothing otherwise). */
  private billSection(): TemplateResult | typeof nothing {
    const hass = this.hass!;
    const rows = BILL_KEYS.map((bill) => ({ ...bill, entity: this.entity("sensor", bill.key) })).filter(
      (row) => row.entity && hass.states[row.entity],
    );
    if (rows.length === 0) return nothing;
    return html`<section class="bill">
      <h3>Bill</h3>
      <div class="grid">
        ${rows.map((row) => {
          const state = hass.states[row.entity!];
          const unit = state.attributes.unit_of_measurement;
          const value = Number(state.state);
          return html`<div class="stat">
            <div class="label">${row.label}</div>
            <div class="value">
              ${isMissing(state.state) || Number.isNaN(value) ? "—" : formatCurrency(hass, value, typeof unit === "string" ? unit : undefined)}
            </div>
          </div>`;
        })}
      </div>
    </section>`;
  }

  private anomaliesSection(): TemplateResult | typeof nothing {
    const hass = this.hass!;
    const sensor = this.entity("binary_sensor", "anomaly");
    if (!sensor) return nothing;
    const raw = hass.states[sensor]?.attributes.anomalies;
    const open = Array.isArray(raw) ? (raw as AnomalyItem[]) : [];
    return html`<section>
      <div class="row" style="justify-content:space-between">
        <h3>Anomalies</h3>
        ${open.length > 1 ? html`<button class="acknowledge-all" @click=${() => this.acknowledge()}>Acknowledge all</button>` : nothing}
      </div>
      ${open.length === 0
        ? html`<div class="muted no-anomalies">Nothing unusual.</div>`
        : open.map(
            (anomaly) => html`<div class="anomaly ${anomaly.severity}" data-anomaly=${anomaly.id}>
              <div>
                <div>
                  <strong>${anomaly.kind.replaceAll("_", " ")}</strong> · ${formatNumber(hass, anomaly.value, 2)} ${anomaly.unit}
                  (expected ${formatNumber(hass, anomaly.expected, 2)}, ${anomaly.deviation_pct > 0 ? "+" : ""}${formatNumber(hass, anomaly.deviation_pct)} %)
                </div>
                <div class="muted">${formatInstant(hass, anomaly.start)}${anomaly.ongoing ? " · ongoing" : ""}</div>
              </div>
              <button class="acknowledge" aria-label="Acknowledge ${anomaly.kind.replaceAll("_", " ")}" @click=${() => this.acknowledge(anomaly.id)}>
                Acknowledge
              </button>
            </div>`,
          )}
    </section>`;
  }

  protected override render(): TemplateResult | typeof nothing {
    if (!this.hass || !this.config) return nothing;
    const home = this.home;
    if (!home) return this.notice("No VoltWise home found. Add one under Settings > Devices & services.");
    const title = this.config.title ?? `${home.name}: insight`;
    if (!this.entity("sensor", "forecast_today")) {
      return this.notice(`${home.name} has no consumption source yet: choose one in the home's options (Configure > Consumption source).`);
    }
    const actual = this.actualEntity();
    return html`<ha-card>
      <div class="header">
        <div class="title">${title}</div>
        ${actual ? html`<div class="subtitle">Actual: ${entityName(this.hass, actual)}</div>` : nothing}
      </div>
      ${this.forecastSection()} ${this.efficiencySection()} ${this.billSection()} ${this.anomaliesSection()}
      ${this.loadError ? html`<div class="error">${this.loadError}</div>` : nothing}
      ${this.actionError ? html`<div class="error" role="alert">${this.actionError}</div>` : nothing}
    </ha-card>`;
  }
}

export class VoltWiseInsightCardEditor extends VoltWiseEditor<InsightConfig> {
  protected override render(): TemplateResult | typeof nothing {
    if (!this.hass || !this.config) return nothing;
    const homes = devicesOf(this.hass, "home").map((home) => ({ value: home.deviceId, label: home.name }));
    const energy = Object.values(this.hass.states)
      .filter((state) => state.entity_id.startsWith("sensor.") && state.attributes.device_class === "energy")
      .filter((state) => state.attributes.state_class === "total_increasing" || state.attributes.state_class === "total")
      .map((state) => ({ value: state.entity_id, label: entityName(this.hass!, state.entity_id) }))
      .sort((a, b) => a.label.localeCompare(b.label));
    return html`<div class="editor">
      ${this.select("home", "Home", homes)}
      ${this.select("actual", "Actual use from (an energy meter)", energy, "The home's simulated meter")}
      ${this.text("title", "Title (optional)")}
    </div>`;
  }
}

export function suggestInsight(hass: HomeAssistant, entityId: string): CardSuggestion | null {
  const device = deviceOfEntity(hass, entityId);
  if (device?.kind !== "home") return null;
  const key = hass.entities?.[entityId]?.translation_key ?? "";
  if (!key.startsWith("forecast_") && !key.startsWith("efficiency_") && key !== "anomaly" && key !== "leaderboard") return null;
  return { config: { type: "custom:voltwise-insight-card", home: device.deviceId } };
}
