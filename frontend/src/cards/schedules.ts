// Schedules card: an appliance's (or a whole home's) upcoming runs, with add, edit and cancel
// through the schedule services: once or repeating, at a time or "at the best time in a window".
import { css, html, nothing, type TemplateResult } from "lit";
import { VoltWiseCard } from "../lib/card";
import { VoltWiseEditor } from "../lib/editor";
import {
  applianceSwitch,
  deviceOfEntity,
  devicesOf,
  entityOf,
  resolveHome,
  type VoltWiseDevice,
} from "../lib/discovery";
import { WEEKDAYS, dayAndTime, entityName, type Weekday } from "../lib/format";
import { callAction, callForResponse, errorText } from "../lib/services";
import type { CardSuggestion, HomeAssistant, LovelaceCardConfig } from "../lib/types";

export interface SchedulesConfig extends LovelaceCardConfig {
  home?: string;
  appliance?: string;
}

export interface ScheduleItem {
  schedule_id: string;
  appliance: string;
  appliance_id: string;
  repeat: "once" | "daily" | "weekdays" | "weekends" | "days";
  start: string;
  end: string | null;
  duration: number | null;
  date: string | null;
  end_date: string | null;
  days: Weekday[];
  smart: boolean;
  next_trigger: string | null;
  next_action: string | null;
}

/** The add/edit form's fields, as the user typed them. */
export interface ScheduleForm {
  scheduleId?: string;
  appliance: string;
  smart: boolean;
  start: string;
  end: string;
  durationMinutes: string;
  repeat: ScheduleItem["repeat"];
  days: Weekday[];
  date: string;
  endDate: string;
}

