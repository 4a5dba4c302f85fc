// The base of the cards' visual editors: plain, keyboard-friendly form controls (not Home
// Assistant's internal components, which change between releases) that send `config-changed`.
import { LitElement, html, nothing, type TemplateResult } from "lit";
import type { HomeAssistant, LovelaceCardConfig } from "./types";
import { editorStyles } from "./styles";

export interface Choice {
  value: string;
  label: string;
}

export abstract class VoltWiseEditor<C extends LovelaceCardConfig> extends LitElement {
  static override styles = editorStyles;
  static override properties = {
    hass: { attribute: false },
    config: { state: true },
  };

  hass?: HomeAssistant;
  config?: C;

  setConfig(config: C): void {
    this.config = { ...config };
  }

  /** Change one option (undefined or "" removes it) and tell Lovelace. */
  protected set(key: string, value: unknown): void {
    if (!this.config) return;
    const next: Record<string, unknown> = { ...this.config };
    if (value === undefined || value === "") delete next[key];
    else next[key] = value;
    this.config = next as C;
    this.dispatchEvent(
      new CustomEvent("config-changed", { detail: { config: this.config }, bubbles: true, composed: true }),
    );
  }

  protected select(key: string, label: string, choices: Choice[], emptyLabel?: string): TemplateResult {
    const current = String(this.config?.[key] ?? "");
    return html`<label>
      ${label}
      <select
        name=${key}
        @change=${(event: Event) => this.set(key, (event.target as HTMLSelectElement).value)}
      >
        ${emptyLabel !== undefined ? html`<option value="" ?selected=${current === ""}>${emptyLabel}</option>` : nothing}
        ${choices.map(
          (choice) => html`<option value=${choice.value} ?selected=${choice.value === current}>${choice.label}</option>`,
        )}
      </select>
    </label>`;
  }

  protected text(key: string, label: string): TemplateResult {
    return html`<label>
      ${label}
      <input
        name=${key}
        .value=${String(this.config?.[key] ?? "")}
        @change=${(event: Event) => this.set(key, (event.target as HTMLInputElement).value.trim())}
      />
    </label>`;
  }
}
