"""SolisCloud: request signing and a rate-limited, budget-aware API client.

Nothing here imports Home Assistant: the shell injects the aiohttp session, maps the exceptions of
``errors`` to translated messages, reauth flows and repairs, and decides when to call at all.
"""
