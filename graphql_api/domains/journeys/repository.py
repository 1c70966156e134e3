"""Every journey-plan query, always scoped to one traveler, and the stored shape of a plan.

A plan document may carry `applied`: the results of keyed changes whose keys may be unfinished,
written with the change itself (see graphql_api/kernel/applied.py). Reads for display leave it out.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import fields
from datetime import date, datetime
from typing import Any

from bson import ObjectId
from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.errors import DuplicateKeyError

from graphql_api.domains.journeys.models import (
    JourneyPlan,
    PlanContent,
    PlanDetails,
    PlannedItem,
    PlanStatus,
    StatusChange,
)
from graphql_api.infra.mongo import Database
from graphql_api.kernel.applied import Applied, AppliedEntry
from graphql_api.kernel.money import MoneyValue

COLLECTION = "journey_plans"
TOMBSTONES = "journey_plan_tombstones"
WITHOUT_APPLIED = {"applied": 0}


# The stored shape. Plan documents are also what keyed changes record as their results.


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _item_to_doc(item: PlannedItem) -> dict[str, Any]:
    return {
        "service_id": item.service_id,
        "booking_date": _day(item.booking_date),
        "quantity": item.quantity,
        "unit_price": item.unit_price.to_doc(),
    }


def _item_from_doc(doc: dict[str, Any]) -> PlannedItem:
    day = doc.get("booking_date")
    return PlannedItem(
        service_id=doc["service_id"],
        booking_date=date.fromisoformat(day) if day else None,
        quantity=int(doc["quantity"]),
        unit_price=MoneyValue.from_doc(doc["unit_price"]),
    )


def change_to_doc(change: StatusChange) -> dict[str, Any]:
    return {
        "from": change.previous.value if change.previous else None,
        "to": change.status.value,
        "at": change.at,
    }


def _change_from_doc(doc: dict[str, Any]) -> StatusChange:
    previous = doc.get("from")
    return StatusChange(
        PlanStatus(previous) if previous else None, PlanStatus(doc["to"]), doc["at"]
    )


def _details_to_doc(details: PlanDetails) -> dict[str, Any]:
    """The same names as the model, dates as ISO strings."""
    stored = {f.name: getattr(details, f.name) for f in fields(details)}
    return {**stored, "start_date": _day(details.start_date), "end_date": _day(details.end_date)}


def _details_from_doc(doc: dict[str, Any]) -> PlanDetails:
    values: dict[str, Any] = {f.name: doc.get(f.name) for f in fields(PlanDetails)}
    for name in ("start_date", "end_date"):
        values[name] = date.fromisoformat(values[name]) if values[name] else None
    values["travelers_count"] = int(values["travelers_count"])
    return PlanDetails(**values)


def content_to_doc(content: PlanContent) -> dict[str, Any]:
    return {
        **_details_to_doc(content.details),
        "services": [_item_to_doc(item) for item in content.services],
    }


def content_from_doc(doc: dict[str, Any]) -> PlanContent:
    return PlanContent(
        details=_details_from_doc(doc),
        services=tuple(_item_from_doc(s) for s in doc.get("services", [])),
    )


def plan_to_doc(plan: JourneyPlan) -> dict[str, Any]:
    return {
        "_id": plan.id,
        **content_to_doc(plan.content),
        "total_cost": plan.total_cost.to_doc(),
        "status": plan.status.value,
        "status_history": [change_to_doc(change) for change in plan.status_history],
        "version": plan.version,
        "created_at": plan.created_at,
        "updated_at": plan.updated_at,
    }


def plan_from_doc(doc: dict[str, Any]) -> JourneyPlan:
    return JourneyPlan(
        id=doc["_id"],
        content=content_from_doc(doc),
        total_cost=MoneyValue.from_doc(doc["total_cost"]),
        status=PlanStatus(doc["status"]),
        status_history=tuple(_change_from_doc(c) for c in doc["status_history"]),
        version=int(doc["version"]),
        created_at=doc["created_at"],
        updated_at=doc["updated_at"],
    )


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

    async def insert(self, plan: JourneyPlan) -> bool:
        """Insert a new plan; False when a plan with that id already exists."""
        try:
            await self._plans.insert_one({**plan_to_doc(plan), "traveler_id": self._traveler_id})
        except DuplicateKeyError:
            return False
        return True

    async def get(self, plan_id: ObjectId) -> JourneyPlan | None:
        doc = await self._plans.find_one(self._mine(_id=plan_id), WITHOUT_APPLIED)
        return plan_from_doc(doc) if doc is not None else None

    async def get_applied(self, plan_id: ObjectId) -> tuple[JourneyPlan, Applied] | None:
        """The plan and the record of keyed changes applied to it."""
        doc = await self._plans.find_one(self._mine(_id=plan_id))
        if doc is None:
            return None
        applied = tuple(AppliedEntry.from_doc(entry) for entry in doc.pop("applied", []))
        return plan_from_doc(doc), applied

    async def page(
        self,
        statuses: Sequence[str] | None,
        after: tuple[datetime, ObjectId] | None,
        limit: int,
        updated_since: datetime | None = None,
    ) -> list[JourneyPlan]:
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
        return [plan_from_doc(doc) for doc in await cursor.limit(limit).to_list(None)]

    async def changed_after(
        self, after: tuple[datetime, ObjectId] | None, limit: int
    ) -> list[JourneyPlan]:
        """Plans in the order they last changed (ties by id), strictly after `after`."""
        match = self._mine()
        if after is not None:
            match["$or"] = _beyond("updated_at", "$gt", after)
        order = [("updated_at", ASCENDING), ("_id", ASCENDING)]
        cursor = self._plans.find(match, WITHOUT_APPLIED).sort(order)
        return [plan_from_doc(doc) for doc in await cursor.limit(limit).to_list(None)]

    async def compare_and_set(
        self,
        before: JourneyPlan,
        after: JourneyPlan,
        applied: Applied | None = None,
    ) -> JourneyPlan | None:
        """Write `after` (its content, cost, status and new history entries; and, from a keyed
        change, its `applied` record) only if the plan is still at `before`'s version and
        status; None otherwise."""
        fields = {
            **content_to_doc(after.content),
            "total_cost": after.total_cost.to_doc(),
            "status": after.status.value,
            "updated_at": after.updated_at,
        }
        if applied is not None:
            fields["applied"] = [entry.to_doc() for entry in applied]
        update: dict[str, Any] = {"$set": fields, "$inc": {"version": 1}}
        added = after.status_history[len(before.status_history) :]
        if added:
            update["$push"] = {"status_history": {"$each": [change_to_doc(c) for c in added]}}
        doc = await self._plans.find_one_and_update(
            self._mine(_id=before.id, version=before.version, status=before.status.value),
            update,
            projection=WITHOUT_APPLIED,
            return_document=ReturnDocument.AFTER,
        )
        return plan_from_doc(doc) if doc is not None else None

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
            # Touched once more after the delete, so a change stream hears of it when the plan
            # is gone (a delete event names no traveler, and the first tombstone write came
            # before the delete): a subscriber woken then reads the plan as deleted.
            await self._tombstones.update_one(
                self._mine(plan_id=plan_id, token=token), {"$set": {"removed_at": now}}
            )
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
