"""The per-request context: database, settings, traveler, request id, loaders and services."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import strawberry
from strawberry.fastapi import BaseContext

from graphql_api.app.settings import Settings
from graphql_api.domains.cart.checkout import CheckoutService
from graphql_api.domains.cart.repository import CartRepository
from graphql_api.domains.cart.service import CartService
from graphql_api.domains.catalog.loaders import ServiceLoader, service_loader
from graphql_api.domains.catalog.repository import ServiceRepository
from graphql_api.domains.journeys.repository import JourneyPlanRepository
from graphql_api.domains.journeys.service import JourneyPlanService
from graphql_api.graphql.auth import Traveler
from graphql_api.infra.idempotency import IdempotencyStore
from graphql_api.infra.mongo import Database


@dataclass
class Loaders:
    """DataLoaders built per request so their caches never outlive it."""

    db: Database

    @cached_property
    def service(self) -> ServiceLoader:
        return service_loader(ServiceRepository(self.db))


class Context(BaseContext):
    def __init__(
        self,
        *,
        db: Database,
        settings: Settings,
        traveler: Traveler | None,
        request_id: str,
        client_address: str | None = None,
    ) -> None:
        super().__init__()
        self.db = db
        self.settings = settings
        self.traveler = traveler
        self.request_id = request_id
        self.client_address = client_address
        self.loaders = Loaders(db)

    # Services are built once per request, on first use, for the authenticated traveler.

    @cached_property
    def keys(self) -> IdempotencyStore:
        return IdempotencyStore(self.db, self.require_traveler().id)

    @cached_property
    def cart(self) -> CartService:
        repository = CartRepository(self.db, self.require_traveler().id)
        return CartService(repository, self.keys, self.loaders.service)

    @cached_property
    def plans(self) -> JourneyPlanService:
        repository = JourneyPlanRepository(self.db, self.require_traveler().id)
        return JourneyPlanService(
            repository, self.keys, self.loaders.service, self.settings.default_currency
        )

    @cached_property
    def checkout(self) -> CheckoutService:
        return CheckoutService(self.cart, self.plans)

    def require_traveler(self) -> Traveler:
        """The authenticated traveler; fields using this also carry IsAuthenticated."""
        if self.traveler is None:  # pragma: no cover - IsAuthenticated runs first
            raise RuntimeError("protected field resolved without IsAuthenticated")
        return self.traveler


Info = strawberry.Info[Context, None]
