"""Rate limits on mutations: token buckets per traveler and per client address.

Each top-level mutation field costs one token, so a replayed queue of ten aliased operations
costs ten. Buckets live in this process (each replica limits on its own; see the README) and
the number of buckets kept is bounded, oldest dropped first.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from graphql import (
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
)
from strawberry.extensions import SchemaExtension

from graphql_api.graphql.statuses import RateLimited
from graphql_api.infra import metrics

MAX_BUCKETS = 100_000


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """Token buckets by key: `rate` tokens a second, holding at most `burst`."""

    def __init__(
        self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def wait_for(self, keys: list[str], cost: int) -> float:
        """Take `cost` tokens from every key's bucket and return 0, or take nothing and return
        the seconds until all of them would have enough."""
        now = self._clock()
        buckets = [self._refilled(key, now) for key in keys]
        short = max((cost - bucket.tokens for bucket in buckets), default=0.0)
        if short > 0:
            return short / self.rate if cost <= self.burst else math.inf
        for bucket in buckets:
            bucket.tokens -= cost
        return 0.0

    def _refilled(self, key: str, now: float) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = _Bucket(self.burst, now)
            self._buckets[key] = bucket
            if len(self._buckets) > MAX_BUCKETS:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
        return bucket


def mutation_fields(document: Any, operation_name: str | None) -> int:
    """Top-level fields of the mutation to run (through fragments), or 0 for a query."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    if len(operations) != 1 or operations[0].operation is not OperationType.MUTATION:
        return 0
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }

    def count(selection_set: SelectionSetNode, seen: frozenset[str]) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += 1
            elif isinstance(selection, InlineFragmentNode):
                total += count(selection.selection_set, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in fragments and name not in seen:
                    total += count(fragments[name].selection_set, seen | {name})
        return total

    return count(operations[0].selection_set, frozenset())


class MutationRateLimit(SchemaExtension):
    """Refuses a mutation with RATE_LIMITED (HTTP 429, Retry-After) when the traveler's or the
    address's bucket lacks a token for each of its top-level fields."""

    limiter: RateLimiter | None = None

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        limiter = self.limiter
        document = context.graphql_document
        if limiter is not None and document is not None and context.result is None:
            cost = mutation_fields(document, context.operation_name)
            if cost:
                self._check(limiter, cost)
        yield

    def _check(self, limiter: RateLimiter, cost: int) -> None:
        request = self.execution_context.context
        keys = [f"address:{getattr(request, 'client_address', None) or '-'}"]
        traveler = getattr(request, "traveler", None)
        if traveler is not None:
            keys.append(f"traveler:{traveler.id}")
        wait = limiter.wait_for(keys, cost)
        if wait == 0:
            return
        if not math.isfinite(wait):
            # More changes than a full bucket holds: waiting would never help.
            message = f"A request may hold at most {int(limiter.burst)} changes; split it"
            error = GraphQLError(message, extensions={"code": "BAD_REQUEST"})
            metrics.RATE_LIMITED.labels("over_burst").inc()
        else:
            retry_after = max(1, math.ceil(wait))
            message = f"Too many changes; retry in {retry_after} s"
            error = GraphQLError(
                message,
                original_error=RateLimited(message, retry_after),
                extensions={"code": "RATE_LIMITED"},
            )
            metrics.RATE_LIMITED.labels("rate").inc()
        # The status (429 with Retry-After, or 400) follows from the code: graphql/statuses.py.
        self.execution_context.result = ExecutionResult(data=None, errors=[error])


def mutation_rate_limit(limiter: RateLimiter | None) -> type[MutationRateLimit]:
    """The extension class for this app's limiter (one class per schema)."""
    return type("ConfiguredMutationRateLimit", (MutationRateLimit,), {"limiter": limiter})
