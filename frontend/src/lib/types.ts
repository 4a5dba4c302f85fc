// The parts of Home Assistant's frontend `hass` object the cards use. Kept minimal on purpose:
// everything here exists in 2026.2; newer helpers are optional and feature-tested at run time.

export interface HassEntity {
  entity_id: string;
  state: string;
  attributes: Record<string, unknown> & { friendly_name?: string; unit_of_measurement?: string };
  last_changed: string;
  last_updated: string;
}

/** hass.entities: the entity registry as the frontend keeps it for display. */
export interface EntityRegistryEntry {
  entity_id: string;
  platform: string;
  device_id?: string;
  translation_key?: string;
  name?: string | null;
  has_entity_name?: boolean;
  entity_category?: string | null;
  hidden?: boolean;
}

/** hass.devices: the device registry. */
export interface DeviceEntry {
  id: string;
  name: string | null;
  name_by_user?: string | null;
  config_entries: string[];
  primary_config_entry?: string | null;
  /** The subentries of each config entry the device belongs to (an appliance's is its id). */
  config_entries_subentries?: Record<string, (string | null)[]>;
  manufacturer?: string | null;
  model?: string | null;
}

export type EntityNameItem = { type: "device" } | { type: "entity" } | { type: "area" } | { type: "text"; text: string };

export interface HomeAssistant {
  states: Record<string, HassEntity>;
  entities: Record<string, EntityRegistryEntry>;
  devices: Record<string, DeviceEntry>;
  config: { time_zone: string; currency?: string };
  locale?: { language: string };
  language?: string;
  themes?: { darkMode?: boolean };
  callWS<T>(message: Record<string, unknown>): Promise<T>;
  callApi<T>(method: "GET" | "POST", path: string, data?: Record<string, unknown>): Promise<T>;
  /** Home Assistant 2026.4 and newer. */
  formatEntityName?: (
    stateObj: HassEntity,
    items: EntityNameItem[] | EntityNameItem,
    options?: { separator?: string },
  ) => string;
}

export interface LovelaceCardConfig {
  type: string;
  title?: string;
  [key: string]: unknown;
}

export interface CardSuggestion {
  config: LovelaceCardConfig;
  label?: string;
}

export interface CustomCardEntry {
  type: string;
  name: string;
  description: string;
  preview?: boolean;
  documentationURL?: string;
  getEntitySuggestion?: (hass: HomeAssistant, entityId: string) => CardSuggestion | null;
}

declare global {
  interface Window {
    customCards?: CustomCardEntry[];
  }
}
