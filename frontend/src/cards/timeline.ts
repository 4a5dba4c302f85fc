// Timeline card: the coming 12-48 hours as bands (tariff slot, carbon intensity, penalty with the
// threshold line, best windows, scheduled runs) over one time axis. Tapping the bands, or moving
// along them with the arrow keys, shows the rate, intensity and penalty at that time.
import { html, nothing, svg, css, type TemplateResult } from "lit";
import { VoltWiseCard } from "../lib/card";
import { VoltWiseEditor } from "../lib/editor";
import { devicesOf, deviceOfEntity, entityOf, resolveHome, type VoltWiseDevice } from "../lib/discovery";
import { dayAndTime, formatCurrency, formatNumber, wallDate, wallMinutes, weekdayName } from "../lib/format";
import { callForResponse } from "../lib/services";
import type { CardSuggestion, HomeAssistant, LovelaceCardConfig } from "../lib/types";

export interface TimelineConfig extends LovelaceCardConfig {
  home?: string;
  hours?: number;
}

export interface TimelinePoint {
  start: string;
  penalty: number;
  rate: number;
  intensity: number;
  cheap: boolean;
  clean: boolean;
  peak: boolean;
  slot?: string;
}

export interface PenaltyTimeline {
  strategy: string;
  threshold: number;
  currency: string;
  points: TimelinePoint[];
}

interface CalendarEvent {
  start: { dateTime?: string; date?: string };
  end: { dateTime?: string; date?: string };
  summary: string;
}

/** One action of `voltwise.preview_autopilot`. */
export interface PreviewAction {
  at: string;
  appliance: string;
  /** The appliance's id (newer VoltWise): holds and restores are paired by it, else by name. */
  appliance_id?: string;
  action: string;
  source: string;
  reason: string;
}

/** What the autopilot holds, as a stretch of the horizon. */
export interface AutopilotSpan {
  from: number;
  to: number;
  appliance: string;
  action: string;
  grid: boolean;
}

const HOLD_KINDS: Record<string, string> = { turn_off: "off", eco_on: "eco", set_level: "limited", schedule_resume: "delayed" };
const RESTORE_KINDS = new Set(["turn_on", "eco_off", "restore_level"]);

/**
 * The autopilot's holds over a horizon [start, end) (ms): what it holds now (the autopilot
 * sensor's `held`, until it gives it back) and what its preview would do, each action paired with
 * the restore that ends it (a hold without one lasts past the horizon).
 */
export function autopilotSpans(
  held: {
    appliance: string;
    appliance_id?: string;
    action?: string | null;
    reason: string;
    until: string | null;
    resume_at?: string | null;
  }[],
  actions: PreviewAction[],
  start: number,
  end: number,
): AutopilotSpan[] {
  const fraction = (iso: string | null | undefined, fallback: number) => {
    const at = iso ? new Date(iso).getTime() : NaN;
    return Number.isFinite(at) ? (at - start) / (end - start) : fallback;
  };
  const spans: AutopilotSpan[] = [];
  // Keyed by id, so that two appliances of one name (or a rename) never pair each other's actions.
  const key = (item: { appliance: string; appliance_id?: string }) => item.appliance_id ?? `name:${item.appliance}`;
  const open = new Map<string, AutopilotSpan>();
  for (const item of held) {
    const span = {
      from: 0,
      to: fraction(item.resume_at ?? item.until, 1),
      appliance: item.appliance,
      action: item.action ?? "held",
      grid: item.reason.startsWith("grid"),
    };
    spans.push(span);
    open.set(key(item), span);
  }
  const sorted = [...actions].sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
  for (const action of sorted) {
    const at = fraction(action.at, 0);
    if (action.action in HOLD_KINDS) {
      if (open.has(key(action))) continue;
      const span = { from: at, to: 1, appliance: action.appliance, action: HOLD_KINDS[action.action], grid: action.source === "grid_protection" };
      spans.push(span);
      open.set(key(action), span);
    } else if (RESTORE_KINDS.has(action.action)) {
      const span = open.get(key(action));
      if (span) span.to = Math.max(span.from, at);
      else spans.push({ from: 0, to: at, appliance: action.appliance, action: "held", grid: action.source === "grid_protection" });
      open.delete(key(action));
    }
  }
  return spans
    .map((span) => ({ ...span, from: Math.max(span.from, 0), to: Math.min(span.to, 1) }))
    .filter((span) => span.to > span.from);
}

