// Look and feel from Home Assistant's theme variables, so every theme (light, dark, custom) applies.
import { css } from "lit";

export const cardStyles = css`
  :host {
    display: block;
    --vw-peak: var(--error-color, #db4437);
    --vw-normal: var(--warning-color, #ffa600);
    --vw-off-peak: var(--success-color, #43a047);
    --vw-solar: var(--amber-color, #f5b800);
    --vw-clean: var(--success-color, #43a047);
    --vw-dirty: var(--error-color, #db4437);
    --vw-muted: var(--secondary-text-color, #727272);
    --vw-line: var(--divider-color, rgba(127, 127, 127, 0.3));
    --vw-accent: var(--primary-color, #03a9f4);
    --vw-gap: 12px;
  }
  ha-card {
    padding: 16px;
    box-sizing: border-box;
    color: var(--primary-text-color);
    background: var(--ha-card-background, var(--card-background-color, #fff));
    border-radius: var(--ha-card-border-radius, 12px);
  }
  .header {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: 8px;
    flex-wrap: wrap;
    margin-bottom: 12px;
  }
  .title {
    font-size: var(--ha-font-size-xl, 20px);
    font-weight: var(--ha-font-weight-medium, 500);
    line-height: 1.3;
  }
  .subtitle,
  .muted {
    color: var(--vw-muted);
    font-size: var(--ha-font-size-s, 13px);
  }
  .notice {
    padding: 8px 12px;
    border-radius: 8px;
    background: rgba(127, 127, 127, 0.12);
  }
  .error {
    color: var(--error-color, #db4437);
    background: rgba(219, 68, 55, 0.1);
    padding: 8px 12px;
    border-radius: 8px;
    margin: 8px 0;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(140px, 1fr));
    gap: var(--vw-gap);
  }
  .stat .label {
    color: var(--vw-muted);
    font-size: var(--ha-font-size-s, 13px);
  }
  .stat .value {
    font-size: var(--ha-font-size-l, 18px);
    font-weight: var(--ha-font-weight-medium, 500);
  }
  button,
  select,
  input {
    font: inherit;
    color: var(--primary-text-color);
  }
  button {
    cursor: pointer;
    border: 1px solid var(--vw-line);
    background: transparent;
    border-radius: 18px;
    padding: 6px 14px;
    min-height: 36px;
  }
  button.primary {
    background: var(--vw-accent);
    border-color: var(--vw-accent);
    color: var(--text-primary-color, #fff);
  }
  button.danger {
    color: var(--error-color, #db4437);
  }
  button[disabled] {
    opacity: 0.5;
    cursor: default;
  }
  button:focus-visible,
  select:focus-visible,
  input:focus-visible,
  [tabindex]:focus-visible {
    outline: 2px solid var(--vw-accent);
    outline-offset: 2px;
  }
  select,
  input {
    background: var(--input-fill-color, var(--secondary-background-color, transparent));
    border: 1px solid var(--vw-line);
    border-radius: 6px;
    padding: 6px 8px;
    min-height: 36px;
    box-sizing: border-box;
  }
  label.field {
    display: flex;
    flex-direction: column;
    gap: 4px;
    font-size: var(--ha-font-size-s, 13px);
    color: var(--vw-muted);
  }
  .row {
    display: flex;
    gap: 8px;
    flex-wrap: wrap;
    align-items: center;
  }
  .badge {
    display: inline-block;
    padding: 2px 8px;
    border-radius: 10px;
    font-size: 12px;
    font-weight: 500;
    background: rgba(127, 127, 127, 0.15);
  }
  .badge.override {
    background: var(--pink-color, #e91e63);
    color: #fff;
  }
  .tabs {
    display: flex;
    gap: 4px;
    margin-bottom: 12px;
  }
  .tabs button[aria-selected="true"] {
    background: var(--vw-accent);
    border-color: var(--vw-accent);
    color: var(--text-primary-color, #fff);
  }
  @media (max-width: 480px) {
    ha-card {
      padding: 12px;
    }
    .grid {
      grid-template-columns: repeat(2, 1fr);
    }
  }
`;

export const editorStyles = css`
  .editor {
    display: flex;
    flex-direction: column;
    gap: 12px;
  }
  label {
    display: flex;
    flex-direction: column;
    gap: 4px;
    font-size: 13px;
    color: var(--secondary-text-color);
  }
  select,
  input {
    font: inherit;
    color: var(--primary-text-color);
    background: var(--input-fill-color, var(--secondary-background-color, transparent));
    border: 1px solid var(--divider-color, #ccc);
    border-radius: 6px;
    padding: 8px;
  }
`;
