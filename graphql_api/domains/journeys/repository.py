"""Every journey-plan query, always scoped to one traveler.

A plan document may carry `applied`: the results of keyed changes whose keys may be unfinished,
written with the change itself (see graphql_api/kernel/applied.py). Reads for display leave it out.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bson import ObjectId
from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.errors import DuplicateKeyError

from graphql_api.infra.mongo import Database
from graphql_api.kernel.applied import Applied, AppliedEntry

COLLECTION = "journey_plans"
TOMBSTONES = "journey_plan_tombstones"
WITHOUT_APPLIED = {"applied": 0}


def _beyond(field: str, op: str, position: tuple[datetime, ObjectId]) -> list[dict[str, Any]]:
    """Past `position` in the order (`field`, _id), `op` being "$gt" (ascending) or "$lt"."""
    moment, plan_id = position
    return [{field: {op: moment}}, {field: moment, "_id": {op: plan_id}}]


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
        return await self._plans.find_one(self._mine(_id=plan_id), WITHOUT_APPLIED)

    async def get_applied(self, plan_id: ObjectId) -> tuple[dict[str, Any], Applied] | None:
        """The plan and the record of keyed changes applied to it."""
        doc = await self._plans.find_one(self._mine(_id=plan_id))
        if doc is None:
            return None
        applied = tuple(AppliedEntry.from_doc(entry) for entry in doc.pop("applied", []))
        return doc, applied

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
            match["$or"] = _beyond("created_at", "$lt", after)
        order = [("created_at", DESCENDING), ("_id", DESCENDING)]
        cursor = self._plans.find(match, WITHOUT_APPLIED).sort(order)
        return await cursor.limit(limit).to_list(None)

    async def changed_after(
        self, after: tuple[datetime, ObjectId] | None, limit: int
    ) -> list[dict[str, Any]]:
        """Plans in the order they last changed (ties by id), strictly after `after`."""
        match = self._mine()
        if after is not None:
            match["$or"] = _beyond("updated_at", "$gt", after)
        order = [("updated_at", ASCENDING), ("_id", ASCENDING)]
        cursor = self._plans.find(match, WITHOUT_APPLIED).sort(order)
        return await cursor.limit(limit).to_list(None)

    async def compare_and_set(
        self,
        plan_id: ObjectId,
        version: int,
        status: str,
        changes: dict[str, Any],
        history_entry: dict[str, Any] | None,
        now: datetime,
        applied: Applied | None = None,
    ) -> dict[str, Any] | None:
        """Apply `changes` (and, from a keyed change, its `applied` record) only if the plan is
        still at `version` and `status`; None otherwise."""
        fields = {**changes, "updated_at": now}
        if applied is not None:
            fields["applied"] = [entry.to_doc() for entry in applied]
        update: dict[str, Any] = {"$set": fields, "$inc": {"version": 1}}
        if history_entry is not None:
            update["$push"] = {"status_history": history_entry}
        return await self._plans.find_one_and_update(
            self._mine(_id=plan_id, version=version, status=status),
            update,
            projection=WITHOUT_APPLIED,
            return_document=ReturnDocument.AFTER,
        )

    async def delete(
        self,
        plan_id: ObjectId,
        keep_statuses: Sequence[str],
        now: datetime,
        claim: str | None = None,
    ) -> bool:
        """Delete the plan unless it is in one of `keep_statuses`. The tombstone that tells
        other devices is written first: if the delete is then interrupted, the client's retry
        finishes it, while the other order could lose the tombstone for good. A keyed delete
        leaves its claim on the tombstone, so a re-run knows the deletion was its own."""
        token = uuid.uuid4().hex
        update: dict[str, Any] = {"$set": {"deleted_at": now, "token": token}}
        if claim is not None:
            update["$addToSet"] = {"claims": claim}
        await self._tombstones.update_one(self._mine(plan_id=plan_id), update, upsert=True)
        result = await self._plans.delete_one(
            self._mine(_id=plan_id, status={"$nin": list(keep_statuses)})
        )
        if result.deleted_count == 1:
            return True
        if await self._plans.find_one(self._mine(_id=plan_id), {"_id": 1}) is not None:
            # The plan stays (it moved to a kept status meanwhile): withdraw this tombstone.
            await self._tombstones.delete_one(self._mine(plan_id=plan_id, token=token))
        return False

    async def deleted_by(self, plan_id: ObjectId, claim: str) -> bool:
        """Whether a keyed delete under `claim` took part in deleting the plan."""
        found = await self._tombstones.find_one(
            self._mine(plan_id=plan_id, claims=claim), {"_id": 1}
        )
        return found is not None

    async def deleted_since(self, since: datetime) -> list[ObjectId]:
        docs = (
            await self._tombstones.find(self._mine(deleted_at={"$gte": since}), {"plan_id": 1})
            .sort([("deleted_at", 1), ("plan_id", 1)])
            .to_list(None)
        )
        return [doc["plan_id"] for doc in docs]
