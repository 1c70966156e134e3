"""Cart mutations: expected failures come back as typed members of each result union."""

from __future__ import annotations

import strawberry

from graphql_api.domains.cart.checkout import CheckoutRequest
from graphql_api.domains.cart.models import NewLine
from graphql_api.domains.cart.payloads import (
    CartAcceptPricesInput,
    CartAcceptPricesResult,
    CartAcceptPricesSuccess,
    CartCheckoutInput,
    CartCheckoutResult,
    CartCheckoutSuccess,
    CartClearInput,
    CartClearResult,
    CartClearSuccess,
    CartItemAddInput,
    CartItemAddResult,
    CartItemAddSuccess,
    CartItemRemoveInput,
    CartItemRemoveResult,
    CartItemRemoveSuccess,
    CartItemUpdateInput,
    CartItemUpdateResult,
    CartItemUpdateSuccess,
    CartMergeInput,
    CartMergeResult,
    CartMergeSkip,
    CartMergeSuccess,
)
from graphql_api.domains.cart.service import AddRequest, UpdateRequest
from graphql_api.domains.cart.types import Cart, CartItem
from graphql_api.domains.cart.wiring import cart_service, checkout_service
from graphql_api.domains.journeys.types import JourneyPlan
from graphql_api.graphql.auth import IsAuthenticated
from graphql_api.graphql.context import Info
from graphql_api.graphql.errors import error_type, typed_failures


def _given(value: object) -> bool:
    return value is not None and value is not strawberry.UNSET


def update_request(data: CartItemUpdateInput) -> UpdateRequest:
    nulls = tuple(
        name
        for name, value in (
            ("quantity", data.quantity),
            ("participants", data.participants),
            ("booking_date", data.booking_date),
        )
        if value is None
    )
    requests_sent = data.special_requests is not strawberry.UNSET
    return UpdateRequest(
        id=str(data.id),
        quantity=data.quantity if _given(data.quantity) else None,
        participants=data.participants if _given(data.participants) else None,
        booking_date=data.booking_date if _given(data.booking_date) else None,
        special_requests=data.special_requests if requests_sent else None,
        special_requests_sent=requests_sent,
        null_fields=nulls,
        expected_version=data.expected_version,
        idempotency_key=data.idempotency_key,
    )


@strawberry.type
class CartMutation:
    @strawberry.mutation(
        description="Add a service on a date to the cart, merging with an existing line.",
        permission_classes=[IsAuthenticated],
    )
    @typed_failures
    async def cart_item_add(self, info: Info, input: CartItemAddInput) -> CartItemAddResult:
        requests_sent = input.special_requests is not strawberry.UNSET
        line = NewLine(
            str(input.service_id),
            input.booking_date,
            input.quantity,
            input.participants,
            input.special_requests if requests_sent else None,
        )
        request = AddRequest(line, requests_sent, input.idempotency_key)
        outcome = await info.context.service(cart_service).add(request)
        return CartItemAddSuccess(
            cart_item=await CartItem.priced(info, outcome.line),
            cart=Cart.from_model(outcome.cart),
        )

    @strawberry.mutation(
        description="Change a cart line; fields left out stay as they are.",
        permission_classes=[IsAuthenticated],
    )
    @typed_failures
    async def cart_item_update(
        self, info: Info, input: CartItemUpdateInput
    ) -> CartItemUpdateResult:
        outcome = await info.context.service(cart_service).update(update_request(input))
        return CartItemUpdateSuccess(
            cart_item=await CartItem.priced(info, outcome.line),
            cart=Cart.from_model(outcome.cart),
        )

    @strawberry.mutation(
        description="Remove a cart line; removing a missing line succeeds with removed: false.",
        permission_classes=[IsAuthenticated],
    )
    @typed_failures
    async def cart_item_remove(
        self, info: Info, input: CartItemRemoveInput
    ) -> CartItemRemoveResult:
        removed, cart = await info.context.service(cart_service).remove(
            str(input.id), input.idempotency_key
        )
        return CartItemRemoveSuccess(removed=removed, cart=Cart.from_model(cart))

    @strawberry.mutation(
        description="Remove every line of the cart.", permission_classes=[IsAuthenticated]
    )
    @typed_failures
    async def cart_clear(self, info: Info, input: CartClearInput | None = None) -> CartClearResult:
        options = input if input is not None else CartClearInput()
        removed, cart = await info.context.service(cart_service).clear(
            options.idempotency_key, options.expected_revision
        )
        return CartClearSuccess(removed_count=removed, cart=Cart.from_model(cart))

    @strawberry.mutation(
        description=(
            "Accept every line's current price (clears PRICE_CHANGED and CURRENCY_CHANGED) in "
            "one write; with expectedRevision only if the cart is still at it."
        ),
        permission_classes=[IsAuthenticated],
    )
    @typed_failures
    async def cart_accept_prices(
        self, info: Info, input: CartAcceptPricesInput | None = None
    ) -> CartAcceptPricesResult:
        options = input if input is not None else CartAcceptPricesInput()
        accepted, cart = await info.context.service(cart_service).accept_prices(
            options.idempotency_key, options.expected_revision
        )
        return CartAcceptPricesSuccess(accepted_count=accepted, cart=Cart.from_model(cart))

    @strawberry.mutation(
        description=(
            "Bring a guest cart to the server: matching lines take the larger quantity, new "
            "lines are added while there is room, invalid lines are skipped and reported."
        ),
        permission_classes=[IsAuthenticated],
    )
    @typed_failures
    async def cart_merge(self, info: Info, input: CartMergeInput) -> CartMergeResult:
        items = [
            NewLine(
                service_id=str(item.service_id),
                booking_date=item.booking_date,
                quantity=item.quantity,
                participants=item.participants,
                special_requests=item.special_requests,
            )
            for item in input.items
        ]
        outcome = await info.context.service(cart_service).merge(items, input.idempotency_key)
        skipped = [
            # A skipped line is part of a successful merge, not a failed mutation: not logged.
            CartMergeSkip(index=index, error=error_type(error))
            for index, error in outcome.skipped
        ]
        return CartMergeSuccess(
            cart=Cart.from_model(outcome.cart), merged=outcome.merged, skipped=skipped
        )

    @strawberry.mutation(
        description=(
            "Turn the cart into a DRAFT journey plan and empty it in the same write; "
            "a retry with the same key returns the same plan."
        ),
        permission_classes=[IsAuthenticated],
    )
    @typed_failures
    async def cart_checkout(self, info: Info, input: CartCheckoutInput) -> CartCheckoutResult:
        request = CheckoutRequest(input.idempotency_key, input.details())
        plan, cart = await info.context.service(checkout_service).checkout(request)
        return CartCheckoutSuccess(
            journey_plan=JourneyPlan.from_model(plan), cart=Cart.from_model(cart)
        )
