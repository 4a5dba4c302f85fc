// The plan a plant follows, as voltwise.get_plant_plan returns it, and the pure helpers the plant
// card edits it with (a draft of one daily schedule, saved whole through set_daily_schedule).
import { WEEKDAYS, hhmm, parseHhmm, type Weekday } from "../lib/format";

export interface PlanSegment {
  start: string;
  end: string;
  peak_shaving_w: number;
  grid_charging_allowed: boolean;
}

export interface PlanSchedule {
  id: string;
  name: string;
  segments: PlanSegment[];
}

export interface PlanCollection {
  id: string;
  name: string;
  schedules: PlanSchedule[];
  week: Partial<Record<Weekday, { schedule: string; priority: number }[]>>;
}

export interface PlantPlan {
  bounds: { min_w: number; max_w: number };
  defaults: { peak_shaving_w: number; grid_charging_allowed: boolean };
  active_collection: string;
  collections: PlanCollection[];
  override: {
    mode: string;
    starts_at: string;
    ends_at: string | null;
    peak_shaving_w: number | null;
    grid_charging_allowed: boolean | null;
  } | null;
}

export interface PlanNow {
  peak_shaving_w: number;
  grid_charging_allowed: boolean;
  source: "segment" | "defaults" | "override";
  schedule: string | null;
  segment: string | null;
  next_change: string | null;
}

export interface PlantPlanResponse {
  plan: PlantPlan;
  now: PlanNow;
}

/** A segment being edited: minutes of the local day. */
export interface DraftSegment {
  start: number;
  end: number;
  peak_shaving_w: number;
  grid_charging_allowed: boolean;
}

export interface Draft {
  /** The schedule's name before the edit (undefined: a new schedule). */
  original?: string;
  name: string;
  segments: DraftSegment[];
}

export const STEP_MINUTES = 15;
export const DAY_MINUTES = 1440;
export const POWER_STEP_W = 100;

export function activeCollection(plan: PlantPlan): PlanCollection | undefined {
  return plan.collections.find((collection) => collection.id === plan.active_collection);
}

export function draftOf(schedule: PlanSchedule): Draft {
  return {
    original: schedule.name,
    name: schedule.name,
    segments: schedule.segments.map((segment) => ({
      start: parseHhmm(segment.start) ?? 0,
      end: parseHhmm(segment.end) ?? DAY_MINUTES,
      peak_shaving_w: segment.peak_shaving_w,
      grid_charging_allowed: segment.grid_charging_allowed,
    })),
  };
}

/** The segments in the shape set_daily_schedule takes, in time order. */
export function serviceSegments(draft: Draft): PlanSegment[] {
  return [...draft.segments]
    .sort((a, b) => a.start - b.start)
    .map((segment) => ({
      start: hhmm(segment.start),
      end: hhmm(segment.end),
      peak_shaving_w: segment.peak_shaving_w,
      grid_charging_allowed: segment.grid_charging_allowed,
    }));
}

/** A new one-hour segment in the first free hour after the last one (or at midnight). */
export function addSegment(draft: Draft, defaults: PlantPlan["defaults"]): Draft {
  const sorted = [...draft.segments].sort((a, b) => a.start - b.start);
  const last = sorted[sorted.length - 1];
  let start = last ? last.end : 0;
  if (start >= DAY_MINUTES) start = 0;
  const end = Math.min(start + 60, DAY_MINUTES);
  return {
    ...draft,
    segments: [...draft.segments, { start, end, peak_shaving_w: defaults.peak_shaving_w, grid_charging_allowed: defaults.grid_charging_allowed }],
  };
}

/** Move a segment by `minutes`, keeping its length and staying within the day. */
export function moveSegment(draft: Draft, index: number, minutes: number): Draft {
  const segment = draft.segments[index];
  if (!segment) return draft;
  const length = segment.end - segment.start;
  const start = Math.min(Math.max(segment.start + minutes, 0), DAY_MINUTES - length);
  return updateSegment(draft, index, { start, end: start + length });
}

export function updateSegment(draft: Draft, index: number, change: Partial<DraftSegment>): Draft {
  return { ...draft, segments: draft.segments.map((segment, i) => (i === index ? { ...segment, ...change } : segment)) };
}

export function removeSegment(draft: Draft, index: number): Draft {
  return { ...draft, segments: draft.segments.filter((_, i) => i !== index) };
}

/** Assignments of one weekday, highest priority first, with their schedules. */
export function dayAssignments(
  collection: PlanCollection,
  day: Weekday,
): { schedule: PlanSchedule; priority: number }[] {
  return (collection.week[day] ?? [])
    .map((item) => ({ schedule: collection.schedules.find((s) => s.id === item.schedule), priority: item.priority }))
    .filter((item): item is { schedule: PlanSchedule; priority: number } => item.schedule !== undefined)
    .sort((a, b) => b.priority - a.priority);
}

export function quarterHours(): number[] {
  return Array.from({ length: DAY_MINUTES / STEP_MINUTES + 1 }, (_, i) => i * STEP_MINUTES);
}

export { WEEKDAYS };
