// Autopilot card: the home's grid protection (with the grid event in force), its daily strategy as
// pills with what each does, and each shiftable appliance: delegated or not, its preferred action,
// its protected window (editable times), what the autopilot does to it now, and an OVERRIDE badge
// with "Resume". Every control is the entity itself (switch, select, time) or a VoltWise service.
import { css, html, nothing, type TemplateResult } from "lit";
import { VoltWiseCard } from "../lib/card";
import { VoltWiseEditor } from "../lib/editor";
import { applianceIdOf, applianceSwitch, deviceOfEntity, devicesOf, entityOf, resolveHome, type VoltWiseDevice } from "../lib/discovery";
import { entityName, formatInstant, isMissing } from "../lib/format";
import { callAction, errorText } from "../lib/services";
import type { CardSuggestion, HomeAssistant, LovelaceCardConfig } from "../lib/types";

export interface AutopilotConfig extends LovelaceCardConfig {
  home?: string;
}

/** The strategies, with the descriptions of the source document (seed 001). */
export const STRATEGIES: { value: string; label: string; description: string }[] = [
  {
    value: "balanced",
    label: "Balanced",
    description: "AI delays or limits power only if both Tariff and Carbon Intensity are exceptionally high",
  },
  {
    value: "max_savings",
    label: "Max Savings",
    description: "AI aggressively shifts loads to cheapest hours. Comfort may be impacted.",
  },
  {
    value: "eco_mode",
    label: "Eco Mode",
    description: "AI prioritizes lowest carbon intensity hours. May run during slightly costlier slots.",
  },
  {
    value: "custom",
    label: "Custom",
    description: "Your own weight of cost against carbon (the home's Custom cost weight).",
  },
];

export const ACTION_LABELS: Record<string, string> = {
  turn_off: "Turn Off",
  eco_mode: "Switch to Eco Mode",
  delay_start: "Delay Start until Off-Peak",
  limit_power: "Limit Power %",
};

const STATUS_LABELS: Record<string, string> = {
  off: "Off",
  watching: "Watching",
  acting: "Acting",
  grid_protection: "Grid protection",
};

const REASON_LABELS: Record<string, string> = {
  high_penalty: "high penalty",
  peak: "peak tariff",
  grid_warning: "grid warning",
  grid_critical: "critical grid event",
  smart_start: "waiting for a better start",
  override: "overridden",
  protected: "protected window",
  paused: "paused",
};

/** An entry of the autopilot sensor's `held` or `left_alone` attribute. */
export interface HeldItem {
  appliance: string;
  /** The appliance's id (VoltWise since issue 13's notifications; older ones send only names). */
  appliance_id?: string;
  reason: string;
  until: string | null;
  action?: string | null;
  resume_at?: string | null;
}

/** A grid event of the grid status sensor's `events` attribute. */
export interface GridEventItem {
  id: string;
  type: string;
  severity: string;
  start: string;
  end: string | null;
  message: string | null;
  affected_areas: string[];
}

/** The entities of one appliance the card shows. */
interface ApplianceRow {
  device: VoltWiseDevice;
  /** Its id, when the device registry tells it (items are matched by it, else by name). */
  applianceId?: string;
  switchEntity?: string;
  delegated?: string;
  action?: string;
  window?: string;
  windowStart?: string;
  windowEnd?: string;
  status?: string;
}

/** Whether a held / left-alone item is this appliance's: by id, by name for items without one. */
export function isFor(item: HeldItem, row: { device: { name: string }; applianceId?: string }): boolean {
  if (item.appliance_id && row.applianceId) return item.appliance_id === row.applianceId;
  return item.appliance === row.device.name;
}

function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** "HH:MM" of a time entity's state ("HH:MM:SS"). */
export function timeOfState(state: string | undefined): string {
  return state && /^\d{2}:\d{2}/.test(state) ? state.slice(0, 5) : "";
}

