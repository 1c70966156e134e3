"""What every subscription shares: the per-traveler cap, and the hub signal it waits on."""

from __future__ import annotations

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