const REPEATS: { value: ScheduleItem["repeat"]; label: string }[] = [
  { value: "once", label: "Once" },
  { value: "daily", label: "Every day" },
  { value: "weekdays", label: "Weekdays" },
  { value: "weekends", label: "Weekends" },
  { value: "days", label: "Chosen days" },
];
const DAY_LABELS: Record<Weekday, string> = { mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat", sun: "Sun" };

function minutesText(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h && m ? `${h} h ${m} min` : h ? `${h} h` : `${m} min`;
}

/** Minutes as the "H:MM:00" text Home Assistant's time periods take. */
export function durationText(minutes: number): string {
  const whole = Math.max(Math.round(minutes), 0);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}:00`;
}

/** One line that says when a schedule runs. */
export function describeSchedule(item: ScheduleItem): string {
  const repeat =
    item.repeat === "once"
      ? item.date
        ? `Once on ${item.date}`
        : "Once"
      : item.repeat === "days"
        ? item.days.map((day) => DAY_LABELS[day]).join(", ")
        : (REPEATS.find((r) => r.value === item.repeat)?.label ?? item.repeat);
  const length = item.duration ? ` for ${minutesText(item.duration)}` : "";
  if (item.smart) {
    return `${repeat}: best time between ${item.start} and ${item.end ?? "?"}${length}`;
  }
  const until = item.end ? `–${item.end}` : length;
  return `${repeat}, ${item.start}${until}`;
}

/** The service data a form means; the service validates it whole. */
export function formToService(form: ScheduleForm): Record<string, unknown> {
  const data: Record<string, unknown> = {
    start: form.start,
    repeat: form.repeat,
    smart: form.smart,
    end: form.end || null,
    duration: form.durationMinutes ? durationText(Number(form.durationMinutes)) : null,
  };
  if (form.repeat === "days") data.days = form.days;
  if (form.repeat === "once") data.date = form.date || null;
  else data.end_date = form.endDate || null;
  if (form.scheduleId) data.schedule_id = form.scheduleId;
  else data.appliance = form.appliance;
  return data;
}

function formOf(item: ScheduleItem, appliance: string): ScheduleForm {
  return {
    scheduleId: item.schedule_id,
    appliance,
    smart: item.smart,
    start: item.start,
    end: item.end ?? "",
    durationMinutes: item.duration ? String(Math.round(item.duration / 60)) : "",
    repeat: item.repeat,
    days: [...item.days],
    date: item.date ?? "",
    endDate: item.end_date ?? "",
  };
}

export class VoltWiseSchedulesCard extends VoltWiseCard<SchedulesConfig> {
  static override styles = [
    VoltWiseCard.styles,
    css`
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li.schedule {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 4px 8px;
        padding: 8px 0;
        border-bottom: 1px solid var(--vw-line);
      }
      .what {
        font-weight: 500;
      }
      .form {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(140px, 1fr));
        gap: 8px;
        margin-top: 12px;
        padding-top: 12px;
        border-top: 1px solid var(--vw-line);
      }
      .form .wide {
        grid-column: 1 / -1;
      }
      .days {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
      }
      .days label {
        display: flex;
        gap: 4px;
        align-items: center;
      }
      .confirm {
        grid-column: 1 / -1;
      }
    `,
  ];
  static override properties = {
    ...VoltWiseCard.properties,
    schedules: { state: true },
    form: { state: true },
    busy: { state: true },
    actionError: { state: true },
    confirming: { state: true },
  };

  schedules?: ScheduleItem[];
  form?: ScheduleForm;
  busy = false;
  actionError?: string;
  confirming?: string;

  static getConfigElement(): HTMLElement {
    return document.createElement("voltwise-schedules-card-editor");
  }

  static getStubConfig(hass: HomeAssistant): SchedulesConfig {
    const home = devicesOf(hass, "home")[0];
    return { type: "custom:voltwise-schedules-card", ...(home ? { home: home.deviceId } : {}) };
  }

  override getCardSize(): number {
    return 4;
  }

  private get home(): VoltWiseDevice | undefined {
    if (!this.hass || !this.config) return undefined;
    if (this.config.appliance) {
      const appliance = deviceOfEntity(this.hass, this.config.appliance);
      return appliance ? devicesOf(this.hass, "home", appliance.entryId)[0] : undefined;
    }
    return resolveHome(this.hass, this.config.home);
  }

  /** The appliances this card shows: one, or every appliance of the home. */
  private appliances(): { entityId: string; name: string }[] {
    const hass = this.hass;
    const home = this.home;
    if (!hass || !home) return [];
    return devicesOf(hass, "appliance", home.entryId)
      .map((device) => ({ entityId: applianceSwitch(hass, device.deviceId) ?? "", name: device.name }))
      .filter((item) => item.entityId && (!this.config?.appliance || item.entityId === this.config.appliance));
  }

  /**
   * The calendar entity changes only when the next run does, so a schedule added elsewhere for a
   * later day shows up at the next refresh; the card's own changes reload at once.
   */
  protected override refreshSeconds(): number {
    return 30;
  }

  protected override fingerprint(): string | undefined {
    const home = this.home;
    if (!home || !this.hass) return undefined;
    const calendar = entityOf(this.hass, home.deviceId, "calendar", "schedules");
    return [home.entryId, this.config?.appliance ?? "", calendar ? this.hass.states[calendar]?.last_updated : ""].join("|");
  }

  protected override async load(): Promise<void> {
    const home = this.home;
    if (!home || !this.hass) return;
    const data = this.config?.appliance ? { appliance: this.config.appliance } : { config_entry_id: home.entryId };
    const result = await callForResponse<{ schedules: ScheduleItem[] }>(this.hass, "list_schedules", data);
    this.schedules = [...result.schedules].sort((a, b) => (a.next_trigger ?? "~").localeCompare(b.next_trigger ?? "~"));
  }

  private async act(service: string, data: Record<string, unknown>): Promise<boolean> {
    if (!this.hass) return false;
    this.busy = true;
    this.actionError = undefined;
    try {
      await callAction(this.hass, service, data);
      await this.reload();
      return true;
    } catch (err) {
      this.actionError = errorText(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  private newForm(): void {
    const first = this.appliances()[0];
    this.actionError = undefined;
    this.form = {
      appliance: first?.entityId ?? "",
      smart: false,
      start: "",
      end: "",
      durationMinutes: "",
      repeat: "once",
      days: [],
      date: "",
      endDate: "",
    };
  }

  private update_(change: Partial<ScheduleForm>): void {
    if (this.form) this.form = { ...this.form, ...change };
  }

  private async submit(event: Event): Promise<void> {
    event.preventDefault();
    const form = this.form;
    if (!form) return;
    const service = form.scheduleId ? "update_schedule" : "schedule_appliance";
    if (await this.act(service, formToService(form))) this.form = undefined;
  }

  private renderItem(item: ScheduleItem, showAppliance: boolean): TemplateResult {
    const action = item.next_action === "turn_off" ? "off" : "on";
    const appliance = this.appliances().find((a) => a.name === item.appliance);
    return html`<li class="schedule" data-schedule=${item.schedule_id}>
      <div>
        <div class="what">${showAppliance ? html`${item.appliance}: ` : nothing}${describeSchedule(item)}</div>
        <div class="muted next">
          ${item.next_trigger ? html`Next: ${action} at ${dayAndTime(this.hass, item.next_trigger)}` : "No further runs"}
        </div>
      </div>
      <div class="row">
        <button
          name="edit"
          aria-label="Edit the schedule of ${item.appliance}"
          @click=${() => {
            this.actionError = undefined;
            this.form = formOf(item, appliance?.entityId ?? "");
          }}
        >
          Edit
        </button>
        <button name="cancel" class="danger" aria-label="Cancel the schedule of ${item.appliance}" @click=${() => (this.confirming = item.schedule_id)}>
          Cancel
        </button>
      </div>
      ${this.confirming === item.schedule_id
        ? html`<div class="confirm row" role="alertdialog" aria-label="Cancel this schedule?">
            <span>Cancel this schedule?</span>
            <button
              class="danger"
              name="confirm-cancel"
              ?disabled=${this.busy}
              @click=${async () => {
                if (await this.act("cancel_schedule", { schedule_id: item.schedule_id })) this.confirming = undefined;
              }}
            >
              Yes, cancel it
            </button>
            <button name="keep" @click=${() => (this.confirming = undefined)}>Keep</button>
          </div>`
        : nothing}
    </li>`;
  }

  private renderForm(form: ScheduleForm): TemplateResult {
    const appliances = this.appliances();
    const input = (name: string, label: string, value: string, type: string, key: keyof ScheduleForm, extra = "") =>
      html`<label class="field ${extra}"
        >${label}
        <input name=${name} type=${type} .value=${value} @change=${(e: Event) => this.update_({ [key]: (e.target as HTMLInputElement).value })} />
      </label>`;
    return html`<form class="form" @submit=${this.submit} aria-label=${form.scheduleId ? "Edit schedule" : "New schedule"}>
      ${!form.scheduleId && appliances.length > 1
        ? html`<label class="field"
            >Appliance
            <select name="appliance" @change=${(e: Event) => this.update_({ appliance: (e.target as HTMLSelectElement).value })}>
              ${appliances.map((a) => html`<option value=${a.entityId} ?selected=${a.entityId === form.appliance}>${a.name}</option>`)}
            </select>
          </label>`
        : nothing}
      <label class="field"
        >Kind
        <select name="kind" @change=${(e: Event) => this.update_({ smart: (e.target as HTMLSelectElement).value === "smart" })}>
          <option value="fixed" ?selected=${!form.smart}>At a time</option>
          <option value="smart" ?selected=${form.smart}>Best time in a window</option>
        </select>
      </label>
      ${input("start", form.smart ? "Window opens" : "Start", form.start, "time", "start")}
      ${input("end", form.smart ? "Window closes" : "End (optional)", form.end, "time", "end")}
      ${input("duration", form.smart ? "Run for (minutes)" : "Or run for (minutes)", form.durationMinutes, "number", "durationMinutes")}
      <label class="field"
        >Repeat
        <select name="repeat" @change=${(e: Event) => this.update_({ repeat: (e.target as HTMLSelectElement).value as ScheduleItem["repeat"] })}>
          ${REPEATS.map((r) => html`<option value=${r.value} ?selected=${r.value === form.repeat}>${r.label}</option>`)}
        </select>
      </label>
      ${form.repeat === "once"
        ? input("date", "Date (optional)", form.date, "date", "date")
        : input("end_date", "Until (optional)", form.endDate, "date", "endDate")}
      ${form.repeat === "days"
        ? html`<div class="days wide" role="group" aria-label="Days">
            ${WEEKDAYS.map(
              (day) => html`<label
                ><input
                  type="checkbox"
                  name="day"
                  value=${day}
                  .checked=${form.days.includes(day)}
                  @change=${(e: Event) =>
                    this.update_({
                      days: (e.target as HTMLInputElement).checked ? [...form.days, day] : form.days.filter((d) => d !== day),
                    })}
                />${DAY_LABELS[day]}</label
              >`,
            )}
          </div>`
        : nothing}
      <div class="row wide">
        <button class="primary" type="submit" name="save" ?disabled=${this.busy}>${form.scheduleId ? "Save" : "Add schedule"}</button>
        <button type="button" name="close" @click=${() => (this.form = undefined)}>Close</button>
      </div>
    </form>`;
  }

  protected override render(): TemplateResult | typeof nothing {
    if (!this.hass || !this.config) return nothing;
    const home = this.home;
    if (!home) return this.notice("No VoltWise appliance found. Add one on your home's card under Settings > Devices & services.");
    const one = this.config.appliance;
    const title = this.config.title ?? (one ? `${entityName(this.hass, one)}: schedules` : "Appliance schedules");
    const schedules = this.schedules;
    return html`<ha-card>
      <div class="header">
        <div class="title">${title}</div>
        <button name="add" @click=${() => this.newForm()}>Add</button>
      </div>
      ${this.loadError ? html`<div class="error">${this.loadError}</div>` : nothing}
      ${schedules === undefined
        ? html`<div class="muted">Loading…</div>`
        : schedules.length === 0
          ? html`<div class="muted empty">No schedules yet.</div>`
          : html`<ul>
              ${schedules.map((item) => this.renderItem(item, !one))}
            </ul>`}
      ${this.actionError ? html`<div class="error" role="alert">${this.actionError}</div>` : nothing}
      ${this.form ? this.renderForm(this.form) : nothing}
    </ha-card>`;
  }
}

export class VoltWiseSchedulesCardEditor extends VoltWiseEditor<SchedulesConfig> {
  protected override render(): TemplateResult | typeof nothing {
    if (!this.hass || !this.config) return nothing;
    const hass = this.hass;
    const homes = devicesOf(hass, "home").map((home) => ({ value: home.deviceId, label: home.name }));
    const home = resolveHome(hass, this.config.home);
    const appliances = devicesOf(hass, "appliance", home?.entryId)
      .map((device) => ({ value: applianceSwitch(hass, device.deviceId) ?? "", label: device.name }))
      .filter((choice) => choice.value);
    return html`<div class="editor">
      ${this.select("home", "Home", homes)}
      ${this.select("appliance", "Appliance", appliances, "Every appliance of the home")}
      ${this.text("title", "Title (optional)")}
    </div>`;
  }
}

export function suggestSchedules(hass: HomeAssistant, entityId: string): CardSuggestion | null {
  const device = deviceOfEntity(hass, entityId);
  if (device?.kind !== "appliance") return null;
  const appliance = applianceSwitch(hass, device.deviceId);
  const home = devicesOf(hass, "home", device.entryId)[0];
  if (!appliance) return null;
  return {
    config: { type: "custom:voltwise-schedules-card", ...(home ? { home: home.deviceId } : {}), appliance },
  };
}
