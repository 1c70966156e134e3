"""How the catalog's per-request objects are built from the request's context."""

from __future__ import annotations

from graphql_api.domains.catalog.loaders import ServiceLoader, service_loader
from graphql_api.domains.catalog.repository import ServiceRepository
from graphql_api.domains.catalog.service import CatalogService
from graphql_api.graphql.context import Context


def services_by_id(context: Context) -> ServiceLoader:
    """The request's DataLoader of services by id (one `$in` query per tick)."""
    return service_loader(ServiceRepository(context.db))


def catalog_service(context: Context) -> CatalogService:
    return CatalogService(ServiceRepository(context.db))
