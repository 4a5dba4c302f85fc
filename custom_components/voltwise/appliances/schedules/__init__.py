"""Appliance schedules: the executor (the only one), its store, planning, recovery and services."""