/** A stretch of the horizon, as fractions [from, to) of its width. */
export interface Span<T> {
  from: number;
  to: number;
  value: T;
  first: number;
}

/** Band rows in order. */
export interface Band {
  key: string;
  label: string;
  tall?: boolean;
  render: () => TemplateResult;
}

export const HOURS_CHOICES = [12, 24, 48];
const RESOLUTION_MINUTES = 15;
const SLOT_LABELS: Record<string, string> = {
  peak: "Peak",
  normal: "Normal",
  off_peak: "Off-peak",
  solar: "Solar",
};

/** A point's tariff slot; older releases of the service only say peak or not. */
export function slotOf(point: TimelinePoint): string {
  return point.slot ?? (point.peak ? "peak" : point.cheap ? "off_peak" : "normal");
}

/** Consecutive points with the same value merged into spans. */
export function spans<T>(points: TimelinePoint[], value: (point: TimelinePoint) => T): Span<T>[] {
  const result: Span<T>[] = [];
  const n = points.length;
  points.forEach((point, index) => {
    const v = value(point);
    const last = result[result.length - 1];
    if (last && last.value === v) last.to = (index + 1) / n;
    else result.push({ from: index / n, to: (index + 1) / n, value: v, first: index });
  });
  return result;
}

/** Green (cleanest) to red (dirtiest) within the horizon's range. */
export function intensityColor(value: number, min: number, max: number): string {
  const t = max > min ? (value - min) / (max - min) : 0;
  return `hsl(${Math.round(120 * (1 - t))}, 60%, 45%)`;
}

function pct(fraction: number): string {
  return `${(Math.min(Math.max(fraction, 0), 1) * 100).toFixed(3)}%`;
}

export class VoltWiseTimelineCard extends VoltWiseCard<TimelineConfig> {
  static override styles = [
    VoltWiseCard.styles,
    css`
      .bands {
        display: grid;
        grid-template-columns: 72px 1fr;
        column-gap: 8px;
      }
      .labels,
      .tracks {
        display: flex;
        flex-direction: column;
        gap: 6px;
      }
      .labels div {
        height: 22px;
        line-height: 22px;
      }
      .labels div.tall {
        height: 48px;
        line-height: 48px;
      }
      .tracks {
        position: relative;
        cursor: crosshair;
        touch-action: pan-y;
        border-radius: 4px;
      }
      .band-label {
        font-size: 12px;
        color: var(--vw-muted);
      }
      .track {
        position: relative;
        height: 22px;
        border-radius: 4px;
        background: rgba(127, 127, 127, 0.08);
        overflow: hidden;
      }
      .track.tall {
        height: 48px;
      }
      .seg {
        position: absolute;
        top: 0;
        bottom: 0;
        font-size: 11px;
        line-height: 22px;
        color: #fff;
        overflow: hidden;
        white-space: nowrap;
        text-overflow: ellipsis;
        padding-left: 3px;
        box-sizing: border-box;
      }
      .seg.peak {
        background: var(--vw-peak);
      }
      .seg.normal {
        background: var(--vw-normal);
      }
      .seg.off_peak {
        background: var(--vw-off-peak);
      }
      .seg.solar {
        background: var(--vw-solar);
      }
      .seg.best {
        background: var(--vw-clean);
        opacity: 0.75;
      }
      .seg.next-best {
        outline: 2px solid var(--primary-text-color);
        outline-offset: -2px;
        opacity: 1;
      }
      .seg.run {
        background: var(--vw-accent);
        border-left: 1px solid var(--card-background-color, #fff);
      }
      .seg.autopilot {
        background: var(--purple-color, #926bc7);
        border-left: 1px solid var(--card-background-color, #fff);
      }
      .seg.autopilot.grid {
        background: var(--vw-peak);
      }
      svg.penalty {
        position: absolute;
        inset: 0;
        width: 100%;
        height: 100%;
      }
      .area {
        fill: var(--vw-accent);
        fill-opacity: 0.25;
        stroke: var(--vw-accent);
        stroke-width: 1.5;
      }
      .threshold {
        stroke: var(--vw-peak);
        stroke-width: 1.5;
        stroke-dasharray: 4 3;
      }
      .cursor {
        position: absolute;
        top: 0;
        bottom: 0;
        width: 2px;
        margin-left: -1px;
        background: var(--primary-text-color);
        pointer-events: none;
      }
      .axis {
        position: relative;
        height: 16px;
        font-size: 11px;
        color: var(--vw-muted);
      }
      .axis span {
        position: absolute;
        transform: translateX(-50%);
        white-space: nowrap;
      }
      .details {
        margin-top: 12px;
      }
      .legend {
        display: flex;
        gap: 10px;
        flex-wrap: wrap;
        margin-top: 8px;
        font-size: 12px;
        color: var(--vw-muted);
      }
      .legend i {
        display: inline-block;
        width: 10px;
        height: 10px;
        border-radius: 2px;
        margin-right: 4px;
        vertical-align: -1px;
      }
      @media (max-width: 480px) {
        .bands {
          grid-template-columns: 56px 1fr;
        }
      }
    `,
  ];
  static override properties = {
    ...VoltWiseCard.properties,
    timeline: { state: true },
    runs: { state: true },
    autopilot: { state: true },
    selected: { state: true },
  };

