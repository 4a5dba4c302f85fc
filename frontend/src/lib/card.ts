// The base every VoltWise card extends: config handling, the "not found" notices, sizing, and
// one place that fetches service data when the entities it depends on change.
import { LitElement, html, type CSSResultGroup, type PropertyValues, type TemplateResult } from "lit";
import type { HomeAssistant, LovelaceCardConfig } from "./types";
import { errorText } from "./services";
import { cardStyles } from "./styles";

export abstract class VoltWiseCard<C extends LovelaceCardConfig> extends LitElement {
  static override styles: CSSResultGroup = cardStyles;
  static override properties = {
    hass: { attribute: false },
    config: { state: true },
    loadError: { state: true },
  };

  hass?: HomeAssistant;
  config?: C;
  loadError?: string;
  private lastFingerprint?: string;
  private loading = false;
  private reloadAgain = false;
  private reloadTimer?: ReturnType<typeof setInterval>;

  /** Lovelace calls this with the card's YAML; a wrong config shows Lovelace's error card. */
  setConfig(config: C): void {
    if (!config || typeof config !== "object") throw new Error("Invalid configuration");
    this.validate(config);
    this.config = { ...config };
    this.lastFingerprint = undefined;
  }

  protected validate(_config: C): void {}

  getCardSize(): number {
    return 4;
  }

  /** The entity states (and config) whose change means the service data must be fetched again. */
  protected fingerprint(): string | undefined {
    return undefined;
  }

  /** Fetch the card's service data (get_penalty_timeline, list_schedules, get_plant_plan...). */
  protected async load(): Promise<void> {}

  /** Seconds between refreshes even when nothing changed (0: only on change). */
  protected refreshSeconds(): number {
    return 0;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const seconds = this.refreshSeconds();
    if (seconds > 0) {
      this.reloadTimer = setInterval(() => void this.reload(), seconds * 1000);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.reloadTimer) clearInterval(this.reloadTimer);
    this.reloadTimer = undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (!this.hass || !this.config) return;
    if (!changed.has("hass") && !changed.has("config")) return;
    const fingerprint = this.fingerprint();
    if (fingerprint !== undefined && fingerprint !== this.lastFingerprint) {
      this.lastFingerprint = fingerprint;
      void this.reload();
    }
  }

  /**
   * Load now; errors are kept for the card to show instead of its data. A change that arrives
   * while a load is under way loads once more after it, so the last change is never missed.
   */
  async reload(): Promise<void> {
    if (!this.hass || !this.config) return;
    if (this.loading) {
      this.reloadAgain = true;
      return;
    }
    this.loading = true;
    try {
      do {
        this.reloadAgain = false;
        try {
          await this.load();
          this.loadError = undefined;
        } catch (err) {
          this.loadError = errorText(err);
        }
      } while (this.reloadAgain);
    } finally {
      this.loading = false;
      this.requestUpdate();
    }
  }

  protected notice(message: string): TemplateResult {
    return html`<ha-card><div class="notice">${message}</div></ha-card>`;
  }
}
