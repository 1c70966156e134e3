"""The cart, pushed: at once, then after every change, from whichever process made it."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from graphql_api.domains.cart.types import Cart
from graphql_api.domains.cart.wiring import cart_service
from graphql_api.graphql.auth import IsAuthenticated
from graphql_api.graphql.context import Info
from graphql_api.graphql.subscriptions import next_change, subscribed


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
        traveler = info.context.require_traveler().id
        with subscribed(info.context, "cart") as signal:
            yield Cart.from_model(await service.cart())
            while True:
                await next_change(
                    info.context, signal
                )  # any change, or a gap: the cart is read afresh either way
                # One read per change for all of this traveler's devices in this process.
                cart = await info.context.changes.shared_read("cart", traveler, service.cart)
                yield Cart.from_model(cart)
