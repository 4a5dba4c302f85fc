// Calls to VoltWise's services over the websocket, the way Home Assistant's own frontend makes
// them. Errors are returned to the card to show inline (hass.callService would also raise a toast).
import type { HomeAssistant } from "./types";

export const DOMAIN = "voltwise";

interface ServiceResult<T> {
  context: unknown;
  response: T;
}

/** A VoltWise service that answers with data (get_penalty_timeline, list_schedules, ...). */
export async function callForResponse<T>(
  hass: HomeAssistant,
  service: string,
  data: Record<string, unknown>,
): Promise<T> {
  const result = await hass.callWS<ServiceResult<T>>({
    type: "call_service",
    domain: DOMAIN,
    service,
    service_data: data,
    return_response: true,
  });
  return result.response;
}

/** A VoltWise service that acts (set_daily_schedule, cancel_schedule, ...). */
export async function callAction(
  hass: HomeAssistant,
  service: string,
  data: Record<string, unknown>,
  domain: string = DOMAIN,
): Promise<void> {
  await hass.callWS({ type: "call_service", domain, service, service_data: data });
}

/** The text a user should read for a failed call: the translated message when there is one. */
export function errorText(err: unknown): string {
  if (err && typeof err === "object") {
    const message = (err as { message?: unknown }).message;
    if (typeof message === "string" && message) return message;
    const code = (err as { code?: unknown }).code;
    if (typeof code === "string" && code) return code;
  }
  if (typeof err === "string" && err) return err;
  return "Something went wrong";
}
