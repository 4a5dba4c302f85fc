// Plant card: a Solis plant's "Today" (active schedule and segment, desired vs applied values, next
// change, override controls, apply now) and its week (daily schedules per day with priorities,
// where a schedule's segments are added, moved or deleted in a draft and saved whole).
import { css, html, nothing, type TemplateResult } from "lit";
import { VoltWiseCard } from "../lib/card";
import { VoltWiseEditor } from "../lib/editor";
import { deviceOfEntity, devicesOf, entityOf, type VoltWiseDevice } from "../lib/discovery";
import {
  WEEKDAYS,
  entityName,
  formatInstant,
  formatWatts,
  hhmm,
  isMissing,
  parseHhmm,
  type Weekday,
} from "../lib/format";
import { callAction, callForResponse, errorText } from "../lib/services";
import type { CardSuggestion, HomeAssistant, LovelaceCardConfig } from "../lib/types";
import {
  DAY_MINUTES,
  POWER_STEP_W,
  STEP_MINUTES,
  activeCollection,
  addSegment,
  dayAssignments,
  draftOf,
  moveSegment,
  quarterHours,
  removeSegment,
  serviceSegments,
  updateSegment,
  type Draft,
  type PlanCollection,
  type PlantPlanResponse,
} from "./plant-model";

export interface PlantConfig extends LovelaceCardConfig {
  plant?: string;
  view?: "today" | "week";
}

const DAY_LABELS: Record<Weekday, string> = {
  mon: "Mon",
  tue: "Tue",
  wed: "Wed",
  thu: "Thu",
  fri: "Fri",
  sat: "Sat",
  sun: "Sun",
};
const SOURCE_LABELS: Record<string, string> = {
  segment: "Schedule",
  defaults: "Defaults",
  override: "Override",
};

export class VoltWisePlantCard extends VoltWiseCard<PlantConfig> {
  static override styles = [
    VoltWiseCard.styles,
    css`
      section + section {
        margin-top: 16px;
      }
      h3 {
        font-size: 15px;
        font-weight: 500;
        margin: 0 0 8px;
      }
      .compare .applied {
        color: var(--vw-muted);
        font-size: 12px;
      }
      .controls {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(150px, 1fr));
        gap: 8px;
        align-items: end;
      }
      .actions {
        margin-top: 8px;
      }
      .week {
        display: grid;
        grid-template-columns: 40px 1fr;
        gap: 4px 8px;
        align-items: start;
      }
      .day-label {
        font-size: 12px;
        color: var(--vw-muted);
        padding-top: 3px;
      }
      .layers {
        display: flex;
        flex-direction: column;
        gap: 2px;
      }
      .layer {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 4px;
        align-items: center;
      }
      .bar {
        position: relative;
        height: 18px;
        background: rgba(127, 127, 127, 0.1);
        border-radius: 3px;
        overflow: hidden;
      }
      .bar .seg {
        position: absolute;
        top: 0;
        bottom: 0;
        background: var(--vw-accent);
        opacity: 0.8;
        border-left: 1px solid var(--card-background-color, #fff);
      }
      .bar .seg.grid {
        background: var(--vw-off-peak);
      }
      .layer .name {
        font-size: 12px;
        white-space: nowrap;
      }
      .layer button.chip {
        min-height: 24px;
        padding: 0 8px;
        font-size: 12px;
      }
      .empty-day {
        font-size: 12px;
        color: var(--vw-muted);
        padding-top: 3px;
      }
      .segments {
        display: flex;
        flex-direction: column;
        gap: 8px;
        margin: 8px 0;
      }
      .segment-row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 6px 10px;
        padding-bottom: 8px;
        border-bottom: 1px solid var(--vw-line);
      }
      .segment-row input[type="number"] {
        width: 84px;
      }
      label.inline {
        display: inline-flex;
        align-items: center;
        gap: 4px;
        font-size: 13px;
      }
      .moves {
        display: inline-flex;
        gap: 4px;
        margin-left: auto;
      }
      .icon-button {
        min-width: 36px;
        padding: 0 8px;
      }
      .days {
        display: flex;
        gap: 6px;
        flex-wrap: wrap;
      }
      .days label {
        display: flex;
        gap: 4px;
        align-items: center;
        font-size: 13px;
      }
    `,
  ];
  static override properties = {
    ...VoltWiseCard.properties,
    data: { state: true },
    tab: { state: true },
    draft: { state: true },
    busy: { state: true },
    actionError: { state: true },
    editing: { state: true },
  };

