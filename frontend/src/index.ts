// VoltWise's Lovelace cards, one ES module served by the integration (see dashboard.py). Each card
// is a custom element with a visual editor, listed in the card picker, and suggested there for the
// entities of the device it shows (Home Assistant 2026.6+).
import { VoltWiseAutopilotCard, VoltWiseAutopilotCardEditor, suggestAutopilot } from "./cards/autopilot";
import { VoltWiseInsightCard, VoltWiseInsightCardEditor, suggestInsight } from "./cards/insight";
import { VoltWisePlantCard, VoltWisePlantCardEditor, suggestPlant } from "./cards/plant";
import { VoltWiseSchedulesCard, VoltWiseSchedulesCardEditor, suggestSchedules } from "./cards/schedules";
import { VoltWiseTimelineCard, VoltWiseTimelineCardEditor, suggestTimeline } from "./cards/timeline";
import { registerCard } from "./lib/register";

registerCard({
  type: "voltwise-timeline-card",
  element: VoltWiseTimelineCard,
  editorType: "voltwise-timeline-card-editor",
  editor: VoltWiseTimelineCardEditor,
  name: "VoltWise timeline",
  description:
    "The coming hours as bands: tariff slot, carbon intensity, penalty and threshold, best windows and scheduled runs.",
  getEntitySuggestion: suggestTimeline,
});

registerCard({
  type: "voltwise-plant-card",
  element: VoltWisePlantCard,
  editorType: "voltwise-plant-card-editor",
  editor: VoltWisePlantCardEditor,
  name: "VoltWise plant",
  description: "A Solis plant today (schedule, desired vs applied, override) and its week of daily schedules, editable.",
  getEntitySuggestion: suggestPlant,
});

registerCard({
  type: "voltwise-schedules-card",
  element: VoltWiseSchedulesCard,
  editorType: "voltwise-schedules-card-editor",
  editor: VoltWiseSchedulesCardEditor,
  name: "VoltWise schedules",
  description: "An appliance's upcoming runs: add, edit or cancel once, repeating or best-time-in-a-window schedules.",
  getEntitySuggestion: suggestSchedules,
});

registerCard({
  type: "voltwise-autopilot-card",
  element: VoltWiseAutopilotCard,
  editorType: "voltwise-autopilot-card-editor",
  editor: VoltWiseAutopilotCardEditor,
  name: "VoltWise autopilot",
  description:
    "Grid protection with the grid event in force, the daily strategy, and each delegated appliance: preferred action, protected window, OVERRIDE and resume.",
  getEntitySuggestion: suggestAutopilot,
});

registerCard({
  type: "voltwise-insight-card",
  element: VoltWiseInsightCard,
  editorType: "voltwise-insight-card-editor",
  editor: VoltWiseInsightCardEditor,
  name: "VoltWise insight",
  description: "Today's consumption forecast with its interval against the actual use, efficiency, and open anomalies to acknowledge.",
  getEntitySuggestion: suggestInsight,
});
