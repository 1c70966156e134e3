"""Carts expire: a TTL index removes a cart once its `expires_at` (set by every write when
CART_TTL_DAYS is above 0) has passed. A cart without `expires_at` never expires."""

from __future__ import annotations

from pymongo import ASCENDING, IndexModel

from graphql_api.infra.mongo import Mongo


async def apply(mongo: Mongo) -> None:
    await mongo.db["carts"].create_indexes(
        [IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=0, name="cart_expiry")]
    )
