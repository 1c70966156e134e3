"""Optimistic writes: after losing a conditional write, read again and retry, with backoff.

Under heavy contention each round lets one writer through, so the budget covers dozens of
concurrent writers to one document; full jitter keeps the losers of one round from colliding again.
"""

from __future__ import annotations

import asyncio
import random

MAX_ATTEMPTS = 40
BACKOFF_BASE_SECONDS = 0.002
BACKOFF_CAP_SECONDS = 0.05


async def backoff(attempt: int) -> None:
    """Wait before attempt `attempt + 1`: a random time up to an exponentially growing cap."""
    ceiling = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2**attempt)
    await asyncio.sleep(random.uniform(0, ceiling))
