"""Billing: the home's bill so far, its projection and its closed bills (engine: engine/billing)."""
