// Register a card and its editor with the browser and with Home Assistant's card picker.
import type { CardSuggestion, CustomCardEntry, HomeAssistant } from "./types";

export interface CardRegistration {
  type: string;
  element: CustomElementConstructor;
  editorType?: string;
  editor?: CustomElementConstructor;
  name: string;
  description: string;
  getEntitySuggestion?: (hass: HomeAssistant, entityId: string) => CardSuggestion | null;
}

export function registerCard(card: CardRegistration): void {
  if (card.editor && card.editorType && !customElements.get(card.editorType)) {
    customElements.define(card.editorType, card.editor);
  }
  if (!customElements.get(card.type)) {
    customElements.define(card.type, card.element);
  }
  window.customCards = window.customCards ?? [];
  if (window.customCards.some((entry) => entry.type === card.type)) return;
  const entry: CustomCardEntry = {
    type: card.type,
    name: card.name,
    description: card.description,
    preview: true,
    documentationURL: "https://github.com/voltwise/voltwise#dashboard",
  };
  if (card.getEntitySuggestion) {
    const suggest = card.getEntitySuggestion;
    // Home Assistant 2026.6+ asks this for the card picker's suggestions; older releases ignore it.
    entry.getEntitySuggestion = (hass, entityId) => {
      try {
        return suggest(hass, entityId);
      } catch {
        return null;
      }
    };
  }
  window.customCards.push(entry);
}
