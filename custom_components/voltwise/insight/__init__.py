"""Insight: a home's consumption forecast, efficiency score, leaderboard and anomalies."""
