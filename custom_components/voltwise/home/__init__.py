"""The home: its configuration, settings, live carbon source, and the coordinator of its state."""
