"""Every catalog query. The catalog is read-only to the API."""

from __future__ import annotations

from collections.abc import Sequence

from bson import ObjectId

from graphql_api.domains.catalog.models import Service, ServiceFilter
from graphql_api.infra.mongo import Database

COLLECTION = "services"


class ServiceRepository:
    """Reads services from the `services` collection."""

    def __init__(self, db: Database) -> None:
        self._services = db[COLLECTION]

    async def get_many(self, ids: Sequence[ObjectId]) -> dict[ObjectId, Service]:
        """Services by id in one `$in` query; missing ids are absent from the result."""
        if not ids:
            return {}
        docs = await self._services.find({"_id": {"$in": list(set(ids))}}).to_list(None)
        return {doc["_id"]: Service.from_doc(doc) for doc in docs}

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
        return [Service.from_doc(doc) for doc in docs]