  timeline?: PenaltyTimeline;
  runs: { from: number; to: number; name: string }[] = [];
  autopilot: AutopilotSpan[] = [];
  selected = 0;

  static getConfigElement(): HTMLElement {
    return document.createElement("voltwise-timeline-card-editor");
  }

  static getStubConfig(hass: HomeAssistant): TimelineConfig {
    const home = devicesOf(hass, "home")[0];
    return { type: "custom:voltwise-timeline-card", ...(home ? { home: home.deviceId } : {}), hours: 24 };
  }

  protected override validate(config: TimelineConfig): void {
    if (config.hours !== undefined && !(Number(config.hours) > 0 && Number(config.hours) <= 48)) {
      throw new Error("hours must be between 1 and 48");
    }
  }

  override getCardSize(): number {
    return 5;
  }

  private get home(): VoltWiseDevice | undefined {
    return this.hass && this.config ? resolveHome(this.hass, this.config.home) : undefined;
  }

  private entity(domain: string, key: string): string | undefined {
    return this.hass ? entityOf(this.hass, this.home?.deviceId, domain, key) : undefined;
  }

  protected override refreshSeconds(): number {
    return 300;
  }

  protected override fingerprint(): string | undefined {
    const home = this.home;
    if (!home || !this.hass) return undefined;
    const watched = [
      this.entity("sensor", "penalty_score"),
      this.entity("select", "strategy"),
      this.entity("number", "penalty_threshold"),
      this.entity("calendar", "schedules"),
      this.entity("sensor", "autopilot_status"),
    ].map((id) => (id ? this.hass!.states[id]?.last_updated : ""));
    return [home.entryId, this.config?.hours ?? 24, ...watched].join("|");
  }

  protected override async load(): Promise<void> {
    const home = this.home;
    if (!home || !this.hass) return;
    const hours = Number(this.config?.hours ?? 24);
    const timeline = await callForResponse<PenaltyTimeline>(this.hass, "get_penalty_timeline", {
      config_entry_id: home.entryId,
      hours,
      resolution: RESOLUTION_MINUTES,
    });
    this.timeline = timeline;
    this.selected = Math.min(this.selected, Math.max(timeline.points.length - 1, 0));
    this.runs = await this.loadRuns(timeline);
    this.autopilot = await this.loadAutopilot(timeline, home.entryId, hours);
  }

  /** The autopilot's holds now and in its preview (none for a home without the autopilot). */
  private async loadAutopilot(timeline: PenaltyTimeline, entryId: string, hours: number): Promise<AutopilotSpan[]> {
    const sensor = this.entity("sensor", "autopilot_status");
    if (!sensor || !this.hass || timeline.points.length === 0) return [];
    const state = this.hass.states[sensor];
    const held = Array.isArray(state?.attributes.held) ? (state.attributes.held as Parameters<typeof autopilotSpans>[0]) : [];
    let actions: PreviewAction[] = [];
    if (state?.state !== "off") {
      try {
        const preview = await callForResponse<{ actions: PreviewAction[] }>(this.hass, "preview_autopilot", {
          config_entry_id: entryId,
          hours: Math.min(hours, 24),
        });
        actions = preview.actions ?? [];
      } catch {
        // A preview that cannot be made leaves the band with what the autopilot holds now.
      }
    }
    const start = new Date(timeline.points[0].start).getTime();
    const end = start + timeline.points.length * RESOLUTION_MINUTES * 60_000;
    return autopilotSpans(held, actions, start, end);
  }

