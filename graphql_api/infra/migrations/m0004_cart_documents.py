"""One document per cart: move `cart_items` (a document per line plus a head) into `carts`.

Idempotent and resumable: each traveler's cart is written with an upsert that only adds lines it
lacks (by line id), so a re-run after a crash half-way gives the same result. `cart_items` is
dropped only after every traveler's lines are verified present in `carts`. Lines the old layout
left at zero or below (deleted by the checkout it was about to finish) are not carried over.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pymongo import ASCENDING, IndexModel

from graphql_api.infra.migrations.m0001_collections import ensure_collection
from graphql_api.infra.mongo import Mongo

OLD = "cart_items"
NEW = "carts"

CART_SCHEMA: dict[str, Any] = {
    "bsonType": "object",
    "required": ["traveler_id", "lines", "version", "created_at", "updated_at"],
    "properties": {
        "traveler_id": {"bsonType": "string"},
        "version": {"bsonType": ["int", "long"], "minimum": 1},
        "created_at": {"bsonType": "date"},
        "updated_at": {"bsonType": "date"},
        "lines": {
            "bsonType": "array",
            "items": {
                "bsonType": "object",
                "required": ["id", "service_id", "booking_date", "quantity", "version"],
                "properties": {
                    "id": {"bsonType": "objectId"},
                    "service_id": {"bsonType": "string"},
                    "booking_date": {"bsonType": "string"},
                    "quantity": {"bsonType": ["int", "long"], "minimum": 1, "maximum": 99},
                    "version": {"bsonType": ["int", "long"], "minimum": 1},
                },
            },
        },
        "applied": {"bsonType": "array"},
    },
}


def _line(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": doc["_id"],
        "service_id": doc["service_id"],
        "booking_date": doc["booking_date"],
        "quantity": doc["quantity"],
        "participants": doc.get("participants", 1),
        "special_requests": doc.get("special_requests"),
        "version": doc.get("version", 1),
        "created_at": doc["created_at"],
        "updated_at": doc.get("updated_at", doc["created_at"]),
    }


async def _old_lines(mongo: Mongo, traveler_id: str) -> list[dict[str, Any]]:
    docs = (
        await mongo.db[OLD]
        .find({"traveler_id": traveler_id, "kind": "line", "quantity": {"$gt": 0}})
        .sort([("created_at", ASCENDING), ("_id", ASCENDING)])
        .to_list(None)
    )
    return [_line(doc) for doc in docs]


async def _move(mongo: Mongo, traveler_id: str) -> None:
    lines = await _old_lines(mongo, traveler_id)
    head = await mongo.db[OLD].find_one({"traveler_id": traveler_id, "kind": "head"})
    carts = mongo.db[NEW]
    now = datetime.now(UTC)
    stamps = [line["updated_at"] for line in lines]
    updated = (head or {}).get("updated_at") or (max(stamps) if stamps else now)
    created = min([line["created_at"] for line in lines], default=updated)
    await carts.update_one(
        {"traveler_id": traveler_id},
        {
            "$setOnInsert": {
                "lines": [],
                "version": max(int((head or {}).get("revision", 0)), 1),
                "created_at": created,
                "updated_at": updated,
                "applied": [],
            }
        },
        upsert=True,
    )
    cart = await carts.find_one({"traveler_id": traveler_id})
    assert cart is not None
    have = {line["id"] for line in cart["lines"]}
    missing = [line for line in lines if line["id"] not in have]
    if missing:
        # Filtered on the ids still absent, so two runs cannot both push the same line.
        await carts.update_one(
            {"traveler_id": traveler_id, "lines.id": {"$nin": [m["id"] for m in missing]}},
            {"$push": {"lines": {"$each": missing}}, "$inc": {"version": 1}},
        )


async def _verified(mongo: Mongo, traveler_id: str) -> bool:
    cart = await mongo.db[NEW].find_one({"traveler_id": traveler_id})
    if cart is None:
        return False
    have = {line["id"] for line in cart["lines"]}
    return all(line["id"] in have for line in await _old_lines(mongo, traveler_id))


async def apply(mongo: Mongo) -> None:
    await ensure_collection(mongo, NEW, CART_SCHEMA)
    await mongo.db[NEW].create_indexes(
        [IndexModel([("traveler_id", ASCENDING)], unique=True, name="traveler_unique")]
    )
    if OLD not in await mongo.db.list_collection_names():
        return
    travelers = await mongo.db[OLD].distinct("traveler_id")
    for traveler_id in travelers:
        await _move(mongo, traveler_id)
    unverified = [t for t in travelers if not await _verified(mongo, t)]
    if unverified:
        raise RuntimeError(
            f"cart migration could not verify {len(unverified)} cart(s); {OLD} is kept, re-run"
        )
    await mongo.db.drop_collection(OLD)
