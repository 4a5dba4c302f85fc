// Find VoltWise's homes, appliances and plants through the registries the frontend already has
// (hass.entities and hass.devices), by the translation keys of their entities: no entity id is
// ever guessed from a name, so renamed entities and devices keep working.
import type { DeviceEntry, EntityRegistryEntry, HomeAssistant } from "./types";
import { DOMAIN } from "./services";

export type DeviceKind = "home" | "appliance" | "plant";

/** The entity each kind of device always has, by translation key and domain. */
const MARKERS: Record<DeviceKind, { domain: string; key: string | undefined }> = {
  home: { domain: "sensor", key: "tariff_rate" },
  appliance: { domain: "sensor", key: "status" },
  plant: { domain: "sensor", key: "active_schedule" },
};

export interface VoltWiseDevice {
  kind: DeviceKind;
  deviceId: string;
  /** The home's config entry (a home, or the home an appliance or plant belongs to). */
  entryId: string;
  name: string;
}

function domainOf(entityId: string): string {
  return entityId.split(".", 1)[0];
}

/** Every VoltWise entity of the registry. */
export function voltwiseEntities(hass: HomeAssistant): EntityRegistryEntry[] {
  return Object.values(hass.entities ?? {}).filter((entry) => entry.platform === DOMAIN);
}

export function deviceName(device: DeviceEntry | undefined): string {
  return device?.name_by_user || device?.name || "";
}

export function entryOf(device: DeviceEntry | undefined): string {
  return device?.primary_config_entry ?? device?.config_entries?.[0] ?? "";
}

/** An appliance's id (its subentry of the home), which a rename does not change. */
export function applianceIdOf(hass: HomeAssistant, device: VoltWiseDevice): string | undefined {
  const subentries = hass.devices?.[device.deviceId]?.config_entries_subentries?.[device.entryId];
  return subentries?.find((id): id is string => typeof id === "string") ?? undefined;
}

/** The VoltWise entity of a device with this domain and translation key (the main one: none). */
export function entityOf(
  hass: HomeAssistant,
  deviceId: string | undefined,
  domain: string,
  key?: string,
): string | undefined {
  if (!deviceId) return undefined;
  return voltwiseEntities(hass).find(
    (entry) =>
      entry.device_id === deviceId &&
      domainOf(entry.entity_id) === domain &&
      (entry.translation_key ?? undefined) === key,
  )?.entity_id;
}

/** What a device is to VoltWise, if it is one of its devices. */
export function describeDevice(hass: HomeAssistant, deviceId: string | undefined): VoltWiseDevice | undefined {
  if (!deviceId) return undefined;
  const device = hass.devices?.[deviceId];
  if (!device) return undefined;
  for (const kind of Object.keys(MARKERS) as DeviceKind[]) {
    const marker = MARKERS[kind];
    if (entityOf(hass, deviceId, marker.domain, marker.key)) {
      return { kind, deviceId, entryId: entryOf(device), name: deviceName(device) };
    }
  }
  return undefined;
}

/** Devices of one kind, sorted by name; only those of one home when `entryId` is given. */
export function devicesOf(hass: HomeAssistant, kind: DeviceKind, entryId?: string): VoltWiseDevice[] {
  const marker = MARKERS[kind];
  const seen = new Set<string>();
  const found: VoltWiseDevice[] = [];
  for (const entry of voltwiseEntities(hass)) {
    if (!entry.device_id || seen.has(entry.device_id)) continue;
    if (domainOf(entry.entity_id) !== marker.domain || entry.translation_key !== marker.key) continue;
    seen.add(entry.device_id);
    const device = hass.devices?.[entry.device_id];
    if (!device) continue;
    const described = { kind, deviceId: entry.device_id, entryId: entryOf(device), name: deviceName(device) };
    if (!entryId || described.entryId === entryId) found.push(described);
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** The home a card names, else the only (or first) home. */
export function resolveHome(hass: HomeAssistant, deviceId?: string): VoltWiseDevice | undefined {
  const homes = devicesOf(hass, "home");
  return homes.find((home) => home.deviceId === deviceId) ?? (deviceId ? undefined : homes[0]);
}

/** The VoltWise device an entity belongs to (any of its entities names it). */
export function deviceOfEntity(hass: HomeAssistant, entityId: string): VoltWiseDevice | undefined {
  const entry = hass.entities?.[entityId];
  if (!entry || entry.platform !== DOMAIN) return undefined;
  return describeDevice(hass, entry.device_id);
}

/** An appliance's on/off switch (its main entity): what the schedule services take. */
export function applianceSwitch(hass: HomeAssistant, deviceId: string): string | undefined {
  return entityOf(hass, deviceId, "switch", undefined);
}
