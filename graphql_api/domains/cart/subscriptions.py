"""The cart, pushed: at once, then after every change, from whichever process made it."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from graphql_api.domains.cart.types import Cart
from graphql_api.domains.cart.wiring import cart_service
from graphql_api.graphql.auth import IsAuthenticated
from graphql_api.graphql.context import Info
from graphql_api.graphql.subscriptions import subscribed


@strawberry.type
class CartSubscription:
    @strawberry.subscription(
        description=(
            "The traveler's cart now, at once, then after every change (latest revision wins; "
            "a slow client skips revisions rather than queueing them)."
        ),
        permission_classes=[IsAuthenticated],
    )
    async def cart_changed(self, info: Info) -> AsyncGenerator[Cart, None]:
        service = info.context.service(cart_service)
        with subscribed(info.context, "cart") as signal:
            while True:
                yield Cart.from_model(await service.cart())
                await signal.wait()  # any change, or a gap: the cart is read afresh either way