  data?: PlantPlanResponse;
  tab: "today" | "week" = "today";
  draft?: Draft;
  busy = false;
  actionError?: string;
  /** The schedule picked in the week editor ("" for a new one). */
  editing?: string;
  private overrideMode = "until_next_boundary";
  private overrideUntil = "";
  private overrideWatts = "";
  private overrideGrid = "";
  private assignDays = new Set<Weekday>();
  private assignPriority = "";

  static getConfigElement(): HTMLElement {
    return document.createElement("voltwise-plant-card-editor");
  }

  static getStubConfig(hass: HomeAssistant): PlantConfig {
    const plant = devicesOf(hass, "plant")[0];
    return { type: "custom:voltwise-plant-card", ...(plant ? { plant: plant.deviceId } : {}) };
  }

  override setConfig(config: PlantConfig): void {
    super.setConfig(config);
    this.tab = config.view === "week" ? "week" : "today";
  }

  protected override validate(config: PlantConfig): void {
    if (config.view !== undefined && config.view !== "today" && config.view !== "week") {
      throw new Error("view must be today or week");
    }
  }

  override getCardSize(): number {
    return 8;
  }

  private get plant(): VoltWiseDevice | undefined {
    if (!this.hass || !this.config) return undefined;
    const plants = devicesOf(this.hass, "plant");
    return this.config.plant ? plants.find((plant) => plant.deviceId === this.config!.plant) : plants[0];
  }

  private entity(domain: string, key: string): string | undefined {
    return this.hass ? entityOf(this.hass, this.plant?.deviceId, domain, key) : undefined;
  }

  private stateOf(domain: string, key: string): string | undefined {
    const id = this.entity(domain, key);
    return id ? this.hass?.states[id]?.state : undefined;
  }

  protected override refreshSeconds(): number {
    return 60;
  }

  protected override fingerprint(): string | undefined {
    const plant = this.plant;
    if (!plant || !this.hass) return undefined;
    const watched = [
      ["sensor", "control_source"],
      ["sensor", "active_schedule"],
      ["sensor", "active_segment"],
      ["sensor", "next_change"],
      ["select", "active_collection"],
      ["binary_sensor", "override"],
    ].map(([domain, key]) => {
      const id = this.entity(domain, key);
      return id ? this.hass!.states[id]?.last_updated : "";
    });
    return [plant.deviceId, ...watched].join("|");
  }

  protected override async load(): Promise<void> {
    const plant = this.plant;
    if (!plant || !this.hass) return;
    this.data = await callForResponse<PlantPlanResponse>(this.hass, "get_plant_plan", { plant: plant.deviceId });
  }

