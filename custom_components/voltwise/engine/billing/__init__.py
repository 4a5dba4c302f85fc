"""Money: billing cycles, bills with incentives, projections, budgets, prepaid balance, spikes.

Pure like the rest of the engine: every instant (``now`` included) is a parameter and amounts are
plain numbers in the home's currency, unrounded (the shell rounds for display).

- ``cycle``: the meter-reading day and the billing cycle containing an instant.
- ``energy``: energy series and their price against a tariff, per slot kind.
- ``bill``: the settings, the bill's parts, the incentive, a closed bill's status and history.
- ``incentive``: what the incentive compares (stored day-ahead forecasts against actual use).
- ``projection``: the bill projected to the cycle's end (forecast, else the same-hour mean).
- ``budget``: budget used, projected overrun, and alerts once per cycle.
- ``prepaid``: a prepaid balance, its low and exhausted alerts, and when it runs out.
- ``spike``: sustained power above a threshold, alerted once per spike.
"""
