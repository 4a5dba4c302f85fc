"""The autopilot's shell around ``engine.autopilot``: triggers, memory store, grid sources.

It turns Home Assistant state into the engine's inputs, decides at every trigger (penalty
transitions, appliance changes, settings, start-up, the decision's own next check), saves the
memory and acts through the control pipeline.
"""
