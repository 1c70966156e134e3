"""Indexes: owner-scoped lookups, the cart line uniqueness, and idempotency-key expiry."""

from __future__ import annotations

from pymongo import ASCENDING, DESCENDING, IndexModel

from graphql_api.infra.mongo import Mongo

IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60

INDEXES: dict[str, list[IndexModel]] = {
    "cart_items": [
        IndexModel(
            [("traveler_id", ASCENDING), ("service_id", ASCENDING), ("booking_date", ASCENDING)],
            unique=True,
            name="traveler_service_date_unique",
        ),
        IndexModel(
            [("traveler_id", ASCENDING), ("created_at", ASCENDING)], name="traveler_created"
        ),
    ],
    "journey_plans": [
        IndexModel(
            [("traveler_id", ASCENDING), ("created_at", DESCENDING)], name="traveler_created_desc"
        ),
        IndexModel([("traveler_id", ASCENDING), ("status", ASCENDING)], name="traveler_status"),
    ],
    "idempotency_keys": [
        IndexModel(
            [("traveler_id", ASCENDING), ("key", ASCENDING)],
            unique=True,
            name="traveler_key_unique",
        ),
        IndexModel(
            [("created_at", ASCENDING)],
            expireAfterSeconds=IDEMPOTENCY_TTL_SECONDS,
            name="created_ttl",
        ),
    ],
    "services": [
        IndexModel(
            [
                ("location.country", ASCENDING),
                ("location.region", ASCENDING),
                ("location.district", ASCENDING),
                ("location.area", ASCENDING),
            ],
            name="location",
        ),
        IndexModel([("category", ASCENDING)], name="category"),
    ],
}


async def apply(mongo: Mongo) -> None:
    for collection, models in INDEXES.items():
        await mongo.db[collection].create_indexes(models)