  /** Run a plant service; refresh the plan after it, or show its error inline. */
  private async act(service: string, data: Record<string, unknown>): Promise<boolean> {
    const plant = this.plant;
    if (!plant || !this.hass) return false;
    this.busy = true;
    this.actionError = undefined;
    try {
      await callAction(this.hass, service, { plant: plant.deviceId, ...data });
      await this.reload();
      return true;
    } catch (err) {
      this.actionError = errorText(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  // -- today ------------------------------------------------------------------------------------

  private renderToday(): TemplateResult {
    const hass = this.hass!;
    const now = this.data?.now;
    const override = this.stateOf("binary_sensor", "override") === "on" || now?.source === "override";
    const desired = this.stateOf("sensor", "desired_peak_shaving");
    const applied = this.stateOf("sensor", "applied_peak_shaving");
    const grid = this.stateOf("binary_sensor", "grid_charging");
    const appliedGrid = this.stateOf("binary_sensor", "applied_grid_charging");
    const nextChange = this.stateOf("sensor", "next_change");
    const lastResult = this.stateOf("sensor", "last_apply_result");
    const watts = (state: string | undefined) => (isMissing(state) ? "—" : formatWatts(hass, Number(state)));
    const onOff = (state: string | undefined) => (isMissing(state) ? "—" : state === "on" ? "Allowed" : "Not allowed");
    const source = this.stateOf("sensor", "control_source") ?? now?.source;
    return html`<section>
      <div class="grid today">
        <div class="stat">
          <div class="label">${entityName(hass, this.entity("sensor", "active_schedule"), "entity") || "Active schedule"}</div>
          <div class="value schedule">${this.show(this.stateOf("sensor", "active_schedule"), "Defaults")}</div>
        </div>
        <div class="stat">
          <div class="label">Active segment</div>
          <div class="value segment">${this.show(this.stateOf("sensor", "active_segment"), "—")}</div>
        </div>
        <div class="stat">
          <div class="label">Control source</div>
          <div class="value source">
            ${SOURCE_LABELS[source ?? ""] ?? source ?? "—"}
            ${override ? html`<span class="badge override">OVERRIDE</span>` : nothing}
          </div>
        </div>
        <div class="stat compare">
          <div class="label">Peak-shaving limit</div>
          <div class="value limit">${watts(desired)}</div>
          <div class="applied limit-applied">applied: ${watts(applied)}</div>
        </div>
        <div class="stat compare">
          <div class="label">Grid charging</div>
          <div class="value grid-charging">${onOff(grid)}</div>
          <div class="applied grid-applied">applied: ${onOff(appliedGrid)}</div>
        </div>
        <div class="stat">
          <div class="label">Next change</div>
          <div class="value next-change">${isMissing(nextChange) ? "None" : formatInstant(hass, nextChange!)}</div>
        </div>
        <div class="stat">
          <div class="label">Last apply</div>
          <div class="value last-apply">${this.show(lastResult, "—")}</div>
        </div>
      </div>
    </section>
    <section>
      <h3>Override</h3>
      ${this.renderOverrideControls(override)}
    </section>`;
  }

  private show(state: string | undefined, fallback: string): string {
    return isMissing(state) ? fallback : state!;
  }

  private renderOverrideControls(active: boolean): TemplateResult {
    const bounds = this.data?.plan.bounds ?? { min_w: 0, max_w: 10000 };
    return html`<div class="controls">
        <label class="field"
          >Until
          <select
            name="override-mode"
            @change=${(e: Event) => {
              this.overrideMode = (e.target as HTMLSelectElement).value;
              this.requestUpdate();
            }}
          >
            <option value="until_next_boundary" ?selected=${this.overrideMode === "until_next_boundary"}>the next change</option>
            <option value="until_time" ?selected=${this.overrideMode === "until_time"}>a time</option>
            <option value="until_cleared" ?selected=${this.overrideMode === "until_cleared"}>cleared</option>
          </select>
        </label>
        ${this.overrideMode === "until_time"
          ? html`<label class="field"
              >End
              <input
                name="override-until"
                type="datetime-local"
                .value=${this.overrideUntil}
                @change=${(e: Event) => (this.overrideUntil = (e.target as HTMLInputElement).value)}
              />
            </label>`
          : nothing}
        <label class="field"
          >Limit (W)
          <input
            name="override-watts"
            type="number"
            inputmode="numeric"
            min=${bounds.min_w}
            max=${bounds.max_w}
            step=${POWER_STEP_W}
            placeholder="keep"
            .value=${this.overrideWatts}
            @change=${(e: Event) => (this.overrideWatts = (e.target as HTMLInputElement).value)}
          />
        </label>
        <label class="field"
          >Grid charging
          <select name="override-grid" @change=${(e: Event) => (this.overrideGrid = (e.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${this.overrideGrid === ""}>keep</option>
            <option value="on" ?selected=${this.overrideGrid === "on"}>allow</option>
            <option value="off" ?selected=${this.overrideGrid === "off"}>forbid</option>
          </select>
        </label>
      </div>
      <div class="row actions">
        <button class="primary" name="set-override" ?disabled=${this.busy} @click=${this.setOverride}>Set override</button>
        ${active
          ? html`<button name="clear-override" ?disabled=${this.busy} @click=${() => this.act("clear_override", {})}>Resume plan</button>`
          : nothing}
        <button name="apply-now" ?disabled=${this.busy} @click=${() => this.act("apply_now", {})}>Apply now</button>
      </div>`;
  }

  private setOverride = async (): Promise<void> => {
    const data: Record<string, unknown> = { mode: this.overrideMode };
    if (this.overrideWatts !== "") data.peak_shaving_w = Number(this.overrideWatts);
    if (this.overrideGrid !== "") data.grid_charging_allowed = this.overrideGrid === "on";
    if (this.overrideMode === "until_time") data.until = this.overrideUntil;
    await this.act("set_override", data);
  };

  // -- week -------------------------------------------------------------------------------------

  private renderWeek(collection: PlanCollection): TemplateResult {
    return html`<section>
        <div class="week">
          ${WEEKDAYS.map((day) => {
            const layers = dayAssignments(collection, day);
            return html`<div class="day-label">${DAY_LABELS[day]}</div>
              <div class="layers" data-day=${day}>
                ${layers.length === 0 ? html`<div class="empty-day">Defaults all day</div>` : nothing}
                ${layers.map(
                  (layer) => html`<div class="layer">
                    <div class="bar" title=${layer.schedule.name}>
                      ${layer.schedule.segments.map((segment) => {
                        const start = parseHhmm(segment.start) ?? 0;
                        const end = parseHhmm(segment.end) ?? DAY_MINUTES;
                        return html`<div
                          class="seg ${segment.grid_charging_allowed ? "grid" : ""}"
                          style="left:${(start / DAY_MINUTES) * 100}%;width:${((end - start) / DAY_MINUTES) * 100}%"
                          title="${segment.start}-${segment.end} ${segment.peak_shaving_w} W"
                        ></div>`;
                      })}
                    </div>
                    <div class="row">
                      <button class="chip" name="edit-layer" @click=${() => this.edit(layer.schedule.name)}>
                        ${layer.schedule.name} · ${layer.priority}
                      </button>
                      <button
                        class="chip icon-button"
                        name="unassign"
                        aria-label="Take ${layer.schedule.name} off ${DAY_LABELS[day]}"
                        ?disabled=${this.busy}
                        @click=${() => this.act("unassign_daily_schedule", { schedule: layer.schedule.name, days: [day], collection: collection.name })}
                      >
                        ×
                      </button>
                    </div>
                  </div>`,
                )}
              </div>`;
          })}
        </div>
        <div class="legend muted" style="margin-top:6px">Bars: segments (green: grid charging allowed); number: priority, higher wins.</div>
      </section>
      <section>
        <h3>Daily schedules</h3>
        <div class="row">
          <label class="field"
            >Schedule
            <select name="schedule" @change=${(e: Event) => this.edit((e.target as HTMLSelectElement).value)}>
              <option value="" ?selected=${this.editing === undefined}>Choose…</option>
              ${collection.schedules.map(
                (schedule) => html`<option value=${schedule.name} ?selected=${this.editing === schedule.name}>${schedule.name}</option>`,
              )}
              <option value="__new__" ?selected=${this.editing === ""}>New schedule…</option>
            </select>
          </label>
        </div>
        ${this.draft ? this.renderDraft(collection, this.draft) : nothing}
      </section>`;
  }

  private edit(name: string): void {
    const collection = this.data ? activeCollection(this.data.plan) : undefined;
    if (!collection) return;
    this.actionError = undefined;
    if (name === "__new__") {
      this.editing = "";
      this.draft = { name: "", segments: [] };
      return;
    }
    const schedule = collection.schedules.find((s) => s.name === name);
    this.editing = schedule?.name;
    this.draft = schedule ? draftOf(schedule) : undefined;
  }

  private renderDraft(collection: PlanCollection, draft: Draft): TemplateResult {
    const bounds = this.data!.plan.bounds;
    const times = quarterHours();
    const timeSelect = (value: number, field: "start" | "end", index: number, label: string) =>
      html`<select
        name="segment-${field}"
        aria-label=${label}
        @change=${(e: Event) => (this.draft = updateSegment(this.draft!, index, { [field]: Number((e.target as HTMLSelectElement).value) }))}
      >
        ${times.map((minutes) => html`<option value=${minutes} ?selected=${minutes === value}>${hhmm(minutes)}</option>`)}
      </select>`;
    return html`<div class="draft">
      ${draft.original === undefined
        ? html`<label class="field"
            >Name
            <input name="schedule-name" .value=${draft.name} @input=${(e: Event) => (this.draft = { ...this.draft!, name: (e.target as HTMLInputElement).value })} />
          </label>`
        : nothing}
      <div class="segments" role="list" aria-label="Segments of ${draft.name || "the new schedule"}">
        ${draft.segments.map(
          (segment, index) => html`<div class="segment-row" role="listitem">
            <span class="times">
              ${timeSelect(segment.start, "start", index, `Segment ${index + 1} start`)} –
              ${timeSelect(segment.end, "end", index, `Segment ${index + 1} end`)}
            </span>
            <label class="inline"
              ><input
                name="segment-watts"
                type="number"
                inputmode="numeric"
                aria-label="Segment ${index + 1} limit in W"
                min=${bounds.min_w}
                max=${bounds.max_w}
                step=${POWER_STEP_W}
                .value=${String(segment.peak_shaving_w)}
                @change=${(e: Event) => (this.draft = updateSegment(this.draft!, index, { peak_shaving_w: Number((e.target as HTMLInputElement).value) }))}
              />
              W</label
            >
            <label class="inline"
              ><input
                name="segment-grid"
                type="checkbox"
                aria-label="Segment ${index + 1} grid charging"
                .checked=${segment.grid_charging_allowed}
                @change=${(e: Event) => (this.draft = updateSegment(this.draft!, index, { grid_charging_allowed: (e.target as HTMLInputElement).checked }))}
              />
              grid charging</label
            >
            <span class="moves">
              <button class="icon-button" name="earlier" aria-label="Move segment ${index + 1} 15 minutes earlier" @click=${() => (this.draft = moveSegment(this.draft!, index, -STEP_MINUTES))}>◀</button>
              <button class="icon-button" name="later" aria-label="Move segment ${index + 1} 15 minutes later" @click=${() => (this.draft = moveSegment(this.draft!, index, STEP_MINUTES))}>▶</button>
              <button class="icon-button danger" name="delete-segment" aria-label="Delete segment ${index + 1}" @click=${() => (this.draft = removeSegment(this.draft!, index))}>✕</button>
            </span>
          </div>`,
        )}
        ${draft.segments.length === 0 ? html`<div class="muted">No segments: the defaults apply all day.</div>` : nothing}
      </div>
      <div class="row actions">
        <button name="add-segment" @click=${() => (this.draft = addSegment(this.draft!, this.data!.plan.defaults))}>Add segment</button>
        <button class="primary" name="save-schedule" ?disabled=${this.busy} @click=${() => this.saveDraft(collection)}>Save</button>
        <button name="cancel-edit" @click=${() => this.edit(draft.original ?? "")}>Discard changes</button>
        ${draft.original !== undefined
          ? html`<button class="danger" name="delete-schedule" ?disabled=${this.busy} @click=${() => this.deleteSchedule(collection, draft.original!)}>Delete schedule</button>`
          : nothing}
      </div>
      ${draft.original !== undefined ? this.renderAssign(collection, draft.original) : nothing}
    </div>`;
  }

  private async saveDraft(collection: PlanCollection): Promise<void> {
    const draft = this.draft!;
    const name = draft.name.trim();
    if (!name) {
      this.actionError = "Give the schedule a name.";
      return;
    }
    const saved = await this.act("set_daily_schedule", {
      schedule: name,
      segments: serviceSegments(draft),
      collection: collection.name,
    });
    if (saved) {
      this.editing = name;
      const schedule = this.data && activeCollection(this.data.plan)?.schedules.find((s) => s.name === name);
      this.draft = schedule ? draftOf(schedule) : { ...draft, original: name };
    }
  }

  private async deleteSchedule(collection: PlanCollection, name: string): Promise<void> {
    if (await this.act("delete_daily_schedule", { schedule: name, collection: collection.name })) {
      this.editing = undefined;
      this.draft = undefined;
    }
  }

  private renderAssign(collection: PlanCollection, name: string): TemplateResult {
    return html`<div class="assign">
      <h3>Put "${name}" on days</h3>
      <div class="days" role="group" aria-label="Days">
        ${WEEKDAYS.map(
          (day) => html`<label
            ><input
              type="checkbox"
              name="assign-day"
              value=${day}
              .checked=${this.assignDays.has(day)}
              @change=${(e: Event) => {
                if ((e.target as HTMLInputElement).checked) this.assignDays.add(day);
                else this.assignDays.delete(day);
                this.requestUpdate();
              }}
            />${DAY_LABELS[day]}</label
          >`,
        )}
      </div>
      <div class="row actions">
        <label class="field"
          >Priority
          <input
            name="assign-priority"
            type="number"
            min="0"
            step="1"
            placeholder="on top"
            .value=${this.assignPriority}
            @change=${(e: Event) => (this.assignPriority = (e.target as HTMLInputElement).value)}
          />
        </label>
        <button
          name="assign"
          ?disabled=${this.busy || this.assignDays.size === 0}
          @click=${async () => {
            const data: Record<string, unknown> = {
              schedule: name,
              days: WEEKDAYS.filter((day) => this.assignDays.has(day)),
              collection: collection.name,
            };
            if (this.assignPriority !== "") data.priority = Number(this.assignPriority);
            if (await this.act("assign_daily_schedule", data)) this.assignDays.clear();
          }}
        >
          Assign
        </button>
      </div>
    </div>`;
  }

  // -- card -------------------------------------------------------------------------------------

  protected override render(): TemplateResult | typeof nothing {
    if (!this.hass || !this.config) return nothing;
    const plant = this.plant;
    if (!plant) {
      return this.notice(
        this.config.plant ? "This plant is not a VoltWise plant (any more)." : "No VoltWise plant found. Add one on your home's card under Settings > Devices & services.",
      );
    }
    const collection = this.data ? activeCollection(this.data.plan) : undefined;
    return html`<ha-card>
      <div class="header">
        <div class="title">${this.config.title ?? plant.name}</div>
        ${collection ? html`<div class="subtitle">Collection: ${collection.name}</div>` : nothing}
      </div>
      <div class="tabs" role="tablist">
        ${(["today", "week"] as const).map(
          (tab) => html`<button
            role="tab"
            name="tab-${tab}"
            aria-selected=${this.tab === tab ? "true" : "false"}
            @click=${() => (this.tab = tab)}
          >
            ${tab === "today" ? "Today" : "Week"}
          </button>`,
        )}
      </div>
      ${this.actionError ? html`<div class="error" role="alert">${this.actionError}</div>` : nothing}
      ${this.loadError ? html`<div class="error">${this.loadError}</div>` : nothing}
      ${this.tab === "today"
        ? this.renderToday()
        : collection
          ? this.renderWeek(collection)
          : html`<div class="muted">Loading…</div>`}
    </ha-card>`;
  }
}

export class VoltWisePlantCardEditor extends VoltWiseEditor<PlantConfig> {
  protected override render(): TemplateResult | typeof nothing {
    if (!this.hass || !this.config) return nothing;
    const plants = devicesOf(this.hass, "plant").map((plant) => ({ value: plant.deviceId, label: plant.name }));
    return html`<div class="editor">
      ${this.select("plant", "Plant", plants)}
      ${this.select("view", "Opens on", [
        { value: "today", label: "Today" },
        { value: "week", label: "Week" },
      ])}
      ${this.text("title", "Title (optional)")}
    </div>`;
  }
}

export function suggestPlant(hass: HomeAssistant, entityId: string): CardSuggestion | null {
  const device = deviceOfEntity(hass, entityId);
  if (device?.kind !== "plant") return null;
  return { config: { type: "custom:voltwise-plant-card", plant: device.deviceId } };
}
