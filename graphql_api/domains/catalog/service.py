"""What the API may do with the catalog: read it. The catalog's owner writes `services`."""

from __future__ import annotations

from bson import ObjectId

from graphql_api.domains.catalog.models import Service, ServiceFilter
from graphql_api.domains.catalog.repository import ServiceRepository


class CatalogService:
    def __init__(self, repository: ServiceRepository) -> None:
        self._repo = repository

    async def page(
        self, filters: ServiceFilter, after: ObjectId | None, limit: int
    ) -> tuple[list[Service], bool]:
        """Up to `limit` services after `after` in id order, and whether more follow."""
        rows = await self._repo.page(filters, after, limit + 1)
        return rows[:limit], len(rows) > limit
