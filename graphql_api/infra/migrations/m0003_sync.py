"""Sync support: plans by last change, and tombstones of deleted plans kept for 35 days."""

from __future__ import annotations

from pymongo import ASCENDING, IndexModel

from graphql_api.infra.migrations.m0001_collections import ensure_collection
from graphql_api.infra.mongo import Mongo

# Tombstones must outlive the 30 days clients may rely on; the margin covers TTL sweep delays.
TOMBSTONE_TTL_SECONDS = 35 * 24 * 60 * 60

TOMBSTONE_SCHEMA = {
    "bsonType": "object",
    "required": ["traveler_id", "plan_id", "deleted_at"],
    "properties": {
        "traveler_id": {"bsonType": "string"},
        "plan_id": {"bsonType": "objectId"},
        "deleted_at": {"bsonType": "date"},
    },
}


async def apply(mongo: Mongo) -> None:
    await ensure_collection(mongo, "journey_plan_tombstones", TOMBSTONE_SCHEMA)
    await mongo.db["journey_plans"].create_indexes(
        [
            IndexModel(
                [("traveler_id", ASCENDING), ("updated_at", ASCENDING)], name="traveler_updated"
            )
        ]
    )
    await mongo.db["journey_plan_tombstones"].create_indexes(
        [
            IndexModel(
                [("traveler_id", ASCENDING), ("plan_id", ASCENDING)],
                unique=True,
                name="traveler_plan_unique",
            ),
            IndexModel(
                [("traveler_id", ASCENDING), ("deleted_at", ASCENDING)], name="traveler_deleted"
            ),
            IndexModel(
                [("deleted_at", ASCENDING)],
                expireAfterSeconds=TOMBSTONE_TTL_SECONDS,
                name="deleted_ttl",
            ),
        ]
    )
