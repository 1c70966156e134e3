"""The per-request context: database, settings, traveler, request id, and the request's services.

It names no domain: each domain's wiring module says how its services are built, and a resolver
asks for one with `info.context.service(factory)`, built once per request on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any, TypeVar

import strawberry
from strawberry.fastapi import BaseContext

from graphql_api.app.settings import Settings
from graphql_api.graphql.auth import Traveler
from graphql_api.infra.changes import ChangeHub
from graphql_api.infra.idempotency import IdempotencyStore
from graphql_api.infra.mongo import Database

T = TypeVar("T")


class Context(BaseContext):
    def __init__(
        self,
        *,
        db: Database,
        settings: Settings,
        traveler: Traveler | None,
        request_id: str,
        client_address: str | None = None,
        changes: ChangeHub | None = None,
        over_socket: bool = False,
        streaming: bool = False,
    ) -> None:
        super().__init__()
        self.changes = changes if changes is not None else ChangeHub()
        # A WebSocket's connection_init payload (graphql-transport-ws), set by the protocol.
        self.connection_params: Any = None
        self.db = db
        self.settings = settings
        self.traveler = traveler
        self.request_id = request_id
        self.client_address = client_address
        # How the request came (graphql/transports.py): a WebSocket's operations skip the HTTP
        # edge; a subscription needs a socket or an event stream.
        self.over_socket = over_socket
        self.streaming = streaming
        self._services: dict[Callable[[Context], Any], Any] = {}

    def service(self, factory: Callable[[Context], T]) -> T:
        """What `factory` builds for this request (services, DataLoaders): built on first use,
        so their caches and the traveler they serve never outlive the request."""
        if factory not in self._services:
            self._services[factory] = factory(self)
        built: T = self._services[factory]
        return built

    @cached_property
    def keys(self) -> IdempotencyStore:
        """The traveler's idempotency keys, shared by every domain's keyed writes."""
        return IdempotencyStore(self.db, self.require_traveler().id)

    def require_traveler(self) -> Traveler:
        """The authenticated traveler; fields using this also carry IsAuthenticated."""
        if self.traveler is None:  # pragma: no cover - IsAuthenticated runs first
            raise RuntimeError("protected field resolved without IsAuthenticated")
        return self.traveler


Info = strawberry.Info[Context, None]
