"""Create the collections, with `$jsonSchema` validators where the server enforces them."""

from __future__ import annotations

from typing import Any

from pymongo.errors import CollectionInvalid

from graphql_api.infra.mongo import Mongo

_STRING = {"bsonType": "string"}
_BOOL = {"bsonType": "bool"}
_DATE = {"bsonType": "date"}
_MONEY = {
    "bsonType": "object",
    "required": ["amount_minor", "currency"],
    "properties": {
        "amount_minor": {"bsonType": ["int", "long"], "minimum": 0},
        "currency": {"bsonType": "string", "pattern": "^[A-Z]{3}$"},
    },
}

VALIDATORS: dict[str, dict[str, Any]] = {
    "services": {
        "bsonType": "object",
        "required": ["name", "category", "price", "location", "max_participants", "active"],
        "properties": {
            "name": _STRING,
            "category": {
                "enum": [
                    "ACCOMMODATION",
                    "TOUR",
                    "ACTIVITY",
                    "TRANSPORT",
                    "GUIDE",
                    "DINING",
                    "OTHER",
                ]
            },
            "description": _STRING,
            "price": _MONEY,
            "location": {
                "bsonType": "object",
                "required": ["country"],
                "properties": {"country": _STRING},
            },
            "max_participants": {"bsonType": ["int", "long"], "minimum": 1},
            "active": _BOOL,
        },
    },
    "cart_items": {
        "bsonType": "object",
        "required": ["traveler_id", "created_at"],
        "properties": {"traveler_id": _STRING, "created_at": _DATE},
    },
    "journey_plans": {
        "bsonType": "object",
        "required": ["traveler_id", "created_at"],
        "properties": {"traveler_id": _STRING, "created_at": _DATE},
    },
    "idempotency_keys": {
        "bsonType": "object",
        "required": ["traveler_id", "key", "created_at"],
        "properties": {"traveler_id": _STRING, "key": _STRING, "created_at": _DATE},
    },
}


async def ensure_collection(mongo: Mongo, name: str, schema: dict[str, Any]) -> None:
    """Create `name` if missing and (on a real server) set its validator; safe to repeat."""
    db = mongo.db
    if mongo.embedded:
        # The in-memory store has no validators; the repositories validate regardless.
        if name not in await db.list_collection_names():
            await db.create_collection(name)
        return
    validator = {"$jsonSchema": schema}
    try:
        await db.create_collection(
            name, validator=validator, validationLevel="strict", validationAction="error"
        )
    except CollectionInvalid:
        await db.command({"collMod": name, "validator": validator, "validationLevel": "strict"})


async def apply(mongo: Mongo) -> None:
    for name, schema in VALIDATORS.items():
        await ensure_collection(mongo, name, schema)
