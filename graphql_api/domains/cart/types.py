"""GraphQL types of the cart."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable
from datetime import date, datetime

import strawberry

from graphql_api.domains.cart import models
from graphql_api.domains.cart.models import MAX_LINES, CartLine
from graphql_api.domains.cart.warning_types import CartLineWarning, warnings_for
from graphql_api.domains.catalog.models import Service as CatalogService
from graphql_api.domains.catalog.types import Service
from graphql_api.domains.catalog.warnings import WarningCode
from graphql_api.domains.catalog.wiring import services_by_id
from graphql_api.graphql.common_types import Money
from graphql_api.graphql.context import Info
from graphql_api.graphql.errors import (
    Error,
    error_type,
)
from graphql_api.graphql.limits import list_size
from graphql_api.kernel import clock
from graphql_api.kernel.money import MoneyValue


@strawberry.type(description="One line of a traveler's cart: a service on a date.")
class CartItem:
    """Priced once per cart (one catalog batch for all lines), then plain attributes: no
    resolver per line and field."""

    id: strawberry.ID
    service_id: strawberry.ID
    quantity: int
    booking_date: date
    participants: int
    special_requests: str | None
    version: int = strawberry.field(description="Starts at 1 and grows by 1 on every change.")
    created_at: datetime
    updated_at: datetime
    service: Service | None = strawberry.field(
        description="The catalog service; null when it left the catalog."
    )
    available: bool = strawberry.field(description="True when the service exists and is active.")
    unit_price: Money | None = strawberry.field(
        description="Live catalog price per unit; null when the service is gone."
    )
    subtotal: Money | None = strawberry.field(
        description="unitPrice x quantity; null when the service is gone."
    )
    accepted_unit_price: Money | None = strawberry.field(
        description=(
            "The unit price the traveler accepted (when adding, or with cartAcceptPrices); "
            "PRICE_CHANGED when unitPrice differs."
        )
    )
    warnings: list[CartLineWarning] = strawberry.field(
        description="What to fix or accept before checkout; empty when the line can be booked.",
        metadata=list_size(len(WarningCode)),
    )

    @classmethod
    def from_model(
        cls, line: CartLine, service: CatalogService | None, today: date | None = None
    ) -> CartItem:
        accepted = line.accepted_price
        return cls(
            accepted_unit_price=Money.of(accepted) if accepted is not None else None,
            warnings=warnings_for(*line.terms(), service, today or clock.today()),
            id=strawberry.ID(str(line.id)),
            service_id=strawberry.ID(line.service_id),
            quantity=line.quantity,
            booking_date=line.booking_date,
            participants=line.participants,
            special_requests=line.special_requests,
            version=line.version,
            created_at=line.created_at,
            updated_at=line.updated_at,
            service=Service.from_model(service) if service is not None else None,
            available=service is not None and service.bookable,
            unit_price=Money.of(service.price) if service is not None else None,
            subtotal=Money.of(service.price.times(line.quantity)) if service is not None else None,
        )

    @classmethod
    async def priced(cls, info: Info, line: CartLine) -> CartItem:
        """One line with its catalog service (already cached by the request's loader when the
        service layer looked at it)."""
        return cls.from_model(
            line, await info.context.service(services_by_id).load(line.service_id)
        )


@strawberry.type(description="A traveler's cart, the same on every device.")
class Cart:
    id: strawberry.ID = strawberry.field(
        description="Stable for the traveler, also before the first change."
    )
    item_count: int = strawberry.field(description="Number of lines.")
    total_quantity: int = strawberry.field(description="Sum of the lines' quantities.")
    updated_at: datetime | None = strawberry.field(
        description="Last change; null for a cart that never had an item."
    )
    revision: int = strawberry.field(
        description=(
            "The cart's version: grows by one with every change, and only then; equal "
            "revisions mean identical carts. 0 for a cart never changed."
        )
    )
    expires_at: datetime | None = strawberry.field(
        description=(
            "When the cart goes if nothing changes it (every change renews it: CART_TTL_DAYS "
            "after it); null for a cart never changed, or when carts do not expire."
        )
    )
    lines: strawberry.Private[tuple[CartLine, ...]]

    @classmethod
    def from_model(cls, cart: models.Cart) -> Cart:
        return cls(
            id=strawberry.ID(cart.id),
            item_count=len(cart.lines),
            total_quantity=cart.total_quantity,
            updated_at=cart.updated_at,
            revision=cart.version,
            expires_at=cart.expires_at,
            lines=cart.lines,
        )

    def _services(self, info: Info) -> Awaitable[list[CatalogService | None]]:
        # One batch for every line, shared by `items` and `subtotals` (which run side by side).
        loading: Awaitable[list[CatalogService | None]] | None = self.__dict__.get("_loading")
        if loading is None:
            loading = info.context.service(services_by_id).load_many(
                [line.service_id for line in self.lines]
            )
            self.__dict__["_loading"] = loading
        return loading

    @strawberry.field(description="Lines, oldest first.", metadata=list_size(MAX_LINES))
    async def items(self, info: Info) -> list[CartItem]:
        services = await self._services(info)
        today = clock.today()
        return [
            CartItem.from_model(line, service, today)
            for line, service in zip(self.lines, services, strict=True)
        ]

    @strawberry.field(
        description="Every line's warnings, in line order: empty when the cart can be checked out.",
        metadata=list_size(MAX_LINES * len(WarningCode)),
    )
    async def warnings(self, info: Info) -> list[CartLineWarning]:
        services = await self._services(info)
        today = clock.today()
        return [
            warning
            for line, service in zip(self.lines, services, strict=True)
            for warning in warnings_for(*line.terms(), service, today)
        ]

    @strawberry.field(
        description=(
            "Exact sums of the available lines' subtotals at live prices, one per currency, "
            "sorted by currency code."
        ),
        metadata=list_size(MAX_LINES),  # one currency per line at most
    )
    async def subtotals(self, info: Info) -> list[Money]:
        services = await self._services(info)
        sums: dict[str, int] = defaultdict(int)
        for line, service in zip(self.lines, services, strict=True):
            if service is not None and service.bookable:
                sums[service.price.currency] += service.price.amount_minor * line.quantity
        return [Money.of(MoneyValue(sums[c], c)) for c in sorted(sums)]


@strawberry.type(description="The cart item changed since `expectedVersion`; `current` is it now.")
class VersionConflictError(Error):
    line: strawberry.Private[CartLine]

    @strawberry.field(description="The line as it is now.")
    async def current(self, info: Info) -> CartItem:
        return await CartItem.priced(info, self.line)


@error_type.register
def _(error: models.CartItemVersionConflict) -> VersionConflictError:
    return VersionConflictError(code=error.code, message=error.message, line=error.current)


@strawberry.type(description="The cart changed since `expectedRevision`; `current` is it now.")
class CartRevisionConflictError(Error):
    current: Cart = strawberry.field(description="The cart as it is now.")


@error_type.register
def _(error: models.CartRevisionConflict) -> CartRevisionConflictError:
    return CartRevisionConflictError(
        code=error.code, message=error.message, current=Cart.from_model(error.current)
    )
