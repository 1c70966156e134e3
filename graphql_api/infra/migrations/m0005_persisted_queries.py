"""Automatic persisted queries: documents by hash, dropped 30 days after they were last sent."""

from __future__ import annotations

from pymongo import ASCENDING, IndexModel

from graphql_api.infra.migrations.m0001_collections import ensure_collection
from graphql_api.infra.mongo import Mongo

PERSISTED_TTL_SECONDS = 30 * 24 * 60 * 60

SCHEMA = {
    "bsonType": "object",
    "required": ["query", "stored_at"],
    "properties": {
        "_id": {"bsonType": "string", "pattern": "^[0-9a-f]{64}$"},
        "query": {"bsonType": "string"},
        "stored_at": {"bsonType": "date"},
    },
}


async def apply(mongo: Mongo) -> None:
    await ensure_collection(mongo, "persisted_queries", SCHEMA)
    await mongo.db["persisted_queries"].create_indexes(
        [
            IndexModel(
                [("stored_at", ASCENDING)],
                expireAfterSeconds=PERSISTED_TTL_SECONDS,
                name="stored_ttl",
            )
        ]
    )