  private async loadRuns(timeline: PenaltyTimeline): Promise<{ from: number; to: number; name: string }[]> {
    const calendar = this.entity("calendar", "schedules");
    if (!calendar || !this.hass || timeline.points.length === 0) return [];
    const start = new Date(timeline.points[0].start).getTime();
    const end = start + timeline.points.length * RESOLUTION_MINUTES * 60_000;
    const events = await this.hass.callApi<CalendarEvent[]>(
      "GET",
      `calendars/${calendar}?start=${encodeURIComponent(new Date(start).toISOString())}&end=${encodeURIComponent(new Date(end).toISOString())}`,
    );
    return events
      .filter((event) => event.start.dateTime && event.end.dateTime)
      .map((event) => ({
        from: (new Date(event.start.dateTime!).getTime() - start) / (end - start),
        to: (new Date(event.end.dateTime!).getTime() - start) / (end - start),
        name: event.summary,
      }))
      .filter((run) => run.to > 0 && run.from < 1);
  }

  protected bands(points: TimelinePoint[], timeline: PenaltyTimeline): Band[] {
    const intensities = points.map((p) => p.intensity);
    const min = Math.min(...intensities);
    const max = Math.max(...intensities);
    const nextBest = this.nextBestFraction(points);
    return [
      {
        key: "tariff",
        label: "Tariff",
        render: () =>
          html`<div class="track">
            ${spans(points, slotOf).map(
              (s) => html`<div class="seg ${s.value}" style="left:${pct(s.from)};width:${pct(s.to - s.from)}">
                ${SLOT_LABELS[s.value] ?? s.value}
              </div>`,
            )}
          </div>`,
      },
      {
        key: "carbon",
        label: "Carbon",
        render: () =>
          html`<div class="track">
            ${spans(points, (p) => p.intensity).map(
              (s) => html`<div
                class="seg"
                style="left:${pct(s.from)};width:${pct(s.to - s.from)};background:${intensityColor(s.value, min, max)}"
              ></div>`,
            )}
          </div>`,
      },
      {
        key: "penalty",
        label: "Penalty",
        tall: true,
        render: () => html`<div class="track tall">${this.penaltyChart(points, timeline.threshold)}</div>`,
      },
      {
        key: "best",
        label: "Best",
        render: () =>
          html`<div class="track">
            ${spans(points, (p) => p.cheap && p.clean)
              .filter((s) => s.value)
              .map(
                (s) => html`<div
                  class="seg best ${nextBest !== undefined && nextBest >= s.from && nextBest < s.to ? "next-best" : ""}"
                  style="left:${pct(s.from)};width:${pct(s.to - s.from)}"
                  title="Cheap and clean"
                ></div>`,
              )}
          </div>`,
      },
      {
        key: "autopilot",
        label: "Autopilot",
        render: () =>
          html`<div class="track">
            ${this.autopilot.map(
              (hold) => html`<div
                class="seg autopilot ${hold.grid ? "grid" : ""}"
                style="left:${pct(hold.from)};width:${pct(hold.to - hold.from)}"
                title="${hold.appliance}: ${hold.action}"
              >
                ${hold.appliance}: ${hold.action}
              </div>`,
            )}
          </div>`,
      },
      {
        key: "runs",
        label: "Runs",
        render: () =>
          html`<div class="track">
            ${this.runs.map(
              (run) => html`<div class="seg run" style="left:${pct(run.from)};width:${pct(run.to - run.from)}" title=${run.name}>
                ${run.name}
              </div>`,
            )}
          </div>`,
      },
    ];
  }

