"""How the cart domain's per-request services are built from the request's context."""

from __future__ import annotations

from graphql_api.domains.cart.checkout import CheckoutService
from graphql_api.domains.cart.repository import CartRepository
from graphql_api.domains.cart.service import CartService
from graphql_api.domains.catalog.wiring import services_by_id
from graphql_api.domains.journeys.wiring import plan_service
from graphql_api.graphql.context import Context


def cart_service(context: Context) -> CartService:
    settings = context.settings
    repository = CartRepository(
        context.db, context.require_traveler().id, ttl_days=settings.cart_ttl_days
    )
    return CartService(
        repository,
        context.keys,
        context.service(services_by_id),
        past_lines_days=settings.cart_past_lines_days,
    )


def checkout_service(context: Context) -> CheckoutService:
    return CheckoutService(context.service(cart_service), context.service(plan_service))
