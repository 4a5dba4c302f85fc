// Formatting in the home's terms. Times that VoltWise's services return carry the home's UTC
// offset (2026-03-01T18:00:00+05:30), so their wall-clock part *is* the home's local time, exact
// across DST changes; instants from entity states are shown in Home Assistant's time zone.
import type { HassEntity, HomeAssistant } from "./types";

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export { WEEKDAYS };

export function language(hass: HomeAssistant | undefined): string {
  return hass?.locale?.language || hass?.language || "en";
}

const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/;

/** "HH:MM" of an ISO time with offset, in the zone of that offset (the home's). */
export function wallClock(iso: string): string {
  const match = ISO_LOCAL.exec(iso);
  return match ? `${match[4]}:${match[5]}` : iso;
}

/** The local calendar date "YYYY-MM-DD" of an ISO time with offset. */
export function wallDate(iso: string): string {
  return iso.slice(0, 10);
}

/** Minutes since local midnight of an ISO time with offset. */
export function wallMinutes(iso: string): number {
  const match = ISO_LOCAL.exec(iso);
  return match ? Number(match[4]) * 60 + Number(match[5]) : 0;
}

/** Short weekday name of a local date, in the user's language ("Mon"). */
export function weekdayName(hass: HomeAssistant | undefined, isoDate: string): string {
  const [y, m, d] = isoDate.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d, 12));
  return new Intl.DateTimeFormat(language(hass), { weekday: "short", timeZone: "UTC" }).format(date);
}

/** "Mon 18:00" or "18:00" when it is on `referenceDate` (a home-local ISO time with offset). */
export function dayAndTime(hass: HomeAssistant | undefined, iso: string, referenceDate?: string): string {
  const time = wallClock(iso);
  const day = wallDate(iso);
  return referenceDate && day === referenceDate ? time : `${weekdayName(hass, day)} ${time}`;
}

/** An instant (entity state, UTC) in a time zone: "Mon 18:00". */
export function formatInstant(hass: HomeAssistant | undefined, value: string | Date, timeZone?: string): string {
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  try {
    return new Intl.DateTimeFormat(language(hass), {
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZone: timeZone || hass?.config?.time_zone,
    }).format(date);
  } catch {
    return date.toISOString();
  }
}

export function formatCurrency(hass: HomeAssistant | undefined, value: number, currency?: string): string {
  const code = currency || hass?.config?.currency;
  if (!code) return formatNumber(hass, value, 2);
  try {
    return new Intl.NumberFormat(language(hass), {
      style: "currency",
      currency: code,
      maximumFractionDigits: 2,
    }).format(value);
  } catch {
    return `${formatNumber(hass, value, 2)} ${code}`;
  }
}

export function formatNumber(hass: HomeAssistant | undefined, value: number, digits = 0): string {
  return new Intl.NumberFormat(language(hass), { maximumFractionDigits: digits }).format(value);
}

export function formatWatts(hass: HomeAssistant | undefined, watts: number): string {
  return `${formatNumber(hass, watts)} W`;
}

/**
 * An entity's name as the built-in cards show it: Home Assistant's own helper where it exists
 * (2026.4+: device and entity name from the registries), else its friendly name (2026.2).
 */
export function entityName(
  hass: HomeAssistant,
  entityId: string | undefined,
  part: "full" | "entity" = "full",
): string {
  if (!entityId) return "";
  const stateObj: HassEntity | undefined = hass.states?.[entityId];
  if (!stateObj) return entityId;
  if (typeof hass.formatEntityName === "function") {
    try {
      const items = part === "entity" ? [{ type: "entity" as const }] : [{ type: "device" as const }, { type: "entity" as const }];
      const name = hass.formatEntityName(stateObj, items, { separator: " " });
      if (name) return name;
    } catch {
      // An older or changed helper: fall through to the friendly name.
    }
  }
  const friendly = stateObj.attributes.friendly_name;
  if (typeof friendly !== "string" || !friendly) return entityId;
  if (part === "entity") {
    // 2026.2: the friendly name is "<device> <entity>" for entities named after their device.
    const entry = hass.entities?.[entityId];
    const device = entry?.has_entity_name && entry.device_id ? hass.devices?.[entry.device_id] : undefined;
    const prefix = device ? device.name_by_user || device.name : undefined;
    if (prefix && friendly.startsWith(`${prefix} `)) return friendly.slice(prefix.length + 1);
  }
  return friendly;
}

/** A state that is no value at all. */
export function isMissing(state: string | undefined): boolean {
  return state === undefined || state === "unknown" || state === "unavailable";
}

/** "HH:MM" of minutes since midnight (1440 is "24:00"). */
export function hhmm(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

export function parseHhmm(value: string): number | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!match) return undefined;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= 1440 && Number(match[2]) < 60 ? minutes : undefined;
}