  private nextBestFraction(points: TimelinePoint[]): number | undefined {
    const sensor = this.entity("sensor", "best_window_start");
    const state = sensor ? this.hass?.states[sensor]?.state : undefined;
    if (!state || points.length === 0) return undefined;
    const at = new Date(state).getTime();
    const start = new Date(points[0].start).getTime();
    const fraction = (at - start) / (points.length * RESOLUTION_MINUTES * 60_000);
    return Number.isFinite(fraction) && fraction >= 0 && fraction < 1 ? fraction : undefined;
  }

  private penaltyChart(points: TimelinePoint[], threshold: number): TemplateResult {
    const n = points.length;
    const coords = points.flatMap((p, i) => [`${i},${(1 - p.penalty) * 100}`, `${i + 1},${(1 - p.penalty) * 100}`]);
    const area = `0,100 ${coords.join(" ")} ${n},100`;
    const y = (1 - threshold) * 100;
    return html`<svg class="penalty" viewBox="0 0 ${n} 100" preserveAspectRatio="none" aria-hidden="true">
      ${svg`<polygon class="area" points=${area} vector-effect="non-scaling-stroke"></polygon>
      <line class="threshold" x1="0" x2=${n} y1=${y} y2=${y} vector-effect="non-scaling-stroke"></line>`}
    </svg>`;
  }

  private axis(points: TimelinePoint[]): TemplateResult {
    const n = points.length;
    const stepHours = n > 120 ? 12 : 6;
    // A tick on each whole hour (every 6 or 12 h) of the home's clock, placed exactly even though
    // the points start at "now" rounded to 5 minutes; midnight shows the day instead.
    const ticks = points.flatMap((p, i) => {
      const minutes = wallMinutes(p.start);
      const previous = i > 0 ? wallMinutes(points[i - 1].start) : -1;
      const hour = Math.floor(minutes / 60);
      if (i === 0 || Math.floor(previous / 60) === hour || hour % stepHours !== 0) return [];
      const label = hour === 0 ? weekdayName(this.hass, wallDate(p.start)) : `${String(hour).padStart(2, "0")}:00`;
      return [{ at: (i - (minutes % 60) / RESOLUTION_MINUTES) / n, label }];
    });
    return html`<div></div>
      <div class="axis" aria-hidden="true">
        ${ticks.map((tick) => html`<span style="left:${pct(tick.at)}">${tick.label}</span>`)}
      </div>`;
  }

  private select(index: number): void {
    const n = this.timeline?.points.length ?? 0;
    if (n === 0) return;
    this.selected = Math.min(Math.max(index, 0), n - 1);
  }

  private onPointer(event: PointerEvent): void {
    const target = event.currentTarget as HTMLElement;
    const rect = target.getBoundingClientRect();
    const n = this.timeline?.points.length ?? 0;
    if (rect.width <= 0 || n === 0) return;
    this.select(Math.floor(((event.clientX - rect.left) / rect.width) * n));
  }

  private onKey(event: KeyboardEvent): void {
    const n = this.timeline?.points.length ?? 0;
    const steps: Record<string, number> = {
      ArrowRight: 1,
      ArrowUp: 1,
      ArrowLeft: -1,
      ArrowDown: -1,
      PageUp: 4,
      PageDown: -4,
    };
    if (event.key in steps) this.select(this.selected + steps[event.key]);
    else if (event.key === "Home") this.select(0);
    else if (event.key === "End") this.select(n - 1);
    else return;
    event.preventDefault();
  }

  describe(point: TimelinePoint, timeline: PenaltyTimeline): string {
    const slot = SLOT_LABELS[slotOf(point)] ?? slotOf(point);
    return [
      dayAndTime(this.hass, point.start),
      slot,
      `${formatCurrency(this.hass, point.rate, timeline.currency)}/kWh`,
      `${formatNumber(this.hass, point.intensity)} gCO2eq/kWh`,
      `penalty ${formatNumber(this.hass, point.penalty, 2)}`,
    ].join(", ");
  }

