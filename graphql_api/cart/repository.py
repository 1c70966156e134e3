"""Every cart query, always scoped to one traveler.

`cart_items` holds the traveler's lines (`kind: "line"`) and one head document (`kind: "head"`,
with null service and date, so the unique line index also makes it one per traveler). The head
carries the cart's `updated_at`, its `revision` and the changes in flight (`pending`); one `find`
reads the head and all lines.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from bson import ObjectId
from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from graphql_api.db import Database

COLLECTION = "cart_items"
LINE = "line"
HEAD = "head"
APPLIED_CLAIMS_KEPT = 20


class LineExists(Exception):
    """The traveler already has a line for that service and date."""


class CartRepository:
    """Reads and writes one traveler's cart."""

    def __init__(self, db: Database, traveler_id: str) -> None:
        self._items = db[COLLECTION]
        self._traveler_id = traveler_id

    def _lines(self, **match: Any) -> dict[str, Any]:
        return {"traveler_id": self._traveler_id, "kind": LINE, **match}

    async def load(self) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        """The head (or None) and every line, oldest first, in one query."""
        docs = (
            await self._items.find({"traveler_id": self._traveler_id})
            .sort([("created_at", 1), ("_id", 1)])
            .to_list(None)
        )
        head = next((d for d in docs if d.get("kind") == HEAD), None)
        return head, [d for d in docs if d.get("kind") == LINE]

    async def get_line(self, line_id: ObjectId) -> dict[str, Any] | None:
        return await self._items.find_one(self._lines(_id=line_id))

    async def find_line(self, service_id: str, booking_date: str) -> dict[str, Any] | None:
        return await self._items.find_one(
            self._lines(service_id=service_id, booking_date=booking_date)
        )

    async def count_lines(self) -> int:
        return await self._items.count_documents(self._lines())

    async def increment_line(
        self,
        service_id: str,
        booking_date: str,
        quantity: int,
        max_quantity: int,
        replace: dict[str, Any],
        claim: str | None,
        now: datetime,
    ) -> dict[str, Any] | None:
        """Atomically add `quantity` to an existing line, unless that passes `max_quantity` or
        the idempotency `claim` was already applied to it. Returns the updated line, or None."""
        match = self._lines(
            service_id=service_id,
            booking_date=booking_date,
            quantity={"$lte": max_quantity - quantity},
        )
        update: dict[str, Any] = {
            "$inc": {"quantity": quantity, "version": 1},
            "$set": {**replace, "updated_at": now},
        }
        if claim is not None:
            match["applied_claims"] = {"$ne": claim}
            update["$push"] = {"applied_claims": {"$each": [claim], "$slice": -APPLIED_CLAIMS_KEPT}}
        return await self._items.find_one_and_update(
            match, update, return_document=ReturnDocument.AFTER
        )

    async def insert_line(self, doc: dict[str, Any], claim: str | None) -> bool:
        """Insert a new line; False when one for that service and date appeared meanwhile."""
        stored = {**doc, "traveler_id": self._traveler_id, "kind": LINE}
        stored["applied_claims"] = [claim] if claim is not None else []
        try:
            await self._items.insert_one(stored)
        except DuplicateKeyError:
            return False
        return True

    async def raise_quantity(
        self, service_id: str, booking_date: str, quantity: int, now: datetime
    ) -> dict[str, Any] | None:
        """Set the line's quantity to `quantity` if that is higher; None when no line was raised."""
        return await self._items.find_one_and_update(
            self._lines(
                service_id=service_id, booking_date=booking_date, quantity={"$lt": quantity}
            ),
            {"$set": {"quantity": quantity, "updated_at": now}, "$inc": {"version": 1}},
            return_document=ReturnDocument.AFTER,
        )

    async def take_quantity(
        self, line_id: ObjectId, quantity: int, claim: str, now: datetime
    ) -> bool:
        """Take `quantity` off a line once per `claim` (a re-run takes nothing more)."""
        result = await self._items.update_one(
            self._lines(_id=line_id, applied_claims={"$ne": claim}),
            {
                "$inc": {"quantity": -quantity, "version": 1},
                "$set": {"updated_at": now},
                "$push": {"applied_claims": {"$each": [claim], "$slice": -APPLIED_CLAIMS_KEPT}},
            },
        )
        return result.modified_count == 1

    async def delete_empty_lines(self) -> int:
        result = await self._items.delete_many(self._lines(quantity={"$lte": 0}))
        return result.deleted_count

    async def update_line(
        self, line_id: ObjectId, version: int, changes: dict[str, Any], now: datetime
    ) -> dict[str, Any] | None:
        """Apply `changes` if the line is still at `version`; None when it is not."""
        try:
            return await self._items.find_one_and_update(
                self._lines(_id=line_id, version=version),
                {"$set": {**changes, "updated_at": now}, "$inc": {"version": 1}},
                return_document=ReturnDocument.AFTER,
            )
        except DuplicateKeyError:
            raise LineExists from None

    async def delete_line(self, line_id: ObjectId) -> bool:
        result = await self._items.delete_one(self._lines(_id=line_id))
        return result.deleted_count == 1

    async def delete_lines(self) -> int:
        result = await self._items.delete_many(self._lines())
        return result.deleted_count

    def _head(self) -> dict[str, Any]:
        return {
            "traveler_id": self._traveler_id,
            "kind": HEAD,
            "service_id": None,
            "booking_date": None,
        }

    async def get_head(self) -> dict[str, Any] | None:
        return await self._items.find_one(self._head())

    async def begin_change(self, now: datetime, lease: timedelta) -> str:
        """Announce a change: bump the revision and record it as in flight until `end_change`."""
        token = uuid.uuid4().hex
        update = {
            "$inc": {"revision": 1},
            "$push": {"pending": {"token": token, "until": now + lease}},
            "$setOnInsert": {"created_at": now},
        }
        try:
            await self._items.update_one(self._head(), update, upsert=True)
        except DuplicateKeyError:
            # Two first-ever changes raced to create the head; the other one won, so update it.
            await self._items.update_one(self._head(), update)
        return token

    async def end_change(self, token: str, now: datetime, changed: bool) -> None:
        update: dict[str, Any] = {"$pull": {"pending": {"token": token}}}
        if changed:
            update["$max"] = {"updated_at": now}
        await self._items.update_one(self._head(), update)

    async def drop_expired_changes(self, now: datetime) -> None:
        """Forget in-flight marks of requests that died; their revision bump already happened."""
        await self._items.update_one(
            {**self._head(), "pending.until": {"$lte": now}},
            {"$pull": {"pending": {"until": {"$lte": now}}}},
        )
