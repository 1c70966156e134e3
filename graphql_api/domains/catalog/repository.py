"""Every catalog query. The catalog is read-only to the API."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bson import ObjectId

from graphql_api.domains.catalog.models import Category, Location, Service, ServiceFilter
from graphql_api.infra.mongo import Database
from graphql_api.kernel.money import MoneyValue

COLLECTION = "services"


def service_to_doc(service: Service) -> dict[str, Any]:
    return {
        "_id": service.id,
        "name": service.name,
        "category": service.category.value,
        "description": service.description,
        "price": service.price.to_doc(),
        "location": {
            "country": service.location.country,
            "region": service.location.region,
            "district": service.location.district,
            "area": service.location.area,
        },
        "max_participants": service.max_participants,
        "active": service.active,
    }


def service_from_doc(doc: dict[str, Any]) -> Service:
    loc = doc.get("location") or {}
    return Service(
        id=doc["_id"],
        name=doc["name"],
        category=Category(doc["category"]),
        description=doc.get("description", ""),
        price=MoneyValue.from_doc(doc["price"]),
        location=Location(
            country=loc["country"],
            region=loc.get("region"),
            district=loc.get("district"),
            area=loc.get("area"),
        ),
        max_participants=int(doc["max_participants"]),
        active=bool(doc["active"]),
    )


class ServiceRepository:
    """Reads services from the `services` collection."""

    def __init__(self, db: Database) -> None:
        self._services = db[COLLECTION]

    async def get_many(self, ids: Sequence[ObjectId]) -> dict[ObjectId, Service]:
        """Services by id in one `$in` query; missing ids are absent from the result."""
        if not ids:
            return {}
        docs = await self._services.find({"_id": {"$in": list(set(ids))}}).to_list(None)
        return {doc["_id"]: service_from_doc(doc) for doc in docs}

    async def page(
        self, filters: ServiceFilter, after: ObjectId | None, limit: int
    ) -> list[Service]:
        """Up to `limit` services matching `filters`, in id order, after the given id."""
        query: dict[str, object] = {}
        for field in ("country", "region", "district", "area"):
            value = getattr(filters, field)
            if value is not None:
                query[f"location.{field}"] = value
        if filters.category is not None:
            query["category"] = filters.category.value
        if after is not None:
            query["_id"] = {"$gt": after}
        docs = await self._services.find(query).sort("_id", 1).limit(limit).to_list(None)
        return [service_from_doc(doc) for doc in docs]
