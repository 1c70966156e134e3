"""The per-request context: database, settings, traveler, request id, and loaders."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import strawberry
from strawberry.fastapi import BaseContext

from graphql_api.auth import Traveler
from graphql_api.catalog.loaders import ServiceLoader, service_loader
from graphql_api.catalog.repository import ServiceRepository
from graphql_api.db import Database
from graphql_api.settings import Settings


@dataclass
class Loaders:
    """DataLoaders built per request so their caches never outlive it."""

    db: Database

    @cached_property
    def service(self) -> ServiceLoader:
        return service_loader(ServiceRepository(self.db))


class Context(BaseContext):
    def __init__(
        self, *, db: Database, settings: Settings, traveler: Traveler | None, request_id: str
    ) -> None:
        super().__init__()
        self.db = db
        self.settings = settings
        self.traveler = traveler
        self.request_id = request_id
        self.loaders = Loaders(db)

    def require_traveler(self) -> Traveler:
        """The authenticated traveler; fields using this also carry IsAuthenticated."""
        if self.traveler is None:  # pragma: no cover - IsAuthenticated runs first
            raise RuntimeError("protected field resolved without IsAuthenticated")
        return self.traveler


Info = strawberry.Info[Context, None]
