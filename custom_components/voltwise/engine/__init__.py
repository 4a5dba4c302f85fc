"""VoltWise's functional core: pure Python + numpy, no Home Assistant import.

Every function takes what it needs as arguments (the current instant included), so the engine can
be tested exhaustively and benchmarked on its own. The shell around it owns time and side effects.
"""
