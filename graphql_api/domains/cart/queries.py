"""Cart queries."""

from __future__ import annotations

import strawberry

from graphql_api.domains.cart.types import Cart
from graphql_api.domains.cart.wiring import cart_service
from graphql_api.graphql.auth import IsAuthenticated
from graphql_api.graphql.context import Info


@strawberry.type
class CartQuery:
    @strawberry.field(
        description="The traveler's cart (empty when nothing was added).",
        permission_classes=[IsAuthenticated],
    )
    async def cart(self, info: Info) -> Cart:
        return Cart.from_model(await info.context.service(cart_service).cart())
