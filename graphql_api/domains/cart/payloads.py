"""Inputs and answers of the cart mutations."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import strawberry

from graphql_api.domains.cart.checkout import CheckoutService
from graphql_api.domains.cart.models import MAX_MERGE_LINES
from graphql_api.domains.cart.service import CartService
from graphql_api.domains.cart.types import Cart, CartItem
from graphql_api.domains.journeys.payloads import PlanDetailsInput
from graphql_api.domains.journeys.types import JourneyPlan
from graphql_api.graphql.errors import Error, result_union
from graphql_api.graphql.limits import list_size

KEY_DESCRIPTION = (
    "1..64 of [A-Za-z0-9_-]; for 24 hours a retry with it applies the change only once and "
    "answers with the first result."
)


@strawberry.input(description="Add a service on a date; merges into an existing line for both.")
class CartItemAddInput:
    service_id: strawberry.ID
    booking_date: date
    quantity: int = 1
    participants: int = 1
    special_requests: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="Trimmed, at most 500 characters; when sent, replaces the text on a merge.",
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="1..64 of [A-Za-z0-9_-]; a retry with it adds only once."
    )


@strawberry.input(description="Change a line; omitted fields stay as they are.")
class CartItemUpdateInput:
    id: strawberry.ID
    quantity: int | None = strawberry.UNSET
    participants: int | None = strawberry.UNSET
    booking_date: date | None = strawberry.UNSET
    special_requests: str | None = strawberry.field(
        default=strawberry.UNSET, description="null or blank clears it."
    )
    expected_version: int | None = strawberry.field(
        default=None, description="When set, the update applies only to this version."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=KEY_DESCRIPTION)


@strawberry.input
class CartItemRemoveInput:
    id: strawberry.ID
    idempotency_key: str | None = strawberry.field(default=None, description=KEY_DESCRIPTION)


@strawberry.input(description="Options of cartClear.")
class CartClearInput:
    idempotency_key: str | None = strawberry.field(default=None, description=KEY_DESCRIPTION)
    expected_revision: int | None = strawberry.field(
        default=None, description="When set, the cart is cleared only at this revision."
    )


@strawberry.input(description="Options of cartAcceptPrices.")
class CartAcceptPricesInput:
    idempotency_key: str | None = strawberry.field(default=None, description=KEY_DESCRIPTION)
    expected_revision: int | None = strawberry.field(
        default=None, description="When set, prices are accepted only at this revision."
    )


@strawberry.type
class CartAcceptPricesSuccess:
    accepted_count: int = strawberry.field(
        description="Lines whose accepted price changed (0: they were current; nothing written)."
    )
    cart: Cart


@strawberry.type
class CartItemAddSuccess:
    cart_item: CartItem
    cart: Cart


@strawberry.type
class CartItemUpdateSuccess:
    cart_item: CartItem
    cart: Cart


@strawberry.type
class CartItemRemoveSuccess:
    removed: bool = strawberry.field(description="False when there was no such line.")
    cart: Cart


@strawberry.type
class CartClearSuccess:
    removed_count: int
    cart: Cart


# Result unions: the success type, then the errors the serving method declares (@raises).
if TYPE_CHECKING:
    CartItemAddResult = CartItemAddSuccess | Error
    CartItemUpdateResult = CartItemUpdateSuccess | Error
    CartItemRemoveResult = CartItemRemoveSuccess | Error
    CartClearResult = CartClearSuccess | Error
    CartAcceptPricesResult = CartAcceptPricesSuccess | Error
else:
    CartItemAddResult = result_union("CartItemAddResult", CartItemAddSuccess, CartService.add)
    CartItemUpdateResult = result_union(
        "CartItemUpdateResult", CartItemUpdateSuccess, CartService.update
    )
    CartItemRemoveResult = result_union(
        "CartItemRemoveResult", CartItemRemoveSuccess, CartService.remove
    )
    CartClearResult = result_union("CartClearResult", CartClearSuccess, CartService.clear)
    CartAcceptPricesResult = result_union(
        "CartAcceptPricesResult", CartAcceptPricesSuccess, CartService.accept_prices
    )


@strawberry.input(description="One line of a guest cart.")
class CartMergeLineInput:
    service_id: strawberry.ID
    booking_date: date
    quantity: int
    participants: int = 1
    special_requests: str | None = None


@strawberry.input(description="A guest cart to bring to the server, at most 50 lines.")
class CartMergeInput:
    items: list[CartMergeLineInput]
    idempotency_key: str | None = strawberry.field(
        default=None, description="1..64 of [A-Za-z0-9_-]; a retry returns the first result."
    )


@strawberry.type(description="A guest line that was not merged, and why.")
class CartMergeSkip:
    index: int = strawberry.field(description="Position of the line in `items`.")
    error: Error


@strawberry.type
class CartMergeSuccess:
    cart: Cart
    merged: int = strawberry.field(description="Lines merged (added, raised or already there).")
    skipped: list[CartMergeSkip] = strawberry.field(metadata=list_size(MAX_MERGE_LINES))


@strawberry.input(description="Turn the cart into a DRAFT journey plan with these details.")
class CartCheckoutInput(PlanDetailsInput):
    idempotency_key: str = strawberry.field(
        description="Required, 1..64 of [A-Za-z0-9_-]; a retry returns the same plan."
    )


@strawberry.type
class CartCheckoutSuccess:
    journey_plan: JourneyPlan
    cart: Cart


# Result unions: the success type, then the errors the serving method declares (@raises).
if TYPE_CHECKING:
    CartMergeResult = CartMergeSuccess | Error
    CartCheckoutResult = CartCheckoutSuccess | Error
else:
    CartMergeResult = result_union("CartMergeResult", CartMergeSuccess, CartService.merge)
    CartCheckoutResult = result_union(
        "CartCheckoutResult", CartCheckoutSuccess, CheckoutService.checkout
    )