  protected override render(): TemplateResult | typeof nothing {
    if (!this.hass || !this.config) return nothing;
    const home = this.home;
    if (!home) return this.notice("No VoltWise home found. Add one under Settings > Devices & services.");
    const hours = Number(this.config.hours ?? 24);
    const title = this.config.title ?? `${home.name}: next ${hours} h`;
    const timeline = this.timeline;
    if (this.loadError && !timeline) {
      return html`<ha-card><div class="title">${title}</div><div class="error">${this.loadError}</div></ha-card>`;
    }
    if (!timeline || timeline.points.length === 0) {
      return html`<ha-card><div class="title">${title}</div><div class="muted">Loading…</div></ha-card>`;
    }
    const points = timeline.points;
    const point = points[this.selected] ?? points[0];
    const bands = this.bands(points, timeline);
    const above = point.penalty > timeline.threshold;
    return html`<ha-card>
      <div class="header">
        <div class="title">${title}</div>
        <div class="subtitle">Strategy: ${timeline.strategy.replace("_", " ")} · threshold ${formatNumber(this.hass, timeline.threshold, 2)}</div>
      </div>
      <div class="bands">
        <div class="labels" aria-hidden="true">
          ${bands.map((band) => html`<div class="band-label ${band.tall ? "tall" : ""}">${band.label}</div>`)}
        </div>
        <div
          class="tracks"
          role="slider"
          tabindex="0"
          aria-label="Time on the timeline"
          aria-valuemin="0"
          aria-valuemax=${points.length - 1}
          aria-valuenow=${this.selected}
          aria-valuetext=${this.describe(point, timeline)}
          @pointerdown=${this.onPointer}
          @keydown=${this.onKey}
        >
          ${bands.map((band) => band.render())}
          <div class="cursor" style="left:${pct((this.selected + 0.5) / points.length)}"></div>
        </div>
        ${this.axis(points)}
      </div>
      <div class="details grid" aria-live="polite">
        <div class="stat"><div class="label">Time</div><div class="value time">${dayAndTime(this.hass, point.start)}</div></div>
        <div class="stat"><div class="label">Tariff</div><div class="value slot">${SLOT_LABELS[slotOf(point)] ?? slotOf(point)}</div></div>
        <div class="stat"><div class="label">Rate</div><div class="value rate">${formatCurrency(this.hass, point.rate, timeline.currency)}/kWh</div></div>
        <div class="stat"><div class="label">Carbon intensity</div><div class="value intensity">${formatNumber(this.hass, point.intensity)} g/kWh</div></div>
        <div class="stat">
          <div class="label">Penalty</div>
          <div class="value penalty">${formatNumber(this.hass, point.penalty, 2)} ${above ? html`<span class="badge">above threshold</span>` : nothing}</div>
        </div>
      </div>
      <div class="legend" aria-hidden="true">
        <span><i style="background:var(--vw-peak)"></i>Peak</span>
        <span><i style="background:var(--vw-normal)"></i>Normal</span>
        <span><i style="background:var(--vw-off-peak)"></i>Off-peak</span>
        <span><i style="background:var(--vw-solar)"></i>Solar</span>
        <span><i style="background:var(--vw-clean)"></i>Best window (cheap and clean)</span>
        <span><i style="background:var(--purple-color, #926bc7)"></i>Autopilot holds</span>
        <span><i style="background:var(--vw-accent)"></i>Scheduled run</span>
      </div>
      ${this.loadError ? html`<div class="error">${this.loadError}</div>` : nothing}
    </ha-card>`;
  }
}

export class VoltWiseTimelineCardEditor extends VoltWiseEditor<TimelineConfig> {
  protected override render(): TemplateResult | typeof nothing {
    if (!this.hass || !this.config) return nothing;
    const homes = devicesOf(this.hass, "home").map((home) => ({ value: home.deviceId, label: home.name }));
    return html`<div class="editor">
      ${this.select("home", "Home", homes)}
      ${this.select(
        "hours",
        "Hours ahead",
        HOURS_CHOICES.map((hours) => ({ value: String(hours), label: `${hours} h` })),
      )}
      ${this.text("title", "Title (optional)")}
    </div>`;
  }

  protected override set(key: string, value: unknown): void {
    super.set(key, key === "hours" && value !== "" ? Number(value) : value);
  }
}

export function suggestTimeline(hass: HomeAssistant, entityId: string): CardSuggestion | null {
  const device = deviceOfEntity(hass, entityId);
  if (device?.kind !== "home") return null;
  return { config: { type: "custom:voltwise-timeline-card", home: device.deviceId, hours: 24 } };
}
