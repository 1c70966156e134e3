"""Optimistic writes: after losing a conditional write, read again and retry, with backoff.

Under heavy contention each round lets one writer through, so the budget covers dozens of
concurrent writers to one document; full jitter keeps the losers of one round from colliding again.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import Final, TypeVar

from graphql_api.kernel.errors import Unavailable

MAX_ATTEMPTS = 40
BACKOFF_BASE_SECONDS = 0.002
BACKOFF_CAP_SECONDS = 0.05

T = TypeVar("T")


class Lost:
    """What an attempt returns when another writer changed the document first."""


LOST: Final = Lost()


async def backoff(attempt: int) -> None:
    """Wait before attempt `attempt + 1`: a random time up to an exponentially growing cap."""
    ceiling = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2**attempt)
    await asyncio.sleep(random.uniform(0, ceiling))


async def optimistically(attempt: Callable[[], Awaitable[T | Lost]], what: str) -> T:
    """Run `attempt` (read, decide, one conditional write) until it does not return LOST; after
    MAX_ATTEMPTS lost races, Unavailable (retryable) naming `what` is changing too fast."""
    for number in range(MAX_ATTEMPTS):
        result = await attempt()
        if not isinstance(result, Lost):
            return result
        await backoff(number)
    raise Unavailable(f"The {what} is changing too fast; retry")
