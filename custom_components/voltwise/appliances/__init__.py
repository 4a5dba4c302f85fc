"""Appliances: one control pipeline in front of interchangeable device backends."""
