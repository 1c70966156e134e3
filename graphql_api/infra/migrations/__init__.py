"""Numbered, idempotent migration steps, recorded in the `migrations` collection when applied."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from graphql_api.infra.migrations import (
    m0001_collections,
    m0002_indexes,
    m0003_sync,
    m0004_cart_documents,
    m0005_persisted_queries,
    m0006_accepted_prices,
    m0007_cart_expiry,
)
from graphql_api.infra.mongo import Mongo

log = logging.getLogger(__name__)

RECORD_COLLECTION = "migrations"


@dataclass(frozen=True, slots=True)
class Migration:
    number: int
    name: str
    apply: Callable[[Mongo], Awaitable[None]]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "collections and validators", m0001_collections.apply),
    Migration(2, "indexes", m0002_indexes.apply),
    Migration(3, "plan sync: updated_at index, tombstones", m0003_sync.apply),
    Migration(4, "one document per cart", m0004_cart_documents.apply),
    Migration(5, "persisted queries with a TTL", m0005_persisted_queries.apply),
    Migration(6, "accepted prices of cart lines", m0006_accepted_prices.apply),
    Migration(7, "cart expiry (TTL index)", m0007_cart_expiry.apply),
)


async def applied_numbers(mongo: Mongo) -> set[int]:
    docs = await mongo.db[RECORD_COLLECTION].find({}, {"_id": 1}).to_list(None)
    return {int(doc["_id"]) for doc in docs}


async def migrate(mongo: Mongo) -> list[int]:
    """Apply pending steps in order; returns the numbers applied now (empty when up to date)."""
    done = await applied_numbers(mongo)
    applied = []
    for step in MIGRATIONS:
        if step.number in done:
            continue
        log.info("applying migration %04d: %s", step.number, step.name)
        await step.apply(mongo)
        # Steps are idempotent, so two instances racing here is harmless.
        await mongo.db[RECORD_COLLECTION].update_one(
            {"_id": step.number},
            {"$setOnInsert": {"name": step.name, "applied_at": datetime.now(UTC)}},
            upsert=True,
        )
        applied.append(step.number)
    return applied
