"""Brute-force references the optimised engine is proven against."""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import combinations, pairwise


def contiguous_optimum(
    penalty: Sequence[float], power: Sequence[float], earliest: int, deadline: int
) -> float:
    """Least exactly-summed cost over every contiguous start."""
    steps = len(power)
    return min(
        math.fsum(power[k] * penalty[start + k] for k in range(steps))
        for start in range(earliest, deadline - steps + 1)
    )


def blocks_ok(indices: Sequence[int], min_block: int) -> bool:
    """Every maximal run of consecutive indices is at least ``min_block`` long."""
    run = 1
    for previous, current in pairwise(indices):
        if current == previous + 1:
            run += 1
        else:
            if run < min_block:
                return False
            run = 1
    return run >= min_block


def split_optimum(
    penalty: Sequence[float], power: Sequence[float], earliest: int, deadline: int, min_block: int
) -> float:
    """Least exactly-summed cost over every ordered placement with blocks >= min_block."""
    block = min(min_block, len(power))
    return min(
        math.fsum(p * penalty[i] for p, i in zip(power, chosen, strict=True))
        for chosen in combinations(range(earliest, deadline), len(power))
        if blocks_ok(chosen, block)
    )
