"""Appliance schedules: the executor, its store, and their services."""