export class VoltWiseAutopilotCard extends VoltWiseCard<AutopilotConfig> {
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
      .grid-protection {
        border-left: 4px solid var(--vw-peak);
        padding: 8px 12px;
        border-radius: 8px;
        background: rgba(219, 68, 55, 0.06);
      }
      .toggle-row {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 12px;
      }
      .alert {
        margin-top: 8px;
        padding: 8px 12px;
        border-radius: 8px;
        background: rgba(219, 68, 55, 0.15);
      }
      .alert.warning {
        background: rgba(255, 166, 0, 0.18);
      }
      .alert.info {
        background: rgba(127, 127, 127, 0.12);
      }
      .pills {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
      }
      .pills button[aria-checked="true"] {
        background: var(--vw-accent);
        border-color: var(--vw-accent);
        color: var(--text-primary-color, #fff);
      }
      .description {
        margin-top: 8px;
      }
      .appliance {
        border: 1px solid var(--vw-line);
        border-radius: 10px;
        padding: 10px 12px;
        margin-bottom: 8px;
      }
      .appliance .name {
        font-weight: var(--ha-font-weight-medium, 500);
      }
      .appliance .controls {
        display: flex;
        flex-wrap: wrap;
        gap: 12px;
        margin-top: 8px;
        align-items: flex-end;
      }
      input[type="checkbox"] {
        min-height: auto;
        width: 20px;
        height: 20px;
      }
      .switch {
        display: inline-flex;
        align-items: center;
        gap: 6px;
        cursor: pointer;
      }
    `,
  ];
  static override properties = {
    ...VoltWiseCard.properties,
    actionError: { state: true },
  };

  actionError?: string;

  static getConfigElement(): HTMLElement {
    return document.createElement("voltwise-autopilot-card-editor");
  }

  static getStubConfig(hass: HomeAssistant): AutopilotConfig {
    const home = devicesOf(hass, "home")[0];
    return { type: "custom:voltwise-autopilot-card", ...(home ? { home: home.deviceId } : {}) };
  }

  override getCardSize(): number {
    return 6;
  }

  private get home(): VoltWiseDevice | undefined {
    return this.hass && this.config ? resolveHome(this.hass, this.config.home) : undefined;
  }

  private homeEntity(domain: string, key: string): string | undefined {
    return this.hass ? entityOf(this.hass, this.home?.deviceId, domain, key) : undefined;
  }

  /** Shiftable appliances of the home: those with a "Delegated to autopilot" switch. */
  appliances(): ApplianceRow[] {
    const hass = this.hass;
    const home = this.home;
    if (!hass || !home) return [];
    return devicesOf(hass, "appliance", home.entryId)
      .map((device) => ({
        device,
        applianceId: applianceIdOf(hass, device),
        switchEntity: applianceSwitch(hass, device.deviceId),
        delegated: entityOf(hass, device.deviceId, "switch", "autopilot_delegated"),
        action: entityOf(hass, device.deviceId, "select", "preferred_action"),
        window: entityOf(hass, device.deviceId, "switch", "protected_window"),
        windowStart: entityOf(hass, device.deviceId, "time", "protected_window_start"),
        windowEnd: entityOf(hass, device.deviceId, "time", "protected_window_end"),
        status: entityOf(hass, device.deviceId, "sensor", "status"),
      }))
      .filter((row) => row.delegated !== undefined);
  }

  private state(entityId: string | undefined): string | undefined {
    return entityId ? this.hass?.states[entityId]?.state : undefined;
  }

  private async act(domain: string, service: string, data: Record<string, unknown>): Promise<void> {
    if (!this.hass) return;
    try {
      await callAction(this.hass, service, data, domain);
      this.actionError = undefined;
    } catch (err) {
      this.actionError = errorText(err);
    }
  }

  private toggle(entityId: string | undefined, on: boolean): Promise<void> {
    if (!entityId) return Promise.resolve();
    return this.act("switch", on ? "turn_on" : "turn_off", { entity_id: entityId });
  }

  setStrategy(option: string): Promise<void> {
    const select = this.homeEntity("select", "strategy");
    if (!select || this.state(select) === option) return Promise.resolve();
    return this.act("select", "select_option", { entity_id: select, option });
  }

  setTime(entityId: string | undefined, value: string): Promise<void> {
    if (!entityId || !/^\d{2}:\d{2}$/.test(value)) return Promise.resolve();
    return this.act("time", "set_value", { entity_id: entityId, time: `${value}:00` });
  }

  resume(row: ApplianceRow): Promise<void> {
    const target = row.switchEntity ?? row.delegated;
    return target ? this.act("voltwise", "resume_autopilot", { appliance: target }) : Promise.resolve();
  }

  private onStrategyKey(event: KeyboardEvent, options: string[]): void {
    const current = options.indexOf(this.state(this.homeEntity("select", "strategy")) ?? "");
    const step = event.key === "ArrowRight" || event.key === "ArrowDown" ? 1 : event.key === "ArrowLeft" || event.key === "ArrowUp" ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = options[(current + step + options.length) % options.length];
    void this.setStrategy(next).then(() => {
      const buttons = this.shadowRoot?.querySelectorAll<HTMLButtonElement>(".pills button");
      buttons?.[options.indexOf(next)]?.focus();
    });
  }

  private gridSection(): TemplateResult {
    const hass = this.hass!;
    const protection = this.homeEntity("switch", "grid_protection");
    const gridStatus = this.homeEntity("sensor", "grid_status");
    const on = this.state(protection) === "on";
    const events = list<GridEventItem>(gridStatus ? hass.states[gridStatus]?.attributes.events : undefined);
    return html`<section class="grid-protection">
      <div class="toggle-row">
        <div>
          <h3>Grid Protection</h3>
          <div class="muted">Overrides all rules during DISCOM peak alerts to prevent neighborhood blackouts</div>
        </div>
        ${protection
          ? html`<input
              type="checkbox"
              role="switch"
              class="grid-toggle"
              aria-label="Grid protection"
              .checked=${on}
              @change=${(event: Event) => this.toggle(protection, (event.target as HTMLInputElement).checked)}
            />`
          : nothing}
      </div>
      ${events.map(
        (event) => html`<div class="alert ${event.severity}" role="alert">
          <strong>${event.severity.toUpperCase()}</strong> ${event.type.replaceAll("_", " ")}${event.message ? html`: ${event.message}` : nothing}
          <div class="muted">
            since ${formatInstant(hass, event.start)}${event.end ? html` · until ${formatInstant(hass, event.end)}` : nothing}
            ${on ? nothing : html` · grid protection is off`}
          </div>
        </div>`,
      )}
    </section>`;
  }

  private strategySection(): TemplateResult | typeof nothing {
    const select = this.homeEntity("select", "strategy");
    if (!select) return nothing;
    const current = this.state(select) ?? "";
    const offered = (this.hass!.states[select]?.attributes.options as string[] | undefined) ?? STRATEGIES.map((s) => s.value);
    const strategies = STRATEGIES.filter((s) => offered.includes(s.value));
    const options = strategies.map((s) => s.value);
    const active = STRATEGIES.find((s) => s.value === current);
    return html`<section>
      <h3>Daily Strategy</h3>
      <div class="pills" role="radiogroup" aria-label="Daily strategy">
        ${strategies.map(
          (s) => html`<button
            role="radio"
            data-strategy=${s.value}
            aria-checked=${s.value === current ? "true" : "false"}
            tabindex=${s.value === current || (!active && s === strategies[0]) ? "0" : "-1"}
            title=${s.description}
            @click=${() => this.setStrategy(s.value)}
            @keydown=${(event: KeyboardEvent) => this.onStrategyKey(event, options)}
          >
            ${s.label}
          </button>`,
        )}
      </div>
      ${active ? html`<div class="description muted">${active.description}</div>` : nothing}
    </section>`;
  }

  /** What the autopilot does to an appliance now, from the autopilot sensor's attributes. */
  private nowFor(row: ApplianceRow, held: HeldItem[], alone: HeldItem[]): TemplateResult {
    const hass = this.hass!;
    const hold = held.find((item) => isFor(item, row));
    if (hold) {
      const action = ACTION_LABELS[hold.action ?? ""] ?? hold.action ?? "held";
      const until = hold.resume_at ?? hold.until;
      return html`<span class="now">${action} (${REASON_LABELS[hold.reason] ?? hold.reason})${until ? html` until ${formatInstant(hass, until)}` : nothing}</span>`;
    }
    const other = alone.find((item) => isFor(item, row));
    if (other) {
      return html`<span class="now">Left alone: ${REASON_LABELS[other.reason] ?? other.reason}${other.until ? html` until ${formatInstant(hass, other.until)}` : nothing}</span>`;
    }
    return html`<span class="now">No action now</span>`;
  }

  private applianceRow(row: ApplianceRow, held: HeldItem[], alone: HeldItem[]): TemplateResult {
    const hass = this.hass!;
    const name = row.device.name;
    const delegated = this.state(row.delegated) === "on";
    const statusState = row.status ? hass.states[row.status] : undefined;
    const overridden =
      statusState?.state === "override" || alone.some((item) => isFor(item, row) && item.reason === "override");
    const overrideUntil = statusState?.attributes.override_until as string | undefined;
    const actionState = row.action ? hass.states[row.action] : undefined;
    const actionOptions = (actionState?.attributes.options as string[] | undefined) ?? [];
    const windowOn = this.state(row.window) === "on";
    return html`<div class="appliance" data-appliance=${row.device.deviceId}>
      <div class="toggle-row">
        <div>
          <span class="name">${name}</span>
          ${overridden ? html` <span class="badge override">OVERRIDE</span>` : nothing}
          <div class="muted">${delegated ? this.nowFor(row, held, alone) : html`<span class="now">Not delegated</span>`}</div>
        </div>
        <label class="switch">
          <span class="muted">Delegated</span>
          <input
            type="checkbox"
            role="switch"
            class="delegated"
            aria-label="${name}: delegated to autopilot"
            .checked=${delegated}
            @change=${(event: Event) => this.toggle(row.delegated, (event.target as HTMLInputElement).checked)}
          />
        </label>
      </div>
      ${overridden
        ? html`<div class="row override-row">
            <span class="muted">AI temporarily paused${overrideUntil ? html` until ${formatInstant(hass, overrideUntil)}` : nothing}</span>
            <button class="resume" @click=${() => this.resume(row)}>Resume</button>
          </div>`
        : nothing}
      ${delegated
        ? html`<div class="controls">
            ${row.action
              ? html`<label class="field">
                  Preferred AI action
                  <select
                    class="action"
                    data-value=${actionState?.state ?? ""}
                    aria-label="${name}: preferred AI action"
                    @change=${(event: Event) =>
                      this.act("select", "select_option", { entity_id: row.action, option: (event.target as HTMLSelectElement).value })}
                  >
                    ${actionOptions.map(
                      (option) => html`<option value=${option} ?selected=${option === actionState?.state}>${ACTION_LABELS[option] ?? option}</option>`,
                    )}
                  </select>
                </label>`
              : nothing}
            ${row.window
              ? html`<label class="switch">
                    <input
                      type="checkbox"
                      class="window"
                      aria-label="${name}: protected window"
                      .checked=${windowOn}
                      @change=${(event: Event) => this.toggle(row.window, (event.target as HTMLInputElement).checked)}
                    />
                    <span>Do not touch between</span>
                  </label>
                  <input
                    type="time"
                    class="window-start"
                    aria-label="${name}: protected window start"
                    .value=${timeOfState(this.state(row.windowStart))}
                    @change=${(event: Event) => this.setTime(row.windowStart, (event.target as HTMLInputElement).value)}
                  />
                  <span>and</span>
                  <input
                    type="time"
                    class="window-end"
                    aria-label="${name}: protected window end"
                    .value=${timeOfState(this.state(row.windowEnd))}
                    @change=${(event: Event) => this.setTime(row.windowEnd, (event.target as HTMLInputElement).value)}
                  />`
              : nothing}
          </div>`
        : nothing}
    </div>`;
  }

  /** A select shows its entity's option even when the options were rendered after its value. */
  protected override updated(): void {
    this.shadowRoot?.querySelectorAll<HTMLSelectElement>("select[data-value]").forEach((select) => {
      if (select.value !== select.dataset.value) select.value = select.dataset.value ?? "";
    });
  }

  protected override render(): TemplateResult | typeof nothing {
    if (!this.hass || !this.config) return nothing;
    const home = this.home;
    if (!home) return this.notice("No VoltWise home found. Add one under Settings > Devices & services.");
    const hass = this.hass;
    const title = this.config.title ?? `${home.name}: autopilot`;
    const autopilotSwitch = this.homeEntity("switch", "autopilot");
    const statusSensor = this.homeEntity("sensor", "autopilot_status");
    if (!autopilotSwitch && !statusSensor) {
      return this.notice(`${home.name} has no autopilot entities (this VoltWise is older than the autopilot).`);
    }
    const status = statusSensor ? hass.states[statusSensor] : undefined;
    const held = list<HeldItem>(status?.attributes.held);
    const alone = list<HeldItem>(status?.attributes.left_alone);
    const nextCheck = status?.attributes.next_check as string | null | undefined;
    const rows = this.appliances();
    return html`<ha-card>
      <div class="header">
        <div class="title">${title}</div>
        <label class="switch">
          <span class="status badge">${isMissing(status?.state) ? "Unknown" : (STATUS_LABELS[status!.state] ?? status!.state)}</span>
          ${autopilotSwitch
            ? html`<input
                type="checkbox"
                role="switch"
                class="autopilot-toggle"
                aria-label=${entityName(hass, autopilotSwitch)}
                .checked=${this.state(autopilotSwitch) === "on"}
                @change=${(event: Event) => this.toggle(autopilotSwitch, (event.target as HTMLInputElement).checked)}
              />`
            : nothing}
        </label>
      </div>
      ${nextCheck ? html`<div class="muted next-check">Next check ${formatInstant(hass, nextCheck)}</div>` : nothing}
      ${this.gridSection()} ${this.strategySection()}
      <section>
        <h3>Delegated Devices</h3>
        ${rows.length === 0 ? html`<div class="muted">No shiftable appliances yet.</div>` : rows.map((row) => this.applianceRow(row, held, alone))}
      </section>
      ${this.actionError ? html`<div class="error" role="alert">${this.actionError}</div>` : nothing}
    </ha-card>`;
  }
}

export class VoltWiseAutopilotCardEditor extends VoltWiseEditor<AutopilotConfig> {
  protected override render(): TemplateResult | typeof nothing {
    if (!this.hass || !this.config) return nothing;
    const homes = devicesOf(this.hass, "home").map((home) => ({ value: home.deviceId, label: home.name }));
    return html`<div class="editor">${this.select("home", "Home", homes)} ${this.text("title", "Title (optional)")}</div>`;
  }
}

export function suggestAutopilot(hass: HomeAssistant, entityId: string): CardSuggestion | null {
  const device = deviceOfEntity(hass, entityId);
  if (device?.kind !== "home") return null;
  const entry = hass.entities?.[entityId];
  const key = entry?.translation_key ?? "";
  if (!["autopilot", "grid_protection", "autopilot_status", "grid_status", "strategy"].includes(key)) return null;
  return { config: { type: "custom:voltwise-autopilot-card", home: device.deviceId } };
}
