"""Cart lines stored before accepted prices were recorded get today's catalog price as the one
accepted, so PRICE_CHANGED compares against something from now on. Idempotent and safe beside a
running API: only lines without a price change, each cart by a conditional write on its version
(re-read after a lost race), which moves the version on like any other change. A line whose
service is gone keeps none (it warns SERVICE_REMOVED anyway)."""

from __future__ import annotations

from typing import Any

from bson import ObjectId

from graphql_api.infra.mongo import Mongo

ATTEMPTS = 5


async def _prices(mongo: Mongo, service_ids: set[str]) -> dict[str, Any]:
    ids = [ObjectId(i) for i in service_ids if ObjectId.is_valid(i)]
    found = mongo.db["services"].find({"_id": {"$in": ids}}, {"price": 1})
    return {str(doc["_id"]): doc["price"] async for doc in found}


async def _fill(mongo: Mongo, cart: dict[str, Any]) -> None:
    carts = mongo.db["carts"]
    for _ in range(ATTEMPTS):
        missing = {line["service_id"] for line in cart["lines"] if "accepted_price" not in line}
        prices = await _prices(mongo, missing)
        lines = [
            {**line, "accepted_price": prices[line["service_id"]]}
            if "accepted_price" not in line and line["service_id"] in prices
            else line
            for line in cart["lines"]
        ]
        if lines == cart["lines"]:
            return
        written = await carts.update_one(
            {"_id": cart["_id"], "version": cart["version"]},
            {"$set": {"lines": lines}, "$inc": {"version": 1}},
        )
        if written.matched_count == 1:
            return
        fresh = await carts.find_one({"_id": cart["_id"]}, {"lines": 1, "version": 1})
        if fresh is None:
            return
        cart = fresh


async def apply(mongo: Mongo) -> None:
    pending = mongo.db["carts"].find(
        {"lines": {"$elemMatch": {"accepted_price": {"$exists": False}}}},
        {"lines": 1, "version": 1},
    )
    async for cart in pending:
        await _fill(mongo, cart)
