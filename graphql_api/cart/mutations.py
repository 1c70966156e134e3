"""Cart mutations: expected failures come back as typed members of each result union."""

from __future__ import annotations

from typing import cast

import strawberry

from graphql_api.auth import IsAuthenticated
from graphql_api.cart.models import LineChanges
from graphql_api.cart.queries import cart_service
from graphql_api.cart.service import AddRequest
from graphql_api.cart.types import (
    Cart,
    CartClearResult,
    CartClearSuccess,
    CartItem,
    CartItemAddInput,
    CartItemAddResult,
    CartItemAddSuccess,
    CartItemRemoveInput,
    CartItemRemoveResult,
    CartItemRemoveSuccess,
    CartItemUpdateInput,
    CartItemUpdateResult,
    CartItemUpdateSuccess,
    VersionConflictError,
)
from graphql_api.context import Info
from graphql_api.errors import DomainError, Error, VersionConflict, failure_result
from graphql_api.validation import clean_text


def error_result(operation: str, error: DomainError) -> Error:
    specific = None
    if isinstance(error, VersionConflict):
        specific = VersionConflictError(
            code=error.code, message=error.message, current=CartItem.from_model(error.current)
        )
    return failure_result(operation, error, specific)


def _given(value: object) -> bool:
    return value is not None and value is not strawberry.UNSET


def line_changes(data: CartItemUpdateInput) -> LineChanges:
    nulls = tuple(
        name
        for name, value in (
            ("quantity", data.quantity),
            ("participants", data.participants),
            ("bookingDate", data.booking_date),
        )
        if value is None
    )
    requests_sent = data.special_requests is not strawberry.UNSET
    requests = clean_text(data.special_requests) if requests_sent else None
    return LineChanges(
        quantity=data.quantity if _given(data.quantity) else None,
        participants=data.participants if _given(data.participants) else None,
        booking_date=data.booking_date if _given(data.booking_date) else None,
        special_requests=requests,
        clear_special_requests=requests_sent and requests is None,
        null_fields=nulls,
    )


@strawberry.type
class CartMutation:
    @strawberry.mutation(
        description="Add a service on a date to the cart, merging with an existing line.",
        permission_classes=[IsAuthenticated],
    )
    async def cart_item_add(self, info: Info, input: CartItemAddInput) -> CartItemAddResult:
        service = cart_service(info)
        requests_sent = input.special_requests is not strawberry.UNSET
        request = AddRequest(
            service_id=str(input.service_id),
            booking_date=input.booking_date,
            quantity=input.quantity,
            participants=input.participants,
            special_requests=input.special_requests if requests_sent else None,
            replace_special_requests=requests_sent,
            idempotency_key=input.idempotency_key,
        )
        try:
            outcome = await service.add(request)
        except DomainError as error:
            # Each union lists exactly the errors its service can raise.
            return cast(CartItemAddResult, error_result("cartItemAdd", error))
        return CartItemAddSuccess(
            cart_item=CartItem.from_model(outcome.line), cart=Cart.from_state(await service.state())
        )

    @strawberry.mutation(
        description="Change a cart line; fields left out stay as they are.",
        permission_classes=[IsAuthenticated],
    )
    async def cart_item_update(
        self, info: Info, input: CartItemUpdateInput
    ) -> CartItemUpdateResult:
        service = cart_service(info)
        try:
            line = await service.update(str(input.id), line_changes(input), input.expected_version)
        except DomainError as error:
            return cast(CartItemUpdateResult, error_result("cartItemUpdate", error))
        return CartItemUpdateSuccess(
            cart_item=CartItem.from_model(line), cart=Cart.from_state(await service.state())
        )

    @strawberry.mutation(
        description="Remove a cart line; removing a missing line succeeds with removed: false.",
        permission_classes=[IsAuthenticated],
    )
    async def cart_item_remove(
        self, info: Info, input: CartItemRemoveInput
    ) -> CartItemRemoveResult:
        service = cart_service(info)
        removed = await service.remove(str(input.id))
        return CartItemRemoveSuccess(removed=removed, cart=Cart.from_state(await service.state()))

    @strawberry.mutation(
        description="Remove every line of the cart.", permission_classes=[IsAuthenticated]
    )
    async def cart_clear(self, info: Info) -> CartClearResult:
        service = cart_service(info)
        removed = await service.clear()
        return CartClearSuccess(removed_count=removed, cart=Cart.from_state(await service.state()))
