"""Every journey-plan query, always scoped to one traveler."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bson import ObjectId
from pymongo import DESCENDING, ReturnDocument
from pymongo.errors import DuplicateKeyError

from graphql_api.db import Database

COLLECTION = "journey_plans"
TOMBSTONES = "journey_plan_tombstones"


class JourneyPlanRepository:
    """Reads and writes one traveler's journey plans."""

    def __init__(self, db: Database, traveler_id: str) -> None:
        self._plans = db[COLLECTION]
        self._tombstones = db[TOMBSTONES]
        self._traveler_id = traveler_id

    def _mine(self, **match: Any) -> dict[str, Any]:
        return {"traveler_id": self._traveler_id, **match}

    async def insert(self, doc: dict[str, Any]) -> bool:
        """Insert a new plan; False when a plan with that id already exists."""
        try:
            await self._plans.insert_one({**doc, "traveler_id": self._traveler_id})
        except DuplicateKeyError:
            return False
        return True

    async def get(self, plan_id: ObjectId) -> dict[str, Any] | None:
        return await self._plans.find_one(self._mine(_id=plan_id))

    async def page(
        self,
        statuses: Sequence[str] | None,
        after: tuple[datetime, ObjectId] | None,
        limit: int,
        updated_since: datetime | None = None,
    ) -> list[dict[str, Any]]:
        """Plans newest first (ties by id, descending), strictly after the `after` position."""
        match = self._mine()
        if statuses is not None:
            match["status"] = {"$in": list(statuses)}
        if updated_since is not None:
            match["updated_at"] = {"$gte": updated_since}
        if after is not None:
            created_at, plan_id = after
            match["$or"] = [
                {"created_at": {"$lt": created_at}},
                {"created_at": created_at, "_id": {"$lt": plan_id}},
            ]
        cursor = self._plans.find(match).sort([("created_at", DESCENDING), ("_id", DESCENDING)])
        return await cursor.limit(limit).to_list(None)

    async def compare_and_set(
        self,
        plan_id: ObjectId,
        version: int,
        status: str,
        changes: dict[str, Any],
        history_entry: dict[str, Any] | None,
        now: datetime,
    ) -> dict[str, Any] | None:
        """Apply `changes` only if the plan is still at `version` and `status`; None otherwise."""
        update: dict[str, Any] = {
            "$set": {**changes, "updated_at": now},
            "$inc": {"version": 1},
        }
        if history_entry is not None:
            update["$push"] = {"status_history": history_entry}
        return await self._plans.find_one_and_update(
            self._mine(_id=plan_id, version=version, status=status),
            update,
            return_document=ReturnDocument.AFTER,
        )

    async def delete(self, plan_id: ObjectId, keep_statuses: Sequence[str], now: datetime) -> bool:
        """Delete the plan unless it is in one of `keep_statuses`. The tombstone that tells
        other devices is written first: if the delete is then interrupted, the client's retry
        finishes it, while the other order could lose the tombstone for good."""
        token = uuid.uuid4().hex
        await self._tombstones.update_one(
            self._mine(plan_id=plan_id),
            {"$set": {"deleted_at": now, "token": token}},
            upsert=True,
        )
        result = await self._plans.delete_one(
            self._mine(_id=plan_id, status={"$nin": list(keep_statuses)})
        )
        if result.deleted_count == 1:
            return True
        if await self._plans.find_one(self._mine(_id=plan_id), {"_id": 1}) is not None:
            # The plan stays (it moved to a kept status meanwhile): withdraw this tombstone.
            await self._tombstones.delete_one(self._mine(plan_id=plan_id, token=token))
        return False

    async def deleted_since(self, since: datetime) -> list[ObjectId]:
        docs = (
            await self._tombstones.find(self._mine(deleted_at={"$gte": since}), {"plan_id": 1})
            .sort([("deleted_at", 1), ("plan_id", 1)])
            .to_list(None)
        )
        return [doc["plan_id"] for doc in docs]
