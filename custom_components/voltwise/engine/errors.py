"""Validation errors raised by the engine.

Each error carries a stable ``code`` that the Home Assistant shell maps to a translation key, plus
placeholders for the message, so the engine stays free of any UI text.
"""

from __future__ import annotations


class EngineError(ValueError):
    """Bad input to an engine function, identified by a translation-friendly code."""

    def __init__(self, code: str, **placeholders: str) -> None:
        """Keep the code and placeholders; the message is for logs and tests only."""
        self.code = code
        self.placeholders = placeholders
        details = ", ".join(f"{key}={value}" for key, value in sorted(placeholders.items()))
        super().__init__(f"{code} ({details})" if details else code)
