"""What every subscription shares: the per-traveler cap, and the hub signal it waits on."""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager

from graphql import GraphQLError

from graphql_api.graphql.context import Context
from graphql_api.infra.changes import Signal


@contextmanager
def subscribed(context: Context, topic: str) -> Iterator[Signal]:
    """The traveler's signal for `topic`, within SUBSCRIPTIONS_PER_TRAVELER open subscriptions
    (in this process); LIMIT_EXCEEDED beyond."""
    traveler = context.require_traveler()
    limit = context.settings.subscriptions_per_traveler
    if context.changes.count(traveler.id) >= limit:
        raise GraphQLError(
            f"A traveler may hold at most {limit} open subscriptions; close one first",
            extensions={"code": "LIMIT_EXCEEDED", "limit": limit},
        )
    with context.changes.subscribe(topic, traveler.id) as signal:
        yield signal


async def next_change(context: Context, signal: Signal) -> set[str] | None:
    """What `signal.wait()` gives, until the traveler's token expires: then an SSE subscription
    ends with UNAUTHENTICATED (its stream has no socket the server could close). A WebSocket is
    closed with 4403 instead, which clients retry with a fresh token and their subscriptions
    intact, so its subscriptions do not end themselves."""
    remaining = context.require_traveler().expires_at - time.time()
    websocket = context.connection_params is not None
    if websocket or not math.isfinite(remaining):
        return await signal.wait()
    try:
        return await asyncio.wait_for(signal.wait(), max(0.0, remaining))
    except TimeoutError:
        raise GraphQLError(
            "The token has expired; subscribe again with a fresh one",
            extensions={"code": "UNAUTHENTICATED"},
        ) from None
